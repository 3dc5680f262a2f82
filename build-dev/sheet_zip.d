build-dev/sheet_zip.o: src/sheet_zip.c src/i18n.h src/sheet_zip.h \
 src/diag.h src/util.h
src/i18n.h:
src/sheet_zip.h:
src/diag.h:
src/util.h:
