build-dev/pool.o: src/pool.c src/jobq.h src/pool.h src/store.h \
 src/meeting.h src/util.h
src/jobq.h:
src/pool.h:
src/store.h:
src/meeting.h:
src/util.h:
