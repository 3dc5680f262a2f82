build-dev/answers.o: src/answers.c src/answers.h src/form.h src/diag.h \
 src/store.h src/meeting.h src/expr.h src/urlenc.h src/util.h
src/answers.h:
src/form.h:
src/diag.h:
src/store.h:
src/meeting.h:
src/expr.h:
src/urlenc.h:
src/util.h:
