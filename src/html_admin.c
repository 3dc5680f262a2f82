/*
 * html_admin.c - rendering of the staff pages (see html_admin.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "diag.h"
#include "form.h"
#include "html.h"
#include "html_admin.h"
#include "i18n.h"
#include "meeting.h"
#include "store.h"

/* Literals only: "" lit "" refuses anything else at compile time. */
#define PUT(out, lit) evbuffer_add((out), "" lit "", sizeof(lit) - 1)
#define ESC(out, s) html_escape((out), (s) != NULL ? (s) : "")
#define SAY(out, s) html_admin_say((out), (s))

/*
 * What the staff pages add to the public style sheet: wider pages, tables,
 * charts, a navigation bar; visually hidden text for screen readers.
 */
static const char admin_css[] =
    "main{max-width:60rem}"
    "input[type=password]{width:100%;min-height:44px;font:inherit;"
    "padding:.5rem;border:2px solid #5c5c5c;border-radius:6px;background:#fff}"
    "nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:center;"
    "border-bottom:2px solid #c9c2b3;padding-bottom:.5rem;margin-bottom:1rem}"
    "nav form{margin-left:auto}"
    "nav button,.inline button,.small{width:auto;min-height:44px;"
    "padding:.25rem 1rem}"
    ".inline{display:inline}"
    ".secondary{background:#fff;color:#0b4f8a;border:2px solid #0b4f8a}"
    "table{border-collapse:collapse;width:100%;margin:0 0 1.5rem;"
    "background:#fff}"
    "th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #c9c2b3;"
    "vertical-align:top}"
    "td.n,th.n{text-align:right}"
    ".wrap{overflow-x:auto}"
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;"
    "clip:rect(0 0 0 0);white-space:nowrap}"
    ".chart{width:100%;max-width:40rem;height:auto;display:block}"
    ".qr{width:100%;max-width:16rem;height:auto;background:#fff}"
    ".link{font-size:1.25rem;word-break:break-all}"
    ".ok{border:3px solid #1d6b2c;padding:.75rem;background:#fff}"
    ".open{color:#1d6b2c;font-weight:600}.closed{color:#4a4a4a}"
    "blockquote{margin:0 0 .75rem;padding:.5rem .75rem;background:#fff;"
    "border-left:4px solid #0b4f8a;white-space:pre-wrap}"
    "pre{white-space:pre-wrap;background:#fff;padding:.5rem}"
    "input[type=file]{font:inherit;margin:.5rem 0;max-width:100%}"
    "textarea.csv{font-family:monospace;min-height:12rem}"
    ".cols{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fit,"
    "minmax(14rem,1fr))}"
    ".phone{max-width:24rem;border:2px solid #5c5c5c;border-radius:1rem;"
    "padding:1rem;background:#f6f4ef;margin:0 0 1.5rem}";

const char *
html_admin_style(int which, size_t *len)
{
	const char *css = which == 0 ? admin_css : NULL;

	*len = css != NULL ? strlen(css) : 0;
	return css;
}

