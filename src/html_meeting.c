/*
 * html_meeting.c - rendering of the meeting pages (see html_meeting.h).
 *
 * Phone first: at 360 px nothing is wider than the screen (lists rather
 * than wide tables, charts that shrink), and the results page prints
 * without the navigation, the buttons and the QR code.  The live count of
 * a meeting's page and of the projector page is a small script allowed by
 * its hash in the CSP; without JavaScript, a link refreshes the page (no
 * meta refresh: a page that reloads itself under a screen reader's
 * cursor is an accessibility failure).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "form.h"
#include "html.h"
#include "html_admin.h"
#include "html_meeting.h"
#include "html_people.h"
#include "i18n.h"
#include "meeting.h"
#include "qr.h"
#include "results.h"
#include "stats.h"
#include "store.h"

/* Literals only: "" lit "" refuses anything else at compile time. */
#define PUT(out, lit) evbuffer_add((out), "" lit "", sizeof(lit) - 1)
#define ESC(out, s) html_escape((out), (s) != NULL ? (s) : "")
#define SAY(out, s) html_admin_say((out), (s))

/* ---- style sheets and script ------------------------------------------ */

/*
 * The meeting pages' additions to the staff style sheet: the list as
 * cards, the filters, the actions, a badge for the demonstration, and
 * what the results page leaves out on paper.
 */
static const char meeting_css[] =
    ".list{list-style:none;padding:0;margin:0 0 1rem}"
    ".list li{background:#fff;border:1px solid #c9c2b3;border-radius:6px;"
    "padding:.5rem .75rem;margin:0 0 .5rem;overflow-wrap:anywhere}"
    ".list .t{font-weight:600;font-size:1.125rem}"
    ".list p{margin:.25rem 0}"
    ".badge{display:inline-block;border:2px solid #7a4100;color:#7a4100;"
    "background:#fff;border-radius:4px;padding:0 .4rem;font-size:.95rem;"
    "font-weight:600}"
    ".demo{border:3px solid #7a4100;background:#fff;padding:.75rem;"
    "margin:0 0 1rem}"
    ".filters{background:#fff;border:1px solid #c9c2b3;border-radius:6px;"
    "padding:.5rem .75rem;margin:0 0 1rem}"
    ".filters .q{margin:0 0 .75rem}"
    ".actions{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;"
    "margin:0 0 1rem}"
    ".actions a,.actions button{display:inline-flex;align-items:center;"
    "min-height:44px}"
    ".actions form{margin:0}"
    ".actions button{width:auto;padding:.25rem 1rem}"
    ".pager{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}"
    ".pager a{display:inline-flex;align-items:center;min-height:44px}"
    "main{overflow-wrap:anywhere}"
    "svg.chart{width:100%;height:auto;max-width:28rem}"
    ".cols>div{min-width:0}"
    "@media print{nav,form,.actions,.noprint,.pager,.qr,.qrbox{display:none}"
    "body{background:#fff;font-size:11pt}main{max-width:none;padding:0}"
    "a{color:#000;text-decoration:none}"
    "section.q{break-inside:avoid;margin:0 0 .5rem}"
    "section.q h3{margin:.25rem 0}"
    "svg.chart{max-width:17rem}"
    "blockquote{break-inside:avoid;background:#fff;border-left-width:2px;"
    "padding:.15rem .5rem;margin:0 0 .35rem}"
    "h2{break-after:avoid}}";

/* The printable page's own style sheet. */
static const char print_css[] =
    "main{max-width:50rem;text-align:center}"
    ".qr{width:100%;max-width:34rem;height:auto;margin:0 auto}"
    ".code{font:700 clamp(2rem,12vw,4rem)/1.1 ui-monospace,monospace;"
    "letter-spacing:.2em;"
    "margin:.5rem 0}"
    ".url{font-size:1.5rem;word-break:break-all}"
    "@media print{a{color:#000;text-decoration:none}.noprint{display:none}}";

/*
 * The projector page: what a room reads from its back row.  The QR code
 * takes the height of the screen beside the code and the count (side by
 * side on a wide screen, one above the other on a phone).
 */
static const char projector_css[] =
    "body{background:#fff}"
    "main{max-width:none;padding:1rem 2vw}"
    ".proj{display:flex;flex-wrap:wrap;gap:1rem 4vw;align-items:center;"
    "justify-content:center;text-align:center}"
    ".proj .qr{width:min(80vh,92vw);max-width:none;flex:none}"
    ".proj>div+div{flex:1 1 18rem;min-width:0}"
    ".proj .qr svg{display:block;width:100%;height:auto}"
    ".proj h1{font-size:clamp(1.5rem,3.5vw,3rem);margin:0 0 .5rem}"
    ".big{font:700 clamp(2.5rem,8vw,7rem)/1.1 ui-monospace,monospace;"
    "letter-spacing:.12em;margin:.25rem 0}"
    ".addr{font-size:clamp(1.125rem,2.6vw,2.5rem);font-weight:600;"
    "overflow-wrap:anywhere;margin:.25rem 0}"
    ".count{font-size:clamp(1.5rem,4vw,4rem);margin:.5rem 0}"
    ".count strong{font-size:1.4em}"
    ".say{font-size:clamp(1.125rem,2.5vw,2.25rem);margin:.25rem 0}"
    ".noprint a{display:inline-block;min-height:44px;padding:.5rem}";

/*
 * The live count: every 10 seconds, the count of answers from the
 * element's data-src (a small JSON document); on a meeting's page
 * (data-reload) a new answer reloads the page so that the results follow.
 * Without fetch or JavaScript nothing runs and the refresh link remains.
 */
static const char count_js[] =
    "(function(){var e=document.getElementById('count');"
    "if(!e||!window.fetch)return;"
    "var u=e.getAttribute('data-src'),r=e.hasAttribute('data-reload'),"
    "n=e.textContent,l=document.getElementById('count-label');"
    "setInterval(function(){fetch(u,{credentials:'same-origin',"
    "cache:'no-store'}).then(function(x){return x.ok?x.json():null})"
    ".then(function(j){if(!j)return;var t=String(j.responses);"
    "if(t===n)return;if(r){location.reload();return}n=t;e.textContent=t;"
    "if(l)l.textContent=j.label}).catch(function(){})},10000)})();";

const char *
html_meeting_style(int which, size_t *len)
{
	static const char *const css[] = { meeting_css, print_css,
	    projector_css };
	const char *c = which >= 0 && which < 3 ? css[which] : NULL;

	*len = c != NULL ? strlen(c) : 0;
	return c;
}

const char *
html_meeting_script(size_t *len)
{
	*len = sizeof(count_js) - 1;
	return count_js;
}

/* A staff page about meetings: the staff look, then ours. */
static void
begin(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const char *title)
{
	html_admin_begin(out, ctx, title);
	PUT(out, "<style>");
	evbuffer_add(out, meeting_css, sizeof(meeting_css) - 1);
	PUT(out, "</style>");
}

static void
script(struct evbuffer *out)
{
	PUT(out, "<script>");
	evbuffer_add(out, count_js, sizeof(count_js) - 1);
	PUT(out, "</script>");
}

/* A translated message with numbers, escaped like any text. */
static void __attribute__((format(printf, 2, 3)))
escf(struct evbuffer *out, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	html_escape(out, buf);
}

/* "N réponse(s) reçue(s)", the label after the number. */
const char *
html_meeting_count_label(int64_t n)
{
	return n > 1 ? _("réponses reçues") : _("réponse reçue");
}

static void
code_href(struct evbuffer *out, const struct meeting *m, const char *tail)
{
	PUT(out, "/admin/meetings/");
	ESC(out, m->code);
	ESC(out, tail);
}

/* A demonstration's badge. */
static void
demo_badge(struct evbuffer *out, const struct meeting *m)
{
	if (!m->demo)
		return;
	PUT(out, " <span class=\"badge\">");
	ESC(out, _("démonstration"));
	PUT(out, "</span>");
}

static void
error_box(struct evbuffer *out, const char *title, const char *error)
{
	if (error == NULL)
		return;
	PUT(out, "<div class=\"summary\" role=\"alert\">");
	if (title != NULL) {
		PUT(out, "<h2>");
		ESC(out, title);
		PUT(out, "</h2>");
	}
	PUT(out, "<p id=\"form-err\">");
	ESC(out, error);
	PUT(out, "</p></div>");
}

/* ---- the list ----------------------------------------------------------- */

/* An <option>, selected when `value` is `current`. */
static void
option(struct evbuffer *out, const char *value, const char *label,
    const char *current)
{
	PUT(out, "<option value=\"");
	ESC(out, value);
	PUT(out, "\"");
	if (current != NULL && strcmp(value, current) == 0)
		PUT(out, " selected");
	PUT(out, ">");
	ESC(out, label);
	PUT(out, "</option>");
}

static void
label_for(struct evbuffer *out, const char *id, const char *label)
{
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"");
	ESC(out, id);
	PUT(out, "\">");
	ESC(out, label);
	PUT(out, "</label>");
}

/* The levels offered, and the current one even when it is no more. */
static void
level_select(struct evbuffer *out, const char *const *levels, size_t n,
    const char *current, const char *none)
{
	int found = current == NULL || *current == '\0';

	label_for(out, "level", _("Niveau du réseau"));
	PUT(out, "<select id=\"level\" name=\"level\">");
	option(out, "", none, current);
	for (size_t i = 0; i < n; i++) {
		option(out, levels[i], levels[i], current);
		found = found || strcmp(levels[i], current) == 0;
	}
	if (!found)
		option(out, current, current, current);
	PUT(out, "</select></p>");
}

static void
filters(struct evbuffer *out, const struct html_meeting_list *l)
{
	PUT(out, "<form class=\"filters\" method=\"get\" action=\"/admin/\" "
	    "role=\"search\"><div class=\"cols\">");
	html_admin_text_field(out, "q", _("Chercher (titre, centre, lieu, code)"),
	    "text", l->text, 0);
	label_for(out, "form", _("Questionnaire"));
	PUT(out, "<select id=\"form\" name=\"form\">");
	option(out, "", _("Tous"), l->form_id);
	for (size_t i = 0; i < l->n_forms; i++)
		option(out, l->forms[i]->id, l->forms[i]->title, l->form_id);
	PUT(out, "</select></p>");
	level_select(out, l->names != NULL ? (const char *const *)
	    l->names->levels : NULL, l->names != NULL ? l->names->n_levels : 0,
	    l->level, _("Tous"));
	html_admin_text_field(out, "centre", _("Centre"), "text", l->centre, 0);
	html_admin_text_field(out, "from", _("Du"), "date", l->from, 0);
	html_admin_text_field(out, "to", _("Au"), "date", l->to, 0);
	label_for(out, "state", _("État"));
	PUT(out, "<select id=\"state\" name=\"state\">");
	option(out, "", _("Ouvertes et closes"), l->state);
	option(out, "open", _("Ouvertes"), l->state);
	option(out, "closed", _("Closes"), l->state);
	PUT(out, "</select></p></div><div class=\"actions\"><button "
	    "type=\"submit\">");
	ESC(out, _("Filtrer"));
	PUT(out, "</button><a href=\"/admin/\">");
	ESC(out, _("Tout afficher"));
	PUT(out, "</a></div></form>");
}

/* One meeting of the list. */
static void
list_item(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *m)
{
	PUT(out, "<li><p><a class=\"t\" href=\"");
	code_href(out, m, "");
	PUT(out, "\">");
	ESC(out, m->title);
	PUT(out, "</a>");
	demo_badge(out, m);
	PUT(out, "</p><p class=\"m\">");
	html_date(out, m->date);
	if (*m->level != '\0') {
		PUT(out, " · ");
		ESC(out, m->level);
	}
	if (*m->centre != '\0') {
		PUT(out, " · ");
		ESC(out, m->centre);
	}
	PUT(out, " · ");
	ESC(out, _("code"));
	PUT(out, " <code>");
	ESC(out, m->code);
	PUT(out, "</code></p><p>");
	if (m->closed)
		PUT(out, "<span class=\"closed\">");
	else
		PUT(out, "<span class=\"open\">");
	ESC(out, m->closed ? _("close") : _("ouverte"));
	evbuffer_add_printf(out, "</span> · %lld ", (long long)m->n_responses);
	ESC(out, html_meeting_count_label(m->n_responses));
	if (m->demo && ctx->coordinator) {
		PUT(out, " · <a href=\"");
		code_href(out, m, "/delete");
		PUT(out, "\">");
		ESC(out, _("Supprimer la démonstration"));
		PUT(out, "</a>");
	}
	PUT(out, "</p></li>");
}

/* Links to the previous and next pages, keeping the filter. */
static void
pager(struct evbuffer *out, const struct html_meeting_list *l)
{
	const char *q = l->query != NULL ? l->query : "";

	if (l->pages <= 1)
		return;
	PUT(out, "<nav class=\"pager\" aria-label=\"");
	ESC(out, _("Pages de la liste"));
	PUT(out, "\">");
	if (l->page > 1) {
		evbuffer_add_printf(out, "<a rel=\"prev\" href=\"/admin/?page=%lld",
		    (long long)(l->page - 1));
		ESC(out, q);
		PUT(out, "\">");
		ESC(out, _("← Précédentes"));
		PUT(out, "</a>");
	}
	PUT(out, "<span>");
	escf(out, _("Page %lld sur %lld"), (long long)l->page,
	    (long long)l->pages);
	PUT(out, "</span>");
	if (l->page < l->pages) {
		evbuffer_add_printf(out, "<a rel=\"next\" href=\"/admin/?page=%lld",
		    (long long)(l->page + 1));
		ESC(out, q);
		PUT(out, "\">");
		ESC(out, _("Suivantes →"));
		PUT(out, "</a>");
	}
	PUT(out, "</nav>");
}

void
html_meeting_list(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct html_meeting_list *l)
{
	begin(out, ctx, _("Rencontres"));
	PUT(out, "<h1>");
	ESC(out, _("Rencontres"));
	PUT(out, "</h1>");
	if (l->notice != NULL) {
		PUT(out, "<div class=\"ok\" role=\"status\"><p>");
		ESC(out, l->notice);
		PUT(out, "</p></div>");
	}
	if (ctx->coordinator) {
		PUT(out, "<p><a href=\"/admin/meetings/new\">");
		ESC(out, _("Créer une rencontre"));
		PUT(out, "</a></p>");
	}
	filters(out, l);
	PUT(out, "<p id=\"found\" role=\"status\">");
	if (l->total == 0)
		ESC(out, _("Aucune rencontre ne correspond."));
	else
		escf(out, l->total > 1 ? _("%lld rencontres, les "
		    "plus récentes d'abord.") : _("%lld rencontre."),
		    (long long)l->total);
	PUT(out, "</p>");
	if (l->n > 0) {
		PUT(out, "<ul class=\"list\" aria-labelledby=\"found\">");
		for (size_t i = 0; i < l->n; i++)
			list_item(out, ctx, &l->ms[i]);
		PUT(out, "</ul>");
	}
	pager(out, l);
	html_page_end(out);
}

/* ---- new, duplicate, edit ---------------------------------------------- */

static void
form_select(struct evbuffer *out, const struct form *const *forms,
    size_t n_forms, const char *current, int locked)
{
	label_for(out, "form", _("Questionnaire"));
	if (locked) {
		/* Answers were given against it: shown, not offered. */
		PUT(out, "<input type=\"text\" id=\"form\" readonly "
		    "aria-describedby=\"form-locked\" value=\"");
		ESC(out, current);
		PUT(out, "\"><span class=\"hint\" id=\"form-locked\">");
		ESC(out, _("La rencontre a déjà reçu des réponses : son "
		    "questionnaire ne change plus."));
		PUT(out, "</span></p>");
		return;
	}
	PUT(out, "<select id=\"form\" name=\"form\" required>");
	for (size_t i = 0; i < n_forms; i++) {
		PUT(out, "<option value=\"");
		ESC(out, forms[i]->id);
		PUT(out, "\"");
		if (current != NULL && strcmp(current, forms[i]->id) == 0)
			PUT(out, " selected");
		PUT(out, ">");
		ESC(out, forms[i]->title);
		PUT(out, " (");
		ESC(out, forms[i]->id);
		PUT(out, ")</option>");
	}
	PUT(out, "</select></p>");
}

void
html_meeting_form(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct html_meeting_form *f)
{
	const struct meeting *v = f->values;
	const char *title = f->edit != NULL ? _("Modifier la rencontre") :
	    _("Nouvelle rencontre");

	begin(out, ctx, title);
	PUT(out, "<h1>");
	ESC(out, title);
	PUT(out, "</h1>");
	if (f->from != NULL) {
		PUT(out, "<p>");
		ESC(out, _("La même rencontre le mois prochain : vérifiez la date "
		    "puis créez-la. Elle aura son propre code."));
		PUT(out, "</p>");
	}
	error_box(out, f->edit != NULL ? _("La rencontre n'a pas été modifiée") :
	    _("La rencontre n'a pas été créée"), f->error);
	if (f->n_forms == 0 && f->edit == NULL) {
		PUT(out, "<p>");
		ESC(out, _("Aucun questionnaire n'est chargé : ajoutez-en un "
		    "depuis la page Questionnaires."));
		PUT(out, "</p>");
		html_page_end(out);
		return;
	}
	PUT(out, "<form method=\"post\" action=\"");
	if (f->edit != NULL)
		code_href(out, f->edit, "/edit");
	else
		PUT(out, "/admin/meetings/new");
	PUT(out, "\">");
	html_admin_csrf(out, ctx);
	html_admin_text_field(out, "title", _("Titre"), "text",
	    v ? v->title : NULL, 1);
	html_admin_text_field(out, "date", _("Date"), "date",
	    v ? v->date : NULL, 1);
	form_select(out, f->forms, f->n_forms, v ? v->form_id : NULL,
	    f->form_locked);
	/* The lists the coordinators keep (issue 19). */
	html_people_meeting_selects(out, f->names, v ? v->level : NULL,
	    v ? v->centre : NULL);
	html_admin_text_field(out, "place", _("Lieu"), "text",
	    v ? v->place : NULL, 0);
	PUT(out, "<div class=\"actions\"><button type=\"submit\">");
	ESC(out, f->edit != NULL ? _("Enregistrer les modifications") :
	    _("Créer la rencontre"));
	PUT(out, "</button>");
	if (f->edit != NULL) {
		PUT(out, "<a href=\"");
		code_href(out, f->edit, "");
		PUT(out, "\">");
		ESC(out, _("Annuler"));
		PUT(out, "</a>");
	}
	PUT(out, "</div></form>");
	html_page_end(out);
}

/* ---- confirmations ----------------------------------------------------- */

void
html_meeting_confirm(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *m, enum html_meeting_ask ask, int64_t n_responses,
    const char *error)
{
	int del = ask == HTML_MEETING_DELETE;
	const char *title = del ? (m->demo ? _("Supprimer la démonstration ?") :
	    _("Supprimer la rencontre ?")) : _("Clore la rencontre ?");

	begin(out, ctx, title);
	PUT(out, "<h1>");
	ESC(out, title);
	PUT(out, "</h1><p><strong>");
	ESC(out, m->title);
	PUT(out, "</strong> – ");
	html_date(out, m->date);
	demo_badge(out, m);
	PUT(out, "</p>");
	error_box(out, NULL, error);
	PUT(out, "<p>");
	if (!del)
		ESC(out, _("Une fois close, la rencontre ne reçoit plus de "
		    "réponses ; celles reçues sont gardées. Vous pourrez la "
		    "rouvrir."));
	else if (m->demo)
		escf(out, _("La rencontre de démonstration et ses "
		    "%lld réponses d'essai seront effacées. Elle ne reviendra pas."),
		    (long long)n_responses);
	else
		ESC(out, _("La rencontre n'a reçu aucune réponse : elle sera "
		    "effacée, son code et son QR code ne mèneront plus nulle part."));
	PUT(out, "</p>");
	if (error != NULL && del) {
		PUT(out, "<p><a href=\"");
		code_href(out, m, "");
		PUT(out, "\">");
		ESC(out, _("Retour à la rencontre"));
		PUT(out, "</a></p>");
		html_page_end(out);
		return;
	}
	PUT(out, "<form method=\"post\" action=\"");
	code_href(out, m, del ? "/delete" : "/close");
	PUT(out, "\">");
	html_admin_csrf(out, ctx);
	PUT(out, "<div class=\"actions\"><button type=\"submit\">");
	ESC(out, del ? _("Oui, supprimer") : _("Oui, clore la rencontre"));
	PUT(out, "</button><a href=\"");
	code_href(out, m, "");
	PUT(out, "\">");
	ESC(out, _("Non, revenir à la rencontre"));
	PUT(out, "</a></div></form>");
	html_page_end(out);
}

/* ---- results ------------------------------------------------------------ */

/* A count of people: "< N" when it is a small group (min_count). */
static void
count(struct evbuffer *out, int64_t n, int min_count)
{
	if (stats_hidden(n, min_count))
		evbuffer_add_printf(out, "&lt; %d", min_count);
	else
		evbuffer_add_printf(out, "%lld", (long long)n);
}

/* "N réponse(s)" after a question, N as count() writes it. */
static void
answered(struct evbuffer *out, int64_t n, int min_count)
{
	char num[32];

	if (stats_hidden(n, min_count))
		snprintf(num, sizeof(num), "&lt; %d", min_count);
	else
		snprintf(num, sizeof(num), "%lld", (long long)n);
	html_admin_say_markup(out, P_("%s réponse", "%s réponses",
	    n > 0 ? (unsigned long)n : 0), num);
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
	/* 400 units wide: on a 360 px phone the labels stay about 12 px. */
	const int row = 44, width = 400, bar_max = 300;

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
	/* Hidden in a box of its own: a table does not shrink to 1 px and
	 * would widen a phone's page. */
	evbuffer_add_printf(out, "<div class=\"sr\"><table id=\"t-%zu\">"
	    "<caption>", idx);
	ESC(out, label);
	PUT(out, "</caption><thead><tr><th scope=\"col\">");
	SAY(out, _("Réponse"));
	PUT(out, "</th><th scope=\"col\" class=\"n\">");
	SAY(out, _("Nombre"));
	PUT(out, "</th><th scope=\"col\" class=\"n\">");
	SAY(out, _("Part"));
	PUT(out, "</th></tr></thead><tbody>");
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
	PUT(out, "</tbody></table></div>");
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
	answered(out, it->answered, r->min_count);
	if (it->numeric && it->n_numbers > 0 &&
	    !stats_hidden(it->n_numbers, r->min_count)) {
		PUT(out, " · ");
		ESC(out, _("moyenne"));
		PUT(out, " ");
		html_decimal(out, it->sum / (double)it->n_numbers, 2);
		PUT(out, " · min ");
		html_number(out, it->min);
		PUT(out, " · max ");
		html_number(out, it->max);
	}
	PUT(out, "</p>");
	if (it->n_bars > 0 && it->answered > 0)
		chart(out, it, label, i, r->min_count);
	PUT(out, "</section>");
}

/* The free-text answers (the "paroles"). */
static void
meeting_texts(struct evbuffer *out, const struct results *r,
    const struct meeting *m)
{
	PUT(out, "<h2>");
	SAY(out, _("Recueil des paroles"));
	PUT(out, "</h2><p class=\"noprint\"><a href=\"/admin/meetings/");
	ESC(out, m->code);
	PUT(out, "/paroles\">");
	SAY(out, _("Choisir les paroles du bilan"));
	PUT(out, "</a> · <a href=\"/admin/report/bilan.html?meeting=");
	ESC(out, m->code);
	PUT(out, "\">");
	SAY(out, _("Bilan de la rencontre"));
	PUT(out, "</a></p>");
	if (r->n_texts == 0) {
		PUT(out, "<p>");
		SAY(out, _("Aucune réponse écrite pour le moment."));
		PUT(out, "</p>");
	}
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


/* ---- a meeting's page -------------------------------------------------- */

/* A meeting's title line: date, level, centre, place, form. */
static void
meeting_meta(struct evbuffer *out, const struct meeting *m)
{
	PUT(out, "<h1>");
	ESC(out, m->title);
	demo_badge(out, m);
	PUT(out, "</h1><p class=\"meta\">");
	html_date(out, m->date);
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
	PUT(out, " · ");
	ESC(out, _("questionnaire"));
	PUT(out, " <code>");
	ESC(out, m->form_id);
	PUT(out, "</code></p>");
	if (m->demo) {
		PUT(out, "<div class=\"demo\" role=\"note\"><p>");
		ESC(out, _("Rencontre de démonstration, créée au premier "
		    "démarrage pour essayer Recueil : ses réponses ne comptent "
		    "dans aucune statistique, aucune évaluation ni aucun export."));
		PUT(out, "</p></div>");
	}
}

static void
action_link(struct evbuffer *out, const struct meeting *m, const char *tail,
    const char *label)
{
	PUT(out, "<a href=\"");
	code_href(out, m, tail);
	PUT(out, "\">");
	ESC(out, label);
	PUT(out, "</a>");
}

/* What a coordinator can do with the meeting. */
static void
meeting_actions(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *m, int64_t n_responses)
{
	PUT(out, "<div class=\"actions\">");
	action_link(out, m, "/projector", _("Projeter dans la salle"));
	action_link(out, m, "/print", _("Page à imprimer"));
	action_link(out, m, "/papier", _("Questionnaire papier (A4)"));
	action_link(out, m, "/saisie", _("Saisir les feuilles papier"));
	action_link(out, m, "/tablette", _("Tablette de l'accueil"));
	if (ctx->coordinator) {
		action_link(out, m, "/edit", _("Modifier"));
		action_link(out, m, "/duplicate",
		    _("Dupliquer pour le mois prochain"));
		if (meeting_deletable(m, n_responses))
			action_link(out, m, "/delete", m->demo ?
			    _("Supprimer la démonstration") : _("Supprimer"));
		if (!m->closed) {
			action_link(out, m, "/close", _("Clore la rencontre"));
		} else {
			PUT(out, "<form method=\"post\" action=\"");
			code_href(out, m, "/reopen");
			PUT(out, "\">");
			html_admin_csrf(out, ctx);
			PUT(out, "<button type=\"submit\" class=\"secondary\">");
			ESC(out, _("Rouvrir la rencontre"));
			PUT(out, "</button></form>");
		}
	}
	PUT(out, "</div>");
}

/* The questionnaire's QR code, or a line saying it cannot be drawn. */
static void
qr_or_notice(struct evbuffer *out, const char *url)
{
	if (qr_svg(out, url, _("QR code du questionnaire"), 0) < 0) {
		PUT(out, "<p>");
		ESC(out, _("QR code indisponible."));
		PUT(out, "</p>");
	}
}

/* The public link, the code, the state and the QR code. */
static void
meeting_public(struct evbuffer *out, const struct meeting *m,
    const char *url)
{
	PUT(out, "<div class=\"cols\"><div><h2>");
	ESC(out, _("Lien public"));
	PUT(out, "</h2><p class=\"link\"><a href=\"");
	ESC(out, url);
	PUT(out, "\">");
	ESC(out, url);
	PUT(out, "</a></p><p>");
	ESC(out, _("Code :"));
	PUT(out, " <strong><code>");
	ESC(out, m->code);
	PUT(out, "</code></strong></p>");
	if (m->closed)
		PUT(out, "<p class=\"closed\" id=\"state\">");
	else
		PUT(out, "<p class=\"open\" id=\"state\">");
	ESC(out, m->closed ? _("Cette rencontre est close : le questionnaire "
	    "ne reçoit plus de réponses.") : _("Ouverte : le questionnaire "
	    "reçoit des réponses."));
	PUT(out, "</p><p class=\"noprint\"><a href=\"");
	code_href(out, m, "/qr.svg");
	PUT(out, "\" download>");
	ESC(out, _("QR code (SVG)"));
	PUT(out, "</a>");
	if (!m->demo) {
		PUT(out, " · <a href=\"/admin/export/responses.csv?meeting=");
		ESC(out, m->code);
		PUT(out, "\">");
		ESC(out, _("Réponses (CSV)"));
		PUT(out, "</a>");
	}
	PUT(out, "</p></div><div class=\"qrbox\">");
	qr_or_notice(out, url);
	PUT(out, "</div></div>");
}

/* The count of answers, live or with a link to follow it live. */
static void
meeting_count(struct evbuffer *out, const struct meeting *m, int64_t n,
    int live)
{
	PUT(out, "<h2>");
	ESC(out, _("Résultats"));
	PUT(out, "</h2><p><strong id=\"count\" data-src=\"");
	code_href(out, m, "/count.json");
	PUT(out, "\"");
	if (live)
		PUT(out, " data-reload");
	evbuffer_add_printf(out, ">%lld</strong> <span id=\"count-label\">",
	    (long long)n);
	ESC(out, html_meeting_count_label(n));
	PUT(out, "</span>.</p><p class=\"noprint\">");
	if (live) {
		ESC(out, _("Suivi en direct : avec JavaScript, la page se met à "
		    "jour à chaque nouvelle réponse."));
		PUT(out, " ");
		action_link(out, m, "?live=1", _("Actualiser maintenant"));
		PUT(out, " · ");
		action_link(out, m, "", _("Arrêter le suivi en direct"));
	} else {
		action_link(out, m, "?live=1", _("Suivre en direct"));
	}
	PUT(out, "</p>");
}

void
html_meeting_page(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct meeting *m, const char *url, const struct results *r,
    int64_t n_responses, int live)
{
	begin(out, ctx, m->title);
	meeting_meta(out, m);
	meeting_actions(out, ctx, m, n_responses);
	meeting_public(out, m, url);
	meeting_count(out, m, n_responses, live);
	if (r == NULL) {
		PUT(out, "<p>");
		ESC(out, _("Le questionnaire de cette rencontre n'est pas chargé : "
		    "les résultats par question ne peuvent pas être affichés."));
		PUT(out, "</p>");
	} else {
		for (size_t i = 0; i < r->n_items; i++)
			if (r->items[i].q->type != Q_TEXT)
				result_block(out, r, i);
		meeting_texts(out, r, m);
	}
	if (live)
		script(out);
	html_page_end(out);
}

/* ---- in the room -------------------------------------------------------- */

void
html_meeting_print(struct evbuffer *out, const struct meeting *m,
    const char *url)
{
	html_page_begin(out, m->title, "fr");
	PUT(out, "<style>");
	evbuffer_add(out, print_css, sizeof(print_css) - 1);
	PUT(out, "</style><h1>");
	ESC(out, _("Donnez votre avis :"));
	PUT(out, " ");
	ESC(out, m->title);
	PUT(out, "</h1><p>");
	ESC(out, _("Scannez le QR code avec votre téléphone, ou ouvrez "
	    "l'adresse ci-dessous et saisissez le code."));
	PUT(out, "</p><div class=\"qr\">");
	qr_or_notice(out, url);
	PUT(out, "</div><p class=\"code\" aria-label=\"");
	ESC(out, _("Code de la rencontre"));
	PUT(out, "\">");
	ESC(out, m->code);
	PUT(out, "</p><p class=\"url\">");
	ESC(out, url);
	PUT(out, "</p><p class=\"noprint\">");
	action_link(out, m, "", _("Retour à la rencontre"));
	PUT(out, "</p>");
	html_page_end(out);
}

void
html_meeting_projector(struct evbuffer *out, const struct meeting *m,
    const char *url, const char *short_url, int64_t n)
{
	html_page_begin(out, m->title, "fr");
	PUT(out, "<style>");
	evbuffer_add(out, projector_css, sizeof(projector_css) - 1);
	PUT(out, "</style><div class=\"proj\"><div class=\"qr\">");
	qr_or_notice(out, url);
	PUT(out, "</div><div><h1>");
	ESC(out, _("Donnez votre avis"));
	PUT(out, "</h1><p class=\"say\">");
	ESC(out, m->title);
	PUT(out, "</p><p class=\"say\">");
	ESC(out, _("Scannez le QR code, ou ouvrez"));
	PUT(out, "</p><p class=\"addr\">");
	ESC(out, short_url);
	PUT(out, "</p><p class=\"say\">");
	ESC(out, _("code"));
	PUT(out, "</p><p class=\"big\">");
	ESC(out, m->code);
	PUT(out, "</p><p class=\"count\" aria-live=\"polite\"><strong id=\"count\" "
	    "data-src=\"");
	code_href(out, m, "/count.json");
	evbuffer_add_printf(out, "\">%lld</strong> <span id=\"count-label\">",
	    (long long)n);
	ESC(out, html_meeting_count_label(n));
	PUT(out, "</span></p>");
	if (m->closed) {
		PUT(out, "<p class=\"say\">");
		ESC(out, _("La rencontre est close : elle ne reçoit plus de "
		    "réponses."));
		PUT(out, "</p>");
	}
	PUT(out, "<p class=\"noprint\">");
	action_link(out, m, "/projector", _("Actualiser"));
	PUT(out, " · ");
	action_link(out, m, "", _("Retour à la rencontre"));
	PUT(out, "</p></div></div>");
	script(out);
	html_page_end(out);
}
