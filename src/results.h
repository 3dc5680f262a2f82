/*
 * results.h - a meeting's per-question results, for the staff meeting
 * page: counts per choice (select questions, rating scales), n, mean,
 * min and max (numbers), and the free-text answers (the "recueil des
 * paroles").
 *
 * A pure module: it is fed the (question, value, count) rows that
 * store_results_values() reads and never touches the database itself.
 * The figures come from the statistics core (stats.h), the same one the
 * stats and evaluation exports use; this module only turns them into
 * labelled bars for the page.
 */
#ifndef RECUEIL_RESULTS_H
#define RECUEIL_RESULTS_H

#include <stddef.h>
#include <stdint.h>

struct form;
struct question;
struct stats;

struct result_bar {
	char *label;       /* owned */
	int64_t n;
};

struct result {
	const struct question *q;   /* borrowed from the form */
	int64_t answered;           /* responses with a non-empty answer */
	struct result_bar *bars;    /* choices, or the values of a scale */
	size_t n_bars;
	int numeric;                /* integer, decimal, range */
	double sum, min, max;       /* numeric only, over `answered` */
	int64_t n_numbers;
};

struct result_text {
	const struct question *q;   /* borrowed */
	char *value;                /* owned */
};

struct results {
	const struct form *form;    /* borrowed */
	size_t lang;
	struct result *items;       /* one per answerable question, in order */
	size_t n_items;
	struct result_text *texts;
	size_t n_texts;
	struct stats *core;         /* the answers' aggregate (owned) */
	int min_count;              /* counts of fewer people read "< N"
	                               (0 after results_init: all shown) */
};

/*
 * Prepare `r` for form `f` in language `lang` (labels are read with
 * form_text): one item per question that takes an answer, with a bar per
 * choice (select questions) or per step (range).
 */
void results_init(struct results *r, const struct form *f, size_t lang);

/* Free what `r` owns. */
void results_release(struct results *r);

/*
 * Count `n` responses that gave `value` to `question` (unknown questions
 * are ignored; a choice or a number outside the form's list or scale,
 * from another version of the form, is counted under its own bar, and a
 * value that is not a number is left out of a number question's figures).
 * The item's figures are up to date when it returns.  Returns 0 (a
 * callback for store_results_values).
 */
int results_add(struct results *r, const char *question, const char *value,
    int64_t n);

/* Keep one free-text answer.  Returns 0. */
int results_add_text(struct results *r, const char *question,
    const char *value);

/* The names of the form's text questions (borrowed), for
 * store_results_texts: *n names in a new array the caller frees. */
const char **results_text_questions(const struct form *f, size_t *n);

#endif
