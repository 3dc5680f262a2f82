/*
 * html_people.c - rendering of the centres, accounts, password and
 * journal pages (see html_people.h).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "auth.h"
#include "html.h"
#include "html_admin.h"
#include "html_people.h"
#include "i18n.h"
#include "store.h"

/* Literals only: "" lit "" refuses anything else at compile time. */
#define PUT(out, lit) evbuffer_add((out), "" lit "", sizeof(lit) - 1)
#define ESC(out, s) html_escape((out), (s) != NULL ? (s) : "")

/* ---- pieces ------------------------------------------------------------ */

static void
messages(struct evbuffer *out, const struct html_people_msg *msg)
{
	if (msg == NULL)
		return;
	html_admin_alert(out, msg->error);
	if (msg->notice != NULL) {
		PUT(out, "<p class=\"ok\" role=\"status\">");
		ESC(out, msg->notice);
		PUT(out, "</p>");
	}
	if (msg->secret != NULL) {
		PUT(out, "<div class=\"ok\" role=\"status\"><p>");
		ESC(out, _("Mot de passe temporaire de"));
		PUT(out, " <strong>");
		ESC(out, msg->who);
		PUT(out, "</strong> :</p><p class=\"link\"><code id=\"secret\">");
		ESC(out, msg->secret);
		PUT(out, "</code></p><p>");
		ESC(out, _("Notez-le et transmettez-le à la personne : il ne sera "
		    "plus affiché. À sa prochaine connexion, elle devra choisir "
		    "son propre mot de passe."));
		PUT(out, "</p></div>");
	}
}

/* A labelled text input whose id (`id`) differs from its name. */
static void
field(struct evbuffer *out, const char *id, const char *name,
    const char *label, const char *type, const char *value, int required,
    const char *autocomplete)
{
	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"");
	ESC(out, id);
	PUT(out, "\">");
	ESC(out, label);
	if (!required) {
		PUT(out, " <small>");
		ESC(out, _("(facultatif)"));
		PUT(out, "</small>");
	}
	PUT(out, "</label><input type=\"");
	ESC(out, type);
	PUT(out, "\" id=\"");
	ESC(out, id);
	PUT(out, "\" name=\"");
	ESC(out, name);
	PUT(out, "\" maxlength=\"200\"");
	if (required)
		PUT(out, " required");
	if (autocomplete != NULL) {
		PUT(out, " autocomplete=\"");
		ESC(out, autocomplete);
		PUT(out, "\"");
	}
	PUT(out, " value=\"");
	ESC(out, value);
	PUT(out, "\"></p>");
}

/* A form of one button posting `action` with a hidden field. */
static void
button_form(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const char *action, const char *key, const char *value,
    const char *label, const char *described_by)
{
	PUT(out, "<form class=\"inline\" method=\"post\" action=\"");
	ESC(out, action);
	PUT(out, "\">");
	html_admin_csrf(out, ctx);
	PUT(out, "<input type=\"hidden\" name=\"");
	ESC(out, key);
	PUT(out, "\" value=\"");
	ESC(out, value);
	PUT(out, "\"><button type=\"submit\" class=\"secondary\"");
	if (described_by != NULL) {
		PUT(out, " aria-describedby=\"");
		ESC(out, described_by);
		PUT(out, "\"");
	}
	PUT(out, ">");
	ESC(out, label);
	PUT(out, "</button></form> ");
}

static void
option(struct evbuffer *out, const char *value, const char *current)
{
	PUT(out, "<option value=\"");
	ESC(out, value);
	PUT(out, "\"");
	if (current != NULL && strcmp(current, value) == 0)
		PUT(out, " selected");
	PUT(out, ">");
	ESC(out, value);
	PUT(out, "</option>");
}

void
html_people_select(struct evbuffer *out, const char *id, const char *label,
    const char *const *v, size_t n, const char *current, const char *none)
{
	int found = current == NULL || *current == '\0';

	PUT(out, "<p class=\"q\"><label class=\"q\" for=\"");
	ESC(out, id);
	PUT(out, "\">");
	ESC(out, label);
	PUT(out, "</label><select id=\"");
	ESC(out, id);
	PUT(out, "\" name=\"");
	ESC(out, id);
	PUT(out, "\"><option value=\"\">");
	ESC(out, none);
	PUT(out, "</option>");
	for (size_t i = 0; i < n; i++) {
		option(out, v[i], current);
		if (!found && strcmp(v[i], current) == 0)
			found = 1;
	}
	if (!found)
		option(out, current, current);
	PUT(out, "</select></p>");
}

void
html_people_meeting_selects(struct evbuffer *out,
    const struct html_people_names *names, const char *level,
    const char *centre)
{
	html_people_select(out, "level", _("Niveau du réseau"),
	    (const char *const *)names->levels, names->n_levels, level, "—");
	html_people_select(out, "centre", _("Centre qui accueille"),
	    (const char *const *)names->centres, names->n_centres, centre, "—");
}

/* ---- centres and levels ------------------------------------------------- */

/* Whether id `id` is in the comma-separated list `ids`. */
static int
has_id(const char *ids, int64_t id)
{
	const char *p = ids;

	while (p != NULL && *p != '\0') {
		char *end;
		long long v = strtoll(p, &end, 10);

		if (end == p)
			return 0;
		if (v == id)
			return 1;
		p = *end == ',' ? end + 1 : NULL;
	}
	return 0;
}

/* The levels' checkboxes of a centre form (`prefix` makes ids unique). */
static void
level_boxes(struct evbuffer *out, const struct html_people_lists *l,
    const char *prefix, const char *checked)
{
	PUT(out, "<fieldset class=\"q\"><legend>");
	ESC(out, _("Réseaux"));
	PUT(out, " <small>");
	ESC(out, _("(facultatif)"));
	PUT(out, "</small></legend>");
	for (size_t i = 0; i < l->n_levels; i++) {
		const struct html_people_level *v = &l->levels[i];

		if (v->retired && !has_id(checked, v->id))
			continue;
		PUT(out, "<label class=\"opt\"><input type=\"checkbox\" "
		    "name=\"network\" id=\"");
		ESC(out, prefix);
		evbuffer_add_printf(out, "-n%" PRId64 "\" value=\"%" PRId64 "\"",
		    v->id, v->id);
		if (has_id(checked, v->id))
			PUT(out, " checked");
		PUT(out, "> ");
		ESC(out, v->name);
		PUT(out, "</label>");
	}
	PUT(out, "</fieldset>");
}

/* The names of a centre's levels, ", "-separated. */
static void
level_names(struct evbuffer *out, const struct html_people_lists *l,
    const char *ids)
{
	int first = 1;

	for (size_t i = 0; i < l->n_levels; i++) {
		if (!has_id(ids, l->levels[i].id))
			continue;
		if (!first)
			PUT(out, ", ");
		ESC(out, l->levels[i].name);
		first = 0;
	}
}

static void
meetings_count(struct evbuffer *out, int64_t n)
{
	if (n == 0)
		ESC(out, _("aucune rencontre"));
	else if (n == 1)
		ESC(out, _("1 rencontre"));
	else
		evbuffer_add_printf(out, _("%lld rencontres"), (long long)n);
}

static void
centre_item(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct html_people_lists *l, const struct html_people_centre *c)
{
	char prefix[32], id[24];

	snprintf(prefix, sizeof(prefix), "c%" PRId64, c->id);
	snprintf(id, sizeof(id), "%" PRId64, c->id);
	PUT(out, "<li><p><strong id=\"");
	ESC(out, prefix);
	PUT(out, "\">");
	ESC(out, c->name);
	PUT(out, "</strong>");
	if (*c->town != '\0') {
		PUT(out, " — ");
		ESC(out, c->town);
	}
	if (c->retired) {
		PUT(out, " <em>(");
		ESC(out, _("retiré"));
		PUT(out, ")</em>");
	}
	PUT(out, "<br><small>");
	level_names(out, l, c->networks);
	if (*c->networks != '\0')
		PUT(out, " · ");
	meetings_count(out, c->n_meetings);
	PUT(out, "</small></p><details><summary>");
	ESC(out, _("Modifier"));
	PUT(out, "</summary><form method=\"post\" action=\"/admin/centres/edit\">");
	html_admin_csrf(out, ctx);
	PUT(out, "<input type=\"hidden\" name=\"id\" value=\"");
	ESC(out, id);
	PUT(out, "\">");
	snprintf(prefix, sizeof(prefix), "c%" PRId64 "-name", c->id);
	field(out, prefix, "name", _("Nom du centre"), "text", c->name, 1, NULL);
	snprintf(prefix, sizeof(prefix), "c%" PRId64 "-town", c->id);
	field(out, prefix, "town", _("Ville"), "text", c->town, 0, NULL);
	snprintf(prefix, sizeof(prefix), "c%" PRId64, c->id);
	level_boxes(out, l, prefix, c->networks);
	PUT(out, "<p><button type=\"submit\">");
	ESC(out, _("Enregistrer"));
	PUT(out, "</button></p></form></details><p>");
	button_form(out, ctx, c->retired ? "/admin/centres/restore" :
	    "/admin/centres/retire", "id", id, c->retired ? _("Remettre dans "
	    "la liste") : _("Retirer de la liste"), prefix);
	PUT(out, "</p></li>");
}

static void
centres_section(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct html_people_lists *l)
{
	PUT(out, "<h2>");
	ESC(out, _("Centres"));
	PUT(out, "</h2><p>");
	ESC(out, _("Le centre qui accueille une rencontre se choisit dans "
	    "cette liste. Un centre retiré n'est plus proposé, mais reste sur "
	    "les rencontres qu'il a accueillies."));
	PUT(out, "</p><ul>");
	for (size_t i = 0; i < l->n_centres; i++)
		centre_item(out, ctx, l, &l->centres[i]);
	PUT(out, "</ul><h3>");
	ESC(out, _("Ajouter un centre"));
	PUT(out, "</h3><form method=\"post\" action=\"/admin/centres\">");
	html_admin_csrf(out, ctx);
	field(out, "new-name", "name", _("Nom du centre"), "text", NULL, 1,
	    NULL);
	field(out, "new-town", "town", _("Ville"), "text", NULL, 0, NULL);
	level_boxes(out, l, "new", "");
	PUT(out, "<p><button type=\"submit\">");
	ESC(out, _("Ajouter le centre"));
	PUT(out, "</button></p></form><p><a href=\"/admin/centres/choices.csv\">");
	ESC(out, _("Télécharger la liste pour un questionnaire"));
	PUT(out, "</a> <small>");
	ESC(out, _("(les lignes « choices » d'une liste nommée centres, à "
	    "coller dans le questionnaire qui demande « De quel centre "
	    "venez-vous ? »)"));
	PUT(out, "</small></p>");
}

static void
level_item(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct html_people_level *v)
{
	char id[24], fid[32];

	snprintf(id, sizeof(id), "%" PRId64, v->id);
	snprintf(fid, sizeof(fid), "l%" PRId64 "-name", v->id);
	PUT(out, "<li><form method=\"post\" action=\"/admin/levels/rename\">");
	html_admin_csrf(out, ctx);
	PUT(out, "<input type=\"hidden\" name=\"id\" value=\"");
	ESC(out, id);
	PUT(out, "\">");
	field(out, fid, "name", v->retired ? _("Niveau (retiré)") : _("Niveau"),
	    "text", v->name, 1, NULL);
	PUT(out, "<p><small>");
	meetings_count(out, v->n_meetings);
	PUT(out, "</small> <button type=\"submit\" class=\"small\">");
	ESC(out, _("Renommer"));
	PUT(out, "</button></p></form><p>");
	button_form(out, ctx, v->retired ? "/admin/levels/restore" :
	    "/admin/levels/retire", "id", id, v->retired ? _("Remettre dans la "
	    "liste") : _("Retirer de la liste"), fid);
	PUT(out, "</p></li>");
}

void
html_people_centres(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct html_people_lists *l, const struct html_people_msg *msg)
{
	html_admin_begin(out, ctx, _("Centres et niveaux du réseau"));
	PUT(out, "<h1>");
	ESC(out, _("Centres et niveaux du réseau"));
	PUT(out, "</h1>");
	messages(out, msg);
	centres_section(out, ctx, l);
	PUT(out, "<h2>");
	ESC(out, _("Niveaux du réseau"));
	PUT(out, "</h2><p>");
	ESC(out, _("Renommer un niveau renomme aussi les rencontres de ce "
	    "niveau."));
	PUT(out, "</p><ul>");
	for (size_t i = 0; i < l->n_levels; i++)
		level_item(out, ctx, &l->levels[i]);
	PUT(out, "</ul><h3>");
	ESC(out, _("Ajouter un niveau"));
	PUT(out, "</h3><form method=\"post\" action=\"/admin/levels\">");
	html_admin_csrf(out, ctx);
	field(out, "new-level", "name", _("Nom du niveau"), "text", NULL, 1,
	    NULL);
	PUT(out, "<p><button type=\"submit\">");
	ESC(out, _("Ajouter le niveau"));
	PUT(out, "</button></p></form>");
	html_page_end(out);
}

/* ---- accounts ----------------------------------------------------------- */

