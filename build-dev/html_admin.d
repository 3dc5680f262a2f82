build-dev/html_admin.o: src/html_admin.c src/diag.h src/form.h src/html.h \
 src/html_admin.h src/meeting.h src/qr.h src/results.h src/store.h
src/diag.h:
src/form.h:
src/html.h:
src/html_admin.h:
src/meeting.h:
src/qr.h:
src/results.h:
src/store.h:
