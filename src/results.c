/*
 * results.c - a meeting's per-question results (see results.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "results.h"
#include "util.h"

static int
answerable(const struct question *q)
{
	return q->type != Q_NOTE && q->type != Q_BEGIN_GROUP &&
	    q->type != Q_END_GROUP && q->name != NULL;
}

static void
add_bar(struct result *it, const char *label)
{
	it->bars = xrealloc(it->bars, (it->n_bars + 1) * sizeof(*it->bars));
	it->bars[it->n_bars].label = xstrdup(label);
	it->bars[it->n_bars].n = 0;
	it->n_bars++;
}

/* A number as people write it: no trailing zeros. */
static void
number_label(char *buf, size_t len, double v)
{
	snprintf(buf, len, "%.6g", v);
}

void
results_init(struct results *r, const struct form *f, size_t lang)
{
	memset(r, 0, sizeof(*r));
	r->form = f;
	r->lang = lang;
	r->items = xcalloc(f->n_questions + 1, sizeof(*r->items));
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		struct result *it;

		if (!answerable(q))
			continue;
		it = &r->items[r->n_items++];
		it->q = q;
		switch (q->type) {
		case Q_SELECT_ONE:
		case Q_SELECT_MULTIPLE:
			for (size_t c = 0; q->list != NULL &&
			    c < q->list->n_choices; c++)
				add_bar(it, form_text(f, &q->list->choices[c].label,
				    lang));
			break;
		case Q_RANGE:
			it->numeric = 1;
			if (q->range_step > 0 && (q->range_end - q->range_start) /
			    q->range_step <= 20) {
				for (double v = q->range_start;
				    v <= q->range_end + q->range_step / 1e6;
				    v += q->range_step) {
					char b[32];

					number_label(b, sizeof(b), v);
					add_bar(it, b);
				}
			}
			break;
		case Q_INTEGER:
		case Q_DECIMAL:
			it->numeric = 1;
			break;
		default:
			break;
		}
	}
}

void
results_release(struct results *r)
{
	for (size_t i = 0; i < r->n_items; i++) {
		for (size_t b = 0; b < r->items[i].n_bars; b++)
			free(r->items[i].bars[b].label);
		free(r->items[i].bars);
	}
	free(r->items);
	for (size_t i = 0; i < r->n_texts; i++)
		free(r->texts[i].value);
	free(r->texts);
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

/* Count n under the bar of choice `name` (or a new bar). */
static void
count_choice(struct results *r, struct result *it, const char *name,
    size_t len, int64_t n)
{
	const struct choice_list *l = it->q->list;
	char *tmp = xstrndup(name, len);
	size_t c;

	for (c = 0; l != NULL && c < l->n_choices; c++)
		if (strcmp(l->choices[c].name, tmp) == 0)
			break;
	if (l == NULL || c == l->n_choices) {
		/* A choice of another version of the form. */
		for (c = l != NULL ? l->n_choices : 0; c < it->n_bars; c++)
			if (strcmp(it->bars[c].label, tmp) == 0)
				break;
		if (c == it->n_bars)
			add_bar(it, tmp);
	}
	(void)r;
	it->bars[c].n += n;
	free(tmp);
}

int
results_add(struct results *r, const char *question, const char *value,
    int64_t n)
{
	struct result *it = find(r, question);
	const char *p;

	if (it == NULL || value == NULL)
		return 0;
	for (p = value; *p == ' '; p++)
		;
	if (*p == '\0')
		return 0;
	it->answered += n;
	if (it->q->type == Q_SELECT_ONE) {
		count_choice(r, it, p, strlen(p), n);
	} else if (it->q->type == Q_SELECT_MULTIPLE) {
		while (*p != '\0') {
			size_t len = strcspn(p, " ");

			if (len > 0)
				count_choice(r, it, p, len, n);
			p += len;
			while (*p == ' ')
				p++;
		}
	} else if (it->numeric) {
		char *end;
		double v = strtod(p, &end);

		if (end == p || *end != '\0' || !isfinite(v))
			return 0;
		if (it->n_numbers == 0 || v < it->min)
			it->min = v;
		if (it->n_numbers == 0 || v > it->max)
			it->max = v;
		it->sum += v * (double)n;
		it->n_numbers += n;
		if (it->q->type == Q_RANGE) {
			char b[32];
			size_t c;

			number_label(b, sizeof(b), v);
			for (c = 0; c < it->n_bars; c++)
				if (strcmp(it->bars[c].label, b) == 0)
					break;
			if (c == it->n_bars)
				add_bar(it, b);
			it->bars[c].n += n;
		}
	}
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
