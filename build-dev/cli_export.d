build-dev/cli_export.o: src/cli_export.c src/cli.h src/diag.h \
 src/export.h src/registry.h src/store.h src/meeting.h src/util.h
src/cli.h:
src/diag.h:
src/export.h:
src/registry.h:
src/store.h:
src/meeting.h:
src/util.h:
