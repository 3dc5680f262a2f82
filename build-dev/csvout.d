build-dev/csvout.o: src/csvout.c src/csvout.h src/export.h src/util.h
src/csvout.h:
src/export.h:
src/util.h:
