/*
 * html_meeting.h - rendering of the staff pages about meetings: the list
 * (searched, filtered, in pages), a new, duplicated or edited meeting, the
 * confirmations (close, delete), a meeting's page with its results, its
 * printable page and its projector page.  The look and the navigation
 * bar are html_admin.h's; every value is escaped here.
 */
#ifndef RECUEIL_HTML_MEETING_H
#define RECUEIL_HTML_MEETING_H

#include <stddef.h>
#include <stdint.h>

struct evbuffer;
struct form;
struct html_admin_ctx;
struct html_people_names;
struct html_people_names;
struct meeting;
struct results;

/*
 * The meeting pages' inline style sheets (which = 0, 1, 2; NULL after the
 * last) and their one script (the live count), without their tags, to
 * allow them by hash in the CSP.
 */
const char *html_meeting_style(int which, size_t *len);
const char *html_meeting_script(size_t *len);

/* The words after a number of answers ("réponses reçues"), translated. */
const char *html_meeting_count_label(int64_t n);

/* One page of the meetings list, and the filter that chose it. */
struct html_meeting_list {
	const struct meeting *ms;
	size_t n;
	int64_t total;                 /* meetings the filter selects */
	int64_t page, pages;           /* from 1 */
	/* The filter as typed (each may be NULL). */
	const char *text, *form_id, *level, *centre, *from, *to, *state;
	const struct form *const *forms;
	size_t n_forms;
	const struct html_people_names *names;  /* the levels offered */
	/* The filter as "&name=value..." (URL-encoded), for the page links. */
	const char *query;
	const char *notice;            /* a done action's message, or NULL */
};

void html_meeting_list(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct html_meeting_list *l);

/* The form of a new, duplicated or edited meeting. */
struct html_meeting_form {
	const struct form *const *forms;
	size_t n_forms;
	/* The levels and centres offered (html_people.h). */
	const struct html_people_names *names;
	const struct meeting *values;  /* what to show (may be NULL) */
	const char *error;             /* what to fix (may be NULL) */
	const struct meeting *edit;    /* the meeting edited, or NULL (new) */
	const struct meeting *from;    /* the meeting duplicated, or NULL */
	int form_locked;               /* it has answers: its form stays */
};

void html_meeting_form(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct html_meeting_form *f);

/* What a confirmation page asks. */
enum html_meeting_ask { HTML_MEETING_CLOSE, HTML_MEETING_DELETE };

/*
 * "Close this meeting?" or "Delete this meeting?" with its button (a
 * POST with the CSRF token) and a way back; `error` (may be NULL) says
 * why it cannot be done, and then a deletion offers no button.
 */
void html_meeting_confirm(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct meeting *m,
    enum html_meeting_ask ask, int64_t n_responses, const char *error);

/*
 * A meeting's page: what can be done with it, its public link `url`, QR
 * code, answer count, results `r` (NULL when its form is not loaded),
 * free-text answers.  With `live`, the count is polled and a new answer
 * reloads the page (JavaScript); a link refreshes it without.
 */
void html_meeting_page(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct meeting *m,
    const char *url, const struct results *r, int64_t n_responses, int live);

/* The printable page: large QR code and the code in big letters. */
void html_meeting_print(struct evbuffer *out, const struct meeting *m,
    const char *url);

/*
 * The projector page, read from the back of a room: the QR code of
 * `url`, the short address `short_url`, the code, and the count of
 * answers `n`, polled with JavaScript (a link refreshes it without).
 */
void html_meeting_projector(struct evbuffer *out, const struct meeting *m,
    const char *url, const char *short_url, int64_t n);

#endif
