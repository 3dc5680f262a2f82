/*
 * fuzz_multipart.c - libFuzzer harness for the multipart/form-data parser
 * of the form upload.  The input's first line is the Content-Type (so the
 * boundary parameter is fuzzed too), the rest is the body.  The parser
 * never crashes or reads outside the body, and whatever it accepts has at
 * most MAX_PARTS named parts lying inside the body.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARTS 8

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size < 128 ? size : 128);
	size_t ct_len = nl != NULL ? (size_t)(nl - data) : 0;
	char *ct = malloc(ct_len + 1);
	char *body;
	size_t len = nl != NULL ? size - ct_len - 1 : size;
	struct multipart mp;

	if (ct == NULL)
		return 0;
	memcpy(ct, data, ct_len);
	ct[ct_len] = '\0';
	/* An exact copy: ASan sees any read past the end of the body. */
	if ((body = malloc(len ? len : 1)) == NULL) {
		free(ct);
		return 0;
	}
	memcpy(body, nl != NULL ? nl + 1 : data, len);
	if (multipart_parse(&mp, nl != NULL ? ct :
	    "multipart/form-data; boundary=XyZ", body, len, MAX_PARTS) == 0) {
		if (mp.n == 0 || mp.n > MAX_PARTS)
			abort();
		for (size_t i = 0; i < mp.n; i++) {
			const struct multipart_part *p = &mp.parts[i];

			if (p->name == NULL || p->data < body ||
			    p->data + p->len > body + len)
				abort();
			if (multipart_get(&mp, p->name) == NULL)
				abort();
		}
	}
	multipart_release(&mp);
	free(body);
	free(ct);
	return 0;
}
