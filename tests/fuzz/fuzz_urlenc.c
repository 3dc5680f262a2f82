/*
 * fuzz_urlenc.c - libFuzzer harness for the urlencoded body parser: it
 * never crashes, and whatever it accepts is NUL-free valid UTF-8 within
 * the limits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "urlenc.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FIELDS 50
#define MAX_VALUE 300

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct urlenc u;
	enum urlenc_status st;

	st = urlenc_parse(&u, (const char *)data, size, MAX_FIELDS, MAX_VALUE);
	if (st == URLENC_OK) {
		if (u.n > MAX_FIELDS)
			abort();
		for (size_t i = 0; i < u.n; i++) {
			const char *k = u.pairs[i].key, *v = u.pairs[i].value;

			if (strlen(v) > MAX_VALUE || strlen(k) > size ||
			    !utf8_valid(k, strlen(k), NULL) ||
			    !utf8_valid(v, strlen(v), NULL))
				abort();
			if (urlenc_get(&u, k) == NULL)
				abort();
		}
	}
	if (urlenc_strerror(st) == NULL)
		abort();
	urlenc_release(&u);
	return 0;
}
