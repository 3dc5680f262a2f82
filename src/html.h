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

#include "i18n.h"

struct evbuffer;
struct form;
struct meeting;
struct answers;

/*
 * The controller when privacy_controller is not set (config.c's default):
 * a phrase, which the notice reads in the page's language.
 */
#define HTML_CONTROLLER N_("le centre social")

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

/*
 * The public pages' one inline script, without its <script> tags
 * (borrowed), for its hash in the Content-Security-Policy; what it does
 * is said in html_script.c.
 */
const char *html_script(size_t *len);

/* The page head (with the inline style sheet) up to <main>, and its end. */
void html_page_begin(struct evbuffer *out, const char *title,
    const char *lang);
void html_page_end(struct evbuffer *out);

/*
 * A day "2026-12-01" as people read it, in the thread's language
 * (i18n.h): "1 déc. 2026" in French, "1 Dec 2026" in English, with
 * non-breaking spaces so that a table cell never wraps it.  html_date()
 * wraps it in <time datetime="2026-12-01">; html_date_text() writes the
 * text alone (inside an <option>).  Anything that is not a valid
 * YYYY-MM-DD day is written escaped, as it is.
 */
void html_date(struct evbuffer *out, const char *iso);
void html_date_text(struct evbuffer *out, const char *iso);

/* Month 0 (January) to 11, abbreviated in the thread's language. */
const char *html_month(int month);

/*
 * A number as people read it: `digits` decimal places (html_decimal) or
 * the shortest form (html_number, as %g), with a decimal comma in French
 * ("3,42") and a point in English.  Pages only: exports keep their own
 * --decimal.
 */
void html_decimal(struct evbuffer *out, double v, int digits);
void html_number(struct evbuffer *out, double v);

/*
 * The link to the other language ("English" on a French page, "Français"
 * on an English one): /langue (lang_page.h) remembers the choice and
 * comes back to `here`, the page's path and query (NULL: "/").
 */
void html_lang_switch(struct evbuffer *out, const char *here);

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

/* How html_form_step() shows a form. */
struct html_form_opts {
	size_t lang;            /* the form's language */
	const char *token;      /* the form instance's token */
	int step;               /* the step shown (skip.h), 0 for the first,
	                           -1 for every question relevant to the
	                           answers */
	const char *kiosk;      /* the kiosk key (kiosk.h), or NULL */
};

/*
 * The form at step `o->step` of the steps a form with conditions is
 * served in without JavaScript (skip.h): every question is in the page as
 * a control, those of other steps and those not relevant to `a` (after
 * answers_validate) hidden, so that what was typed travels from step to
 * step; only the errors of the questions shown are shown.  With the
 * page's script, the page becomes the whole form, questions shown and
 * hidden as their conditions say.  html_form() is this at step 0 without
 * answers, and at step -1 with answers (sent whole and found wrong).
 */
void html_form_step(struct evbuffer *out, const struct form *f,
    const struct meeting *m, const struct html_form_opts *o,
    const struct answers *a);

/* <script>, the public pages' script (html_script()), </script>. */
void html_script_tag(struct evbuffer *out);

/*
 * The questions of `f` in language `lang` exactly as html_form() renders
 * them (groups, hints, choices, defaults), without the page around them,
 * the <form> element or its button: the staff preview of a form before it
 * is published (admin_preview.h).  Every id starts with `prefix` instead
 * of "q-", so that several languages can share a page.
 */
void html_form_questions(struct evbuffer *out, const struct form *f,
    size_t lang, const char *prefix);

/*
 * Every question of `f` as html_form() renders it, none hidden, with the
 * values and errors of `a` (may be NULL), without the page, the <form>
 * element or its buttons: the staff page that types paper sheets in
 * (html_paper.h).
 */
void html_form_fields(struct evbuffer *out, const struct form *f,
    size_t lang, const struct answers *a);

/* The privacy notice of the public form of `f`, in French. */
void html_notice(struct evbuffer *out, const struct form *f);

/*
 * The thank-you page, in English when `english` is set, else French; its
 * script erases the meeting's draft.  With `next` (kiosk mode), a large
 * « Nouvelle réponse » link to it, which the script follows by itself
 * after a few seconds.
 */
void html_thanks(struct evbuffer *out, const struct meeting *m,
    int english, const char *next);
#endif
