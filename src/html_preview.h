/*
 * html_preview.h - the staff page that shows a form before it is
 * published: what changed against the version served, the loader's
 * warnings, the form in each of its languages as a phone shows it, and
 * the "Publier" and "Annuler" buttons (admin_preview.h drives it).
 */
#ifndef RECUEIL_HTML_PREVIEW_H
#define RECUEIL_HTML_PREVIEW_H

struct evbuffer;
struct diag;
struct form;
struct formdiff;
struct html_admin_ctx;

struct html_preview {
	const struct form *f;          /* the version about to be published */
	const struct formdiff *diff;   /* against the version served */
	const struct diag *diag;       /* the loader's messages (warnings) */
	const char *file;              /* the file name it came as */
	const char *message;           /* shown first (may be NULL) */
};

/*
 * The preview page.  Publier posts the session's CSRF token and the
 * previewed version's hash (field "hash") to /admin/forms/publish;
 * Annuler posts to /admin/forms/cancel.
 */
void html_preview(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct html_preview *pv);

#endif
