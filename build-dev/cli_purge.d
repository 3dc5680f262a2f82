build-dev/cli_purge.o: src/cli_purge.c src/cli.h src/store.h \
 src/meeting.h src/util.h
src/cli.h:
src/store.h:
src/meeting.h:
src/util.h:
