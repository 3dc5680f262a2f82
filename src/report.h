/*
 * report.h - the printable *bilan*: one HTML page (SVG charts, a print
 * stylesheet for A4) that a centre hands in with its *contrat de projet*
 * or shows its board.  `recueil report` writes it for cron and the staff
 * page /admin/report/bilan.html shows it: the same code, the same bytes
 * but for the staff page's navigation bar (hidden when printed).
 *
 * Its sections use the words of the project contract: the evaluation
 * table (objet, indicateur, one value per period, from the forms'
 * indicators sheets through the statistics core, as the evaluation
 * export), participation (meetings and responses, by meeting and by host
 * centre), the figures of each question ("Statistiques", from the same
 * core, with a bar chart per choice question), and the quotes a
 * coordinator kept ("Recueil des paroles de tous"; only kept quotes, in
 * their edited form when they were shortened).  Every count of a
 * breakdown below min_count reads "< N", so no small group is
 * identifiable.
 */
#ifndef RECUEIL_REPORT_H
#define RECUEIL_REPORT_H

#include <stddef.h>

#include "export.h"

struct store;
struct registry;

struct report_options {
	/* The selection, read as the evaluation export reads it: form,
	 * meeting, from, to, period (several: the evaluation table compares
	 * them side by side). */
	struct export_options sel;
	int min_count;        /* counts of fewer respondents read "< N" */
	int staff;            /* the staff page: a navigation bar (links
	                         only), hidden when printed */
};

void report_options_init(struct report_options *o);

/*
 * Set option `name` ("form", "meeting", "from", "to", "period",
 * "min-count") to `value` (borrowed; it must outlive `o`).  Returns 0, or
 * -1 with a precise message in err: an unknown option, a bad value.
 */
int report_option_set(struct report_options *o, const char *name,
    const char *value, char *err, size_t errlen);

/* Whether `name` is an option of the bilan. */
int report_option_known(const char *name);

/*
 * Write the bilan of `o`'s selection to `sink`.  Returns 0, or -1 with a
 * message in err, or EXPORT_USAGE (the options do not fit the data: an
 * unknown form or meeting, --from after --to...).  On failure the sink
 * has received nothing (the page is built in memory first: it is bounded
 * by the forms, the meetings and the kept quotes, not by the responses).
 */
int report_run(struct store *s, struct registry *forms,
    const struct report_options *o, const struct export_sink *sink,
    char *err, size_t errlen);

/* The bilan's own style sheet (for the Content-Security-Policy). */
const char *report_style(size_t *len);

#endif
