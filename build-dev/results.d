build-dev/results.o: src/results.c src/form.h src/diag.h src/results.h \
 src/util.h
src/form.h:
src/diag.h:
src/results.h:
src/util.h:
