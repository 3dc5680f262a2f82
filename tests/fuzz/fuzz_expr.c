/*
 * fuzz_expr.c - libFuzzer harness for the expression parser and evaluator
 * (expr_parse, expr_eval_bool and the walkers the loader uses).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const answers[] = {
	"", "oui", "3", "-2.5", "a b c", "visiter preparer", "1e308", "é",
};

static const char *
lookup(const char *name, void *arg)
{
	size_t h = (size_t)(uintptr_t)arg;

	if (name != NULL)
		for (; *name != '\0'; name++)
			h = h * 31 + (unsigned char)*name;
	return answers[h % (sizeof(answers) / sizeof(answers[0]))];
}

static void
ref(const char *name, void *arg)
{
	(void)arg;
	if (name == NULL || strlen(name) > 1000000)
		abort();
}

static void
lit(const char *name, const char *literal, void *arg)
{
	(void)name;
	(void)arg;
	if (literal == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *src = malloc(size + 1);
	char err[256];
	int pos = 0;
	struct expr *e;

	if (src == NULL)
		return 0;
	memcpy(src, data, size);
	src[size] = '\0';
	e = expr_parse(src, err, sizeof(err), &pos);
	if (e != NULL) {
		expr_refs(e, ref, NULL);
		expr_literals(e, lit, NULL);
		(void)expr_uses_dot(e);
		for (uintptr_t k = 0; k < 3; k++)
			(void)expr_eval_bool(e, lookup, (void *)k);
		expr_free(e);
	} else if (pos < 0 || (size_t)pos > size + 1 || err[0] == '\0') {
		abort();   /* a failure must say where and why */
	}
	free(src);
	return 0;
}
