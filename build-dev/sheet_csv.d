build-dev/sheet_csv.o: src/sheet_csv.c src/sheet.h src/diag.h src/util.h
src/sheet.h:
src/diag.h:
src/util.h:
