/*
 * html_preview.c - the preview of a form before it is published
 * (html_preview.h).  Every value goes through html_escape().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "diag.h"
#include "form.h"
#include "formdiff.h"
#include "html.h"
#include "html_admin.h"
#include "html_preview.h"
#include "i18n.h"
#include "util.h"

#define PUT(out, lit) evbuffer_add((out), "" lit "", sizeof(lit) - 1)
#define ESC(out, s) html_escape((out), (s) != NULL ? (s) : "")

/* Publier and Annuler, side by side. */
static void
buttons(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct form *f)
{
	PUT(out, "<div class=\"cols\"><form method=\"post\" "
	    "action=\"/admin/forms/publish\">");
	html_admin_csrf(out, ctx);
	PUT(out, "<input type=\"hidden\" name=\"hash\" value=\"");
	ESC(out, f->hash);
	PUT(out, "\"><p><button type=\"submit\">");
	ESC(out, _("Publier"));
	PUT(out, "</button></p></form><form method=\"post\" "
	    "action=\"/admin/forms/cancel\">");
	html_admin_csrf(out, ctx);
	PUT(out, "<p><button type=\"submit\" class=\"secondary\">");
	ESC(out, _("Annuler"));
	PUT(out, "</button></p></form></div>");
}

static void
changes(struct evbuffer *out, const struct formdiff *d)
{
	static const char *const cls[] = { "form", "added", "removed",
	    "changed" };

	PUT(out, "<h2>");
	ESC(out, _("Ce qui change par rapport à la version servie"));
	PUT(out, "</h2>");
	if (d->added + d->removed + d->changed > 0) {
		char *s = xasprintf(_("Questions ajoutées : %zu ; retirées : "
		    "%zu ; modifiées : %zu."), d->added, d->removed,
		    d->changed);

		PUT(out, "<p>");
		ESC(out, s);
		PUT(out, "</p>");
		free(s);
	}
	PUT(out, "<ul id=\"preview-diff\">");
	for (size_t i = 0; i < d->n; i++) {
		PUT(out, "<li class=\"");
		ESC(out, cls[d->items[i].kind]);
		PUT(out, "\">");
		ESC(out, d->items[i].text);
		PUT(out, "</li>");
	}
	PUT(out, "</ul>");
}

/* The form in language `lang`, in a box the width of a phone. */
static void
phone(struct evbuffer *out, const struct form *f, size_t lang)
{
	const char *code = f->lang_codes[lang] != NULL &&
	    *f->lang_codes[lang] != '\0' ? f->lang_codes[lang] : NULL;
	char prefix[32];

	PUT(out, "<section aria-labelledby=\"pv-h");
	evbuffer_add_printf(out, "%zu\"><h2 id=\"pv-h%zu\">", lang, lang);
	if (f->n_langs > 1) {
		char *t = xasprintf(_("Le questionnaire en %s, comme sur un "
		    "téléphone"), f->langs[lang]);

		ESC(out, t);
		free(t);
	} else
		ESC(out, _("Le questionnaire comme sur un téléphone"));
	PUT(out, "</h2><div class=\"phone\"");
	if (code != NULL) {
		PUT(out, " lang=\"");
		ESC(out, code);
		PUT(out, "\"");
	}
	PUT(out, "><p class=\"meta\">");
	ESC(out, f->title);
	PUT(out, "</p>");
	snprintf(prefix, sizeof(prefix), "pv%zu-", lang);
	html_form_questions(out, f, lang, prefix);
	PUT(out, "</div></section>");
}

void
html_preview(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct html_preview *pv)
{
	const struct form *f = pv->f;
	char *t = xasprintf(_("Aperçu avant publication : %s"), f->title);

	html_admin_begin(out, ctx, t);
	PUT(out, "<h1>");
	ESC(out, t);
	PUT(out, "</h1>");
	free(t);
	html_admin_alert(out, pv->message);
	t = xasprintf(_("« %s » (%s, identifiant %s) est vérifié mais pas "
	    "encore publié : les participants voient toujours la version "
	    "servie. Relisez-le, puis publiez-le ou annulez."), f->title,
	    pv->file, f->id);
	PUT(out, "<p role=\"status\">");
	ESC(out, t);
	PUT(out, "</p>");
	free(t);
	buttons(out, ctx, f);
	changes(out, pv->diff);
	if (pv->diag != NULL && pv->diag->n > 0) {
		PUT(out, "<h2>");
		ESC(out, _("Avertissements"));
		PUT(out, "</h2>");
		html_admin_diag_list(out, pv->diag, "preview-warnings");
	}
	for (size_t i = 0; i < f->n_langs; i++)
		phone(out, f, i);
	buttons(out, ctx, f);
	html_page_end(out);
}
