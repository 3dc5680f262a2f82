/*
 * answers.h - a resident's answers to a form: gathered from the submitted
 * fields, validated with the form's own rules (types, required,
 * constraints, relevance), and turned into the rows to store.
 *
 * Pure: no I/O.  The rules live in the form model (form.h); this module
 * only applies them, so every handler validates the same way.
 */
#ifndef RECUEIL_ANSWERS_H
#define RECUEIL_ANSWERS_H

#include <stddef.h>

#include "form.h"
#include "store.h"

struct urlenc;

struct answers {
	const struct form *form;
	char **values;      /* per question index; NULL when not given */
	char **errors;      /* per question index; NULL when fine */
	size_t n_errors;
	int *relevant;      /* per question index, after answers_validate */
	int validated;      /* answers_validate has run */
};

/*
 * Gather the answers of `f` from submitted fields: one field per question,
 * named like the question; a select_multiple question may come as several
 * fields, joined with single spaces.  Values are trimmed.  Fields that name
 * no question are ignored (the token and other controls).
 */
void answers_from_fields(struct answers *a, const struct form *f,
    const struct urlenc *u);

/* Start empty answers filled with each question's default. */
void answers_defaults(struct answers *a, const struct form *f);

/*
 * Check every answer with the form's rules, in language `lang` for the
 * messages (the form's own, else built-in French or English ones).
 * Questions that are not relevant are not checked, read as unanswered by
 * later rules, and never stored by answers_rows(); their typed values stay
 * in `values` so that a form shown again keeps them.  Decimal and range
 * values are normalised (decimal comma to point).  Returns the number of
 * errors (0 when the answers can be stored).
 */
size_t answers_validate(struct answers *a, size_t lang);

/*
 * The rows to store: one per relevant (after answers_validate), non-empty
 * answer, borrowed from `a`.  *n receives their number; the caller frees the array (free(3)).
 */
struct answer *answers_rows(const struct answers *a, size_t *n);

/*
 * Whether choice `c` of question `qi` is offered given these answers (its
 * choice_filter, form_choice_offered()); questions found irrelevant read
 * as unanswered once answers_validate() has run.
 */
int answers_choice_offered(const struct answers *a, size_t qi,
    const struct choice *c);

/* Free the values and messages. */
void answers_release(struct answers *a);

/*
 * Whether `value` (space-separated choice names) contains `name`.
 */
int answers_selected(const char *value, const char *name);

/* Whether language `lang` of `f` is English (for built-in texts). */
int answers_english(const struct form *f, size_t lang);

#endif
