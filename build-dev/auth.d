build-dev/auth.o: src/auth.c src/auth.h
src/auth.h:
