build-dev/util.o: src/util.c src/config.h src/diag.h src/util.h
src/config.h:
src/diag.h:
src/util.h:
