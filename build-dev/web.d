build-dev/web.o: src/web.c src/admin.h src/route.h src/errpage.h \
 src/auth.h src/config.h src/diag.h src/http.h src/server.h src/token.h \
 src/multipart.h src/page.h src/html_admin.h src/store.h src/meeting.h \
 src/public.h src/urlenc.h src/util.h src/web.h
src/admin.h:
src/route.h:
src/errpage.h:
src/auth.h:
src/config.h:
src/diag.h:
src/http.h:
src/server.h:
src/token.h:
src/multipart.h:
src/page.h:
src/html_admin.h:
src/store.h:
src/meeting.h:
src/public.h:
src/urlenc.h:
src/util.h:
src/web.h:
