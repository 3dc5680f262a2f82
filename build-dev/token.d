build-dev/token.o: src/token.c src/token.h
src/token.h:
