/*
 * form.c - the XLSForm model, read from a book of sheets (sheet.h).
 *
 * The sheet readers (sheet_csv.c for the single-file CSV layout, and the
 * workbook readers) turn bytes into named sheets of rows of cells, each
 * with its position.  This file reads them as XLSForm, in order:
 *   1. sheets: survey, choices, settings and indicators found by name (any
 *      case); unknown and unsupported sheets reported;
 *   2. settings, languages (from the headers), choices;
 *   3. survey, by job: each row's type and place among groups, its name,
 *      its other cells (expressions parsed once, here), then the checks
 *      that need the whole survey (references, literals, groups);
 *   4. indicators, and the checks on lists in use.
 * Every problem is added to the diag; the form is returned only when there
 * was no error.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "expr.h"
#include "form.h"
#include "i18n.h"
#include "sheet.h"
#include "util.h"

/* Limits that keep a broken or hostile file from costing much. */
#define FORM_MAX_RANGE_STEPS 100
/* Groups nest in a heap stack here, but pages render them as nested
 * fieldsets and people read them: a few levels are plenty. */
#define FORM_MAX_GROUP_DEPTH 20

/* ================================================================ helpers */

/* dup_opt(3) that passes NULL through (optional cells). */
static char *
dup_opt(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/* Grow *v (of *alloc elements of `size`) to hold at least n + 1. */
static void *
grow(void *v, size_t *alloc, size_t n, size_t size)
{
	if (n < *alloc)
		return v;
	*alloc = *alloc ? 2 * *alloc : 8;
	return xrealloc(v, *alloc * size);
}

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* ================================================================ sheets */

enum sheet_kind { SH_SURVEY, SH_CHOICES, SH_SETTINGS, SH_INDICATORS, SH_N };

static const char *const sheet_names[SH_N] = {
	"survey", "choices", "settings", "indicators"
};

/* Sheets of XLSForm that Recueil does not read. */
static const char *const unsupported_sheets[] = {
	"external_choices", "entities", "osm", "translations", NULL
};

/* One of the four sheets the model reads, as found in the book. */
struct part {
	int present;
	const struct sheet *src;
	struct sheet_cell at;              /* where its name is */
	const struct sheet_row *header;    /* NULL when the sheet is empty */
	const struct sheet_row *rows;      /* the rows below the header */
	size_t n_rows;
};
/* ================================================================ columns */

enum col_key {
	K_NONE,         /* unknown: warned about, ignored */
	K_UNSUPPORTED,  /* an XLSForm column Recueil does not implement */
	K_IGNORED,      /* known, harmless, ignored (settings) */
	K_TYPE, K_NAME, K_LABEL, K_HINT, K_REQUIRED, K_REQUIRED_MESSAGE,
	K_RELEVANT, K_CONSTRAINT, K_CONSTRAINT_MESSAGE, K_APPEARANCE,
	K_DEFAULT, K_PARAMETERS, K_LIST_NAME, K_CALCULATION, K_CHOICE_FILTER,
	K_CHOICE_COL,   /* another column of the choices sheet (filters) */
	K_IMAGE,
	K_FORM_TITLE, K_FORM_ID, K_VERSION, K_DEFAULT_LANGUAGE, K_RETENTION_DAYS,
	K_STYLE,
	K_OBJET, K_INDICATEUR, K_MESURE, K_QUESTION, K_VALEUR
};

struct column {
	enum col_key key;
	char *name;      /* normalised header, for messages */
	int lang;        /* translatable columns: language index */
	size_t idx;      /* cell index in rows */
	struct sheet_cell at;  /* the header cell (its value borrowed) */
};

struct header {
	struct column *cols;
	size_t n;
};

struct keyname {
	const char *name;
	enum col_key key;
	int translatable;
};

static const struct keyname survey_keys[] = {
	{ "type", K_TYPE, 0 }, { "name", K_NAME, 0 },
	{ "label", K_LABEL, 1 }, { "hint", K_HINT, 1 },
	{ "required", K_REQUIRED, 0 },
	{ "required_message", K_REQUIRED_MESSAGE, 1 },
	{ "jr:requiredmsg", K_REQUIRED_MESSAGE, 1 },
	{ "relevant", K_RELEVANT, 0 }, { "relevance", K_RELEVANT, 0 },
	{ "constraint", K_CONSTRAINT, 0 },
	{ "constraint_message", K_CONSTRAINT_MESSAGE, 1 },
	{ "jr:constraintmsg", K_CONSTRAINT_MESSAGE, 1 },
	{ "appearance", K_APPEARANCE, 0 }, { "default", K_DEFAULT, 0 },
	{ "parameters", K_PARAMETERS, 0 }, { "caption", K_LABEL, 1 },
	{ "calculation", K_CALCULATION, 0 }, { "calculate", K_CALCULATION, 0 },
	{ "jr:count", K_UNSUPPORTED, 0 }, { "count", K_UNSUPPORTED, 0 },
	{ "jr:choice_filter", K_CHOICE_FILTER, 0 },
	{ "choice_filter", K_CHOICE_FILTER, 0 },
	{ "repeat_count", K_UNSUPPORTED, 0 },
	{ "read_only", K_UNSUPPORTED, 0 }, { "readonly", K_UNSUPPORTED, 0 },
	{ "trigger", K_UNSUPPORTED, 0 }, { "image", K_IMAGE, 1 },
	{ "audio", K_UNSUPPORTED, 1 }, { "video", K_UNSUPPORTED, 1 },
	{ "big-image", K_UNSUPPORTED, 1 }, { "media", K_UNSUPPORTED, 1 },
	{ "guidance_hint", K_UNSUPPORTED, 1 }, { "autoplay", K_UNSUPPORTED, 0 },
	{ "body", K_UNSUPPORTED, 1 }, { "bind", K_UNSUPPORTED, 1 },
	{ "instance", K_UNSUPPORTED, 1 }, { "save_to", K_UNSUPPORTED, 0 },
	{ "hxl", K_UNSUPPORTED, 0 }, { "label_or_hint", K_UNSUPPORTED, 0 },
	{ NULL, K_NONE, 0 }
};

static const struct keyname choices_keys[] = {
	{ "list_name", K_LIST_NAME, 0 }, { "name", K_NAME, 0 },
	{ "value", K_NAME, 0 }, { "label", K_LABEL, 1 },
	{ "caption", K_LABEL, 1 },
	{ "image", K_IMAGE, 1 }, { "audio", K_UNSUPPORTED, 1 },
	{ "video", K_UNSUPPORTED, 1 }, { "big-image", K_UNSUPPORTED, 1 },
	{ "media", K_UNSUPPORTED, 1 },
	{ NULL, K_NONE, 0 }
};

static const struct keyname settings_keys[] = {
	{ "form_title", K_FORM_TITLE, 0 }, { "form_id", K_FORM_ID, 0 },
	{ "version", K_VERSION, 0 },
	{ "default_language", K_DEFAULT_LANGUAGE, 0 },
	{ "retention_days", K_RETENTION_DAYS, 0 },
	{ "instance_name", K_IGNORED, 0 }, { "public_key", K_IGNORED, 0 },
	{ "submission_url", K_IGNORED, 0 }, { "style", K_STYLE, 0 },
	{ "allow_choice_duplicates", K_IGNORED, 0 },
	{ "auto_send", K_IGNORED, 0 }, { "auto_delete", K_IGNORED, 0 },
	{ "namespaces", K_IGNORED, 0 }, { "clean_text_values", K_IGNORED, 0 },
	{ "name", K_IGNORED, 0 },
	{ NULL, K_NONE, 0 }
};

static const struct keyname indicator_keys[] = {
	{ "objet", K_OBJET, 0 }, { "indicateur", K_INDICATEUR, 0 },
	{ "mesure", K_MESURE, 0 }, { "question", K_QUESTION, 0 },
	{ "valeur", K_VALEUR, 0 },
	{ NULL, K_NONE, 0 }
};

/* Languages seen in headers, before the form's list is built. */
struct langs {
	char **names;
	size_t n, alloc;
	int bare;          /* a translatable column without language */
};

static int
langs_find(const struct langs *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (ascii_casecmp(l->names[i], name) == 0)
			return (int)i;
	return -1;
}

/*
 * Split a header into its normalised key ("label", lowercase, spaces as
 * '_') and language ("Français (fr)", as written).  Both "::" and the
 * older ":" separate the language.  Returns the key (caller frees) and
 * sets *lang (caller frees, NULL when none).
 */
static char *
header_split(const char *h, char **lang)
{
	/* "media::image" is the column "image" (also translated:
	 * "media::image::English (en)"). */
	static const char *const prefixes[] = { "bind::", "control::",
	    "media::" };
	const char *sep;
	size_t klen, i;
	char *key;
	size_t skip = 2;

	*lang = NULL;
	/* pyxform's spellings of the XForm attributes: "bind::relevant",
	 * "bind::jr:constraintMsg", "control::appearance" name the same
	 * columns as "relevant", "constraint_message", "appearance". */
	for (i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
		if (strncasecmp(h, prefixes[i], strlen(prefixes[i])) == 0) {
			h += strlen(prefixes[i]);
			break;
		}
	sep = strstr(h, "::");
	if (sep == NULL) {
		sep = strchr(h, ':');
		skip = 1;
		/* "jr:constraintMsg" is a name, not a translation. */
		if (sep != NULL && sep - h == 2 && strncmp(h, "jr", 2) == 0)
			sep = NULL;
	}
	klen = sep ? (size_t)(sep - h) : strlen(h);
	while (klen > 0 && is_blank((unsigned char)h[klen - 1]))
		klen--;
	key = xstrndup(h, klen);
	for (i = 0; i < klen; i++)
		key[i] = key[i] == ' ' ? '_' : (char)tolower((unsigned char)key[i]);
	if (sep != NULL) {
		const char *l = sep + skip;
		size_t n;

		while (is_blank((unsigned char)*l))
			l++;
		n = strlen(l);
		while (n > 0 && is_blank((unsigned char)l[n - 1]))
			n--;
		*lang = xstrndup(l, n);
	}
	return key;
}

/* Collect the languages named by the translatable columns of a header. */
static void
header_langs(const struct part *sh, const struct keyname *keys,
    struct langs *l)
{
	size_t j, k;
	char *key, *lang;

	if (sh->header == NULL)
		return;
	for (j = 0; j < sh->header->n; j++) {
		const char *h = sh->header->cells[j].s;

		if (h[0] == '\0')
			continue;
		key = header_split(h, &lang);
		for (k = 0; keys[k].name != NULL; k++)
			if (strcmp(keys[k].name, key) == 0)
				break;
		if (keys[k].name != NULL && keys[k].translatable &&
		    keys[k].key != K_UNSUPPORTED) {
			if (lang == NULL || lang[0] == '\0')
				l->bare = 1;
			else if (langs_find(l, lang) < 0) {
				l->names = grow(l->names, &l->alloc, l->n,
				    sizeof(*l->names));
				l->names[l->n++] = lang;
				lang = NULL;
			}
		}
		free(key);
		free(lang);
	}
}

static void
header_release(struct header *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->cols[i].name);
	free(h->cols);
	memset(h, 0, sizeof(*h));
}

/* ================================================================ loader */

struct loader {
	const char *file;
	const struct sheet_book *book;
	struct diag *d;
	size_t errors0;             /* d->n_errors before this file */
	struct form *f;
	struct langs seen;
	const char *default_lang;   /* from settings, borrowed */
	/* every named survey row, for duplicates and references */
	struct nameref { const char *name; int line, col; } *names;
	size_t n_names, names_alloc;
	size_t lists_alloc, questions_alloc;
	unsigned char *list_used;   /* per list: 1 select_one, 2 multiple */
	int or_other;               /* the type just read ends in or_other */
	struct sheet_cell *ccol_at; /* header cell of each f->choice_cols */
	int *ccol_used;             /* read by a choice_filter */
	char **owned;               /* names made by the loader (NAME_other) */
	size_t n_owned, owned_alloc;
};

static void lerr(struct loader *, const struct sheet_cell *, const char *, ...)
    __attribute__((format(printf, 3, 4)));
static void lwarn(struct loader *, const struct sheet_cell *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Whether the definition is a workbook (it has rows, not lines). */
static int
is_workbook(const struct loader *ld)
{
	return ld->book->source != SHEET_CSV;
}

/*
 * The line a model element records: the line in a CSV file, the row of
 * its sheet in a workbook; line_word() names it in messages.
 */
static int
row_line(const struct loader *ld, const struct sheet_row *r)
{
	return is_workbook(ld) ? r->srow : r->line;
}

static int
cell_line(const struct loader *ld, const struct sheet_cell *c)
{
	return is_workbook(ld) ? c->srow : c->line;
}

static const char *
line_word(const struct loader *ld)
{
	return is_workbook(ld) ? _("rangée") : _("ligne");
}

/* A cell's column for messages: its number in a CSV line, else letters. */
static const char *
column_name(const struct loader *ld, const struct sheet_cell *c, char *buf,
    size_t len)
{
	if (!is_workbook(ld))
		snprintf(buf, len, "%d", c->col);
	else
		sheet_col_letters(c->scol, buf, len);
	return buf;
}

static void
lmsg(struct loader *ld, enum diag_level lv, const struct sheet_cell *c,
    const char *fmt, va_list ap)
{
	struct diag_where w;
	char buf[1024];
	char *p;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* Cells may hold line breaks: a message stays on one line. */
	for (p = buf; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	/* Name the cell for people, CSV or not ("survey!F4"). */
	sheet_where(c, 1, &w);
	diag_add_where(ld->d, lv, ld->file, &w, "%s", buf);
}

static void
lerr(struct loader *ld, const struct sheet_cell *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lmsg(ld, DIAG_ERROR, c, fmt, ap);
	va_end(ap);
}

static void
lwarn(struct loader *ld, const struct sheet_cell *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lmsg(ld, DIAG_WARNING, c, fmt, ap);
	va_end(ap);
}

static char *lang_code(const char *);

/*
 * Index of a language in the form, -1 when not one of them.  "fr",
 * "Français (fr)" and "français (FR)" name the same language.
 */
static int
form_lang_index(const struct form *f, const char *name)
{
	char *code = lang_code(name);
	size_t i;
	int r = -1;

	for (i = 0; r < 0 && i < f->n_langs; i++)
		if (ascii_casecmp(f->langs[i], name) == 0 ||
		    (f->lang_codes[i][0] != '\0' &&
		    (ascii_casecmp(f->lang_codes[i], name) == 0 ||
		    ascii_casecmp(f->lang_codes[i], code) == 0)))
			r = (int)i;
	free(code);
	return r;
}

/* "Français (fr)" -> "fr"; "EN" -> "en"; "Français" -> "". */
static char *
lang_code(const char *name)
{
	const char *o = strrchr(name, '(');
	size_t n = strlen(name), i;
	char *c;

	if (o != NULL && n > 0 && name[n - 1] == ')') {
		c = xstrndup(o + 1, (size_t)(name + n - 1 - (o + 1)));
	} else if (n >= 2 && n <= 3) {
		c = dup_opt(name);
		for (i = 0; c[i]; i++)
			if (!isalpha((unsigned char)c[i])) {
				c[0] = '\0';
				break;
			}
	} else {
		c = dup_opt("");
	}
	for (i = 0; c[i]; i++)
		c[i] = (char)tolower((unsigned char)c[i]);
	return c;
}

static void
add_lang(struct form *f, const char *name)
{
	f->langs = xrealloc(f->langs, (f->n_langs + 1) * sizeof(*f->langs));
	f->lang_codes = xrealloc(f->lang_codes,
	    (f->n_langs + 1) * sizeof(*f->lang_codes));
	f->langs[f->n_langs] = dup_opt(name);
	f->lang_codes[f->n_langs] = lang_code(name);
	f->n_langs++;
}

/*
 * Build the form's languages: the default language first (settings
 * default_language, else the language of columns without one, else the
 * first one named), then the others in order of appearance.
 */
static void
build_langs(struct loader *ld)
{
	struct form *f = ld->f;
	size_t i;

	if (ld->default_lang != NULL && ld->default_lang[0] != '\0')
		add_lang(f, ld->default_lang);
	else if (ld->seen.bare || ld->seen.n == 0)
		add_lang(f, "default");
	for (i = 0; i < ld->seen.n; i++) {
		int li = form_lang_index(f, ld->seen.names[i]);

		if (li < 0) {
			add_lang(f, ld->seen.names[i]);
		} else if (strlen(ld->seen.names[i]) > strlen(f->langs[li])) {
			/* default_language "fr" for "label::Français (fr)":
			 * keep the fuller name for people to read. */
			free(f->langs[li]);
			f->langs[li] = dup_opt(ld->seen.names[i]);
		}
	}
}

/* Read a header row into columns. */
/* A header's key (and language) from the table `keys`. */
static void
column_key(struct loader *ld, struct column *col, const struct keyname *keys,
    const char *key, const char *lang)
{
	size_t k;

	col->lang = 0;
	col->key = K_NONE;
	for (k = 0; keys[k].name != NULL; k++)
		if (strcmp(keys[k].name, key) == 0)
			break;
	if (keys[k].name == NULL)
		return;
	col->key = keys[k].key;
	if (lang == NULL || lang[0] == '\0')
		return;
	if (!keys[k].translatable && keys[k].key != K_UNSUPPORTED) {
		lerr(ld, &col->at, _("la colonne « %s » ne se traduit pas : retirez « ::%s » de "
		    "son en-tête"), key, lang);
		col->key = K_NONE;
	} else {
		int li = form_lang_index(ld->f, lang);

		col->lang = li < 0 ? 0 : li;
	}
}

/* The same column twice would make one of them unread: keep the first. */
static void
column_twice(struct loader *ld, const struct header *h, struct column *col,
    const char *sheet)
{
	char where[16];

	for (size_t m = 0; m < h->n; m++) {
		if (h->cols[m].key != col->key || col->key <= K_IGNORED ||
		    h->cols[m].lang != col->lang)
			continue;
		lerr(ld, &col->at, _("la colonne « %s » figure deux fois dans la feuille %s "
		    "(aussi en colonne %s) : gardez-en une"), col->name, sheet,
		    column_name(ld, &h->cols[m].at, where, sizeof(where)));
		col->key = K_IGNORED;
		return;
	}
}

static void
read_header(struct loader *ld, const struct part *sh,
    const struct keyname *keys, const char *sheet, struct header *h)
{
	size_t j;
	char *key, *lang;

	memset(h, 0, sizeof(*h));
	if (sh->header == NULL)
		return;
	h->cols = xcalloc(sh->header->n, sizeof(*h->cols));
	for (j = 0; j < sh->header->n; j++) {
		const struct sheet_cell *c = &sh->header->cells[j];
		struct column *col;

		if (c->s[0] == '\0')
			continue;
		/* A comment column ("#notes"): ignored, without a warning. */
		if (c->s[0] == '#') {
			h->cols[h->n].idx = j;
			h->cols[h->n].at = *c;
			h->cols[h->n].key = K_IGNORED;
			h->cols[h->n].name = dup_opt(c->s);
			h->n++;
			continue;
		}
		key = header_split(c->s, &lang);
		col = &h->cols[h->n];
		col->idx = j;
		col->at = *c;
		column_key(ld, col, keys, key, lang);
		if (col->key == K_NONE && lang != NULL && (strcmp(key, "media") == 0 ||
		    strcmp(key, "image") == 0 || strcmp(key, "audio") == 0 ||
		    strcmp(key, "video") == 0))
			col->key = K_UNSUPPORTED;
		col->name = dup_opt(c->s);
		if (lang != NULL) {
			/* Keep the normalised key for messages. */
			free(col->name);
			col->name = xrealloc(NULL, strlen(key) + strlen(lang) + 3);
			sprintf(col->name, "%s::%s", key, lang);
		} else {
			free(col->name);
			col->name = dup_opt(key);
		}
		column_twice(ld, h, col, sheet);
		/* The choices sheet's own columns feed choice filters;
		 * those no filter reads are warned about later. */
		if (col->key == K_NONE && lang == NULL &&
		    strcmp(sheet, "choices") == 0)
			col->key = K_CHOICE_COL;
		if (col->key == K_NONE)
			lwarn(ld, c, _("la colonne inconnue « %s » de la feuille %s est ignorée"), col->name, sheet);
		h->n++;
		free(key);
		free(lang);
	}
}

static const struct sheet_cell empty_cell = {
	.s = (char *)(uintptr_t)"", .raw = SHEET_NO_RAW
};

/* The cell of a row under column `key` (language `lang`), or NULL. */
static const struct sheet_cell *
rcell(const struct sheet_row *r, const struct header *h, enum col_key key, int lang)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->cols[i].key == key && h->cols[i].lang == lang &&
		    h->cols[i].idx < r->n)
			return &r->cells[h->cols[i].idx];
	return NULL;
}

/* The value under `key` in the default language, "" when absent. */
static const char *
rval(const struct sheet_row *r, const struct header *h, enum col_key key)
{
	const struct sheet_cell *c = rcell(r, h, key, 0);

	return c ? c->s : "";
}

/* A cell for messages about a row: `key`'s cell, else the row's start. */
static struct sheet_cell
rpos(const struct sheet_row *r, const struct header *h, enum col_key key)
{
	const struct sheet_cell *c = rcell(r, h, key, 0);
	struct sheet_cell p = empty_cell;
	size_t i;

	if (c != NULL)
		return *c;
	p.line = r->line;
	p.srow = r->srow;
	if (r->n > 0) {
		p.sheet = r->cells[0].sheet;
		p.sheet_no = r->cells[0].sheet_no;
	}
	/* The first non-empty cell locates the row best. */
	for (i = 0; i < r->n; i++)
		if (r->cells[i].s[0] != '\0') {
			p.col = r->cells[i].col;
			p.scol = r->cells[i].scol;
			break;
		}
	return p;
}

/* Fill a translatable text from every language column of `key`. */
static void
read_text(struct loader *ld, const struct sheet_row *r, const struct header *h,
    enum col_key key, struct text *t)
{
	size_t i;

	t->v = xcalloc(ld->f->n_langs, sizeof(*t->v));
	for (i = 0; i < h->n; i++) {
		const struct column *c = &h->cols[i];

		if (c->key != key || c->idx >= r->n ||
		    r->cells[c->idx].s[0] == '\0')
			continue;
		free(t->v[c->lang]);
		t->v[c->lang] = dup_opt(r->cells[c->idx].s);
	}
}

static int
text_empty(const struct form *f, const struct text *t)
{
	size_t i;

	for (i = 0; t->v != NULL && i < f->n_langs; i++)
		if (t->v[i] != NULL)
			return 0;
	return 1;
}

static void
text_release(const struct form *f, struct text *t)
{
	size_t i;

	for (i = 0; t->v != NULL && i < f->n_langs; i++)
		free(t->v[i]);
	free(t->v);
	t->v = NULL;
}

/* Report non-empty cells of unsupported columns, or warn once if empty. */
static void
check_unsupported(struct loader *ld, const struct part *sh,
    const struct header *h, const char *sheet)
{
	size_t i, k;
	int used;

	for (i = 0; i < h->n; i++) {
		const struct column *c = &h->cols[i];
		struct sheet_cell hc = empty_cell;

		if (c->key != K_UNSUPPORTED)
			continue;
		used = 0;
		for (k = 0; k < sh->n_rows; k++) {
			const struct sheet_row *r = &sh->rows[k];

			if (c->idx < r->n && r->cells[c->idx].s[0] != '\0') {
				lerr(ld, &r->cells[c->idx], _("« %s » n'est pas pris en charge par Recueil : retirez "
				    "cette valeur (et la colonne)"), c->name);
				used = 1;
			}
		}
		if (!used) {
			hc = c->at;
			lwarn(ld, &hc, _("la colonne « %s » de la feuille %s n'est pas prise en "
			    "charge ; elle est vide, donc ignorée"),
			    c->name, sheet);
		}
	}
}

/* Values in cells that have no header would be lost: say so. */
static void
check_headerless(struct loader *ld, const struct part *sh,
    const struct header *h)
{
	size_t i, k, j;

	for (k = 0; k < sh->n_rows; k++) {
		const struct sheet_row *r = &sh->rows[k];

		for (j = 1; j < r->n; j++) {
			int known = 0;

			if (r->cells[j].s[0] == '\0')
				continue;
			for (i = 0; i < h->n; i++)
				if (h->cols[i].idx == j)
					known = 1;
			if (!known)
				lwarn(ld, &r->cells[j], _("valeur ignorée dans une colonne sans en-tête : donnez un "
				    "en-tête à la colonne ou videz la cellule"));
		}
	}
}

/* ------------------------------------------------------------- settings */

static void
load_settings(struct loader *ld, const struct part *sh)
{
	struct header h;
	const struct sheet_row *r;
	const char *v;
	struct sheet_cell c;

	if (!sh->present)
		return;
	read_header(ld, sh, settings_keys, "settings", &h);
	if (sh->n_rows == 0)
		goto done;
	if (sh->n_rows > 1) {
		c = rpos(&sh->rows[1], &h, K_NONE);
		lwarn(ld, &c, _("seule la première ligne de la feuille settings est lue ; "
		    "celle-ci est ignorée"));
	}
	r = &sh->rows[0];
	check_headerless(ld, sh, &h);
	v = rval(r, &h, K_FORM_ID);
	if (v[0] != '\0') {
		ld->f->id = dup_opt(v);
		c = rpos(r, &h, K_FORM_ID);
		for (; *v; v++)
			if (!isalnum((unsigned char)*v) && *v != '_' &&
			    *v != '-' && *v != '.') {
				lerr(ld, &c, _("form_id « %s » invalide : utilisez seulement des lettres, "
				    "des chiffres, « - » et « _ »"),
				    ld->f->id);
				break;
			}
	}
	v = rval(r, &h, K_FORM_TITLE);
	if (v[0] != '\0')
		ld->f->title = dup_opt(v);
	v = rval(r, &h, K_VERSION);
	if (v[0] != '\0')
		ld->f->version = dup_opt(v);
	v = rval(r, &h, K_DEFAULT_LANGUAGE);
	if (v[0] != '\0')
		ld->default_lang = v;
	/*
	 * style=facile: the easy-read form (issue 16).  ODK's own styles
	 * (pages, theme-grid...) are web-form themes: read and left alone.
	 */
	v = rval(r, &h, K_STYLE);
	ld->f->easy_read = ascii_casecmp(v, "facile") == 0;
	v = rval(r, &h, K_RETENTION_DAYS);
	if (v[0] != '\0') {
		char *end;
		long days;

		errno = 0;
		days = strtol(v, &end, 10);
		if (*end != '\0' || errno != 0 || days < 1 || days > 36500) {
			c = rpos(r, &h, K_RETENTION_DAYS);
			lerr(ld, &c, _("retention_days « %s » n'est pas un nombre de jours entre "
			    "1 et 36500 : laissez-le vide pour garder les réponses "
			    "aussi longtemps que le dit le réglage du serveur"), v);
		} else
			ld->f->retention_days = (int)days;
	}
done:
	header_release(&h);
}

/* -------------------------------------------------------------- choices */

static struct choice_list *
find_list(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n_lists; i++)
		if (strcmp(f->lists[i].name, name) == 0)
			return &f->lists[i];
	return NULL;
}

static int
valid_name(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-' &&
		    *s != '.')
			return 0;
	return 1;
}

/* ---------------------------------------------------------------- images */

int
form_image_name(const char *name, const char **type)
{
	static const struct {
		const char *ext, *type;
	} exts[] = {
		{ ".png", "image/png" }, { ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" }, { ".gif", "image/gif" },
		{ ".webp", "image/webp" },
	};
	size_t n = strlen(name);

	if (n == 0 || n > 31 || name[0] == '.' ||
	    strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_.") != n)
		return 0;
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t k = strlen(exts[i].ext);

		if (n > k && strcasecmp(name + n - k, exts[i].ext) == 0) {
			if (type != NULL)
				*type = exts[i].type;
			return 1;
		}
	}
	return 0;
}

/* A media::image cell in each language, its file names checked. */
static void
read_image(struct loader *ld, const struct sheet_row *r,
    const struct header *h, struct text *t)
{
	read_text(ld, r, h, K_IMAGE, t);
	for (size_t i = 0; i < ld->f->n_langs; i++) {
		const struct sheet_cell *c;

		if (t->v[i] == NULL || form_image_name(t->v[i], NULL))
			continue;
		c = rcell(r, h, K_IMAGE, (int)i);
		lerr(ld, c, _("image « %s » refusée : le nom du fichier n'a "
		    "que des lettres sans accent, des chiffres, « - », « _ » "
		    "et « . », et finit par .png, .jpg, .jpeg, .gif ou .webp"),
		    t->v[i]);
	}
}

/* The choices sheet's other columns, kept for choice filters. */
static void
choice_columns(struct loader *ld, const struct header *h)
{
	struct form *f = ld->f;
	size_t n = 0;

	for (size_t i = 0; i < h->n; i++)
		n += h->cols[i].key == K_CHOICE_COL;
	if (n == 0)
		return;
	f->choice_cols = xcalloc(n, sizeof(*f->choice_cols));
	ld->ccol_at = xcalloc(n, sizeof(*ld->ccol_at));
	ld->ccol_used = xcalloc(n, sizeof(*ld->ccol_used));
	for (size_t i = 0; i < h->n; i++) {
		if (h->cols[i].key != K_CHOICE_COL)
			continue;
		ld->ccol_at[f->n_choice_cols] = h->cols[i].at;
		f->choice_cols[f->n_choice_cols++] = dup_opt(h->cols[i].name);
	}
}

/* A choice's cells in those columns. */
static void
choice_cells(struct loader *ld, const struct header *h,
    const struct sheet_row *r, struct choice *ch)
{
	size_t k = 0;

	if (ld->f->n_choice_cols == 0)
		return;
	ch->cols = xcalloc(ld->f->n_choice_cols, sizeof(*ch->cols));
	for (size_t i = 0; i < h->n && k < ld->f->n_choice_cols; i++) {
		if (h->cols[i].key != K_CHOICE_COL)
			continue;
		ch->cols[k++] = dup_opt(h->cols[i].idx < r->n ?
		    r->cells[h->cols[i].idx].s : "");
	}
}

static void
load_choices(struct loader *ld, const struct part *sh)
{
	struct form *f = ld->f;
	struct header h;
	size_t k, i, alloc;

	if (!sh->present)
		return;
	read_header(ld, sh, choices_keys, "choices", &h);
	check_unsupported(ld, sh, &h, "choices");
	choice_columns(ld, &h);
	for (k = 0; k < sh->n_rows; k++) {
		const struct sheet_row *r = &sh->rows[k];
		const char *ln = rval(r, &h, K_LIST_NAME);
		const char *nm = rval(r, &h, K_NAME);
		struct sheet_cell lc = rpos(r, &h, K_LIST_NAME);
		struct sheet_cell nc = rpos(r, &h, K_NAME);
		struct choice_list *l;
		struct choice *ch;

		if (ln[0] == '\0') {
			lerr(ld, &lc, _("choix sans list_name : écrivez le nom de sa liste dans la "
			    "colonne list_name"));
			continue;
		}
		if (nm[0] == '\0') {
			lerr(ld, &nc, _("un choix de la liste « %s » n'a pas de nom : remplissez "
			    "la colonne name (la valeur enregistrée dans les réponses)"),
			    ln);
			continue;
		}
		l = find_list(f, ln);
		if (l == NULL) {
			f->lists = grow(f->lists, &ld->lists_alloc, f->n_lists,
			    sizeof(*f->lists));
			l = &f->lists[f->n_lists++];
			memset(l, 0, sizeof(*l));
			l->name = dup_opt(ln);
			l->line = row_line(ld, r);
		}
		for (i = 0; i < l->n_choices; i++)
			if (strcmp(l->choices[i].name, nm) == 0)
				break;
		if (i < l->n_choices) {
			lerr(ld, &nc, _("choix « %s » en double dans la liste « %s » (d'abord en "
			    "%s %d) : donnez à chaque choix son propre nom"),
			    nm, ln, line_word(ld), l->choices[i].line);
			continue;
		}
		/* Lists are small: grow one at a time. */
		alloc = l->n_choices + 1;
		l->choices = xrealloc(l->choices, alloc * sizeof(*l->choices));
		ch = &l->choices[l->n_choices++];
		memset(ch, 0, sizeof(*ch));
		ch->name = dup_opt(nm);
		ch->line = cell_line(ld, &nc);
		read_text(ld, r, &h, K_LABEL, &ch->label);
		read_image(ld, r, &h, &ch->image);
		choice_cells(ld, &h, r, ch);
		if (text_empty(f, &ch->label))
			lerr(ld, &nc, _("le choix « %s » de la liste « %s » n'a pas de libellé : "
			    "remplissez sa colonne label"), nm, ln);
	}
	check_headerless(ld, sh, &h);
	header_release(&h);
}

/* --------------------------------------------------------------- survey */

struct typename {
	const char *name;
	enum q_type type;
};

static const struct typename type_names[] = {
	{ "text", Q_TEXT }, { "string", Q_TEXT }, { "integer", Q_INTEGER },
	{ "int", Q_INTEGER },
	{ "decimal", Q_DECIMAL }, { "date", Q_DATE }, { "range", Q_RANGE },
	{ "note", Q_NOTE }, { "calculate", Q_CALCULATE },
	{ "begin_group", Q_BEGIN_GROUP },
	{ "begin group", Q_BEGIN_GROUP }, { "end_group", Q_END_GROUP },
	{ "end group", Q_END_GROUP }, { NULL, Q_TEXT }
};

/* Metadata that ODK collects from the device: Recueil records none. */
static const char *const metadata_types[] = {
	"start", "end", "today", "deviceid", "subscriberid", "simserial",
	"phonenumber", "username", "email", "audit", "start-geopoint",
	"background-audio", NULL
};

static const char *const unsupported_types[] = {
	"geopoint", "geotrace", "geoshape", "time", "datetime", "image",
	"audio", "video", "file", "barcode", "acknowledge",
	"hidden", "xml-external", "csv-external", "trigger", "rank",
	"select_one_from_file", "select_multiple_from_file", "begin_rank",
	"begin_kobomatrix", "begin kobomatrix", "end_kobomatrix",
	"select_one_external", "score", "gps", "location", "photo", "picture",
	"begin_kobomatrix", "osm", NULL
};

static int
in_list(const char *const *l, const char *s)
{
	for (; *l != NULL; l++)
		if (strcmp(*l, s) == 0)
			return 1;
	return 0;
}

struct frame {
	int repeat;
	const char *name;
	struct sheet_cell at;
};

static const struct nameref *
find_name(const struct loader *ld, const char *name)
{
	size_t i;

	for (i = 0; i < ld->n_names; i++)
		if (strcmp(ld->names[i].name, name) == 0)
			return &ld->names[i];
	return NULL;
}

/* Parse a relevant or constraint cell; NULL (reported) when bad. */
static struct expr *
parse_cell_expr(struct loader *ld, const struct sheet_cell *c, const char *what)
{
	char err[256];
	int pos = 0;
	struct expr *e;
	struct sheet_cell at;
	size_t off = 0;
	const char *p;
	int n;

	e = expr_parse(c->s, err, sizeof(err), &pos);
	if (e != NULL)
		return e;
	/* pos counts characters: find the byte offset. */
	for (p = c->s, n = 1; *p != '\0' && n < pos; p++)
		if (((unsigned char)p[1] & 0xC0) != 0x80)
			n++;
	off = (size_t)(p - c->s);
	if (pos <= 1)
		off = 0;
	at = sheet_cell_at(ld->book, c, off);
	lerr(ld, &at, _("expression %s invalide au caractère %d : %s"), what, pos,
	    err);
	return NULL;
}

/* Reference checks: ${name} must name a question of the form. */
static int filter_column_ref(struct loader *ld, const char *name);

struct refctx {
	struct loader *ld;
	const struct sheet_cell *c;
	const char *what;
	const struct question *self;   /* the row's question, for `.` */
	long self_row_q;               /* the question made from the row, or
	                                  -1 when the row made none */
};

/* Where the quoted literal `lit` is in `src` (its opening quote). */
static const char *
find_literal(const char *src, const char *lit)
{
	const char *p;
	size_t n = strlen(lit);

	for (p = strpbrk(src, "'\""); p != NULL; p = strpbrk(p + 1, "'\""))
		if (strncmp(p + 1, lit, n) == 0 && p[n + 1] == *p)
			return p;
	return NULL;
}

/* A literal compared with a select answer must be one of its choices. */
static void
check_literal(const char *name, const char *lit, void *arg)
{
	struct refctx *rc = arg;
	const struct question *q = name ? form_question(rc->ld->f, name) :
	    rc->self;
	char *s, *tok, *save = NULL;
	const char *p;
	struct sheet_cell at;

	if (q == NULL || q->list == NULL || lit[0] == '\0')
		return;
	if (q->type != Q_SELECT_ONE && q->type != Q_SELECT_MULTIPLE)
		return;
	s = dup_opt(lit);
	for (tok = strtok_r(s, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (form_choice(q->list, tok) != NULL || (q->or_other &&
		    strcmp(tok, FORM_OTHER_CHOICE) == 0))
			continue;
		at = *rc->c;
		p = find_literal(rc->c->s, lit);
		if (p != NULL)
			at = sheet_cell_at(rc->ld->book, rc->c, (size_t)(p - rc->c->s));
		lerr(rc->ld, &at, _("%s compare %s%s%s à « %s », qui n'est pas un choix de la "
		    "liste « %s » : utilisez l'un de ses noms"), rc->what,
		    name ? "${" : "", name ? name : _("la réponse (.)"),
		    name ? "}" : "", tok, q->list->name);
	}
	free(s);
}

static void
check_ref(const char *name, void *arg)
{
	struct refctx *rc = arg;
	const char *p;
	struct sheet_cell at;

	if (find_name(rc->ld, name) != NULL)
		return;
	if (name[0] == '_' && strcmp(rc->what, "choice_filter") == 0) {
		if (filter_column_ref(rc->ld, name) == 0)
			return;
		lerr(rc->ld, rc->c, _("le filtre de choix lit la colonne « %s », "
		    "que la feuille choices n'a pas : ajoutez-la, ou écrivez "
		    "${%s} pour une question"), name + 1, name + 1);
		return;
	}
	/* Point at the reference itself. */
	at = *rc->c;
	for (p = strstr(rc->c->s, "${"); p != NULL; p = strstr(p + 2, "${")) {
		const char *q = p + 2;

		while (*q == ' ')
			q++;
		if (strncmp(q, name, strlen(name)) == 0) {
			at = sheet_cell_at(rc->ld->book, rc->c, (size_t)(p - rc->c->s));
			break;
		}
	}
	lerr(rc->ld, &at, _("%s renvoie à une question inconnue « ${%s} » : utilisez "
	    "le nom d'une question de la feuille survey"), rc->what, name);
}

static int
parse_number(const char *s, double *out)
{
	char *end;

	if (*s == '\0')
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (*end != '\0' || errno != 0 || !isfinite(*out) ||
	    !(isdigit((unsigned char)*s) || *s == '-' || *s == '+' || *s == '.'))
		return -1;
	return 0;
}

/* "start=1 end=5 step=1" (also with ';' or ','). */
static void
parse_range(struct loader *ld, struct question *q, const struct sheet_cell *c)
{
	char *s, *tok, *save = NULL;
	double v, steps;

	q->range_start = 1;
	q->range_end = 10;
	q->range_step = 1;
	if (c == NULL || c->s[0] == '\0')
		return;
	s = dup_opt(c->s);
	for (tok = strtok_r(s, " ;,\t", &save); tok != NULL;
	    tok = strtok_r(NULL, " ;,\t", &save)) {
		char *eq = strchr(tok, '=');

		if (eq == NULL) {
			lerr(ld, c, _("paramètre d'échelle « %s » invalide : écrivez « start=1 "
			    "end=5 step=1 »"), tok);
			continue;
		}
		*eq = '\0';
		if (parse_number(eq + 1, &v) != 0) {
			lerr(ld, c, _("le paramètre d'échelle « %s » doit être un nombre, pas « "
			    "%s »"), tok, eq + 1);
			continue;
		}
		if (ascii_casecmp(tok, "start") == 0)
			q->range_start = v;
		else if (ascii_casecmp(tok, "end") == 0)
			q->range_end = v;
		else if (ascii_casecmp(tok, "step") == 0)
			q->range_step = v;
		else
			lwarn(ld, c, _("le paramètre d'échelle « %s » n'est pas pris en charge et "
			    "est ignoré"), tok);
	}
	free(s);
	if (q->range_step <= 0) {
		lerr(ld, c, _("le pas de l'échelle doit être supérieur à 0"));
		return;
	}
	if (q->range_start == q->range_end) {
		lerr(ld, c, _("le début et la fin de l'échelle sont égaux : donnez une "
		    "échelle, par exemple « start=1 end=5 step=1 »"));
		return;
	}
	steps = fabs(q->range_end - q->range_start) / q->range_step;
	if (fabs(steps - round(steps)) > 1e-9) {
		lerr(ld, c, _("fin - début de l'échelle doit être un multiple du pas"));
		return;
	}
	if (steps > FORM_MAX_RANGE_STEPS)
		lerr(ld, c, _("l'échelle a %.0f pas : gardez-en %d au plus"),
		    steps, FORM_MAX_RANGE_STEPS);
}

static void
parse_appearance(struct loader *ld, struct question *q, const struct sheet_cell *c)
{
	char *s, *tok, *save = NULL;

	if (c == NULL || c->s[0] == '\0')
		return;
	s = dup_opt(c->s);
	for (tok = strtok_r(s, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (ascii_casecmp(tok, "multiline") == 0) {
			if (q->type == Q_TEXT)
				q->appearance |= APP_MULTILINE;
			else
				lwarn(ld, c, _("l'apparence « multiline » ne vaut que pour les questions "
				    "text ; ignorée"));
		} else if (ascii_casecmp(tok, "minimal") == 0) {
			if (q->type == Q_SELECT_ONE ||
			    q->type == Q_SELECT_MULTIPLE)
				q->appearance |= APP_MINIMAL;
			else
				lwarn(ld, c, _("l'apparence « minimal » ne vaut que pour les questions à "
				    "choix ; ignorée"));
		} else if (ascii_casecmp(tok, "likert") == 0) {
			/* recueil-forms(5) shows likert on a range too. */
			if (q->type == Q_SELECT_ONE || q->type == Q_RANGE)
				q->appearance |= APP_LIKERT;
			else
				lwarn(ld, c, _("l'apparence « likert » ne vaut que pour les questions "
				    "select_one et range ; ignorée"));
		} else {
			lwarn(ld, c, _("l'apparence « %s » n'est pas prise en charge et est "
			    "ignorée"), tok);
		}
	}
	free(s);
}

static int
parse_required(const char *s)
{
	static const char *const yes[] = { "yes", "true", "1", "true()",
	    "oui", NULL };
	static const char *const no[] = { "", "no", "false", "0", "false()",
	    "non", NULL };
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		if (ascii_casecmp(s, yes[i]) == 0)
			return 1;
	for (i = 0; no[i] != NULL; i++)
		if (ascii_casecmp(s, no[i]) == 0)
			return 0;
	return -1;
}

/* Check a default value against the question's type. */
static void
check_default(struct loader *ld, const struct question *q,
    const struct sheet_cell *c)
{
	double v;
	char *s, *tok, *save = NULL;

	switch (q->type) {
	case Q_INTEGER:
		if (parse_number(c->s, &v) != 0 || v != floor(v))
			lerr(ld, c, _("la valeur par défaut « %s » de la question entière « %s » "
			    "n'est pas un nombre entier"), c->s, q->name);
		break;
	case Q_DECIMAL:
	case Q_RANGE:
		if (parse_number(c->s, &v) != 0)
			lerr(ld, c, _("la valeur par défaut « %s » de la question « %s » n'est "
			    "pas un nombre"), c->s, q->name);
		break;
	case Q_DATE:
		if (date_valid(c->s))
			break;
		if (strlen(c->s) == 10 && strspn(c->s, "0123456789-") == 10 &&
		    c->s[4] == '-' && c->s[7] == '-')
			lerr(ld, c, _("la valeur par défaut « %s » de la question "
			    "date « %s » n'est pas un jour du calendrier"), c->s,
			    q->name);
		else
			lerr(ld, c, _("la valeur par défaut « %s » de la question date « %s » "
			    "doit s'écrire AAAA-MM-JJ"), c->s, q->name);
		break;
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
		if (q->list == NULL)
			break;
		s = dup_opt(c->s);
		for (tok = strtok_r(s, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save))
			if (form_choice(q->list, tok) == NULL)
				lerr(ld, c, _("la valeur par défaut « %s » n'est pas un choix de la "
				    "liste « %s »"), tok, q->list->name);
		free(s);
		break;
	default:
		break;
	}
}

static const char types_hint[] = N_("text, integer, decimal, date, select_one LISTE, "
    "select_multiple LISTE, range, note, calculate, "
    "begin_group ou end_group");

/*
 * The spellings of the two select types, longest first: pyxform's and
 * KoboToolbox's ("select one from LIST", "select all that apply LIST").
 * Keywords are matched on the type lowercased with runs of blanks as one
 * space; `words` is how many words to skip in the original text to reach
 * the list name, which keeps its case.
 */
static const struct {
	const char *kw;
	int one;
	int words;
} select_kws[] = {
	{ "add select multiple prompt using", 0, 5 },
	{ "add select one prompt using", 1, 5 },
	{ "select all that apply from", 0, 5 },
	{ "select all that apply", 0, 4 },
	{ "select multiple from", 0, 3 },
	{ "select_multiple", 0, 1 },
	{ "select multiple", 0, 2 },
	{ "select one from", 1, 3 },
	{ "select_one", 1, 1 },
	{ "select one", 1, 2 },
	{ "select1", 1, 1 },
};

/*
 * A select type: 0 with *t and *list (in buf), -1 when reported, 1 when
 * the type is no select at all.
 */
static int
parse_select(struct loader *ld, const struct sheet_cell *c, const char *norm,
    enum q_type *t, char *buf, size_t buflen, const char **list)
{
	const char *rest = c->s, *sp;
	size_t i, n = sizeof(select_kws) / sizeof(*select_kws), kl;
	int w, one;

	for (i = 0; i < n; i++) {
		kl = strlen(select_kws[i].kw);
		if (strncmp(norm, select_kws[i].kw, kl) == 0 &&
		    (norm[kl] == ' ' || norm[kl] == '\0'))
			break;
	}
	if (i == n)
		return 1;
	one = select_kws[i].one;
	/* Skip the keyword's words in the original text. */
	for (w = 0; w < select_kws[i].words; w++) {
		while (is_blank((unsigned char)*rest))
			rest++;
		while (*rest != '\0' && !is_blank((unsigned char)*rest))
			rest++;
	}
	while (is_blank((unsigned char)*rest))
		rest++;
	if (*rest == '\0') {
		lerr(ld, c, _("%s demande le nom d'une liste de choix : écrivez « %s "
		    "LISTE » où LISTE est un list_name de la feuille choices"),
		    one ? "select_one" : "select_multiple",
		    one ? "select_one" : "select_multiple");
		return -1;
	}
	snprintf(buf, buflen, "%s", rest);
	sp = strpbrk(buf, " \t");
	if (sp != NULL) {
		const char *after = sp;

		while (is_blank((unsigned char)*after))
			after++;
		if (ascii_casecmp(after, "or_other") == 0) {
			/* pyxform's "Other": a choice and a text question. */
			*(char *)(uintptr_t)sp = '\0';
			ld->or_other = 1;
			*t = one ? Q_SELECT_ONE : Q_SELECT_MULTIPLE;
			*list = buf;
			return 0;
		}
		lerr(ld, c, _("type « %s » invalide : un nom de liste de choix n'a pas "
		    "d'espace"), c->s);
		return -1;
	}
	*t = one ? Q_SELECT_ONE : Q_SELECT_MULTIPLE;
	*list = buf;
	return 0;
}

/*
 * Read a type cell.  Returns 0 with *t (and *list for selects, borrowed
 * from a static or from `buf`), 1 when the row is to be skipped quietly
 * (metadata, reported as a warning), -1 when reported as an error.
 */
static int
parse_type(struct loader *ld, const struct sheet_cell *c, enum q_type *t,
    char *buf, size_t buflen, const char **list, int *repeat)
{
	char norm[128];
	size_t i, n = 0;
	const char *p;
	int rc;

	*list = NULL;
	*repeat = 0;
	/* Lowercase, runs of blanks as one space. */
	for (p = c->s; *p != '\0' && n + 1 < sizeof(norm); p++) {
		if (is_blank((unsigned char)*p)) {
			if (n > 0 && norm[n - 1] != ' ')
				norm[n++] = ' ';
		} else {
			norm[n++] = (char)tolower((unsigned char)*p);
		}
	}
	norm[n] = '\0';

	for (i = 0; type_names[i].name != NULL; i++)
		if (strcmp(norm, type_names[i].name) == 0) {
			*t = type_names[i].type;
			return 0;
		}
	if (in_list(unsupported_types, norm) ||
	    strncmp(norm, "select_one_from_file", 20) == 0 ||
	    strncmp(norm, "select_multiple_from_file", 25) == 0 ||
	    strncmp(norm, "select_one_external", 19) == 0 ||
	    strstr(norm, " from file ") != NULL ||
	    strncmp(norm, "rank ", 5) == 0) {
		lerr(ld, c, _("le type « %s » n'est pas pris en charge : utilisez %s"), c->s,
		    _(types_hint));
		return -1;
	}
	rc = parse_select(ld, c, norm, t, buf, buflen, list);
	if (rc != 1)
		return rc;
	if (strcmp(norm, "begin repeat") == 0 ||
	    strcmp(norm, "begin_repeat") == 0) {
		lerr(ld, c, _("les groupes répétés ne sont pas pris en charge : posez "
		    "les questions une fois (une réponse par personne)"));
		*repeat = 1;
		return -1;
	}
	if (strcmp(norm, "end repeat") == 0 || strcmp(norm, "end_repeat") == 0) {
		*repeat = 2;
		return -1;
	}
	if (in_list(metadata_types, norm)) {
		lwarn(ld, c, _("« %s » est ignoré : Recueil n'enregistre aucune donnée "
		    "sur l'appareil ni sur les heures"), norm);
		return 1;
	}
	lerr(ld, c, _("type « %s » inconnu : utilisez %s"), c->s, _(types_hint));
	return -1;
}

static void
add_name(struct loader *ld, const char *name, const struct sheet_cell *c)
{
	ld->names = grow(ld->names, &ld->names_alloc, ld->n_names,
	    sizeof(*ld->names));
	ld->names[ld->n_names].name = name;
	ld->names[ld->n_names].line = cell_line(ld, c);
	ld->names[ld->n_names].col = c->col;
	ld->n_names++;
}
/* The groups and repeats open at a row of the survey, innermost last. */
struct groups {
	struct frame *v;
	size_t n, alloc;
};

static void
groups_push(struct groups *g, int repeat, const char *name,
    const struct sheet_cell *at)
{
	g->v = grow(g->v, &g->alloc, g->n, sizeof(*g->v));
	g->v[g->n].repeat = repeat;
	g->v[g->n].name = name;
	g->v[g->n].at = *at;
	g->n++;
}

/*
 * Survey, job 1: a row's type and its place among groups.  Returns 0 with
 * *t (and *list for selects, in listbuf) when the row makes a question,
 * -1 when it makes none (reported, or a repeat's frame, or metadata).
 */
static int
survey_row_type(struct loader *ld, const struct sheet_row *r,
    const struct header *h, struct groups *g, enum q_type *t,
    const char **list, char *listbuf, size_t buflen)
{
	const struct sheet_cell *tc = rcell(r, h, K_TYPE, 0);
	const struct sheet_cell *nc = rcell(r, h, K_NAME, 0);
	struct sheet_cell tpos = rpos(r, h, K_TYPE);
	struct sheet_cell npos = rpos(r, h, K_NAME);
	const char *name = nc ? nc->s : "";
	int rc, repeat;

	if (tc == NULL || tc->s[0] == '\0') {
		lerr(ld, &tpos, _("type manquant : remplissez la colonne type (%s)"),
		    _(types_hint));
		rc = -1;
		goto keep_name;
	}
	ld->or_other = 0;
	rc = parse_type(ld, tc, t, listbuf, buflen, list, &repeat);
	if (repeat == 1) {
		groups_push(g, 1, name, tc);
		return -1;
	}
	if (repeat == 2) {
		if (g->n > 0 && g->v[g->n - 1].repeat)
			g->n--;
		else
			lerr(ld, tc, _("end_repeat sans begin_repeat correspondant"));
		return -1;
	}
	if (rc != 0)
		goto keep_name;
	if (*t == Q_END_GROUP) {
		if (g->n == 0) {
			lerr(ld, tc, _("end_group sans begin_group correspondant : retirez-le ou "
			    "ajoutez une ligne begin_group au-dessus"));
			return -1;
		}
		if (g->v[g->n - 1].repeat)
			lerr(ld, tc, _("end_group ferme une répétition : écrivez end_repeat"));
		g->n--;
	}
	return 0;
keep_name:
	/* Keep its name so references to it do not add confusing errors. */
	if (name[0] != '\0' && find_name(ld, name) == NULL)
		add_name(ld, name, &npos);
	return -1;
}

/* Survey, job 2: a question's name is present, valid and unique. */
static void
survey_row_name(struct loader *ld, const char *name,
    const struct sheet_cell *npos)
{
	const struct nameref *dup;

	if (name[0] == '\0') {
		lerr(ld, npos, _("nom manquant : chaque question a besoin d'un nom unique "
		    "(lettres, chiffres, _)"));
	} else if (!valid_name(name)) {
		lerr(ld, npos, _("nom « %s » invalide : utilisez des lettres sans accent, "
		    "des chiffres et _, en commençant par une lettre"), name);
	} else if ((dup = find_name(ld, name)) != NULL) {
		lerr(ld, npos, _("nom de question « %s » en double (d'abord en %s %d) : "
		    "donnez à chaque question son propre nom"), name, line_word(ld),
		    dup->line);
	} else {
		add_name(ld, name, npos);
	}
}

/* The expression in a relevant or constraint cell, parsed once. */
static struct expr *
read_expr(struct loader *ld, const struct sheet_cell *c, const char *what,
    char **src)
{
	if (c == NULL || c->s[0] == '\0')
		return NULL;
	*src = dup_opt(c->s);
	return parse_cell_expr(ld, c, what);
}

/* ------------------------------------------------------- choice filters */

static int
filter_name_start(int c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static int
filter_name_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
}

/* Whether p[0..n) is an operator word of the expressions. */
static int
filter_operator(const char *p, size_t n)
{
	static const char *const words[] = { "and", "or", "div", "mod" };

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == n && strncmp(p, words[i], n) == 0)
			return 1;
	return 0;
}

/*
 * A choice_filter as the expression engine reads it: every bare name that
 * is not a function call or an operator ("departement") becomes
 * "${_departement}", a reference no question can have (names start with
 * a letter), which form_choice_offered() reads from the choice's cells.
 * Quoted text and ${...} are copied as they are.  The caller frees.
 */
static char *
filter_rewrite(const char *src)
{
	size_t n = 0;
	/* A one-letter name "a" grows the most: "${_a}", five bytes. */
	char *out = xmalloc(strlen(src) * 5 + 1);
	const char *p = src, *q, *e, *after;

	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			q = strchr(p + 1, *p);
			q = q != NULL ? q + 1 : p + strlen(p);
		} else if (p[0] == '$' && p[1] == '{') {
			q = strchr(p, '}');
			q = q != NULL ? q + 1 : p + strlen(p);
		} else if (filter_name_start((unsigned char)*p)) {
			for (e = p; filter_name_char((unsigned char)*e); e++)
				;
			for (after = e; *after == ' ' || *after == '\t'; after++)
				;
			if (*after != '(' && !filter_operator(p, (size_t)(e - p))) {
				n += (size_t)sprintf(out + n, "${_%.*s}",
				    (int)(e - p), p);
				p = e;
				continue;
			}
			q = e;
		} else if (isdigit((unsigned char)*p)) {
			/* A number, "1e3" included, is not a name. */
			for (q = p; filter_name_char((unsigned char)*q); q++)
				;
		} else
			q = p + 1;
		memcpy(out + n, p, (size_t)(q - p));
		n += (size_t)(q - p);
		p = q;
	}
	out[n] = '\0';
	return out;
}

/* A select question's choice_filter, parsed once. */
static void
read_choice_filter(struct loader *ld, struct question *q,
    const struct sheet_cell *c)
{
	char err[256], *src;

	if (c == NULL || c->s[0] == '\0')
		return;
	if (q->type != Q_SELECT_ONE && q->type != Q_SELECT_MULTIPLE) {
		lwarn(ld, c, _("un filtre de choix (choice_filter) ne sert "
		    "qu'aux questions select_one et select_multiple : il est "
		    "ignoré"));
		return;
	}
	q->choice_filter_src = dup_opt(c->s);
	src = filter_rewrite(c->s);
	q->choice_filter = expr_parse(src, err, sizeof(err), NULL);
	if (q->choice_filter == NULL)
		lerr(ld, c, _("filtre de choix (choice_filter) invalide : %s"),
		    err);
	free(src);
}

/*
 * A choice_filter's reference to a choice column "_COL" (filter_rewrite):
 * 0 when the choices sheet has COL (or it is "name"), marking it read;
 * -1 otherwise.
 */
static int
filter_column_ref(struct loader *ld, const char *name)
{
	const struct form *f = ld->f;

	if (strcmp(name + 1, "name") == 0)
		return 0;
	for (size_t i = 0; i < f->n_choice_cols; i++)
		if (strcmp(f->choice_cols[i], name + 1) == 0) {
			ld->ccol_used[i] = 1;
			return 0;
		}
	return -1;
}

/* The choices sheet's columns that no choice_filter reads. */
static void
check_choice_columns(struct loader *ld)
{
	for (size_t i = 0; i < ld->f->n_choice_cols; i++)
		if (!ld->ccol_used[i])
			lwarn(ld, &ld->ccol_at[i], _("la colonne inconnue « %s » de la feuille choices est "
			    "ignorée"), ld->f->choice_cols[i]);
}

/* Lookup of an offered choice: "_COL" from the choice, else the answers. */
struct offer_ctx {
	const struct form *f;
	const struct choice *c;
	const char *(*lookup)(const char *, void *);
	void *arg;
};

static const char *
offer_lookup(const char *name, void *arg)
{
	const struct offer_ctx *o = arg;

	if (name == NULL || name[0] != '_')
		return o->lookup(name, o->arg);
	if (strcmp(name + 1, "name") == 0)
		return o->c->name;
	for (size_t i = 0; i < o->f->n_choice_cols; i++)
		if (strcmp(o->f->choice_cols[i], name + 1) == 0)
			return o->c->cols != NULL && o->c->cols[i] != NULL ?
			    o->c->cols[i] : "";
	return "";
}

int
form_choice_offered(const struct form *f, const struct question *q,
    const struct choice *c, const char *(*lookup)(const char *, void *),
    void *arg)
{
	struct offer_ctx o = { f, c, lookup, arg };

	/* "Autre" of or_other is always offered, as pyxform does. */
	if (q->choice_filter == NULL || (q->or_other &&
	    strcmp(c->name, FORM_OTHER_CHOICE) == 0))
		return 1;
	return expr_eval_bool(q->choice_filter, offer_lookup, &o);
}

/*
 * A calculate question's `calculation` (required there, ignored with a
 * warning elsewhere).
 */
static void
read_calculation(struct loader *ld, struct question *q,
    const struct sheet_row *r, const struct header *h)
{
	const struct sheet_cell *c = rcell(r, h, K_CALCULATION, 0);
	struct sheet_cell at = rpos(r, h, K_CALCULATION);

	if (q->type != Q_CALCULATE) {
		if (c != NULL && c->s[0] != '\0')
			lwarn(ld, c, _("une formule (calculation) ne sert qu'aux "
			    "questions calculate : elle est ignorée"));
		return;
	}
	if (c == NULL || c->s[0] == '\0') {
		lerr(ld, c != NULL ? c : &at, _("la question calculate « %s » "
		    "n'a pas de formule : écrivez-la dans la colonne "
		    "calculation"), q->name != NULL ? q->name : "");
		return;
	}
	q->calculation = read_expr(ld, c, "calculation", &q->calculation_src);
}

/*
 * Survey, job 3: every cell of a question row but its type and name.
 * `g` receives the group the row opens.
 */
static void
read_question(struct loader *ld, struct question *q, const struct sheet_row *r,
    const struct header *h, struct groups *g, const char *list)
{
	struct form *f = ld->f;
	const struct sheet_cell *tc = rcell(r, h, K_TYPE, 0);
	const struct sheet_cell *c;

	read_text(ld, r, h, K_LABEL, &q->label);
	read_text(ld, r, h, K_HINT, &q->hint);
	read_image(ld, r, h, &q->image);
	read_text(ld, r, h, K_REQUIRED_MESSAGE, &q->required_message);
	read_text(ld, r, h, K_CONSTRAINT_MESSAGE, &q->constraint_message);
	if (q->type == Q_BEGIN_GROUP) {
		if (g->n == FORM_MAX_GROUP_DEPTH)
			lerr(ld, tc, _("trop de groupes imbriqués : au plus %d "
			    "groupes les uns dans les autres"),
			    FORM_MAX_GROUP_DEPTH);
		groups_push(g, 0, q->name ? q->name : "", tc);
	}
	if (q->type != Q_BEGIN_GROUP && q->type != Q_END_GROUP &&
	    q->type != Q_CALCULATE && text_empty(f, &q->label)) {
		struct sheet_cell lp = rpos(r, h, K_LABEL);

		lerr(ld, &lp, _("la question « %s » n'a pas de libellé : écrivez la "
		    "question dans la colonne label"), q->name ? q->name : "");
	}
	c = rcell(r, h, K_REQUIRED, 0);
	if (c != NULL && c->s[0] != '\0') {
		q->required = parse_required(c->s);
		if (q->required < 0) {
			lerr(ld, c, _("required doit valoir « yes » ou « no », pas « %s »"),
			    c->s);
			q->required = 0;
		}
	}
	q->relevant = read_expr(ld, rcell(r, h, K_RELEVANT, 0), "relevant",
	    &q->relevant_src);
	read_calculation(ld, q, r, h);
	read_choice_filter(ld, q, rcell(r, h, K_CHOICE_FILTER, 0));
	q->constraint = read_expr(ld, rcell(r, h, K_CONSTRAINT, 0),
	    "constraint", &q->constraint_src);
	parse_appearance(ld, q, rcell(r, h, K_APPEARANCE, 0));
	c = rcell(r, h, K_PARAMETERS, 0);
	if (q->type == Q_RANGE)
		parse_range(ld, q, c);
	else if (c != NULL && c->s[0] != '\0')
		lwarn(ld, c, _("parameters ne sert qu'aux questions range ; ignoré"));
	if (list != NULL) {
		struct choice_list *l = find_list(f, list);

		if (l == NULL) {
			lerr(ld, tc, _("la liste de choix « %s » n'est pas définie : ajoutez ses "
			    "choix à la feuille choices avec list_name « %s »"),
			    list, list);
		} else {
			q->list = l;
			ld->list_used[l - f->lists] |=
			    q->type == Q_SELECT_ONE ? 1 : 2;
		}
	}
	c = rcell(r, h, K_DEFAULT, 0);
	if (c != NULL && c->s[0] != '\0') {
		q->default_value = dup_opt(c->s);
		check_default(ld, q, c);
	}
}

/* Check the references and literals of one expression cell. */
static void
check_expr_cell(struct refctx *rcx, const struct sheet_cell *c,
    const struct expr *parsed, const char *what)
{
	struct expr *e = NULL;

	if (c == NULL || c->s[0] == '\0')
		return;
	/* Rows that made no question were not parsed: parse them now,
	 * quietly (their type is the error), for their references. */
	if (parsed == NULL && rcx->self_row_q < 0)
		parsed = e = expr_parse(c->s, NULL, 0, NULL);
	if (parsed == NULL)
		return;
	rcx->c = c;
	rcx->what = what;
	expr_refs(parsed, check_ref, rcx);
	expr_literals(parsed, check_literal, rcx);
	expr_free(e);
}

/*
 * Survey, job 4: the checks that need the whole survey: every ${name}
 * names a question, every literal compared with a select answer is one of
 * its choices.  row_q[k] is the question made from row k, or -1.
 */
static void
check_survey_refs(struct loader *ld, const struct part *sh,
    const struct header *h, const long *row_q)
{
	const struct question *q;
	struct refctx rcx;
	size_t k;

	for (k = 0; k < sh->n_rows; k++) {
		const struct sheet_row *r = &sh->rows[k];

		q = row_q[k] >= 0 ? &ld->f->questions[row_q[k]] : NULL;
		rcx.ld = ld;
		rcx.self = form_question(ld->f, rval(r, h, K_NAME));
		rcx.self_row_q = row_q[k];
		check_expr_cell(&rcx, rcell(r, h, K_RELEVANT, 0),
		    q ? q->relevant : NULL, "relevant");
		check_expr_cell(&rcx, rcell(r, h, K_CONSTRAINT, 0),
		    q ? q->constraint : NULL, "constraint");
		if (q == NULL || q->type == Q_CALCULATE)
			check_expr_cell(&rcx, rcell(r, h, K_CALCULATION, 0),
			    q ? q->calculation : NULL, "calculation");
		if (q != NULL && q->choice_filter != NULL)
			check_expr_cell(&rcx, rcell(r, h, K_CHOICE_FILTER, 0),
			    q->choice_filter, "choice_filter");
	}
}

/* Survey, job 5: groups left open. */
static void
check_groups_closed(struct loader *ld, struct groups *g)
{
	while (g->n > 0) {
		g->n--;
		if (g->v[g->n].repeat)
			continue;
		lerr(ld, &g->v[g->n].at, _("le groupe « %s » n'est jamais fermé : ajoutez une ligne "
		    "end_group après sa dernière question"), g->v[g->n].name);
	}
}

/* Survey, job 6: a survey without questions, when nothing else failed. */
static void
check_has_questions(struct loader *ld, const struct part *sh, size_t first_q)
{
	const struct form *f = ld->f;
	size_t i;

	for (i = first_q; i < f->n_questions; i++)
		if (f->questions[i].type != Q_BEGIN_GROUP &&
		    f->questions[i].type != Q_END_GROUP &&
		    f->questions[i].type != Q_NOTE)
			break;
	/* When every question failed, their errors say enough. */
	if (i == f->n_questions && ld->d->n_errors == ld->errors0)
		lerr(ld, &sh->at, _("la feuille survey n'a pas de question : ajoutez des "
		    "lignes avec un type, un nom et un libellé"));
}

/*
 * The name of the question NAME_other that `select_one LIST or_other`
 * adds, checked and kept like a name of the survey sheet.
 */
static void
other_name(struct loader *ld, const struct question *q,
    const struct sheet_cell *npos)
{
	char *n = xasprintf("%s%s", q->name, FORM_OTHER_SUFFIX);
	const struct nameref *dup = find_name(ld, n);

	if (dup != NULL) {
		lerr(ld, npos, _("« or_other » ajoute la question « %s », mais "
		    "ce nom est déjà pris (%s %d) : renommez l'une des deux"), n,
		    line_word(ld), dup->line);
		free(n);
		return;
	}
	ld->owned = grow(ld->owned, &ld->owned_alloc, ld->n_owned,
	    sizeof(*ld->owned));
	ld->owned[ld->n_owned++] = n;
	add_name(ld, n, npos);
}

static void
load_survey(struct loader *ld, const struct part *sh)
{
	struct form *f = ld->f;
	struct header h;
	struct groups g = { NULL, 0, 0 };
	long *row_q = NULL;
	size_t k, first_q = f->n_questions;
	char listbuf[256];

	if (!sh->present) {
		diag_add(ld->d, DIAG_ERROR, ld->file, 0, 0, "%s",
		    is_workbook(ld) ? _("pas de feuille survey : le classeur "
		    "doit avoir une feuille nommée « survey », avec une ligne "
		    "d'en-tête (type, name, label)") : _("pas de feuille survey : commencez le fichier par une "
		        "ligne dont la première cellule est « survey », puis une "
		        "ligne d'en-tête (type, name, label)"));
		return;
	}
	read_header(ld, sh, survey_keys, "survey", &h);
	if (sh->header == NULL || rcell(sh->header, &h, K_TYPE, 0) == NULL ||
	    !h.n) {
		lerr(ld, &sh->at, _("la feuille survey n'a pas de colonne « type » : sa ligne "
		    "d'en-tête doit avoir type, name et label"));
		goto done;
	}
	check_unsupported(ld, sh, &h, "survey");
	row_q = xcalloc(sh->n_rows ? sh->n_rows : 1, sizeof(*row_q));
	for (k = 0; k < sh->n_rows; k++) {
		const struct sheet_row *r = &sh->rows[k];
		const char *list = NULL, *name = rval(r, &h, K_NAME);
		struct sheet_cell npos = rpos(r, &h, K_NAME);
		struct question *q;
		enum q_type t;

		row_q[k] = -1;
		if (survey_row_type(ld, r, &h, &g, &t, &list, listbuf,
		    sizeof(listbuf)) != 0)
			continue;
		if (t != Q_END_GROUP)
			survey_row_name(ld, name, &npos);
		f->questions = grow(f->questions, &ld->questions_alloc,
		    f->n_questions, sizeof(*f->questions));
		row_q[k] = (long)f->n_questions;
		q = &f->questions[f->n_questions++];
		memset(q, 0, sizeof(*q));
		q->type = t;
		q->line = row_line(ld, r);
		q->depth = (int)g.n;
		q->name = t == Q_END_GROUP || name[0] == '\0' ? NULL :
		    dup_opt(name);
		q->or_other = ld->or_other;
		read_question(ld, q, r, &h, &g, list);
		if (q->or_other && q->name != NULL)
			other_name(ld, q, &npos);
	}
	check_groups_closed(ld, &g);
	check_survey_refs(ld, sh, &h, row_q);
	check_has_questions(ld, sh, first_q);
	check_headerless(ld, sh, &h);
done:
	free(row_q);
	free(g.v);
	header_release(&h);
}

/* The row that model element `line` was read from (row_line()), or NULL. */
static const struct sheet_row *
row_at_line(const struct loader *ld, const struct part *sh, int line)
{
	size_t k;

	for (k = 0; k < sh->n_rows; k++)
		if (row_line(ld, &sh->rows[k]) == line)
			return &sh->rows[k];
	return NULL;
}

/* A position for a whole row: its line, its first non-empty cell. */
static struct sheet_cell
row_pos(const struct loader *ld, const struct sheet_row *r, int line)
{
	struct sheet_cell c = empty_cell;
	size_t m;

	c.line = line;
	if (r == NULL)
		return c;
	for (m = 0; m < r->n; m++)
		if (r->cells[m].s[0] != '\0') {
			c.sheet = r->cells[m].sheet;
			c.sheet_no = r->cells[m].sheet_no;
			c.srow = r->cells[m].srow;
			c.scol = r->cells[m].scol;
			break;
		}
	if (is_workbook(ld))
		c.line = 0;
	return c;
}

/* After the survey: lists used by select_multiple need names without
 * spaces (answers store them space-separated), unused lists are noted. */
static void
check_lists(struct loader *ld, const struct part *sh)
{
	struct form *f = ld->f;
	const struct sheet_row *r;
	size_t i, j, k, m;

	for (i = 0; i < f->n_lists; i++) {
		struct choice_list *l = &f->lists[i];

		if (ld->list_used[i] == 0) {
			struct sheet_cell c = row_pos(ld,
			    row_at_line(ld, sh, l->line), l->line);

			lwarn(ld, &c, _("la liste de choix « %s » ne sert à aucune question"), l->name);
			continue;
		}
		if (!(ld->list_used[i] & 2))
			continue;
		for (j = 0; j < l->n_choices; j++) {
			const char *nm = l->choices[j].name;
			const char *qn = "";
			struct sheet_cell c;

			if (strpbrk(nm, " \t") == NULL)
				continue;
			for (k = 0; k < f->n_questions; k++)
				if (f->questions[k].list == l &&
				    f->questions[k].type == Q_SELECT_MULTIPLE) {
					qn = f->questions[k].name ?
					    f->questions[k].name : "";
					break;
				}
			/* Find the name cell again for its column. */
			r = row_at_line(ld, sh, l->choices[j].line);
			c = row_pos(ld, r, l->choices[j].line);
			c.scol = 0;
			for (m = 0; r != NULL && m < r->n; m++)
				if (strcmp(r->cells[m].s, nm) == 0) {
					c = r->cells[m];
					break;
				}
			lerr(ld, &c, _("le nom de choix « %s » contient une espace, mais la liste "
			    "« %s » sert à la question select_multiple « %s » : "
			    "écrivez-le sans espace (par exemple avec _)"),
			    nm, l->name, qn);
		}
	}
}

/* ----------------------------------------------------------- indicators */

static const char *const measure_names[] = {
	"meetings", "responses", "count", "distinct", "mean", "texts", "share",
	"participation", "levels", "centres"
};

/* The participation levels of a centre's project contract, in order. */
static const char *const participation_levels[] = {
	"information", "consultation", "concertation", "coproduction",
	"codécision"
};

/* The canonical level named by `v` (any case; "codecision" too). */
static const char *
participation_level(const char *v)
{
	for (size_t i = 0; i < sizeof(participation_levels) /
	    sizeof(*participation_levels); i++)
		if (ascii_casecmp(v, participation_levels[i]) == 0)
			return participation_levels[i];
	if (ascii_casecmp(v, "codecision") == 0 || ascii_casecmp(v, "CODÉCISION") == 0)
		return "codécision";
	return NULL;
}

/*
 * The valeur of mesure 'centres': the choices of q's list that name no
 * centre ("autre autre_region"), space-separated.  Returns 0, or -1 after
 * reporting a word that is not a choice.
 */
static int
centres_except_check(struct loader *ld, const struct sheet_cell *vc,
    const struct question *q, const char *qname, const char *val)
{
	int rc = 0;

	for (const char *p = val; *p != '\0';) {
		size_t k;
		char *w;

		while (*p == ' ')
			p++;
		if ((k = strcspn(p, " ")) == 0)
			break;
		w = xstrndup(p, k);
		if (form_choice(q->list, w) == NULL) {
			lerr(ld, vc, _("valeur « %s » n'est pas un choix de la liste « %s » "
			    "(question « %s ») : listez les choix qui ne nomment aucun "
			    "centre, séparés par des espaces"), w, q->list->name,
			    qname);
			rc = -1;
		}
		free(w);
		p += k;
	}
	return rc;
}

/*
 * Indicator, job 1: the question its `question` cell names (*qname, the
 * caller frees; NULL for the measures without one) and *q (NULL when
 * none or unknown).  Returns 1 when reported as an error.
 */
static int
indicator_question(struct loader *ld, size_t m, const char *qn,
    const char *val, const struct sheet_cell *qc, const struct sheet_cell *vc,
    char **qname_out, const struct question **q_out)
{
	const struct question *q = NULL;
	char *qname;
	int bad = 0;

	/* "${q}" and "q" both name a question. */
	if (strncmp(qn, "${", 2) == 0 && qn[strlen(qn) - 1] == '}')
		qname = xstrndup(qn + 2, strlen(qn) - 3);
	else
		qname = dup_opt(qn);
	if (m == M_PARTICIPATION) {
		if (qn[0] != '\0')
			lwarn(ld, qc, _("la mesure « participation » est déclarée, non comptée ; "
			    "la question « %s » est ignorée"), qn);
		if (participation_level(val) == NULL) {
			if (val[0] != '\0')
				lerr(ld, vc, _("la mesure « participation » "
				    "demande une valeur : information, "
				    "consultation, concertation, coproduction ou "
				    "codécision (pas « %s »)"), val);
			else
				lerr(ld, vc, _("la mesure « participation » "
				    "demande une valeur : information, "
				    "consultation, concertation, coproduction ou "
				    "codécision"));
			bad = 1;
		}
		free(qname);
		qname = NULL;
	} else if (m == M_MEETINGS || m == M_RESPONSES || m == M_LEVELS) {
		if (qn[0] != '\0')
			lwarn(ld, qc, _("la mesure « %s » compte sans question ; « %s » est ignoré"),
			    measure_names[m], qn);
		if (val[0] != '\0')
			lwarn(ld, vc, _("la mesure « %s » n'a pas de valeur ; « %s » est ignoré"), measure_names[m], val);
		free(qname);
		qname = NULL;
	} else if (m == M_CENTRES && qname[0] == '\0') {
		/* The meetings' host centres alone. */
		free(qname);
		qname = NULL;
	} else if (qname[0] == '\0') {
		lerr(ld, qc, _("la mesure « %s » demande une question : écrivez le nom de "
		    "la question qu'elle lit"), measure_names[m]);
		bad = 1;
	} else if ((q = form_question(ld->f, qname)) == NULL ||
	    q->type == Q_BEGIN_GROUP || q->type == Q_END_GROUP ||
	    q->type == Q_NOTE) {
		lerr(ld, qc, _("l'indicateur renvoie à une question inconnue « %s » : "
		    "utilisez le nom d'une question de la feuille survey"), qname);
		bad = 1;
		q = NULL;
	}
	*qname_out = qname;
	*q_out = q;
	return bad;
}

/*
 * Indicator, job 2: question `q` (may be NULL) and the `valeur` fit the
 * measure.  Returns 1 when reported as an error.
 */
static int
indicator_fits(struct loader *ld, size_t m, const struct question *q,
    const char *qname, const char *val, const struct sheet_cell *qc,
    const struct sheet_cell *vc)
{
	int bad = 0;

	if (q != NULL && m == M_MEAN && q->type != Q_INTEGER &&
	    q->type != Q_DECIMAL && q->type != Q_RANGE) {
		lerr(ld, qc, _("la mesure « mean » demande une question chiffrée "
		    "(integer, decimal ou range) ; « %s » est %s"), qname,
		    form_type_name(q->type));
		bad = 1;
	}
	if (q != NULL && m == M_CENTRES && q->type != Q_SELECT_ONE &&
	    q->type != Q_SELECT_MULTIPLE) {
		lerr(ld, qc, _("la mesure « centres » demande une question select_one ou "
		    "select_multiple qui liste les centres ; « %s » est %s"), qname, form_type_name(q->type));
		bad = 1;
	}
	if (m == M_CENTRES && q != NULL && q->list != NULL &&
	    centres_except_check(ld, vc, q, qname, val) < 0)
		bad = 1;
	if (q != NULL && m == M_TEXTS && q->type != Q_TEXT) {
		lerr(ld, qc, _("la mesure « texts » demande une question text ; « %s » "
		    "est %s"), qname, form_type_name(q->type));
		bad = 1;
	}
	if (m == M_COUNT || m == M_SHARE) {
		if (val[0] == '\0') {
			lerr(ld, vc, _("la mesure « %s » demande une valeur : la réponse (nom du "
			    "choix) à compter"),
			    measure_names[m]);
			bad = 1;
		} else if (q != NULL && q->list != NULL &&
		    form_choice(q->list, val) == NULL) {
			lerr(ld, vc, _("valeur « %s » n'est pas un choix de la liste « %s » "
			    "(question « %s »)"), val,
			    q->list->name, qname);
			bad = 1;
		}
	} else if (val[0] != '\0' && m != M_MEETINGS &&
	    m != M_RESPONSES && m != M_PARTICIPATION && m != M_LEVELS &&
	    m != M_CENTRES) {
		lwarn(ld, vc, _("la mesure « %s » n'a pas de valeur ; « %s » est ignoré"), measure_names[m], val);
	}
	return bad;
}

/*
 * The question and valeur of an indicator row with measure m: *qname_out
 * receives the question's name (caller frees; NULL for measures without
 * one).  Returns 1 when the row is in error (reported), else 0.
 */
static int
check_indicator(struct loader *ld, size_t m, const char *qn, const char *val,
    const struct sheet_cell *qcp, const struct sheet_cell *vcp,
    char **qname_out)
{
	const struct question *q;
	int bad = indicator_question(ld, m, qn, val, qcp, vcp, qname_out, &q);

	return indicator_fits(ld, m, q, *qname_out, val, qcp, vcp) || bad;
}

static void
load_indicators(struct loader *ld, const struct part *sh)
{
	struct form *f = ld->f;
	struct header h;
	size_t k, m, alloc = 0;

	if (!sh->present)
		return;
	read_header(ld, sh, indicator_keys, "indicators", &h);
	for (k = 0; k < sh->n_rows; k++) {
		const struct sheet_row *r = &sh->rows[k];
		const char *objet = rval(r, &h, K_OBJET);
		const char *ind = rval(r, &h, K_INDICATEUR);
		const char *mes = rval(r, &h, K_MESURE);
		const char *qn = rval(r, &h, K_QUESTION);
		const char *val = rval(r, &h, K_VALEUR);
		struct sheet_cell oc = rpos(r, &h, K_OBJET);
		struct sheet_cell ic = rpos(r, &h, K_INDICATEUR);
		struct sheet_cell mc = rpos(r, &h, K_MESURE);
		struct sheet_cell qc = rpos(r, &h, K_QUESTION);
		struct sheet_cell vc = rpos(r, &h, K_VALEUR);
		struct indicator *in;
		char *qname = NULL;
		int bad = 0;

		if (objet[0] == '\0') {
			lerr(ld, &oc, _("indicateur sans objet : écrivez l'objectif qu'il sert "
			    "dans la colonne objet"));
			bad = 1;
		}
		if (ind[0] == '\0') {
			lerr(ld, &ic, _("indicateur sans indicateur : écrivez ce qui est compté "
			    "dans la colonne indicateur"));
			bad = 1;
		}
		for (m = 0; m < sizeof(measure_names) / sizeof(*measure_names);
		    m++)
			if (ascii_casecmp(mes, measure_names[m]) == 0)
				break;
		if (m == sizeof(measure_names) / sizeof(*measure_names)) {
			if (mes[0] == '\0')
				lerr(ld, &mc, _("indicateur sans mesure : utilisez meetings, responses, "
				    "count, distinct, mean, texts, share, participation, "
				    "levels ou centres"));
			else
				lerr(ld, &mc, _("mesure « %s » inconnue : utilisez meetings, responses, "
				    "count, distinct, mean, texts, share, participation, "
				    "levels ou centres"), mes);
			continue;
		}
		bad |= check_indicator(ld, m, qn, val, &qc, &vc, &qname);
		if (bad) {
			free(qname);
			continue;
		}
		f->indicators = grow(f->indicators, &alloc, f->n_indicators,
		    sizeof(*f->indicators));
		in = &f->indicators[f->n_indicators++];
		memset(in, 0, sizeof(*in));
		in->objet = dup_opt(objet);
		in->indicateur = dup_opt(ind);
		in->mesure = (enum measure)m;
		in->question = qname;
		in->valeur = (m == M_COUNT || m == M_SHARE ||
		    (m == M_CENTRES && val[0] != '\0')) ? dup_opt(val) :
		    m == M_PARTICIPATION ? dup_opt(participation_level(val)) :
		    NULL;
		in->line = row_line(ld, r);
	}
	check_headerless(ld, sh, &h);
	header_release(&h);
}

/* ================================================================ sheets */

/* Report a sheet the model does not read. */
static void
other_sheet(struct loader *ld, const struct sheet *s, const char *norm)
{
	size_t k;

	for (k = 0; unsupported_sheets[k] != NULL; k++)
		if (strcmp(norm, unsupported_sheets[k]) == 0)
			break;
	if (!is_workbook(ld)) {
		if (unsupported_sheets[k] != NULL)
			lerr(ld, &s->at, _("la feuille « %s » n'est pas prise en charge : retirez-la "
			    "avec ses lignes"), norm);
		else
			lerr(ld, &s->at, _("feuille inconnue « %s » : la première colonne nomme une "
			    "feuille (survey, choices, settings ou indicators) et "
			    "reste vide sur les autres lignes"), s->name);
	} else if (unsupported_sheets[k] != NULL) {
		diag_add(ld->d, DIAG_ERROR, ld->file, 0, 0, _("la feuille "
		    "« %s » n'est pas prise en charge (unsupported) : "
		    "supprimez-la du classeur"), s->name);
	} else {
		diag_add(ld->d, DIAG_WARNING, ld->file, 0, 0, _("la feuille "
		    "« %s » est ignorée : Recueil lit les feuilles survey, "
		    "choices, settings et indicators"), s->name);
	}
}

/* Find survey, choices, settings and indicators in the book, by name. */
static void
find_parts(struct loader *ld, struct part *parts)
{
	const struct sheet_book *b = ld->book;
	char norm[64];
	size_t i, k;

	for (i = 0; i < b->n_sheets; i++) {
		const struct sheet *s = &b->sheets[i];
		struct part *p;

		sheet_norm_name(s->name, norm, sizeof(norm));
		for (k = 0; k < SH_N; k++)
			if (strcmp(norm, sheet_names[k]) == 0)
				break;
		if (k == SH_N) {
			other_sheet(ld, s, norm);
			continue;
		}
		p = &parts[k];
		if (p->present && !is_workbook(ld)) {
			lerr(ld, &s->at, _("la feuille « %s » figure deux fois (d'abord ligne %d) : "
			    "mettez toutes ses lignes sous une seule ligne « %s »"),
			    sheet_names[k], p->at.line, sheet_names[k]);
			continue;
		}
		if (p->present) {
			diag_add(ld->d, DIAG_ERROR, ld->file, 0, 0, _("deux "
			    "feuilles se nomment « %s » (« %s » et « %s ») : "
			    "gardez-en une"), sheet_names[k], p->src->name,
			    s->name);
			continue;
		}
		p->present = 1;
		p->src = s;
		p->at = s->at;
		if (s->n_rows > 0) {
			p->header = &s->rows[0];
			p->rows = &s->rows[1];
			p->n_rows = s->n_rows - 1;
		}
	}
}

/* ================================================================ public */

static char *
base_name(const char *file)
{
	static const char *const exts[] = { ".csv", ".xlsx", ".ods" };
	const char *b = strrchr(file, '/');
	size_t n, i, e;

	b = b ? b + 1 : file;
	n = strlen(b);
	for (i = 0; i < sizeof(exts) / sizeof(*exts); i++) {
		e = strlen(exts[i]);
		if (n > e && ascii_casecmp(b + n - e, exts[i]) == 0) {
			n -= e;
			break;
		}
	}
	return xstrndup(b, n);
}

/* Settings and languages: what the other sheets need first. */
static void
read_settings_and_langs(struct loader *ld, struct part *parts)
{
	struct form *f = ld->f;
	size_t i;
	int found = 0;

	load_settings(ld, &parts[SH_SETTINGS]);
	header_langs(&parts[SH_SURVEY], survey_keys, &ld->seen);
	header_langs(&parts[SH_CHOICES], choices_keys, &ld->seen);
	build_langs(ld);
	if (ld->default_lang == NULL || ld->seen.bare ||
	    langs_find(&ld->seen, ld->default_lang) >= 0)
		return;
	for (i = 0; i < ld->seen.n; i++)
		if (form_lang_index(f, ld->seen.names[i]) == 0)
			found = 1;
	if (!found)
		diag_add(ld->d, DIAG_WARNING, ld->file, 0, 0, _("default_language « %s » ne sert à aucune colonne label"), ld->default_lang);
}

/* The form's id and title, from settings or the file's name. */
static void
name_form(struct loader *ld)
{
	struct form *f = ld->f;
	char *base = base_name(ld->file);

	if (f->id == NULL) {
		f->id = base;
		base = NULL;
	} else if (strcmp(f->id, base) != 0) {
		diag_add(ld->d, DIAG_WARNING, ld->file, 0, 0, _("form_id « %s » diffère du nom du fichier « %s »"), f->id, base);
	}
	if (f->title == NULL)
		f->title = dup_opt(f->id);
	free(base);
}

/* Read the model from a book: every sheet, in the order they depend on. */
/* ------------------------------------------------------------- or_other */

/* Whether language `i` of `f` is English (its code is "en"). */
static int
lang_is_english(const struct form *f, size_t i)
{
	return f->lang_codes != NULL && f->lang_codes[i] != NULL &&
	    strcmp(f->lang_codes[i], "en") == 0;
}

/*
 * A text in every language of the form: the message id `msgid` read in
 * English for its English versions, in French for the others.
 */
static void
text_fixed(const struct form *f, struct text *t, const char *msgid)
{
	t->v = xcalloc(f->n_langs ? f->n_langs : 1, sizeof(*t->v));
	for (size_t i = 0; i < f->n_langs; i++)
		t->v[i] = xstrdup(i18n_gettext_in(lang_is_english(f, i) ?
		    I18N_EN : I18N_FR, msgid));
}

static void
text_copy(const struct form *f, struct text *to, const struct text *from)
{
	to->v = xcalloc(f->n_langs ? f->n_langs : 1, sizeof(*to->v));
	for (size_t i = 0; from->v != NULL && i < f->n_langs; i++)
		to->v[i] = from->v[i] != NULL ? xstrdup(from->v[i]) : NULL;
}

/* `to`: a copy of list `base` with the "other" choice at its end. */
static void
other_list(const struct form *f, struct choice_list *to,
    const struct choice_list *base)
{
	memset(to, 0, sizeof(*to));
	to->name = xstrdup(base->name);
	to->line = base->line;
	to->synthetic = 1;
	to->choices = xcalloc(base->n_choices + 1, sizeof(*to->choices));
	for (size_t i = 0; i < base->n_choices; i++) {
		to->choices[i].name = xstrdup(base->choices[i].name);
		to->choices[i].line = base->choices[i].line;
		text_copy(f, &to->choices[i].label, &base->choices[i].label);
		text_copy(f, &to->choices[i].image, &base->choices[i].image);
		if (base->choices[i].cols != NULL) {
			to->choices[i].cols = xcalloc(f->n_choice_cols,
			    sizeof(char *));
			for (size_t k = 0; k < f->n_choice_cols; k++)
				to->choices[i].cols[k] = xstrdup(
				    base->choices[i].cols[k]);
		}
	}
	to->choices[base->n_choices].name = xstrdup(FORM_OTHER_CHOICE);
	to->choices[base->n_choices].line = base->line;
	/* TRANSLATORS: the choice added by or_other. */
	text_fixed(f, &to->choices[base->n_choices].label, N_("Autre"));
	text_copy(f, &to->choices[base->n_choices].image, &(struct text){ 0 });
	to->n_choices = base->n_choices + 1;
}

/* `to`: the text question NAME_other, shown when "other" is chosen. */
static void
other_question(const struct form *f, struct question *to,
    const struct question *q)
{
	memset(to, 0, sizeof(*to));
	to->type = Q_TEXT;
	to->name = xasprintf("%s%s", q->name, FORM_OTHER_SUFFIX);
	text_fixed(f, &to->label, N_("Si autre, précisez :"));
	text_fixed(f, &to->hint, "");
	text_copy(f, &to->image, &(struct text){ 0 });
	text_fixed(f, &to->required_message, "");
	text_fixed(f, &to->constraint_message, "");
	for (size_t i = 0; i < f->n_langs; i++) {
		free(to->hint.v[i]);
		free(to->required_message.v[i]);
		free(to->constraint_message.v[i]);
		to->hint.v[i] = to->required_message.v[i] =
		    to->constraint_message.v[i] = NULL;
	}
	to->relevant_src = xasprintf("selected(${%s}, '%s')", q->name,
	    FORM_OTHER_CHOICE);
	to->relevant = expr_parse(to->relevant_src, NULL, 0, NULL);
	to->depth = q->depth;
	to->line = q->line;
	to->synthetic = 1;
}

/*
 * `select_one LIST or_other` as pyxform reads it: the question's list
 * gains a last choice "other" (« Autre »), and a text question NAME_other
 * follows it, shown when "other" is chosen.  The list is a copy (another
 * question may use LIST without or_other); both are marked synthetic so
 * that formout.c writes the definition back as it was written.  Runs once
 * every question is read: lists and questions move in memory here.
 */
static void
form_expand_or_other(struct form *f)
{
	size_t k = 0, n_lists0 = f->n_lists, *lidx, *syn, n;
	struct question *qs;

	for (size_t i = 0; i < f->n_questions; i++)
		k += f->questions[i].or_other && f->questions[i].list != NULL;
	if (k == 0)
		return;
	lidx = xcalloc(f->n_questions, sizeof(*lidx));
	syn = xcalloc(n_lists0, sizeof(*syn));
	for (size_t i = 0; i < f->n_questions; i++)
		lidx[i] = f->questions[i].list != NULL ?
		    (size_t)(f->questions[i].list - f->lists) : SIZE_MAX;
	for (size_t b = 0; b < n_lists0; b++)
		syn[b] = SIZE_MAX;
	f->lists = xrealloc(f->lists, (n_lists0 + k) * sizeof(*f->lists));
	qs = xcalloc(f->n_questions + k, sizeof(*qs));
	n = 0;
	for (size_t i = 0; i < f->n_questions; i++) {
		struct question *q = &qs[n++];

		*q = f->questions[i];
		if (lidx[i] == SIZE_MAX)
			continue;
		if (!q->or_other) {
			q->list = &f->lists[lidx[i]];
			continue;
		}
		if (syn[lidx[i]] == SIZE_MAX) {
			syn[lidx[i]] = f->n_lists++;
			other_list(f, &f->lists[syn[lidx[i]]],
			    &f->lists[lidx[i]]);
		}
		q->list = &f->lists[syn[lidx[i]]];
		other_question(f, &qs[n++], q);
	}
	free(f->questions);
	f->questions = qs;
	f->n_questions = n;
	free(lidx);
	free(syn);
}

static void
read_book(struct loader *ld)
{
	struct part parts[SH_N];
	size_t i;

	memset(parts, 0, sizeof(parts));
	find_parts(ld, parts);
	read_settings_and_langs(ld, parts);
	load_choices(ld, &parts[SH_CHOICES]);
	ld->list_used = xcalloc(ld->f->n_lists ? ld->f->n_lists : 1, 1);
	load_survey(ld, &parts[SH_SURVEY]);
	check_lists(ld, &parts[SH_CHOICES]);
	check_choice_columns(ld);
	if (ld->d->n_errors == ld->errors0)
		form_expand_or_other(ld->f);
	load_indicators(ld, &parts[SH_INDICATORS]);
	name_form(ld);
	for (i = 0; i < ld->seen.n; i++)
		free(ld->seen.names[i]);
	free(ld->seen.names);
	free(ld->names);
	free(ld->list_used);
	for (i = 0; i < ld->n_owned; i++)
		free(ld->owned[i]);
	free(ld->owned);
	free(ld->ccol_at);
	free(ld->ccol_used);
}

struct form *
form_parse_chunked(const char *file, const char *buf, size_t len,
    size_t chunk, struct diag *d)
{
	struct loader ld;
	struct sheet_book book;
	struct form *f = NULL;
	unsigned char hash[crypto_hash_sha256_BYTES];
	size_t errors0 = d->n_errors, from = d->n;

	memset(&ld, 0, sizeof(ld));
	f = xcalloc(1, sizeof(*f));
	crypto_hash_sha256(hash, (const unsigned char *)buf,
	    (unsigned long long)len);
	sodium_bin2hex(f->hash, sizeof(f->hash), hash, sizeof(hash));
	f->source = xstrndup(buf, len);
	f->source_len = len;

	if (sheet_book_read(&book, file, buf, len, chunk, d) == 0) {
		f->format = book.source == SHEET_XLSX ? FORM_XLSX :
		    book.source == SHEET_ODS ? FORM_ODS : FORM_CSV;
		ld.file = file;
		ld.book = &book;
		ld.d = d;
		ld.errors0 = errors0;
		ld.f = f;
		read_book(&ld);
	}
	/* The form borrows nothing from the book: release it now. */
	sheet_book_release(&book);
	diag_sort(d, from);
	if (d->n_errors != errors0) {
		form_free(f);
		return NULL;
	}
	return f;
}

struct form *
form_parse(const char *file, const char *buf, size_t len, struct diag *d)
{
	return form_parse_chunked(file, buf, len, 0, d);
}

struct form *
form_load_file(const char *path, struct diag *d)
{
	FILE *fp = NULL;
	char *buf = NULL;
	size_t len = 0, alloc = 0, n;
	struct form *f = NULL;

	fp = fopen(path, "rb");
	if (fp == NULL) {
		diag_add(d, DIAG_ERROR, path, 0, 0, _("impossible d'ouvrir « %s » : %s"),
		    path, strerror(errno));
		goto done;
	}
	for (;;) {
		if (alloc - len < 4096) {
			alloc = alloc ? 2 * alloc : 8192;
			buf = xrealloc(buf, alloc);
		}
		n = fread(buf + len, 1, alloc - len, fp);
		len += n;
		if (n == 0)
			break;
		if (len > SHEET_MAX_FILE)
			break;
	}
	if (ferror(fp)) {
		diag_add(d, DIAG_ERROR, path, 0, 0, _("impossible de lire « %s » : %s"),
		    path, strerror(errno));
		goto done;
	}
	f = form_parse(path, buf ? buf : "", len, d);
done:
	if (fp != NULL)
		fclose(fp);
	free(buf);
	return f;
}

int
form_retention(const struct form *f, int server_days)
{
	if (f->retention_days > 0 &&
	    (server_days <= 0 || f->retention_days < server_days))
		return f->retention_days;
	return server_days;
}

void
form_free(struct form *f)
{
	size_t i, j;

	if (f == NULL)
		return;
	for (i = 0; i < f->n_questions; i++) {
		struct question *q = &f->questions[i];

		free(q->name);
		text_release(f, &q->label);
		text_release(f, &q->hint);
		text_release(f, &q->image);
		text_release(f, &q->required_message);
		text_release(f, &q->constraint_message);
		expr_free(q->relevant);
		free(q->relevant_src);
		expr_free(q->constraint);
		free(q->constraint_src);
		expr_free(q->calculation);
		free(q->calculation_src);
		expr_free(q->choice_filter);
		free(q->choice_filter_src);
		free(q->default_value);
	}
	free(f->questions);
	for (i = 0; i < f->n_lists; i++) {
		for (j = 0; j < f->lists[i].n_choices; j++) {
			free(f->lists[i].choices[j].name);
			text_release(f, &f->lists[i].choices[j].label);
			text_release(f, &f->lists[i].choices[j].image);
			for (size_t k = 0; f->lists[i].choices[j].cols != NULL &&
			    k < f->n_choice_cols; k++)
				free(f->lists[i].choices[j].cols[k]);
			free(f->lists[i].choices[j].cols);
		}
		free(f->lists[i].choices);
		free(f->lists[i].name);
	}
	free(f->lists);
	for (i = 0; i < f->n_choice_cols; i++)
		free(f->choice_cols[i]);
	free(f->choice_cols);
	for (i = 0; i < f->n_indicators; i++) {
		free(f->indicators[i].objet);
		free(f->indicators[i].indicateur);
		free(f->indicators[i].question);
		free(f->indicators[i].valeur);
	}
	free(f->indicators);
	for (i = 0; i < f->n_langs; i++) {
		free(f->langs[i]);
		free(f->lang_codes[i]);
	}
	free(f->langs);
	free(f->lang_codes);
	free(f->id);
	free(f->title);
	free(f->version);
	free(f->source);
	free(f);
}

const struct question *
form_question(const struct form *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->n_questions; i++)
		if (f->questions[i].name != NULL &&
		    strcmp(f->questions[i].name, name) == 0)
			return &f->questions[i];
	return NULL;
}

const struct choice *
form_choice(const struct choice_list *l, const char *name)
{
	size_t i;

	if (l == NULL)
		return NULL;
	for (i = 0; i < l->n_choices; i++)
		if (strcmp(l->choices[i].name, name) == 0)
			return &l->choices[i];
	return NULL;
}

size_t
form_lang(const struct form *f, const char *code)
{
	int i;

	if (code == NULL || code[0] == '\0')
		return 0;
	i = form_lang_index(f, code);
	return i < 0 ? 0 : (size_t)i;
}

const char *
form_text(const struct form *f, const struct text *t, size_t lang)
{
	size_t i;

	if (t == NULL || t->v == NULL)
		return "";
	if (lang < f->n_langs && t->v[lang] != NULL)
		return t->v[lang];
	if (f->n_langs > 0 && t->v[0] != NULL)
		return t->v[0];
	for (i = 0; i < f->n_langs; i++)
		if (t->v[i] != NULL)
			return t->v[i];
	return "";
}

const char *
form_type_name(enum q_type t)
{
	switch (t) {
	case Q_TEXT: return "text";
	case Q_INTEGER: return "integer";
	case Q_DECIMAL: return "decimal";
	case Q_DATE: return "date";
	case Q_SELECT_ONE: return "select_one";
	case Q_SELECT_MULTIPLE: return "select_multiple";
	case Q_RANGE: return "range";
	case Q_NOTE: return "note";
	case Q_BEGIN_GROUP: return "begin_group";
	case Q_END_GROUP: return "end_group";
	case Q_CALCULATE: return "calculate";
	}
	return "?";
}

int
form_is_definition_name(const char *name)
{
	static const char *const exts[] = { ".csv", ".xlsx", ".ods" };
	size_t len = strlen(name), e, i;

	if (name[0] == '.')
		return 0;
	for (i = 0; i < sizeof(exts) / sizeof(*exts); i++) {
		e = strlen(exts[i]);
		if (len > e && ascii_casecmp(name + len - e, exts[i]) == 0)
			return 1;
	}
	return 0;
}

const char *
form_format_ext(enum form_format fmt)
{
	switch (fmt) {
	case FORM_XLSX: return ".xlsx";
	case FORM_ODS: return ".ods";
	case FORM_CSV: break;
	}
	return ".csv";
}

const char *
form_measure_name(enum measure m)
{
	if ((size_t)m < sizeof(measure_names) / sizeof(*measure_names))
		return measure_names[m];
	return "?";
}

size_t
form_utf8_length(const char *s)
{
	return utf8_length(s);
}
