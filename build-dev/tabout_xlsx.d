build-dev/tabout_xlsx.o: src/tabout_xlsx.c src/i18n.h src/tabout_int.h \
 src/csvout.h src/export.h src/tabout.h src/util.h
src/i18n.h:
src/tabout_int.h:
src/csvout.h:
src/export.h:
src/tabout.h:
src/util.h:
