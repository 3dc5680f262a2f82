/*
 * fuzz_form.c - libFuzzer target for the form loader and the expression
 * parser and evaluator.  Not built by default; from the top of the tree:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -D_POSIX_C_SOURCE=200809L \
 *       -D_DEFAULT_SOURCE -Isrc tests/fuzz/fuzz_form.c src/form.c src/expr.c \
 *       src/diag.c -lcsv -lsodium -lm -o build-fuzz/fuzz_form
 *   build-fuzz/fuzz_form -max_len=4096 tests/forms/valid tests/forms/invalid forms
 *
 * The input is read both as a definition (fed to libcsv in chunks whose
 * size depends on the input) and as an expression.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *
fuzz_lookup(const char *name, void *arg)
{
	(void)arg;
	return name ? name : "1 2";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	struct form *f;
	struct expr *e;
	char err[128], *s;
	int pos;

	diag_init(&d);
	f = form_parse_chunked("fuzz.csv", (const char *)data, size,
	    size % 7 + 1, &d);
	form_free(f);
	diag_release(&d);

	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	e = expr_parse(s, err, sizeof(err), &pos);
	if (e != NULL)
		(void)expr_eval_bool(e, fuzz_lookup, NULL);
	expr_free(e);
	free(s);
	return 0;
}
