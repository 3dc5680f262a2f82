build-dev/code.o: src/code.c src/code.h
src/code.h:
