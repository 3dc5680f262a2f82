build-dev/admin_export.o: src/admin_export.c src/admin.h src/route.h \
 src/errpage.h src/admin_int.h src/store.h src/meeting.h src/config.h \
 src/diag.h src/export.h src/html_admin.h src/http.h src/server.h \
 src/token.h src/i18n.h src/page.h src/auth.h src/registry.h src/urlenc.h \
 src/util.h
src/admin.h:
src/route.h:
src/errpage.h:
src/admin_int.h:
src/store.h:
src/meeting.h:
src/config.h:
src/diag.h:
src/export.h:
src/html_admin.h:
src/http.h:
src/server.h:
src/token.h:
src/i18n.h:
src/page.h:
src/auth.h:
src/registry.h:
src/urlenc.h:
src/util.h:
