build-dev/meeting_cache.o: src/meeting_cache.c src/meeting_cache.h \
 src/store.h src/meeting.h
src/meeting_cache.h:
src/store.h:
src/meeting.h:
