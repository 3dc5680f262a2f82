build-dev/store_user.o: src/store_user.c src/store_int.h src/store.h \
 src/meeting.h src/util.h
src/store_int.h:
src/store.h:
src/meeting.h:
src/util.h:
