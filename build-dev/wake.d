build-dev/wake.o: src/wake.c src/util.h src/wake.h
src/util.h:
src/wake.h:
