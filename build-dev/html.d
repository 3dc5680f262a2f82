build-dev/html.o: src/html.c src/answers.h src/form.h src/diag.h \
 src/store.h src/meeting.h src/html.h src/util.h
src/answers.h:
src/form.h:
src/diag.h:
src/store.h:
src/meeting.h:
src/html.h:
src/util.h:
