build-dev/jobq.o: src/jobq.c src/jobq.h src/util.h src/wake.h
src/jobq.h:
src/util.h:
src/wake.h:
