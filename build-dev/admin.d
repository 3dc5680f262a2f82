build-dev/admin.o: src/admin.c src/admin.h src/route.h src/errpage.h \
 src/admin_int.h src/store.h src/meeting.h src/auth.h src/code.h \
 src/config.h src/diag.h src/form.h src/html_admin.h src/i18n.h \
 src/http.h src/server.h src/token.h src/multipart.h src/page.h \
 src/pool.h src/jobq.h src/qr.h src/registry.h src/results.h src/urlenc.h \
 src/util.h
src/admin.h:
src/route.h:
src/errpage.h:
src/admin_int.h:
src/store.h:
src/meeting.h:
src/auth.h:
src/code.h:
src/config.h:
src/diag.h:
src/form.h:
src/html_admin.h:
src/i18n.h:
src/http.h:
src/server.h:
src/token.h:
src/multipart.h:
src/page.h:
src/pool.h:
src/jobq.h:
src/qr.h:
src/registry.h:
src/results.h:
src/urlenc.h:
src/util.h:
