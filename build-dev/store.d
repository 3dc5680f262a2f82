build-dev/store.o: src/store.c src/form.h src/diag.h src/store_int.h \
 src/store.h src/meeting.h src/util.h
src/form.h:
src/diag.h:
src/store_int.h:
src/store.h:
src/meeting.h:
src/util.h:
