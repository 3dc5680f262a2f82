build-dev/recueil.o: src/recueil.c src/cli.h src/util.h
src/cli.h:
src/util.h:
