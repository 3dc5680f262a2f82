/*
 * stats.c - the statistics core (see stats.h).
 *
 * Everything here works on what was streamed in: no database, no network.
 * The measures of the indicators sheets are declared in one table
 * (`measures` below): what each one needs counted, which answers it reads,
 * how a form's selection adds to it and what kind of value it yields.
 * stats_eval_prepare, stats_eval_add and stats_eval_each are the generic
 * loops that read it; no C code names a form's question or an objet.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "form.h"
#include "i18n.h"
#include "stats.h"
#include "util.h"

/* ---- hashing ---------------------------------------------------------- */

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

static uint64_t
hash_folded(const char *p, size_t len)
{
	uint64_t h = 14695981039346656037ULL;

	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)p[i];

		h ^= (ch >= 'A' && ch <= 'Z') ? ch + 32u : ch;
		h *= 1099511628211ULL;
	}
	return h;
}

/* ---- sets of names ---------------------------------------------------- */

static int
folded_eq(const char *a, const char *b, size_t blen)
{
	size_t i;

	for (i = 0; i < blen && a[i] != '\0'; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return 0;
	}
	return i == blen && a[i] == '\0';
}

static void
set_grow(struct stats_set *set)
{
	size_t cap = set->cap ? 2 * set->cap : 16;
	char **slots = xcalloc(cap, sizeof(*slots));

	for (size_t i = 0; i < set->cap; i++) {
		size_t k;

		if (set->slots[i] == NULL)
			continue;
		k = hash_folded(set->slots[i], strlen(set->slots[i])) & (cap - 1);
		while (slots[k] != NULL)
			k = (k + 1) & (cap - 1);
		slots[k] = set->slots[i];
	}
	free(set->slots);
	set->slots = slots;
	set->cap = cap;
}

void
stats_set_add(struct stats_set *set, const char *s, size_t len)
{
	size_t k;

	if (2 * (set->n + 1) > set->cap)
		set_grow(set);
	k = hash_folded(s, len) & (set->cap - 1);
	while (set->slots[k] != NULL) {
		if (folded_eq(set->slots[k], s, len))
			return;
		k = (k + 1) & (set->cap - 1);
	}
	set->slots[k] = xstrndup(s, len);
	set->n++;
}

void
stats_set_release(struct stats_set *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->slots[i]);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

/* ---- the aggregate ---------------------------------------------------- */

void
stats_init(struct stats *st)
{
	memset(st, 0, sizeof(*st));
}

void
stats_release(struct stats *st)
{
	for (size_t i = 0; i < st->n; i++) {
		for (size_t k = 0; k < st->v[i].cap; k++)
			free(st->v[i].slots[k].value);
		free(st->v[i].slots);
	}
	free(st->v);
	free(st->index);
	for (size_t i = 0; i < st->n_levels; i++)
		free(st->levels[i].name);
	free(st->levels);
	stats_set_release(&st->hosts);
	memset(st, 0, sizeof(*st));
}

static struct stats_question *find(const struct stats *st,
    const char *name);

void
stats_watch(struct stats *st, const char *name, int keep)
{
	struct stats_question *q = find(st, name);

	if (q != NULL) {
		q->keep |= keep;
		return;
	}
	st->v = xrealloc(st->v, (st->n + 1) * sizeof(*st->v));
	memset(&st->v[st->n], 0, sizeof(st->v[st->n]));
	st->v[st->n].name = name;
	st->v[st->n].keep = keep;
	st->n++;
	/* Built again at each new name: questions are watched once, before
	 * the answers, and there are tens of them, not thousands. */
	free(st->index);
	st->icap = 16;
	while (st->icap < 2 * st->n)
		st->icap *= 2;
	st->index = xcalloc(st->icap, sizeof(*st->index));
	for (size_t i = 0; i < st->n; i++) {
		size_t k = hash_bytes(st->v[i].name, strlen(st->v[i].name)) &
		    (st->icap - 1);

		while (st->index[k] != 0)
			k = (k + 1) & (st->icap - 1);
		st->index[k] = i + 1;
	}
}

static struct stats_question *
find(const struct stats *st, const char *name)
{
	size_t k;

	if (st->icap == 0)
		return NULL;
	k = hash_bytes(name, strlen(name)) & (st->icap - 1);
	while (st->index[k] != 0) {
		struct stats_question *q = &st->v[st->index[k] - 1];

		if (strcmp(q->name, name) == 0)
			return q;
		k = (k + 1) & (st->icap - 1);
	}
	return NULL;
}

static void
question_grow(struct stats_question *q)
{
	size_t cap = q->cap ? 2 * q->cap : 16;
	struct stats_value *slots = xcalloc(cap, sizeof(*slots));

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
question_value(struct stats_question *q, const char *v, size_t len,
    int64_t n)
{
	uint64_t h = hash_bytes(v, len);
	size_t k;

	if (2 * (q->used + 1) > q->cap)
		question_grow(q);
	k = h & (q->cap - 1);
	while (q->slots[k].value != NULL) {
		struct stats_value *e = &q->slots[k];

		if (e->hash == h && e->len == len && memcmp(e->value, v, len) == 0) {
			e->n += n;
			return;
		}
		k = (k + 1) & (q->cap - 1);
	}
	q->slots[k].value = xstrndup(v, len);
	q->slots[k].len = len;
	q->slots[k].hash = h;
	q->slots[k].n = n;
	q->used++;
}

void
stats_answer(struct stats *st, const char *question, const char *value,
    size_t len, int64_t n)
{
	struct stats_question *q = find(st, question);
	size_t i = 0;

	if (q == NULL || len == 0)
		return;
	/* Most answers start with a letter or a digit: blank ones are rare. */
	if (value[0] == ' ') {
		while (i < len && value[i] == ' ')
			i++;
		if (i == len)
			return;
	}
	q->answered += n;
	if (q->keep)
		question_value(q, value, len, n);
}

void
stats_add_level(struct stats *st, const char *level, int64_t n)
{
	for (size_t i = 0; i < st->n_levels; i++)
		if (strcmp(st->levels[i].name, level) == 0) {
			st->levels[i].n += n;
			return;
		}
	st->levels = xrealloc(st->levels, (st->n_levels + 1) *
	    sizeof(*st->levels));
	st->levels[st->n_levels].name = xstrdup(level);
	st->levels[st->n_levels].n = n;
	st->n_levels++;
}

void
stats_add_host(struct stats *st, const char *centre)
{
	if (centre != NULL && *centre != '\0')
		stats_set_add(&st->hosts, centre, strlen(centre));
}

const struct stats_question *
stats_question(const struct stats *st, const char *name)
{
	static const struct stats_question none;
	const struct stats_question *q = name != NULL ? find(st, name) : NULL;

	return q != NULL ? q : &none;
}

int
stats_hidden(int64_t count, int min_count)
{
	return count > 0 && count < min_count;
}

/* ---- per-question figures --------------------------------------------- */

/* Byte order, as SQLite's BINARY collation sorts text. */
static int
by_value(const void *pa, const void *pb)
{
	const struct stats_value *a = *(const struct stats_value *const *)pa;
	const struct stats_value *b = *(const struct stats_value *const *)pb;
	int cmp = memcmp(a->value, b->value, a->len < b->len ? a->len : b->len);

	if (cmp != 0)
		return cmp;
	return a->len < b->len ? -1 : a->len > b->len;
}

/*
 * The distinct values of q in byte order (a new array of borrowed
 * entries, *n of them; the caller frees the array).
 */
static const struct stats_value **
sorted_values(const struct stats_question *q, size_t *n)
{
	const struct stats_value **v = xcalloc(q->used + 1, sizeof(*v));

	*n = 0;
	for (size_t k = 0; k < q->cap; k++)
		if (q->slots[k].value != NULL)
			v[(*n)++] = &q->slots[k];
	if (*n > 1)
		qsort(v, *n, sizeof(*v), by_value);
	return v;
}

/* Call fn for each word of the space-separated list `p` (`len` bytes). */
static void
each_word(const char *p, size_t len,
    void (*fn)(const char *w, size_t wlen, int64_t n, void *arg), int64_t n,
    void *arg)
{
	size_t i = 0;

	while (i < len) {
		size_t j;

		while (i < len && p[i] == ' ')
			i++;
		for (j = i; j < len && p[j] != ' '; j++)
			;
		if (j > i)
			fn(p + i, j - i, n, arg);
		i = j;
	}
}

static void
choice_count(const char *w, size_t len, int64_t n, void *arg)
{
	struct stats_choices *c = arg;
	size_t k;

	for (k = 0; k < c->n; k++)
		if (strncmp(c->v[k].name, w, len) == 0 && c->v[k].name[len] == '\0')
			break;
	if (k == c->n) {
		c->v = xrealloc(c->v, (c->n + 1) * sizeof(*c->v));
		c->v[k].name = xstrndup(w, len);
		c->v[k].n = 0;
		c->n++;
	}
	c->v[k].n += n;
}

void
stats_choices(const struct stats_question *q, const char *const *names,
    size_t n_names, int multiple, struct stats_choices *out)
{
	size_t n;
	const struct stats_value **v = sorted_values(q, &n);

	memset(out, 0, sizeof(*out));
	out->v = xcalloc(n_names + 1, sizeof(*out->v));
	for (size_t k = 0; k < n_names; k++)
		out->v[k].name = names[k];
	out->n = out->n_listed = n_names;
	out->answered = q->answered;
	for (size_t i = 0; i < n; i++) {
		if (multiple)
			each_word(v[i]->value, v[i]->len, choice_count, v[i]->n, out);
		else
			choice_count(v[i]->value, v[i]->len, v[i]->n, out);
	}
	free(v);
}

void
stats_choices_release(struct stats_choices *c)
{
	for (size_t k = c->n_listed; k < c->n; k++)
		free((char *)c->v[k].name);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

int
stats_parse_number(const char *s, size_t len, double *v)
{
	char small[64], *buf = small, *end;
	size_t i = 0, j = len;
	int rc = -1;

	while (i < j && s[i] == ' ')
		i++;
	while (j > i && s[j - 1] == ' ')
		j--;
	/* Digits, sign, point and exponent only: strtod would also take
	 * "inf", "nan" and hexadecimal. */
	if (i == j || strspn(s + i, "+-.0123456789eE") < j - i)
		return -1;
	if (j - i >= sizeof(small))
		buf = xmalloc(j - i + 1);
	memcpy(buf, s + i, j - i);
	buf[j - i] = '\0';
	*v = strtod(buf, &end);
	if (end != buf && *end == '\0' && isfinite(*v))
		rc = 0;
	if (buf != small)
		free(buf);
	return rc;
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

void
stats_number_counts(const struct stats_question *q,
    int (*fn)(double v, int64_t n, void *arg), void *arg)
{
	struct number_count *v = xcalloc(q->used + 1, sizeof(*v));
	size_t n = 0, m = 0;

	for (size_t k = 0; k < q->cap; k++) {
		if (q->slots[k].value == NULL ||
		    stats_parse_number(q->slots[k].value, q->slots[k].len,
		    &v[n].v) < 0)
			continue;
		v[n++].n = q->slots[k].n;
	}
	if (n > 1)
		qsort(v, n, sizeof(*v), by_number);
	for (size_t i = 0; i < n; i++) {
		if (m > 0 && v[m - 1].v == v[i].v)
			v[m - 1].n += v[i].n;
		else
			v[m++] = v[i];
	}
	for (size_t i = 0; i < m; i++)
		if (fn(v[i].v, v[i].n, arg))
			break;
	free(v);
}

struct numbers_acc {
	struct stats_numbers *out;
	int64_t seen;
	int64_t k1, k2;    /* ranks of the median's values (1-based) */
	double v1, v2;
};

static int
numbers_sum(double v, int64_t n, void *arg)
{
	struct stats_numbers *ns = ((struct numbers_acc *)arg)->out;

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
	struct numbers_acc *a = arg;
	int64_t from = a->seen + 1;

	a->seen += n;
	if (a->k1 >= from && a->k1 <= a->seen)
		a->v1 = v;
	if (a->k2 >= from && a->k2 <= a->seen) {
		a->v2 = v;
		return 1;
	}
	return 0;
}

void
stats_numbers(const struct stats_question *q, struct stats_numbers *out)
{
	struct numbers_acc a;

	memset(out, 0, sizeof(*out));
	memset(&a, 0, sizeof(a));
	a.out = out;
	/* Sums in ascending order, so a figure never depends on the order
	 * in which the answers came. */
	stats_number_counts(q, numbers_sum, &a);
	if (out->n == 0)
		return;
	a.k1 = (out->n + 1) / 2;
	a.k2 = out->n / 2 + 1;
	stats_number_counts(q, numbers_median, &a);
	out->mean = out->sum / (double)out->n;
	out->median = (out->n % 2) ? a.v1 : (a.v1 + a.v2) / 2.0;
}

/* ---- the measures of the indicators sheets ---------------------------- */

/* What a row's value is made of, once every form has added to it. */
enum yield {
	Y_COUNT,      /* count */
	Y_PERCENT,    /* 100 * count / total, empty when total is 0 */
	Y_MEAN,       /* sum / total, empty when total is 0 */
	Y_SET,        /* the number of names in the set */
	Y_LEVELS,     /* one row per network level */
	Y_DECLARED    /* the valeur itself, as the project contract writes it */
};

/* Which of the question's answers a measure reads. */
enum reads { R_NONE, R_COUNT_ONLY, R_VALUES };

typedef void add_fn(struct stats_row *row, const struct form *f,
    const struct indicator *ind, const struct stats *st);

static add_fn add_meetings, add_responses, add_count, add_distinct,
    add_mean, add_texts, add_levels, add_centres;

static const struct measure_rule {
	enum measure m;
	unsigned needs;     /* STATS_NEED_*: counted by the caller */
	enum reads reads;
	add_fn *add;        /* NULL: nothing to add (declared) */
	enum yield yield;
	int prec;           /* decimals of the value */
} measures[] = {
	{ M_MEETINGS, STATS_NEED_MEETINGS, R_NONE, add_meetings, Y_COUNT, 0 },
	{ M_RESPONSES, STATS_NEED_RESPONSES, R_NONE, add_responses, Y_COUNT, 0 },
	{ M_COUNT, 0, R_VALUES, add_count, Y_COUNT, 0 },
	{ M_DISTINCT, 0, R_VALUES, add_distinct, Y_SET, 0 },
	{ M_MEAN, 0, R_VALUES, add_mean, Y_MEAN, 2 },
	{ M_TEXTS, 0, R_COUNT_ONLY, add_texts, Y_COUNT, 0 },
	{ M_SHARE, STATS_NEED_RESPONSES, R_VALUES, add_count, Y_PERCENT, 1 },
	{ M_PARTICIPATION, 0, R_NONE, NULL, Y_DECLARED, 0 },
	{ M_LEVELS, STATS_NEED_LEVELS, R_NONE, add_levels, Y_LEVELS, 0 },
	{ M_CENTRES, STATS_NEED_HOSTS, R_VALUES, add_centres, Y_SET, 0 },
};

static const struct measure_rule *
measure_of(enum measure m)
{
	for (size_t i = 0; i < sizeof(measures) / sizeof(*measures); i++)
		if (measures[i].m == m)
			return &measures[i];
	return NULL;
}

static void
add_meetings(struct stats_row *row, const struct form *f,
    const struct indicator *ind, const struct stats *st)
{
	(void)f;
	(void)ind;
	row->count += st->meetings;
}

static void
add_responses(struct stats_row *row, const struct form *f,
    const struct indicator *ind, const struct stats *st)
{
	(void)f;
	(void)ind;
	row->count += st->responses;
}

/* Whether the space-separated list `v` (`len` bytes) holds `word`. */
static int
has_word(const char *v, size_t len, const char *word)
{
	size_t wl = strlen(word), i = 0;

	while (i < len && wl > 0) {
		size_t j;

		while (i < len && v[i] == ' ')
			i++;
		for (j = i; j < len && v[j] != ' '; j++)
			;
		if (j - i == wl && memcmp(v + i, word, wl) == 0)
			return 1;
		i = j;
	}
	return 0;
}

static int
multiple(const struct form *f, const struct indicator *ind)
{
	const struct question *q = ind->question != NULL ?
	    form_question(f, ind->question) : NULL;

	return q != NULL && q->type == Q_SELECT_MULTIPLE;
}

/* count and share: answers that are (or selected) valeur; share divides
 * by the responses. */
static void
add_count(struct stats_row *row, const struct form *f,
    const struct indicator *ind, const struct stats *st)
{
	const struct stats_question *q = stats_question(st, ind->question);
	const char *valeur = ind->valeur != NULL ? ind->valeur : "";
	size_t vl = strlen(valeur);
	int many = multiple(f, ind);

	for (size_t k = 0; k < q->cap; k++) {
		const struct stats_value *e = &q->slots[k];

		if (e->value == NULL)
			continue;
		if (many ? has_word(e->value, e->len, valeur) :
		    (e->len == vl && memcmp(e->value, valeur, vl) == 0))
			row->count += e->n;
	}
	row->total += st->responses;
}

static void
set_word(const char *w, size_t len, int64_t n, void *arg)
{
	(void)n;
	stats_set_add(arg, w, len);
}

static void
add_distinct(struct stats_row *row, const struct form *f,
    const struct indicator *ind, const struct stats *st)
{
	const struct stats_question *q = stats_question(st, ind->question);
	int many = multiple(f, ind);

	for (size_t k = 0; k < q->cap; k++) {
		const struct stats_value *e = &q->slots[k];

		if (e->value == NULL)
			continue;
		if (many)
			each_word(e->value, e->len, set_word, e->n, &row->set);
		else
			stats_set_add(&row->set, e->value, e->len);
	}
}

static int
mean_add(double v, int64_t n, void *arg)
{
	struct stats_row *row = arg;

	row->sum += v * (double)n;
	row->total += n;
	return 0;
}

static void
add_mean(struct stats_row *row, const struct form *f,
    const struct indicator *ind, const struct stats *st)
{
	(void)f;
	stats_number_counts(stats_question(st, ind->question), mean_add, row);
}

static void
add_texts(struct stats_row *row, const struct form *f,
    const struct indicator *ind, const struct stats *st)
{
	(void)f;
	row->count += stats_question(st, ind->question)->answered;
}

static void
add_levels(struct stats_row *row, const struct form *f,
    const struct indicator *ind, const struct stats *st)
{
	(void)f;
	(void)ind;
	for (size_t i = 0; i < st->n_levels; i++) {
		size_t k;

		for (k = 0; k < row->n_levels; k++)
			if (strcmp(row->levels[k].name, st->levels[i].name) == 0)
				break;
		if (k == row->n_levels) {
			row->levels = xrealloc(row->levels, (k + 1) *
			    sizeof(*row->levels));
			row->levels[k].name = xstrdup(st->levels[i].name);
			row->levels[k].n = 0;
			row->n_levels++;
		}
		row->levels[k].n += st->levels[i].n;
	}
}

/*
 * Add a centre's name to `set` by its fold_key: "Vierzon" as a host and
 * "VIERZON" as an answer's label are one centre (issue 19).
 */
static void
add_centre_name(struct stats_set *set, const char *name)
{
	char key[FOLD_KEY_MAX];
	int n = fold_key(name, key, sizeof(key));

	if (n > 0)
		stats_set_add(set, key, (size_t)n);
	else if (n < 0)
		stats_set_add(set, name, strlen(name));
}

struct centre_ctx {
	struct stats_row *row;
	const struct form *f;
	const struct question *q;
	const char *except;        /* choices that name no centre */
};

static void
centre_word(const char *w, size_t len, int64_t n, void *arg)
{
	struct centre_ctx *cc = arg;
	const struct choice *ch = NULL;
	char small[128], *name = small;

	(void)n;
	if (len >= sizeof(small))
		name = xstrndup(w, len);
	else {
		memcpy(small, w, len);
		small[len] = '\0';
	}
	if (!has_word(cc->except, strlen(cc->except), name)) {
		const char *label = name;

		if (cc->q != NULL && cc->q->list != NULL &&
		    (ch = form_choice(cc->q->list, name)) != NULL)
			label = form_text(cc->f, &ch->label, 0);
		add_centre_name(&cc->row->set, label);
	}
	if (name != small)
		free(name);
}

/* centres: the meetings' host centres, and the centres the participants
 * said they came from (by label), except the choices listed in valeur;
 * each centre once, whatever its spelling. */
static void
add_centres(struct stats_row *row, const struct form *f,
    const struct indicator *ind, const struct stats *st)
{
	const struct stats_question *q = stats_question(st, ind->question);
	struct centre_ctx cc;

	for (size_t k = 0; k < st->hosts.cap; k++)
		if (st->hosts.slots[k] != NULL)
			add_centre_name(&row->set, st->hosts.slots[k]);
	cc.row = row;
	cc.f = f;
	cc.q = ind->question != NULL ? form_question(f, ind->question) : NULL;
	cc.except = ind->valeur != NULL ? ind->valeur : "";
	for (size_t k = 0; k < q->cap; k++) {
		const struct stats_value *e = &q->slots[k];

		if (e->value == NULL)
			continue;
		if (cc.q != NULL && cc.q->type == Q_SELECT_MULTIPLE)
			each_word(e->value, e->len, centre_word, e->n, &cc);
		else
			centre_word(e->value, e->len, e->n, &cc);
	}
}

/* ---- the evaluation table --------------------------------------------- */

static int
same_text(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
same_indicator(const struct indicator *a, const struct indicator *b)
{
	return a->mesure == b->mesure && same_text(a->objet, b->objet) &&
	    same_text(a->indicateur, b->indicateur) &&
	    same_text(a->question, b->question) &&
	    same_text(a->valeur, b->valeur);
}

unsigned
stats_eval_prepare(const struct form *f, struct stats *st)
{
	unsigned needs = 0;

	for (size_t k = 0; k < f->n_indicators; k++) {
		const struct indicator *ind = &f->indicators[k];
		const struct measure_rule *m = measure_of(ind->mesure);

		if (m == NULL)
			continue;
		needs |= m->needs;
		if (m->reads != R_NONE && ind->question != NULL)
			stats_watch(st, ind->question, m->reads == R_VALUES);
	}
	return needs;
}

void
stats_eval_add(struct stats_eval *e, const struct form *f,
    const struct stats *st)
{
	for (size_t k = 0; k < f->n_indicators; k++) {
		const struct indicator *ind = &f->indicators[k];
		const struct measure_rule *m = measure_of(ind->mesure);
		struct stats_row *row = NULL;

		if (m == NULL)
			continue;
		for (size_t i = 0; i < e->n && row == NULL; i++)
			if (same_indicator(e->v[i].ind, ind))
				row = &e->v[i];
		if (row == NULL) {
			e->v = xrealloc(e->v, (e->n + 1) * sizeof(*e->v));
			row = &e->v[e->n++];
			memset(row, 0, sizeof(*row));
			row->ind = ind;
		}
		if (m->add != NULL)
			m->add(row, f, ind, st);
	}
}

static int
by_level(const void *pa, const void *pb)
{
	const struct stats_level *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/* The rows of one table row: one, or one per level. */
static int
row_emit(const struct stats_row *row,
    int (*fn)(const char *objet, const char *indicateur,
    const struct stats_figure *fig, void *arg), void *arg)
{
	const struct measure_rule *m = measure_of(row->ind->mesure);
	const struct indicator *ind = row->ind;
	struct stats_figure fig;
	char *text = NULL;
	int rc = 0;

	fig.text = NULL;
	fig.has_value = 1;
	fig.value = 0;
	fig.prec = m->prec;
	fig.percent = m->yield == Y_PERCENT;
	switch (m->yield) {
	case Y_COUNT:
		fig.value = (double)row->count;
		break;
	case Y_PERCENT:
		fig.has_value = row->total > 0;
		fig.value = row->total > 0 ?
		    100.0 * (double)row->count / (double)row->total : 0;
		break;
	case Y_MEAN:
		fig.has_value = row->total > 0;
		fig.value = row->total > 0 ? row->sum / (double)row->total : 0;
		break;
	case Y_SET:
		fig.value = (double)row->set.n;
		break;
	case Y_DECLARED:
		/* Written as in the project contract: "Coproduction". */
		text = xstrdup(ind->valeur != NULL ? ind->valeur : "");
		text[0] = (char)toupper((unsigned char)text[0]);
		fig.text = text;
		fig.has_value = 0;
		break;
	case Y_LEVELS: {
		struct stats_level *lv = xcalloc(row->n_levels + 1, sizeof(*lv));

		/* memcpy(NULL, 0) is undefined: no level, no copy. */
		if (row->n_levels > 0)
			memcpy(lv, row->levels, row->n_levels * sizeof(*lv));
		if (row->n_levels > 1)
			qsort(lv, row->n_levels, sizeof(*lv), by_level);
		for (size_t i = 0; i < row->n_levels && rc == 0; i++) {
			char *name = xasprintf("%s : %s", ind->indicateur,
			    *lv[i].name ? lv[i].name : _("non précisé"));

			fig.value = (double)lv[i].n;
			rc = fn(ind->objet, name, &fig, arg) ? -1 : 0;
			free(name);
		}
		free(lv);
		return rc;
	}
	}
	rc = fn(ind->objet, ind->indicateur, &fig, arg) ? -1 : 0;
	free(text);
	return rc;
}

int
stats_eval_each(const struct stats_eval *e,
    int (*fn)(const char *objet, const char *indicateur,
    const struct stats_figure *fig, void *arg), void *arg)
{
	for (size_t i = 0; i < e->n; i++) {
		int first = 1;

		for (size_t j = 0; j < i && first; j++)
			first = strcmp(e->v[j].ind->objet, e->v[i].ind->objet) != 0;
		if (!first)
			continue;
		for (size_t j = i; j < e->n; j++)
			if (strcmp(e->v[j].ind->objet, e->v[i].ind->objet) == 0 &&
			    row_emit(&e->v[j], fn, arg) < 0)
				return -1;
	}
	return 0;
}

void
stats_eval_release(struct stats_eval *e)
{
	for (size_t i = 0; i < e->n; i++) {
		stats_set_release(&e->v[i].set);
		for (size_t k = 0; k < e->v[i].n_levels; k++)
			free(e->v[i].levels[k].name);
		free(e->v[i].levels);
	}
	free(e->v);
	memset(e, 0, sizeof(*e));
}
