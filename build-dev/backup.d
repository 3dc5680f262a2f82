build-dev/backup.o: src/backup.c src/backup.h
src/backup.h:
