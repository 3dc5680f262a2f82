build-dev/html_cache.o: src/html_cache.c src/form.h src/diag.h src/html.h \
 src/html_cache.h src/store.h src/meeting.h src/token.h src/util.h
src/form.h:
src/diag.h:
src/html.h:
src/html_cache.h:
src/store.h:
src/meeting.h:
src/token.h:
src/util.h:
