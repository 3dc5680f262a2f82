/*
 * export.c - the exports: responses, stats, the evaluation table and the
 * workbook of all three with the free-text answers (see export.h).
 *
 * Rows come from the storage module's cursors (store_export_*) and go to
 * the row/cell writer (tabout.h: CSV, .xlsx or .ods) as they come.  What stays in memory is bounded by the
 * forms (columns, choices, indicators) and by the meetings' host centres,
 * never by the number of responses.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "code.h"
#include "export.h"
#include "form.h"
#include "i18n.h"
#include "registry.h"
#include "stats.h"
#include "store.h"
#include "tabout.h"
#include "util.h"

/* ---- options ---------------------------------------------------------- */

void
export_options_init(struct export_options *o, enum export_kind kind)
{
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->sep = ',';
	o->decimal = '.';
}

/*
 * The options, as data: one row per option, read by export_option_set,
 * export_option_takes_value and export_option_applies.  The CLI (`--name
 * value`) and the staff download page (`?name=value`) both go through it,
 * so an option is spelled, checked and explained in one place.
 */
typedef int option_fn(struct export_options *o, const char *name,
    const char *value, char *err, size_t errlen);

static option_fn set_form, set_meeting, set_date, set_sep, set_decimal,
    set_by, set_min_count, set_bom, set_codes, set_excel_fr, set_format,
    set_period, set_header;

#define ALL_KINDS ((1u << EXPORT_RESPONSES) | (1u << EXPORT_STATS) | \
	(1u << EXPORT_EVALUATION) | (1u << EXPORT_WORKBOOK))
/* The stats' options also shape the workbook's statistics sheet. */
#define STATS_ONLY ((1u << EXPORT_STATS) | (1u << EXPORT_WORKBOOK))

static const struct option_def {
	const char *name;
	int flag;          /* takes no value (or a yes/no word) */
	unsigned kinds;    /* the exports it applies to, by 1 << kind */
	option_fn *set;
} options[] = {
	{ "form", 0, ALL_KINDS, set_form },
	{ "meeting", 0, ALL_KINDS, set_meeting },
	{ "from", 0, ALL_KINDS, set_date },
	{ "to", 0, ALL_KINDS, set_date },
	{ "sep", 0, ALL_KINDS, set_sep },
	{ "decimal", 0, ALL_KINDS, set_decimal },
	{ "by", 0, STATS_ONLY, set_by },
	{ "min-count", 0, STATS_ONLY, set_min_count },
	{ "bom", 1, ALL_KINDS, set_bom },
	{ "codes", 1, ALL_KINDS, set_codes },
	{ "excel-fr", 1, ALL_KINDS, set_excel_fr },
	{ "format", 0, ALL_KINDS, set_format },
	{ "period", 0, ALL_KINDS, set_period },
	{ "header", 0, ALL_KINDS, set_header },
};

/* The exports by name, with the file name a download suggests. */
static const struct kind_def {
	enum export_kind kind;
	const char *name;
	const char *filename;
} kinds[] = {
	{ EXPORT_RESPONSES, "responses", "recueil-reponses.csv" },
	{ EXPORT_STATS, "stats", "recueil-stats.csv" },
	{ EXPORT_EVALUATION, "evaluation", "recueil-evaluation.csv" },
	{ EXPORT_WORKBOOK, "workbook", "recueil-classeur.xlsx" },
};

/* File names by kind (as in kinds) and format (enum tabout_format). */
static const char *const file_names[][3] = {
	{ "recueil-reponses.csv", "recueil-reponses.xlsx",
	    "recueil-reponses.ods" },
	{ "recueil-stats.csv", "recueil-stats.xlsx", "recueil-stats.ods" },
	{ "recueil-evaluation.csv", "recueil-evaluation.xlsx",
	    "recueil-evaluation.ods" },
	{ "recueil-classeur.csv", "recueil-classeur.xlsx",
	    "recueil-classeur.ods" },
};

static const struct option_def *
option_find(const char *name)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(*options); i++)
		if (strcmp(options[i].name, name) == 0)
			return &options[i];
	return NULL;
}

int
export_option_takes_value(const char *name)
{
	const struct option_def *d = option_find(name);

	return d == NULL ? -1 : !d->flag;
}

int
export_option_applies(enum export_kind kind, const char *name)
{
	const struct option_def *d = option_find(name);

	return d != NULL && (d->kinds & (1u << kind)) != 0;
}

int
export_kind_parse(const char *name, enum export_kind *kind, char *err,
    size_t errlen)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (strcmp(kinds[i].name, name) == 0) {
			*kind = kinds[i].kind;
			return 0;
		}
	snprintf(err, errlen, _("« %s » n'est pas un export : utilisez "
	    "responses, stats, evaluation ou workbook"), name);
	return -1;
}

const char *
export_kind_name(enum export_kind kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (kinds[i].kind == kind)
			return kinds[i].name;
	return "?";
}

const char *
export_filename(enum export_kind kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (kinds[i].kind == kind)
			return kinds[i].filename;
	return "recueil.csv";
}

int
export_format(const struct export_options *o)
{
	if (o->kind == EXPORT_WORKBOOK && !o->format_set)
		return TABOUT_XLSX;
	return o->format;
}

const char *
export_file_name(enum export_kind kind, int format)
{
	if ((size_t)kind >= sizeof(file_names) / sizeof(*file_names) ||
	    format < 0 || format > 2)
		return "recueil.csv";
	return file_names[kind][format];
}

int
export_option_set(struct export_options *o, const char *name,
    const char *value, char *err, size_t errlen)
{
	const struct option_def *d = option_find(name);

	if (d == NULL) {
		snprintf(err, errlen, _("option --%s inconnue"), name);
		return -1;
	}
	if (!(d->kinds & (1u << o->kind))) {
		/* Options of one export only name it (STATS_ONLY today). */
		enum export_kind k = EXPORT_RESPONSES;

		for (size_t i = sizeof(kinds) / sizeof(*kinds); i-- > 0;)
			if (d->kinds & (1u << kinds[i].kind))
				k = kinds[i].kind;
		snprintf(err, errlen, _("--%s ne s'applique qu'à l'export "
		    "%s"), name,
		    export_kind_name(k));
		return -1;
	}
	if (!d->flag && (value == NULL || *value == '\0')) {
		snprintf(err, errlen, _("--%s demande une valeur"), name);
		return -1;
	}
	return d->set(o, name, value, err, errlen);
}

/* A flag's value: none (set), or a yes/no word as a web form sends it. */
static int
flag_value(const char *name, const char *v, int *out, char *err,
    size_t errlen)
{
	static const char *const yes[] = { "1", "yes", "on", "true" };
	static const char *const no[] = { "0", "no", "off", "false" };

	if (v == NULL) {
		*out = 1;
		return 0;
	}
	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
		if (strcmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	snprintf(err, errlen, _("--%s ne prend pas de valeur (reçu « %s »)"), name, v);
	return -1;
}

static int
set_bom(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	return flag_value(name, value, &o->bom, err, errlen);
}

static int
set_codes(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	return flag_value(name, value, &o->codes, err, errlen);
}

static int
set_excel_fr(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	int on;

	if (flag_value(name, value, &on, err, errlen) < 0)
		return -1;
	if (on) {
		o->sep = ';';
		o->bom = 1;
		o->decimal = ',';
	}
	return 0;
}

static int
set_form(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	(void)name;
	(void)err;
	(void)errlen;
	o->form_id = value;
	return 0;
}

static int
set_meeting(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	char code[CODE_LEN + 1];

	(void)name;
	if (code_normalize(value, code) < 0) {
		snprintf(err, errlen, _("--meeting « %s » n'est pas un code "
		    "de rencontre"),
		    value);
		return -1;
	}
	o->meeting = value;
	return 0;
}

static int
set_date(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	if (!date_valid(value)) {
		snprintf(err, errlen, _("--%s « %s » n'est pas une date : "
		    "écrivez AAAA-MM-JJ, par exemple 2026-01-31"), name, value);
		return -1;
	}
	if (strcmp(name, "from") == 0)
		o->from = value;
	else
		o->to = value;
	return 0;
}

static int
set_sep(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	static const struct { const char *word; char sep; } seps[] = {
		{ ",", ',' }, { "comma", ',' }, { ";", ';' },
		{ "semicolon", ';' }, { "tab", '\t' }, { "\t", '\t' },
	};

	(void)name;
	for (size_t i = 0; i < sizeof(seps) / sizeof(*seps); i++)
		if (strcmp(value, seps[i].word) == 0) {
			o->sep = seps[i].sep;
			return 0;
		}
	snprintf(err, errlen, _("--sep « %s » n'est pas un séparateur : "
	    "utilisez « , », « ; » ou « tab »"), value);
	return -1;
}

static int
set_decimal(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	(void)name;
	if (strcmp(value, ".") == 0 || strcmp(value, ",") == 0) {
		o->decimal = value[0];
		return 0;
	}
	snprintf(err, errlen, _("--decimal « %s » n'est pas une marque "
	    "décimale : utilisez « . » ou « , »"), value);
	return -1;
}

static int
set_format(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	enum tabout_format f;

	(void)name;
	if (tabout_format_parse(value, &f) < 0) {
		snprintf(err, errlen, _("--format « %s » : choisissez csv, xlsx "
		    "ou ods"), value);
		return -1;
	}
	if (o->kind == EXPORT_WORKBOOK && f == TABOUT_CSV) {
		snprintf(err, errlen, "%s", _("--format csv : un fichier CSV ne "
		    "contient qu'un tableau ; le classeur s'écrit en xlsx ou ods"));
		return -1;
	}
	o->format = (int)f;
	o->format_set = 1;
	return 0;
}

static int
set_header(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	(void)name;
	if (strcmp(value, "names") != 0 && strcmp(value, "labels") != 0) {
		snprintf(err, errlen, _("--header « %s » : choisissez names "
		    "(les noms fixes des colonnes, pour les scripts) ou labels "
		    "(leurs intitulés, dans la langue choisie)"), value);
		return -1;
	}
	o->header_names = strcmp(value, "names") == 0;
	return 0;
}

static int
set_by(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	(void)name;
	if (strcmp(value, "meeting") != 0) {
		snprintf(err, errlen, _("--by « %s » n'est pas possible : "
		    "utilisez --by meeting"), value);
		return -1;
	}
	o->by_meeting = 1;
	return 0;
}

static int
set_min_count(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	char *end = NULL;
	long n = strtol(value, &end, 10);

	(void)name;
	if (end == value || *end != '\0' || n < 0 || n > 1000000) {
		snprintf(err, errlen, _("--min-count « %s » n'est pas un "
		    "effectif : écrivez un nombre entier de 0 à 1000000"), value);
		return -1;
	}
	o->min_count = (int)n;
	return 0;
}

/* --period 2026, repeated or as a list ("2025,2026"). */
static int
set_period(struct export_options *o, const char *name, const char *value,
    char *err, size_t errlen)
{
	char why[400];

	(void)name;
	if (period_list_parse(value, o->periods, EXPORT_MAX_PERIODS,
	    &o->n_periods, why, sizeof(why)) < 0) {
		snprintf(err, errlen, "--period: %s", why);
		return -1;
	}
	return 0;
}

/* ---- common ----------------------------------------------------------- */

struct ctx {
	struct store *s;
	struct registry *forms;
	const struct export_options *o;
	struct store_export_filter f;
	struct tabout *w;
	char *err;
	size_t errlen;
};

/*
 * Rows and cells: the only place the exports write.  Each export lays out
 * its rows with these calls, in order, one row at a time; the row/cell
 * writer behind them (tabout.h) makes them CSV fields (the bytes csvout
 * always wrote) or typed workbook cells.  A failure is kept by the
 * writer; row_end() reports it.
 */
static void
cell_text(struct ctx *c, const char *s)
{
	tabout_text(c->w, s);
}

/* A column's fixed name (--header names) and its title (N_, French). */
struct head {
	const char *name, *title;
};

static void
cell_head(struct ctx *c, const struct head *h)
{
	tabout_text(c->w, c->o->header_names ? h->name : _(h->title));
}

static void
cell_textn(struct ctx *c, const char *s, size_t len)
{
	tabout_textn(c->w, s, len);
}

/* `n` empty cells. */
static void
cell_empty(struct ctx *c, int n)
{
	while (n-- > 0)
		tabout_empty(c->w);
}

static void
cell_int(struct ctx *c, int64_t v)
{
	tabout_int(c->w, v);
}

/* A number with `prec` decimals at most, in the export's decimal mark. */
static void
cell_number(struct ctx *c, double v, int prec)
{
	tabout_decimal(c->w, v, prec);
}

/* A percentage given in percent, `prec` decimals at most. */
static void
cell_percent(struct ctx *c, double v, int prec)
{
	tabout_percent(c->w, v, prec);
}

/* A date, YYYY-MM-DD (a meeting's). */
static void
cell_date(struct ctx *c, const char *ymd)
{
	tabout_date(c->w, ymd);
}

/* A date and time in ISO 8601 (a submission's). */
static void
cell_datetime(struct ctx *c, const char *iso)
{
	tabout_datetime(c->w, iso);
}

/* A number as it was answered (the decimal mark follows the export). */
static void
cell_number_text(struct ctx *c, const char *v)
{
	tabout_number_text(c->w, v);
}

/* End the row: 0, or -1 when the writer failed (the export stops). */
static int
row_end(struct ctx *c)
{
	return tabout_end_row(c->w);
}

/* Whether the writer failed. */
static int
write_failed(struct ctx *c)
{
	return tabout_error(c->w)[0] != '\0';
}

static int
store_err(struct ctx *c)
{
	snprintf(c->err, c->errlen, "%s", store_error(c->s));
	return -1;
}

static int
write_err(struct ctx *c)
{
	if (write_failed(c))
		snprintf(c->err, c->errlen, "%s", tabout_error(c->w));
	else
		snprintf(c->err, c->errlen, _("impossible d'écrire l'export"));
	return -1;
}

/* Whether a question holds an answer (not a note or a group marker). */
static int
answerable(const struct question *q)
{
	return q->name != NULL && q->type != Q_NOTE &&
	    q->type != Q_BEGIN_GROUP && q->type != Q_END_GROUP;
}

static int
numeric(enum q_type t)
{
	return t == Q_INTEGER || t == Q_DECIMAL || t == Q_RANGE;
}

static int
selecting(enum q_type t)
{
	return t == Q_SELECT_ONE || t == Q_SELECT_MULTIPLE;
}

/* Whether the space-separated list `value` holds the word `name`. */
static int
has_word(const char *value, const char *name)
{
	size_t n = strlen(name);

	if (n == 0)
		return 0;
	for (const char *p = value; *p != '\0';) {
		size_t k;

		while (*p == ' ')
			p++;
		k = strcspn(p, " ");
		if (k == n && memcmp(p, name, n) == 0)
			return 1;
		p += k;
	}
	return 0;
}

/* The form version `id`, or NULL with a message. */
static const struct form *
version(struct ctx *c, int64_t id)
{
	const struct form *f = registry_version(c->forms, c->s, id);

	if (f == NULL)
		snprintf(c->err, c->errlen, _("impossible de lire la "
		    "version %lld du questionnaire dans la base"), (long long)id);
	return f;
}

/* The current definition of form `id`: the loaded file, else the newest
 * stored version.  NULL (no message) when there is none. */
static const struct form *
current_form(struct ctx *c, const char *id)
{
	const struct form *f = registry_get(c->forms, id);
	int64_t vid;

	if (f != NULL)
		return f;
	if (store_export_latest_version(c->s, id, &vid) != 0)
		return NULL;
	return registry_version(c->forms, c->s, vid);
}

/* ---- columns: the questions of one or more versions of a form -------- */

struct column {
	const char *name;              /* borrowed from a form */
	const struct question *q;      /* newest definition */
	const struct form *form;       /* the form of q */
	const char **choices;          /* union of choice names (selects) */
	size_t n_choices;
};

struct columns {
	struct column *v;
	size_t n;
	size_t *by_name;               /* indexes sorted by name */
};

static void
columns_release(struct columns *cs)
{
	for (size_t i = 0; i < cs->n; i++)
		free(cs->v[i].choices);
	free(cs->v);
	free(cs->by_name);
	memset(cs, 0, sizeof(*cs));
}

static ssize_t
column_find(const struct columns *cs, const char *name)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcmp(cs->v[i].name, name) == 0)
			return (ssize_t)i;
	return -1;
}

static void
add_choices(struct column *col, const struct question *q)
{
	if (q->list == NULL)
		return;
	for (size_t k = 0; k < q->list->n_choices; k++) {
		const char *name = q->list->choices[k].name;
		int seen = 0;

		for (size_t j = 0; j < col->n_choices && !seen; j++)
			seen = strcmp(col->choices[j], name) == 0;
		if (seen)
			continue;
		col->choices = xrealloc(col->choices,
		    (col->n_choices + 1) * sizeof(*col->choices));
		col->choices[col->n_choices++] = name;
	}
}

/*
 * Merge the questions of `f` into the columns.  Forms are merged newest
 * first: the newest version gives the order and the definitions; a
 * question only an older version had goes right after the question that
 * preceded it there.
 */
static void
columns_merge(struct columns *cs, const struct form *f)
{
	ssize_t after = -1;

	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		ssize_t at;

		if (!answerable(q))
			continue;
		if ((at = column_find(cs, q->name)) < 0) {
			at = after + 1;
			cs->v = xrealloc(cs->v, (cs->n + 1) * sizeof(*cs->v));
			memmove(cs->v + at + 1, cs->v + at,
			    (cs->n - (size_t)at) * sizeof(*cs->v));
			memset(&cs->v[at], 0, sizeof(cs->v[at]));
			cs->v[at].name = q->name;
			cs->v[at].q = q;
			cs->v[at].form = f;
			cs->n++;
		}
		if (selecting(q->type) && cs->v[at].q->type == q->type)
			add_choices(&cs->v[at], q);
		after = at;
	}
}

static const struct columns *sort_target;

static int
by_column_name(const void *a, const void *b)
{
	size_t ia = *(const size_t *)a, ib = *(const size_t *)b;

	return strcmp(sort_target->v[ia].name, sort_target->v[ib].name);
}

static void
columns_index(struct columns *cs)
{
	cs->by_name = xcalloc(cs->n + 1, sizeof(*cs->by_name));
	for (size_t i = 0; i < cs->n; i++)
		cs->by_name[i] = i;
	sort_target = cs;
	if (cs->n > 1)
		qsort(cs->by_name, cs->n, sizeof(*cs->by_name),
		    by_column_name);
	sort_target = NULL;
}

/* Column index of `name` by binary search, -1 when absent. */
static ssize_t
columns_lookup(const struct columns *cs, const char *name)
{
	size_t lo = 0, hi = cs->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int cmp = strcmp(name, cs->v[cs->by_name[mid]].name);

		if (cmp == 0)
			return (ssize_t)cs->by_name[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* Versions of the selection, newest first, and the forms they belong to. */
struct versions {
	int64_t *ids;
	char **form_ids;
	size_t n;
};

static int
versions_add(int64_t id, const char *form_id, void *arg)
{
	struct versions *vs = arg;

	vs->ids = xrealloc(vs->ids, (vs->n + 1) * sizeof(*vs->ids));
	vs->form_ids = xrealloc(vs->form_ids, (vs->n + 1) *
	    sizeof(*vs->form_ids));
	vs->ids[vs->n] = id;
	vs->form_ids[vs->n] = xstrdup(form_id);
	vs->n++;
	return 0;
}

static void
versions_release(struct versions *vs)
{
	for (size_t i = 0; i < vs->n; i++)
		free(vs->form_ids[i]);
	free(vs->ids);
	free(vs->form_ids);
	memset(vs, 0, sizeof(*vs));
}

/*
 * The columns of form `form_id` for the selection `f`: every version its
 * selected responses were given against, else its current definition.
 */
static int
columns_build(struct ctx *c, const struct store_export_filter *f,
    const char *form_id, struct columns *cs)
{
	struct store_export_filter ff = *f;
	struct versions vs = { 0 };
	int rc = -1;

	ff.form_id = form_id;
	if (store_export_versions(c->s, &ff, versions_add, &vs) < 0) {
		store_err(c);
		goto done;
	}
	for (size_t i = vs.n; i-- > 0;) {
		const struct form *fv = version(c, vs.ids[i]);

		if (fv == NULL)
			goto done;
		columns_merge(cs, fv);
	}
	if (vs.n == 0) {
		const struct form *cur = current_form(c, form_id);

		if (cur != NULL)
			columns_merge(cs, cur);
	}
	columns_index(cs);
	rc = 0;
done:
	versions_release(&vs);
	return rc;
}

/* The label of choice `name` of question `q` of form `f`, or NULL. */
static const char *
choice_label(const struct form *f, const struct question *q,
    const char *name)
{
	const struct choice *ch;

	if (q == NULL || q->list == NULL)
		return NULL;
	if ((ch = form_choice(q->list, name)) == NULL)
		return NULL;
	return form_text(f, &ch->label, 0);
}

/* ---- responses -------------------------------------------------------- */

/*
 * The rows of the responses export.  Nothing is allocated per response:
 * the answers of the current response are copied into one reused buffer,
 * the meeting's columns are copied when the meeting changes, and what
 * depends on the form version (each column's question in that version,
 * the choices it offered) is worked out when the version changes.
 */
struct resp {
	struct ctx *c;
	struct columns cols;
	int64_t id;            /* current response, 0 before the first */
	int64_t version_id;
	int64_t submitted_at;
	enum store_channel channel;
	int64_t meeting_id;    /* of code, title and date */
	char *code, *title, *date;
	size_t *values;        /* per column, offset + 1 in buf, 0 when not
	                          answered */
	char *buf;             /* the current response's answers */
	size_t len, cap;
	size_t hint;           /* by_name position after the last answer */
	size_t *pos;           /* per column, its by_name position */
	const struct form *vform;   /* the current response's version */
	const struct question **vq; /* per column, its question in vform */
	unsigned char *offered;     /* per choice column, by choice_at */
	size_t *choice_at;          /* per column, first index in offered */
	char when[40];         /* submitted_at, formatted */
	int64_t when_t;
	int failed;
};

static void
resp_clear(struct resp *r)
{
	memset(r->values, 0, r->cols.n * sizeof(*r->values));
	r->len = 0;
	r->id = 0;
}

static void
resp_release(struct resp *r)
{
	free(r->values);
	free(r->buf);
	free(r->code);
	free(r->title);
	free(r->date);
	free(r->vq);
	free(r->offered);
	free(r->choice_at);
	free(r->pos);
}

/* Work out what depends on the response's version `r->vform`. */
static void
resp_version(struct resp *r)
{
	size_t at = 0;

	for (size_t i = 0; i < r->cols.n; i++) {
		const struct column *col = &r->cols.v[i];
		const struct question *vq = r->vform != NULL ?
		    form_question(r->vform, col->name) : NULL;

		r->vq[i] = vq;
		if (col->q->type != Q_SELECT_MULTIPLE)
			continue;
		for (size_t k = 0; k < col->n_choices; k++)
			r->offered[at + k] = vq != NULL && vq->list != NULL &&
			    form_choice(vq->list, col->choices[k]) != NULL;
		at += col->n_choices;
	}
}

/* Prepare the per-column tables once the columns are known. */
static void
resp_init_tables(struct resp *r)
{
	size_t at = 0;

	r->values = xcalloc(r->cols.n + 1, sizeof(*r->values));
	r->vq = xcalloc(r->cols.n + 1, sizeof(*r->vq));
	r->choice_at = xcalloc(r->cols.n + 1, sizeof(*r->choice_at));
	for (size_t i = 0; i < r->cols.n; i++) {
		r->choice_at[i] = at;
		if (r->cols.v[i].q->type == Q_SELECT_MULTIPLE)
			at += r->cols.v[i].n_choices;
	}
	r->offered = xcalloc(at + 1, 1);
	r->pos = xcalloc(r->cols.n + 1, sizeof(*r->pos));
	for (size_t k = 0; k < r->cols.n; k++)
		r->pos[r->cols.by_name[k]] = k;
}

static int
resp_header(struct resp *r)
{
	struct ctx *c = r->c;
	static const struct head fixed[] = {
		{ "response_id", N_("Réponse n°") },
		{ "meeting_code", N_("Code de la rencontre") },
		{ "meeting_title", N_("Rencontre") },
		{ "meeting_date", N_("Date de la rencontre") },
		{ "submitted_at", N_("Envoyée le") },
		{ "channel", N_("Canal") },
	};

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		cell_head(c, &fixed[i]);
	for (size_t i = 0; i < r->cols.n; i++) {
		const struct column *col = &r->cols.v[i];

		cell_text(c, col->name);
		if (col->q->type != Q_SELECT_MULTIPLE)
			continue;
		for (size_t k = 0; k < col->n_choices; k++) {
			char *h = xasprintf("%s/%s", col->name, col->choices[k]);

			cell_text(c, h);
			free(h);
		}
	}
	return row_end(c);
}

/* Write the main cell of an answer: labels unless --codes. */
static void
resp_value(struct resp *r, size_t i, const char *v)
{
	struct ctx *c = r->c;
	const struct column *col = &r->cols.v[i];
	const struct question *q = r->vq[i];
	enum q_type t = q != NULL ? q->type : col->q->type;

	if (v == NULL) {
		cell_empty(c, 1);
		return;
	}
	if (numeric(t)) {
		cell_number_text(c, v);
		return;
	}
	if (r->c->o->codes || !selecting(t)) {
		cell_text(c, v);
		return;
	}
	if (t == Q_SELECT_ONE) {
		const char *l = choice_label(r->vform, q, v);

		cell_text(c, l != NULL ? l : v);
		return;
	}
	/* select_multiple: the labels joined with "; ". */
	{
		char small[512], name_small[128];
		size_t cap = sizeof(small), len = 0;
		char *buf = small;

		buf[0] = '\0';
		for (const char *p = v; *p != '\0';) {
			char *name = name_small;
			const char *l;
			size_t k, ll;

			while (*p == ' ')
				p++;
			if ((k = strcspn(p, " ")) == 0)
				break;
			if (k < sizeof(name_small)) {
				memcpy(name_small, p, k);
				name_small[k] = '\0';
			} else
				name = xstrndup(p, k);
			l = choice_label(r->vform, q, name);
			if (l == NULL)
				l = name;
			ll = strlen(l);
			while (len + ll + 3 > cap) {
				if (buf == small) {
					buf = xmalloc(cap *= 2);
					memcpy(buf, small, len + 1);
				} else
					buf = xrealloc(buf, cap *= 2);
			}
			if (len > 0) {
				memcpy(buf + len, "; ", 2);
				len += 2;
			}
			memcpy(buf + len, l, ll);
			len += ll;
			buf[len] = '\0';
			if (name != name_small)
				free(name);
			p += k;
		}
		cell_textn(c, buf, len);
		if (buf != small)
			free(buf);
	}
}

static char *
two_digits(char *p, long v)
{
	*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/*
 * time_iso's format (YYYY-MM-DDTHH:MM:SS+HH:MM), written by hand:
 * strftime and snprintf showed in the profile of the responses export,
 * one call per row.  Years outside 1000..9999 go through time_iso.
 */
static const char *
when_iso(int64_t t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	long y, off;
	char *p = buf;

	if (len < 26 || localtime_r(&tt, &tm) == NULL)
		return time_iso(t, buf, len);
	y = tm.tm_year + 1900L;
	if (y < 1000 || y > 9999)
		return time_iso(t, buf, len);
	p = two_digits(p, y / 100);
	p = two_digits(p, y % 100);
	*p++ = '-';
	p = two_digits(p, tm.tm_mon + 1L);
	*p++ = '-';
	p = two_digits(p, tm.tm_mday);
	*p++ = 'T';
	p = two_digits(p, tm.tm_hour);
	*p++ = ':';
	p = two_digits(p, tm.tm_min);
	*p++ = ':';
	p = two_digits(p, tm.tm_sec);
	off = tm.tm_gmtoff;
	*p++ = off < 0 ? '-' : '+';
	off = labs(off);
	if (off / 3600 > 99)
		return time_iso(t, buf, len);
	p = two_digits(p, off / 3600);
	*p++ = ':';
	p = two_digits(p, off % 3600 / 60);
	*p = '\0';
	return buf;
}

/*
 * How each response came in, in words (issue 16; --codes gives the codes
 * phone, kiosk, paper): the public form on one's own device, the centre's
 * shared tablet, a paper sheet typed in.
 */
static const char *const channel_labels[STORE_CHANNELS] = {
	N_("web"), N_("tablette"), N_("papier")
};

static int
resp_flush(struct resp *r)
{
	struct ctx *c = r->c;

	if (r->id == 0)
		return 0;
	cell_int(c, r->id);
	cell_text(c, r->code);
	cell_text(c, r->title);
	cell_date(c, r->date);
	/* Submission times are coarsened (a day by default): format each
	 * distinct one once. */
	if (r->when[0] == '\0' || r->submitted_at != r->when_t) {
		when_iso(r->submitted_at, r->when, sizeof(r->when));
		r->when_t = r->submitted_at;
	}
	cell_datetime(c, r->when);
	cell_text(c, c->o->codes ? store_channel_code(r->channel) :
	    _(channel_labels[r->channel]));
	for (size_t i = 0; i < r->cols.n; i++) {
		const struct column *col = &r->cols.v[i];
		const char *v = r->values[i] ? r->buf + r->values[i] - 1 : NULL;
		const unsigned char *offered;

		resp_value(r, i, v);
		if (col->q->type != Q_SELECT_MULTIPLE)
			continue;
		offered = r->offered + r->choice_at[i];
		for (size_t k = 0; k < col->n_choices; k++) {
			/* Empty when unanswered, or when the response's version
			 * did not offer this choice. */
			if (v == NULL || !offered[k])
				cell_empty(c, 1);
			else
				cell_int(c, has_word(v, col->choices[k]));
		}
	}
	resp_clear(r);
	return row_end(c);
}

/* The column of `question`: answers come by question name, as by_name is
 * sorted, so the column after the previous answer's is tried first. */
static ssize_t
resp_column(struct resp *r, const char *question)
{
	const struct columns *cs = &r->cols;
	ssize_t i;

	if (r->hint < cs->n &&
	    strcmp(cs->v[cs->by_name[r->hint]].name, question) == 0)
		i = (ssize_t)cs->by_name[r->hint];
	else if ((i = columns_lookup(cs, question)) < 0)
		return -1;
	r->hint = r->pos[i] + 1;
	return i;
}

static void
keep_text(char **dst, const char *src)
{
	free(*dst);
	*dst = xstrdup(src);
}

static int
resp_row(const struct store_export_row *row, void *arg)
{
	struct resp *r = arg;
	ssize_t i;
	size_t n;

	if (row->response_id != r->id) {
		if (resp_flush(r) < 0) {
			r->failed = 1;
			return 1;
		}
		r->id = row->response_id;
		r->submitted_at = row->submitted_at;
		r->channel = row->channel < STORE_CHANNELS ? row->channel :
		    STORE_PHONE;
		r->hint = 0;
		if (r->code == NULL || row->meeting_id != r->meeting_id) {
			keep_text(&r->code, row->code);
			keep_text(&r->title, row->title);
			keep_text(&r->date, row->date);
			r->meeting_id = row->meeting_id;
		}
		if (r->vform == NULL || row->version_id != r->version_id) {
			r->version_id = row->version_id;
			r->vform = registry_version(r->c->forms, r->c->s,
			    row->version_id);
			resp_version(r);
		}
	}
	if (row->question == NULL || (i = resp_column(r, row->question)) < 0)
		return 0;
	n = strlen(row->value) + 1;
	if (r->len + n > r->cap) {
		while (r->len + n > r->cap)
			r->cap = r->cap ? 2 * r->cap : 4096;
		r->buf = xrealloc(r->buf, r->cap);
	}
	memcpy(r->buf + r->len, row->value, n);
	r->values[i] = r->len + 1;
	r->len += n;
	return 0;
}

/*
 * The one form of a responses export: --form, else the form of every
 * selected response (*form_id, the caller frees it; NULL when there is
 * no response).  Responses to several forms without --form are bad usage.
 */
static int
only_one_form(struct ctx *c, char **form_id)
{
	struct versions vs = { 0 };
	int rc = 0;

	*form_id = NULL;
	if (c->o->form_id != NULL) {
		*form_id = xstrdup(c->o->form_id);
		return 0;
	}
	if (store_export_versions(c->s, &c->f, versions_add, &vs) < 0) {
		versions_release(&vs);
		return store_err(c);
	}
	for (size_t i = 1; i < vs.n && rc == 0; i++)
		if (strcmp(vs.form_ids[i], vs.form_ids[0]) != 0)
			rc = EXPORT_USAGE;
	if (rc == 0) {
		if (vs.n > 0)
			*form_id = xstrdup(vs.form_ids[0]);
	} else {
		char ids[512];
		size_t off = 0;

		ids[0] = '\0';
		for (size_t k = 0; k < vs.n && off < sizeof(ids); k++) {
			int dup = 0;

			for (size_t j = 0; j < k; j++)
				dup |= strcmp(vs.form_ids[j], vs.form_ids[k]) == 0;
			if (!dup)
				off += (size_t)snprintf(ids + off, sizeof(ids) - off,
				    "%s%s", k ? ", " : "", vs.form_ids[k]);
		}
		snprintf(c->err, c->errlen, _("les réponses choisies répondent à "
		    "plusieurs questionnaires (%s) : leurs colonnes diffèrent, "
		    "choisissez-en un avec --form"), ids);
	}
	versions_release(&vs);
	return rc;
}

/* The responses to form `form_id` (NULL: none) in the selection. */
static int
responses_of(struct ctx *c, const char *form_id)
{
	struct resp r;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.c = c;
	if (form_id != NULL && columns_build(c, &c->f, form_id, &r.cols) < 0)
		goto done;
	if (r.cols.by_name == NULL)
		columns_index(&r.cols);
	resp_init_tables(&r);
	if (resp_header(&r) < 0)
		goto write_fail;
	if (store_export_answers(c->s, &c->f, resp_row, &r) < 0) {
		store_err(c);
		goto done;
	}
	if (r.failed || resp_flush(&r) < 0)
		goto write_fail;
	rc = 0;
	goto done;
write_fail:
	write_err(c);
done:
	resp_release(&r);
	columns_release(&r.cols);
	return rc;
}

static int
export_responses(struct ctx *c)
{
	char *form_id = NULL;
	int rc;

	if ((rc = only_one_form(c, &form_id)) != 0)
		return rc;
	if (tabout_sheet(c->w, _("Réponses")) < 0)
		rc = write_err(c);
	else
		rc = responses_of(c, form_id);
	free(form_id);
	return rc;
}

/* ---- stats ------------------------------------------------------------ */

/*
 * The figures come from the statistics core (stats.h), fed by one pass
 * over the block's answers (store_export_scan) instead of one query per
 * question; this section only lays them out as rows.
 */
struct stats_block {
	const char *form_id;
	const struct meeting *m;   /* --by meeting, else NULL */
};

static void
stats_lead(struct ctx *c, const struct stats_block *b)
{
	cell_text(c, b->form_id);
	if (c->o->by_meeting) {
		cell_text(c, b->m->code);
		cell_text(c, b->m->title);
		cell_date(c, b->m->date);
	}
}

/* A count too small to show: "< N" (a text cell), so nobody in a small
 * group is identifiable and the reader sees why the figure is missing. */
static void
cell_hidden(struct ctx *c)
{
	char t[32];

	snprintf(t, sizeof(t), "< %d", c->o->min_count);
	cell_text(c, t);
}

/* count and percent of respondents; "< N" and no percent when small */
static void
stats_count(struct ctx *c, int64_t count, int64_t respondents)
{
	if (stats_hidden(count, c->o->min_count)) {
		cell_hidden(c);
		cell_empty(c, 1);
		return;
	}
	cell_int(c, count);
	if (respondents > 0)
		cell_percent(c, 100.0 * (double)count / (double)respondents, 1);
	else
		cell_empty(c, 1);
}

/* A count that is hidden when small. */
static void
stats_small(struct ctx *c, int64_t n)
{
	if (stats_hidden(n, c->o->min_count))
		cell_hidden(c);
	else
		cell_int(c, n);
}

static int
stats_choice_rows(struct ctx *c, const struct stats_block *b,
    const struct column *col, const struct stats_question *sq,
    int64_t respondents)
{
	const struct question *q = col->q;
	const char *qlabel = form_text(col->form, &q->label, 0);
	struct stats_choices ch;
	/* Columns after form (and the meeting's code, title and date). */
	uint16_t lead = c->o->by_meeting ? 4 : 1;
	struct tabout_chart chart = { tabout_row(c->w), lead + 1,
	    tabout_row(c->w), 0, lead + 4, lead + 5 };

	stats_choices(sq, col->choices, col->n_choices,
	    q->type == Q_SELECT_MULTIPLE, &ch);
	for (size_t k = 0; k < ch.n; k++) {
		const char *name = ch.v[k].name;
		const char *l = choice_label(col->form, q, name);

		stats_lead(c, b);
		cell_text(c, col->name);
		cell_text(c, qlabel);
		cell_text(c, form_type_name(q->type));
		cell_text(c, name);
		cell_text(c, l != NULL ? l : name);
		stats_count(c, ch.v[k].n, respondents);
		stats_small(c, ch.answered);
		cell_empty(c, 4);
		row_end(c);
	}
	/* A bar per choice (label, count); titled by the question's label
	 * cell, so the title is text whatever the label says. */
	if (ch.n > 0) {
		chart.last_row = chart.first_row + (uint32_t)ch.n - 1;
		tabout_chart(c->w, &chart);
	}
	stats_choices_release(&ch);
	return 0;
}

static int
stats_question_rows(struct ctx *c, const struct stats_block *b,
    const struct column *col, const struct stats_question *sq,
    int64_t respondents)
{
	const struct question *q = col->q;

	if (selecting(q->type))
		return stats_choice_rows(c, b, col, sq, respondents);
	stats_lead(c, b);
	cell_text(c, col->name);
	cell_text(c, form_text(col->form, &q->label, 0));
	cell_text(c, form_type_name(q->type));
	cell_empty(c, 2);
	if (numeric(q->type)) {
		struct stats_numbers ns;

		stats_numbers(sq, &ns);
		stats_count(c, ns.n, respondents);
		if (ns.n == 0) {
			cell_int(c, 0);
			cell_empty(c, 4);
		} else if (stats_hidden(ns.n, c->o->min_count)) {
			cell_hidden(c);
			cell_empty(c, 4);
		} else {
			cell_int(c, ns.n);
			cell_number(c, ns.mean, 2);
			cell_number(c, ns.median, 2);
			cell_number(c, ns.min, 2);
			cell_number(c, ns.max, 2);
		}
	} else {
		stats_count(c, sq->answered, respondents);
		stats_small(c, sq->answered);
		cell_empty(c, 4);
	}
	return row_end(c) < 0 ? write_err(c) : 0;
}

static int
scan_answer(const struct store_export_answer *a, void *arg)
{
	stats_answer(arg, a->question, a->value, a->value_len, 1);
	return 0;
}

/* Stream the answers of the selection `f` to `st`. */
static int
stats_scan(struct ctx *c, struct stats *st, const struct store_export_filter *f)
{
	if (st->n == 0)
		return 0;
	return store_export_scan(c->s, f, scan_answer, st) < 0 ?
	    store_err(c) : 0;
}

/*
 * How the responses came in (issue 16): a row per channel, as the rows of
 * a question's choices, under the pseudo-question "channel".
 */
static int
stats_channels(struct ctx *c, const struct stats_block *b,
    const struct store_export_filter *f, int64_t responses)
{
	int64_t n[STORE_CHANNELS];

	if (store_export_channels(c->s, f, n) < 0)
		return store_err(c);
	for (int k = 0; k < STORE_CHANNELS; k++) {
		stats_lead(c, b);
		cell_text(c, "channel");
		cell_text(c, _("Canal de réponse"));
		cell_text(c, "channel");
		cell_text(c, store_channel_code((enum store_channel)k));
		cell_text(c, _(channel_labels[k]));
		stats_count(c, n[k], responses);
		stats_small(c, responses);
		cell_empty(c, 4);
		if (row_end(c) < 0)
			return write_err(c);
	}
	return 0;
}

static int
stats_block(struct ctx *c, const struct stats_block *b,
    const struct store_export_filter *f, const struct columns *cols)
{
	struct stats st;
	int rc = -1;

	stats_init(&st);
	if (store_export_count_responses(c->s, f, &st.responses) < 0) {
		store_err(c);
		goto done;
	}
	/* One pass over the answers for every question of the block. */
	for (size_t i = 0; i < cols->n; i++)
		stats_watch(&st, cols->v[i].name, selecting(cols->v[i].q->type) ||
		    numeric(cols->v[i].q->type));
	if (stats_scan(c, &st, f) < 0)
		goto done;
	stats_lead(c, b);
	cell_empty(c, 2);
	cell_text(c, "responses");
	cell_empty(c, 2);
	stats_count(c, st.responses, st.responses);
	cell_empty(c, 5);
	if (row_end(c) < 0) {
		write_err(c);
		goto done;
	}
	if (stats_channels(c, b, f, st.responses) < 0)
		goto done;
	for (size_t i = 0; i < cols->n; i++)
		if (stats_question_rows(c, b, &cols->v[i],
		    stats_question(&st, cols->v[i].name), st.responses) < 0)
			goto done;
	rc = write_failed(c) ? write_err(c) : 0;
done:
	stats_release(&st);
	return rc;
}

struct stats_form {
	struct ctx *c;
	const char *form_id;
	struct store_export_filter f;
	struct columns *cols;
	int rc;
};

static int
stats_meeting(const struct meeting *m, void *arg)
{
	struct stats_form *sf = arg;
	struct stats_block b = { sf->form_id, m };
	struct store_export_filter f = sf->f;

	f.meeting_id = m->id;
	if (stats_block(sf->c, &b, &f, sf->cols) < 0) {
		sf->rc = -1;
		return 1;
	}
	return 0;
}

static int
stats_form(struct ctx *c, const char *form_id)
{
	struct columns cols = { 0 };
	struct stats_form sf;
	int rc = -1;

	memset(&sf, 0, sizeof(sf));
	sf.c = c;
	sf.form_id = form_id;
	sf.f = c->f;
	sf.f.form_id = form_id;
	sf.cols = &cols;
	if (columns_build(c, &sf.f, form_id, &cols) < 0)
		goto done;
	if (c->o->by_meeting) {
		if (store_export_meetings(c->s, &sf.f, stats_meeting, &sf) < 0) {
			store_err(c);
			goto done;
		}
		rc = sf.rc;
	} else {
		struct stats_block b = { form_id, NULL };

		rc = stats_block(c, &b, &sf.f, &cols);
	}
done:
	columns_release(&cols);
	return rc;
}

/* The forms of an export: --form, else the loaded forms and the forms of
 * the selected meetings, by id. */
struct form_ids {
	char **v;
	size_t n;
};

static int
form_ids_add(const char *id, void *arg)
{
	struct form_ids *ids = arg;

	for (size_t i = 0; i < ids->n; i++)
		if (strcmp(ids->v[i], id) == 0)
			return 0;
	ids->v = xrealloc(ids->v, (ids->n + 1) * sizeof(*ids->v));
	ids->v[ids->n++] = xstrdup(id);
	return 0;
}

static int
by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
form_ids_get(struct ctx *c, struct form_ids *ids, int with_loaded)
{
	if (c->o->form_id != NULL)
		return form_ids_add(c->o->form_id, ids);
	if (with_loaded && c->f.meeting_id == 0)
		for (size_t i = 0; i < registry_count(c->forms); i++)
			form_ids_add(registry_at(c->forms, i)->id, ids);
	if (store_export_forms(c->s, &c->f, form_ids_add, ids) < 0)
		return store_err(c);
	if (ids->n > 1)
		qsort(ids->v, ids->n, sizeof(*ids->v), by_str);
	return 0;
}

static void
form_ids_release(struct form_ids *ids)
{
	for (size_t i = 0; i < ids->n; i++)
		free(ids->v[i]);
	free(ids->v);
}

static int
export_stats(struct ctx *c)
{
	struct form_ids ids = { 0 };
	static const struct head head[] = {
		{ "question", N_("Question (nom)") },
		{ "question_label", N_("Question") },
		{ "type", N_("Type") },
		{ "choice", N_("Choix (nom)") },
		{ "choice_label", N_("Choix") },
		{ "count", N_("Effectif") },
		{ "percent", N_("Pourcentage") },
		{ "n", N_("Valeurs") },
		{ "mean", N_("Moyenne") },
		{ "median", N_("Médiane") },
		{ "min", N_("Minimum") },
		{ "max", N_("Maximum") },
	};
	static const struct head lead[] = {
		{ "form", N_("Questionnaire") },
		{ "meeting_code", N_("Code de la rencontre") },
		{ "meeting_title", N_("Rencontre") },
		{ "meeting_date", N_("Date de la rencontre") },
	};
	int rc = -1;

	if (form_ids_get(c, &ids, 0) < 0)
		goto done;
	if (tabout_sheet(c->w, _("Statistiques")) < 0) {
		write_err(c);
		goto done;
	}
	cell_head(c, &lead[0]);
	for (size_t i = 1; c->o->by_meeting && i < 4; i++)
		cell_head(c, &lead[i]);
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		cell_head(c, &head[i]);
	if (row_end(c) < 0) {
		write_err(c);
		goto done;
	}
	for (size_t i = 0; i < ids.n; i++)
		if (stats_form(c, ids.v[i]) < 0)
			goto done;
	rc = 0;
done:
	form_ids_release(&ids);
	return rc;
}

/* ---- evaluation ------------------------------------------------------- */

/*
 * Each form's indicators sheet says what to compute; the statistics core
 * says what each measure needs (stats_eval_prepare), computes it
 * (stats_eval_add) and merges the rows several forms declare alike.  This
 * section only fetches what the core asks for and writes the rows.
 */
static int
level_add(const char *level, int64_t n, void *arg)
{
	stats_add_level(arg, level, n);
	return 0;
}

static int
host_add(const char *centre, void *arg)
{
	stats_add_host(arg, centre);
	return 0;
}

/* Count into `st` what form `fm`'s indicators need over selection `f`. */
static int
eval_form(struct ctx *c, const struct form *fm,
    const struct store_export_filter *f, struct stats *st)
{
	unsigned needs = stats_eval_prepare(fm, st);

	if (((needs & STATS_NEED_RESPONSES) &&
	    store_export_count_responses(c->s, f, &st->responses) < 0) ||
	    ((needs & STATS_NEED_MEETINGS) &&
	    store_export_count_meetings(c->s, f, &st->meetings) < 0) ||
	    ((needs & STATS_NEED_LEVELS) &&
	    store_export_levels(c->s, f, level_add, st) < 0) ||
	    ((needs & STATS_NEED_HOSTS) &&
	    store_export_centres(c->s, f, host_add, st) < 0))
		return store_err(c);
	return stats_scan(c, st, f);
}

/* The evaluation table of selection c->f into `ev`. */
static int
eval_compute(struct ctx *c, const struct form_ids *ids, struct stats_eval *ev)
{
	for (size_t i = 0; i < ids->n; i++) {
		const struct form *fm = current_form(c, ids->v[i]);
		struct store_export_filter f = c->f;
		struct stats st;
		int failed;

		if (fm == NULL)
			continue;
		f.form_id = fm->id;
		stats_init(&st);
		if (!(failed = eval_form(c, fm, &f, &st) < 0))
			stats_eval_add(ev, fm, &st);
		stats_release(&st);
		if (failed)
			return -1;
	}
	return 0;
}

/*
 * The evaluation table into `t`: one column per --period (each its own
 * selection of meetings), or one column for --from/--to.
 */
static int
eval_table(struct ctx *c, struct period_table *t)
{
	struct form_ids ids = { 0 };
	struct store_export_filter all = c->f;
	size_t cols = c->o->n_periods > 0 ? c->o->n_periods : 1;
	int rc = -1;

	period_table_init(t, cols);
	if (form_ids_get(c, &ids, 1) < 0)
		goto done;
	for (size_t k = 0; k < cols; k++) {
		struct stats_eval ev = { 0 };
		struct period_fill pf = { t, k };
		int failed;

		if (c->o->n_periods > 0) {
			c->f.from = c->o->periods[k].from;
			c->f.to = c->o->periods[k].to;
		}
		if (!(failed = eval_compute(c, &ids, &ev) < 0))
			stats_eval_each(&ev, period_table_fill, &pf);
		stats_eval_release(&ev);
		c->f = all;
		if (failed)
			goto done;
	}
	rc = 0;
done:
	c->f = all;
	form_ids_release(&ids);
	return rc;
}

static void
cell_figure(struct ctx *c, const struct period_cell *cell)
{
	const struct stats_figure *fig = &cell->fig;

	if (!cell->set)
		cell_empty(c, 1);
	else if (fig->text != NULL)
		cell_text(c, fig->text);
	else if (fig->has_value && fig->percent)
		cell_percent(c, fig->value, fig->prec);
	else if (fig->has_value)
		cell_number(c, fig->value, fig->prec);
	else
		cell_empty(c, 1);
}

/* The period column of a one-period table: the dates asked, else the
 * first and last dates of the selected meetings (caller frees). */
static int
eval_period_text(struct ctx *c, char **text)
{
	char *from = NULL, *to = NULL;
	const char *a, *b;

	*text = NULL;
	if (store_export_period(c->s, &c->f, &from, &to) < 0)
		return store_err(c);
	a = c->f.from != NULL ? c->f.from : from;
	b = c->f.to != NULL ? c->f.to : to;
	*text = (*a || *b) ? xasprintf("%s/%s", a, b) : xstrdup("");
	free(from);
	free(to);
	return 0;
}

/*
 * One period: objet, indicateur, valeur, période (the shape it always
 * had).  Several: objet, indicateur, then a column per period, headed by
 * the period as written ("2025", "2026").
 */
static int
export_evaluation(struct ctx *c)
{
	/* TRANSLATORS: the evaluation table's column names. */
	static const char *const head[] = { N_("objet"), N_("indicateur"),
	    N_("valeur"), N_("période") };
	struct period_table t;
	char *period = NULL;
	int rc = -1, many = c->o->n_periods > 1;

	if (eval_table(c, &t) < 0 || (!many && eval_period_text(c, &period) < 0))
		goto done;
	if (tabout_sheet(c->w, _("Évaluation")) < 0) {
		write_err(c);
		goto done;
	}
	for (size_t i = 0; i < (many ? 2 : sizeof(head) / sizeof(*head)); i++)
		cell_text(c, _(head[i]));
	for (size_t k = 0; many && k < t.n_cols; k++)
		cell_text(c, c->o->periods[k].label);
	row_end(c);
	for (size_t i = 0; i < t.n && !write_failed(c); i++) {
		cell_text(c, t.v[i].objet);
		cell_text(c, t.v[i].indicateur);
		for (size_t k = 0; k < t.n_cols; k++)
			cell_figure(c, &t.v[i].cells[k]);
		if (!many)
			cell_text(c, period);
		row_end(c);
	}
	rc = write_failed(c) ? write_err(c) : 0;
done:
	period_table_release(&t);
	free(period);
	return rc;
}

/* ---- workbook ------------------------------------------------------------- */

/*
 * "Paroles": what residents wrote, for the bilan.  Each non-empty answer
 * to a free-text question, with only its meeting (title, date) and the
 * question's label: no response id, no time, no other answer beside it,
 * and within a meeting and question the answers are sorted by their text
 * (SQLite sorts), so neither their order nor their neighbours say who
 * wrote them.  Until quotes can be selected, every answer is here.
 */
struct paroles {
	struct ctx *c;
	const struct meeting *m;
	const char *qlabel;
	int rc;
};

static int
parole_row(const char *value, void *arg)
{
	struct paroles *p = arg;

	cell_text(p->c, p->m->title);
	cell_date(p->c, p->m->date);
	cell_text(p->c, p->qlabel);
	cell_text(p->c, value);
	if (row_end(p->c) < 0) {
		p->rc = write_err(p->c);
		return 1;
	}
	return 0;
}

static int
paroles_meeting(const struct meeting *m, void *arg)
{
	struct paroles *p = arg;
	struct ctx *c = p->c;
	struct store_export_filter f = c->f;
	struct columns cols = { 0 };

	f.meeting_id = m->id;
	f.form_id = m->form_id;
	p->m = m;
	if (columns_build(c, &f, m->form_id, &cols) < 0) {
		p->rc = -1;
		return 1;
	}
	for (size_t i = 0; i < cols.n && p->rc == 0; i++) {
		const struct column *col = &cols.v[i];

		if (col->q->type != Q_TEXT)
			continue;
		p->qlabel = form_text(col->form, &col->q->label, 0);
		if (store_export_texts(c->s, &f, m->id, col->name, parole_row,
		    p) < 0)
			p->rc = store_err(c);
	}
	columns_release(&cols);
	return p->rc != 0;
}

static int
export_paroles(struct ctx *c)
{
	static const char *const head[] = { N_("rencontre"), N_("date"),
	    N_("question"), N_("réponse") };
	struct paroles p = { c, NULL, NULL, 0 };

	if (tabout_sheet(c->w, _("Paroles")) < 0)
		return write_err(c);
	for (size_t i = 0; i < sizeof(head) / sizeof(*head); i++)
		cell_text(c, _(head[i]));
	if (row_end(c) < 0)
		return write_err(c);
	if (store_export_meetings(c->s, &c->f, paroles_meeting, &p) < 0 &&
	    p.rc == 0)
		return store_err(c);
	return p.rc;
}

/*
 * The workbook: the responses of each form (a sheet per form when there
 * are several: their columns differ), the statistics, the evaluation
 * table and the Paroles, each sheet exactly the rows of its export.
 */
static int
export_workbook(struct ctx *c)
{
	struct form_ids ids = { 0 };
	struct store_export_filter all = c->f;
	int rc = -1;

	if (form_ids_get(c, &ids, 0) < 0)
		goto done;
	if (ids.n == 0 && (tabout_sheet(c->w, _("Réponses")) < 0 ||
	    responses_of(c, NULL) < 0))
		goto done;
	for (size_t i = 0; i < ids.n; i++) {
		char *name = ids.n == 1 ? xstrdup(_("Réponses")) :
		    xasprintf("%s %s", _("Réponses"), ids.v[i]);
		int failed = tabout_sheet(c->w, name) < 0;

		free(name);
		if (failed) {
			write_err(c);
			goto done;
		}
		c->f.form_id = ids.v[i];
		failed = responses_of(c, ids.v[i]) < 0;
		c->f = all;
		if (failed)
			goto done;
	}
	if (export_stats(c) < 0 || export_evaluation(c) < 0 ||
	    export_paroles(c) < 0)
		goto done;
	rc = 0;
done:
	c->f = all;
	form_ids_release(&ids);
	return rc;
}

/* ---- running ---------------------------------------------------------- */

/*
 * Fill `c` for the options `o`: the selection's filter (form, meeting,
 * dates or periods) and the snapshot of responses.  Returns 0, or -1 or
 * EXPORT_USAGE with a message in err.
 */
static int
ctx_setup(struct ctx *c, struct store *s, struct registry *forms,
    const struct export_options *o, char *err, size_t errlen)
{
	struct meeting m;

	memset(c, 0, sizeof(*c));
	memset(&m, 0, sizeof(m));
	c->s = s;
	c->forms = forms;
	c->o = o;
	c->err = err;
	c->errlen = errlen;
	c->f.form_id = o->form_id;
	c->f.from = o->from;
	c->f.to = o->to;
	if (o->n_periods > 0 && (o->from != NULL || o->to != NULL)) {
		snprintf(err, errlen, _("--period et --from/--to "
		    "choisissent tous deux les dates : utilisez l'un ou "
		    "l'autre"));
		return EXPORT_USAGE;
	}
	if (o->n_periods > 1 && o->kind != EXPORT_EVALUATION) {
		snprintf(err, errlen, _("plusieurs périodes côte à côte : "
		    "seul le tableau d'évaluation compare des périodes ; "
		    "donnez une seule --period"));
		return EXPORT_USAGE;
	}
	if (o->n_periods == 1) {
		c->f.from = o->periods[0].from;
		c->f.to = o->periods[0].to;
	}
	if (o->from != NULL && o->to != NULL && strcmp(o->from, o->to) > 0) {
		snprintf(err, errlen, _("--from %s est après --to %s"), o->from, o->to);
		return EXPORT_USAGE;
	}
	if (o->form_id != NULL && current_form(c, o->form_id) == NULL) {
		snprintf(err, errlen, _("questionnaire « %s » inconnu : ni "
		    "dans %s/ ni dans la base"), o->form_id, registry_dir(forms));
		return EXPORT_USAGE;
	}
	if (o->meeting != NULL) {
		char code[CODE_LEN + 1];
		int found;

		if (code_normalize(o->meeting, code) < 0 ||
		    (found = store_meeting_get(s, code, &m)) == 1) {
			snprintf(err, errlen, _("aucune rencontre n'a le "
			    "code « %s »"), o->meeting);
			return EXPORT_USAGE;
		}
		if (found < 0) {
			snprintf(err, errlen, "%s", store_error(s));
			return -1;
		}
		c->f.meeting_id = m.id;
		if (o->form_id != NULL && strcmp(o->form_id, m.form_id) != 0) {
			snprintf(err, errlen, _("la rencontre %s utilise le "
			    "questionnaire « %s », pas « %s »"),
			    m.code, m.form_id, o->form_id);
			store_meeting_release(&m);
			return EXPORT_USAGE;
		}
		store_meeting_release(&m);
	}
	if (store_export_max_response(s, &c->f.max_response) < 0) {
		snprintf(err, errlen, "%s", store_error(s));
		return -1;
	}
	return 0;
}

int
export_evaluation_table(struct store *s, struct registry *forms,
    const struct export_options *o, struct period_table *t, char *err,
    size_t errlen)
{
	struct ctx c;
	int rc;

	period_table_init(t, 0);
	if ((rc = ctx_setup(&c, s, forms, o, err, errlen)) != 0)
		return rc;
	period_table_release(t);
	return eval_table(&c, t);
}

int
export_run(struct store *s, struct registry *forms,
    const struct export_options *o, const struct export_sink *sink,
    char *err, size_t errlen)
{
	struct tabout_options to;
	struct ctx c;
	int rc;

	if ((rc = ctx_setup(&c, s, forms, o, err, errlen)) != 0)
		return rc;
	tabout_options_init(&to);
	to.format = (enum tabout_format)export_format(o);
	to.sep = o->sep;
	to.decimal = o->decimal;
	to.bom = o->bom;
	to.tmpdir = o->tmpdir;
	if (to.format == TABOUT_CSV && o->kind == EXPORT_WORKBOOK) {
		snprintf(err, errlen, "%s", _("--format csv : un fichier CSV ne "
		    "contient qu'un tableau ; le classeur s'écrit en xlsx ou ods"));
		return EXPORT_USAGE;
	}
	c.w = tabout_new(&to, sink);
	switch (o->kind) {
	case EXPORT_RESPONSES:
		rc = export_responses(&c);
		break;
	case EXPORT_STATS:
		rc = export_stats(&c);
		break;
	case EXPORT_EVALUATION:
		rc = export_evaluation(&c);
		break;
	case EXPORT_WORKBOOK:
		rc = export_workbook(&c);
		break;
	}
	if (rc == 0 && tabout_finish(c.w) < 0)
		rc = write_err(&c);
	tabout_free(c.w);
	return rc;
}
