/*
 * test_util.c - the helpers every module shares: calendar dates, UTF-8,
 * case-insensitive comparison.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct date_case {
	const char *s;
	int valid;
};

/*
 * 2026-12-02 (issue 12): form.c kept its own date check, which took any
 * day up to 31 in any month (2026-02-31 was a valid default).  The loader
 * now uses date_valid(), a real calendar day.
 */
static const struct date_case date_cases[] = {
	{ "2026-11-29", 1 }, { "2026-01-31", 1 }, { "2026-02-28", 1 },
	{ "2026-02-29", 0 }, { "2026-02-30", 0 }, { "2026-02-31", 0 },
	{ "2024-02-29", 1 }, { "2000-02-29", 1 }, { "1900-02-29", 0 },
	{ "2026-04-30", 1 }, { "2026-04-31", 0 }, { "2026-06-31", 0 },
	{ "2026-09-31", 0 }, { "2026-11-31", 0 }, { "2026-12-31", 1 },
	{ "2026-13-01", 0 }, { "2026-00-10", 0 }, { "2026-01-00", 0 },
	{ "2026-1-01", 0 }, { "2026-01-1", 0 }, { "26-01-01", 0 },
	{ "2026/01/01", 0 }, { "2026-01-01 ", 0 }, { "", 0 },
	{ "abcd-ef-gh", 0 }, { "2026-01-0a", 0 }, { "+026-01-01", 0 },
};

Test(util, date_valid_takes_only_real_calendar_days)
{
	size_t i;

	for (i = 0; i < sizeof(date_cases) / sizeof(*date_cases); i++)
		cr_expect_eq(date_valid(date_cases[i].s), date_cases[i].valid,
		    "'%s'", date_cases[i].s);
}

struct utf8_case {
	const char *s;
	size_t len;
	int valid;
	size_t bad;
	size_t chars;
};

static const struct utf8_case utf8_cases[] = {
	{ "Châteauroux", 12, 1, 0, 11 },
	{ "codécision", 11, 1, 0, 10 },
	{ "\xE2\x82\xAC", 3, 1, 0, 1 },           /* € */
	{ "\xF0\x9F\x98\x80", 4, 1, 0, 1 },       /* an emoji */
	{ "a\xE9t\xE9", 4, 0, 1, 0 },             /* Latin-1 */
	{ "\xC0\xAF", 2, 0, 0, 0 },               /* overlong '/' */
	{ "\xED\xA0\x80", 3, 0, 0, 0 },           /* a surrogate */
	{ "\xF4\x90\x80\x80", 4, 0, 0, 0 },       /* above U+10FFFF */
	{ "ab\xE2\x82", 4, 0, 2, 0 },             /* cut short */
};

Test(util, utf8_valid_and_length)
{
	size_t i, bad;

	for (i = 0; i < sizeof(utf8_cases) / sizeof(*utf8_cases); i++) {
		const struct utf8_case *c = &utf8_cases[i];

		bad = 99;
		cr_expect_eq(utf8_valid(c->s, c->len, &bad), c->valid,
		    "case %zu", i);
		if (!c->valid)
			cr_expect_eq(bad, c->bad, "case %zu", i);
		else
			cr_expect_eq(utf8_length(c->s), c->chars, "case %zu", i);
	}
}

Test(util, ascii_casecmp_folds_ascii_only)
{
	cr_expect_eq(ascii_casecmp("Survey", "survey"), 0);
	cr_expect_eq(ascii_casecmp("START", "start"), 0);
	cr_expect_neq(ascii_casecmp("start", "star"), 0);
	cr_expect_neq(ascii_casecmp("É", "é"), 0);
	cr_expect_eq(ascii_casecmp("", ""), 0);
}

/*
 * 2026-12-02: an empty evbuffer's pullup is NULL, and the meetings list
 * copied it with xstrndup(NULL, 0); memcpy(dst, NULL, 0) is undefined
 * behaviour (UBSan stopped the sanitizer build there).
 */
struct ndup_case {
	const char *s;
	size_t n;
	const char *want;
};

static const struct ndup_case ndup_cases[] = {
	{ NULL, 0, "" }, { "", 0, "" }, { "abc", 0, "" }, { "abc", 2, "ab" },
	{ "é", 2, "é" },
};

Test(util, xstrndup_copies_n_bytes_and_takes_null_when_empty)
{
	for (size_t i = 0; i < sizeof(ndup_cases) / sizeof(ndup_cases[0]);
	    i++) {
		char *p = xstrndup(ndup_cases[i].s, ndup_cases[i].n);

		cr_expect_str_eq(p, ndup_cases[i].want, "case %zu", i);
		free(p);
	}
}
