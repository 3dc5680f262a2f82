build-dev/connlimit.o: src/connlimit.c src/config.h src/diag.h \
 src/connlimit.h src/util.h
src/config.h:
src/diag.h:
src/connlimit.h:
src/util.h:
