build-dev/config.o: src/config.c src/config.h src/diag.h src/util.h
src/config.h:
src/diag.h:
src/util.h:
