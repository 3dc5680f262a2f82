/*
 * test_period.c - periods as people write them (years, half-years,
 * quarters, months, days, ranges; what is refused and why), lists of
 * them, and the evaluation table over several periods (rows that exist
 * in one period only keep their place among their objet's rows).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "period.h"
#include "i18n.h"

/* The messages a test spells out are the English of po/en.po. */
static void
english(void)
{
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
	i18n_set_lang(I18N_EN);
}

struct parse_case {
	const char *text;
	const char *from, *to;   /* NULL: refused */
	const char *why;         /* a part of the message when refused */
};

static const struct parse_case parse_cases[] = {
	{ "2026", "2026-01-01", "2026-12-31", NULL },
	{ "2026-S1", "2026-01-01", "2026-06-30", NULL },
	{ "2026-s2", "2026-07-01", "2026-12-31", NULL },
	{ "2026-T1", "2026-01-01", "2026-03-31", NULL },
	{ "2026-T4", "2026-10-01", "2026-12-31", NULL },
	{ "2026-Q2", "2026-04-01", "2026-06-30", NULL },
	{ "2026-02", "2026-02-01", "2026-02-28", NULL },
	{ "2028-02", "2028-02-01", "2028-02-29", NULL },
	{ "2000-02", "2000-02-01", "2000-02-29", NULL },
	{ "1900-02", "1900-02-01", "1900-02-28", NULL },
	{ "2026-03-14", "2026-03-14", "2026-03-14", NULL },
	{ "2026-01..2026-06", "2026-01-01", "2026-06-30", NULL },
	{ "2025..2026", "2025-01-01", "2026-12-31", NULL },
	{ "2025-S2..2026-T1", "2025-07-01", "2026-03-31", NULL },
	{ "2026-03-01..2026-03-31", "2026-03-01", "2026-03-31", NULL },
	{ "", NULL, NULL, "is not a period" },
	{ "26", NULL, NULL, "is not a period" },
	{ "0999", NULL, NULL, "is not a period" },
	{ "2026-13", NULL, NULL, "is not a period" },
	{ "2026-00", NULL, NULL, "is not a period" },
	{ "2026-S3", NULL, NULL, "is not a period" },
	{ "2026-T5", NULL, NULL, "is not a period" },
	{ "2026-02-30", NULL, NULL, "is not a period" },
	{ "2026/03", NULL, NULL, "is not a period" },
	{ "2026..", NULL, NULL, "is not a period" },
	{ "..2026", NULL, NULL, "is not a period" },
	{ "2026-06..2026-01", NULL, NULL, "ends before it starts" },
	{ "2026-01-01..2026-12-31x", NULL, NULL, "is not a period" },
	{ "abcd", NULL, NULL, "is not a period" },
};

Test(period, parse)
{
	english();
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(*parse_cases);
	    i++) {
		const struct parse_case *c = &parse_cases[i];
		struct period p;
		char err[400] = "";
		int rc = period_parse(c->text, &p, err, sizeof(err));

		if (c->from == NULL) {
			cr_expect_eq(rc, -1, "'%s' accepted", c->text);
			cr_expect_not_null(strstr(err, c->why), "'%s': %s", c->text,
			    err);
			continue;
		}
		cr_expect_eq(rc, 0, "'%s': %s", c->text, err);
		cr_expect_str_eq(p.from, c->from, "'%s' from", c->text);
		cr_expect_str_eq(p.to, c->to, "'%s' to", c->text);
		cr_expect_str_eq(p.label, c->text, "'%s' label", c->text);
	}
}

struct list_case {
	const char *text;
	size_t n;                 /* periods read; 0: refused */
	const char *labels;       /* joined by '|' */
};

static const struct list_case list_cases[] = {
	{ "2025,2026", 2, "2025|2026" },
	{ "2025, 2026", 2, "2025|2026" },
	{ " 2024 2025\t2026 ", 3, "2024|2025|2026" },
	{ "2026-S1,,2026-S2", 2, "2026-S1|2026-S2" },
	{ "2026-01..2026-06,2027", 2, "2026-01..2026-06|2027" },
	{ "1,2,3,4,5,6,7,8,9", 0, NULL },           /* a bad period */
	{ "2001,2002,2003,2004,2005,2006,2007,2008,2009", 0, NULL },  /* > 8 */
	{ ",, ", 0, NULL },
	{ "2026,2026-13", 0, NULL },
};

Test(period, lists)
{
	for (size_t i = 0; i < sizeof(list_cases) / sizeof(*list_cases); i++) {
		const struct list_case *c = &list_cases[i];
		struct period v[8];
		size_t n = 0;
		char err[400] = "", got[200] = "";
		int rc = period_list_parse(c->text, v, 8, &n, err, sizeof(err));

		if (c->n == 0) {
			cr_expect_eq(rc, -1, "'%s' accepted", c->text);
			cr_expect_neq(err[0], '\0', "'%s': no message", c->text);
			continue;
		}
		cr_expect_eq(rc, 0, "'%s': %s", c->text, err);
		cr_expect_eq(n, c->n, "'%s': %zu periods", c->text, n);
		for (size_t k = 0; k < n; k++)
			snprintf(got + strlen(got), sizeof(got) - strlen(got),
			    "%s%s", k ? "|" : "", v[k].label);
		cr_expect_str_eq(got, c->labels, "'%s'", c->text);
	}
}

/* ---- the table -------------------------------------------------------- */

struct put {
	size_t col;
	const char *objet, *indicateur;
	double value;
	const char *text;
};

/* The table's rows as "objet/indicateur=v0,v1;" ("-" for no cell). */
static void
dump(const struct period_table *t, char *out, size_t len)
{
	out[0] = '\0';
	for (size_t i = 0; i < t->n; i++) {
		snprintf(out + strlen(out), len - strlen(out), "%s/%s=",
		    t->v[i].objet, t->v[i].indicateur);
		for (size_t k = 0; k < t->n_cols; k++) {
			const struct period_cell *c = &t->v[i].cells[k];

			if (!c->set)
				snprintf(out + strlen(out), len - strlen(out), "-");
			else if (c->fig.text != NULL)
				snprintf(out + strlen(out), len - strlen(out), "%s",
				    c->fig.text);
			else
				snprintf(out + strlen(out), len - strlen(out), "%g",
				    c->fig.value);
			snprintf(out + strlen(out), len - strlen(out), "%s",
			    k + 1 < t->n_cols ? "," : ";");
		}
	}
}

struct table_case {
	const char *name;
	size_t n_cols;
	struct put puts[12];
	const char *want;
};

static const struct table_case table_cases[] = {
	{ "one column keeps the order", 1, {
	    { 0, "A", "a1", 1, NULL }, { 0, "A", "a2", 2, NULL },
	    { 0, "B", "b1", 3, NULL }, { 0, NULL, NULL, 0, NULL } },
	  "A/a1=1;A/a2=2;B/b1=3;" },
	{ "same rows in two periods", 2, {
	    { 0, "A", "a1", 1, NULL }, { 0, "B", "b1", 2, NULL },
	    { 1, "A", "a1", 10, NULL }, { 1, "B", "b1", 20, NULL },
	    { 0, NULL, NULL, 0, NULL } },
	  "A/a1=1,10;B/b1=2,20;" },
	{ "a level of the second period goes beside the first's", 2, {
	    { 0, "R", "niveau : départemental", 1, NULL },
	    { 0, "R", "toutes", 1, NULL }, { 0, "S", "s", 5, NULL },
	    { 1, "R", "niveau : départemental", 2, NULL },
	    { 1, "R", "niveau : régional", 1, NULL },
	    { 1, "R", "toutes", 3, NULL }, { 1, "S", "s", 6, NULL },
	    { 0, NULL, NULL, 0, NULL } },
	  "R/niveau : départemental=1,2;R/niveau : régional=-,1;"
	  "R/toutes=1,3;S/s=5,6;" },
	{ "a new first row of an objet goes to the objet's head", 2, {
	    { 0, "P", "p", 1, NULL }, { 0, "R", "niveau : Berry", 1, NULL },
	    { 0, "R", "toutes", 1, NULL },
	    { 1, "P", "p", 2, NULL }, { 1, "R", "niveau : autre", 1, NULL },
	    { 1, "R", "toutes", 1, NULL }, { 0, NULL, NULL, 0, NULL } },
	  "P/p=1,2;R/niveau : autre=-,1;R/niveau : Berry=1,-;"
	  "R/toutes=1,1;" },
	{ "a new objet goes last", 2, {
	    { 0, "A", "a", 1, NULL }, { 1, "A", "a", 1, NULL },
	    { 1, "N", "n", 4, NULL }, { 0, NULL, NULL, 0, NULL } },
	  "A/a=1,1;N/n=-,4;" },
	{ "declared texts are copied", 2, {
	    { 0, "P", "niveau", 0, "Coproduction" },
	    { 1, "P", "niveau", 0, "Concertation" },
	    { 0, NULL, NULL, 0, NULL } },
	  "P/niveau=Coproduction,Concertation;" },
	{ "a column out of range is ignored", 1, {
	    { 0, "A", "a", 1, NULL }, { 3, "A", "b", 1, NULL },
	    { 0, NULL, NULL, 0, NULL } },
	  "A/a=1;" },
};

Test(period, table)
{
	for (size_t i = 0; i < sizeof(table_cases) / sizeof(*table_cases);
	    i++) {
		const struct table_case *c = &table_cases[i];
		struct period_table t;
		char got[1024];

		period_table_init(&t, c->n_cols);
		for (size_t k = 0; c->puts[k].objet != NULL; k++) {
			struct stats_figure fig = { NULL, 1, c->puts[k].value, 0, 0 };
			char text[64];

			if (c->puts[k].text != NULL) {
				/* The table keeps its own copy. */
				snprintf(text, sizeof(text), "%s", c->puts[k].text);
				fig.text = text;
			}
			period_table_put(&t, c->puts[k].col, c->puts[k].objet,
			    c->puts[k].indicateur, &fig);
			memset(text, 'x', sizeof(text) - 1);
		}
		dump(&t, got, sizeof(got));
		cr_expect_str_eq(got, c->want, "%s", c->name);
		period_table_release(&t);
	}
}
