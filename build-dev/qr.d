build-dev/qr.o: src/qr.c src/html.h src/qr.h src/util.h
src/html.h:
src/qr.h:
src/util.h:
