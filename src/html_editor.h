/*
 * html_editor.h - rendering of the form editor's pages (the only module
 * that writes their HTML): the drafts list, a draft's page (settings,
 * languages, questions, choice lists, indicators, what is kept as is,
 * publishing) and a question's page (every column of its row, the "show
 * only if" builder, its list of choices).
 *
 * Every action is a plain form POST carrying the session's CSRF token and
 * the draft's version (the concurrent-save check); no script is needed.
 * Every field has a label, groups of fields a fieldset and legend, the
 * loader's messages are shown beside the row they concern, and buttons
 * say which question they act on for screen readers.
 */
#ifndef RECUEIL_HTML_EDITOR_H
#define RECUEIL_HTML_EDITOR_H

#include <stddef.h>

struct evbuffer;
struct diag;
struct draft;
struct editor_book;
struct editor_fields;
struct form;
struct html_admin_ctx;

/* A draft as the pages show it. */
struct html_editor_view {
	const struct html_admin_ctx *ctx;
	const struct draft *d;            /* id, version, who and when */
	const struct editor_book *book;   /* lines set by editor_csv() */
	const struct diag *diag;          /* the loader's messages */
	const char *error;                /* an edit refused (may be NULL) */
	const char *notice;               /* a success (may be NULL) */
	const struct editor_fields *typed;  /* the fields of a refused edit,
	                                       shown again (may be NULL) */
	const struct form *served;        /* the form served with the draft's
	                                     id, that publishing replaces by a
	                                     new version (may be NULL) */
};

/*
 * The drafts list: each draft with who changed it last and when, a button
 * to delete it; the forms to start a new one from (a blank form, or a
 * copy of a served form); `error` (may be NULL) is shown first.
 */
void html_editor_list(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct draft *drafts, size_t n, const struct form *const *forms,
    size_t n_forms, const char *error);

/* The same list and the new draft's form, as a section of another page
 * (the forms page). */
void html_editor_drafts(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct draft *drafts, size_t n, const struct form *const *forms,
    size_t n_forms);

/* Asking before a draft is deleted (nothing can bring it back). */
void html_editor_delete(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct draft *d);

/* A draft's page. */
void html_editor_draft(struct evbuffer *out, const struct html_editor_view *v);

/* The page of survey row `row` of a draft. */
void html_editor_question(struct evbuffer *out,
    const struct html_editor_view *v, size_t row);

#endif
