/*
 * skip.h - the steps of a form with conditional questions, for the
 * residents whose phone runs no JavaScript.
 *
 * With JavaScript, the public page's script hides a question as soon as
 * its `relevant` condition is false (html_script.c).  Without it, the
 * server serves the form in steps: each question belongs to the step of
 * its dependency level, so that every condition is evaluated on answers
 * given in earlier steps and the resident never sees a question that does
 * not concern them.  Pure: no I/O.
 */
#ifndef RECUEIL_SKIP_H
#define RECUEIL_SKIP_H

#include <stddef.h>

struct form;

/*
 * Fill level[0..f->n_questions) with each question's step and return the
 * number of steps (1 when no question has a condition).  A question
 * without a condition is in its group's step (0 outside any group); a
 * question or group with one comes one step after the latest question its
 * condition reads that comes before it in the form, and never in step 0.
 * end_group rows take their group's step.  An easy-read form
 * (form.h easy_read) has one step per question instead.  `level` may be NULL for a
 * form without questions.
 */
int skip_levels(const struct form *f, int *level);

/*
 * Which questions a step shows: shown[i] is 1 when question i is in
 * `step` (any step when `step` is negative) and relevant (relevant == NULL: every question is), and for a
 * group, when it is relevant and shows any question inside it.  Returns
 * the number of questions (not groups or their ends) shown.
 */
size_t skip_shown(const struct form *f, const int *level,
    const int *relevant, int step, int *shown);

#endif
