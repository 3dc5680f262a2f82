build-dev/cli_forms.o: src/cli_forms.c src/cli.h src/cli_out.h \
 src/export.h src/diag.h src/form.h src/formout.h src/i18n.h src/tabout.h \
 src/util.h
src/cli.h:
src/cli_out.h:
src/export.h:
src/diag.h:
src/form.h:
src/formout.h:
src/i18n.h:
src/tabout.h:
src/util.h:
