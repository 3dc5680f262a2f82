build-dev/public.o: src/public.c src/answers.h src/form.h src/diag.h \
 src/store.h src/meeting.h src/code.h src/config.h src/html.h \
 src/html_cache.h src/http.h src/errpage.h src/server.h src/token.h \
 src/i18n.h src/meeting_cache.h src/page.h src/auth.h src/html_admin.h \
 src/public.h src/route.h src/registry.h src/urlenc.h src/util.h \
 src/writer.h src/jobq.h
src/answers.h:
src/form.h:
src/diag.h:
src/store.h:
src/meeting.h:
src/code.h:
src/config.h:
src/html.h:
src/html_cache.h:
src/http.h:
src/errpage.h:
src/server.h:
src/token.h:
src/i18n.h:
src/meeting_cache.h:
src/page.h:
src/auth.h:
src/html_admin.h:
src/public.h:
src/route.h:
src/registry.h:
src/urlenc.h:
src/util.h:
src/writer.h:
src/jobq.h:
