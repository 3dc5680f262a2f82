/*
 * test_diag.c - diagnostics: formatting, counting, sorting.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

struct fmt_case {
	enum diag_level level;
	const char *file;
	int line, column;
	const char *text;
	const char *want;
};

static const struct fmt_case fmt_cases[] = {
	{ DIAG_ERROR, "forms/a.csv", 3, 7, "unknown type 'txt'",
	    "forms/a.csv:3:7: error: unknown type 'txt'" },
	{ DIAG_WARNING, "forms/a.csv", 3, 7, "unknown column",
	    "forms/a.csv:3:7: warning: unknown column" },
	{ DIAG_ERROR, "forms/a.csv", 12, 0, "a line",
	    "forms/a.csv:12: error: a line" },
	{ DIAG_ERROR, "forms/a.csv", 0, 0, "the whole file",
	    "forms/a.csv: error: the whole file" },
	{ DIAG_ERROR, "forms/a.csv", 0, 5, "column without line",
	    "forms/a.csv: error: column without line" },
	{ DIAG_WARNING, "", 0, 0, "no file", "warning: no file" },
	{ DIAG_ERROR, NULL, 0, 0, "null file", "error: null file" },
	{ DIAG_ERROR, "f", -3, -1, "negative", "f: error: negative" },
};

Test(diag, formats_like_a_compiler)
{
	size_t i;

	for (i = 0; i < sizeof(fmt_cases) / sizeof(*fmt_cases); i++) {
		const struct fmt_case *c = &fmt_cases[i];
		struct diag d;
		char *s;

		diag_init(&d);
		diag_add(&d, c->level, c->file, c->line, c->column, "%s",
		    c->text);
		s = diag_format(&d, 0);
		cr_expect_str_eq(s, c->want);
		free(s);
		diag_release(&d);
	}
}

Test(diag, counts_errors_and_warnings_apart)
{
	struct diag d;
	int i;

	diag_init(&d);
	for (i = 0; i < 100; i++)
		diag_add(&d, i % 3 ? DIAG_ERROR : DIAG_WARNING, "f.csv", i, 1,
		    "message %d with %s", i, "text");
	cr_expect_eq(d.n, 100);
	cr_expect_eq(d.n_warnings, 34);
	cr_expect_eq(d.n_errors, 66);
	cr_expect_str_eq(d.msgs[99].text, "message 99 with text");
	diag_release(&d);
	cr_expect_eq(d.n, 0);
	cr_expect_null(d.msgs);
	diag_release(&d);   /* twice is harmless */
}

Test(diag, sorts_by_place_and_keeps_order_of_ties)
{
	struct diag d;
	static const int places[][2] = {
		{ 5, 2 }, { 3, 9 }, { 3, 1 }, { 0, 0 }, { 5, 2 }, { 4, 1 }
	};
	static const char *const want[] = {
		"f.csv: error: m3", "f.csv:3:1: error: m2", "f.csv:3:9: error: m1",
		"f.csv:4:1: error: m5", "f.csv:5:2: error: m0",
		"f.csv:5:2: error: m4"
	};
	size_t i;
	char *s;

	diag_init(&d);
	diag_add(&d, DIAG_ERROR, "a.csv", 9, 9, "before");
	for (i = 0; i < 6; i++)
		diag_add(&d, DIAG_ERROR, "f.csv", places[i][0], places[i][1],
		    "m%zu", i);
	diag_sort(&d, 1);
	s = diag_format(&d, 0);
	cr_expect_str_eq(s, "a.csv:9:9: error: before");
	free(s);
	for (i = 0; i < 6; i++) {
		s = diag_format(&d, i + 1);
		cr_expect_str_eq(s, want[i]);
		free(s);
	}
	diag_release(&d);
}

Test(diag, prints_from_an_index)
{
	struct diag d;
	char buf[256] = "";
	FILE *fp = fmemopen(buf, sizeof(buf), "w");

	cr_assert_not_null(fp);
	diag_init(&d);
	diag_add(&d, DIAG_ERROR, "a", 1, 1, "one");
	diag_add(&d, DIAG_WARNING, "b", 2, 3, "two");
	diag_add(&d, DIAG_ERROR, "c", 0, 0, "three");
	diag_print(&d, 1, fp);
	fclose(fp);
	cr_expect_str_eq(buf, "b:2:3: warning: two\nc: error: three\n");
	diag_release(&d);
}

Test(diag, long_messages_are_kept_whole)
{
	struct diag d;
	char big[5000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	diag_init(&d);
	diag_add(&d, DIAG_ERROR, "f", 1, 1, "%s", big);
	cr_expect_eq(strlen(d.msgs[0].text), sizeof(big) - 1);
	diag_release(&d);
}