static void
account_item(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct user *u)
{
	int self = ctx->user != NULL && strcmp(ctx->user, u->name) == 0;
	char id[96];

	snprintf(id, sizeof(id), "u-%s", u->name);
	PUT(out, "<li><p><strong id=\"");
	ESC(out, id);
	PUT(out, "\">");
	ESC(out, u->name);
	PUT(out, "</strong> — ");
	ESC(out, auth_role_label(auth_role_parse(u->role)));
	if (u->disabled) {
		PUT(out, " · <span class=\"closed\">");
		ESC(out, _("désactivé"));
		PUT(out, "</span>");
	} else if (u->must_change) {
		PUT(out, " · <span>");
		ESC(out, _("mot de passe temporaire"));
		PUT(out, "</span>");
	}
	PUT(out, "</p><p>");
	if (!self)
		button_form(out, ctx, u->disabled ? "/admin/accounts/enable" :
		    "/admin/accounts/disable", "name", u->name, u->disabled ?
		    _("Réactiver") : _("Désactiver"), id);
	if (!self && !u->disabled)
		button_form(out, ctx, "/admin/accounts/reset", "name", u->name,
		    _("Nouveau mot de passe temporaire"), id);
	if (self) {
		PUT(out, "<a href=\"/admin/password\">");
		ESC(out, _("Changer mon mot de passe"));
		PUT(out, "</a>");
	}
	PUT(out, "</p></li>");
}

void
html_people_accounts(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct user *u, size_t n, const struct html_people_msg *msg)
{
	html_admin_begin(out, ctx, _("Comptes"));
	PUT(out, "<h1>");
	ESC(out, _("Comptes de l'équipe"));
	PUT(out, "</h1>");
	messages(out, msg);
	PUT(out, "<ul>");
	for (size_t i = 0; i < n; i++)
		account_item(out, ctx, &u[i]);
	PUT(out, "</ul><h2>");
	ESC(out, _("Ajouter un compte"));
	PUT(out, "</h2><p>");
	ESC(out, _("Un mot de passe temporaire est créé et affiché une seule "
	    "fois ; la personne en choisit un autre à sa première connexion."));
	PUT(out, "</p><form method=\"post\" action=\"/admin/accounts\">");
	html_admin_csrf(out, ctx);
	field(out, "new-user", "name", _("Identifiant (lettres, chiffres, . _ "
	    "- @)"), "text", NULL, 1, "off");
	PUT(out, "<fieldset class=\"q\"><legend>");
	ESC(out, _("Rôle"));
	PUT(out, "</legend><label class=\"opt\"><input type=\"radio\" "
	    "name=\"role\" value=\"professional\" checked> ");
	ESC(out, auth_role_label(AUTH_PROFESSIONAL));
	PUT(out, "</label><label class=\"opt\"><input type=\"radio\" "
	    "name=\"role\" value=\"coordinator\"> ");
	ESC(out, auth_role_label(AUTH_COORDINATOR));
	PUT(out, "</label></fieldset><p><button type=\"submit\">");
	ESC(out, _("Créer le compte"));
	PUT(out, "</button></p></form>");
	html_page_end(out);
}

/* ---- one's own password ------------------------------------------------- */

void
html_people_password(struct evbuffer *out, const struct html_admin_ctx *ctx,
    int must_change, const struct html_people_msg *msg)
{
	html_admin_begin(out, ctx, _("Mot de passe"));
	PUT(out, "<h1>");
	ESC(out, _("Changer mon mot de passe"));
	PUT(out, "</h1>");
	if (must_change) {
		PUT(out, "<p class=\"ok\" role=\"status\">");
		ESC(out, _("Votre mot de passe est temporaire : choisissez-en un "
		    "nouveau pour continuer."));
		PUT(out, "</p>");
	}
	messages(out, msg);
	PUT(out, "<form method=\"post\" action=\"/admin/password\">");
	html_admin_csrf(out, ctx);
	field(out, "current", "current", _("Mot de passe actuel"), "password",
	    NULL, 1, "current-password");
	field(out, "new", "new", _("Nouveau mot de passe (8 caractères au "
	    "moins)"), "password", NULL, 1, "new-password");
	field(out, "again", "again", _("Le nouveau, encore une fois"),
	    "password", NULL, 1, "new-password");
	PUT(out, "<p><button type=\"submit\">");
	ESC(out, _("Changer le mot de passe"));
	PUT(out, "</button></p></form>");
	html_page_end(out);
}

/* ---- journal ------------------------------------------------------------ */

/* The actions in words, as data. */
static const struct {
	const char *code, *words;
} actions[] = {
	{ JOURNAL_MEETING_CREATE, N_("a créé la rencontre") },
	{ JOURNAL_MEETING_EDIT, N_("a modifié la rencontre") },
	{ JOURNAL_MEETING_CLOSE, N_("a clos la rencontre") },
	{ JOURNAL_MEETING_REOPEN, N_("a rouvert la rencontre") },
	{ JOURNAL_MEETING_DELETE, N_("a supprimé la rencontre") },
	{ JOURNAL_FORM_PUBLISH, N_("a publié le questionnaire") },
	{ JOURNAL_EXPORT, N_("a téléchargé l'export") },
	{ JOURNAL_ACCOUNT_ADD, N_("a créé le compte") },
	{ JOURNAL_ACCOUNT_DISABLE, N_("a désactivé le compte") },
	{ JOURNAL_ACCOUNT_ENABLE, N_("a réactivé le compte") },
	{ JOURNAL_ACCOUNT_RESET, N_("a donné un mot de passe temporaire au "
	    "compte") },
	{ JOURNAL_PASSWORD_CHANGE, N_("a changé son mot de passe") },
	{ JOURNAL_CENTRE_ADD, N_("a ajouté le centre") },
	{ JOURNAL_CENTRE_EDIT, N_("a modifié le centre") },
	{ JOURNAL_CENTRE_RETIRE, N_("a retiré le centre") },
	{ JOURNAL_CENTRE_RESTORE, N_("a remis dans la liste le centre") },
	{ JOURNAL_LEVEL_ADD, N_("a ajouté le niveau") },
	{ JOURNAL_LEVEL_RENAME, N_("a renommé le niveau") },
	{ JOURNAL_LEVEL_RETIRE, N_("a retiré le niveau") },
	{ JOURNAL_LEVEL_RESTORE, N_("a remis dans la liste le niveau") },
};

const char *
html_people_action(const char *action)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(actions[i].code, action) == 0)
			return _(actions[i].words);
	return action;
}

/* "2 déc. 2026, 14:05" (local time) into buf. */
static const char *
when(int64_t at, char *buf, size_t len)
{
	time_t t = (time_t)at;
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "?");
		return buf;
	}
	snprintf(buf, len, "%d %s %d, %02d:%02d", tm.tm_mday,
	    html_month(tm.tm_mon), tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	return buf;
}

static void
pager(struct evbuffer *out, int64_t page, int64_t pages)
{
	PUT(out, "<nav aria-label=\"");
	ESC(out, _("Pages du journal"));
	PUT(out, "\"><p>");
	if (page > 1) {
		evbuffer_add_printf(out, "<a href=\"/admin/journal?page=%lld\" "
		    "rel=\"prev\">", (long long)(page - 1));
		ESC(out, _("← Plus récentes"));
		PUT(out, "</a> ");
	}
	evbuffer_add_printf(out, _("Page %lld sur %lld"), (long long)page,
	    (long long)pages);
	if (page < pages) {
		evbuffer_add_printf(out, " <a href=\"/admin/journal?page=%lld\" "
		    "rel=\"next\">", (long long)(page + 1));
		ESC(out, _("Plus anciennes →"));
		PUT(out, "</a>");
	}
	PUT(out, "</p></nav>");
}

void
html_people_journal(struct evbuffer *out, const struct html_admin_ctx *ctx,
    const struct html_people_entry *e, size_t n, int64_t page,
    int64_t pages, int64_t total)
{
	char buf[64];

	html_admin_begin(out, ctx, _("Journal"));
	PUT(out, "<h1>");
	ESC(out, _("Journal de l'équipe"));
	PUT(out, "</h1><p>");
	ESC(out, _("Qui a fait quoi sur les rencontres, les questionnaires, "
	    "les exports et les comptes. Aucune réponse n'y figure."));
	PUT(out, "</p>");
	if (total == 0) {
		PUT(out, "<p>");
		ESC(out, _("Rien pour le moment."));
		PUT(out, "</p>");
		html_page_end(out);
		return;
	}
	PUT(out, "<ol class=\"journal\">");
	for (size_t i = 0; i < n; i++) {
		PUT(out, "<li><small>");
		ESC(out, when(e[i].at, buf, sizeof(buf)));
		PUT(out, "</small><br><strong>");
		ESC(out, e[i].who);
		PUT(out, "</strong> ");
		ESC(out, html_people_action(e[i].action));
		if (*e[i].what != '\0') {
			PUT(out, " ");
			ESC(out, e[i].what);
		}
		PUT(out, "</li>");
	}
	PUT(out, "</ol>");
	pager(out, page, pages);
	html_page_end(out);
}
