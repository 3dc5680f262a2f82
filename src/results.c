/*
 * results.c - a meeting's per-question results (see results.h).
 *
 * The answers go to the statistics core; after each one, the figures of
 * its question are read back from the core and laid out as bars: one per
 * choice of the list (or step of a scale) in the form's order, then one
 * per value the form does not list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "results.h"
#include "stats.h"
#include "util.h"

/* A scale gets one bar per step when it has at most this many. */
#define MAX_STEPS 20

static int
answerable(const struct question *q)
{
	return q->type != Q_NOTE && q->type != Q_BEGIN_GROUP &&
	    q->type != Q_END_GROUP && q->name != NULL;
}

static int
numeric(enum q_type t)
{
	return t == Q_INTEGER || t == Q_DECIMAL || t == Q_RANGE;
}

static int
selecting(enum q_type t)
{
	return t == Q_SELECT_ONE || t == Q_SELECT_MULTIPLE;
}

static void
add_bar(struct result *it, const char *label, int64_t n)
{
	it->bars = xrealloc(it->bars, (it->n_bars + 1) * sizeof(*it->bars));
	it->bars[it->n_bars].label = xstrdup(label);
	it->bars[it->n_bars].n = n;
	it->n_bars++;
}

static void
clear_bars(struct result *it)
{
	for (size_t b = 0; b < it->n_bars; b++)
		free(it->bars[b].label);
	free(it->bars);
	it->bars = NULL;
	it->n_bars = 0;
}

/* A number as people write it: no trailing zeros. */
static void
number_label(char *buf, size_t len, double v)
{
	snprintf(buf, len, "%.6g", v);
}

/* The bars of a choice question: its list, then other values. */
static void
choice_bars(struct results *r, struct result *it,
    const struct stats_question *sq)
{
	const struct choice_list *l = it->q->list;
	size_t n = l != NULL ? l->n_choices : 0;
	const char **names = xcalloc(n + 1, sizeof(*names));
	struct stats_choices ch;

	for (size_t c = 0; c < n; c++)
		names[c] = l->choices[c].name;
	stats_choices(sq, names, n, it->q->type == Q_SELECT_MULTIPLE, &ch);
	for (size_t c = 0; c < ch.n; c++)
		add_bar(it, c < n ? form_text(r->form, &l->choices[c].label,
		    r->lang) : ch.v[c].name, ch.v[c].n);
	stats_choices_release(&ch);
	free(names);
}

static int
count_number(double v, int64_t n, void *arg)
{
	struct result *it = arg;
	char b[32];
	size_t c;

	number_label(b, sizeof(b), v);
	for (c = 0; c < it->n_bars; c++)
		if (strcmp(it->bars[c].label, b) == 0)
			break;
	if (c == it->n_bars)
		add_bar(it, b, 0);
	it->bars[c].n += n;
	return 0;
}

/* The figures of a number question; a scale's bars, one per step. */
static void
number_bars(struct result *it, const struct stats_question *sq)
{
	const struct question *q = it->q;
	struct stats_numbers ns;

	stats_numbers(sq, &ns);
	it->n_numbers = ns.n;
	it->sum = ns.sum;
	it->min = ns.min;
	it->max = ns.max;
	if (q->type != Q_RANGE)
		return;
	if (q->range_step > 0 && (q->range_end - q->range_start) /
	    q->range_step <= MAX_STEPS) {
		for (double v = q->range_start;
		    v <= q->range_end + q->range_step / 1e6; v += q->range_step) {
			char b[32];

			number_label(b, sizeof(b), v);
			add_bar(it, b, 0);
		}
	}
	stats_number_counts(sq, count_number, it);
}

/* Read item `it`'s figures back from the core. */
static void
refresh(struct results *r, struct result *it)
{
	const struct stats_question *sq = stats_question(r->core, it->q->name);

	clear_bars(it);
	it->answered = sq->answered;
	if (selecting(it->q->type))
		choice_bars(r, it, sq);
	else if (it->numeric)
		number_bars(it, sq);
}

void
results_init(struct results *r, const struct form *f, size_t lang)
{
	memset(r, 0, sizeof(*r));
	r->form = f;
	r->lang = lang;
	r->core = xmalloc(sizeof(*r->core));
	stats_init(r->core);
	r->items = xcalloc(f->n_questions + 1, sizeof(*r->items));
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		struct result *it;

		if (!answerable(q))
			continue;
		it = &r->items[r->n_items++];
		it->q = q;
		it->numeric = numeric(q->type);
		stats_watch(r->core, q->name, selecting(q->type) || it->numeric);
		refresh(r, it);
	}
}

void
results_release(struct results *r)
{
	for (size_t i = 0; i < r->n_items; i++)
		clear_bars(&r->items[i]);
	free(r->items);
	for (size_t i = 0; i < r->n_texts; i++)
		free(r->texts[i].value);
	free(r->texts);
	if (r->core != NULL)
		stats_release(r->core);
	free(r->core);
	memset(r, 0, sizeof(*r));
}

static struct result *
find(struct results *r, const char *question)
{
	for (size_t i = 0; i < r->n_items; i++)
		if (strcmp(r->items[i].q->name, question) == 0)
			return &r->items[i];
	return NULL;
}

int
results_add(struct results *r, const char *question, const char *value,
    int64_t n)
{
	struct result *it = find(r, question);

	if (it == NULL || value == NULL)
		return 0;
	stats_answer(r->core, question, value, strlen(value), n);
	refresh(r, it);
	return 0;
}

int
results_add_text(struct results *r, const char *question, const char *value)
{
	struct result *it = find(r, question);

	if (it == NULL)
		return 0;
	r->texts = xrealloc(r->texts, (r->n_texts + 1) * sizeof(*r->texts));
	r->texts[r->n_texts].q = it->q;
	r->texts[r->n_texts].value = xstrdup(value);
	r->n_texts++;
	return 0;
}

const char **
results_text_questions(const struct form *f, size_t *n)
{
	const char **v = xcalloc(f->n_questions + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < f->n_questions; i++)
		if (f->questions[i].type == Q_TEXT && f->questions[i].name != NULL)
			v[(*n)++] = f->questions[i].name;
	return v;
}
