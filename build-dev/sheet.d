build-dev/sheet.o: src/sheet.c src/i18n.h src/sheet.h src/diag.h \
 src/sheet_zip.h src/util.h
src/i18n.h:
src/sheet.h:
src/diag.h:
src/sheet_zip.h:
src/util.h:
