/*
 * html_paper.h - the paper twin of a meeting's form, and the staff page
 * that types paper sheets in (issue 16: residents without a phone answer
 * on paper; the staff type each sheet in, once).
 */
#ifndef RECUEIL_HTML_PAPER_H
#define RECUEIL_HTML_PAPER_H

#include <stddef.h>
#include <stdint.h>

struct evbuffer;
struct form;
struct meeting;
struct answers;
struct html_admin_ctx;

/* The paper pages' own style sheet (which = 0; NULL after), for the CSP. */
const char *html_paper_style(int which, size_t *len);

/*
 * The printable A4 form of meeting `m`: its title and date, the QR code
 * of `url` for those who have a phone after all, a box for the sheet's
 * number, every question with boxes to tick or lines to write on (a
 * conditional question says when to answer it), and the privacy notice.
 */
void html_paper_print(struct evbuffer *out, const struct form *f,
    const struct meeting *m, const char *url);

/* What the typing page shows besides the questions. */
struct html_paper_entry {
	const char *token;        /* the form instance's token */
	int64_t sheet;            /* the sheet number in the box */
	const char *sheet_error;  /* beside the number, or NULL */
	int64_t typed;            /* paper sheets of the meeting so far */
	int64_t saved;            /* the sheet just saved, or 0 */
};

/*
 * The staff page that types one paper sheet of meeting `m` in: a running
 * count, the sheet's number, the form's questions (all shown, with the
 * values and errors of `a`, may be NULL), one button.
 */
void html_paper_entry_page(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct form *f,
    const struct meeting *m, const struct html_paper_entry *e,
    const struct answers *a);

/*
 * The staff page that gives the kiosk link `url` of meeting `m` (the
 * form for the centre's shared tablet, kiosk.h), with its QR code.
 */
void html_paper_kiosk_page(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct meeting *m,
    const char *url);

#endif
