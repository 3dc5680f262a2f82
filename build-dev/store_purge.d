build-dev/store_purge.o: src/store_purge.c src/store_int.h src/store.h \
 src/meeting.h
src/store_int.h:
src/store.h:
src/meeting.h:
