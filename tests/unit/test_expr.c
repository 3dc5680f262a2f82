/*
 * test_expr.c - the XLSForm expression subset: parsing, errors with their
 * position, and evaluation against answers.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "i18n.h"

/* Answers for evaluation: "." is the question being checked. */
struct answers {
	const char *dot;
	const char *const (*kv)[2];
};

static const char *const answers_kv[][2] = {
	{ "centre", "autre" },
	{ "age", "42" },
	{ "envies", "visiter preparer" },
	{ "vide", "" },
	{ "nom", "Élodie" },
	{ "note", "4" },
	{ "date", "2026-11-29" },
	{ NULL, NULL }
};

static const char *
lookup(const char *name, void *arg)
{
	const struct answers *a = arg;
	size_t i;

	if (name == NULL)
		return a->dot;
	for (i = 0; a->kv[i][0] != NULL; i++)
		if (strcmp(a->kv[i][0], name) == 0)
			return a->kv[i][1];
	return "";
}

struct eval_case {
	const char *src;
	const char *dot;
	int want;
};

static const struct eval_case eval_cases[] = {
	{ "${centre} = 'autre'", "", 1 },
	{ "${centre} = \"autre\"", "", 1 },
	{ "${centre} != 'autre'", "", 0 },
	{ "${centre} = 'vierzon' or ${centre} = 'autre'", "", 1 },
	{ "${centre} = 'autre' and ${age} > 40", "", 1 },
	{ "${centre} = 'autre' and ${age} > 50", "", 0 },
	{ "${age} >= 42", "", 1 },
	{ "${age} < 100", "", 1 },      /* numeric, not string, order */
	{ "${age} <= 41", "", 0 },
	{ "${age} = 42.0", "", 1 },
	{ "${age} + 8 = 50", "", 1 },
	{ "${age} - 2 = 40", "", 1 },
	{ ". >= 1 and . <= 5", "3", 1 },
	{ ". >= 1 and . <= 5", "6", 0 },
	{ ". > -1", "0", 1 },
	{ "selected(${envies}, 'visiter')", "", 1 },
	{ "selected(${envies}, 'preparer')", "", 1 },
	{ "selected(${envies}, 'accueillir')", "", 0 },
	{ "selected(${envies}, 'visit')", "", 0 },
	{ "not(selected(${envies}, 'accueillir'))", "", 1 },
	{ "count-selected(${envies}) = 2", "", 1 },
	{ "count-selected(${vide}) = 0", "", 1 },
	{ "string-length(.) <= 5", "héllo", 1 },
	{ "string-length(.) <= 4", "héllo", 0 },
	{ "string-length(${nom}) = 6", "", 1 },
	{ "${vide} = ''", "", 1 },
	{ "${vide} != ''", "", 0 },
	{ "${inconnu} = ''", "", 1 },
	{ "true()", "", 1 },
	{ "false()", "", 0 },
	{ "true() and false()", "", 0 },
	{ "not(false())", "", 1 },
	{ "(1 = 1 or 1 = 2) and 2 = 2", "", 1 },
	{ "1 = 1 or 1 = 2 and 2 = 3", "", 1 },  /* and binds tighter */
	{ "${note} > 3", "", 1 },
	{ "${date} >= '2026-01-01'", "", 1 },  /* string order */
	{ ". = 'oui'", "oui", 1 },
	{ ".", "", 0 },
	{ ".", "x", 1 },
	{ "0", "", 0 },
	{ "'a' < 'b'", "", 1 },
	{ ".5 < 1", "", 1 },
	{ "true() = 1", "", 1 },
};

Test(expr, evaluates_table_of_expressions)
{
	size_t i;

	for (i = 0; i < sizeof(eval_cases) / sizeof(*eval_cases); i++) {
		const struct eval_case *c = &eval_cases[i];
		struct answers a = { c->dot, answers_kv };
		char err[200];
		int pos = -1;
		struct expr *e = expr_parse(c->src, err, sizeof(err), &pos);

		cr_assert_not_null(e, "%s: %s at %d", c->src, err, pos);
		cr_expect_eq(expr_eval_bool(e, lookup, &a), c->want,
		    "%s with . = '%s': expected %d", c->src, c->dot, c->want);
		expr_free(e);
	}
}

struct err_case {
	const char *src;
	int pos;
	const char *msg;
};

static const struct err_case err_cases[] = {
	{ "", 1, "empty expression" },
	{ "   ", 4, "empty expression" },
	{ "${a} = 'x", 8, "unterminated string: add the closing '" },
	{ "${a = 'x'", 1, "unterminated reference: add the closing '}'" },
	{ "${} = 1", 1, "empty reference '${}': write the name of a question "
	    "between the braces" },
	{ "${a b} = 1", 5, "invalid character in question name: names use "
	    "letters, digits and _" },
	{ "${a} = ", 8, "expression is incomplete: a value is missing at the "
	    "end" },
	{ "(${a} = 1", 10, "expected ')' to close '(', found the end of the "
	    "expression" },
	{ "selected(${a} 'x')", 15, "expected ',' between the arguments of "
	    "selected(), found ''x''" },
	{ "regex(., '[0-9]')", 1, "function 'regex()' is not supported; use "
	    "selected(), string-length(), count-selected(), not(), true() or "
	    "false()" },
	{ "foo(1)", 1, "unknown function 'foo()'" },
	{ "${a} = oui", 8, "unexpected name 'oui': write ${oui} for a "
	    "question, or 'oui' in quotes for text" },
	{ "${a} = 1 = 2", 10, "unexpected '=': join comparisons with 'and' or "
	    "'or'" },
	{ "${a} 'x'", 6, "unexpected ''x'': is an operator ('and', 'or', '=') "
	    "missing?" },
	{ ". * 2", 3, "operator '*' is not supported" },
	{ ". # 2", 3, "unexpected character '#'" },
	{ "! ${a}", 1, "unexpected '!': write != for 'differs from', or "
	    "not(...)" },
	{ "and ${a}", 1, "expected a value before 'and'" },
	{ "é = 1", 1, "unexpected name 'é': write ${é} for a question, or 'é' "
	    "in quotes for text" },
	{ "'é' = 1 and ${a} = ", 20, "expression is incomplete: a value is "
	    "missing at the end" },
	{ "'é' = 1 and ${a} = )", 20, "expected a value, found ')'" },
	{ "true( = 1", 7, "expected ')' to close true(), found '='" },
};

Test(expr, reports_parse_errors_with_their_position)
{
	size_t i;

	/* The messages spelled here are the English of po/en.po (the French
	 * is checked by the form corpus' .expected files). */
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
	i18n_set_lang(I18N_EN);
	for (i = 0; i < sizeof(err_cases) / sizeof(*err_cases); i++) {
		const struct err_case *c = &err_cases[i];
		char err[300];
		int pos = -1;
		struct expr *e = expr_parse(c->src, err, sizeof(err), &pos);

		cr_expect_null(e, "'%s' should not parse", c->src);
		expr_free(e);
		cr_expect_str_eq(err, c->msg, "'%s'", c->src);
		cr_expect_eq(pos, c->pos, "'%s': position %d, expected %d",
		    c->src, pos, c->pos);
	}
}

Test(expr, parse_errors_without_buffers_do_not_crash)
{
	cr_expect_null(expr_parse("${a} =", NULL, 0, NULL));
	cr_expect_null(expr_parse("(((", NULL, 0, NULL));
}

static void
collect(const char *name, void *arg)
{
	char *buf = arg;

	strcat(buf, name);
	strcat(buf, ";");
}

Test(expr, lists_references_in_order)
{
	char buf[200] = "";
	struct expr *e = expr_parse("${a} = 1 and (selected(${b}, 'x') or "
	    "not(${c} = ${a}))", NULL, 0, NULL);

	cr_assert_not_null(e);
	expr_refs(e, collect, buf);
	cr_expect_str_eq(buf, "a;b;c;a;");
	cr_expect_eq(expr_uses_dot(e), 0);
	expr_free(e);
	e = expr_parse("string-length(.) < 3", NULL, 0, NULL);
	cr_expect_eq(expr_uses_dot(e), 1);
	expr_free(e);
}

Test(expr, null_tree_is_true)
{
	cr_expect_eq(expr_eval_bool(NULL, lookup, NULL), 1);
	expr_free(NULL);
}

static void
collect_literal(const char *name, const char *lit, void *arg)
{
	char *buf = arg;

	strcat(buf, name ? name : ".");
	strcat(buf, "=");
	strcat(buf, lit);
	strcat(buf, ";");
}

Test(expr, lists_literals_compared_with_answers)
{
	char buf[200] = "";
	struct expr *e = expr_parse("${a} = 'x' and ('y' != ${b} or "
	    "selected(., 'z')) and ${c} > 3 and 'k' = 'l' and ${d} = ${e}",
	    NULL, 0, NULL);

	cr_assert_not_null(e);
	expr_literals(e, collect_literal, buf);
	cr_expect_str_eq(buf, "a=x;b=y;.=z;");
	expr_free(e);
}

/* ------------------------------------------------------------- depth */

/*
 * 2026-12-02, issue 17: a relevant cell of ~24,000 nested '(' or ~44,000
 * unary '-' (well under the 64 KB cell limit) overflowed the stack of the
 * recursive descent parser: `recueil forms check` died with SIGSEGV and an
 * upload killed recueild.  Long chains ("1+1+1...") built trees that deep
 * too, and every walk over a tree recurses.  Each input is built as
 * prefix * n + middle + suffix * n.
 */
struct deep_case {
	const char *prefix, *middle, *suffix;
	size_t n;
	int ok;           /* 1: parses (and evaluates to `want`) */
	int want;
	const char *msg;  /* the start of the message when it must fail */
};

static const char too_nested[] = "expression trop imbriquée";
static const char too_long[] = "expression trop longue";

static const struct deep_case deep_cases[] = {
	/* At the limits: EXPR_MAX_NESTING - 1 '(' around a primary. */
	{ "(", "1 = 1", ")", EXPR_MAX_NESTING - 1, 1, 1, NULL },
	{ "-", "1", "", EXPR_MAX_NESTING - 1, 1, 1, NULL },
	{ "not(", "false()", ")", EXPR_MAX_NESTING / 2 - 1, 1, 1, NULL },
	{ "1 + ", "1", "", EXPR_MAX_HEIGHT - 1, 1, 1, NULL },
	{ "", "${a} = 'x'", " or ${a} = 'y'", EXPR_MAX_HEIGHT - 2, 1, 0, NULL },
	/* Just past them. */
	{ "(", "1 = 1", ")", EXPR_MAX_NESTING, 0, 0, too_nested },
	{ "-", "1", "", EXPR_MAX_NESTING, 0, 0, too_nested },
	{ "1 + ", "1", "", EXPR_MAX_HEIGHT, 0, 0, too_long },
	/* The reports of issue 17, and more. */
	{ "(", "1", ")", 24000, 0, 0, too_nested },
	{ "(", "1", "", 30000, 0, 0, too_nested },
	{ "-", "1", "", 44000, 0, 0, too_nested },
	{ "not(", "1", ")", 10000, 0, 0, too_nested },
	{ "selected(", "'a', 'b'", ", 'c')", 10000, 0, 0, too_nested },
	{ "1+", "1", "", 30000, 0, 0, too_long },
	{ "", "1 = 1", " and 1 = 1", 10000, 0, 0, too_long },
	{ "", "true()", " or false()", 10000, 0, 0, too_long },
};

static char *
repeat_build(const struct deep_case *c)
{
	size_t lp = strlen(c->prefix), lm = strlen(c->middle),
	    ls = strlen(c->suffix), i;
	char *s = malloc(c->n * (lp + ls) + lm + 1), *p = s;

	cr_assert_not_null(s);
	for (i = 0; i < c->n; i++, p += lp)
		memcpy(p, c->prefix, lp);
	memcpy(p, c->middle, lm);
	p += lm;
	for (i = 0; i < c->n; i++, p += ls)
		memcpy(p, c->suffix, ls);
	*p = '\0';
	return s;
}

Test(expr, deep_nesting_and_long_chains_are_refused_not_a_crash)
{
	size_t i;

	for (i = 0; i < sizeof(deep_cases) / sizeof(*deep_cases); i++) {
		const struct deep_case *c = &deep_cases[i];
		char *src = repeat_build(c);
		struct answers a = { "", answers_kv };
		char err[300] = "";
		int pos = -1;
		struct expr *e = expr_parse(src, err, sizeof(err), &pos);

		if (c->ok) {
			cr_expect_not_null(e, "case %zu (%s x %zu): %s", i,
			    c->prefix, c->n, err);
			if (e != NULL)
				cr_expect_eq(expr_eval_bool(e, lookup, &a),
				    c->want, "case %zu", i);
		} else {
			cr_expect_null(e, "case %zu (%s x %zu) parsed", i,
			    c->prefix, c->n);
			cr_expect_eq(strncmp(err, c->msg, strlen(c->msg)), 0,
			    "case %zu: '%s'", i, err);
			/* The position is where the limit was passed. */
			cr_expect_gt(pos, 0, "case %zu", i);
			cr_expect_lt((size_t)pos, strlen(src) + 2, "case %zu", i);
		}
		expr_free(e);
		free(src);
	}
}

