/*
 * html_report.c - rendering of the bilan's staff pages (see
 * html_report.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "form.h"
#include "html.h"
#include "html_report.h"
#include "i18n.h"
#include "meeting.h"

/* Literals only: "" lit "" refuses anything else at compile time. */
#define PUT(out, lit) evbuffer_add((out), "" lit "", sizeof(lit) - 1)
#define ESC(out, s) html_escape((out), (s) != NULL ? (s) : "")

/* The longest kept edit, in bytes (the form of the page says so too). */
#define EDIT_MAX 2000

static void
input(struct evbuffer *out, const char *name, const char *type,
    const char *label, const char *hint)
{
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"");
	ESC(out, name);
	PUT(out, "\">");
	ESC(out, label);
	PUT(out, "</label>");
	if (hint != NULL) {
		PUT(out, "<span class=\"hint\" id=\"");
		ESC(out, name);
		PUT(out, "-hint\">");
		ESC(out, hint);
		PUT(out, "</span>");
	}
	PUT(out, "<input type=\"");
	ESC(out, type);
	PUT(out, "\" id=\"");
	ESC(out, name);
	PUT(out, "\" name=\"");
	ESC(out, name);
	PUT(out, "\" maxlength=\"200\"");
	if (hint != NULL) {
		PUT(out, " aria-describedby=\"");
		ESC(out, name);
		PUT(out, "-hint\"");
	}
	PUT(out, "></p>");
}

void
html_report_options(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct form *const *forms, size_t n_forms,
    const struct meeting *ms, size_t n_meetings, const char *error)
{
	html_admin_begin(out, ctx, _("Bilan"));
	PUT(out, "<h1>");
	ESC(out, _("Bilan à imprimer"));
	PUT(out, "</h1>");
	html_admin_alert(out, error);
	PUT(out, "<p>");
	ESC(out, _("Le bilan réunit le tableau d'évaluation, la participation, "
	    "les statistiques de chaque question et les paroles retenues. Il "
	    "s'imprime en A4 depuis le navigateur, ou s'enregistre en PDF. "
	    "C'est la page qu'écrit recueil report avec les mêmes options."));
	PUT(out, "</p><form method=\"get\" action=\"/admin/report/bilan.html\">"
	    "<fieldset><legend>");
	ESC(out, _("Période"));
	PUT(out, "</legend>");
	input(out, "period", "text", _("Période ou périodes à comparer"),
	    _("Une année (2026), un semestre (2026-S1), un trimestre "
	    "(2026-T1), un mois (2026-03) ou un intervalle (2026-01..2026-06) ; "
	    "plusieurs, séparées par des virgules, côte à côte (2025, 2026)."));
	PUT(out, "<div class=\"cols\">");
	input(out, "from", "date", _("Ou du"), NULL);
	input(out, "to", "date", _("au"), NULL);
	PUT(out, "</div></fieldset>");
	html_admin_select_forms(out, forms, n_forms);
	html_admin_select_meetings(out, _("Une seule rencontre"), ms,
	    n_meetings);
	PUT(out, "<p><button type=\"submit\">");
	ESC(out, _("Voir le bilan"));
	PUT(out, "</button></p></form>");
	html_page_end(out);
}

/* ---- a meeting's paroles ---------------------------------------------- */

/* The id of one answer's block: p-RESPONSE-QUESTION. */
static void
parole_id(struct evbuffer *out, const struct html_report_parole *p)
{
	evbuffer_add_printf(out, "p-%lld-", (long long)p->response_id);
	ESC(out, p->q->name);
}

static void
parole_form(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *m, const struct html_report_parole *p)
{
	PUT(out, "<form method=\"post\" action=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "/paroles\"><input type=\"hidden\" name=\"csrf\" value=\"");
	ESC(out, ctx->csrf);
	evbuffer_add_printf(out, "\"><input type=\"hidden\" name=\"response\" "
	    "value=\"%lld\"><input type=\"hidden\" name=\"question\" value=\"",
	    (long long)p->response_id);
	ESC(out, p->q->name);
	PUT(out, "\"><label class=\"opt\"><input type=\"checkbox\" name=\"keep\" "
	    "value=\"1\"");
	if (p->kept)
		PUT(out, " checked");
	PUT(out, "><span>");
	ESC(out, _("Retenir pour le bilan"));
	PUT(out, "</span></label><p class=\"q\"><label class=\"q\" for=\"t-");
	parole_id(out, p);
	PUT(out, "\">");
	ESC(out, _("Texte pour le bilan (facultatif : une version courte ; la "
	    "réponse d'origine reste telle qu'elle a été écrite)"));
	PUT(out, "</label><textarea id=\"t-");
	parole_id(out, p);
	evbuffer_add_printf(out, "\" name=\"text\" maxlength=\"%d\">", EDIT_MAX);
	ESC(out, p->text);
	PUT(out, "</textarea></p><p><button type=\"submit\" class=\"small\">");
	ESC(out, _("Enregistrer"));
	PUT(out, "</button></p></form>");
}

static void
parole(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *m, const struct html_report_parole *p)
{
	PUT(out, "<article class=\"parole\" id=\"");
	parole_id(out, p);
	PUT(out, "\"><blockquote>");
	ESC(out, p->value);
	PUT(out, "</blockquote>");
	if (ctx->coordinator) {
		parole_form(out, ctx, m, p);
	} else if (p->kept) {
		PUT(out, "<p class=\"open\">");
		ESC(out, _("Retenue pour le bilan"));
		if (*p->text != '\0') {
			PUT(out, " : « ");
			ESC(out, p->text);
			PUT(out, " »");
		}
		PUT(out, "</p>");
	}
	PUT(out, "</article>");
}

void
html_report_paroles(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *m, const struct form *f,
    const struct html_report_parole *v, size_t n, const char *notice)
{
	html_admin_begin(out, ctx, _("Paroles du bilan"));
	PUT(out, "<h1>");
	ESC(out, _("Paroles du bilan"));
	PUT(out, "</h1><p class=\"meta\"><a href=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "\">");
	ESC(out, m->title);
	PUT(out, "</a> · ");
	html_date(out, m->date);
	PUT(out, " · <a href=\"/admin/report/bilan.html?meeting=");
	ESC(out, m->code);
	PUT(out, "\">");
	ESC(out, _("Bilan de la rencontre"));
	PUT(out, "</a></p>");
	if (notice != NULL) {
		PUT(out, "<p class=\"ok\" role=\"status\">");
		ESC(out, notice);
		PUT(out, "</p>");
	}
	PUT(out, "<p>");
	ESC(out, _("Seules les paroles retenues vont au bilan, dans leur version "
	    "courte quand elle est écrite. Les réponses ne sont jamais "
	    "modifiées."));
	PUT(out, "</p>");
	if (n == 0) {
		PUT(out, "<p>");
		ESC(out, _("Aucune réponse écrite pour le moment."));
		PUT(out, "</p>");
	}
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || v[i].q != v[i - 1].q) {
			const char *l = f != NULL ? form_text(f, &v[i].q->label, 0) :
			    "";

			PUT(out, "<h2>");
			ESC(out, *l != '\0' ? l : v[i].q->name);
			PUT(out, "</h2>");
		}
		parole(out, ctx, m, &v[i]);
	}
	html_page_end(out);
}
