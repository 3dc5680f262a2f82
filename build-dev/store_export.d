build-dev/store_export.o: src/store_export.c src/store_int.h src/store.h \
 src/meeting.h src/util.h
src/store_int.h:
src/store.h:
src/meeting.h:
src/util.h:
