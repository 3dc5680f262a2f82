/*
 * skip.c - the steps of a form with conditional questions (see skip.h).
 */
#include <string.h>

#include "expr.h"
#include "form.h"
#include "skip.h"

/* What skip_levels needs while it walks a condition's references. */
struct ref_walk {
	const struct form *f;
	const int *level;
	size_t before;       /* only questions before this index count */
	int max;             /* highest level read, -1 for none */
};

static void
read_ref(const char *name, void *arg)
{
	struct ref_walk *w = arg;

	for (size_t i = 0; i < w->before; i++) {
		const char *n = w->f->questions[i].name;

		if (n != NULL && strcmp(n, name) == 0) {
			if (w->level[i] > w->max)
				w->max = w->level[i];
			return;
		}
	}
}

/* Nesting is bounded by the form loader; this bound keeps the array safe. */
#define SKIP_MAX_DEPTH 64

/*
 * The easy-read form (settings style=facile) shows one question per
 * screen: each question is its own step, in form order, so a condition
 * always reads questions of earlier steps; a note goes with the question
 * after it, a group's rows with the questions around them.
 */
static int
easy_levels(const struct form *f, int *level)
{
	int step = 0;

	for (size_t i = 0; i < f->n_questions; i++) {
		enum q_type t = f->questions[i].type;

		level[i] = step;
		if (t != Q_NOTE && t != Q_BEGIN_GROUP && t != Q_END_GROUP)
			step++;
	}
	/* Rows after the last question go with it. */
	for (size_t i = f->n_questions; i-- > 0 && level[i] == step;)
		level[i] = step > 0 ? step - 1 : 0;
	return step > 0 ? step : 1;
}

int
skip_levels(const struct form *f, int *level)
{
	int group[SKIP_MAX_DEPTH + 2] = { 0 }, steps = 1;

	if (f->easy_read)
		return easy_levels(f, level);
	/* group[d]: the step of the group that holds depth d's questions. */
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		int d = q->depth < 0 ? 0 : q->depth > SKIP_MAX_DEPTH ?
		    SKIP_MAX_DEPTH : q->depth;
		int l = group[d];

		if (q->type == Q_END_GROUP) {
			level[i] = group[d + 1];
			continue;
		}
		if (q->relevant != NULL) {
			struct ref_walk w = { f, level, i, -1 };

			expr_refs(q->relevant, read_ref, &w);
			if (w.max + 1 > l)
				l = w.max + 1;
			if (l < 1)
				l = 1;
		}
		level[i] = l;
		if (l + 1 > steps)
			steps = l + 1;
		if (q->type == Q_BEGIN_GROUP)
			group[d + 1] = l;
	}
	return steps;
}

size_t
skip_shown(const struct form *f, const int *level, const int *relevant,
    int step, int *shown)
{
	size_t n = 0;

	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		int rel = relevant == NULL || relevant[i];

		shown[i] = rel && (step < 0 || level[i] == step) && q->type != Q_BEGIN_GROUP &&
		    q->type != Q_END_GROUP;
		if (shown[i] && q->type != Q_NOTE)
			n++;
	}
	/* A group shows when anything inside it does: walk back up. */
	for (size_t i = f->n_questions; i-- > 0;) {
		const struct question *q = &f->questions[i];

		if (q->type != Q_BEGIN_GROUP ||
		    (relevant != NULL && !relevant[i]))
			continue;
		for (size_t j = i + 1; j < f->n_questions &&
		    f->questions[j].depth > q->depth; j++)
			if (shown[j]) {
				shown[i] = 1;
				break;
			}
	}
	return n;
}
