/*
 * test_answers.c - gathering and validating answers with the form's own
 * rules: types, required, constraints, relevance (irrelevant answers are
 * never stored), select_multiple joining, messages and languages.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "i18n.h"
#include "diag.h"
#include "form.h"
#include "urlenc.h"

static const char def[] =
    "survey\n"
    ",type,name,label,label::English (en),required,relevant,constraint,"
    "constraint_message,appearance,parameters,default\n"
    ",select_one yn,venu,Venu ?,Came?,yes,,,,,,\n"
    ",integer,fois,Combien ?,How many?,yes,${venu} = 'oui',. >= 1,"
    "Au moins 1.,,,\n"
    ",decimal,km,Km,Km,,,. >= 0,,,,\n"
    ",date,quand,Quand ?,When?,,,,,,,\n"
    ",range,note,Note,Rating,,,,,,start=0 end=10 step=2,\n"
    ",select_multiple act,act,Activités,Activities,,,"
    "\"not(selected(., 'rien') and count-selected(.) > 1)\",Rien seul.,,,\n"
    ",begin_group,g,Groupe,Group,,${venu} = 'oui',,,,,\n"
    ",text,idee,Idée,Idea,yes,,string-length(.) <= 5,,,,\n"
    ",end_group,,,,,,,,,,\n"
    ",text,libre,Libre,Free,,,,,,,bonjour\n"
    ",note,fin,Merci,Thanks,,,,,,,\n"
    "choices\n"
    ",list_name,name,label,label::English (en)\n"
    ",yn,oui,Oui,Yes\n"
    ",yn,non,Non,No\n"
    ",act,cuisine,Cuisine,Cooking\n"
    ",act,jardin,Jardin,Garden\n"
    ",act,rien,Rien,Nothing\n"
    "settings\n"
    ",form_id,form_title,default_language\n"
    ",t,Test,Français (fr)\n";

static struct form *form;

static void
setup(void)
{
	struct diag d;

	/* The built-in messages of an English form come from en.po. */
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
	diag_init(&d);
	form = form_parse("t.csv", def, sizeof(def) - 1, &d);
	for (size_t i = 0; i < d.n; i++) {
		char *m = diag_format(&d, i);

		fprintf(stderr, "%s\n", m);
		free(m);
	}
	diag_release(&d);
	cr_assert_not_null(form);
}

static void
teardown(void)
{
	form_free(form);
}

/* Validate `body` in language `lang`; the caller releases `a`. */
static size_t
check(struct answers *a, const char *body, size_t lang)
{
	struct urlenc u;

	cr_assert_eq(urlenc_parse(&u, body, strlen(body), 100, 1000), URLENC_OK,
	    "%s", body);
	answers_from_fields(a, form, &u);
	urlenc_release(&u);
	return answers_validate(a, lang);
}

static size_t
qi(const char *name)
{
	for (size_t i = 0; i < form->n_questions; i++)
		if (form->questions[i].name != NULL &&
		    strcmp(form->questions[i].name, name) == 0)
			return i;
	cr_assert_fail("no question %s", name);
	return 0;
}

/*
 * Each case: a body, the questions in error (space-separated, in form
 * order) and, when valid, the stored rows "q=v;q=v" in form order.
 */
struct vcase {
	const char *body;
	const char *errors;
	const char *rows;
};

static const struct vcase cases[] = {
	/* Minimal valid answers. */
	{ "venu=non", "", "venu=non" },
	{ "venu=oui&fois=2&idee=abc", "", "venu=oui;fois=2;idee=abc" },
	/* Required. */
	{ "", "venu", NULL },
	{ "venu=", "venu", NULL },
	{ "venu=+++", "venu", NULL },
	{ "venu=oui", "fois idee", NULL },
	/* Choices. */
	{ "venu=peut-etre", "venu", NULL },
	{ "venu=Oui", "venu", NULL },
	/* Integers. */
	{ "venu=oui&fois=abc&idee=a", "fois", NULL },
	{ "venu=oui&fois=2.5&idee=a", "fois", NULL },
	{ "venu=oui&fois=%2B3&idee=a", "fois", NULL },
	{ "venu=oui&fois=-&idee=a", "fois", NULL },
	{ "venu=oui&fois=3-&idee=a", "fois", NULL },
	{ "venu=oui&fois=99999999999999999999&idee=a", "fois", NULL },
	{ "venu=oui&fois=0&idee=a", "fois", NULL },       /* constraint */
	{ "venu=oui&fois=+7+&idee=a", "", "venu=oui;fois=7;idee=a" },
	/* Decimals: comma or point, normalised to a point. */
	{ "venu=non&km=2,5", "", "venu=non;km=2.5" },
	{ "venu=non&km=2.5", "", "venu=non;km=2.5" },
	{ "venu=non&km=-1", "km", NULL },
	{ "venu=non&km=1e3", "km", NULL },
	{ "venu=non&km=nan", "km", NULL },
	{ "venu=non&km=1,2,3", "km", NULL },
	/* Dates. */
	{ "venu=non&quand=2024-02-29", "", "venu=non;quand=2024-02-29" },
	{ "venu=non&quand=2023-02-29", "quand", NULL },
	{ "venu=non&quand=29%2F02%2F2024", "quand", NULL },
	/* Ranges: on the scale and on a step. */
	{ "venu=non&note=0", "", "venu=non;note=0" },
	{ "venu=non&note=10", "", "venu=non;note=10" },
	{ "venu=non&note=3", "note", NULL },
	{ "venu=non&note=12", "note", NULL },
	{ "venu=non&note=-2", "note", NULL },
	/* select_multiple: several fields joined, duplicates once. */
	{ "venu=non&act=cuisine&act=jardin&act=cuisine", "",
	    "venu=non;act=cuisine jardin" },
	{ "venu=non&act=cuisine&act=", "", "venu=non;act=cuisine" },
	{ "venu=non&act=piscine", "act", NULL },
	{ "venu=non&act=rien&act=jardin", "act", NULL },
	{ "venu=non&act=rien", "", "venu=non;act=rien" },
	/* Relevance: irrelevant answers are neither checked nor stored, and
	 * a whole irrelevant group goes with them. */
	{ "venu=non&fois=abc&idee=beaucoup+trop+long", "", "venu=non" },
	{ "venu=oui&fois=1&idee=beaucoup+trop+long", "idee", NULL },
	/* Unknown fields, notes and groups are never answers. */
	{ "venu=non&fin=x&g=y&_token=z&autre=1", "", "venu=non" },
	/* A single-valued field given twice: the last wins. */
	{ "venu=oui&venu=non", "", "venu=non" },
	/* Text kept as typed (trimmed only). */
	{ "venu=non&libre=+%3Cb%3E+%22x%22+", "", "venu=non;libre=<b> \"x\"" },
};

static char *
rows_text(const struct answers *a)
{
	size_t n, len = 1;
	struct answer *rows = answers_rows(a, &n);
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(rows[i].question) + strlen(rows[i].value) + 2;
	s = calloc(1, len);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			strcat(s, ";");
		strcat(s, rows[i].question);
		strcat(s, "=");
		strcat(s, rows[i].value);
	}
	free(rows);
	return s;
}

Test(answers, validation_table, .init = setup, .fini = teardown)
{
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct vcase *k = &cases[c];
		struct answers a;
		char errs[256] = "";
		size_t n = check(&a, k->body, 0), counted = 0;

		for (size_t i = 0; i < form->n_questions; i++) {
			if (a.errors[i] == NULL)
				continue;
			if (*errs)
				strcat(errs, " ");
			strcat(errs, form->questions[i].name);
			counted++;
		}
		cr_assert_eq(n, counted, "%s", k->body);
		cr_assert_str_eq(errs, k->errors, "%s", k->body);
		if (k->rows != NULL) {
			char *r = rows_text(&a);

			cr_assert_str_eq(r, k->rows, "%s", k->body);
			free(r);
		}
		answers_release(&a);
	}
}

Test(answers, irrelevant_values_stay_for_the_page_but_are_not_stored,
    .init = setup, .fini = teardown)
{
	struct answers a;
	char *r;

	cr_assert_eq(check(&a, "venu=non&fois=abc&km=x", 0), 1);
	cr_assert_str_eq(a.values[qi("fois")], "abc");
	cr_assert_eq(a.relevant[qi("fois")], 0);
	cr_assert_null(a.errors[qi("fois")]);
	cr_assert_not_null(a.errors[qi("km")]);
	r = rows_text(&a);
	cr_assert_str_eq(r, "venu=non;km=x");   /* rows are not checked */
	free(r);
	answers_release(&a);
}

struct mcase {
	const char *body;
	const char *question;
	size_t lang;
	const char *message;
};

static const struct mcase messages[] = {
	{ "", "venu", 0, "Cette question demande une réponse." },
	{ "", "venu", 1, "This question needs an answer." },
	{ "venu=oui&fois=0&idee=a", "fois", 0, "Au moins 1." },
	/* The form has no English message: its default language. */
	{ "venu=oui&fois=0&idee=a", "fois", 1, "Au moins 1." },
	{ "venu=oui&fois=x&idee=a", "fois", 0,
	    "Indiquez un nombre entier, par exemple 3." },
	{ "venu=oui&fois=x&idee=a", "fois", 1,
	    "Enter a whole number, for example 3." },
	{ "venu=non&km=-1", "km", 0, "Cette réponse n'est pas acceptée." },
	{ "venu=non&km=-1", "km", 1, "This answer is not accepted." },
	{ "venu=non&note=1", "note", 0, "Choisissez une valeur de l'échelle." },
	{ "venu=non&quand=x", "quand", 1,
	    "Enter a date that exists (day, month, year)." },
	{ "venu=non&act=x", "act", 0,
	    "Choisissez parmi les réponses proposées." },
	{ "venu=x", "venu", 0, "Choisissez une des réponses proposées." },
	{ "venu=non&act=rien&act=cuisine", "act", 0, "Rien seul." },
};

Test(answers, messages_in_the_form_language, .init = setup, .fini = teardown)
{
	cr_assert_eq(form_lang(form, "en"), 1);
	for (size_t c = 0; c < sizeof(messages) / sizeof(messages[0]); c++) {
		const struct mcase *k = &messages[c];
		struct answers a;

		check(&a, k->body, k->lang);
		cr_assert_not_null(a.errors[qi(k->question)], "%s", k->body);
		cr_assert_str_eq(a.errors[qi(k->question)], k->message, "%s",
		    k->body);
		answers_release(&a);
	}
}

Test(answers, defaults, .init = setup, .fini = teardown)
{
	struct answers a;

	answers_defaults(&a, form);
	cr_assert_str_eq(a.values[qi("libre")], "bonjour");
	cr_assert_null(a.values[qi("venu")]);
	answers_release(&a);
}

Test(answers, revalidation_is_stable, .init = setup, .fini = teardown)
{
	struct answers a;

	cr_assert_eq(check(&a, "venu=oui&fois=x&idee=a", 0), 1);
	cr_assert_eq(answers_validate(&a, 0), 1);
	answers_release(&a);
}

struct scase {
	const char *value, *name;
	int want;
};

static const struct scase selected[] = {
	{ "a b c", "a", 1 }, { "a b c", "b", 1 }, { "a b c", "c", 1 },
	{ "ab b", "a", 0 }, { "ab b", "b", 1 }, { "xa", "a", 0 },
	{ "a", "", 0 }, { "", "a", 0 }, { "aa a", "a", 1 },
};

Test(answers, selected)
{
	for (size_t i = 0; i < sizeof(selected) / sizeof(selected[0]); i++)
		cr_assert_eq(answers_selected(selected[i].value,
		    selected[i].name), selected[i].want, "%s in '%s'",
		    selected[i].name, selected[i].value);
}

/* 2026-11-29: a rule reading a later question saw it as unanswered,
 * because relevance was computed in one pass with later questions still
 * marked irrelevant. */
Test(answers, relevance_may_read_a_later_question)
{
	static const char fwd[] =
	    "survey\n"
	    ",type,name,label,relevant\n"
	    ",text,detail,Détail,${kind} = 'autre'\n"
	    ",text,kind,Sorte,\n"
	    ",text,after,Après,${detail} != ''\n";
	struct diag d;
	struct form *f;
	struct urlenc u;
	struct answers a;
	size_t n;
	struct answer *rows;
	static const char body[] = "detail=ici&kind=autre&after=oui";

	diag_init(&d);
	f = form_parse("fwd.csv", fwd, sizeof(fwd) - 1, &d);
	diag_release(&d);
	cr_assert_not_null(f);
	cr_assert_eq(urlenc_parse(&u, body, sizeof(body) - 1, 10, 100),
	    URLENC_OK);
	answers_from_fields(&a, f, &u);
	cr_assert_eq(answers_validate(&a, 0), 0);
	rows = answers_rows(&a, &n);
	cr_assert_eq(n, 3);
	free(rows);
	answers_release(&a);
	urlenc_release(&u);
	/* And when the later answer makes it irrelevant, it is dropped, and
	 * so is what depends on it. */
	cr_assert_eq(urlenc_parse(&u, "detail=ici&kind=x&after=oui", 27, 10,
	    100), URLENC_OK);
	answers_from_fields(&a, f, &u);
	cr_assert_eq(answers_validate(&a, 0), 0);
	rows = answers_rows(&a, &n);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(rows[0].question, "kind");
	free(rows);
	answers_release(&a);
	urlenc_release(&u);
	form_free(f);
}
