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

/* Who is looking, for the header and the forms' CSRF tokens. */
struct html_admin_ctx {
	const char *user;       /* account name */
	int coordinator;        /* may manage forms and meetings */
	const char *csrf;       /* the session's CSRF token (text) */
	const char *here;       /* the page's path and query, for the
	                           language link; may be NULL */
};

/*
 * The staff pages' inline style sheets (which = 0; NULL after the
 * last), without their tags, to allow them by hash in the CSP.
 */
const char *html_admin_style(int which, size_t *len);

/* A list of diagnostics, one <li><code> each, with `id` when not NULL. */
void html_admin_diag_list(struct evbuffer *out, const struct diag *d,
    const char *id);

/*
 * The login page with its CSRF token `csrf`; error, username and next
 * may be NULL.
 */
void html_admin_login(struct evbuffer *out, const char *error,
    const char *username, const char *next, const char *csrf);

/*
 * The start of a staff page: <head>, the style sheets, and the navigation
 * bar for `ctx` (none when NULL, as on the login page).  End it with
 * html_page_end (html.h).
 */
void html_admin_begin(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const char *title);

/* The hidden field of the session's CSRF token, for a POST form. */
void html_admin_csrf(struct evbuffer *out, const struct html_admin_ctx *ctx);

/* Translated text for an element or a double-quoted attribute: escapes
 * & < > " and leaves the apostrophe as it is, so French pages keep their
 * bytes.  html_admin_say_markup() writes fmt (one "%s") with markup, which
 * must be trusted HTML, in the place of the %s. */
void html_admin_say(struct evbuffer *out, const char *s);
void html_admin_say_markup(struct evbuffer *out, const char *fmt,
    const char *markup);

/* What was wrong, announced to screen readers: nothing when NULL. */
void html_admin_alert(struct evbuffer *out, const char *message);

/*
 * A labelled <input> of `type` named `name` holding `value` (may be
 * NULL), marked "(facultatif)" unless `required`.
 */
void html_admin_text_field(struct evbuffer *out, const char *name,
    const char *label, const char *type, const char *value, int required);

/*
 * The forms page: the loaded forms and their versions, the messages of
 * the last load, and the upload form.  `upload` holds the problems of a
 * refused upload (may be NULL); `notice` a success message (may be NULL).
 * `drafts` (may be NULL), HTML already rendered by html_editor.h, is moved
 * in after the forms: the editor's drafts.
 */
void html_admin_forms(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct form *const *forms, size_t n_forms,
    const struct diag *last, const struct diag *upload, const char *notice,
    const char *text, struct evbuffer *drafts);

/* The form picker of a selection (exports, bilan): "form", every form or
 * one. */
void html_admin_select_forms(struct evbuffer *out,
    const struct form *const *forms, size_t n);

/* The meeting picker of a selection: "meeting", every meeting or one;
 * `label` is translated. */
void html_admin_select_meetings(struct evbuffer *out, const char *label,
    const struct meeting *ms, size_t n);

/*
 * The exports page (period, form, meeting, CSV dialect).  `error` (may be
 * NULL) says what was wrong with the last request.
 */
void html_admin_export(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct form *const *forms, size_t n_forms,
    const struct meeting *ms, size_t n_meetings, const char *error);

#endif
