build-dev/sheet_xlsx.o: src/sheet_xlsx.c src/i18n.h src/sheet.h \
 src/diag.h src/sheet_zip.h src/util.h
src/i18n.h:
src/sheet.h:
src/diag.h:
src/sheet_zip.h:
src/util.h:
