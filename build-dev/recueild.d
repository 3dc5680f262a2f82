build-dev/recueild.o: src/recueild.c src/config.h src/diag.h src/form.h \
 src/html.h src/html_cache.h src/http.h src/errpage.h src/server.h \
 src/token.h src/meeting.h src/registry.h src/store.h src/util.h \
 src/web.h src/route.h src/writer.h src/jobq.h
src/config.h:
src/diag.h:
src/form.h:
src/html.h:
src/html_cache.h:
src/http.h:
src/errpage.h:
src/server.h:
src/token.h:
src/meeting.h:
src/registry.h:
src/store.h:
src/util.h:
src/web.h:
src/route.h:
src/writer.h:
src/jobq.h:
