/*
 * test_code.c - public meeting codes: alphabet, randomness, and the
 * case-insensitive, forgiving normalisation of typed codes.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <sodium.h>
#include <string.h>

#include "code.h"

static const char alphabet[] = "ACDEFGHJKMNPQRTUVWXY34679";

static void
init(void)
{
	cr_assert_geq(sodium_init(), 0);
}

Test(code, fresh_codes_use_the_alphabet, .init = init)
{
	char c[CODE_LEN + 1];
	int seen[256] = { 0 };

	for (int i = 0; i < 2000; i++) {
		code_new(c);
		cr_assert_eq(strlen(c), CODE_LEN);
		for (int k = 0; k < CODE_LEN; k++) {
			cr_assert_not_null(strchr(alphabet, c[k]), "%s", c);
			seen[(unsigned char)c[k]]++;
		}
	}
	/* Every symbol is drawn (2000 * 7 draws of 25 symbols). */
	for (const char *a = alphabet; *a; a++)
		cr_assert_gt(seen[(unsigned char)*a], 0, "%c never drawn", *a);
}

Test(code, at_least_30_bits, .init = init)
{
	double bits = CODE_LEN * log2((double)(sizeof(alphabet) - 1));

	cr_assert_geq(bits, 30.0, "%.1f bits", bits);
}

Test(code, alphabet_has_no_look_alikes)
{
	for (const char *p = "01258BILOSZ"; *p; p++)
		cr_assert_null(strchr(alphabet, *p), "%c", *p);
}

Test(code, fresh_codes_differ, .init = init)
{
	char a[CODE_LEN + 1], b[CODE_LEN + 1];
	int same = 0;

	for (int i = 0; i < 1000; i++) {
		code_new(a);
		code_new(b);
		same += strcmp(a, b) == 0;
	}
	cr_assert_eq(same, 0);
}

struct norm_case {
	const char *in;
	const char *out;   /* NULL: refused */
};

static const struct norm_case cases[] = {
	{ "K7QX2MA", NULL },           /* 2 is not in the alphabet */
	{ "K7QX3MA", "K7QX3MA" },
	{ "k7qx3ma", "K7QX3MA" },
	{ "K7q-X3m-A", "K7QX3MA" },
	{ " K7Q X3MA ", "K7QX3MA" },
	{ "\tk7qx3ma", "K7QX3MA" },
	{ "K7QX3M", NULL },            /* too short */
	{ "K7QX3MAA", NULL },          /* too long */
	{ "", NULL },
	{ "-- --", NULL },
	{ "K7QX3M0", NULL },           /* look-alike refused, not guessed */
	{ "K7QX3MO", NULL },
	{ "K7QX3M!", NULL },
	{ "K7QX3M\xc3\xa9", NULL },    /* UTF-8 letter */
	{ "K7QX3MA/merci", NULL },
	{ "ACDEFGH", "ACDEFGH" },
	{ "34679XY", "34679XY" },
};

Test(code, normalize)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct norm_case *c = &cases[i];
		char out[CODE_LEN + 1];
		int rc = code_normalize(c->in, out);

		if (c->out == NULL) {
			cr_assert_eq(rc, -1, "'%s' accepted as %s", c->in, out);
			cr_assert_str_eq(out, "");
		} else {
			cr_assert_eq(rc, 0, "'%s' refused", c->in);
			cr_assert_str_eq(out, c->out);
		}
	}
}

Test(code, fresh_codes_normalize_to_themselves, .init = init)
{
	char c[CODE_LEN + 1], n[CODE_LEN + 1];

	for (int i = 0; i < 200; i++) {
		code_new(c);
		cr_assert_eq(code_normalize(c, n), 0);
		cr_assert_str_eq(c, n);
	}
}
