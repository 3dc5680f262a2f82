build-dev/errpage.o: src/errpage.c src/errpage.h src/i18n.h
src/errpage.h:
src/i18n.h:
