/*
 * export.c - the CSV exports: responses, stats and the evaluation table
 * (see export.h).
 *
 * Rows come from the storage module's cursors (store_export_*) and go to
 * the CSV writer as they come.  What stays in memory is bounded by the
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
#include "csvout.h"
#include "export.h"
#include "form.h"
#include "registry.h"
#include "store.h"
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

static int
flag_value(const char *v, int *out)
{
	if (v == NULL || strcmp(v, "1") == 0 || strcmp(v, "yes") == 0 ||
	    strcmp(v, "on") == 0 || strcmp(v, "true") == 0) {
		*out = 1;
		return 0;
	}
	if (strcmp(v, "0") == 0 || strcmp(v, "no") == 0 ||
	    strcmp(v, "off") == 0 || strcmp(v, "false") == 0) {
		*out = 0;
		return 0;
	}
	return -1;
}

int
export_option_set(struct export_options *o, const char *name,
    const char *value, char *err, size_t errlen)
{
	int flag;

	if (strcmp(name, "bom") == 0 || strcmp(name, "codes") == 0 ||
	    strcmp(name, "excel-fr") == 0) {
		if (flag_value(value, &flag) < 0) {
			snprintf(err, errlen, "--%s takes no value (got '%s')", name,
			    value);
			return -1;
		}
		if (strcmp(name, "bom") == 0)
			o->bom = flag;
		else if (strcmp(name, "codes") == 0)
			o->codes = flag;
		else if (flag) {
			o->sep = ';';
			o->bom = 1;
			o->decimal = ',';
		}
		return 0;
	}
	if (strcmp(name, "form") != 0 && strcmp(name, "meeting") != 0 &&
	    strcmp(name, "from") != 0 && strcmp(name, "to") != 0 &&
	    strcmp(name, "sep") != 0 && strcmp(name, "decimal") != 0 &&
	    strcmp(name, "by") != 0 && strcmp(name, "min-count") != 0) {
		snprintf(err, errlen, "unknown option --%s", name);
		return -1;
	}
	if (value == NULL || *value == '\0') {
		snprintf(err, errlen, "--%s needs a value", name);
		return -1;
	}
	if (strcmp(name, "form") == 0) {
		o->form_id = value;
	} else if (strcmp(name, "meeting") == 0) {
		char code[CODE_LEN + 1];

		if (code_normalize(value, code) < 0) {
			snprintf(err, errlen, "--meeting '%s' is not a meeting code",
			    value);
			return -1;
		}
		o->meeting = value;
	} else if (strcmp(name, "from") == 0 || strcmp(name, "to") == 0) {
		if (!date_valid(value)) {
			snprintf(err, errlen, "--%s '%s' is not a date: use "
			    "YYYY-MM-DD, e.g. 2026-01-31", name, value);
			return -1;
		}
		if (strcmp(name, "from") == 0)
			o->from = value;
		else
			o->to = value;
	} else if (strcmp(name, "sep") == 0) {
		if (strcmp(value, ",") == 0 || strcmp(value, "comma") == 0)
			o->sep = ',';
		else if (strcmp(value, ";") == 0 || strcmp(value, "semicolon") == 0)
			o->sep = ';';
		else if (strcmp(value, "tab") == 0 || strcmp(value, "\t") == 0)
			o->sep = '\t';
		else {
			snprintf(err, errlen, "--sep '%s' is not a separator: use "
			    "',', ';' or 'tab'", value);
			return -1;
		}
	} else if (strcmp(name, "decimal") == 0) {
		if (strcmp(value, ".") == 0 || strcmp(value, ",") == 0)
			o->decimal = value[0];
		else {
			snprintf(err, errlen, "--decimal '%s' is not a decimal mark: "
			    "use '.' or ','", value);
			return -1;
		}
	} else if (strcmp(name, "by") == 0) {
		if (o->kind != EXPORT_STATS) {
			snprintf(err, errlen, "--by applies to the stats export only");
			return -1;
		}
		if (strcmp(value, "meeting") != 0) {
			snprintf(err, errlen, "--by '%s' is not supported: use --by "
			    "meeting", value);
			return -1;
		}
		o->by_meeting = 1;
	} else {
		char *end = NULL;
		long n;

		if (o->kind != EXPORT_STATS) {
			snprintf(err, errlen, "--min-count applies to the stats "
			    "export only");
			return -1;
		}
		n = strtol(value, &end, 10);
		if (*end != '\0' || n < 0 || n > 1000000 || end == value) {
			snprintf(err, errlen, "--min-count '%s' is not a count: use "
			    "a whole number from 0 to 1000000", value);
			return -1;
		}
		o->min_count = (int)n;
	}
	return 0;
}

const char *
export_filename(enum export_kind kind)
{
	switch (kind) {
	case EXPORT_RESPONSES:
		return "recueil-reponses.csv";
	case EXPORT_STATS:
		return "recueil-stats.csv";
	case EXPORT_EVALUATION:
		return "recueil-evaluation.csv";
	}
	return "recueil.csv";
}

/* ---- common ----------------------------------------------------------- */

struct ctx {
	struct store *s;
	struct registry *forms;
	const struct export_options *o;
	struct store_export_filter f;
	struct csvout *w;
	char *err;
	size_t errlen;
};

static int
store_err(struct ctx *c)
{
	snprintf(c->err, c->errlen, "%s", store_error(c->s));
	return -1;
}

static int
write_err(struct ctx *c)
{
	snprintf(c->err, c->errlen, "cannot write the export");
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
		snprintf(c->err, c->errlen, "cannot load form version %lld from "
		    "the database", (long long)id);
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

/* ---- the single pass: per-question aggregates ------------------------ */

/*
 * The stats and the evaluation are computed from one pass over the
 * selected answers (store_export_scan) instead of one query per question,
 * each of which read every answer.  Each question of interest gets a
 * count of its non-empty answers and, when its values matter (choices,
 * numbers, indicators), a small hash table of its distinct values with
 * their counts: memory is bounded by the number of distinct values, never
 * by the number of responses.  Free-text questions are counted, not kept.
 */
struct vcount {
	char *value;           /* NULL: empty slot */
	size_t len;
	uint64_t hash;
	int64_t n;
};

struct qagg {
	const char *name;      /* borrowed */
	int keep;              /* keep the distinct values, else only count */
	int64_t answered;      /* non-empty answers */
	struct vcount *slots;
	size_t cap, used;
};

struct agg {
	struct qagg *v;
	size_t n;
	size_t *index;         /* open addressing on names: i + 1, 0 empty */
	size_t icap;
};

static uint64_t
hash_bytes(const char *p, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Add question `name` (borrowed) once; keep values if any use asks. */
static void
agg_add(struct agg *a, const char *name, int keep)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, name) == 0) {
			a->v[i].keep |= keep;
			return;
		}
	a->v = xrealloc(a->v, (a->n + 1) * sizeof(*a->v));
	memset(&a->v[a->n], 0, sizeof(a->v[a->n]));
	a->v[a->n].name = name;
	a->v[a->n].keep = keep;
	a->n++;
}

/* Build the name index once every question is added. */
static void
agg_index(struct agg *a)
{
	a->icap = 16;
	while (a->icap < 2 * a->n)
		a->icap *= 2;
	a->index = xcalloc(a->icap, sizeof(*a->index));
	for (size_t i = 0; i < a->n; i++) {
		size_t k = hash_bytes(a->v[i].name, strlen(a->v[i].name)) &
		    (a->icap - 1);

		while (a->index[k] != 0)
			k = (k + 1) & (a->icap - 1);
		a->index[k] = i + 1;
	}
}

static struct qagg *
agg_find(const struct agg *a, const char *name)
{
	size_t k;

	if (a->icap == 0)
		return NULL;
	k = hash_bytes(name, strlen(name)) & (a->icap - 1);
	while (a->index[k] != 0) {
		struct qagg *q = &a->v[a->index[k] - 1];

		if (strcmp(q->name, name) == 0)
			return q;
		k = (k + 1) & (a->icap - 1);
	}
	return NULL;
}

static const struct qagg *
agg_get(const struct agg *a, const char *name)
{
	static const struct qagg none;

	if (name != NULL) {
		const struct qagg *q = agg_find(a, name);

		if (q != NULL)
			return q;
	}
	return &none;
}

static void
agg_release(struct agg *a)
{
	for (size_t i = 0; i < a->n; i++) {
		for (size_t k = 0; k < a->v[i].cap; k++)
			free(a->v[i].slots[k].value);
		free(a->v[i].slots);
	}
	free(a->v);
	free(a->index);
	memset(a, 0, sizeof(*a));
}

static void
qagg_grow(struct qagg *q)
{
	size_t cap = q->cap ? 2 * q->cap : 16;
	struct vcount *slots = xcalloc(cap, sizeof(*slots));

	for (size_t i = 0; i < q->cap; i++) {
		size_t k;

		if (q->slots[i].value == NULL)
			continue;
		k = q->slots[i].hash & (cap - 1);
		while (slots[k].value != NULL)
			k = (k + 1) & (cap - 1);
		slots[k] = q->slots[i];
	}
	free(q->slots);
	q->slots = slots;
	q->cap = cap;
}

static void
qagg_value(struct qagg *q, const char *v, size_t len)
{
	uint64_t h = hash_bytes(v, len);
	size_t k;

	if (2 * (q->used + 1) > q->cap)
		qagg_grow(q);
	k = h & (q->cap - 1);
	while (q->slots[k].value != NULL) {
		struct vcount *e = &q->slots[k];

		if (e->hash == h && e->len == len && memcmp(e->value, v, len) == 0) {
			e->n++;
			return;
		}
		k = (k + 1) & (q->cap - 1);
	}
	q->slots[k].value = xstrndup(v, len);
	q->slots[k].len = len;
	q->slots[k].hash = h;
	q->slots[k].n = 1;
	q->used++;
}

static int
agg_answer(const struct store_export_answer *ans, void *arg)
{
	struct qagg *q = agg_find(arg, ans->question);

	if (q != NULL) {
		q->answered++;
		if (q->keep)
			qagg_value(q, ans->value, ans->value_len);
	}
	return 0;
}

/* Run the single pass over the selection `f`. */
static int
agg_scan(struct ctx *c, struct agg *a, const struct store_export_filter *f)
{
	agg_index(a);
	if (a->n == 0)
		return 0;
	return store_export_scan(c->s, f, agg_answer, a) < 0 ? store_err(c) : 0;
}

/* SQLite's BINARY collation, as ORDER BY value sorted them. */
static int
by_vcount(const void *pa, const void *pb)
{
	const struct vcount *a = *(const struct vcount *const *)pa;
	const struct vcount *b = *(const struct vcount *const *)pb;
	int cmp = memcmp(a->value, b->value, a->len < b->len ? a->len : b->len);

	if (cmp != 0)
		return cmp;
	return a->len < b->len ? -1 : a->len > b->len;
}

/*
 * Call fn for each distinct value of q with its count, by value (as
 * store_export_values did).  Stops early when fn returns non-zero.
 */
static void
qagg_values(const struct qagg *q,
    int (*fn)(const char *value, int64_t n, void *arg), void *arg)
{
	const struct vcount **v = xcalloc(q->used + 1, sizeof(*v));
	size_t n = 0;

	for (size_t k = 0; k < q->cap; k++)
		if (q->slots[k].value != NULL)
			v[n++] = &q->slots[k];
	if (n > 1)
		qsort(v, n, sizeof(*v), by_vcount);
	for (size_t i = 0; i < n; i++)
		if (fn(v[i]->value, v[i]->n, arg))
			break;
	free(v);
}

struct number_count {
	double v;
	int64_t n;
};

static int
by_number(const void *pa, const void *pb)
{
	const struct number_count *a = pa, *b = pb;

	return a->v < b->v ? -1 : a->v > b->v;
}

/*
 * Call fn for each distinct number of q (its values read as SQLite's
 * CAST AS REAL reads them) with its count, in ascending order, as
 * store_export_numbers did.  Stops early when fn returns non-zero.
 */
static int
qagg_numbers(struct ctx *c, const struct qagg *q,
    int (*fn)(double value, int64_t n, void *arg), void *arg)
{
	struct number_count *v = xcalloc(q->used + 1, sizeof(*v));
	size_t n = 0, m = 0;
	int rc = -1;

	for (size_t k = 0; k < q->cap; k++) {
		if (q->slots[k].value == NULL)
			continue;
		if (store_export_real(c->s, q->slots[k].value, &v[n].v) < 0) {
			store_err(c);
			goto done;
		}
		v[n++].n = q->slots[k].n;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_number);
	/* Equal numbers written differently ("5", "5.0") are one group. */
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && v[m - 1].v == v[i].v)
			v[m - 1].n += v[i].n;
		else
			v[m++] = v[i];
	}
	for (size_t i = 0; i < m; i++)
		if (fn(v[i].v, v[i].n, arg))
			break;
	rc = 0;
done:
	free(v);
	return rc;
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
	struct csvout *w = r->c->w;
	static const char *const fixed[] = { "response_id", "meeting_code",
	    "meeting_title", "meeting_date", "submitted_at" };

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		csvout_field(w, fixed[i]);
	for (size_t i = 0; i < r->cols.n; i++) {
		const struct column *col = &r->cols.v[i];

		csvout_field(w, col->name);
		if (col->q->type != Q_SELECT_MULTIPLE)
			continue;
		for (size_t k = 0; k < col->n_choices; k++) {
			char *h = xasprintf("%s/%s", col->name, col->choices[k]);

			csvout_field(w, h);
			free(h);
		}
	}
	return csvout_end_row(w);
}

/* Write the main cell of an answer: labels unless --codes. */
static void
resp_value(struct resp *r, size_t i, const char *v)
{
	struct csvout *w = r->c->w;
	const struct column *col = &r->cols.v[i];
	const struct question *q = r->vq[i];
	enum q_type t = q != NULL ? q->type : col->q->type;

	if (v == NULL) {
		csvout_field(w, NULL);
		return;
	}
	if (numeric(t)) {
		csvout_number_text(w, v);
		return;
	}
	if (r->c->o->codes || !selecting(t)) {
		csvout_field(w, v);
		return;
	}
	if (t == Q_SELECT_ONE) {
		const char *l = choice_label(r->vform, q, v);

		csvout_field(w, l != NULL ? l : v);
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
		csvout_fieldn(w, buf, len);
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

static int
resp_flush(struct resp *r)
{
	struct csvout *w = r->c->w;

	if (r->id == 0)
		return 0;
	csvout_int(w, r->id);
	csvout_field(w, r->code);
	csvout_field(w, r->title);
	csvout_field(w, r->date);
	/* Submission times are coarsened (a day by default): format each
	 * distinct one once. */
	if (r->when[0] == '\0' || r->submitted_at != r->when_t) {
		when_iso(r->submitted_at, r->when, sizeof(r->when));
		r->when_t = r->submitted_at;
	}
	csvout_field(w, r->when);
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
				csvout_field(w, NULL);
			else
				csvout_int(w, has_word(v, col->choices[k]));
		}
	}
	resp_clear(r);
	return csvout_end_row(w);
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
		size_t off = (size_t)snprintf(c->err, c->errlen, "the selected "
		    "responses answer several forms (");

		for (size_t k = 0; k < vs.n && off < c->errlen; k++) {
			int dup = 0;

			for (size_t j = 0; j < k; j++)
				dup |= strcmp(vs.form_ids[j], vs.form_ids[k]) == 0;
			if (!dup)
				off += (size_t)snprintf(c->err + off, c->errlen - off,
				    "%s%s", k ? ", " : "", vs.form_ids[k]);
		}
		if (off < c->errlen)
			snprintf(c->err + off, c->errlen - off, "): their columns "
			    "differ, choose one with --form");
	}
	versions_release(&vs);
	return rc;
}

static int
export_responses(struct ctx *c)
{
	struct resp r;
	char *form_id = NULL;
	int rc;

	memset(&r, 0, sizeof(r));
	r.c = c;
	if ((rc = only_one_form(c, &form_id)) != 0)
		return rc;
	rc = -1;
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
	free(form_id);
	return rc;
}

/* ---- stats ------------------------------------------------------------ */

struct tally {
	const struct column *col;
	int64_t *counts;        /* per choice of col, then extras */
	char **extras;          /* values outside the choice lists */
	size_t n_extras;
	int64_t answered;       /* responses with a non-empty answer */
};

static size_t
tally_slot(struct tally *t, const char *name, size_t len)
{
	for (size_t k = 0; k < t->col->n_choices; k++)
		if (strlen(t->col->choices[k]) == len &&
		    memcmp(t->col->choices[k], name, len) == 0)
			return k;
	for (size_t k = 0; k < t->n_extras; k++)
		if (strlen(t->extras[k]) == len &&
		    memcmp(t->extras[k], name, len) == 0)
			return t->col->n_choices + k;
	t->extras = xrealloc(t->extras, (t->n_extras + 1) * sizeof(*t->extras));
	t->extras[t->n_extras++] = xstrndup(name, len);
	t->counts = xrealloc(t->counts, (t->col->n_choices + t->n_extras) *
	    sizeof(*t->counts));
	t->counts[t->col->n_choices + t->n_extras - 1] = 0;
	return t->col->n_choices + t->n_extras - 1;
}

static int
tally_value(const char *value, int64_t n, void *arg)
{
	struct tally *t = arg;

	t->answered += n;
	if (t->col->q->type == Q_SELECT_ONE) {
		t->counts[tally_slot(t, value, strlen(value))] += n;
		return 0;
	}
	for (const char *p = value; *p != '\0';) {
		size_t k;

		while (*p == ' ')
			p++;
		if ((k = strcspn(p, " ")) == 0)
			break;
		t->counts[tally_slot(t, p, k)] += n;
		p += k;
	}
	return 0;
}

struct numbers {
	int64_t n, seen;
	double sum, min, max;
	int64_t k1, k2;        /* ranks of the median's values (1-based) */
	double v1, v2;
};

static int
numbers_sum(double v, int64_t n, void *arg)
{
	struct numbers *ns = arg;

	if (ns->n == 0 || v < ns->min)
		ns->min = v;
	if (ns->n == 0 || v > ns->max)
		ns->max = v;
	ns->n += n;
	ns->sum += v * (double)n;
	return 0;
}

static int
numbers_median(double v, int64_t n, void *arg)
{
	struct numbers *ns = arg;
	int64_t from = ns->seen + 1;

	ns->seen += n;
	if (ns->k1 >= from && ns->k1 <= ns->seen)
		ns->v1 = v;
	if (ns->k2 >= from && ns->k2 <= ns->seen) {
		ns->v2 = v;
		return 1;
	}
	return 0;
}

struct stats_block {
	const char *form_id;
	const struct meeting *m;   /* --by meeting, else NULL */
};

static void
stats_lead(struct ctx *c, const struct stats_block *b)
{
	csvout_field(c->w, b->form_id);
	if (c->o->by_meeting) {
		csvout_field(c->w, b->m->code);
		csvout_field(c->w, b->m->title);
		csvout_field(c->w, b->m->date);
	}
}

/* count and percent of respondents, empty when suppressed */
static void
stats_count(struct ctx *c, int64_t count, int64_t respondents)
{
	if (count > 0 && count < c->o->min_count) {
		csvout_field(c->w, NULL);
		csvout_field(c->w, NULL);
		return;
	}
	csvout_int(c->w, count);
	if (respondents > 0)
		csvout_double(c->w, 100.0 * (double)count / (double)respondents, 1);
	else
		csvout_field(c->w, NULL);
}

static void
stats_empty(struct ctx *c, int n)
{
	while (n-- > 0)
		csvout_field(c->w, NULL);
}

static int
stats_question(struct ctx *c, const struct stats_block *b,
    const struct column *col, const struct qagg *qa, int64_t respondents)
{
	const struct question *q = col->q;
	const char *qlabel = form_text(col->form, &q->label, 0);
	const char *type = form_type_name(q->type);
	int rc = -1;

	if (selecting(q->type)) {
		struct tally t = { col, NULL, NULL, 0, 0 };

		t.counts = xcalloc(col->n_choices + 1, sizeof(*t.counts));
		qagg_values(qa, tally_value, &t);
		for (size_t k = 0; k < col->n_choices + t.n_extras; k++) {
			const char *name = k < col->n_choices ? col->choices[k] :
			    t.extras[k - col->n_choices];
			const char *l = choice_label(col->form, q, name);

			stats_lead(c, b);
			csvout_field(c->w, col->name);
			csvout_field(c->w, qlabel);
			csvout_field(c->w, type);
			csvout_field(c->w, name);
			csvout_field(c->w, l != NULL ? l : name);
			stats_count(c, t.counts[k], respondents);
			if (t.answered > 0 && t.answered < c->o->min_count)
				csvout_field(c->w, NULL);
			else
				csvout_int(c->w, t.answered);
			stats_empty(c, 4);
			csvout_end_row(c->w);
		}
		rc = 0;
		for (size_t k = 0; k < t.n_extras; k++)
			free(t.extras[k]);
		free(t.extras);
		free(t.counts);
		return rc;
	}
	stats_lead(c, b);
	csvout_field(c->w, col->name);
	csvout_field(c->w, qlabel);
	csvout_field(c->w, type);
	stats_empty(c, 2);
	if (numeric(q->type)) {
		struct numbers ns;

		memset(&ns, 0, sizeof(ns));
		if (qagg_numbers(c, qa, numbers_sum, &ns) < 0)
			return -1;
		if (ns.n > 0) {
			ns.k1 = (ns.n + 1) / 2;
			ns.k2 = ns.n / 2 + 1;
			if (qagg_numbers(c, qa, numbers_median, &ns) < 0)
				return -1;
		}
		stats_count(c, ns.n, respondents);
		if (ns.n == 0 || ns.n < c->o->min_count) {
			stats_empty(c, ns.n == 0 ? 0 : 1);
			if (ns.n == 0)
				csvout_int(c->w, 0);
			stats_empty(c, 4);
		} else {
			csvout_int(c->w, ns.n);
			csvout_double(c->w, ns.sum / (double)ns.n, 2);
			csvout_double(c->w, (ns.n % 2) ? ns.v1 :
			    (ns.v1 + ns.v2) / 2.0, 2);
			csvout_double(c->w, ns.min, 2);
			csvout_double(c->w, ns.max, 2);
		}
	} else {
		int64_t n = qa->answered;

		stats_count(c, n, respondents);
		if (n > 0 && n < c->o->min_count)
			csvout_field(c->w, NULL);
		else
			csvout_int(c->w, n);
		stats_empty(c, 4);
	}
	return csvout_end_row(c->w) < 0 ? write_err(c) : 0;
}

static int
stats_block(struct ctx *c, const struct stats_block *b,
    const struct store_export_filter *f, const struct columns *cols)
{
	int64_t respondents = 0;
	struct agg a = { 0 };
	int rc = -1;

	if (store_export_count_responses(c->s, f, &respondents) < 0)
		return store_err(c);
	/* One pass over the answers for every question of the block. */
	for (size_t i = 0; i < cols->n; i++)
		agg_add(&a, cols->v[i].name, selecting(cols->v[i].q->type) ||
		    numeric(cols->v[i].q->type));
	if (agg_scan(c, &a, f) < 0)
		goto done;
	stats_lead(c, b);
	stats_empty(c, 2);
	csvout_field(c->w, "responses");
	stats_empty(c, 2);
	stats_count(c, respondents, respondents);
	stats_empty(c, 5);
	if (csvout_end_row(c->w) < 0) {
		write_err(c);
		goto done;
	}
	for (size_t i = 0; i < cols->n; i++)
		if (stats_question(c, b, &cols->v[i],
		    agg_get(&a, cols->v[i].name), respondents) < 0)
			goto done;
	rc = c->w->failed ? write_err(c) : 0;
done:
	agg_release(&a);
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
	static const char *const head[] = { "question", "question_label",
	    "type", "choice", "choice_label", "count", "percent", "n", "mean",
	    "median", "min", "max" };
	int rc = -1;

	if (form_ids_get(c, &ids, 0) < 0)
		goto done;
	csvout_field(c->w, "form");
	if (c->o->by_meeting) {
		csvout_field(c->w, "meeting_code");
		csvout_field(c->w, "meeting_title");
		csvout_field(c->w, "meeting_date");
	}
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		csvout_field(c->w, head[i]);
	if (csvout_end_row(c->w) < 0) {
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

struct eval_row {
	char *objet;
	char *indicateur;
	char *text;        /* a declared value (participation), else NULL */
	int has_value;
	double value;
	int prec;
};

struct eval_table {
	struct eval_row *v;
	size_t n;
};

static void
eval_add(struct eval_table *t, const char *objet, const char *indicateur,
    int has_value, double value, int prec)
{
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	t->v[t->n].objet = xstrdup(objet);
	t->v[t->n].indicateur = xstrdup(indicateur);
	t->v[t->n].text = NULL;
	t->v[t->n].has_value = has_value;
	t->v[t->n].value = value;
	t->v[t->n].prec = prec;
	t->n++;
}

static void
eval_release(struct eval_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].objet);
		free(t->v[i].indicateur);
		free(t->v[i].text);
	}
	free(t->v);
}

/* A set of strings, compared without regard to ASCII case. */
struct strset {
	char **v;
	size_t n;
};

static void
strset_add(struct strset *set, const char *s, size_t len)
{
	char *dup = xstrndup(s, len);

	for (size_t i = 0; i < set->n; i++)
		if (ascii_casecmp(set->v[i], dup) == 0) {
			free(dup);
			return;
		}
	set->v = xrealloc(set->v, (set->n + 1) * sizeof(*set->v));
	set->v[set->n++] = dup;
}

static void
strset_release(struct strset *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

struct measure_acc {
	const char *valeur;
	int multiple;
	int64_t count;
	struct strset distinct;
};

static int
measure_count(const char *value, int64_t n, void *arg)
{
	struct measure_acc *a = arg;

	if (a->multiple ? has_word(value, a->valeur) :
	    strcmp(value, a->valeur) == 0)
		a->count += n;
	return 0;
}

static int
measure_distinct(const char *value, int64_t n, void *arg)
{
	struct measure_acc *a = arg;

	(void)n;
	if (!a->multiple) {
		a->count++;
		return 0;
	}
	for (const char *p = value; *p != '\0';) {
		size_t k;

		while (*p == ' ')
			p++;
		if ((k = strcspn(p, " ")) == 0)
			break;
		strset_add(&a->distinct, p, k);
		p += k;
	}
	a->count = (int64_t)a->distinct.n;
	return 0;
}

/*
 * Compute one indicator of form `fm` over the selection `f`, from the
 * form's single pass `a`; *responses caches the number of selected
 * responses (-1 until counted).
 */
static int
eval_indicator(struct ctx *c, const struct form *fm,
    const struct indicator *ind, const struct store_export_filter *f,
    const struct agg *a, int64_t *responses, struct eval_table *t)
{
	const struct question *q = ind->question != NULL ?
	    form_question(fm, ind->question) : NULL;
	const struct qagg *qa = agg_get(a, ind->question);
	struct measure_acc acc;
	int64_t n = 0;
	int rc = 0;

	memset(&acc, 0, sizeof(acc));
	acc.valeur = ind->valeur != NULL ? ind->valeur : "";
	acc.multiple = q != NULL && q->type == Q_SELECT_MULTIPLE;
	if ((ind->mesure == M_RESPONSES || ind->mesure == M_SHARE) &&
	    *responses < 0 &&
	    store_export_count_responses(c->s, f, responses) < 0)
		return store_err(c);
	switch (ind->mesure) {
	case M_MEETINGS:
		if (store_export_count_meetings(c->s, f, &n) < 0)
			return store_err(c);
		eval_add(t, ind->objet, ind->indicateur, 1, (double)n, 0);
		break;
	case M_RESPONSES:
		eval_add(t, ind->objet, ind->indicateur, 1, (double)*responses, 0);
		break;
	case M_COUNT:
	case M_SHARE:
		qagg_values(qa, measure_count, &acc);
		if (ind->mesure == M_COUNT)
			eval_add(t, ind->objet, ind->indicateur, 1,
			    (double)acc.count, 0);
		else
			eval_add(t, ind->objet, ind->indicateur, *responses > 0,
			    *responses > 0 ? 100.0 * (double)acc.count /
			    (double)*responses : 0, 1);
		break;
	case M_DISTINCT:
		qagg_values(qa, measure_distinct, &acc);
		eval_add(t, ind->objet, ind->indicateur, 1, (double)acc.count, 0);
		break;
	case M_MEAN: {
		struct numbers ns;

		memset(&ns, 0, sizeof(ns));
		rc = qagg_numbers(c, qa, numbers_sum, &ns);
		eval_add(t, ind->objet, ind->indicateur, ns.n > 0,
		    ns.n > 0 ? ns.sum / (double)ns.n : 0, 2);
		break;
	}
	case M_TEXTS:
		eval_add(t, ind->objet, ind->indicateur, 1, (double)qa->answered, 0);
		break;
	case M_PARTICIPATION: {
		/* Declared by the team, written as in the project contract. */
		char *level = xstrdup(ind->valeur);

		level[0] = (char)toupper((unsigned char)level[0]);
		eval_add(t, ind->objet, ind->indicateur, 0, 0, 0);
		t->v[t->n - 1].text = level;
		break;
	}
	}
	strset_release(&acc.distinct);
	return rc;
}

/* Centres represented: the meetings' host centres and the centres the
 * participants said they came from (a question named "centre"; the
 * "autre..." choices name no centre). */
struct centres {
	struct ctx *c;
	const struct form *form;
	const struct question *q;
	struct strset set;
};

static int
centre_host(const char *centre, void *arg)
{
	struct centres *cs = arg;

	strset_add(&cs->set, centre, strlen(centre));
	return 0;
}

static int
centre_answer(const char *value, int64_t n, void *arg)
{
	struct centres *cs = arg;
	const char *l;

	(void)n;
	if (strncmp(value, "autre", 5) == 0)
		return 0;
	l = choice_label(cs->form, cs->q, value);
	if (l == NULL)
		l = value;
	strset_add(&cs->set, l, strlen(l));
	return 0;
}

struct level_rows {
	struct eval_table *t;
	const char *objet;
};

static int
level_row(const char *level, int64_t n, void *arg)
{
	struct level_rows *lr = arg;
	char *ind = xasprintf("Rencontres par niveau de réseau : %s", *level ? level :
	    "non précisé");

	eval_add(lr->t, lr->objet, ind, 1, (double)n, 0);
	free(ind);
	return 0;
}

static int
export_evaluation(struct ctx *c)
{
	static const char objet_reseaux[] =
	    "Adhérer aux réseaux des centres sociaux";
	struct form_ids ids = { 0 };
	struct eval_table t = { 0 };
	struct centres cs;
	struct level_rows lr;
	char *from = NULL, *to = NULL, *period = NULL;
	int64_t n_meetings = 0;
	int rc = -1;

	memset(&cs, 0, sizeof(cs));
	cs.c = c;
	if (form_ids_get(c, &ids, 1) < 0)
		goto done;
	for (size_t i = 0; i < ids.n; i++) {
		const struct form *fm = current_form(c, ids.v[i]);
		struct store_export_filter f = c->f;
		struct agg a = { 0 };
		int64_t responses = -1;
		int failed = 0;

		if (fm == NULL)
			continue;
		f.form_id = fm->id;
		cs.form = fm;
		cs.q = form_question(fm, "centre");
		/* One pass over the form's answers for all its indicators. */
		for (size_t k = 0; k < fm->n_indicators; k++) {
			const struct indicator *ind = &fm->indicators[k];

			if (ind->question != NULL && (ind->mesure == M_COUNT ||
			    ind->mesure == M_SHARE || ind->mesure == M_DISTINCT ||
			    ind->mesure == M_MEAN || ind->mesure == M_TEXTS))
				agg_add(&a, ind->question, ind->mesure != M_TEXTS);
		}
		if (cs.q != NULL)
			agg_add(&a, "centre", 1);
		failed = agg_scan(c, &a, &f) < 0;
		for (size_t k = 0; k < fm->n_indicators && !failed; k++)
			failed = eval_indicator(c, fm, &fm->indicators[k], &f, &a,
			    &responses, &t) < 0;
		/* Centres the participants of this form came from. */
		if (!failed && cs.q != NULL)
			qagg_values(agg_get(&a, "centre"), centre_answer, &cs);
		agg_release(&a);
		if (failed)
			goto done;
	}
	lr.t = &t;
	lr.objet = objet_reseaux;
	if (store_export_count_meetings(c->s, &c->f, &n_meetings) < 0 ||
	    store_export_levels(c->s, &c->f, level_row, &lr) < 0 ||
	    store_export_centres(c->s, &c->f, centre_host, &cs) < 0 ||
	    store_export_period(c->s, &c->f, &from, &to) < 0) {
		store_err(c);
		goto done;
	}
	eval_add(&t, objet_reseaux, "Rencontres (toutes)", 1,
	    (double)n_meetings, 0);
	eval_add(&t, objet_reseaux, "Centres sociaux représentés", 1,
	    (double)cs.set.n, 0);
	{
		const char *a = c->o->from != NULL ? c->o->from : from;
		const char *b = c->o->to != NULL ? c->o->to : to;

		period = (*a || *b) ? xasprintf("%s/%s", a, b) : xstrdup("");
	}

	csvout_field(c->w, "objet");
	csvout_field(c->w, "indicateur");
	csvout_field(c->w, "valeur");
	csvout_field(c->w, "période");
	csvout_end_row(c->w);
	/* Rows grouped by objet, in the order objets first appear. */
	for (size_t i = 0; i < t.n; i++) {
		int first = 1;

		for (size_t j = 0; j < i && first; j++)
			first = strcmp(t.v[j].objet, t.v[i].objet) != 0;
		if (!first)
			continue;
		for (size_t j = i; j < t.n; j++) {
			const struct eval_row *r = &t.v[j];

			if (strcmp(r->objet, t.v[i].objet) != 0)
				continue;
			csvout_field(c->w, r->objet);
			csvout_field(c->w, r->indicateur);
			if (r->text != NULL)
				csvout_field(c->w, r->text);
			else if (r->has_value)
				csvout_double(c->w, r->value, r->prec);
			else
				csvout_field(c->w, NULL);
			csvout_field(c->w, period);
			csvout_end_row(c->w);
		}
	}
	rc = c->w->failed ? write_err(c) : 0;
done:
	strset_release(&cs.set);
	eval_release(&t);
	form_ids_release(&ids);
	free(from);
	free(to);
	free(period);
	return rc;
}

/* ---- running ---------------------------------------------------------- */

int
export_run(struct store *s, struct registry *forms,
    const struct export_options *o, const struct export_sink *sink,
    char *err, size_t errlen)
{
	struct csvout *w = NULL;
	struct ctx c;
	struct meeting m;
	int rc = -1;

	memset(&c, 0, sizeof(c));
	memset(&m, 0, sizeof(m));
	c.s = s;
	c.forms = forms;
	c.o = o;
	c.err = err;
	c.errlen = errlen;
	c.f.form_id = o->form_id;
	c.f.from = o->from;
	c.f.to = o->to;
	if (o->from != NULL && o->to != NULL && strcmp(o->from, o->to) > 0) {
		snprintf(err, errlen, "--from %s is after --to %s", o->from, o->to);
		return EXPORT_USAGE;
	}
	if (o->form_id != NULL && current_form(&c, o->form_id) == NULL) {
		snprintf(err, errlen, "unknown form '%s': no such form in %s/ "
		    "nor in the database", o->form_id, registry_dir(forms));
		return EXPORT_USAGE;
	}
	if (o->meeting != NULL) {
		char code[CODE_LEN + 1];
		int found;

		if (code_normalize(o->meeting, code) < 0 ||
		    (found = store_meeting_get(s, code, &m)) == 1) {
			snprintf(err, errlen, "no meeting with code '%s'", o->meeting);
			return EXPORT_USAGE;
		}
		if (found < 0) {
			snprintf(err, errlen, "%s", store_error(s));
			return -1;
		}
		c.f.meeting_id = m.id;
		if (o->form_id != NULL && strcmp(o->form_id, m.form_id) != 0) {
			snprintf(err, errlen, "meeting %s uses form '%s', not '%s'",
			    m.code, m.form_id, o->form_id);
			store_meeting_release(&m);
			return EXPORT_USAGE;
		}
		store_meeting_release(&m);
	}
	if (store_export_max_response(s, &c.f.max_response) < 0) {
		snprintf(err, errlen, "%s", store_error(s));
		return -1;
	}
	w = xmalloc(sizeof(*w));
	csvout_init(w, sink, o->sep, o->decimal);
	c.w = w;
	if (o->bom)
		csvout_bom(w);
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
	}
	if (rc == 0 && csvout_flush(w) < 0)
		rc = write_err(&c);
	free(w);
	return rc;
}
