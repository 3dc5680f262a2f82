build-dev/cli_backup.o: src/cli_backup.c src/backup.h src/cli.h
src/backup.h:
src/cli.h:
