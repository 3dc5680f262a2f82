build-dev/cli_meeting.o: src/cli_meeting.c src/cli.h src/code.h \
 src/diag.h src/form.h src/meeting.h src/store.h src/util.h
src/cli.h:
src/code.h:
src/diag.h:
src/form.h:
src/meeting.h:
src/store.h:
src/util.h:
