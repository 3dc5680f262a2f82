build-dev/store_results.o: src/store_results.c src/store_int.h \
 src/store.h src/meeting.h
src/store_int.h:
src/store.h:
src/meeting.h:
