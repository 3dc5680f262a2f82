build-dev/cli_user.o: src/cli_user.c src/auth.h src/cli.h src/store.h \
 src/meeting.h src/util.h
src/auth.h:
src/cli.h:
src/store.h:
src/meeting.h:
src/util.h:
