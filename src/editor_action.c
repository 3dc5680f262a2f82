/*
 * editor_action.c - the form editor's actions (see editor_action.h).
 *
 * One table maps an action's name to the function that applies it; each
 * function reads its fields, checks them, changes the draft and says
 * where the page goes next.  Translatable fields arrive numbered by the
 * draft's language ("label.0", "label.1", ...: editor_langs() order).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "editor.h"
#include "editor_action.h"
#include "i18n.h"
#include "util.h"

/* ================================================================ helpers */

static const char *
fget(const struct editor_fields *f, const char *key)
{
	const char *v = f->get(f->arg, key);

	return v != NULL ? v : "";
}

static int
refuse(struct editor_result *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
refuse(struct editor_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->error, sizeof(r->error), fmt, ap);
	va_end(ap);
	return 1;
}

/* A row number field: 0..n-1, else -1. */
static long
frow(const struct editor_fields *f, const char *key, size_t n)
{
	const char *v = fget(f, key);
	char *end;
	long r;

	if (*v == '\0')
		return -1;
	r = strtol(v, &end, 10);
	if (*end != '\0' || r < 0 || (size_t)r >= n)
		return -1;
	return r;
}

/* Values longer than a cell may be, or with a line break where none
 * belongs, are refused before anything changes. */
static int
too_long(const char *v)
{
	return strlen(v) > EDITOR_MAX_CELL;
}

/* Set key in language i for each language from fields "key.i". */
static void
set_texts(struct editor_sheet *sh, size_t row, const char *key,
    const struct editor_fields *f, char **langs, size_t nl)
{
	for (size_t i = 0; i < nl; i++) {
		char field[48];
		const char *v;

		snprintf(field, sizeof(field), "%s.%zu", key, i);
		v = f->get(f->arg, field);
		if (v != NULL)
			editor_set(sh, row, key, langs[i], v);
	}
}

/* Whether any field "key.i" is too long. */
static int
texts_too_long(const char *key, const struct editor_fields *f, size_t nl)
{
	for (size_t i = 0; i < nl; i++) {
		char field[48];

		snprintf(field, sizeof(field), "%s.%zu", key, i);
		if (too_long(fget(f, field)))
			return 1;
	}
	return 0;
}

static int
type_known(const char *base)
{
	for (size_t i = 0; editor_types[i] != NULL; i++)
		if (strcmp(editor_types[i], base) == 0)
			return 1;
	return 0;
}

static int
is_select(const char *base)
{
	return strcmp(base, "select_one") == 0 ||
	    strcmp(base, "select_multiple") == 0;
}

/*
 * The type cell from fields "type", "list" and "new_list" into out, or
 * 1 with the reason in r.
 */
static int
type_cell(const struct editor_fields *f, char *out, size_t len,
    struct editor_result *r)
{
	const char *t = fget(f, "type");
	const char *list = fget(f, "new_list");

	if (!type_known(t))
		return refuse(r, _("Choisissez un type de question."));
	if (!is_select(t)) {
		snprintf(out, len, "%s", t);
		return 0;
	}
	if (*list == '\0')
		list = fget(f, "list");
	if (!editor_name_ok(list))
		return refuse(r, _("Choisissez une liste de choix, ou donnez un "
		    "nom à une nouvelle liste (lettres, chiffres et _ , sans "
		    "espace)."));
	snprintf(out, len, "%s %s%s", t, list, *fget(f, "or_other") != '\0' ?
	    " or_other" : "");
	return 0;
}

/* The survey row of a question whose name is `name`, or -1. */
static long
find_question(const struct editor_sheet *sv, const char *name)
{
	for (size_t r = 0; sv != NULL && r < sv->nrows; r++)
		if (strcmp(editor_get(sv, r, "name", NULL), name) == 0)
			return (long)r;
	return -1;
}

/* Replace every "${from}" by "${to}" in column `key` of `sh`. */
static void
rename_refs(struct editor_sheet *sh, const char *key, const char *from,
    const char *to, int bare)
{
	char *pat = xasprintf("${%s}", from), *rep = xasprintf("${%s}", to);

	for (size_t r = 0; sh != NULL && r < sh->nrows; r++) {
		const char *v = editor_get(sh, r, key, NULL);
		const char *hit;
		char *nv;

		if (bare && strcmp(v, from) == 0) {
			editor_set(sh, r, key, NULL, to);
			continue;
		}
		if ((hit = strstr(v, pat)) == NULL)
			continue;
		/* One reference per pass, bounded by the cell's length. */
		nv = xstrdup(v);
		for (size_t k = 0; k < EDITOR_MAX_CELL &&
		    (hit = strstr(nv, pat)) != NULL; k++) {
			char *next = xasprintf("%.*s%s%s", (int)(hit - nv), nv, rep,
			    hit + strlen(pat));

			free(nv);
			nv = next;
		}
		editor_set(sh, r, key, NULL, nv);
		free(nv);
	}
	free(pat);
	free(rep);
}

/* ================================================================ settings */

static int
act_settings(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r)
{
	const char *id = fget(f, "form_id"), *title = fget(f, "form_title");
	const char *version = fget(f, "version");

	r->sheet = "settings";
	if (!editor_name_ok(id))
		return refuse(r, _("L'identifiant du questionnaire est fait de "
		    "lettres sans accent, de chiffres, de _ et de - (par exemple "
		    "rencontre-quartier)."));
	if (*title == '\0' || too_long(title) || too_long(version))
		return refuse(r, _("Donnez un titre au questionnaire."));
	editor_setting_set(b, "form_id", id);
	editor_setting_set(b, "form_title", title);
	editor_setting_set(b, "version", version);
	/* Unticked: a style of ODK's own (a web theme) is left as it is. */
	if (*fget(f, "style") != '\0')
		editor_setting_set(b, "style", "facile");
	else if (strcasecmp(editor_setting(b, "style"), "facile") == 0)
		editor_setting_set(b, "style", "");
	return 0;
}

static int
act_lang_add(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r)
{
	const char *l = fget(f, "lang");

	r->sheet = "settings";
	if (*l == '\0' || strlen(l) > 64 || strchr(l, ':') != NULL)
		return refuse(r, _("Écrivez le nom de la langue, avec son code "
		    "entre parenthèses : English (en)."));
	if (editor_lang_add(b, l) < 0)
		return refuse(r, _("Cette langue est déjà là."));
	return 0;
}

/* ================================================================ questions */

static int
act_q_add(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r)
{
	char type[160], base[32];
	const char *name = fget(f, "name"), *label = fget(f, "label");
	char *auto_name = NULL;
	long after, row;
	const struct editor_sheet *sv;

	(void)editor_sheet(b, "survey", 1);
	sv = editor_sheet_c(b, "survey");
	r->sheet = "survey";
	if (type_cell(f, type, sizeof(type), r) != 0)
		return 1;
	editor_type_split(type, base, sizeof(base));
	after = frow(f, "after", sv->nrows);
	if (strcmp(base, "end_group") != 0) {
		if (*name == '\0')
			name = auto_name = editor_name_unique(b,
			    strcmp(base, "begin_group") == 0 ? "groupe" : "question");
		if (!editor_name_ok(name) || find_question(sv, name) >= 0) {
			free(auto_name);
			return refuse(r, _("Le nom « %s » est déjà pris ou ne va pas "
			    "(lettres sans accent, chiffres, _ ; pas d'espace)."),
			    name);
		}
		if ((*label == '\0' && strcmp(base, "calculate") != 0) ||
		    too_long(label)) {
			free(auto_name);
			return refuse(r, _("Écrivez le texte de la question."));
		}
	}
	row = editor_question_add(b, after, type, name, label);
	free(auto_name);
	if (row < 0)
		return refuse(r, _("Le questionnaire a trop de lignes."));
	r->row = row;
	r->go = is_select(base) ? EDITOR_GOTO_QUESTION : EDITOR_GOTO_DRAFT;
	return 0;
}

/* Row actions on the survey: up, down, duplicate, delete. */
static int
act_q_row(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r, int what)
{
	struct editor_sheet *sv = editor_sheet(b, "survey", 0);
	long row = sv != NULL ? frow(f, "row", sv->nrows) : -1;
	int rc;

	r->sheet = "survey";
	if (row < 0)
		return refuse(r, _("Cette question n'existe plus."));
	if (what == 'u' || what == 'd')
		rc = editor_row_move(sv, (size_t)row, what == 'u' ? -1 : 1);
	else if (what == 'c')
		rc = editor_question_dup(b, (size_t)row);
	else
		rc = editor_row_delete(sv, (size_t)row);
	if (rc < 0)
		return refuse(r, _("Impossible ici : la question est déjà au bout "
		    "de la liste."));
	r->row = what == 'u' ? row - 1 : what == 'd' || what == 'c' ? row + 1 :
	    row > 0 ? row - 1 : -1;
	return 0;
}

/* The checks of act_q_save, before anything changes. */
static int
q_save_check(const struct editor_book *b, const struct editor_fields *f,
    long row, const char *old, size_t nl, struct editor_result *r)
{
	static const char *const plain[] = { "constraint", "relevant",
	    "appearance", "default", "parameters", "calculation",
	    "choice_filter", NULL };
	static const char *const texts[] = { "label", "hint",
	    "required_message", "constraint_message", "image", NULL };
	const char *name = fget(f, "name");
	long other = find_question(editor_sheet_c(b, "survey"), name);

	if (*old != '\0' && (!editor_name_ok(name) ||
	    (other >= 0 && other != row)))
		return refuse(r, _("Le nom « %s » est déjà pris ou ne va pas "
		    "(lettres sans accent, chiffres, _ ; pas d'espace)."), name);
	for (size_t i = 0; plain[i] != NULL; i++)
		if (too_long(fget(f, plain[i])))
			return refuse(r, _("Un des champs est trop long."));
	for (size_t i = 0; texts[i] != NULL; i++)
		if (texts_too_long(texts[i], f, nl))
			return refuse(r, _("Un des textes est trop long."));
	return 0;
}

static int
act_q_save(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r)
{
	static const char *const plain[] = { "constraint", "relevant",
	    "appearance", "default", "parameters", "calculation",
	    "choice_filter", NULL };
	static const char *const texts[] = { "label", "hint",
	    "required_message", "constraint_message", "image", NULL };
	struct editor_sheet *sv = editor_sheet(b, "survey", 0);
	long row = sv != NULL ? frow(f, "row", sv->nrows) : -1;
	char type[160], **langs;
	char *old;
	size_t nl;
	int rc = 1;

	r->sheet = "survey";
	r->go = EDITOR_GOTO_QUESTION;
	if (row < 0)
		return refuse(r, _("Cette question n'existe plus."));
	r->row = row;
	if (type_cell(f, type, sizeof(type), r) != 0)
		return 1;
	nl = editor_langs(b, &langs);
	old = xstrdup(editor_get(sv, (size_t)row, "name", NULL));
	if (q_save_check(b, f, row, old, nl, r) != 0)
		goto done;
	editor_set(sv, (size_t)row, "type", NULL, type);
	if (*old != '\0' && strcmp(old, fget(f, "name")) != 0) {
		const char *nn = fget(f, "name");

		editor_set(sv, (size_t)row, "name", NULL, nn);
		rename_refs(sv, "relevant", old, nn, 0);
		rename_refs(sv, "constraint", old, nn, 0);
		rename_refs(editor_sheet(b, "indicators", 0), "question", old, nn,
		    1);
	}
	editor_set(sv, (size_t)row, "required", NULL,
	    *fget(f, "required") != '\0' ? "yes" : "");
	for (size_t i = 0; plain[i] != NULL; i++)
		editor_set(sv, (size_t)row, plain[i], NULL, fget(f, plain[i]));
	for (size_t i = 0; texts[i] != NULL; i++)
		set_texts(sv, (size_t)row, texts[i], f, langs, nl);
	rc = 0;
done:
	free(old);
	editor_strv_free(langs, nl);
	return rc;
}

/* ================================================================ conditions */

/* The base type of survey row `row` into base[len]; its list returned. */
static const char *
row_type(const struct editor_sheet *sv, size_t row, char *base, size_t len)
{
	return editor_type_split(editor_get(sv, row, "type", NULL), base, len);
}

static void
cond_add(char ***v, char ***l, size_t *n, char *value, char *label)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	*l = xrealloc(*l, (*n + 1) * sizeof(**l));
	(*v)[*n] = value;
	(*l)[*n] = label;
	(*n)++;
}

/* The conditions on the choices of list `list` for question `q`. */
static void
cond_choices(const struct editor_book *b, const char *q, const char *qlabel,
    const char *base, const char *list, char ***v, char ***l, size_t *n)
{
	const struct editor_sheet *ch = editor_sheet_c(b, "choices");
	char **langs;
	size_t nl = editor_langs(b, &langs);
	int multi = strcmp(base, "select_multiple") == 0;

	for (size_t r = 0; ch != NULL && r < ch->nrows; r++) {
		const char *c = editor_get(ch, r, "name", NULL);
		const char *cl = editor_get(ch, r, "label", langs[0]);

		if (strcmp(editor_get(ch, r, "list_name", NULL), list) != 0 ||
		    *c == '\0' || strchr(c, '\'') != NULL || strchr(c, '|'))
			continue;
		cond_add(v, l, n, xasprintf("%s|%s|%s", q, multi ? "selected" :
		    "=", c), xasprintf(multi ? _("« %s » : « %s » est coché") :
		    _("« %s » : la réponse est « %s »"), qlabel, *cl ? cl : c));
		cond_add(v, l, n, xasprintf("%s|%s|%s", q, multi ?
		    "not_selected" : "!=", c), xasprintf(multi ?
		    _("« %s » : « %s » n'est pas coché") :
		    _("« %s » : la réponse n'est pas « %s »"), qlabel,
		    *cl ? cl : c));
	}
	editor_strv_free(langs, nl);
}

size_t
editor_conditions(const struct editor_book *b, size_t row, char ***values,
    char ***labels)
{
	const struct editor_sheet *sv = editor_sheet_c(b, "survey");
	char **langs, base[32];
	size_t nl = editor_langs(b, &langs), n = 0;

	*values = *labels = NULL;
	for (size_t r = 0; sv != NULL && r < row && r < sv->nrows; r++) {
		const char *q = editor_get(sv, r, "name", NULL);
		const char *ql = editor_get(sv, r, "label", langs[0]);
		char list[80];

		row_type(sv, r, base, sizeof(base));
		editor_type_list(editor_get(sv, r, "type", NULL), list,
		    sizeof(list), NULL);

		if (!editor_name_ok(q) || strcmp(base, "note") == 0 ||
		    strcmp(base, "begin_group") == 0 ||
		    strcmp(base, "end_group") == 0)
			continue;
		if (*ql == '\0')
			ql = q;
		if (is_select(base))
			cond_choices(b, q, ql, base, list, values, labels, &n);
		cond_add(values, labels, &n, xasprintf("%s|answered|", q),
		    xasprintf(_("« %s » a une réponse"), ql));
		cond_add(values, labels, &n, xasprintf("%s|empty|", q),
		    xasprintf(_("« %s » est sans réponse"), ql));
		if (!is_select(base))
			cond_add(values, labels, &n, xasprintf("%s|=|", q),
			    xasprintf(_("« %s » : la réponse est (valeur "
			    "ci-dessous)"), ql));
	}
	editor_strv_free(langs, nl);
	return n;
}

/*
 * "Show this question only if": the condition chosen ("NAME|OP|VALUE",
 * with the value typed in field "value" when VALUE is empty) replaces the
 * relevant expression, or is added to it with "and" / "or".
 */
static int
act_rel_build(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r)
{
	struct editor_sheet *sv = editor_sheet(b, "survey", 0);
	long row = sv != NULL ? frow(f, "row", sv->nrows) : -1, q;
	char cond[512], base[32], *op, *value, *expr, *all;
	const char *old, *combine = fget(f, "combine");

	r->sheet = "survey";
	r->go = EDITOR_GOTO_QUESTION;
	if (row < 0)
		return refuse(r, _("Cette question n'existe plus."));
	r->row = row;
	snprintf(cond, sizeof(cond), "%s", fget(f, "cond"));
	if ((op = strchr(cond, '|')) == NULL ||
	    (value = strchr(op + 1, '|')) == NULL)
		return refuse(r, _("Choisissez une condition."));
	*op++ = '\0';
	*value++ = '\0';
	if (*value == '\0')
		value = (char *)fget(f, "value");
	q = find_question(sv, cond);
	if (q < 0 || q >= row)
		return refuse(r, _("La condition doit porter sur une question "
		    "placée avant celle-ci."));
	row_type(sv, (size_t)q, base, sizeof(base));
	expr = editor_relevant_build(cond, base, op, value);
	if (expr == NULL)
		return refuse(r, _("Cette valeur ne convient pas (un nombre pour "
		    "une question chiffrée, pas d'apostrophe)."));
	old = editor_get(sv, (size_t)row, "relevant", NULL);
	if (*old != '\0' && (strcmp(combine, "and") == 0 ||
	    strcmp(combine, "or") == 0))
		all = xasprintf("(%s) %s %s", old, combine, expr);
	else
		all = xstrdup(expr);
	editor_set(sv, (size_t)row, "relevant", NULL, all);
	free(all);
	free(expr);
	return 0;
}

/* ================================================================ choices */

static int
act_ch_add(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r)
{
	const char *list = fget(f, "list"), *name = fget(f, "name");
	const char *label = fget(f, "label");
	const struct editor_sheet *ch;

	r->sheet = "choices";
	r->go = *fget(f, "row") != '\0' ? EDITOR_GOTO_QUESTION :
	    EDITOR_GOTO_DRAFT;
	r->row = strtol(fget(f, "row"), NULL, 10);
	if (!editor_name_ok(list))
		return refuse(r, _("Cette liste de choix n'existe pas."));
	if (!editor_name_ok(name))
		return refuse(r, _("Le code du choix est fait de lettres sans "
		    "accent, de chiffres et de _ (par exemple tres_bien)."));
	if (*label == '\0' || too_long(label))
		return refuse(r, _("Écrivez le texte du choix."));
	ch = editor_sheet_c(b, "choices");
	for (size_t i = 0; ch != NULL && i < ch->nrows; i++)
		if (strcmp(editor_get(ch, i, "list_name", NULL), list) == 0 &&
		    strcmp(editor_get(ch, i, "name", NULL), name) == 0)
			return refuse(r, _("Ce code est déjà un choix de la liste."));
	if (editor_choice_add(b, list, name, label) < 0)
		return refuse(r, _("Le questionnaire a trop de lignes."));
	return 0;
}

/*
 * The choice of the fields (crow) on the choices sheet (*ch, may be NULL),
 * or -1; the editor goes back to the question (row), if any.
 */
static long
ch_row(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r, struct editor_sheet **ch)
{
	*ch = editor_sheet(b, "choices", 0);
	r->sheet = "choices";
	r->go = *fget(f, "row") != '\0' ? EDITOR_GOTO_QUESTION :
	    EDITOR_GOTO_DRAFT;
	r->row = strtol(fget(f, "row"), NULL, 10);
	return *ch != NULL ? frow(f, "crow", (*ch)->nrows) : -1;
}

static int
act_ch_row(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r, int what)
{
	struct editor_sheet *ch;
	long row = ch_row(b, f, r, &ch);
	int rc;

	if (row < 0)
		return refuse(r, _("Ce choix n'existe plus."));
	if (what == 'x')
		rc = editor_row_delete(ch, (size_t)row);
	else
		rc = editor_choice_move(b, (size_t)row, what == 'u' ? -1 : 1);
	if (rc < 0)
		return refuse(r, _("Impossible ici : le choix est déjà au bout "
		    "de la liste."));
	return 0;
}

static int
act_ch_save(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r)
{
	struct editor_sheet *ch;
	long row = ch_row(b, f, r, &ch);
	const char *name = fget(f, "name");
	char **langs;
	size_t nl;

	if (row < 0)
		return refuse(r, _("Ce choix n'existe plus."));
	if (!editor_name_ok(name))
		return refuse(r, _("Le code du choix est fait de lettres sans "
		    "accent, de chiffres et de _ (par exemple tres_bien)."));
	nl = editor_langs(b, &langs);
	if (texts_too_long("label", f, nl) || texts_too_long("image", f, nl)) {
		editor_strv_free(langs, nl);
		return refuse(r, _("Un des textes est trop long."));
	}
	editor_set(ch, (size_t)row, "name", NULL, name);
	set_texts(ch, (size_t)row, "label", f, langs, nl);
	set_texts(ch, (size_t)row, "image", f, langs, nl);
	editor_strv_free(langs, nl);
	return 0;
}

/* ================================================================ indicators */

/* Fields of an indicator checked against its measure's needs. */
static int
ind_check(const struct editor_fields *f, struct editor_result *r)
{
	const struct editor_measure *m = editor_measure(fget(f, "mesure"));
	static const char *const keys[] = { "objet", "indicateur", "question",
	    "valeur", NULL };

	r->sheet = "indicators";
	if (m == NULL)
		return refuse(r, _("Choisissez une mesure."));
	if (*fget(f, "objet") == '\0' || *fget(f, "indicateur") == '\0')
		return refuse(r, _("Écrivez l'objet et l'indicateur."));
	for (size_t i = 0; keys[i] != NULL; i++)
		if (too_long(fget(f, keys[i])))
			return refuse(r, _("Un des champs est trop long."));
	if (m->question == 1 && *fget(f, "question") == '\0')
		return refuse(r, _("Cette mesure compte les réponses à une "
		    "question : choisissez-la."));
	if ((m->value == 1 || m->value == 2) && *fget(f, "valeur") == '\0')
		return refuse(r, m->value == 1 ? _("Cette mesure compte une "
		    "réponse : écrivez le code du choix à compter.") :
		    _("Choisissez le niveau de participation."));
	return 0;
}

static void
ind_fill(struct editor_sheet *sh, size_t row, const struct editor_fields *f)
{
	const struct editor_measure *m = editor_measure(fget(f, "mesure"));
	static const char *const keys[] = { "objet", "indicateur", "mesure",
	    NULL };

	for (size_t i = 0; keys[i] != NULL; i++)
		editor_set(sh, row, keys[i], NULL, fget(f, keys[i]));
	editor_set(sh, row, "question", NULL, m->question != 0 ?
	    fget(f, "question") : "");
	editor_set(sh, row, "valeur", NULL, m->value != 0 ?
	    fget(f, "valeur") : "");
}

static int
act_ind_add(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r)
{
	struct editor_sheet *sh;

	if (ind_check(f, r) != 0)
		return 1;
	sh = editor_sheet(b, "indicators", 1);
	if (editor_row_insert(sh, sh->nrows) < 0)
		return refuse(r, _("Le questionnaire a trop de lignes."));
	ind_fill(sh, sh->nrows - 1, f);
	r->row = (long)sh->nrows - 1;
	return 0;
}

static int
act_ind_save(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r)
{
	struct editor_sheet *sh = editor_sheet(b, "indicators", 0);
	long row = sh != NULL ? frow(f, "irow", sh->nrows) : -1;

	if (ind_check(f, r) != 0)
		return 1;
	if (row < 0)
		return refuse(r, _("Cet indicateur n'existe plus."));
	ind_fill(sh, (size_t)row, f);
	r->row = row;
	return 0;
}

static int
act_ind_row(struct editor_book *b, const struct editor_fields *f,
    struct editor_result *r, int what)
{
	struct editor_sheet *sh = editor_sheet(b, "indicators", 0);
	long row = sh != NULL ? frow(f, "irow", sh->nrows) : -1;
	int rc;

	r->sheet = "indicators";
	if (row < 0)
		return refuse(r, _("Cet indicateur n'existe plus."));
	rc = what == 'x' ? editor_row_delete(sh, (size_t)row) :
	    editor_row_move(sh, (size_t)row, what == 'u' ? -1 : 1);
	if (rc < 0)
		return refuse(r, _("Impossible ici : l'indicateur est déjà au "
		    "bout de la liste."));
	r->row = what == 'u' ? row - 1 : what == 'd' ? row + 1 : -1;
	return 0;
}

/* ================================================================ table */

static const struct {
	const char *name;
	int (*fn)(struct editor_book *, const struct editor_fields *,
	    struct editor_result *);
} actions[] = {
	{ "settings", act_settings }, { "lang_add", act_lang_add },
	{ "q_add", act_q_add }, { "q_save", act_q_save },
	{ "rel_build", act_rel_build },
	{ "ch_add", act_ch_add }, { "ch_save", act_ch_save },
	{ "ind_add", act_ind_add }, { "ind_save", act_ind_save },
};

/* The row actions: up ('u'), down ('d'), duplicate ('c'), delete ('x'). */
static const struct {
	const char *name;
	int (*fn)(struct editor_book *, const struct editor_fields *,
	    struct editor_result *, int what);
	int what;
} row_actions[] = {
	{ "q_up", act_q_row, 'u' }, { "q_down", act_q_row, 'd' },
	{ "q_dup", act_q_row, 'c' }, { "q_del", act_q_row, 'x' },
	{ "ch_up", act_ch_row, 'u' }, { "ch_down", act_ch_row, 'd' },
	{ "ch_del", act_ch_row, 'x' },
	{ "ind_up", act_ind_row, 'u' }, { "ind_down", act_ind_row, 'd' },
	{ "ind_del", act_ind_row, 'x' },
};

int
editor_action(struct editor_book *b, const char *name,
    const struct editor_fields *f, struct editor_result *r)
{
	memset(r, 0, sizeof(*r));
	r->row = -1;
	r->sheet = "survey";
	r->go = EDITOR_GOTO_DRAFT;
	for (size_t i = 0; i < sizeof(actions) / sizeof(*actions); i++)
		if (name != NULL && strcmp(actions[i].name, name) == 0)
			return actions[i].fn(b, f, r);
	for (size_t i = 0; i < sizeof(row_actions) / sizeof(*row_actions); i++)
		if (name != NULL && strcmp(row_actions[i].name, name) == 0)
			return row_actions[i].fn(b, f, r, row_actions[i].what);
	snprintf(r->error, sizeof(r->error), "%s", _("Action inconnue."));
	return -1;
}
