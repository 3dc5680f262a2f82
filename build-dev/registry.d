build-dev/registry.o: src/registry.c src/form.h src/diag.h src/registry.h \
 src/store.h src/meeting.h src/util.h
src/form.h:
src/diag.h:
src/registry.h:
src/store.h:
src/meeting.h:
src/util.h:
