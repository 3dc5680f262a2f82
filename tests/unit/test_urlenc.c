/*
 * test_urlenc.c - the strict application/x-www-form-urlencoded parser:
 * well-formed bodies, every malformed escape, NUL bytes, invalid UTF-8
 * and the limits.  (The parser takes one buffer, so there is no chunk
 * split to test.)
 */
#include <criterion/criterion.h>
#include <string.h>

#include "urlenc.h"

struct good_case {
	const char *body;
	size_t n;
	const char *pairs[8][2];
};

static const struct good_case good[] = {
	{ "", 0, { { NULL, NULL } } },
	{ "a=1", 1, { { "a", "1" } } },
	{ "a=1&b=2", 2, { { "a", "1" }, { "b", "2" } } },
	{ "a=", 1, { { "a", "" } } },
	{ "a", 1, { { "a", "" } } },
	{ "=v", 1, { { "", "v" } } },
	{ "a=1&&b=2&", 2, { { "a", "1" }, { "b", "2" } } },
	{ "&&&", 0, { { NULL, NULL } } },
	{ "a+b=c+d", 1, { { "a b", "c d" } } },
	{ "k%3D=v%26w", 1, { { "k=", "v&w" } } },
	{ "x=%41%62%7e%7E", 1, { { "x", "Ab~~" } } },
	{ "x=%2B+", 1, { { "x", "+ " } } },
	{ "x=1=2", 1, { { "x", "1=2" } } },
	{ "%C3%A9t%C3%A9=%E2%82%AC", 1, { { "été", "€" } } },
	{ "x=été", 1, { { "x", "été" } } },
	{ "x=%F0%9F%98%80", 1, { { "x", "\xf0\x9f\x98\x80" } } },
	{ "x=a%0D%0Ab", 1, { { "x", "a\r\nb" } } },
	{ "m=a&m=b&m=c", 3, { { "m", "a" }, { "m", "b" }, { "m", "c" } } },
};

Test(urlenc, parses_good_bodies)
{
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		const struct good_case *c = &good[i];
		struct urlenc u;

		cr_assert_eq(urlenc_parse(&u, c->body, strlen(c->body), 100, 100),
		    URLENC_OK, "%s", c->body);
		cr_assert_eq(u.n, c->n, "%s: %zu pairs", c->body, u.n);
		for (size_t k = 0; k < c->n; k++) {
			cr_assert_str_eq(u.pairs[k].key, c->pairs[k][0], "%s",
			    c->body);
			cr_assert_str_eq(u.pairs[k].value, c->pairs[k][1], "%s",
			    c->body);
		}
		urlenc_release(&u);
	}
}

struct bad_case {
	const char *body;
	enum urlenc_status want;
};

static const struct bad_case bad[] = {
	/* Every way a percent escape can be broken, in keys and values. */
	{ "x=%", URLENC_BAD_ESCAPE },
	{ "x=%4", URLENC_BAD_ESCAPE },
	{ "x=%4&y=1", URLENC_BAD_ESCAPE },
	{ "x=%%41", URLENC_BAD_ESCAPE },
	{ "x=%G1", URLENC_BAD_ESCAPE },
	{ "x=%1G", URLENC_BAD_ESCAPE },
	{ "x=%zz", URLENC_BAD_ESCAPE },
	{ "x=% 1", URLENC_BAD_ESCAPE },
	{ "x=%+1", URLENC_BAD_ESCAPE },
	{ "x=%-1", URLENC_BAD_ESCAPE },
	{ "x=%0x", URLENC_BAD_ESCAPE },
	{ "x=%u00e9", URLENC_BAD_ESCAPE },
	{ "x=abc%", URLENC_BAD_ESCAPE },
	{ "x=abc%a", URLENC_BAD_ESCAPE },
	{ "%=1", URLENC_BAD_ESCAPE },
	{ "%4=1", URLENC_BAD_ESCAPE },
	{ "k%g0=1", URLENC_BAD_ESCAPE },
	{ "a=1&b=%", URLENC_BAD_ESCAPE },
	/* NUL bytes, decoded anywhere. */
	{ "x=%00", URLENC_NUL },
	{ "x=a%00b", URLENC_NUL },
	{ "%00=1", URLENC_NUL },
	/* Invalid UTF-8: stray continuation, truncated, overlong, surrogate. */
	{ "x=%80", URLENC_BAD_UTF8 },
	{ "x=%C3", URLENC_BAD_UTF8 },
	{ "x=%C3%28", URLENC_BAD_UTF8 },
	{ "x=%C0%AF", URLENC_BAD_UTF8 },
	{ "x=%E0%80%AF", URLENC_BAD_UTF8 },
	{ "x=%ED%A0%80", URLENC_BAD_UTF8 },
	{ "x=%F4%90%80%80", URLENC_BAD_UTF8 },
	{ "x=%FF", URLENC_BAD_UTF8 },
	{ "%FF=1", URLENC_BAD_UTF8 },
	{ "x=\xff", URLENC_BAD_UTF8 },
};

Test(urlenc, refuses_malformed_bodies)
{
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct bad_case *c = &bad[i];
		struct urlenc u;

		cr_assert_eq(urlenc_parse(&u, c->body, strlen(c->body), 100, 100),
		    c->want, "%s", c->body);
		urlenc_release(&u);
	}
}

Test(urlenc, embedded_raw_nul_is_refused)
{
	static const char body[] = "x=a\0b";
	struct urlenc u;

	cr_assert_eq(urlenc_parse(&u, body, sizeof(body) - 1, 10, 10),
	    URLENC_NUL);
	urlenc_release(&u);
}

Test(urlenc, length_bounds_the_read)
{
	/* Only body[0..len) is read: the rest may be anything. */
	struct urlenc u;

	cr_assert_eq(urlenc_parse(&u, "a=1&b=%zz", 3, 10, 10), URLENC_OK);
	cr_assert_eq(u.n, 1);
	cr_assert_str_eq(u.pairs[0].value, "1");
	urlenc_release(&u);
}

Test(urlenc, limits)
{
	struct urlenc u;

	cr_assert_eq(urlenc_parse(&u, "a=1&b=2&c=3", 11, 3, 10), URLENC_OK);
	urlenc_release(&u);
	cr_assert_eq(urlenc_parse(&u, "a=1&b=2&c=3&d", 13, 3, 10),
	    URLENC_TOO_MANY);
	urlenc_release(&u);
	/* The limit is on decoded bytes: %41 is one byte. */
	cr_assert_eq(urlenc_parse(&u, "a=%41%41%41", 11, 3, 3), URLENC_OK);
	urlenc_release(&u);
	cr_assert_eq(urlenc_parse(&u, "a=abcd", 6, 3, 3), URLENC_TOO_LONG);
	urlenc_release(&u);
}

Test(urlenc, get_returns_the_first_value)
{
	struct urlenc u;

	cr_assert_eq(urlenc_parse(&u, "a=1&b=2&a=3", 11, 10, 10), URLENC_OK);
	cr_assert_str_eq(urlenc_get(&u, "a"), "1");
	cr_assert_str_eq(urlenc_get(&u, "b"), "2");
	cr_assert_null(urlenc_get(&u, "c"));
	urlenc_release(&u);
}

Test(urlenc, strerror_names_every_status)
{
	for (int s = URLENC_TOO_LONG; s <= URLENC_OK; s++)
		cr_assert_str_neq(urlenc_strerror((enum urlenc_status)s),
		    "malformed body");
}
