/*
 * answers.c - gather, validate and prepare a resident's answers.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "expr.h"
#include "i18n.h"
#include "urlenc.h"
#include "util.h"

static char *
trimmed(const char *s)
{
	const char *end;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	return xstrndup(s, (size_t)(end - s));
}

static void
alloc_answers(struct answers *a, const struct form *f)
{
	memset(a, 0, sizeof(*a));
	a->form = f;
	a->values = xcalloc(f->n_questions, sizeof(*a->values));
	a->errors = xcalloc(f->n_questions, sizeof(*a->errors));
	a->relevant = xcalloc(f->n_questions, sizeof(*a->relevant));
}

static int
has_answer(const struct question *q)
{
	return q->type != Q_NOTE && q->type != Q_BEGIN_GROUP &&
	    q->type != Q_END_GROUP && q->name != NULL;
}

void
answers_defaults(struct answers *a, const struct form *f)
{
	alloc_answers(a, f);
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];

		if (has_answer(q) && q->type != Q_CALCULATE &&
		    q->default_value != NULL)
			a->values[i] = xstrdup(q->default_value);
	}
}

void
answers_from_fields(struct answers *a, const struct form *f,
    const struct urlenc *u)
{
	alloc_answers(a, f);
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];

		/* A calculate question's value is computed, never sent. */
		if (!has_answer(q) || q->type == Q_CALCULATE)
			continue;
		for (size_t k = 0; k < u->n; k++) {
			char *v, *joined;

			if (strcmp(u->pairs[k].key, q->name) != 0)
				continue;
			v = trimmed(u->pairs[k].value);
			if (a->values[i] == NULL || q->type != Q_SELECT_MULTIPLE) {
				/* A duplicate of a single-valued field: the last wins. */
				free(a->values[i]);
				a->values[i] = v;
				continue;
			}
			if (*v == '\0') {
				free(v);
				continue;
			}
			if (*a->values[i] == '\0') {
				free(a->values[i]);
				a->values[i] = v;
				continue;
			}
			if (answers_selected(a->values[i], v)) {
				free(v);
				continue;
			}
			joined = xasprintf("%s %s", a->values[i], v);
			free(a->values[i]);
			free(v);
			a->values[i] = joined;
		}
	}
}

int
answers_selected(const char *value, const char *name)
{
	size_t n = strlen(name);

	if (n == 0)
		return 0;
	for (const char *p = value; (p = strstr(p, name)) != NULL; p += n) {
		if ((p == value || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
	}
	return 0;
}

/* ---- validation ------------------------------------------------------- */

struct lookup_ctx {
	const struct answers *a;
	size_t self;
};

static const char *
lookup(const char *name, void *arg)
{
	const struct lookup_ctx *c = arg;
	const struct form *f = c->a->form;

	if (name == NULL) {
		const char *v = c->a->values[c->self];

		return v ? v : "";
	}
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];

		if (q->name != NULL && strcmp(q->name, name) == 0) {
			/* An irrelevant question reads as unanswered. */
			if (!c->a->relevant[i] || c->a->values[i] == NULL)
				return "";
			return c->a->values[i];
		}
	}
	return "";
}

static int
is_integer(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	(void)v;
	return *s != '\0' && *end == '\0' && errno == 0 &&
	    strspn(s, "-0123456789") == strlen(s);
}

/* Accept the French decimal comma as well as the point. */
static int
parse_decimal(char *s, double *out)
{
	char *end;

	for (char *p = s; *p; p++)
		if (*p == ',')
			*p = '.';
	if (*s == '\0' || strspn(s, "-+.0123456789") != strlen(s))
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	if (*end != '\0' || errno != 0 || !isfinite(*out))
		return -1;
	return 0;
}

/*
 * Built-in messages, used when the form gives none, in the form's
 * language (English for its English version, else French).
 */
enum msg {
	MSG_INTEGER, MSG_DECIMAL, MSG_DATE, MSG_SCALE, MSG_ONE, MSG_MANY,
	MSG_REQUIRED, MSG_CONSTRAINT
};

static const char *const messages[] = {
	[MSG_INTEGER] = N_("Indiquez un nombre entier, par exemple 3."),
	[MSG_DECIMAL] = N_("Indiquez un nombre, par exemple 2,5."),
	[MSG_DATE] = N_("Indiquez une date qui existe (jour, mois, année)."),
	[MSG_SCALE] = N_("Choisissez une valeur de l'échelle."),
	[MSG_ONE] = N_("Choisissez une des réponses proposées."),
	[MSG_MANY] = N_("Choisissez parmi les réponses proposées."),
	[MSG_REQUIRED] = N_("Cette question demande une réponse."),
	[MSG_CONSTRAINT] = N_("Cette réponse n'est pas acceptée."),
};

int
answers_english(const struct form *f, size_t lang)
{
	return f->lang_codes != NULL && lang < f->n_langs &&
	    f->lang_codes[lang] != NULL && strcmp(f->lang_codes[lang], "en") == 0;
}

static const char *
message(const struct form *f, size_t lang, enum msg m)
{
	return i18n_gettext_in(answers_english(f, lang) ? I18N_EN : I18N_FR,
	    messages[m]);
}

/* The type error of value `v` (normalised in place), or -1 when fine. */
static int
type_error(const struct question *q, char *v)
{
	double d;

	switch (q->type) {
	case Q_INTEGER:
		if (!is_integer(v))
			return MSG_INTEGER;
		break;
	case Q_DECIMAL:
		if (parse_decimal(v, &d) < 0)
			return MSG_DECIMAL;
		break;
	case Q_DATE:
		if (!date_valid(v))
			return MSG_DATE;
		break;
	case Q_RANGE:
		if (parse_decimal(v, &d) < 0 || d < q->range_start ||
		    d > q->range_end)
			return MSG_SCALE;
		if (q->range_step > 0) {
			double k = (d - q->range_start) / q->range_step;

			if (fabs(k - round(k)) > 1e-9)
				return MSG_SCALE;
		}
		break;
	case Q_SELECT_ONE:
		if (form_choice(q->list, v) == NULL)
			return MSG_ONE;
		break;
	case Q_SELECT_MULTIPLE: {
		char *copy = xstrdup(v), *save = NULL;
		int bad = -1;

		for (char *t = strtok_r(copy, " ", &save); t != NULL;
		    t = strtok_r(NULL, " ", &save))
			if (form_choice(q->list, t) == NULL)
				bad = MSG_MANY;
		free(copy);
		return bad;
	}
	default:
		break;
	}
	return -1;
}

/*
 * Relevance of every question, in form order.  Questions start relevant,
 * so a rule that reads a later question sees its answer; an earlier
 * question reads as unanswered once found irrelevant.
 */
static void
relevance(struct answers *a)
{
	const struct form *f = a->form;
	struct lookup_ctx ctx = { a, 0 };
	int hidden_depth = -1;

	for (size_t i = 0; i < f->n_questions; i++)
		a->relevant[i] = 1;
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];

		ctx.self = i;
		/* Inside an irrelevant group, everything is irrelevant. */
		if (hidden_depth >= 0 && q->depth > hidden_depth) {
			a->relevant[i] = 0;
		} else {
			hidden_depth = -1;
			a->relevant[i] = q->relevant == NULL ||
			    expr_eval_bool(q->relevant, lookup, &ctx);
			if (!a->relevant[i] && q->type == Q_BEGIN_GROUP)
				hidden_depth = q->depth;
		}
		if (q->type == Q_END_GROUP && hidden_depth >= 0 &&
		    q->depth == hidden_depth)
			a->relevant[i] = 0;
	}
}

/*
 * The value of every relevant calculate question, in form order (a
 * calculation reads the answers, and the calculations above it); an
 * irrelevant one has none.
 */
static void
calculate(struct answers *a)
{
	const struct form *f = a->form;
	struct lookup_ctx ctx = { a, 0 };

	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];

		if (q->type != Q_CALCULATE)
			continue;
		ctx.self = i;
		free(a->values[i]);
		a->values[i] = a->relevant[i] ?
		    expr_eval_text(q->calculation, lookup, &ctx) : NULL;
	}
}

int
answers_choice_offered(const struct answers *a, size_t qi,
    const struct choice *c)
{
	struct lookup_ctx ctx = { a, qi };
	const struct form *f = a->form;

	return form_choice_offered(f, &f->questions[qi], c, lookup, &ctx);
}

/* Whether every choice of `v` (a valid answer to question qi) is offered
 * by its choice_filter, given the other answers. */
static int
offered(const struct answers *a, size_t qi, const char *v)
{
	const struct question *q = &a->form->questions[qi];
	char *copy = xstrdup(v), *save = NULL;
	int ok = 1;

	for (char *t = strtok_r(copy, " ", &save); ok && t != NULL;
	    t = strtok_r(NULL, " ", &save)) {
		const struct choice *c = form_choice(q->list, t);

		ok = c != NULL && answers_choice_offered(a, qi, c);
	}
	free(copy);
	return ok;
}

size_t
answers_validate(struct answers *a, size_t lang)
{
	const struct form *f = a->form;
	struct lookup_ctx ctx = { a, 0 };

	a->n_errors = 0;
	/* Calculations first (a condition may read one), then relevance,
	 * then again with what is relevant. */
	for (size_t i = 0; i < f->n_questions; i++)
		a->relevant[i] = 1;
	calculate(a);
	relevance(a);
	calculate(a);
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		const char *msg = NULL;
		char *v;
		int te;

		ctx.self = i;
		free(a->errors[i]);
		a->errors[i] = NULL;
		/*
		 * An irrelevant question is neither checked nor stored
		 * (answers_rows skips it), and rules read it as unanswered;
		 * what was typed stays in values[] only so that a page shown
		 * again after an error keeps it.
		 */
		if (!has_answer(q) || !a->relevant[i])
			continue;
		v = a->values[i];
		if (v == NULL || *v == '\0') {
			if (q->required) {
				msg = form_text(f, &q->required_message, lang);
				if (*msg == '\0')
					msg = message(f, lang, MSG_REQUIRED);
			}
		} else if ((te = type_error(q, v)) >= 0) {
			msg = message(f, lang, (enum msg)te);
		} else if (q->choice_filter != NULL && !offered(a, i, v)) {
			msg = message(f, lang, q->type == Q_SELECT_ONE ? MSG_ONE :
			    MSG_MANY);
		} else if (q->constraint != NULL &&
		    !expr_eval_bool(q->constraint, lookup, &ctx)) {
			msg = form_text(f, &q->constraint_message, lang);
			if (*msg == '\0')
				msg = message(f, lang, MSG_CONSTRAINT);
		}
		if (msg != NULL) {
			a->errors[i] = xstrdup(msg);
			a->n_errors++;
		}
	}
	a->validated = 1;
	return a->n_errors;
}

struct answer *
answers_rows(const struct answers *a, size_t *n)
{
	const struct form *f = a->form;
	struct answer *rows = xcalloc(f->n_questions, sizeof(*rows));

	*n = 0;
	for (size_t i = 0; i < f->n_questions; i++) {
		/* Never an answer to an irrelevant question. */
		if (a->values[i] == NULL || *a->values[i] == '\0' ||
		    !has_answer(&f->questions[i]) ||
		    (a->validated && !a->relevant[i]))
			continue;
		rows[*n].question = f->questions[i].name;
		rows[*n].value = a->values[i];
		(*n)++;
	}
	return rows;
}

void
answers_release(struct answers *a)
{
	if (a->form != NULL) {
		for (size_t i = 0; i < a->form->n_questions; i++) {
			free(a->values[i]);
			free(a->errors[i]);
		}
	}
	free(a->values);
	free(a->errors);
	free(a->relevant);
	memset(a, 0, sizeof(*a));
}
