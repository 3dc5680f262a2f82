build-dev/form.o: src/form.c src/expr.h src/form.h src/diag.h src/i18n.h \
 src/sheet.h src/util.h
src/expr.h:
src/form.h:
src/diag.h:
src/i18n.h:
src/sheet.h:
src/util.h:
