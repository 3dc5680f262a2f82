/*
 * fuzz_form.c - libFuzzer harness for the form loader (form_parse): any
 * bytes must give a form or diagnostics, never a crash, a leak or
 * undefined behaviour; and the result must not depend on how the input
 * is split into chunks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d1, d2;
	struct form *a, *b;
	size_t chunk = size > 0 ? (size_t)data[0] % 13 + 1 : 1;

	diag_init(&d1);
	diag_init(&d2);
	a = form_parse("fuzz.csv", (const char *)data, size, &d1);
	b = form_parse_chunked("fuzz.csv", (const char *)data, size, chunk, &d2);
	if ((a == NULL) != (b == NULL) || d1.n != d2.n)
		abort();   /* the chunking changed the result */
	form_free(a);
	form_free(b);
	diag_release(&d1);
	diag_release(&d2);
	return 0;
}
