build-dev/expr.o: src/expr.c src/expr.h src/i18n.h src/util.h
src/expr.h:
src/i18n.h:
src/util.h:
