build-dev/sheet_ods.o: src/sheet_ods.c src/i18n.h src/sheet.h src/diag.h \
 src/sheet_zip.h src/util.h
src/i18n.h:
src/sheet.h:
src/diag.h:
src/sheet_zip.h:
src/util.h:
