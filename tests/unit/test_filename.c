/*
 * test_filename.c - names of downloads after what they hold, and their
 * Content-Disposition (ASCII name, UTF-8 name in filename*).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "filename.h"

struct want {
	struct filename_parts p;
	const char *utf8, *ascii;
};

static const struct want cases[] = {
	{ { "stats", NULL, NULL, "rencontre-reseau", "2026-01-01",
	    "2026-12-31", "csv" }, "stats-rencontre-reseau-2026.csv",
	    "stats-rencontre-reseau-2026.csv" },
	{ { "reponses", NULL, NULL, NULL, "2026-01-01", "2026-06-30", "xlsx" },
	    "reponses-2026-01-01-au-2026-06-30.xlsx",
	    "reponses-2026-01-01-au-2026-06-30.xlsx" },
	{ { "evaluation", NULL, NULL, NULL, "2026-03-01", NULL, "ods" },
	    "evaluation-depuis-2026-03-01.ods",
	    "evaluation-depuis-2026-03-01.ods" },
	{ { "stats", NULL, NULL, NULL, NULL, "2026-03-01", "csv" },
	    "stats-jusqu-au-2026-03-01.csv", "stats-jusqu-au-2026-03-01.csv" },
	/* A meeting: its title (accents kept, then dropped) and its date. */
	{ { "reponses", "Réseau d'Été / « Berry »", "2026-07-02", "ignored",
	    "2026-01-01", NULL, "csv" },
	    "reponses-réseau-d-été-berry-2026-07-02.csv",
	    "reponses-reseau-d-ete-berry-2026-07-02.csv" },
	/* Nothing but punctuation: the part is left out. */
	{ { "stats", "?!", "2026-07-02", NULL, NULL, NULL, "csv" },
	    "stats-2026-07-02.csv", "stats-2026-07-02.csv" },
};

Test(filename, names_say_what_the_file_holds)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char u[256], a[256];

		cr_assert_eq(filename_build(&cases[i].p, u, a, sizeof(u)), 0);
		cr_expect_str_eq(u, cases[i].utf8, "case %zu", i);
		cr_expect_str_eq(a, cases[i].ascii, "case %zu", i);
	}
}

/* A long title is cut to a part of at most 60 bytes, never mid-letter. */
Test(filename, long_titles_are_cut_at_a_letter)
{
	struct filename_parts p = { "stats", NULL, "2026-07-02", NULL, NULL,
	    NULL, "csv" };
	char title[400], u[256], a[256];

	memset(title, 0, sizeof(title));
	for (size_t i = 0; i + 2 < 300; i += 2)
		memcpy(title + i, "é", 2);
	p.meeting = title;
	cr_assert_eq(filename_build(&p, u, a, sizeof(u)), 0);
	cr_expect_leq(strlen(u), strlen("stats-") + 60 + strlen("-2026-07-02.csv"));
	cr_expect(strstr(u, "-2026-07-02.csv") != NULL, "%s", u);
	cr_expect_eq((strlen(u) - strlen("stats--2026-07-02.csv")) % 2, 0, "%s",
	    u);
	/* Too small a buffer for the kind and the extension. */
	cr_expect_eq(filename_build(&p, u, a, 8), -1);
}

Test(filename, disposition_has_an_ascii_name_and_the_utf8_one)
{
	char d[512];

	cr_assert_eq(filename_disposition("stats-2026.csv", d, sizeof(d)), 0);
	cr_expect_str_eq(d, "attachment; filename=\"stats-2026.csv\"");
	cr_assert_eq(filename_disposition("réponses-été.csv", d, sizeof(d)), 0);
	cr_expect_str_eq(d, "attachment; filename=\"reponses-ete.csv\"; "
	    "filename*=UTF-8''r%C3%A9ponses-%C3%A9t%C3%A9.csv");
	/* Quotes never reach the quoted name. */
	cr_assert_eq(filename_disposition("a\"b\\c.csv", d, sizeof(d)), 0);
	cr_expect_str_eq(d, "attachment; filename=\"a-b-c.csv\"; "
	    "filename*=UTF-8''a%22b%5Cc.csv");
	cr_expect_eq(filename_disposition("réponses.csv", d, 40), -1);
	cr_expect_str_eq(d, "attachment; filename=\"reponses.csv\"");
}
