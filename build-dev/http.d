build-dev/http.o: src/http.c src/auth.h src/config.h src/diag.h \
 src/connlimit.h src/errpage.h src/html.h src/http.h src/server.h \
 src/token.h src/i18n.h src/meeting_cache.h src/store.h src/meeting.h \
 src/urlenc.h src/util.h src/wake.h
src/auth.h:
src/config.h:
src/diag.h:
src/connlimit.h:
src/errpage.h:
src/html.h:
src/http.h:
src/server.h:
src/token.h:
src/i18n.h:
src/meeting_cache.h:
src/store.h:
src/meeting.h:
src/urlenc.h:
src/util.h:
src/wake.h:
