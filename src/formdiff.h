/*
 * formdiff.h - what changed between two versions of a form, in plain
 * words for the coordinator who is about to publish the new one.
 *
 * The preview of an upload or of an editor's draft (admin_preview.h) lists
 * these lines under the form: questions added, removed or changed (type,
 * label in each language, hint, required, conditions, choices added,
 * removed or relabelled), the order of the questions, the title, the
 * languages and the indicators.  Questions are matched by name, choices by
 * list and name, so a relabelled question is a change, a renamed one a
 * removal and an addition (its answers stay with the old name).
 *
 * A pure module: no I/O; every text through gettext (French ids).
 */
#ifndef RECUEIL_FORMDIFF_H
#define RECUEIL_FORMDIFF_H

#include <stddef.h>

struct form;

enum formdiff_kind {
	FORMDIFF_FORM,      /* about the whole form: title, languages, order,
	                       indicators, "new form", "no change" */
	FORMDIFF_ADDED,     /* a question that was not there */
	FORMDIFF_REMOVED,   /* a question that is no longer there */
	FORMDIFF_CHANGED    /* a question of both versions, changed */
};

struct formdiff_item {
	enum formdiff_kind kind;
	char *question;     /* the question's name; NULL for FORMDIFF_FORM */
	char *text;         /* one plain sentence, UTF-8 */
};

struct formdiff {
	struct formdiff_item *items;
	size_t n, alloc;
	size_t added, removed, changed;   /* questions of each kind */
};

/*
 * Compare `now` (the version served, or NULL when the form is new) with
 * `next` (the version about to be published) and fill `d` (initialised
 * here; formdiff_release() frees it).  Lines come in form order: the form
 * first, then the questions of `next` in order with the removed ones
 * where they stood.  When nothing differs, one FORMDIFF_FORM line says so.
 */
void formdiff_compute(struct formdiff *d, const struct form *now,
    const struct form *next);

/* Free everything `d` holds. */
void formdiff_release(struct formdiff *d);

#endif