void
html_admin_begin(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const char *title)
{
	html_page_begin(out, title, i18n_code(i18n_lang()));
	PUT(out, "<style>");
	evbuffer_add(out, admin_css, sizeof(admin_css) - 1);
	PUT(out, "</style>");
	if (ctx == NULL) {
		html_lang_switch(out, "/admin/login");
		return;
	}
	PUT(out, "<nav aria-label=\"");
	ESC(out, _("Pages de l'équipe"));
	PUT(out, "\"><a href=\"/admin/\">");
	ESC(out, _("Rencontres"));
	PUT(out, "</a>");
	if (ctx->coordinator) {
		PUT(out, "<a href=\"/admin/meetings/new\">");
		ESC(out, _("Nouvelle rencontre"));
		PUT(out, "</a><a href=\"/admin/forms\">");
		ESC(out, _("Questionnaires"));
		PUT(out, "</a><a href=\"/admin/drafts\">");
		ESC(out, _("Éditeur"));
		PUT(out, "</a>");
	}
	PUT(out, "<a href=\"/admin/export\">");
	ESC(out, _("Exports"));
	PUT(out, "</a><a href=\"/admin/report\">");
	ESC(out, _("Bilan"));
	PUT(out, "</a>");
	if (ctx->coordinator) {
		PUT(out, "<a href=\"/admin/centres\">");
		ESC(out, _("Centres"));
		PUT(out, "</a><a href=\"/admin/accounts\">");
		ESC(out, _("Comptes"));
		PUT(out, "</a><a href=\"/admin/journal\">");
		ESC(out, _("Journal"));
		PUT(out, "</a>");
	}
	PUT(out, "<a href=\"/admin/password\">");
	ESC(out, _("Mot de passe"));
	PUT(out, "</a><form method=\"post\" action=\"/admin/logout\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"");
	ESC(out, ctx->csrf);
	PUT(out, "\"><span>");
	ESC(out, ctx->user);
	PUT(out, "</span> <button type=\"submit\" class=\"secondary\">");
	ESC(out, _("Se déconnecter"));
	PUT(out, "</button></form></nav>");
	html_lang_switch(out, ctx->here);
}

void
html_admin_csrf(struct evbuffer *out, const struct html_admin_ctx *ctx)
{
	PUT(out, "<input type=\"hidden\" name=\"csrf\" value=\"");
	ESC(out, ctx->csrf);
	PUT(out, "\">");
}

void
html_admin_say(struct evbuffer *out, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		if (s > run)
			evbuffer_add(out, run, (size_t)(s - run));
		evbuffer_add(out, rep, strlen(rep));
		run = s + 1;
	}
	if (s > run)
		evbuffer_add(out, run, (size_t)(s - run));
}

void
html_admin_say_markup(struct evbuffer *out, const char *fmt,
    const char *markup)
{
	const char *at = strstr(fmt, "%s");
	char *head;

	if (at == NULL) {
		html_admin_say(out, fmt);
		return;
	}
	head = strndup(fmt, (size_t)(at - fmt));
	html_admin_say(out, head != NULL ? head : "");
	free(head);
	evbuffer_add(out, markup, strlen(markup));
	html_admin_say(out, at + 2);
}

/* ---- login ------------------------------------------------------------ */

void
html_admin_login(struct evbuffer *out, const char *error,
    const char *username, const char *next, const char *csrf)
{
	html_admin_begin(out, NULL, _("Connexion"));
	PUT(out, "<h1>");
	ESC(out, _("Connexion de l'équipe"));
	PUT(out, "</h1>");
	if (error != NULL) {
		PUT(out, "<div class=\"summary\" role=\"alert\"><p id=\"login-err\">");
		ESC(out, error);
		PUT(out, "</p></div>");
	}
	PUT(out, "<form method=\"post\" action=\"/admin/login\">"
	    "<input type=\"hidden\" name=\"csrf\" value=\"");
	ESC(out, csrf);
	PUT(out, "\">");
	if (next != NULL) {
		PUT(out, "<input type=\"hidden\" name=\"next\" value=\"");
		ESC(out, next);
		PUT(out, "\">");
	}
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"username\">");
	ESC(out, _("Identifiant"));
	PUT(out, "</label><input type=\"text\" id=\"username\" "
	    "name=\"username\" autocomplete=\"username\" autocapitalize=\"none\" "
	    "spellcheck=\"false\" required");
	if (error != NULL)
		PUT(out, " aria-describedby=\"login-err\"");
	PUT(out, " value=\"");
	ESC(out, username);
	PUT(out, "\"></p><p class=\"q\"><label class=\"q\" for=\"password\">");
	ESC(out, _("Mot de passe"));
	PUT(out, "</label><input type=\"password\" id=\"password\" "
	    "name=\"password\" autocomplete=\"current-password\" required>"
	    "</p><p><button type=\"submit\">");
	ESC(out, _("Se connecter"));
	PUT(out, "</button></p></form>");
	html_page_end(out);
}

/* ---- shared fields --------------------------------------------------- */

void
html_admin_alert(struct evbuffer *out, const char *message)
{
	if (message != NULL) {
		PUT(out, "<div class=\"summary\" role=\"alert\"><p>");
		ESC(out, message);
		PUT(out, "</p></div>");
	}
}

void
html_admin_text_field(struct evbuffer *out, const char *name, const char *label,
    const char *type, const char *value, int required)
{
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"");
	ESC(out, name);
	PUT(out, "\">");
	ESC(out, label);
	if (!required) {
		PUT(out, " <small>(");
		SAY(out, _("facultatif"));
		PUT(out, ")</small>");
	}
	PUT(out, "</label><input type=\"");
	ESC(out, type);
	PUT(out, "\" id=\"");
	ESC(out, name);
	PUT(out, "\" name=\"");
	ESC(out, name);
	PUT(out, "\" maxlength=\"200\"");
	if (required)
		PUT(out, " required");
	PUT(out, " value=\"");
	ESC(out, value);
	PUT(out, "\"></p>");
}

/* ---- forms ------------------------------------------------------------ */

static void
diag_list(struct evbuffer *out, const struct diag *d, const char *id);

void
html_admin_diag_list(struct evbuffer *out, const struct diag *d,
    const char *id)
{
	diag_list(out, d, id);
}

static void
diag_list(struct evbuffer *out, const struct diag *d, const char *id)
{
	PUT(out, "<ul");
	if (id != NULL) {
		PUT(out, " id=\"");
		ESC(out, id);
		PUT(out, "\"");
	}
	PUT(out, ">");
	for (size_t i = 0; i < d->n; i++) {
		char *msg = diag_format(d, i);

		PUT(out, "<li><code>");
		ESC(out, msg);
		PUT(out, "</code></li>");
		free(msg);
	}
	PUT(out, "</ul>");
}

static void
say_p(struct evbuffer *out, const char *s)
{
	PUT(out, "<p>");
	SAY(out, s);
	PUT(out, "</p>");
}

/* One radio or check box of the export form: TYPE, NAME, VALUE are
 * literals; CHECKED 1 ticks it. */
static void
export_opt(struct evbuffer *out, const char *type, const char *name,
    const char *value, int checked, const char *label)
{
	evbuffer_add_printf(out, "<label class=\"opt\"><input type=\"%s\" "
	    "name=\"%s\" value=\"%s\"%s><span>", type, name, value,
	    checked ? " checked" : "");
	SAY(out, label);
	PUT(out, "</span></label>");
}

static void
export_button(struct evbuffer *out, const char *action, const char *label)
{
	PUT(out, "<p><button type=\"submit\"");
	if (action != NULL)
		evbuffer_add_printf(out, " formaction=\"%s\"", action);
	PUT(out, ">");
	SAY(out, label);
	PUT(out, "</button></p>");
}

static void
export_options(struct evbuffer *out)
{
	PUT(out, "<fieldset><legend>");
	SAY(out, _("Format du fichier"));
	PUT(out, "</legend>");
	export_opt(out, "radio", "excel-fr", "", 1,
	    _("CSV standard (virgule, UTF-8) – LibreOffice, tableurs"));
	export_opt(out, "radio", "excel-fr", "1", 0,
	    _("Excel en français (point-virgule, virgule décimale)"));
	PUT(out, "</fieldset><fieldset><legend>");
	SAY(out, _("Type de fichier"));
	PUT(out, "</legend>");
	export_opt(out, "radio", "format", "csv", 1, _("CSV (un tableau)"));
	export_opt(out, "radio", "format", "xlsx", 0,
	    _("Classeur Excel (.xlsx), avec graphiques"));
	export_opt(out, "radio", "format", "ods", 0,
	    _("Classeur LibreOffice (.ods)"));
	PUT(out, "</fieldset><fieldset><legend>");
	SAY(out, _("Options"));
	PUT(out, "</legend>");
	export_opt(out, "checkbox", "codes", "1", 0,
	    _("Codes des choix au lieu de leurs libellés"));
	export_opt(out, "checkbox", "by", "meeting", 0,
	    _("Statistiques : un bloc par rencontre"));
	PUT(out, "</fieldset><div class=\"cols\">");
	export_button(out, NULL, _("Réponses"));
	export_button(out, "/admin/export/stats.csv", _("Statistiques"));
	export_button(out, "/admin/export/evaluation.csv",
	    _("Tableau d'évaluation"));
	export_button(out, "/admin/export/workbook.xlsx", _("Classeur complet"));
	PUT(out, "</div>");
	say_p(out, _("Le classeur complet réunit les réponses, les "
	    "statistiques, le tableau d'évaluation et les paroles (toutes les "
	    "réponses écrites, sans rien qui désigne qui les a écrites) ; en "
	    "CSV, il est écrit en .xlsx."));
	PUT(out, "</form>");
}

static void
forms_head(struct evbuffer *out)
{
	static const char *const cols[] = { N_("Identifiant"), N_("Titre"),
	    N_("Version"), N_("Questions"), N_("Empreinte"),
	    N_("Télécharger") };

	PUT(out, "<div class=\"wrap\" tabindex=\"0\" role=\"region\" "
	    "aria-labelledby=\"forms-caption\"><table><caption "
	    "class=\"sr\" id=\"forms-caption\">");
	SAY(out, _("Questionnaires chargés"));
	PUT(out, "</caption><thead><tr>");
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		PUT(out, "<th scope=\"col\"");
		if (i == 3)
			PUT(out, " class=\"n\"");
		PUT(out, ">");
		SAY(out, _(cols[i]));
		PUT(out, "</th>");
	}
	PUT(out, "</tr></thead><tbody>");
}

/* One served form's row: id, title, version, size, hash, downloads. */
static void
forms_row(struct evbuffer *out, const struct form *f)
{
	PUT(out, "<tr><td><code>");
	ESC(out, f->id);
	PUT(out, "</code></td><td>");
	ESC(out, f->title);
	PUT(out, "</td><td>");
	ESC(out, f->version != NULL ? f->version : "—");
	PUT(out, " <small>(");
	evbuffer_add_printf(out, _("n° %lld"),
	    (long long)f->version_id);
	evbuffer_add_printf(out, ")</small></td><td class=\"n\">"
	    "%zu</td><td><code>%.12s</code></td><td>",
	    f->n_questions, f->hash);
	/* The form as an XLSForm to edit: recueil forms export. */
	for (size_t k = 0; k < 3; k++) {
		static const char *const ext[] = { "xlsx", "ods",
		    "csv" };

		if (k > 0)
			PUT(out, " · ");
		PUT(out, "<a href=\"/admin/forms/");
		ESC(out, f->id);
		evbuffer_add_printf(out, ".%s\" download>.%s</a>",
		    ext[k], ext[k]);
	}
	PUT(out, "</td></tr>");
}

/* The upload form: a workbook or CSV file, or its pasted text. */
static void
upload_section(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct diag *upload, const char *text)
{
	PUT(out, "<h2>");
	SAY(out, _("Ajouter ou mettre à jour un questionnaire"));
	PUT(out, "</h2><p>");
	html_admin_say_markup(out, _("Choisissez le classeur (.xlsx ou .ods, "
	    "enregistré par Excel ou LibreOffice Calc avec les feuilles survey, "
	    "choices, settings et indicators), ou un fichier CSV (séparateur "
	    "virgule ou point-virgule, UTF-8), ou collez le contenu du CSV. Il "
	    "est vérifié comme par %s ; s'il est correct, vous voyez son aperçu "
	    "et ce qui change avant de le publier : il remplace alors le "
	    "questionnaire de même identifiant et devient une nouvelle version. "
	    "Les réponses déjà reçues gardent leur version."),
	    "<code>recueil forms check</code>");
	PUT(out, "</p><form method=\"post\" action=\"/admin/forms\" "
	    "enctype=\"multipart/form-data\">");
	html_admin_csrf(out, ctx);
	/* Phones grey out what `accept` does not list: name the extensions
	 * and the types both. */
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"file\">");
	SAY(out, _("Classeur ou fichier CSV"));
	PUT(out, "</label><input type=\"file\" id=\"file\" "
	    "name=\"file\" accept=\".xlsx,.ods,.csv,application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
	    "application/vnd.oasis.opendocument.spreadsheet,text/csv\"></p>"
	    "<p class=\"q\"><label class=\"q\" for=\"text\">");
	SAY(out, _("ou contenu du fichier"));
	PUT(out, "</label><textarea class=\"csv\" id=\"text\" name=\"text\"");
	if (upload != NULL && upload->n_errors > 0)
		PUT(out, " aria-describedby=\"upload-errors\"");
	PUT(out, ">");
	ESC(out, text);
	PUT(out, "</textarea></p><p><button type=\"submit\">");
	SAY(out, _("Vérifier et voir l'aperçu"));
	PUT(out, "</button></p></form>");
}

void
html_admin_forms(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct form *const *forms, size_t n_forms,
    const struct diag *last, const struct diag *upload, const char *notice,
    const char *text, struct evbuffer *drafts)
{
	html_admin_begin(out, ctx, _("Questionnaires"));
	PUT(out, "<h1>");
	SAY(out, _("Questionnaires"));
	PUT(out, "</h1>");
	if (upload != NULL && upload->n_errors > 0) {
		PUT(out, "<div class=\"summary\" role=\"alert\"><h2>");
		SAY(out, _("Le questionnaire n'a pas été chargé"));
		PUT(out, "</h2><p>");
		SAY(out, _("Rien n'a été modifié. Corrigez ces points dans le "
		    "tableur (ligne et colonne indiquées) puis envoyez-le à "
		    "nouveau :"));
		PUT(out, "</p>");
		diag_list(out, upload, "upload-errors");
		PUT(out, "</div>");
	}
	if (notice != NULL) {
		PUT(out, "<div class=\"ok\" role=\"status\"><p>");
		ESC(out, notice);
		PUT(out, "</p></div>");
	}
	if (n_forms == 0)
		say_p(out, _("Aucun questionnaire chargé."));
	else {
		/* A region that may scroll sideways on a phone: reachable and
		 * scrollable with the keyboard (axe's
		 * scrollable-region-focusable). */
		forms_head(out);
		for (size_t i = 0; i < n_forms; i++) {
			forms_row(out, forms[i]);
		}
		PUT(out, "</tbody></table></div>");
	}
	if (drafts != NULL)
		evbuffer_add_buffer(out, drafts);
	PUT(out, "<h2>");
	SAY(out, _("Messages du dernier chargement"));
	PUT(out, "</h2>");
	if (last == NULL || last->n == 0)
		say_p(out, _("Aucun problème."));
	else
		diag_list(out, last, "load-diag");

	upload_section(out, ctx, upload, text);
	html_page_end(out);
}

/* ---- exports ---------------------------------------------------------- */

void
html_admin_select_forms(struct evbuffer *out,
    const struct form *const *forms, size_t n)
{
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"form\">");
	SAY(out, _("Questionnaire"));
	PUT(out, "</label><select id=\"form\" name=\"form\">"
	    "<option value=\"\">");
	SAY(out, _("Tous"));
	PUT(out, "</option>");
	for (size_t i = 0; i < n; i++) {
		PUT(out, "<option value=\"");
		ESC(out, forms[i]->id);
		PUT(out, "\">");
		ESC(out, forms[i]->title);
		PUT(out, "</option>");
	}
	PUT(out, "</select></p>");
}

void
html_admin_select_meetings(struct evbuffer *out, const char *label,
    const struct meeting *ms, size_t n)
{
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"meeting\">");
	SAY(out, label);
	PUT(out, "</label><select id=\"meeting\" name=\"meeting\">"
	    "<option value=\"\">");
	SAY(out, _("Toutes"));
	PUT(out, "</option>");
	for (size_t i = 0; i < n; i++) {
		PUT(out, "<option value=\"");
		ESC(out, ms[i].code);
		PUT(out, "\">");
		html_date_text(out, ms[i].date);
		PUT(out, " – ");
		ESC(out, ms[i].title);
		PUT(out, "</option>");
	}
	PUT(out, "</select></p>");
}

void
html_admin_export(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct form *const *forms, size_t n_forms,
    const struct meeting *ms, size_t n_meetings, const char *error)
{
	html_admin_begin(out, ctx, _("Exports"));
	PUT(out, "<h1>");
	SAY(out, _("Exports"));
	PUT(out, "</h1>");
	html_admin_alert(out, error);
	PUT(out, "<p>");
	html_admin_say_markup(out, _("Les fichiers sont ceux que produit %s "
	    "avec les mêmes options."), "<code>recueil export</code>");
	PUT(out, "</p><form method=\"get\" "
	    "action=\"/admin/export/responses.csv\"><fieldset><legend>");
	SAY(out, _("Période"));
	PUT(out, "</legend><div class=\"cols\">");
	html_admin_text_field(out, "from", _("Du"), "date", NULL, 0);
	html_admin_text_field(out, "to", _("Au"), "date", NULL, 0);
	PUT(out, "</div>");
	html_admin_text_field(out, "period", _("Ou des périodes, côte à côte "
	    "dans le tableau d'évaluation (2025, 2026 ; 2026-S1 ; "
	    "2026-01..2026-06)"), "text", NULL, 0);
	PUT(out, "</fieldset>");
	html_admin_select_forms(out, forms, n_forms);
	html_admin_select_meetings(out, _("Rencontre"), ms, n_meetings);
	export_options(out);
	html_page_end(out);
}
