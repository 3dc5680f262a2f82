build-dev/export.o: src/export.c src/code.h src/csvout.h src/export.h \
 src/form.h src/diag.h src/registry.h src/store.h src/meeting.h \
 src/util.h
src/code.h:
src/csvout.h:
src/export.h:
src/form.h:
src/diag.h:
src/registry.h:
src/store.h:
src/meeting.h:
src/util.h:
