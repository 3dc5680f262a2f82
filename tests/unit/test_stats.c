/*
 * test_stats.c - the statistics core: numbers (medians of odd and even
 * counts, values that are not numbers), choices (listed and not, several
 * at once), empty questions, the min_count rule, sets of names, and the
 * evaluation table's measures, merged across forms.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "form.h"
#include "stats.h"

/* Feed `values` (NULL-terminated, each counted once) to question "q". */
static void
feed(struct stats *st, const char *const *values)
{
	for (size_t i = 0; values[i] != NULL; i++)
		stats_answer(st, "q", values[i], strlen(values[i]), 1);
}

/* ---- numbers ---------------------------------------------------------- */

struct number_case {
	const char *name;
	const char *values[8];
	int64_t n, answered;
	double mean, median, min, max;
};

static const struct number_case number_cases[] = {
	{ "odd count", { "3", "1", "2", NULL }, 3, 3, 2, 2, 1, 3 },
	{ "even count", { "4", "1", "3", "2", NULL }, 4, 4, 2.5, 2.5, 1, 4 },
	{ "one value", { "7", NULL }, 1, 1, 7, 7, 7, 7 },
	{ "two equal middles", { "5", "5", "1", "9", NULL }, 4, 4, 5, 5, 1, 9 },
	{ "equal numbers written differently", { "5", "5.0", " 5 ", "2",
	    NULL }, 4, 4, 4.25, 5, 2, 5 },
	{ "decimals and negatives", { "-1.5", "0.5", "2e1", NULL }, 3, 3,
	    19.0 / 3, 0.5, -1.5, 20 },
	{ "not numbers left out", { "abc", "4", "inf", "0x10", "nan", "6",
	    NULL }, 2, 6, 5, 5, 4, 6 },
	{ "empty question", { NULL }, 0, 0, 0, 0, 0, 0 },
	{ "only blanks", { "", "   ", NULL }, 0, 0, 0, 0, 0, 0 },
};

Test(stats, numbers)
{
	for (size_t i = 0; i < sizeof(number_cases) / sizeof(*number_cases);
	    i++) {
		const struct number_case *c = &number_cases[i];
		struct stats st;
		struct stats_numbers ns;
		const struct stats_question *q;

		stats_init(&st);
		stats_watch(&st, "q", 1);
		feed(&st, c->values);
		q = stats_question(&st, "q");
		stats_numbers(q, &ns);
		cr_expect_eq(q->answered, c->answered, "%s: answered %lld",
		    c->name, (long long)q->answered);
		cr_expect_eq(ns.n, c->n, "%s: n %lld", c->name, (long long)ns.n);
		cr_expect_float_eq(ns.mean, c->mean, 1e-9, "%s: mean %g", c->name,
		    ns.mean);
		cr_expect_float_eq(ns.median, c->median, 1e-9, "%s: median %g",
		    c->name, ns.median);
		cr_expect_float_eq(ns.min, c->min, 1e-9, "%s: min", c->name);
		cr_expect_float_eq(ns.max, c->max, 1e-9, "%s: max", c->name);
		stats_release(&st);
	}
}

/* Weighted answers (n > 1, as the results page's grouped rows give them)
 * place the median by rank. */
Test(stats, weighted_median)
{
	struct stats st;
	struct stats_numbers ns;

	stats_init(&st);
	stats_watch(&st, "q", 1);
	stats_answer(&st, "q", "1", 1, 3);
	stats_answer(&st, "q", "10", 2, 2);
	stats_numbers(stats_question(&st, "q"), &ns);
	cr_expect_eq(ns.n, 5);
	cr_expect_float_eq(ns.median, 1, 1e-9);
	stats_answer(&st, "q", "10", 2, 1);
	stats_numbers(stats_question(&st, "q"), &ns);
	cr_expect_eq(ns.n, 6);
	cr_expect_float_eq(ns.median, 5.5, 1e-9);
	cr_expect_float_eq(ns.mean, 33.0 / 6, 1e-9);
	stats_release(&st);
}

struct parse_case {
	const char *s;
	int ok;
	double v;
};

static const struct parse_case parse_cases[] = {
	{ "12", 1, 12 }, { " -3.5 ", 1, -3.5 }, { "1e3", 1, 1000 },
	{ "+.5", 1, 0.5 }, { "", 0, 0 }, { "  ", 0, 0 }, { "1,5", 0, 0 },
	{ "12abc", 0, 0 }, { "inf", 0, 0 }, { "nan", 0, 0 }, { "0x1A", 0, 0 },
	{ "1e999", 0, 0 }, { "-", 0, 0 }, { ".", 0, 0 },
};

Test(stats, parse_number)
{
	for (size_t i = 0; i < sizeof(parse_cases) / sizeof(*parse_cases); i++) {
		const struct parse_case *c = &parse_cases[i];
		double v = -42;
		int rc = stats_parse_number(c->s, strlen(c->s), &v);

		cr_expect_eq(rc == 0, c->ok, "'%s': %d", c->s, rc);
		if (c->ok)
			cr_expect_float_eq(v, c->v, 1e-12, "'%s': %g", c->s, v);
	}
}

/* ---- choices ---------------------------------------------------------- */

struct choice_case {
	const char *name;
	int multiple;
	const char *values[8];
	int64_t answered;
	size_t n;                   /* listed (a, b, c) then others */
	const char *names[6];
	int64_t counts[6];
};

static const struct choice_case choice_cases[] = {
	{ "one choice", 0, { "a", "b", "a", NULL }, 3, 3,
	    { "a", "b", "c" }, { 2, 1, 0 } },
	{ "values outside the list, in byte order", 0,
	    { "z", "a", "peut-etre", "z", NULL }, 4, 5,
	    { "a", "b", "c", "peut-etre", "z" }, { 1, 0, 0, 1, 2 } },
	{ "several choices", 1, { "a b", "b", " c  a ", "x b", NULL }, 4, 4,
	    { "a", "b", "c", "x" }, { 2, 3, 1, 1 } },
	{ "empty question", 0, { NULL }, 0, 3, { "a", "b", "c" }, { 0, 0, 0 } },
	{ "blank answers are no answers", 1, { "", "  ", "a", NULL }, 1, 3,
	    { "a", "b", "c" }, { 1, 0, 0 } },
};

Test(stats, choices)
{
	static const char *const list[] = { "a", "b", "c" };

	for (size_t i = 0; i < sizeof(choice_cases) / sizeof(*choice_cases);
	    i++) {
		const struct choice_case *c = &choice_cases[i];
		struct stats st;
		struct stats_choices ch;

		stats_init(&st);
		stats_watch(&st, "q", 1);
		feed(&st, c->values);
		stats_choices(stats_question(&st, "q"), list, 3, c->multiple, &ch);
		cr_expect_eq(ch.answered, c->answered, "%s: answered", c->name);
		cr_expect_eq(ch.n_listed, 3, "%s", c->name);
		cr_assert_eq(ch.n, c->n, "%s: %zu choices", c->name, ch.n);
		for (size_t k = 0; k < ch.n; k++) {
			cr_expect_str_eq(ch.v[k].name, c->names[k], "%s: %zu",
			    c->name, k);
			cr_expect_eq(ch.v[k].n, c->counts[k], "%s: %s = %lld",
			    c->name, c->names[k], (long long)ch.v[k].n);
		}
		stats_choices_release(&ch);
		stats_release(&st);
	}
}

/* Unwatched questions are ignored; a count-only question keeps no value;
 * watching again with keep keeps them. */
Test(stats, watch)
{
	struct stats st;

	stats_init(&st);
	stats_watch(&st, "t", 0);
	stats_answer(&st, "t", "bonjour", 7, 1);
	stats_answer(&st, "autre", "x", 1, 5);
	cr_expect_eq(stats_question(&st, "t")->answered, 1);
	cr_expect_eq(stats_question(&st, "t")->used, 0);
	cr_expect_eq(stats_question(&st, "autre")->answered, 0);
	cr_expect_eq(stats_question(&st, NULL)->answered, 0);
	stats_watch(&st, "t", 1);
	stats_watch(&st, "u", 1);
	stats_answer(&st, "t", "bonjour", 7, 1);
	stats_answer(&st, "u", "oui", 3, 2);
	cr_expect_eq(stats_question(&st, "t")->answered, 2);
	cr_expect_eq(stats_question(&st, "t")->used, 1);
	cr_expect_eq(stats_question(&st, "u")->answered, 2);
	stats_release(&st);
}

/* Many questions and many distinct values: the hash tables grow. */
Test(stats, many_values)
{
	static char names[100][8];
	struct stats st;
	struct stats_numbers ns;

	stats_init(&st);
	for (int i = 0; i < 100; i++) {
		snprintf(names[i], sizeof(names[i]), "q%d", i);
		stats_watch(&st, names[i], 1);
	}
	for (int v = 1; v <= 1001; v++) {
		char b[16];

		snprintf(b, sizeof(b), "%d", v);
		stats_answer(&st, names[v % 100], b, strlen(b), 1);
		stats_answer(&st, "q7", b, strlen(b), 1);
	}
	stats_numbers(stats_question(&st, "q7"), &ns);
	cr_expect_eq(ns.n, 1001 + 10);
	cr_expect_eq(stats_question(&st, "q7")->used, 1001);
	cr_expect_eq(stats_question(&st, "q0")->answered, 10);
	stats_release(&st);
}

struct hidden_case {
	int64_t count;
	int min_count;
	int hidden;
};

static const struct hidden_case hidden_cases[] = {
	{ 0, 5, 0 }, { 1, 5, 1 }, { 4, 5, 1 }, { 5, 5, 0 }, { 6, 5, 0 },
	{ 1, 0, 0 }, { 0, 0, 0 }, { 1, 1, 0 },
};

Test(stats, min_count)
{
	for (size_t i = 0; i < sizeof(hidden_cases) / sizeof(*hidden_cases);
	    i++)
		cr_expect_eq(stats_hidden(hidden_cases[i].count,
		    hidden_cases[i].min_count), hidden_cases[i].hidden,
		    "%lld < %d", (long long)hidden_cases[i].count,
		    hidden_cases[i].min_count);
}

Test(stats, sets_ignore_ascii_case)
{
	struct stats_set set = { 0 };
	char b[16];

	stats_set_add(&set, "Vierzon", 7);
	stats_set_add(&set, "VIERZON", 7);
	stats_set_add(&set, "Vierzonx", 7);   /* only 7 bytes: Vierzon */
	stats_set_add(&set, "Le Blanc", 8);
	cr_expect_eq(set.n, 2);
	for (int i = 0; i < 100; i++) {
		snprintf(b, sizeof(b), "c%d", i);
		stats_set_add(&set, b, strlen(b));
	}
	cr_expect_eq(set.n, 102);
	stats_set_release(&set);
	cr_expect_eq(set.n, 0);
}

/* ---- the evaluation table --------------------------------------------- */

static const char form_a[] =
    "survey,,,\n"
    ",type,name,label\n"
    ",select_one c,centre,Centre\n"
    ",select_multiple e,envies,Envies\n"
    ",integer,note,Note\n"
    ",text,mot,Mot\n"
    "choices,,,\n"
    ",list_name,name,label\n"
    ",c,vierzon,Vierzon\n"
    ",c,le_blanc,Le Blanc\n"
    ",c,autre,Autre\n"
    ",e,x,X\n"
    ",e,y,Y\n"
    "settings,,,\n"
    ",form_id,form_title,\n"
    ",a,A,\n"
    "indicators,,,,,\n"
    ",objet,indicateur,mesure,question,valeur\n"
    ",O1,Réunions,meetings,,\n"
    ",O1,Réponses,responses,,\n"
    ",O2,X choisi,count,envies,x\n"
    ",O2,Part X,share,envies,x\n"
    ",O3,Note,mean,note,\n"
    ",O3,Mots,texts,mot,\n"
    ",O2,Envies différentes,distinct,envies,\n"
    ",O4,Niveau,participation,,coproduction\n"
    ",R,Par niveau,levels,,\n"
    ",R,Toutes,meetings,,\n"
    ",R,Centres,centres,centre,autre\n";

/* Form b declares the R rows alike, and one of its own before them. */
static const char form_b[] =
    "survey,,,\n"
    ",type,name,label\n"
    ",select_one c,centre,Centre\n"
    ",integer,note,Note\n"
    "choices,,,\n"
    ",list_name,name,label\n"
    ",c,vierzon,VIERZON\n"
    ",c,chateauroux,Châteauroux\n"
    ",c,autre,Autre\n"
    "settings,,,\n"
    ",form_id,form_title,\n"
    ",b,B,\n"
    "indicators,,,,,\n"
    ",objet,indicateur,mesure,question,valeur\n"
    ",O3,Note B,mean,note,\n"
    ",R,Par niveau,levels,,\n"
    ",R,Toutes,meetings,,\n"
    ",R,Centres,centres,centre,autre\n";

static struct form *
parse(const char *file, const char *src)
{
	struct diag d;
	struct form *f;

	diag_init(&d);
	f = form_parse(file, src, strlen(src), &d);
	for (size_t i = 0; i < d.n; i++)
		cr_log_error("%s", diag_format(&d, i));
	diag_release(&d);
	cr_assert_not_null(f);
	return f;
}

struct table {
	char text[2048];
};

static int
collect(const char *objet, const char *indicateur,
    const struct stats_figure *fig, void *arg)
{
	struct table *t = arg;
	size_t len = strlen(t->text);

	if (fig->text != NULL)
		snprintf(t->text + len, sizeof(t->text) - len, "%s|%s|%s\n", objet,
		    indicateur, fig->text);
	else if (fig->has_value)
		snprintf(t->text + len, sizeof(t->text) - len, "%s|%s|%.*f%s\n",
		    objet, indicateur, fig->prec, fig->value,
		    fig->percent ? " %" : "");
	else
		snprintf(t->text + len, sizeof(t->text) - len, "%s|%s|\n", objet,
		    indicateur);
	return 0;
}

static void
answer(struct stats *st, const char *q, const char *v)
{
	stats_answer(st, q, v, strlen(v), 1);
}

Test(stats, evaluation_measures_and_merged_rows)
{
	struct form *fa = parse("a.csv", form_a), *fb = parse("b.csv", form_b);
	struct stats sa, sb;
	struct stats_eval ev = { 0 };
	struct table t = { "" };
	unsigned needs;

	stats_init(&sa);
	needs = stats_eval_prepare(fa, &sa);
	cr_expect_eq(needs, STATS_NEED_RESPONSES | STATS_NEED_MEETINGS |
	    STATS_NEED_LEVELS | STATS_NEED_HOSTS);
	sa.responses = 4;
	sa.meetings = 2;
	stats_add_level(&sa, "Berry", 1);
	stats_add_level(&sa, "", 1);
	stats_add_host(&sa, "Vierzon");
	stats_add_host(&sa, "");
	answer(&sa, "centre", "vierzon");
	answer(&sa, "centre", "autre");
	answer(&sa, "centre", "le_blanc");
	answer(&sa, "envies", "x y");
	answer(&sa, "envies", "y");
	answer(&sa, "envies", "x");
	answer(&sa, "note", "4");
	answer(&sa, "note", "5");
	answer(&sa, "mot", "bien");
	answer(&sa, "mot", "  ");
	stats_eval_add(&ev, fa, &sa);

	stats_init(&sb);
	needs = stats_eval_prepare(fb, &sb);
	cr_expect_eq(needs, STATS_NEED_MEETINGS | STATS_NEED_LEVELS |
	    STATS_NEED_HOSTS);
	sb.meetings = 1;
	stats_add_level(&sb, "Berry", 1);
	stats_add_host(&sb, "Châteauroux");
	answer(&sb, "centre", "vierzon");     /* label VIERZON: one centre */
	answer(&sb, "centre", "chateauroux");
	stats_eval_add(&ev, fb, &sb);         /* no note: an empty mean */

	cr_assert_eq(stats_eval_each(&ev, collect, &t), 0);
	cr_expect_str_eq(t.text,
	    "O1|Réunions|2\n"
	    "O1|Réponses|4\n"
	    "O2|X choisi|2\n"
	    "O2|Part X|50.0 %\n"
	    "O2|Envies différentes|2\n"
	    "O3|Note|4.50\n"
	    "O3|Mots|1\n"
	    "O3|Note B|\n"
	    "O4|Niveau|Coproduction\n"
	    "R|Par niveau : non précisé|1\n"
	    "R|Par niveau : Berry|2\n"
	    "R|Toutes|3\n"
	    "R|Centres|3\n");   /* Vierzon, Le Blanc, Châteauroux */
	stats_eval_release(&ev);
	stats_release(&sa);
	stats_release(&sb);
	form_free(fa);
	form_free(fb);
}

/* A share with no response has no value; a form without indicators adds
 * nothing and needs nothing. */
Test(stats, evaluation_without_responses)
{
	struct form *fa = parse("a.csv", form_a);
	struct stats st;
	struct stats_eval ev = { 0 };
	struct table t = { "" };

	stats_init(&st);
	stats_eval_prepare(fa, &st);
	stats_eval_add(&ev, fa, &st);
	cr_assert_eq(stats_eval_each(&ev, collect, &t), 0);
	cr_expect(strstr(t.text, "O2|Part X|\n") != NULL, "%s", t.text);
	cr_expect(strstr(t.text, "O3|Note|\n") != NULL, "%s", t.text);
	cr_expect(strstr(t.text, "R|Centres|0\n") != NULL, "%s", t.text);
	cr_expect(strstr(t.text, "Par niveau") == NULL, "%s", t.text);
	stats_eval_release(&ev);
	stats_release(&st);
	form_free(fa);
}
