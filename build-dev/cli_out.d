build-dev/cli_out.o: src/cli_out.c src/cli_out.h src/export.h src/util.h
src/cli_out.h:
src/export.h:
src/util.h:
