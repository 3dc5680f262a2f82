build-dev/meeting.o: src/meeting.c src/code.h src/i18n.h src/meeting.h \
 src/store.h src/util.h
src/code.h:
src/i18n.h:
src/meeting.h:
src/store.h:
src/util.h:
