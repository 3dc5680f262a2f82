/*
 * formdiff.c - what changed between two versions of a form (formdiff.h).
 *
 * Questions and choices are matched by name through sorted indexes, so a
 * 10,000-question form compares in a few milliseconds.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "formdiff.h"
#include "i18n.h"
#include "util.h"

/* Longest label quoted in a line, in bytes (cut on a character). */
#define QUOTE_MAX 80
/* Choices named in one line before "…". */
#define NAMES_MAX 8

static void
add(struct formdiff *d, enum formdiff_kind kind, const char *question,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
add(struct formdiff *d, enum formdiff_kind kind, const char *question,
    const char *fmt, ...)
{
	struct formdiff_item *it;
	va_list ap;
	char *text;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	text = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(text, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->items = xrealloc(d->items, d->alloc * sizeof(*d->items));
	}
	it = &d->items[d->n++];
	it->kind = kind;
	it->question = question != NULL ? xstrdup(question) : NULL;
	it->text = text;
}

void
formdiff_release(struct formdiff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->items[i].question);
		free(d->items[i].text);
	}
	free(d->items);
	memset(d, 0, sizeof(*d));
}

/* A label for a line: at most QUOTE_MAX bytes, cut before a character. */
static const char *
quote(const char *s, char *buf, size_t len)
{
	size_t n = strlen(s);

	if (n < len && n <= QUOTE_MAX)
		return s;
	n = QUOTE_MAX < len - 4 ? QUOTE_MAX : len - 4;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "…", sizeof("…"));
	return buf;
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* ---- indexes by name -------------------------------------------------- */

static int
cmp_question(const void *a, const void *b)
{
	const struct question *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* The named questions of `f`, sorted by name (caller frees); *n set. */
static const struct question **
question_index(const struct form *f, size_t *n)
{
	const struct question **v;
	size_t k = 0;

	v = xcalloc(f->n_questions + 1, sizeof(*v));
	for (size_t i = 0; i < f->n_questions; i++)
		if (f->questions[i].name != NULL &&
		    f->questions[i].type != Q_END_GROUP)
			v[k++] = &f->questions[i];
	qsort(v, k, sizeof(*v), cmp_question);
	*n = k;
	return v;
}

static const struct question *
question_find(const struct question **v, size_t n, const char *name)
{
	struct question key = { .name = (char *)(uintptr_t)name };
	const struct question *kp = &key, **hit;

	if (name == NULL)
		return NULL;
	hit = bsearch(&kp, v, n, sizeof(*v), cmp_question);
	return hit != NULL ? *hit : NULL;
}

/* ---- the form as a whole ---------------------------------------------- */

static int
lang_in(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n_langs; i++)
		if (strcmp(f->langs[i], name) == 0)
			return (int)i;
	return -1;
}

static void
diff_langs(struct formdiff *d, const struct form *a, const struct form *b)
{
	/* A form without translations has one language named "default". */
	for (size_t i = 0; i < b->n_langs; i++)
		if (lang_in(a, b->langs[i]) < 0 && strcmp(b->langs[i],
		    "default") != 0)
			add(d, FORMDIFF_FORM, NULL, _("Langue ajoutée : %s."),
			    b->langs[i]);
	for (size_t i = 0; i < a->n_langs; i++)
		if (lang_in(b, a->langs[i]) < 0 && strcmp(a->langs[i],
		    "default") != 0)
			add(d, FORMDIFF_FORM, NULL, _("Langue retirée : %s."),
			    a->langs[i]);
}

static int
indicator_same(const struct indicator *x, const struct indicator *y)
{
	return x->mesure == y->mesure && strcmp(nz(x->objet), nz(y->objet)) == 0 &&
	    strcmp(nz(x->indicateur), nz(y->indicateur)) == 0 &&
	    strcmp(nz(x->question), nz(y->question)) == 0 &&
	    strcmp(nz(x->valeur), nz(y->valeur)) == 0;
}

static void
diff_indicators(struct formdiff *d, const struct form *a,
    const struct form *b)
{
	int same = a->n_indicators == b->n_indicators;

	for (size_t i = 0; same && i < a->n_indicators; i++)
		same = indicator_same(&a->indicators[i], &b->indicators[i]);
	if (!same)
		add(d, FORMDIFF_FORM, NULL, _("Indicateurs du tableau "
		    "d'évaluation modifiés : %zu avant, %zu maintenant."),
		    a->n_indicators, b->n_indicators);
}

/* Whether the questions both versions have come in the same order. */
static int
same_order(const struct form *a, const struct form *b,
    const struct question **ia, size_t na, const struct question **ib,
    size_t nb)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < a->n_questions && (a->questions[i].name == NULL ||
		    question_find(ib, nb, a->questions[i].name) == NULL))
			i++;
		while (j < b->n_questions && (b->questions[j].name == NULL ||
		    question_find(ia, na, b->questions[j].name) == NULL))
			j++;
		if (i == a->n_questions || j == b->n_questions)
			return 1;
		if (strcmp(a->questions[i].name, b->questions[j].name) != 0)
			return 0;
		i++;
		j++;
	}
}

/* ---- one question ----------------------------------------------------- */

/* Each language of `b` whose text differs from the same language in `a`. */
static void
diff_text(struct formdiff *d, const struct form *a, const struct text *ta,
    const struct form *b, const struct text *tb, const char *qname,
    const char *what)
{
	char q1[QUOTE_MAX + 8], q2[QUOTE_MAX + 8];

	for (size_t i = 0; i < b->n_langs; i++) {
		int j = lang_in(a, b->langs[i]);
		const char *x = j >= 0 ? nz(ta->v[j]) : "";
		const char *y = nz(tb->v[i]);

		if (j < 0 || strcmp(x, y) == 0)
			continue;
		if (b->n_langs > 1)
			add(d, FORMDIFF_CHANGED, qname, _("« %s » : %s (%s) : "
			    "« %s » devient « %s »."), qname, what,
			    b->langs[i], quote(x, q1, sizeof(q1)),
			    quote(y, q2, sizeof(q2)));
		else
			add(d, FORMDIFF_CHANGED, qname, _("« %s » : %s : "
			    "« %s » devient « %s »."), qname, what,
			    quote(x, q1, sizeof(q1)), quote(y, q2, sizeof(q2)));
	}
}

/* "« a », « b », … (12 en tout)" into a new string. */
static char *
name_list(const struct form *f, const struct choice *const *v, size_t n)
{
	char q[QUOTE_MAX + 8];
	char *s = xstrdup(""), *t;

	for (size_t i = 0; i < n && i < NAMES_MAX; i++) {
		t = xasprintf("%s%s« %s »", s, i ? ", " : "",
		    quote(form_text(f, &v[i]->label, 0), q, sizeof(q)));
		free(s);
		s = t;
	}
	if (n > NAMES_MAX) {
		t = xasprintf(_("%s, … (%zu en tout)"), s, n);
		free(s);
		s = t;
	}
	return s;
}

/* The choices of lb (in form fl) that la lacks, as one line. */
static void
diff_choices_one_way(struct formdiff *d, const struct form *fl,
    const struct choice_list *la, const struct choice_list *lb,
    const char *qname, int added)
{
	const struct choice **v = xcalloc(lb->n_choices + 1, sizeof(*v));
	size_t k = 0;
	char *names;

	for (size_t i = 0; i < lb->n_choices; i++)
		if (form_choice(la, lb->choices[i].name) == NULL)
			v[k++] = &lb->choices[i];
	if (k > 0) {
		names = name_list(fl, v, k);
		if (added)
			add(d, FORMDIFF_CHANGED, qname, _("« %s » : choix "
			    "ajoutés : %s."), qname, names);
		else
			add(d, FORMDIFF_CHANGED, qname, _("« %s » : choix "
			    "retirés : %s."), qname, names);
		free(names);
	}
	free(v);
}

static void
diff_choices(struct formdiff *d, const struct form *a,
    const struct question *qa, const struct form *b,
    const struct question *qb)
{
	const struct choice_list *la = qa->list, *lb = qb->list;
	size_t k = 0;

	if (la == NULL || lb == NULL)
		return;
	diff_choices_one_way(d, b, la, lb, qb->name, 1);
	diff_choices_one_way(d, a, lb, la, qb->name, 0);
	for (size_t i = 0; i < lb->n_choices && k < NAMES_MAX; i++) {
		const struct choice *cb = &lb->choices[i];
		const struct choice *ca = form_choice(la, cb->name);
		char q1[QUOTE_MAX + 8], q2[QUOTE_MAX + 8];
		const char *x, *y;

		if (ca == NULL)
			continue;
		x = form_text(a, &ca->label, 0);
		y = form_text(b, &cb->label, 0);
		if (strcmp(x, y) == 0)
			continue;
		add(d, FORMDIFF_CHANGED, qb->name, _("« %s » : le choix « %s » "
		    "s'appelle maintenant « %s »."), qb->name,
		    quote(x, q1, sizeof(q1)), quote(y, q2, sizeof(q2)));
		k++;
	}
}

/* Whether an optional expression's source changed. */
static int
src_changed(const char *x, const char *y)
{
	return strcmp(nz(x), nz(y)) != 0;
}

static void
diff_question(struct formdiff *d, const struct form *a,
    const struct question *qa, const struct form *b,
    const struct question *qb)
{
	const char *n = qb->name;

	if (qa->type != qb->type)
		add(d, FORMDIFF_CHANGED, n, _("« %s » : le type passe de %s à "
		    "%s."), n, form_type_name(qa->type),
		    form_type_name(qb->type));
	diff_text(d, a, &qa->label, b, &qb->label, n, _("libellé modifié"));
	diff_text(d, a, &qa->hint, b, &qb->hint, n, _("aide modifiée"));
	if (qa->required != qb->required)
		add(d, FORMDIFF_CHANGED, n, qb->required ?
		    _("« %s » devient obligatoire.") :
		    _("« %s » n'est plus obligatoire."), n);
	if (src_changed(qa->relevant_src, qb->relevant_src))
		add(d, FORMDIFF_CHANGED, n, _("« %s » : la condition "
		    "d'affichage (relevant) a changé : « %s »."), n,
		    *nz(qb->relevant_src) ? qb->relevant_src : _("toujours"));
	if (src_changed(qa->constraint_src, qb->constraint_src))
		add(d, FORMDIFF_CHANGED, n, _("« %s » : la contrainte sur la "
		    "réponse a changé : « %s »."), n,
		    *nz(qb->constraint_src) ? qb->constraint_src : _("aucune"));
	if (qa->type == qb->type && (qb->type == Q_SELECT_ONE ||
	    qb->type == Q_SELECT_MULTIPLE))
		diff_choices(d, a, qa, b, qb);
}

/* ---- the whole comparison --------------------------------------------- */

static void
diff_form(struct formdiff *d, const struct form *a, const struct form *b)
{
	char q1[QUOTE_MAX + 8], q2[QUOTE_MAX + 8];

	if (strcmp(nz(a->title), nz(b->title)) != 0)
		add(d, FORMDIFF_FORM, NULL, _("Titre modifié : « %s » devient "
		    "« %s »."), quote(nz(a->title), q1, sizeof(q1)),
		    quote(nz(b->title), q2, sizeof(q2)));
	diff_langs(d, a, b);
	diff_indicators(d, a, b);
}

static void
removed(struct formdiff *d, const struct form *a, const struct question *q)
{
	char buf[QUOTE_MAX + 8];

	add(d, FORMDIFF_REMOVED, q->name, _("Question retirée : « %s » (%s). "
	    "Ses réponses déjà reçues restent dans les exports."),
	    quote(form_text(a, &q->label, 0), buf, sizeof(buf)), q->name);
	d->removed++;
}

/* Walk `b` in order, listing the removed questions of `a` where they stood. */
static void
diff_questions(struct formdiff *d, const struct form *a, const struct form *b,
    const struct question **ia, size_t na, const struct question **ib,
    size_t nb)
{
	size_t ai = 0;
	char buf[QUOTE_MAX + 8];

	for (size_t i = 0; i < b->n_questions; i++) {
		const struct question *qb = &b->questions[i], *qa;
		size_t before = d->n;

		if (qb->name == NULL || qb->type == Q_END_GROUP)
			continue;
		qa = question_find(ia, na, qb->name);
		/* Questions of `a` up to this one that `b` lacks. */
		for (; qa != NULL && ai <= (size_t)(qa - a->questions); ai++)
			if (a->questions[ai].name != NULL &&
			    a->questions[ai].type != Q_END_GROUP &&
			    question_find(ib, nb, a->questions[ai].name) == NULL)
				removed(d, a, &a->questions[ai]);
		if (qa == NULL) {
			add(d, FORMDIFF_ADDED, qb->name, _("Question ajoutée : "
			    "« %s » (%s, %s)."), quote(form_text(b, &qb->label,
			    0), buf, sizeof(buf)), qb->name,
			    form_type_name(qb->type));
			d->added++;
			continue;
		}
		diff_question(d, a, qa, b, qb);
		if (d->n > before)
			d->changed++;
	}
	for (; ai < a->n_questions; ai++)
		if (a->questions[ai].name != NULL &&
		    a->questions[ai].type != Q_END_GROUP &&
		    question_find(ib, nb, a->questions[ai].name) == NULL)
			removed(d, a, &a->questions[ai]);
}

void
formdiff_compute(struct formdiff *d, const struct form *now,
    const struct form *next)
{
	const struct question **ia, **ib;
	size_t na, nb;

	memset(d, 0, sizeof(*d));
	if (now == NULL) {
		add(d, FORMDIFF_FORM, NULL, _("Nouveau questionnaire : aucune "
		    "version n'est servie sous l'identifiant « %s »."),
		    next->id);
		return;
	}
	if (strcmp(now->hash, next->hash) == 0) {
		add(d, FORMDIFF_FORM, NULL, _("Aucun changement : c'est le "
		    "fichier de la version servie."));
		return;
	}
	ia = question_index(now, &na);
	ib = question_index(next, &nb);
	diff_form(d, now, next);
	if (!same_order(now, next, ia, na, ib, nb))
		add(d, FORMDIFF_FORM, NULL, _("L'ordre des questions a "
		    "changé."));
	diff_questions(d, now, next, ia, na, ib, nb);
	if (d->n == 0)
		add(d, FORMDIFF_FORM, NULL, _("Aucun changement des questions, "
		    "des choix ni des indicateurs (seule la mise en forme du "
		    "fichier diffère)."));
	free(ia);
	free(ib);
}
