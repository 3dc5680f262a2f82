build-dev/route.o: src/route.c src/route.h src/errpage.h
src/route.h:
src/errpage.h:
