/*
 * html.h - rendering of the public pages (the only module that writes the
 * public HTML).  Every byte of user or definition text goes through
 * html_escape() (element content and quoted attributes).
 *
 * Pages are UTF-8, lang="fr", mobile-first, one request (CSS inline, no
 * external font, script or image) and usable without JavaScript.
 */
#ifndef RECUEIL_HTML_H
#define RECUEIL_HTML_H

#include <stddef.h>

struct evbuffer;
struct form;
struct meeting;
struct answers;

/* Site-wide texts, set once at start from the configuration. */
struct html_site {
	const char *controller;   /* who collects the answers */
	const char *contact;      /* where to exercise one's rights */
	int retention_days;       /* 0: kept until purged */
};

void html_set_site(const struct html_site *site);

/* Append `s` escaped for element content and quoted attributes. */
void html_escape(struct evbuffer *out, const char *s);

/*
 * The public style sheet's text, without its <style> tags (borrowed), for
 * its hash in the Content-Security-Policy.
 */
const char *html_style(size_t *len);

/* The page head (with the inline style sheet) up to <main>, and its end. */
void html_page_begin(struct evbuffer *out, const char *title,
    const char *lang);
void html_page_end(struct evbuffer *out);

/* The home page: a box to type a meeting code; `error` may be NULL. */
void html_home(struct evbuffer *out, const char *error, const char *code);

/*
 * A human error page: a title, a message, and the code box when
 * `codebox` is set (unknown code, bad request on a public page); in
 * English when `english` is set.  http_fail() (http.h) is its one user,
 * with the texts of errpage.h.
 */
void html_error(struct evbuffer *out, const char *title,
    const char *message, int codebox, int english);

/*
 * The form of meeting `m` in language `lang`, carrying `token`.  With
 * `a` (after a failed validation), the typed values are kept and the
 * errors shown beside their fields and listed at the top.
 */
void html_form(struct evbuffer *out, const struct form *f,
    const struct meeting *m, size_t lang, const char *token,
    const struct answers *a);

/*
 * The questions of `f` in language `lang` exactly as html_form() renders
 * them (groups, hints, choices, defaults), without the page around them,
 * the <form> element or its button: the staff preview of a form before it
 * is published (admin_preview.h).  Every id starts with `prefix` instead
 * of "q-", so that several languages can share a page.
 */
void html_form_questions(struct evbuffer *out, const struct form *f,
    size_t lang, const char *prefix);

/* The thank-you page, in English when `english` is set, else French. */
void html_thanks(struct evbuffer *out, const struct meeting *m,
    int english);

#endif
