/*
 * html_admin.h - rendering of the staff pages under /admin/ (the only
 * module that writes their HTML).  Same look as the public pages
 * (html_page_begin/html_page_end), wider tables, usable without
 * JavaScript.  Every value goes through html_escape(), attributes are
 * quoted, the SVG charts escape their text the same way.
 */
#ifndef RECUEIL_HTML_ADMIN_H
#define RECUEIL_HTML_ADMIN_H

#include <stddef.h>
#include <stdint.h>

struct evbuffer;
struct diag;
struct form;
struct meeting;
struct results;

/* Who is looking, for the header and the forms' CSRF tokens. */
struct html_admin_ctx {
	const char *user;       /* account name */
	int coordinator;        /* may manage forms and meetings */
	const char *csrf;       /* the session's CSRF token (text) */
};

/*
 * The staff pages' inline style sheets (which = 0, 1; NULL after the
 * last), without their tags, to allow them by hash in the CSP.
 */
const char *html_admin_style(int which, size_t *len);

/*
 * The login page with its CSRF token `csrf`; error, username and next
 * may be NULL.
 */
void html_admin_login(struct evbuffer *out, const char *error,
    const char *username, const char *next, const char *csrf);

/* The meetings list (open and closed, answer counts). */
void html_admin_meetings(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct meeting *ms, size_t n);

/*
 * The new meeting form over the current forms; `values` keeps what was
 * typed (may be NULL), `error` says what to fix (may be NULL).
 */
void html_admin_meeting_new(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct form *const *forms,
    size_t n_forms, const struct meeting *values, const char *error);

/*
 * The head of a staff page titled `title`: the shell, the staff style
 * sheet and the navigation bar (with the logout form) of `ctx`.
 */
void html_admin_begin(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const char *title);

/*
 * A meeting's page: public link `url`, QR code, answer count, results `r`
 * (NULL when its form is not loaded), free-text answers, close/reopen.
 * With `live`, the page refreshes itself every 15 seconds.
 */
void html_admin_meeting(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct meeting *m,
    const char *url, const struct results *r, int64_t n_responses, int live);

/* The printable page: large QR code and the code in big letters. */
void html_admin_print(struct evbuffer *out, const struct meeting *m,
    const char *url);

/*
 * The forms page: the loaded forms and their versions, the messages of
 * the last load, and the upload form.  `upload` holds the problems of a
 * refused upload (may be NULL); `notice` a success message (may be NULL).
 */
void html_admin_forms(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct form *const *forms, size_t n_forms,
    const struct diag *last, const struct diag *upload, const char *notice,
    const char *text);

/*
 * The exports page (period, form, meeting, CSV dialect).  `error` (may be
 * NULL) says what was wrong with the last request.
 */
void html_admin_export(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct form *const *forms, size_t n_forms,
    const struct meeting *ms, size_t n_meetings, const char *error);

#endif