/* ---- the table shared with the page's script ---------------------------- */

/*
 * tests/expr_cases.txt drives this test and the browser's evaluator
 * (tests/browser/test_skip_logic.py): the two evaluators of `relevant`
 * cannot drift apart without one of them failing.
 */
#define CASE_MAX_ANSWERS 8

struct table_case {
	const char *dot;
	const char *names[CASE_MAX_ANSWERS];
	const char *values[CASE_MAX_ANSWERS];
	size_t n;
};

static const char *
table_lookup(const char *name, void *arg)
{
	const struct table_case *c = arg;

	if (name == NULL)
		return c->dot;
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->names[i], name) == 0)
			return c->values[i];
	return "";
}

/* Split one line in place; returns the number of cases checked (0 or 1). */
static int
check_table_line(char *line, int lineno)
{
	char *field[2 + CASE_MAX_ANSWERS];
	size_t nf = 0;
	struct table_case c = { "", { NULL }, { NULL }, 0 };
	struct expr *e;
	char err[200] = "", *data;
	int pos = 0;

	line[strcspn(line, "\r\n")] = '\0';
	if (line[0] == '#' || line[0] == '\0')
		return 0;
	for (char *p = line; p != NULL && nf < 2 + CASE_MAX_ANSWERS; nf++) {
		field[nf] = p;
		if ((p = strchr(p, '\t')) != NULL)
			*p++ = '\0';
	}
	cr_assert_geq(nf, 2, "expr_cases.txt:%d: no expected value", lineno);
	for (size_t i = 2; i < nf; i++) {
		char *eq = strchr(field[i], '=');

		cr_assert_not_null(eq, "expr_cases.txt:%d: no '='", lineno);
		*eq = '\0';
		if (strcmp(field[i], ".") == 0) {
			c.dot = eq + 1;
			continue;
		}
		c.names[c.n] = field[i];
		c.values[c.n++] = eq + 1;
	}
	e = expr_parse(field[0], err, sizeof(err), &pos);
	cr_assert_not_null(e, "expr_cases.txt:%d: %s", lineno, err);
	cr_expect_eq(expr_eval_bool(e, table_lookup, &c), atoi(field[1]),
	    "expr_cases.txt:%d: %s", lineno, field[0]);
	/* Its data form is one JSON array, as the script reads it. */
	data = expr_to_data(e);
	cr_expect(data[0] == '[' && data[strlen(data) - 1] == ']',
	    "expr_cases.txt:%d: %s", lineno, data);
	free(data);
	expr_free(e);
	return 1;
}

Test(expr, agrees_with_the_shared_table_of_cases)
{
	FILE *fp = fopen("tests/expr_cases.txt", "r");
	char line[1024];
	int lineno = 0, n = 0;

	cr_assert_not_null(fp, "run from the repository's root");
	while (fgets(line, sizeof(line), fp) != NULL && lineno < 10000)
		n += check_table_line(line, ++lineno);
	fclose(fp);
	cr_expect_gt(n, 40, "only %d cases read", n);
}

Test(expr, data_form_of_every_operator)
{
	static const char *const cases[][2] = {
		{ "${a} = 'x\"y'", "[\"=\",[\"r\",\"a\"],[\"s\",\"x\\\"y\"]]" },
		{ "not(selected(., 'b')) or -1 < 2.5",
		  "[\"or\",[\"not\",[\"sel\",[\".\"],[\"s\",\"b\"]]],"
		  "[\"<\",[\"neg\",[\"n\",1]],[\"n\",2.5]]]" },
		{ "string-length(${n}) + count-selected(${m}) >= 0 and true()",
		  "[\"and\",[\">=\",[\"+\",[\"len\",[\"r\",\"n\"]],"
		  "[\"cnt\",[\"r\",\"m\"]]],[\"n\",0]],[\"t\"]]" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct expr *e = expr_parse(cases[i][0], NULL, 0, NULL);
		char *d;

		cr_assert_not_null(e, "case %zu", i);
		d = expr_to_data(e);
		cr_expect_str_eq(d, cases[i][1], "case %zu", i);
		free(d);
		expr_free(e);
	}
	{
		char *d = expr_to_data(NULL);

		cr_expect_str_eq(d, "[\"t\"]");
		free(d);
	}
}
