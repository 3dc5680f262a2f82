/*
 * editor_action.h - what each button of the form editor does to a draft.
 *
 * The staff pages send every edit as a plain form POST naming an action
 * ("q_add", "q_up", "ch_save", ...) and its fields; this module holds the
 * table of actions and applies one to a draft (editor.h), checking the
 * fields it reads (names, types, lists, measures) so that a refused edit
 * changes nothing and says why in French.  Whether the draft as a whole
 * is a valid form stays the loader's judgement (form.h), shown beside the
 * rows after each save.
 *
 * Pure: no I/O.  Fields come through a getter so that the pages' parsed
 * bodies and the unit tests' tables feed it alike.
 */
#ifndef RECUEIL_EDITOR_ACTION_H
#define RECUEIL_EDITOR_ACTION_H

#include <stddef.h>

struct editor_book;

/* The fields of a request: get(arg, key) is the value or NULL. */
struct editor_fields {
	const char *(*get)(const void *arg, const char *key);
	const void *arg;
};

/* Where the page goes after an action. */
enum editor_goto {
	EDITOR_GOTO_DRAFT,        /* the draft's page, at `row` of `sheet` */
	EDITOR_GOTO_QUESTION      /* the question page of survey row `row` */
};

struct editor_result {
	char error[256];          /* refused: why, in French */
	enum editor_goto go;
	const char *sheet;        /* "survey", "choices", "indicators", ... */
	long row;                 /* -1: none */
};

/*
 * Apply action `name` with fields `f` to `b`.  Returns 0 when the draft
 * changed (save it), 1 when the action was refused (r->error says why;
 * `b` may be partly changed: do not save it), -1 when there is no such
 * action.  r->go, r->sheet and r->row say where to look next.
 */
int editor_action(struct editor_book *b, const char *name,
    const struct editor_fields *f, struct editor_result *r);

/*
 * The "show only if" conditions offered for survey row `row`: one per
 * earlier question and comparison (and per choice of its list), each a
 * value "NAME|OP|VALUE" and a French label.  Returns their number, fills
 * *values and *labels (free both with editor_strv_free).
 */
size_t editor_conditions(const struct editor_book *b, size_t row,
    char ***values, char ***labels);

#endif
