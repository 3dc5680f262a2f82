/*
 * test_results.c - a meeting's per-question results from the rows the
 * store gives: choices, several choices, scales, numbers, texts.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "form.h"
#include "results.h"

static const char def[] =
    "survey,,,,\n"
    ",type,name,label,parameters\n"
    ",note,intro,Bonjour,\n"
    ",select_one yn,venu,Venu ?,\n"
    ",select_multiple envies,envies,Envies,\n"
    ",range,note_globale,Note,start=1 end=5 step=1\n"
    ",integer,age,Âge,\n"
    ",text,mot,Un mot,\n"
    "choices,,,,\n"
    ",list_name,name,label,\n"
    ",yn,oui,Oui,\n"
    ",yn,non,Non,\n"
    ",envies,a,Visiter,\n"
    ",envies,b,Accueillir,\n"
    "settings,,,,\n"
    ",form_id,form_title,,\n"
    ",t,Test,,\n";

static struct form *
load(void)
{
	struct diag d;
	struct form *f;

	diag_init(&d);
	f = form_parse("t.csv", def, sizeof(def) - 1, &d);
	for (size_t i = 0; i < d.n; i++)
		cr_log_error("%s", diag_format(&d, i));
	diag_release(&d);
	cr_assert_not_null(f);
	return f;
}

static const struct result *
item(const struct results *r, const char *name)
{
	for (size_t i = 0; i < r->n_items; i++)
		if (strcmp(r->items[i].q->name, name) == 0)
			return &r->items[i];
	cr_assert_fail("no item %s", name);
	return NULL;
}

Test(results, counts_choices_scales_numbers_and_texts)
{
	struct form *f = load();
	struct results r;
	const struct result *it;
	const char *texts[8];
	size_t n;
	const char **qs;

	results_init(&r, f, 0);
	cr_assert_eq(r.n_items, 5);   /* the note takes no answer */
	results_add(&r, "venu", "oui", 3);
	results_add(&r, "venu", "non", 1);
	results_add(&r, "venu", "peut-etre", 2);   /* from another version */
	results_add(&r, "envies", "a b", 2);
	results_add(&r, "envies", "b", 1);
	results_add(&r, "envies", "", 4);
	results_add(&r, "note_globale", "5", 2);
	results_add(&r, "note_globale", "2", 1);
	results_add(&r, "age", "30", 1);
	results_add(&r, "age", "50", 1);
	results_add(&r, "age", "abc", 1);
	results_add(&r, "mot", "merci", 1);
	results_add(&r, "inconnue", "x", 9);
	results_add_text(&r, "mot", "merci");

	it = item(&r, "venu");
	cr_assert_eq(it->answered, 6);
	cr_assert_eq(it->n_bars, 3);
	cr_assert_str_eq(it->bars[0].label, "Oui");
	cr_assert_eq(it->bars[0].n, 3);
	cr_assert_eq(it->bars[1].n, 1);
	cr_assert_str_eq(it->bars[2].label, "peut-etre");
	cr_assert_eq(it->bars[2].n, 2);

	it = item(&r, "envies");
	cr_assert_eq(it->answered, 3);
	cr_assert_eq(it->bars[0].n, 2);
	cr_assert_eq(it->bars[1].n, 3);

	it = item(&r, "note_globale");
	cr_assert_eq(it->n_bars, 5);
	cr_assert_str_eq(it->bars[4].label, "5");
	cr_assert_eq(it->bars[4].n, 2);
	cr_assert_eq(it->bars[1].n, 1);
	cr_assert_float_eq(it->sum / (double)it->n_numbers, 4.0, 1e-9);
	cr_assert_float_eq(it->min, 2.0, 1e-9);

	it = item(&r, "age");
	cr_assert_eq(it->n_numbers, 2);
	cr_assert_float_eq(it->max, 50.0, 1e-9);
	cr_assert_eq(it->n_bars, 0);

	cr_assert_eq(r.n_texts, 1);
	cr_assert_str_eq(r.texts[0].value, "merci");
	qs = results_text_questions(f, &n);
	cr_assert_eq(n, 1);
	texts[0] = qs[0];
	cr_assert_str_eq(texts[0], "mot");
	free(qs);
	results_release(&r);
	form_free(f);
}
