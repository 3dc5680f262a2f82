/*
 * html_editor.c - rendering of the form editor's pages (see html_editor.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <event2/buffer.h>

#include "diag.h"
#include "editor.h"
#include "editor_action.h"
#include "form.h"
#include "html.h"
#include "html_admin.h"
#include "html_editor.h"
#include "i18n.h"
#include "store_draft.h"
#include "util.h"

/* Literals only: "" lit "" refuses anything else at compile time. */
#define PUT(out, lit) evbuffer_add((out), "" lit "", sizeof(lit) - 1)
#define ESC(out, s) html_escape((out), (s) != NULL ? (s) : "")
/* A text already through the catalogue (_("...")), escaped. */
#define TXT(out, s) html_escape((out), (s))

/* ================================================================ pieces */

static const struct {
	const char *type, *label;
} type_labels[] = {
	{ "text", N_("Texte libre") }, { "integer", N_("Nombre entier") },
	{ "decimal", N_("Nombre décimal") }, { "date", N_("Date") },
	{ "select_one", N_("Un choix dans une liste") },
	{ "select_multiple", N_("Plusieurs choix dans une liste") },
	{ "range", N_("Échelle (de 1 à 5…)") },
	{ "note", N_("Texte affiché, sans réponse") },
	{ "begin_group", N_("Début d'un groupe de questions") },
	{ "end_group", N_("Fin du groupe") },
	{ "calculate", N_("Calcul (non affiché, son résultat est enregistré)") },
};

static const char *
type_label(const char *base)
{
	for (size_t i = 0; i < sizeof(type_labels) / sizeof(*type_labels); i++)
		if (strcmp(type_labels[i].type, base) == 0)
			return _(type_labels[i].label);
	return base;
}

/* The day and time `t` into buf ("?" when it cannot be written). */
static const char *
when_text(char *buf, size_t len, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(buf, len, "%d/%m/%Y %H:%M", &tm) == 0)
		snprintf(buf, len, "?");
	return buf;
}

static void
when(struct evbuffer *out, int64_t t)
{
	char buf[32];

	ESC(out, when_text(buf, sizeof(buf), t));
}

static void
hidden(struct evbuffer *out, const char *name, const char *value)
{
	PUT(out, "<input type=\"hidden\" name=\"");
	ESC(out, name);
	PUT(out, "\" value=\"");
	ESC(out, value);
	PUT(out, "\">");
}

static void
hidden_long(struct evbuffer *out, const char *name, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	hidden(out, name, buf);
}

/* <form> posting to the draft (suffix "" or "/publish"), with the CSRF
 * token and the version the page shows. */
static void
form_open(struct evbuffer *out, const struct html_editor_view *v,
    const char *suffix, const char *cls)
{
	evbuffer_add_printf(out, "<form method=\"post\" action=\"/admin/drafts/"
	    "%lld", (long long)v->d->id);
	ESC(out, suffix);
	PUT(out, "\"");
	if (cls != NULL) {
		PUT(out, " class=\"");
		ESC(out, cls);
		PUT(out, "\"");
	}
	PUT(out, ">");
	html_admin_csrf(out, v->ctx);
	hidden_long(out, "version", (long)v->d->version);
}

/* A labelled one-line field; id is unique on the page.  `required`: 1
 * required, 0 marked "(facultatif)", 2 neither (it depends). */
static void
field(struct evbuffer *out, const char *id, const char *name,
    const char *label, const char *value, int required)
{
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"");
	ESC(out, id);
	PUT(out, "\">");
	ESC(out, label);
	if (required == 0) {
		PUT(out, " <small>");
		TXT(out, _("(facultatif)"));
		PUT(out, "</small>");
	}
	PUT(out, "</label><input type=\"text\" id=\"");
	ESC(out, id);
	PUT(out, "\" name=\"");
	ESC(out, name);
	PUT(out, "\"");
	if (required == 1)
		PUT(out, " required");
	PUT(out, " value=\"");
	ESC(out, value);
	PUT(out, "\"></p>");
}

/* A checkbox with its label after it (`value` is sent when ticked). */
static void
checkbox(struct evbuffer *out, const char *id, const char *name,
    const char *value, int checked, const char *label)
{
	PUT(out, "<p class=\"opt\"><input type=\"checkbox\" id=\"");
	ESC(out, id);
	PUT(out, "\" name=\"");
	ESC(out, name);
	PUT(out, "\" value=\"");
	ESC(out, value);
	PUT(out, "\"");
	if (checked)
		PUT(out, " checked");
	PUT(out, "><label for=\"");
	ESC(out, id);
	PUT(out, "\">");
	ESC(out, label);
	PUT(out, "</label></p>");
}

static void
button(struct evbuffer *out, const char *action, const char *text,
    const char *aria, int secondary)
{
	PUT(out, "<button type=\"submit\" name=\"action\" value=\"");
	ESC(out, action);
	PUT(out, "\"");
	if (secondary)
		PUT(out, " class=\"secondary small\"");
	if (aria != NULL) {
		PUT(out, " aria-label=\"");
		ESC(out, aria);
		PUT(out, "\"");
	}
	PUT(out, ">");
	ESC(out, text);
	PUT(out, "</button> ");
}

/* A button whose accessible name says what it acts on: `aria` is a format
 * with one %s, `what` (a question's label, an indicator's name...). */
static void
button_for(struct evbuffer *out, const char *action, const char *text,
    const char *aria, const char *what, int secondary)
{
	char *a = xasprintf(aria, what);

	button(out, action, text, a, secondary);
	free(a);
}

/* The start of a labelled <select>; id is unique on the page. */
static void
select_open(struct evbuffer *out, const char *id, const char *name,
    const char *label)
{
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"");
	ESC(out, id);
	PUT(out, "\">");
	TXT(out, label);
	PUT(out, "</label><select name=\"");
	ESC(out, name);
	PUT(out, "\" id=\"");
	ESC(out, id);
	PUT(out, "\">");
}

/* The start of an <option>, selected when its value is `current`; the
 * caller writes its text and "</option>". */
static void
option_open(struct evbuffer *out, const char *value, const char *current)
{
	PUT(out, "<option value=\"");
	ESC(out, value);
	PUT(out, "\"");
	if (strcmp(value, current) == 0)
		PUT(out, " selected");
	PUT(out, ">");
}

static const char *
lang_name(const char *l)
{
	return l[0] != '\0' ? l : _("langue par défaut");
}

/*
 * What was typed in field `key` of a refused edit `action` (about row
 * `row` of field `rowkey` when not NULL), so that nothing typed is lost;
 * else `dflt`.
 */
static const char *
typed(const struct html_editor_view *v, const char *action,
    const char *rowkey, long row, const char *key, const char *dflt)
{
	const struct editor_fields *f = v->typed;
	const char *a, *rv, *t;

	if (f == NULL || (a = f->get(f->arg, "action")) == NULL ||
	    strcmp(a, action) != 0)
		return dflt;
	if (rowkey != NULL && ((rv = f->get(f->arg, rowkey)) == NULL ||
	    strtol(rv, NULL, 10) != row))
		return dflt;
	t = f->get(f->arg, key);
	return t != NULL ? t : dflt;
}

/* ================================================================ messages */

/*
 * The loader's messages about row `row` of sheet `sheet` (row -2: those
 * about no row of the survey, settings and indicators sheets, which are
 * shown beside their rows), as a list with `id`.  Returns how many.
 */
static size_t
messages(struct evbuffer *out, const struct html_editor_view *v,
    const char *sheet, long row, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; v->diag != NULL && i < v->diag->n; i++) {
		const struct diag_msg *m = &v->diag->msgs[i];
		long r = -1;
		int s = editor_locate(v->book, m->line, &r);
		int mine;

		if (row == -2)
			mine = s < 0 || r < 0 || (&v->book->sheets[s] !=
			    editor_sheet_c(v->book, "survey") &&
			    &v->book->sheets[s] != editor_sheet_c(v->book,
			    "settings") && &v->book->sheets[s] !=
			    editor_sheet_c(v->book, "indicators"));
		else
			mine = s >= 0 && r == row && strcmp(sheet,
			    v->book->sheets[s].name) == 0;
		if (!mine)
			continue;
		if (n++ == 0) {
			PUT(out, "<ul class=\"err\" id=\"");
			ESC(out, id);
			PUT(out, "\">");
		}
		PUT(out, "<li>");
		if (m->level == DIAG_ERROR)
			TXT(out, _("Erreur : "));
		else
			TXT(out, _("Attention : "));
		ESC(out, m->text);
		PUT(out, "</li>");
	}
	if (n > 0)
		PUT(out, "</ul>");
	return n;
}

static void
banners(struct evbuffer *out, const struct html_editor_view *v)
{
	if (v->error != NULL) {
		PUT(out, "<div class=\"summary\" role=\"alert\" id=\"edit-error\">"
		    "<p>");
		ESC(out, v->error);
		PUT(out, "</p></div>");
	}
	if (v->notice != NULL) {
		PUT(out, "<div class=\"ok\" role=\"status\" id=\"edit-notice\"><p>");
		ESC(out, v->notice);
		PUT(out, "</p></div>");
	}
}

static void
meta(struct evbuffer *out, const struct draft *d)
{
	PUT(out, "<p class=\"meta\">");
	char day[32], *t;

	/* One sentence, so that its words translate in their own order. */
	t = xasprintf(_("Brouillon, enregistrement n° %lld, modifié par %s le "
	    "%s"), (long long)d->version, d->updated_by,
	    when_text(day, sizeof(day), d->updated_at));
	ESC(out, t);
	free(t);
	PUT(out, "</p>");
}

/* ================================================================ list */

static void
list_table(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct draft *drafts, size_t n)
{
	PUT(out, "<div class=\"wrap\" tabindex=\"0\"><table id=\"drafts\">"
	    "<caption class=\"sr\">");
	TXT(out, _("Brouillons"));
	PUT(out, "</caption><thead><tr><th scope=\"col\">");
	TXT(out, _("Titre"));
	PUT(out, "</th><th scope=\"col\">");
	TXT(out, _("Modifié par"));
	PUT(out, "</th><th scope=\"col\">");
	TXT(out, _("Le"));
	PUT(out, "</th><th scope=\"col\">");
	TXT(out, _("Supprimer"));
	PUT(out, "</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct draft *d = &drafts[i];
		char *aria;

		evbuffer_add_printf(out, "<tr><td><a href=\"/admin/drafts/%lld\">",
		    (long long)d->id);
		ESC(out, d->title);
		PUT(out, "</a></td><td>");
		ESC(out, d->updated_by);
		PUT(out, "</td><td>");
		when(out, d->updated_at);
		evbuffer_add_printf(out, "</td><td><form method=\"post\" "
		    "class=\"inline\" action=\"/admin/drafts/%lld/delete\">",
		    (long long)d->id);
		html_admin_csrf(out, ctx);
		aria = xasprintf(_("Supprimer le brouillon « %s »"), d->title);
		PUT(out, "<button type=\"submit\" class=\"secondary small\" "
		    "aria-label=\"");
		ESC(out, aria);
		PUT(out, "\">");
		TXT(out, _("Supprimer"));
		PUT(out, "</button></form></td></tr>");
		free(aria);
	}
	PUT(out, "</tbody></table></div>");
}

void
html_editor_drafts(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct draft *drafts, size_t n, const struct form *const *forms,
    size_t n_forms)
{
	PUT(out, "<h2 id=\"drafts-title\">");
	TXT(out, _("Brouillons de l'éditeur"));
	PUT(out, "</h2><p>");
	TXT(out, _("Un brouillon n'est montré à personne : il ne sert aux "
	    "habitants qu'une fois publié."));
	PUT(out, "</p>");
	if (n == 0) {
		PUT(out, "<p>");
		TXT(out, _("Aucun brouillon."));
		PUT(out, "</p>");
	} else
		list_table(out, ctx, drafts, n);
	PUT(out, "<h3 id=\"new\">");
	TXT(out, _("Nouveau brouillon"));
	PUT(out, "</h3><form method=\"post\" action=\"/admin/drafts/new\">");
	html_admin_csrf(out, ctx);
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"from\">");
	TXT(out, _("Partir de"));
	PUT(out, "</label><select id=\"from\" name=\"from\"><option value=\"\">");
	TXT(out, _("Un questionnaire vide"));
	PUT(out, "</option>");
	for (size_t i = 0; i < n_forms; i++) {
		PUT(out, "<option value=\"");
		ESC(out, forms[i]->id);
		PUT(out, "\">");
		TXT(out, _("Copie de : "));
		ESC(out, forms[i]->title);
		PUT(out, " (");
		ESC(out, forms[i]->id);
		PUT(out, ")</option>");
	}
	PUT(out, "</select></p>");
	field(out, "new-title", "form_title", _("Titre (pour un questionnaire "
	    "vide)"), NULL, 0);
	field(out, "new-id", "form_id", _("Identifiant, sans espace ni accent "
	    "(par exemple atelier-cuisine)"), NULL, 0);
	PUT(out, "<p><button type=\"submit\" id=\"create\">");
	TXT(out, _("Créer le brouillon"));
	PUT(out, "</button></p></form><form method=\"post\" "
	    "action=\"/admin/drafts/upload\" enctype=\"multipart/form-data\">");
	html_admin_csrf(out, ctx);
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"draft-file\">");
	TXT(out, _("Ou ouvrir un classeur (.xlsx, .ods) ou un fichier CSV comme "
	    "brouillon, sans le publier"));
	PUT(out, "</label><input type=\"file\" id=\"draft-file\" name=\"file\" "
	    "accept=\".xlsx,.ods,.csv,application/vnd.openxmlformats-"
	    "officedocument.spreadsheetml.sheet,application/vnd.oasis."
	    "opendocument.spreadsheet,text/csv\"></p><p><button type=\"submit\" "
	    "id=\"open\">");
	TXT(out, _("Ouvrir dans l'éditeur"));
	PUT(out, "</button></p></form>");
}

void
html_editor_list(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct draft *drafts, size_t n, const struct form *const *forms,
    size_t n_forms, const char *error)
{
	html_admin_begin(out, ctx, _("Éditeur de questionnaires"));
	PUT(out, "<h1>");
	TXT(out, _("Éditeur de questionnaires"));
	PUT(out, "</h1>");
	if (error != NULL) {
		PUT(out, "<div class=\"summary\" role=\"alert\" id=\"edit-error\">"
		    "<p>");
		ESC(out, error);
		PUT(out, "</p></div>");
	}
	html_editor_drafts(out, ctx, drafts, n, forms, n_forms);
	html_page_end(out);
}

void
html_editor_delete(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct draft *d)
{
	char *title = xasprintf(_("Supprimer le brouillon « %s » ?"), d->title);

	html_admin_begin(out, ctx, title);
	PUT(out, "<h1>");
	ESC(out, title);
	PUT(out, "</h1><p>");
	TXT(out, _("Le brouillon sera perdu, sans retour possible. Le "
	    "questionnaire servi, s'il y en a un, ne change pas."));
	evbuffer_add_printf(out, "</p><form method=\"post\" action=\"/admin/"
	    "drafts/%lld/delete\">", (long long)d->id);
	html_admin_csrf(out, ctx);
	PUT(out, "<input type=\"hidden\" name=\"confirm\" value=\"1\"><p>"
	    "<button type=\"submit\" id=\"confirm-delete\">");
	TXT(out, _("Supprimer définitivement"));
	evbuffer_add_printf(out, "</button></p></form><p><a href=\"/admin/"
	    "drafts/%lld\">", (long long)d->id);
	TXT(out, _("Non, revenir au brouillon"));
	PUT(out, "</a></p>");
	html_page_end(out);
	free(title);
}

/* ================================================================ draft */

static void
settings_section(struct evbuffer *out, const struct html_editor_view *v)
{
	char **langs;
	size_t nl = editor_langs(v->book, &langs);

	PUT(out, "<h2 id=\"settings\">");
	TXT(out, _("Réglages"));
	PUT(out, "</h2>");
	if (editor_sheet_c(v->book, "settings") != NULL)
		messages(out, v, editor_sheet_c(v->book, "settings")->name, 0,
		    "settings-msgs");
	form_open(out, v, "", NULL);
	field(out, "s-title", "form_title", _("Titre du questionnaire"),
	    typed(v, "settings", NULL, 0, "form_title",
	    editor_setting(v->book, "form_title")), 1);
	field(out, "s-id", "form_id", _("Identifiant (lettres sans accent, "
	    "chiffres, - et _)"), typed(v, "settings", NULL, 0, "form_id",
	    editor_setting(v->book, "form_id")), 1);
	field(out, "s-version", "version", _("Version"),
	    typed(v, "settings", NULL, 0, "version",
	    editor_setting(v->book, "version")), 0);
	/* style=facile (the easy-read form): what the loader reads. */
	checkbox(out, "s-style", "style", "facile",
	    strcasecmp(editor_setting(v->book, "style"), "facile") == 0,
	    _("Version facile à lire : gros caractères, une question par "
	    "écran, visages pour les questions de satisfaction"));
	PUT(out, "<p>");
	button(out, "settings", _("Enregistrer les réglages"), NULL, 0);
	PUT(out, "</p></form><h3>");
	TXT(out, _("Langues"));
	PUT(out, "</h3><ul id=\"langs\">");
	for (size_t i = 0; i < nl; i++) {
		PUT(out, "<li>");
		ESC(out, lang_name(langs[i]));
		PUT(out, "</li>");
	}
	PUT(out, "</ul>");
	form_open(out, v, "", NULL);
	field(out, "s-lang", "lang", _("Ajouter une langue, avec son code : "
	    "English (en)"), typed(v, "lang_add", NULL, 0, "lang", NULL), 1);
	PUT(out, "<p>");
	button(out, "lang_add", _("Ajouter la langue"), NULL, 1);
	PUT(out, "</p></form>");
	editor_strv_free(langs, nl);
}

/* One question of the list, with its buttons in one form. */
static void
question_item(struct evbuffer *out, const struct html_editor_view *v,
    const struct editor_sheet *sv, size_t r, const char *lang, int depth)
{
	const char *name = editor_get(sv, r, "name", NULL);
	const char *label = editor_get(sv, r, "label", lang);
	const char *rel = editor_get(sv, r, "relevant", NULL);
	char base[32], id[48];

	editor_type_split(editor_get(sv, r, "type", NULL), base, sizeof(base));
	if (*label == '\0')
		label = *name != '\0' ? name : type_label(base);
	evbuffer_add_printf(out, "<li id=\"q-%zu\" class=\"q%s\">", r,
	    depth > 0 ? " group" : "");
	PUT(out, "<strong>");
	ESC(out, label);
	PUT(out, "</strong> <small>(");
	ESC(out, type_label(base));
	if (*name != '\0') {
		PUT(out, " · <code>");
		ESC(out, name);
		PUT(out, "</code>");
	}
	PUT(out, ")</small>");
	if (*rel != '\0') {
		PUT(out, "<br><small>");
		TXT(out, _("Affichée seulement si : "));
		PUT(out, "<code>");
		ESC(out, rel);
		PUT(out, "</code></small>");
	}
	snprintf(id, sizeof(id), "q-%zu-msgs", r);
	messages(out, v, sv->name, (long)r, id);
	form_open(out, v, "", "inline");
	hidden_long(out, "row", (long)r);
	evbuffer_add_printf(out, "<a href=\"/admin/drafts/%lld/question?row=%zu\""
	    " class=\"edit\">", (long long)v->d->id, r);
	TXT(out, _("Modifier"));
	PUT(out, "<span class=\"sr\"> « ");
	ESC(out, label);
	PUT(out, " »</span></a> ");
	button_for(out, "q_up", _("Monter"), _("Monter « %s »"), label, 1);
	button_for(out, "q_down", _("Descendre"),
	    _("Descendre « %s »"), label, 1);
	button_for(out, "q_dup", _("Dupliquer"),
	    _("Dupliquer « %s »"), label, 1);
	button_for(out, "q_del", _("Supprimer"),
	    _("Supprimer « %s »"), label, 1);
	PUT(out, "</form></li>");
}

static void
questions_list(struct evbuffer *out, const struct html_editor_view *v,
    const char *lang)
{
	const struct editor_sheet *sv = editor_sheet_c(v->book, "survey");
	int depth = 0;

	PUT(out, "<h2 id=\"questions\">");
	TXT(out, _("Questions"));
	PUT(out, "</h2>");
	if (sv == NULL || sv->nrows == 0) {
		PUT(out, "<p>");
		TXT(out, _("Aucune question pour l'instant."));
		PUT(out, "</p>");
		return;
	}
	PUT(out, "<ol id=\"question-list\">");
	for (size_t r = 0; r < sv->nrows; r++) {
		char base[32];

		editor_type_split(editor_get(sv, r, "type", NULL), base,
		    sizeof(base));
		if (strcmp(base, "end_group") == 0 && depth > 0)
			depth--;
		question_item(out, v, sv, r, lang, depth);
		if (strcmp(base, "begin_group") == 0)
			depth++;
	}
	PUT(out, "</ol>");
}

/* <select> of the types, `current` selected. */
static void
type_select(struct evbuffer *out, const char *id, const char *current)
{
	select_open(out, id, "type", _("Type de question"));
	for (size_t i = 0; editor_types[i] != NULL; i++) {
		option_open(out, editor_types[i], current);
		ESC(out, type_label(editor_types[i]));
		PUT(out, "</option>");
	}
	PUT(out, "</select></p>");
}

/* The list pickers of a select question: an existing list or a new one. */
static void
list_select(struct evbuffer *out, const struct editor_book *b,
    const char *prefix, const char *current, const char *new_list)
{
	char **lists;
	size_t n = editor_lists(b, &lists);

	PUT(out, "<fieldset><legend>");
	TXT(out, _("Liste de choix (pour les questions à choix)"));
	PUT(out, "</legend><p class=\"q\"><label class=\"q\" for=\"");
	ESC(out, prefix);
	PUT(out, "-list\">");
	TXT(out, _("Une liste existante"));
	PUT(out, "</label><select name=\"list\" id=\"");
	ESC(out, prefix);
	PUT(out, "-list\"><option value=\"\">—</option>");
	for (size_t i = 0; i < n; i++) {
		PUT(out, "<option");
		if (strcmp(lists[i], current) == 0)
			PUT(out, " selected");
		PUT(out, ">");
		ESC(out, lists[i]);
		PUT(out, "</option>");
	}
	PUT(out, "</select></p>");
	{
		char id[64];

		snprintf(id, sizeof(id), "%s-new-list", prefix);
		field(out, id, "new_list", _("ou une nouvelle liste, nommée "
		    "(sans espace ni accent)"), new_list, 0);
	}
	PUT(out, "</fieldset>");
	editor_strv_free(lists, n);
}

static void
add_question(struct evbuffer *out, const struct html_editor_view *v,
    const char *lang)
{
	const struct editor_sheet *sv = editor_sheet_c(v->book, "survey");

	PUT(out, "<h3 id=\"add\">");
	TXT(out, _("Ajouter une question"));
	PUT(out, "</h3>");
	form_open(out, v, "", NULL);
	type_select(out, "a-type", typed(v, "q_add", NULL, 0, "type", "text"));
	field(out, "a-label", "label", _("Texte de la question"),
	    typed(v, "q_add", NULL, 0, "label", NULL), 2);
	list_select(out, v->book, "a", typed(v, "q_add", NULL, 0, "list", ""),
	    typed(v, "q_add", NULL, 0, "new_list", NULL));
	field(out, "a-name", "name", _("Nom court, sans espace (donné tout seul "
	    "si vide)"), typed(v, "q_add", NULL, 0, "name", NULL), 0);
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"a-after\">");
	TXT(out, _("Place"));
	PUT(out, "</label><select name=\"after\" id=\"a-after\"><option value=\"\">");
	TXT(out, _("À la fin"));
	PUT(out, "</option>");
	for (size_t r = 0; sv != NULL && r < sv->nrows; r++) {
		const char *l = editor_get(sv, r, "label", lang);

		evbuffer_add_printf(out, "<option value=\"%zu\">", r);
		TXT(out, _("Après : "));
		ESC(out, *l != '\0' ? l : editor_get(sv, r, "type", NULL));
		PUT(out, "</option>");
	}
	PUT(out, "</select></p><p>");
	button(out, "q_add", _("Ajouter la question"), NULL, 0);
	PUT(out, "</p></form>");
}

/* The questions using list `list`, as "name, name". */
static void
list_users(struct evbuffer *out, const struct editor_book *b,
    const char *list, long long id)
{
	const struct editor_sheet *sv = editor_sheet_c(b, "survey");
	int first = 1;

	for (size_t r = 0; sv != NULL && r < sv->nrows; r++) {
		char l[80];

		editor_type_list(editor_get(sv, r, "type", NULL), l, sizeof(l),
		    NULL);
		if (strcmp(l, list) != 0)
			continue;
		if (!first)
			PUT(out, ", ");
		first = 0;
		evbuffer_add_printf(out, "<a href=\"/admin/drafts/%lld/question?"
		    "row=%zu\">", id, r);
		ESC(out, editor_get(sv, r, "name", NULL));
		PUT(out, "</a>");
	}
	if (first)
		TXT(out, _("aucune question"));
}

static void
lists_section(struct evbuffer *out, const struct html_editor_view *v,
    const char *lang)
{
	const struct editor_sheet *ch = editor_sheet_c(v->book, "choices");
	char **lists;
	size_t n = editor_lists(v->book, &lists);

	PUT(out, "<h2 id=\"lists\">");
	TXT(out, _("Listes de choix"));
	PUT(out, "</h2><p>");
	TXT(out, _("Une liste peut servir à plusieurs questions. Ses choix se "
	    "modifient depuis la page d'une question qui l'utilise."));
	PUT(out, "</p>");
	if (n == 0) {
		PUT(out, "<p>");
		TXT(out, _("Aucune liste."));
		PUT(out, "</p>");
	}
	for (size_t i = 0; i < n; i++) {
		int first = 1;

		PUT(out, "<p><strong>");
		ESC(out, lists[i]);
		PUT(out, "</strong> : ");
		for (size_t r = 0; ch != NULL && r < ch->nrows; r++) {
			if (strcmp(editor_get(ch, r, "list_name", NULL), lists[i]) != 0)
				continue;
			if (!first)
				PUT(out, " · ");
			first = 0;
			ESC(out, editor_get(ch, r, "label", lang));
		}
		PUT(out, "<br><small>");
		TXT(out, _("Utilisée par : "));
		PUT(out, "</small>");
		list_users(out, v->book, lists[i], (long long)v->d->id);
		PUT(out, "</p>");
	}
	editor_strv_free(lists, n);
}

/* The measure picker. */
static void
measure_select(struct evbuffer *out, const char *id, const char *current)
{
	select_open(out, id, "mesure", _("Mesure"));
	for (size_t i = 0; editor_measures[i].name != NULL; i++) {
		option_open(out, editor_measures[i].name, current);
		TXT(out, _(editor_measures[i].label));
		PUT(out, "</option>");
	}
	PUT(out, "</select></p>");
}

/* The question picker of an indicator: every question with an answer. */
static void
question_select(struct evbuffer *out, const struct editor_book *b,
    const char *id, const char *current, const char *lang)
{
	const struct editor_sheet *sv = editor_sheet_c(b, "survey");

	select_open(out, id, "question",
	    _("Question comptée (selon la mesure)"));
	PUT(out, "<option value=\"\">—</option>");
	for (size_t r = 0; sv != NULL && r < sv->nrows; r++) {
		const char *name = editor_get(sv, r, "name", NULL);
		char base[32];

		editor_type_split(editor_get(sv, r, "type", NULL), base,
		    sizeof(base));
		if (*name == '\0' || strcmp(base, "note") == 0 ||
		    strcmp(base, "begin_group") == 0)
			continue;
		option_open(out, name, current);
		ESC(out, editor_get(sv, r, "label", lang));
		PUT(out, " (");
		ESC(out, name);
		PUT(out, ")</option>");
	}
	PUT(out, "</select></p>");
}

/* The values an indicator may count: choice codes and the levels. */
static void
value_datalist(struct evbuffer *out, const struct editor_book *b,
    const char *lang)
{
	static const char *const levels[] = { "information", "consultation",
	    "concertation", "coproduction", "codécision" };
	const struct editor_sheet *ch = editor_sheet_c(b, "choices");

	PUT(out, "<datalist id=\"values\">");
	for (size_t i = 0; i < sizeof(levels) / sizeof(*levels); i++) {
		PUT(out, "<option value=\"");
		ESC(out, levels[i]);
		PUT(out, "\">");
		TXT(out, _("niveau de participation"));
		PUT(out, "</option>");
	}
	for (size_t r = 0; ch != NULL && r < ch->nrows; r++) {
		PUT(out, "<option value=\"");
		ESC(out, editor_get(ch, r, "name", NULL));
		PUT(out, "\">");
		ESC(out, editor_get(ch, r, "list_name", NULL));
		PUT(out, " : ");
		ESC(out, editor_get(ch, r, "label", lang));
		PUT(out, "</option>");
	}
	PUT(out, "</datalist>");
}

/* The fields of an indicator; `p` prefixes the ids ("i3", "ia"). */
static void
indicator_fields(struct evbuffer *out, const struct html_editor_view *v,
    const char *p, const struct editor_sheet *sh, long r, const char *lang)
{
	char id[32];

#define IND(key) (r >= 0 ? typed(v, "ind_save", "irow", r, key, \
	editor_get(sh, (size_t)r, key, NULL)) : typed(v, "ind_add", NULL, 0, key, ""))
	snprintf(id, sizeof(id), "%s-objet", p);
	field(out, id, "objet", _("Objet (l'objectif du projet)"), IND("objet"),
	    1);
	snprintf(id, sizeof(id), "%s-indicateur", p);
	field(out, id, "indicateur", _("Indicateur"), IND("indicateur"), 1);
	snprintf(id, sizeof(id), "%s-mesure", p);
	measure_select(out, id, IND("mesure"));
	snprintf(id, sizeof(id), "%s-question", p);
	question_select(out, v->book, id, IND("question"), lang);
	snprintf(id, sizeof(id), "%s-valeur", p);
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"");
	ESC(out, id);
	PUT(out, "\">");
	TXT(out, _("Valeur : le choix compté, ou le niveau de participation"));
	PUT(out, " <small>");
	TXT(out, _("(selon la mesure)"));
	PUT(out, "</small></label><input type=\"text\" list=\"values\" "
	    "name=\"valeur\" id=\"");
	ESC(out, id);
	PUT(out, "\" value=\"");
	ESC(out, IND("valeur"));
	PUT(out, "\"></p>");
#undef IND
}

static void
indicators_section(struct evbuffer *out, const struct html_editor_view *v,
    const char *lang)
{
	const struct editor_sheet *sh = editor_sheet_c(v->book, "indicators");

	PUT(out, "<h2 id=\"indicators\">");
	TXT(out, _("Indicateurs du tableau d'évaluation"));
	PUT(out, "</h2>");
	value_datalist(out, v->book, lang);
	for (size_t r = 0; sh != NULL && r < sh->nrows; r++) {
		char p[32];
		const char *ind = editor_get(sh, r, "indicateur", NULL);

		snprintf(p, sizeof(p), "i%zu", r);
		form_open(out, v, "", NULL);
		evbuffer_add_printf(out, "<fieldset id=\"ind-%zu\"><legend>", r);
		ESC(out, *ind != '\0' ? ind : _("Indicateur"));
		PUT(out, "</legend>");
		snprintf(p, sizeof(p), "ind-%zu-msgs", r);
		messages(out, v, sh->name, (long)r, p);
		snprintf(p, sizeof(p), "i%zu", r);
		hidden_long(out, "irow", (long)r);
		indicator_fields(out, v, p, sh, (long)r, lang);
		PUT(out, "<p>");
		button(out, "ind_save", _("Enregistrer"), NULL, 0);
		button_for(out, "ind_up", _("Monter"),
		    _("Monter « %s »"), ind, 1);
		button_for(out, "ind_down", _("Descendre"),
		    _("Descendre « %s »"), ind, 1);
		button_for(out, "ind_del", _("Supprimer"),
		    _("Supprimer « %s »"), ind, 1);
		PUT(out, "</p></fieldset></form>");
	}
	form_open(out, v, "", NULL);
	PUT(out, "<fieldset id=\"ind-add\"><legend>");
	TXT(out, _("Ajouter un indicateur"));
	PUT(out, "</legend>");
	indicator_fields(out, v, "ia", sh, -1, lang);
	PUT(out, "<p>");
	button(out, "ind_add", _("Ajouter l'indicateur"), NULL, 0);
	PUT(out, "</p></fieldset></form>");
}

static void
kept_section(struct evbuffer *out, const struct html_editor_view *v)
{
	char **kept;
	size_t n = editor_kept(v->book, &kept);

	if (n > 0) {
		PUT(out, "<h2 id=\"kept\">");
		TXT(out, _("Conservé tel quel"));
		PUT(out, "</h2><p>");
		TXT(out, _("Ces colonnes et ces feuilles n'ont pas de champ ici ; "
		    "elles restent dans le questionnaire, sans changement, et "
		    "dans ses téléchargements :"));
		PUT(out, "</p><ul id=\"kept-list\">");
		for (size_t i = 0; i < n; i++) {
			PUT(out, "<li><code>");
			ESC(out, kept[i]);
			PUT(out, "</code></li>");
		}
		PUT(out, "</ul>");
	}
	editor_strv_free(kept, n);
}

static void
publish_section(struct evbuffer *out, const struct html_editor_view *v)
{
	static const char *const ext[] = { "ods", "xlsx", "csv" };

	PUT(out, "<h2 id=\"publish\">");
	TXT(out, _("Publier"));
	PUT(out, "</h2>");
	if (v->diag != NULL && v->diag->n_errors > 0) {
		PUT(out, "<p id=\"publish-blocked\">");
		evbuffer_add_printf(out, P_("Corrigez d'abord %zu erreur "
		    "(en rouge ci-dessus).", "Corrigez d'abord les %zu erreurs "
		    "(en rouge ci-dessus).", v->diag->n_errors), v->diag->n_errors);
		PUT(out, "</p>");
	} else {
		PUT(out, "<p id=\"publish-what\">");
		if (v->served != NULL) {
			char *t = xasprintf(_("Voyez le questionnaire tel qu'un "
			    "téléphone l'affichera, puis publiez-le : il remplace « %s » "
			    "(%s), servi maintenant, par une nouvelle version ; les "
			    "réponses déjà données gardent la leur."), v->served->title,
			    v->served->id);

			ESC(out, t);
			free(t);
		} else
			TXT(out, _("Voyez le questionnaire tel qu'un téléphone "
			    "l'affichera, puis publiez-le : ce sera un nouveau "
			    "questionnaire, que les rencontres pourront utiliser."));
		PUT(out, "</p>");
		form_open(out, v, "/publish", NULL);
		PUT(out, "<p><button type=\"submit\" id=\"preview\">");
		TXT(out, _("Prévisualiser avant de publier"));
		PUT(out, "</button></p></form>");
	}
	PUT(out, "<p>");
	TXT(out, _("Télécharger le brouillon pour un tableur : "));
	for (size_t i = 0; i < sizeof(ext) / sizeof(*ext); i++) {
		if (i > 0)
			PUT(out, " · ");
		evbuffer_add_printf(out, "<a href=\"/admin/drafts/%lld/download?"
		    "format=%s\" download>.%s</a>", (long long)v->d->id, ext[i],
		    ext[i]);
	}
	PUT(out, "</p><h2 id=\"delete\">");
	TXT(out, _("Supprimer le brouillon"));
	PUT(out, "</h2>");
	evbuffer_add_printf(out, "<form method=\"post\" action=\"/admin/drafts/"
	    "%lld/delete\">", (long long)v->d->id);
	html_admin_csrf(out, v->ctx);
	PUT(out, "<p><button type=\"submit\" class=\"secondary\">");
	TXT(out, _("Supprimer ce brouillon"));
	PUT(out, "</button></p></form>");
}

/* The counts of the loader's messages, and those about no row. */
static void
check_summary(struct evbuffer *out, const struct html_editor_view *v)
{
	size_t ne = v->diag != NULL ? v->diag->n_errors : 0;
	size_t nw = v->diag != NULL ? v->diag->n_warnings : 0;

	PUT(out, "<div id=\"check\" ");
	if (ne > 0)
		PUT(out, "class=\"summary\">");
	else
		PUT(out, "class=\"ok\">");
	PUT(out, "<p>");
	if (ne == 0 && nw == 0)
		TXT(out, _("Vérifié : le questionnaire est prêt à être publié."));
	else
		evbuffer_add_printf(out, _("Vérifié : %zu erreur(s), %zu "
		    "avertissement(s), indiqués à côté de ce qu'ils concernent."),
		    ne, nw);
	PUT(out, "</p>");
	messages(out, v, NULL, -2, "check-msgs");
	PUT(out, "</div>");
}

void
html_editor_draft(struct evbuffer *out, const struct html_editor_view *v)
{
	char **langs;
	size_t nl = editor_langs(v->book, &langs);
	char *title = xasprintf(_("Brouillon : %s"), v->d->title);

	html_admin_begin(out, v->ctx, title);
	PUT(out, "<p><a href=\"/admin/drafts\">");
	TXT(out, _("Tous les brouillons"));
	PUT(out, "</a></p><h1>");
	ESC(out, title);
	PUT(out, "</h1>");
	meta(out, v->d);
	banners(out, v);
	check_summary(out, v);
	PUT(out, "<nav aria-label=\"");
	TXT(out, _("Parties du brouillon"));
	PUT(out, "\"><a href=\"#settings\">");
	TXT(out, _("Réglages"));
	PUT(out, "</a><a href=\"#questions\">");
	TXT(out, _("Questions"));
	PUT(out, "</a><a href=\"#lists\">");
	TXT(out, _("Listes"));
	PUT(out, "</a><a href=\"#indicators\">");
	TXT(out, _("Indicateurs"));
	PUT(out, "</a><a href=\"#publish\">");
	TXT(out, _("Publier"));
	PUT(out, "</a></nav>");
	settings_section(out, v);
	questions_list(out, v, langs[0]);
	add_question(out, v, langs[0]);
	lists_section(out, v, langs[0]);
	indicators_section(out, v, langs[0]);
	kept_section(out, v);
	publish_section(out, v);
	html_page_end(out);
	free(title);
	editor_strv_free(langs, nl);
}

/* ================================================================ question */

/* A field per language for translatable `key` ("label.0", ...). */
static void
lang_fields(struct evbuffer *out, const struct html_editor_view *v,
    const struct editor_sheet *sv, size_t row, const char *key,
    const char *label, char **langs, size_t nl, int textarea)
{
	for (size_t i = 0; i < nl; i++) {
		char id[48], name[48], *lab;

		snprintf(id, sizeof(id), "f-%s-%zu", key, i);
		snprintf(name, sizeof(name), "%s.%zu", key, i);
		lab = nl > 1 ? xasprintf("%s (%s)", label, lang_name(langs[i])) :
		    xstrdup(label);
		if (!textarea)
			field(out, id, name, lab, typed(v, "q_save", "row", (long)row,
			    name, editor_get(sv, row, key, langs[i])), 2);
		else {
			PUT(out, "<p class=\"q\"><label class=\"q\" for=\"");
			ESC(out, id);
			PUT(out, "\">");
			ESC(out, lab);
			PUT(out, "</label><textarea id=\"");
			ESC(out, id);
			PUT(out, "\" name=\"");
			ESC(out, name);
			PUT(out, "\" rows=\"2\">");
			ESC(out, typed(v, "q_save", "row", (long)row, name,
			    editor_get(sv, row, key, langs[i])));
			PUT(out, "</textarea></p>");
		}
		free(lab);
	}
}

static void
fieldset_open(struct evbuffer *out, const char *legend)
{
	PUT(out, "<fieldset><legend>");
	ESC(out, legend);
	PUT(out, "</legend>");
}

/* The question's display columns, one field each ("Affichage"). */
static void
display_fields(struct evbuffer *out, const struct html_editor_view *v,
    const struct editor_sheet *sv, size_t row)
{
	static const struct {
		const char *id, *key, *label;
	} cols[] = {
		{ "f-relevant", "relevant", N_("Afficher seulement si (expression "
		    "XLSForm, voir l'aide ci-dessous)") },
		{ "f-appearance", "appearance", N_("Apparence (multiline, minimal, "
		    "likert)") },
		{ "f-default", "default", N_("Réponse par défaut") },
		{ "f-parameters", "parameters", N_("Paramètres d'une échelle "
		    "(start=1 end=5 step=1)") },
		{ "f-calculation", "calculation", N_("Calcul, pour le type "
		    "« Calcul » (expression XLSForm)") },
		{ "f-choice-filter", "choice_filter", N_("Filtre des choix, selon "
		    "une réponse d'avant (choice_filter)") },
	};

	fieldset_open(out, _("Affichage"));
	for (size_t i = 0; i < sizeof(cols) / sizeof(*cols); i++)
		field(out, cols[i].id, cols[i].key, _(cols[i].label),
		    typed(v, "q_save", "row", (long)row, cols[i].key,
		    editor_get(sv, row, cols[i].key, NULL)), 0);
}

static void
question_form(struct evbuffer *out, const struct html_editor_view *v,
    const struct editor_sheet *sv, size_t row, char **langs, size_t nl)
{
	char base[32], list[80];
	int other = 0;
	int req = editor_get(sv, row, "required", NULL)[0] != '\0' &&
	    strcmp(editor_get(sv, row, "required", NULL), "no") != 0 &&
	    strcmp(editor_get(sv, row, "required", NULL), "false()") != 0;

	editor_type_split(editor_get(sv, row, "type", NULL), base, sizeof(base));
	editor_type_list(editor_get(sv, row, "type", NULL), list, sizeof(list),
	    &other);
#define QV(key, dflt) typed(v, "q_save", "row", (long)row, key, dflt)
	if (QV("action", NULL) != NULL) {     /* a refused save, shown again */
		req = QV("required", NULL) != NULL;
		other = QV("or_other", NULL) != NULL;
	}
	form_open(out, v, "", NULL);
	hidden_long(out, "row", (long)row);
	fieldset_open(out, _("La question"));
	type_select(out, "f-type", QV("type", base));
	list_select(out, v->book, "f", QV("list", list), QV("new_list", NULL));
	checkbox(out, "f-or-other", "or_other", "1", other,
	    _("Ajouter le choix « Autre », avec un champ à écrire "
	    "(or_other)"));
	if (strcmp(base, "end_group") != 0)
		field(out, "f-name", "name", _("Nom court, sans espace (sert aux "
		    "conditions et aux exports)"), QV("name", editor_get(sv, row,
		    "name", NULL)), 1);
	PUT(out, "</fieldset>");
	fieldset_open(out, _("Textes"));
	lang_fields(out, v, sv, row, "label", _("Texte de la question"), langs, nl, 1);
	lang_fields(out, v, sv, row, "hint", _("Aide sous la question"), langs, nl,
	    0);
	lang_fields(out, v, sv, row, "image", _("Image (nom d'un fichier .png, "
	    ".jpg ou .svg placé à côté du questionnaire)"), langs, nl, 0);
	PUT(out, "</fieldset>");
	fieldset_open(out, _("Réponse obligatoire"));
	checkbox(out, "f-required", "required", "yes", req,
	    _("Il faut répondre à cette question"));
	lang_fields(out, v, sv, row, "required_message", _("Message si la réponse "
	    "manque"), langs, nl, 0);
	PUT(out, "</fieldset>");
	fieldset_open(out, _("Contrôle de la réponse"));
	field(out, "f-constraint", "constraint", _("Condition sur la réponse, "
	    "en XLSForm (par exemple string-length(.) <= 200)"),
	    QV("constraint", editor_get(sv, row, "constraint", NULL)), 0);
	lang_fields(out, v, sv, row, "constraint_message", _("Message si la "
	    "condition n'est pas remplie"), langs, nl, 0);
	PUT(out, "</fieldset>");
	display_fields(out, v, sv, row);
	PUT(out, "</fieldset><p>");
	button(out, "q_save", _("Enregistrer la question"), NULL, 0);
	PUT(out, "</p></form>");
#undef QV
}

static void
relevant_builder(struct evbuffer *out, const struct html_editor_view *v,
    const struct editor_sheet *sv, size_t row)
{
	char **values, **labels;
	size_t n = editor_conditions(v->book, row, &values, &labels);

	PUT(out, "<h2 id=\"condition\">");
	TXT(out, _("Afficher cette question seulement si…"));
	PUT(out, "</h2>");
	if (n == 0) {
		PUT(out, "<p>");
		TXT(out, _("Aucune question avant celle-ci ne peut servir de "
		    "condition."));
		PUT(out, "</p>");
		return;
	}
	if (editor_get(sv, row, "relevant", NULL)[0] != '\0') {
		PUT(out, "<p>");
		TXT(out, _("Condition actuelle : "));
		PUT(out, "<code id=\"current-relevant\">");
		ESC(out, editor_get(sv, row, "relevant", NULL));
		PUT(out, "</code></p>");
	}
	form_open(out, v, "", NULL);
	hidden_long(out, "row", (long)row);
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"c-cond\">");
	TXT(out, _("Condition, sur une question placée avant"));
	PUT(out, "</label><select id=\"c-cond\" name=\"cond\">");
	for (size_t i = 0; i < n; i++) {
		PUT(out, "<option value=\"");
		ESC(out, values[i]);
		PUT(out, "\">");
		ESC(out, labels[i]);
		PUT(out, "</option>");
	}
	PUT(out, "</select></p>");
	field(out, "c-value", "value", _("Valeur (pour « la réponse est (valeur "
	    "ci-dessous) »)"), typed(v, "rel_build", "row", (long)row, "value",
	    NULL), 0);
	PUT(out, "<fieldset><legend>");
	TXT(out, _("Avec la condition actuelle"));
	PUT(out, "</legend>");
	{
		static const struct {
			const char *value, *label;
		} modes[] = {
			{ "replace", N_("La remplacer") },
			{ "and", N_("Les deux à la fois (et)") },
			{ "or", N_("L'une ou l'autre (ou)") },
		};

		for (size_t i = 0; i < sizeof(modes) / sizeof(*modes); i++) {
			evbuffer_add_printf(out, "<p class=\"opt\"><input type=\"radio\" "
			    "name=\"combine\" id=\"c-%s\" value=\"%s\"%s><label "
			    "for=\"c-%s\">", modes[i].value, modes[i].value,
			    i == 0 ? " checked" : "", modes[i].value);
			TXT(out, _(modes[i].label));
			PUT(out, "</label></p>");
		}
	}
	PUT(out, "</fieldset><p>");
	button(out, "rel_build", _("Appliquer la condition"), NULL, 0);
	PUT(out, "</p></form>");
	editor_strv_free(values, n);
	editor_strv_free(labels, n);
}

/* One choice of the list: its code and texts, and its buttons. */
static void
choice_item(struct evbuffer *out, const struct html_editor_view *v,
    const struct editor_sheet *ch, size_t c, size_t qrow, char **langs,
    size_t nl)
{
	const char *label = editor_get(ch, c, "label", langs[0]);
	char id[80];

	form_open(out, v, "", NULL);
	evbuffer_add_printf(out, "<fieldset id=\"c-%zu\"><legend>", c);
	ESC(out, *label != '\0' ? label : editor_get(ch, c, "name", NULL));
	PUT(out, "</legend>");
	snprintf(id, sizeof(id), "c-%zu-msgs", c);
	messages(out, v, ch->name, (long)c, id);
	hidden_long(out, "row", (long)qrow);
	hidden_long(out, "crow", (long)c);
	snprintf(id, sizeof(id), "c-%zu-name", c);
	field(out, id, "name", _("Code (sans espace)"), typed(v, "ch_save",
	    "crow", (long)c, "name", editor_get(ch, c, "name", NULL)), 1);
	for (size_t i = 0; i < nl; i++) {
		char name[32], *lab;

		snprintf(id, sizeof(id), "c-%zu-label-%zu", c, i);
		snprintf(name, sizeof(name), "label.%zu", i);
		lab = nl > 1 ? xasprintf(_("Texte (%s)"), lang_name(langs[i])) :
		    xstrdup(_("Texte"));
		field(out, id, name, lab, typed(v, "ch_save", "crow", (long)c, name,
		    editor_get(ch, c, "label", langs[i])), 2);
		free(lab);
		snprintf(id, sizeof(id), "c-%zu-image-%zu", c, i);
		snprintf(name, sizeof(name), "image.%zu", i);
		lab = nl > 1 ? xasprintf(_("Image, nom du fichier (%s)"),
		    lang_name(langs[i])) : xstrdup(_("Image, nom du fichier"));
		field(out, id, name, lab, typed(v, "ch_save", "crow", (long)c, name,
		    editor_get(ch, c, "image", langs[i])), 0);
		free(lab);
	}
	PUT(out, "<p>");
	button_for(out, "ch_save", _("Enregistrer"),
	    _("Enregistrer le choix « %s »"), label, 0);
	button_for(out, "ch_up", _("Monter"),
	    _("Monter le choix « %s »"), label, 1);
	button_for(out, "ch_down", _("Descendre"),
	    _("Descendre le choix « %s »"), label, 1);
	button_for(out, "ch_del", _("Retirer"),
	    _("Retirer le choix « %s »"), label, 1);
	PUT(out, "</p></fieldset></form>");
}

static void
choices_editor(struct evbuffer *out, const struct html_editor_view *v,
    const char *list, size_t qrow, char **langs, size_t nl)
{
	const struct editor_sheet *ch = editor_sheet_c(v->book, "choices");

	PUT(out, "<h2 id=\"choices\">");
	{
		char *t = xasprintf(_("Choix de la liste « %s »"), list);

		TXT(out, t);
		free(t);
	}
	PUT(out, "</h2><p>");
	TXT(out, _("Questions qui utilisent cette liste : "));
	list_users(out, v->book, list, (long long)v->d->id);
	PUT(out, "</p>");
	for (size_t c = 0; ch != NULL && c < ch->nrows; c++)
		if (strcmp(editor_get(ch, c, "list_name", NULL), list) == 0)
			choice_item(out, v, ch, c, qrow, langs, nl);
	form_open(out, v, "", NULL);
	PUT(out, "<fieldset id=\"choice-add\"><legend>");
	TXT(out, _("Ajouter un choix"));
	PUT(out, "</legend>");
	hidden_long(out, "row", (long)qrow);
	hidden(out, "list", list);
	field(out, "n-label", "label", _("Texte du choix"),
	    typed(v, "ch_add", NULL, 0, "label", NULL), 1);
	field(out, "n-name", "name", _("Code (sans espace ni accent, par exemple "
	    "tres_bien)"), typed(v, "ch_add", NULL, 0, "name", NULL), 1);
	PUT(out, "<p>");
	button(out, "ch_add", _("Ajouter le choix"), NULL, 0);
	PUT(out, "</p></fieldset></form>");
}

void
html_editor_question(struct evbuffer *out, const struct html_editor_view *v,
    size_t row)
{
	const struct editor_sheet *sv = editor_sheet_c(v->book, "survey");
	char **langs, base[32], id[32];
	size_t nl = editor_langs(v->book, &langs);
	const char *label;
	char *title, list[80];

	editor_type_split(editor_get(sv, row, "type", NULL), base, sizeof(base));
	editor_type_list(editor_get(sv, row, "type", NULL), list, sizeof(list),
	    NULL);
	label = editor_get(sv, row, "label", langs[0]);
	title = xasprintf(_("Question : %s"), *label != '\0' ? label :
	    type_label(base));
	html_admin_begin(out, v->ctx, title);
	evbuffer_add_printf(out, "<p><a href=\"/admin/drafts/%lld#q-%zu\">",
	    (long long)v->d->id, row);
	TXT(out, _("Retour au brouillon"));
	PUT(out, " « ");
	ESC(out, v->d->title);
	PUT(out, " »</a></p><h1>");
	ESC(out, title);
	PUT(out, "</h1>");
	meta(out, v->d);
	banners(out, v);
	snprintf(id, sizeof(id), "q-%zu-msgs", row);
	messages(out, v, sv->name, (long)row, id);
	question_form(out, v, sv, row, langs, nl);
	if (strcmp(base, "end_group") != 0)
		relevant_builder(out, v, sv, row);
	if (*list != '\0')
		choices_editor(out, v, list, row, langs, nl);
	html_page_end(out);
	free(title);
	editor_strv_free(langs, nl);
}
