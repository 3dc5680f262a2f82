build-dev/writer.o: src/writer.c src/jobq.h src/util.h src/writer.h \
 src/store.h src/meeting.h
src/jobq.h:
src/util.h:
src/writer.h:
src/store.h:
src/meeting.h:
