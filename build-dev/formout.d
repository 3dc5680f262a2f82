build-dev/formout.o: src/formout.c src/form.h src/diag.h src/formout.h \
 src/tabout_int.h src/csvout.h src/export.h src/tabout.h src/util.h
src/form.h:
src/diag.h:
src/formout.h:
src/tabout_int.h:
src/csvout.h:
src/export.h:
src/tabout.h:
src/util.h:
