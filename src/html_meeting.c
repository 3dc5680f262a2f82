/*
 * html_meeting.c - rendering of the meeting pages (see html_meeting.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "form.h"
#include "html.h"
#include "html_admin.h"
#include "html_meeting.h"
#include "html_paper.h"
#include "html_people.h"
#include "meeting.h"
#include "qr.h"
#include "results.h"
#include "stats.h"
#include "store.h"

/* Literals only: "" lit "" refuses anything else at compile time. */
#define PUT(out, lit) evbuffer_add((out), "" lit "", sizeof(lit) - 1)
#define ESC(out, s) html_escape((out), (s) != NULL ? (s) : "")

/* The printable page's own style sheet. */
static const char print_css[] =
    "main{max-width:50rem;text-align:center}"
    ".qr{width:100%;max-width:34rem;height:auto;margin:0 auto}"
    ".code{font:700 4rem/1.1 ui-monospace,monospace;letter-spacing:.2em;"
    "margin:.5rem 0}"
    ".url{font-size:1.5rem;word-break:break-all}"
    "@media print{a{color:#000;text-decoration:none}.noprint{display:none}}";



const char *
html_meeting_style(int which, size_t *len)
{
	const char *css = which == 0 ? print_css : NULL;

	*len = css != NULL ? strlen(css) : 0;
	return css;
}

/* ---- meetings list ---------------------------------------------------- */

static void
meeting_link(struct evbuffer *out, const struct meeting *m)
{
	PUT(out, "<a href=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "\">");
	ESC(out, m->title);
	PUT(out, "</a>");
}

void
html_meeting_list(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *ms, size_t n)
{
	html_admin_begin(out, ctx, "Rencontres");
	PUT(out, "<h1>Rencontres</h1>");
	if (ctx->coordinator)
		PUT(out, "<p><a href=\"/admin/meetings/new\">Créer une rencontre"
		    "</a></p>");
	if (n == 0) {
		PUT(out, "<p>Aucune rencontre pour le moment.</p>");
		html_page_end(out);
		return;
	}
	PUT(out, "<div class=\"wrap\"><table><caption class=\"sr\">Rencontres, "
	    "les plus récentes d'abord</caption><thead><tr><th scope=\"col\">"
	    "Date</th><th scope=\"col\">Rencontre</th><th scope=\"col\">Code"
	    "</th><th scope=\"col\">Niveau</th><th scope=\"col\">État</th>"
	    "<th scope=\"col\" class=\"n\">Réponses</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct meeting *m = &ms[i];

		PUT(out, "<tr><td>");
		ESC(out, m->date);
		PUT(out, "</td><td>");
		meeting_link(out, m);
		if (m->centre != NULL && *m->centre != '\0') {
			PUT(out, "<br><small>");
			ESC(out, m->centre);
			PUT(out, "</small>");
		}
		PUT(out, "</td><td><code>");
		ESC(out, m->code);
		PUT(out, "</code></td><td>");
		ESC(out, m->level);
		PUT(out, "</td><td>");
		if (m->closed)
			PUT(out, "<span class=\"closed\">close</span>");
		else
			PUT(out, "<span class=\"open\">ouverte</span>");
		evbuffer_add_printf(out, "</td><td class=\"n\">%lld</td></tr>",
		    (long long)m->n_responses);
	}
	PUT(out, "</tbody></table></div>");
	html_page_end(out);
}

/* ---- new meeting ------------------------------------------------------ */

void
html_meeting_new(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct form *const *forms, size_t n_forms,
    const struct html_people_names *names, const struct meeting *v,
    const char *error)
{
	html_admin_begin(out, ctx, "Nouvelle rencontre");
	PUT(out, "<h1>Nouvelle rencontre</h1>");
	if (error != NULL) {
		PUT(out, "<div class=\"summary\" role=\"alert\"><h2>La rencontre "
		    "n'a pas été créée</h2><p>");
		ESC(out, error);
		PUT(out, "</p></div>");
	}
	if (n_forms == 0) {
		PUT(out, "<p>Aucun questionnaire n'est chargé : ajoutez-en un "
		    "depuis la page <a href=\"/admin/forms\">Questionnaires</a>."
		    "</p>");
		html_page_end(out);
		return;
	}
	PUT(out, "<form method=\"post\" action=\"/admin/meetings/new\">");
	html_admin_csrf(out, ctx);
	html_admin_text_field(out, "title", "Titre", "text", v ? v->title : NULL, 1);
	html_admin_text_field(out, "date", "Date", "date", v ? v->date : NULL, 1);
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"form\">Questionnaire"
	    "</label><select id=\"form\" name=\"form\" required>");
	for (size_t i = 0; i < n_forms; i++) {
		PUT(out, "<option value=\"");
		ESC(out, forms[i]->id);
		PUT(out, "\"");
		if (v != NULL && v->form_id != NULL &&
		    strcmp(v->form_id, forms[i]->id) == 0)
			PUT(out, " selected");
		PUT(out, ">");
		ESC(out, forms[i]->title);
		PUT(out, " (");
		ESC(out, forms[i]->id);
		PUT(out, ")</option>");
	}
	PUT(out, "</select></p>");
	/* The lists the coordinators keep (issue 19). */
	html_people_meeting_selects(out, names, v ? v->level : NULL,
	    v ? v->centre : NULL);
	html_admin_text_field(out, "place", "Lieu", "text", v ? v->place : NULL, 0);
	PUT(out, "<p><button type=\"submit\">Créer la rencontre</button></p>"
	    "</form>");
	html_page_end(out);
}

/* ---- meeting page ----------------------------------------------------- */

/* A count of people: "< N" when it is a small group (min_count). */
static void
count(struct evbuffer *out, int64_t n, int min_count)
{
	if (stats_hidden(n, min_count))
		evbuffer_add_printf(out, "&lt; %d", min_count);
	else
		evbuffer_add_printf(out, "%lld", (long long)n);
}

/*
 * A horizontal bar chart of `it`'s bars as inline SVG, hidden from
 * screen readers, followed by the same numbers as a table for them.  A
 * small group's bar is not drawn (its length would tell its count) and
 * its count reads "< N".
 */
static void
chart(struct evbuffer *out, const struct result *it, const char *label,
    size_t idx, int min)
{
	int64_t max = 0;
	const int row = 44, width = 640, bar_max = 520;

	for (size_t b = 0; b < it->n_bars; b++)
		if (!stats_hidden(it->bars[b].n, min) && it->bars[b].n > max)
			max = it->bars[b].n;
	evbuffer_add_printf(out, "<svg class=\"chart\" aria-hidden=\"true\" "
	    "focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "font-family=\"system-ui,sans-serif\" font-size=\"15\">",
	    width, (int)it->n_bars * row + 4, width, (int)it->n_bars * row + 4);
	for (size_t b = 0; b < it->n_bars; b++) {
		int y = (int)b * row, hidden = stats_hidden(it->bars[b].n, min);
		int w = !hidden && max > 0 ? (int)(bar_max * it->bars[b].n / max) :
		    0;

		evbuffer_add_printf(out, "<text x=\"0\" y=\"%d\" fill=\"#1b1b1b\">",
		    y + 15);
		ESC(out, it->bars[b].label);
		evbuffer_add_printf(out, "</text><rect x=\"0\" y=\"%d\" width=\"%d\" "
		    "height=\"18\" fill=\"#0b4f8a\"/><text x=\"%d\" y=\"%d\" "
		    "fill=\"#1b1b1b\">", y + 21, w > 0 ? w : 1, w + 8, y + 36);
		count(out, it->bars[b].n, min);
		PUT(out, "</text>");
	}
	PUT(out, "</svg>");
	evbuffer_add_printf(out, "<table class=\"sr\" id=\"t-%zu\"><caption>", idx);
	ESC(out, label);
	PUT(out, "</caption><thead><tr><th scope=\"col\">Réponse</th>"
	    "<th scope=\"col\" class=\"n\">Nombre</th><th scope=\"col\" "
	    "class=\"n\">Part</th></tr></thead><tbody>");
	for (size_t b = 0; b < it->n_bars; b++) {
		PUT(out, "<tr><th scope=\"row\">");
		ESC(out, it->bars[b].label);
		PUT(out, "</th><td class=\"n\">");
		count(out, it->bars[b].n, min);
		if (stats_hidden(it->bars[b].n, min))
			PUT(out, "</td><td class=\"n\"></td></tr>");
		else
			evbuffer_add_printf(out, "</td><td class=\"n\">%.0f %%</td>"
			    "</tr>", it->answered > 0 ? 100.0 *
			    (double)it->bars[b].n / (double)it->answered : 0.0);
	}
	PUT(out, "</tbody></table>");
}

static void
result_block(struct evbuffer *out, const struct results *r, size_t i)
{
	const struct result *it = &r->items[i];
	const char *label = form_text(r->form, &it->q->label, r->lang);

	if (*label == '\0')
		label = it->q->name;
	PUT(out, "<section class=\"q\"><h3>");
	ESC(out, label);
	PUT(out, "</h3><p class=\"meta\">");
	count(out, it->answered, r->min_count);
	PUT(out, " réponse");
	if (it->answered > 1)
		PUT(out, "s");
	if (it->numeric && it->n_numbers > 0 &&
	    !stats_hidden(it->n_numbers, r->min_count))
		evbuffer_add_printf(out, " · moyenne %.2f · min %g · max %g",
		    it->sum / (double)it->n_numbers, it->min, it->max);
	PUT(out, "</p>");
	if (it->n_bars > 0 && it->answered > 0)
		chart(out, it, label, i, r->min_count);
	PUT(out, "</section>");
}

/* A meeting's title line: date, level, centre, place, form. */
static void
meeting_meta(struct evbuffer *out, const struct meeting *m)
{
	PUT(out, "<h1>");
	ESC(out, m->title);
	PUT(out, "</h1><p class=\"meta\">");
	ESC(out, m->date);
	if (m->level != NULL && *m->level != '\0') {
		PUT(out, " · ");
		ESC(out, m->level);
	}
	if (m->centre != NULL && *m->centre != '\0') {
		PUT(out, " · ");
		ESC(out, m->centre);
	}
	if (m->place != NULL && *m->place != '\0') {
		PUT(out, " · ");
		ESC(out, m->place);
	}
	PUT(out, " · questionnaire <code>");
	ESC(out, m->form_id);
	PUT(out, "</code></p>");
}

/* The public link, the code, the state, close/reopen and the QR code. */
static void
meeting_public(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *m, const char *url)
{
	PUT(out, "<div class=\"cols\"><div><h2>Lien public</h2>"
	    "<p class=\"link\"><a href=\"");
	ESC(out, url);
	PUT(out, "\">");
	ESC(out, url);
	PUT(out, "</a></p><p>Code : <strong><code>");
	ESC(out, m->code);
	PUT(out, "</code></strong></p>");
	if (m->closed)
		PUT(out, "<p class=\"closed\" id=\"state\">Cette rencontre est close "
		    ": le questionnaire ne reçoit plus de réponses.</p>");
	else
		PUT(out, "<p class=\"open\" id=\"state\">Ouverte : le questionnaire "
		    "reçoit des réponses.</p>");
	if (ctx->coordinator) {
		PUT(out, "<form class=\"inline\" method=\"post\" "
		    "action=\"/admin/meetings/");
		ESC(out, m->code);
		if (m->closed)
			PUT(out, "/reopen\">");
		else
			PUT(out, "/close\">");
		html_admin_csrf(out, ctx);
		if (m->closed)
			PUT(out, "<button type=\"submit\" class=\"small\">"
			    "Rouvrir la rencontre</button>");
		else
			PUT(out, "<button type=\"submit\" class=\"small\">"
			    "Clore la rencontre</button>");
		PUT(out, "</form> ");
	}
	PUT(out, "<p><a href=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "/print\">Page à imprimer (grand QR code)</a> · <a href=\""
	    "/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "/qr.svg\" download>QR code (SVG)</a> · <a href=\""
	    "/admin/export/responses.csv?meeting=");
	ESC(out, m->code);
	PUT(out, "\">Réponses (CSV)</a></p>");
	html_paper_links(out, m);
	PUT(out, "</div><div>");
	if (qr_svg(out, url, "QR code du questionnaire", 0) < 0)
		PUT(out, "<p>QR code indisponible.</p>");
	PUT(out, "</div></div>");

}

/* The free-text answers (the "paroles"). */
static void
meeting_texts(struct evbuffer *out, const struct results *r,
    const struct meeting *m)
{
	PUT(out, "<h2>Recueil des paroles</h2><p><a href=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "/paroles\">Choisir les paroles du bilan</a> · <a href=\""
	    "/admin/report/bilan.html?meeting=");
	ESC(out, m->code);
	PUT(out, "\">Bilan de la rencontre</a></p>");
	if (r->n_texts == 0)
		PUT(out, "<p>Aucune réponse écrite pour le moment.</p>");
	for (size_t i = 0; i < r->n_texts; i++) {
		if (i == 0 || r->texts[i].q != r->texts[i - 1].q) {
			const char *l = form_text(r->form, &r->texts[i].q->label,
			    r->lang);

			if (i > 0)
				PUT(out, "</div>");
			PUT(out, "<h3>");
			ESC(out, *l != '\0' ? l : r->texts[i].q->name);
			PUT(out, "</h3><div>");
		}
		PUT(out, "<blockquote>");
		ESC(out, r->texts[i].value);
		PUT(out, "</blockquote>");
		if (i + 1 == r->n_texts)
			PUT(out, "</div>");
	}
}

void
html_meeting_page(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *m, const char *url, const struct results *r,
    int64_t n_responses, int live)
{
	html_admin_begin(out, ctx, m->title);
	if (live)
		PUT(out, "<meta http-equiv=\"refresh\" content=\"15\">");
	meeting_meta(out, m);
	meeting_public(out, ctx, m, url);
	evbuffer_add_printf(out, "<h2>Résultats</h2><p aria-live=\"polite\">"
	    "<strong id=\"count\">%lld</strong> réponse%s reçue%s. ",
	    (long long)n_responses, n_responses > 1 ? "s" : "",
	    n_responses > 1 ? "s" : "");
	PUT(out, "<a href=\"/admin/meetings/");
	ESC(out, m->code);
	if (live)
		PUT(out, "\">Arrêter le suivi en direct</a></p>");
	else
		PUT(out, "?live=1\">Suivre en direct</a> (actualisation toutes "
		    "les 15 secondes)</p>");
	if (r == NULL) {
		PUT(out, "<p>Le questionnaire de cette rencontre n'est pas chargé : "
		    "les résultats par question ne peuvent pas être affichés.</p>");
		html_page_end(out);
		return;
	}
	for (size_t i = 0; i < r->n_items; i++)
		if (r->items[i].q->type != Q_TEXT)
			result_block(out, r, i);

	meeting_texts(out, r, m);
	html_page_end(out);
}

void
html_meeting_print(struct evbuffer *out, const struct meeting *m,
    const char *url)
{
	html_page_begin(out, m->title, "fr");
	PUT(out, "<style>");
	evbuffer_add(out, print_css, sizeof(print_css) - 1);
	PUT(out, "</style><h1>Donnez votre avis : ");
	ESC(out, m->title);
	PUT(out, "</h1><p>Scannez le QR code avec votre téléphone, ou ouvrez "
	    "l'adresse ci-dessous et saisissez le code.</p><div class=\"qr\">");
	if (qr_svg(out, url, "QR code du questionnaire", 0) < 0)
		PUT(out, "<p>QR code indisponible.</p>");
	PUT(out, "</div><p class=\"code\" aria-label=\"Code de la rencontre\">");
	ESC(out, m->code);
	PUT(out, "</p><p class=\"url\">");
	ESC(out, url);
	PUT(out, "</p><p class=\"noprint\"><a href=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "\">Retour à la rencontre</a></p>");
	html_page_end(out);
}
