/*
 * html_report.h - rendering of the staff pages around the bilan: the page
 * that chooses what a bilan covers, and a meeting's free-text answers
 * where a coordinator keeps quotes for it ("retenir pour le bilan").  The
 * bilan itself is written by report.h.  Every byte from a form, a meeting
 * or an answer is escaped here.
 */
#ifndef RECUEIL_HTML_REPORT_H
#define RECUEIL_HTML_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "html_admin.h"

struct evbuffer;
struct form;
struct meeting;
struct question;

/*
 * The bilan's options (period or periods, dates, form, meeting), sent by
 * GET to /admin/report/bilan.html.  `error` (may be NULL) says what was
 * wrong with the last request.
 */
void html_report_options(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct form *const *forms,
    size_t n_forms, const struct meeting *ms, size_t n_meetings,
    const char *error);

/* One free-text answer of a meeting and whether it is kept. */
struct html_report_parole {
	int64_t response_id;
	const struct question *q;   /* borrowed from the form */
	char *value;                /* the answer as written */
	int kept;
	char *text;                 /* the kept edit, "" when none */
};

/*
 * A meeting's free-text answers, by question, each with its "retenir pour
 * le bilan" form (coordinators; professionals see which are kept).
 * `f` is the meeting's form (labels); `notice` (may be NULL) confirms the
 * last change.
 */
void html_report_paroles(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct meeting *m,
    const struct form *f, const struct html_report_parole *v, size_t n,
    const char *notice);

#endif
