build-dev/urlenc.o: src/urlenc.c src/urlenc.h src/util.h
src/urlenc.h:
src/util.h:
