build-dev/multipart.o: src/multipart.c src/multipart.h src/util.h
src/multipart.h:
src/util.h:
