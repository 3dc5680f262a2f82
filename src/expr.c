/*
 * expr.c - parser and evaluator for the XLSForm expression subset.
 *
 * A recursive descent parser over a tiny tokenizer builds a tree; the
 * evaluator walks it with XPath-like values (boolean, number, string).
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "i18n.h"
#include "util.h"

/* ---------------------------------------------------------------- tree */

enum expr_kind {
	E_NUM, E_STR, E_REF, E_DOT, E_TRUE, E_FALSE,
	E_OR, E_AND, E_EQ, E_NE, E_LT, E_LE, E_GT, E_GE, E_ADD, E_SUB,
	E_NEG, E_NOT, E_SELECTED, E_STRLEN, E_COUNTSEL
};

struct expr {
	enum expr_kind kind;
	int height;              /* 1 for a leaf; at most EXPR_MAX_HEIGHT */
	double num;
	char *str;               /* E_STR text, E_REF name */
	struct expr *a, *b;
};

/* ---------------------------------------------------------------- tokens */

enum tok_kind {
	T_END, T_NUM, T_STR, T_REF, T_DOT, T_LPAREN, T_RPAREN, T_COMMA,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_PLUS, T_MINUS, T_NAME, T_ERR
};

struct parser {
	const char *src;
	const char *p;          /* next byte to read */
	enum tok_kind tok;      /* current token */
	const char *tstart;     /* where it starts */
	const char *tend;       /* one past its end */
	double num;
	char *text;             /* T_STR, T_REF, T_NAME: malloc'd */
	int failed;
	int nesting;            /* parse_primary calls in progress */
	char *err;
	size_t errlen;
	int *errpos;
};

/* 1-based character (not byte) offset of `at` in the source. */
static int
parser_charpos(const struct parser *ps, const char *at)
{
	const char *q;
	int n = 1;

	for (q = ps->src; q < at && *q != '\0'; q++)
		if (((unsigned char)*q & 0xC0) != 0x80)
			n++;
	return n;
}

static void parser_fail(struct parser *, const char *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* Record the first error only: later ones are consequences of it. */
static void
parser_fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	va_list ap;

	if (ps->failed)
		return;
	ps->failed = 1;
	if (ps->err != NULL && ps->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(ps->err, ps->errlen, fmt, ap);
		va_end(ap);
	}
	if (ps->errpos != NULL)
		*ps->errpos = parser_charpos(ps, at);
}

static int
is_name_start(int c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static int
is_name_char(int c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
}

/* Describe the current token for messages ("'foo'", "the end"). */
static void
tok_describe(const struct parser *ps, char *buf, size_t len)
{
	size_t n;

	if (ps->tok == T_END) {
		snprintf(buf, len, _("la fin de l'expression"));
		return;
	}
	n = (size_t)(ps->tend - ps->tstart);
	if (n > 30)
		n = 30;
	snprintf(buf, len, "'%.*s'", (int)n, ps->tstart);
}

/*
 * The lexer's pieces.  Each reads one token starting at `p`, sets ps->tok
 * (and ps->text where the token has one) and returns where the next token
 * starts; after an error that makes the rest unreadable (an unterminated
 * string or reference), it returns the end of the input.
 */
static const char *
lex_string(struct parser *ps, const char *p)
{
	const char *q = strchr(p + 1, *p);

	if (q == NULL) {
		parser_fail(ps, p, _("texte non fermé : ajoutez le %c de fin"), *p);
		ps->tok = T_ERR;
		return p + strlen(p);
	}
	ps->text = xstrndup(p + 1, (size_t)(q - p - 1));
	ps->tok = T_STR;
	return q + 1;
}

/* ${name}, spaces allowed inside the braces. */
static const char *
lex_ref(struct parser *ps, const char *p)
{
	const char *q = p + 2, *n0, *n1;

	while (*q == ' ')
		q++;
	n0 = q;
	if (!is_name_start((unsigned char)*q)) {
		if (*q == '}')
			parser_fail(ps, p, _("référence vide « ${} » : écrivez le nom d'une question "
			    "entre les accolades"));
		else if (strchr(q, '}') == NULL)
			parser_fail(ps, p, _("référence non fermée : écrivez ${nom}"));
		else
			parser_fail(ps, q, _("nom de question invalide dans la référence : les noms "
			    "commencent par une lettre"));
		ps->tok = T_ERR;
		return p + strlen(p);
	}
	while (is_name_char((unsigned char)*q))
		q++;
	n1 = q;
	while (*q == ' ')
		q++;
	if (*q != '}') {
		if (strchr(q, '}') == NULL)
			parser_fail(ps, p, _("référence non fermée : ajoutez l'accolade fermante « } »"));
		else
			parser_fail(ps, q, _("caractère invalide dans le nom de question : les noms "
			    "s'écrivent avec des lettres, des chiffres et _"));
		ps->tok = T_ERR;
		return p + strlen(p);
	}
	ps->text = xstrndup(n0, (size_t)(n1 - n0));
	ps->tok = T_REF;
	return q + 1;
}

/* Operators and punctuation, one or two characters. */
static const char *
lex_punct(struct parser *ps, const char *p)
{
	switch (*p) {
	case '.': ps->tok = T_DOT; return p + 1;
	case '(': ps->tok = T_LPAREN; return p + 1;
	case ')': ps->tok = T_RPAREN; return p + 1;
	case ',': ps->tok = T_COMMA; return p + 1;
	case '=': ps->tok = T_EQ; return p + 1;
	case '+': ps->tok = T_PLUS; return p + 1;
	case '-': ps->tok = T_MINUS; return p + 1;
	case '!':
		if (p[1] == '=') {
			ps->tok = T_NE;
			return p + 2;
		}
		parser_fail(ps, p, _("« ! » inattendu : écrivez != pour « diffère de », ou "
		    "not(...)"));
		break;
	case '<':
		ps->tok = p[1] == '=' ? T_LE : T_LT;
		return p + (p[1] == '=' ? 2 : 1);
	case '>':
		ps->tok = p[1] == '=' ? T_GE : T_GT;
		return p + (p[1] == '=' ? 2 : 1);
	case '*':
	case '|':
	case '/':
		parser_fail(ps, p, _("l'opérateur « %c » n'est pas pris en charge"), *p);
		break;
	default:
		if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f)
			parser_fail(ps, p, _("caractère inattendu « %c »"), *p);
		else
			parser_fail(ps, p, _("caractère inattendu"));
		break;
	}
	ps->tok = T_ERR;
	return p + 1;
}

static void
next(struct parser *ps)
{
	const char *p = ps->p;
	const char *q;

	free(ps->text);
	ps->text = NULL;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	ps->tstart = p;
	if (*p == '\0') {
		ps->tok = T_END;
	} else if (isdigit((unsigned char)*p) ||
	    (*p == '.' && isdigit((unsigned char)p[1]))) {
		char *end;

		ps->num = strtod(p, &end);
		ps->tok = T_NUM;
		p = end;
	} else if (*p == '\'' || *p == '"') {
		p = lex_string(ps, p);
	} else if (p[0] == '$' && p[1] == '{') {
		p = lex_ref(ps, p);
	} else if (is_name_start((unsigned char)*p)) {
		q = p;
		while (is_name_char((unsigned char)*q))
			q++;
		ps->text = xstrndup(p, (size_t)(q - p));
		ps->tok = T_NAME;
		p = q;
	} else {
		p = lex_punct(ps, p);
	}
	ps->tend = ps->p = p;
}

/* ---------------------------------------------------------------- parser */

static int
height_of(const struct expr *e)
{
	return e != NULL ? e->height : 0;
}

/*
 * A new node over `a` and `b`.  Chains such as "1+1+1..." or "a or b or
 * c..." are parsed by loops, not recursion, but they build a tree as deep
 * as they are long, and every walk over the tree (evaluation, freeing,
 * the loader's checks) recurses: the height is bounded here, once, so that
 * no walk can exhaust the stack whatever the cell holds.
 */
static struct expr *
node(struct parser *ps, enum expr_kind k, struct expr *a, struct expr *b)
{
	struct expr *e = xmalloc(sizeof(*e));
	int ha = height_of(a), hb = height_of(b);

	memset(e, 0, sizeof(*e));
	e->kind = k;
	e->a = a;
	e->b = b;
	e->height = 1 + (ha > hb ? ha : hb);
	if (e->height > EXPR_MAX_HEIGHT)
		parser_fail(ps, ps->tstart, _("expression trop longue : plus "
		    "de %d opérations enchaînées les unes dans les autres ; "
		    "découpez-la en plusieurs conditions plus simples"),
		    EXPR_MAX_HEIGHT);
	return e;
}

/* Set the second operand once parsed, keeping the height right. */
static void
node_set_b(struct parser *ps, struct expr *e, struct expr *b)
{
	int hb = height_of(b);

	e->b = b;
	if (1 + hb > e->height)
		e->height = 1 + hb;
	if (e->height > EXPR_MAX_HEIGHT)
		parser_fail(ps, ps->tstart, _("expression trop longue : plus "
		    "de %d opérations enchaînées les unes dans les autres ; "
		    "découpez-la en plusieurs conditions plus simples"),
		    EXPR_MAX_HEIGHT);
}

static struct expr *parse_or(struct parser *);

static void
expect_rparen(struct parser *ps, const char *what)
{
	char d[64];

	if (ps->failed)
		return;
	if (ps->tok != T_RPAREN) {
		tok_describe(ps, d, sizeof(d));
		parser_fail(ps, ps->tstart, _("« ) » attendu pour fermer %s, trouvé %s"),
		    what, d);
		return;
	}
	next(ps);
}

static void
expect_comma(struct parser *ps, const char *what)
{
	char d[64];

	if (ps->failed)
		return;
	if (ps->tok != T_COMMA) {
		tok_describe(ps, d, sizeof(d));
		parser_fail(ps, ps->tstart, _("« , » attendu entre les arguments de %s, trouvé %s"), what, d);
		return;
	}
	next(ps);
}

/* Known XPath functions that the subset leaves out. */
static const char *const unsupported_fns[] = {
	"if", "concat", "regex", "contains", "starts-with", "ends-with",
	"substr", "substring", "today", "now", "int", "round", "number",
	"string", "coalesce", "sum", "count", "jr:choice-name", "position",
	"indexed-repeat", "pulldata", "format-date", "date", "boolean",
	"normalize-space", "translate", "uuid", "once", "max", "min",
	"selected-at", "choice-name", "decimal-date-time", "boolean-from-string",
	"floor", "ceiling", "abs", "pow", "join", "distance", "area",
	"digest", "random", "checklist", "weighted-checklist", NULL
};

static struct expr *
parse_call(struct parser *ps, const char *name, const char *at)
{
	struct expr *e = NULL;
	char what[64];
	size_t i;

	snprintf(what, sizeof(what), "%s()", name);
	next(ps);               /* the '(' */
	if (strcmp(name, "true") == 0 || strcmp(name, "false") == 0) {
		e = node(ps, name[0] == 't' ? E_TRUE : E_FALSE, NULL, NULL);
		expect_rparen(ps, what);
	} else if (strcmp(name, "not") == 0) {
		e = node(ps, E_NOT, parse_or(ps), NULL);
		expect_rparen(ps, what);
	} else if (strcmp(name, "selected") == 0) {
		e = node(ps, E_SELECTED, parse_or(ps), NULL);
		expect_comma(ps, what);
		if (!ps->failed)
			node_set_b(ps, e, parse_or(ps));
		expect_rparen(ps, what);
	} else if (strcmp(name, "string-length") == 0) {
		e = node(ps, E_STRLEN, parse_or(ps), NULL);
		expect_rparen(ps, what);
	} else if (strcmp(name, "count-selected") == 0) {
		e = node(ps, E_COUNTSEL, parse_or(ps), NULL);
		expect_rparen(ps, what);
	} else {
		for (i = 0; unsupported_fns[i] != NULL; i++)
			if (strcmp(unsupported_fns[i], name) == 0)
				break;
		if (unsupported_fns[i] != NULL)
			parser_fail(ps, at, _("la fonction « %s() » n'est pas prise en charge ; utilisez "
			    "selected(), string-length(), count-selected(), not(), "
			    "true() ou false()"), name);
		else
			parser_fail(ps, at, _("fonction inconnue « %s() »"), name);
	}
	return e;
}

static struct expr *parse_primary_1(struct parser *);

/*
 * Every recursion of the parser goes through parse_primary: a '(' , a
 * unary '-' or a function call.  Bounding the calls in progress bounds
 * the parser's stack, however many of them a 64 KB cell can hold.
 */
static struct expr *
parse_primary(struct parser *ps)
{
	struct expr *e;

	if (ps->failed)
		return NULL;
	if (ps->nesting >= EXPR_MAX_NESTING) {
		parser_fail(ps, ps->tstart, _("expression trop imbriquée : plus "
		    "de %d niveaux de parenthèses, de signes moins ou de "
		    "fonctions les uns dans les autres ; simplifiez-la"),
		    EXPR_MAX_NESTING);
		return NULL;
	}
	ps->nesting++;
	e = parse_primary_1(ps);
	ps->nesting--;
	return e;
}

static struct expr *
parse_primary_1(struct parser *ps)
{
	struct expr *e = NULL;
	char d[64];
	char *name;
	const char *at;

	switch (ps->tok) {
	case T_NUM:
		e = node(ps, E_NUM, NULL, NULL);
		e->num = ps->num;
		next(ps);
		break;
	case T_STR:
	case T_REF:
		e = node(ps, ps->tok == T_STR ? E_STR : E_REF, NULL, NULL);
		e->str = ps->text;
		ps->text = NULL;
		next(ps);
		break;
	case T_DOT:
		e = node(ps, E_DOT, NULL, NULL);
		next(ps);
		break;
	case T_MINUS:
		next(ps);
		e = node(ps, E_NEG, parse_primary(ps), NULL);
		break;
	case T_LPAREN:
		next(ps);
		e = parse_or(ps);
		expect_rparen(ps, "'('");
		break;
	case T_NAME:
		name = ps->text;
		ps->text = NULL;
		at = ps->tstart;
		next(ps);
		if (ps->tok == T_LPAREN)
			e = parse_call(ps, name, at);
		else if (strcmp(name, "and") == 0 || strcmp(name, "or") == 0)
			parser_fail(ps, at, _("une valeur est attendue avant « %s »"),
			    name);
		else if (strcmp(name, "div") == 0 || strcmp(name, "mod") == 0)
			parser_fail(ps, at, _("l'opérateur « %s » n'est pas pris en charge"),
			    name);
		else
			parser_fail(ps, at, _("nom inattendu « %s » : écrivez ${%s} pour une question, "
			    "ou '%s' entre guillemets pour du texte"),
			    name, name, name);
		free(name);
		break;
	case T_ERR:
		break;
	case T_END:
		parser_fail(ps, ps->tstart, _("expression incomplète : il manque une valeur à la fin"));
		break;
	default:
		tok_describe(ps, d, sizeof(d));
		parser_fail(ps, ps->tstart, _("une valeur est attendue, trouvé %s"), d);
		break;
	}
	return e;
}

static struct expr *
parse_sum(struct parser *ps)
{
	struct expr *e = parse_primary(ps);

	while (!ps->failed && (ps->tok == T_PLUS || ps->tok == T_MINUS)) {
		enum expr_kind k = ps->tok == T_PLUS ? E_ADD : E_SUB;

		next(ps);
		e = node(ps, k, e, parse_primary(ps));
	}
	return e;
}

static struct expr *
parse_cmp(struct parser *ps)
{
	struct expr *e = parse_sum(ps);
	enum expr_kind k;

	if (ps->failed)
		return e;
	switch (ps->tok) {
	case T_EQ: k = E_EQ; break;
	case T_NE: k = E_NE; break;
	case T_LT: k = E_LT; break;
	case T_LE: k = E_LE; break;
	case T_GT: k = E_GT; break;
	case T_GE: k = E_GE; break;
	default: return e;
	}
	next(ps);
	return node(ps, k, e, parse_sum(ps));
}

static int
tok_is_word(const struct parser *ps, const char *w)
{
	return ps->tok == T_NAME && strcmp(ps->text, w) == 0;
}

static struct expr *
parse_and(struct parser *ps)
{
	struct expr *e = parse_cmp(ps);

	while (!ps->failed && tok_is_word(ps, "and")) {
		next(ps);
		e = node(ps, E_AND, e, parse_cmp(ps));
	}
	return e;
}

static struct expr *
parse_or(struct parser *ps)
{
	struct expr *e = parse_and(ps);

	while (!ps->failed && tok_is_word(ps, "or")) {
		next(ps);
		e = node(ps, E_OR, e, parse_and(ps));
	}
	return e;
}

struct expr *
expr_parse(const char *src, char *err, size_t errlen, int *errpos)
{
	struct parser ps;
	struct expr *e = NULL;
	char d[64];

	memset(&ps, 0, sizeof(ps));
	ps.src = ps.p = src;
	ps.err = err;
	ps.errlen = errlen;
	ps.errpos = errpos;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (errpos != NULL)
		*errpos = 0;

	next(&ps);
	if (ps.tok == T_END) {
		parser_fail(&ps, ps.tstart, _("expression vide"));
		goto done;
	}
	e = parse_or(&ps);
	if (!ps.failed && ps.tok != T_END) {
		tok_describe(&ps, d, sizeof(d));
		if (ps.tok == T_EQ || ps.tok == T_NE || ps.tok == T_LT ||
		    ps.tok == T_LE || ps.tok == T_GT || ps.tok == T_GE)
			parser_fail(&ps, ps.tstart, _("%s inattendu : reliez les comparaisons par « and » ou « "
			    "or »"), d);
		else
			parser_fail(&ps, ps.tstart, _("%s inattendu : manque-t-il un opérateur (« and », « or », "
			    "« = ») ?"), d);
	}
done:
	free(ps.text);
	if (ps.failed) {
		expr_free(e);
		return NULL;
	}
	return e;
}

void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	expr_free(e->a);
	expr_free(e->b);
	free(e->str);
	free(e);
}

void
expr_refs(const struct expr *e, void (*fn)(const char *name, void *arg),
    void *arg)
{
	if (e == NULL)
		return;
	if (e->kind == E_REF)
		fn(e->str, arg);
	expr_refs(e->a, fn, arg);
	expr_refs(e->b, fn, arg);
}

static int
is_answer(const struct expr *e)
{
	return e != NULL && (e->kind == E_REF || e->kind == E_DOT);
}

void
expr_literals(const struct expr *e,
    void (*fn)(const char *name, const char *literal, void *arg), void *arg)
{
	if (e == NULL)
		return;
	if (e->kind == E_EQ || e->kind == E_NE || e->kind == E_SELECTED) {
		if (is_answer(e->a) && e->b != NULL && e->b->kind == E_STR)
			fn(e->a->kind == E_REF ? e->a->str : NULL, e->b->str,
			    arg);
		else if (e->kind != E_SELECTED && is_answer(e->b) &&
		    e->a != NULL && e->a->kind == E_STR)
			fn(e->b->kind == E_REF ? e->b->str : NULL, e->a->str,
			    arg);
	}
	expr_literals(e->a, fn, arg);
	expr_literals(e->b, fn, arg);
}

int
expr_uses_dot(const struct expr *e)
{
	if (e == NULL)
		return 0;
	return e->kind == E_DOT || expr_uses_dot(e->a) || expr_uses_dot(e->b);
}

/* ---------------------------------------------------------------- data */

/* A growing string, for expr_to_data. */
struct sbuf {
	char *s;
	size_t len, cap;
};

static void
sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_str(struct sbuf *b, const char *s)
{
	sb_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];

		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			sb_add(b, esc, 2);
		} else if (c < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			sb_add(b, esc, 6);
		} else
			sb_add(b, s, 1);
	}
	sb_add(b, "\"", 1);
}

/* The operator of each kind, in enum expr_kind's order. */
static const char *const data_op[] = {
	"n", "s", "r", ".", "t", "f", "or", "and", "=", "!=", "<", "<=",
	">", ">=", "+", "-", "neg", "not", "sel", "len", "cnt"
};

/* Recursion bounded by the tree's height (EXPR_MAX_HEIGHT). */
static void
to_data(struct sbuf *b, const struct expr *e)
{
	char num[40];

	sb_add(b, "[", 1);
	sb_str(b, data_op[e->kind]);
	if (e->kind == E_NUM) {
		/* JSON has no infinity; JSON.parse reads 1e999 as one. */
		if (isinf(e->num))
			snprintf(num, sizeof(num), ",1e999");
		else
			snprintf(num, sizeof(num), ",%.17g", e->num);
		sb_add(b, num, strlen(num));
	} else if (e->kind == E_STR || e->kind == E_REF) {
		sb_add(b, ",", 1);
		sb_str(b, e->str);
	}
	if (e->a != NULL) {
		sb_add(b, ",", 1);
		to_data(b, e->a);
	}
	if (e->b != NULL) {
		sb_add(b, ",", 1);
		to_data(b, e->b);
	}
	sb_add(b, "]", 1);
}

char *
expr_to_data(const struct expr *e)
{
	struct sbuf b = { NULL, 0, 0 };

	if (e == NULL)
		return xstrdup("[\"t\"]");
	to_data(&b, e);
	return b.s;
}

/* ---------------------------------------------------------------- eval */

enum val_kind { V_BOOL, V_NUM, V_STR };

struct val {
	enum val_kind kind;
	int b;
	double num;
	const char *str;   /* V_STR: borrowed, or `own` */
	char *own;
};

struct env {
	expr_lookup_fn lookup;
	void *arg;
	int depth;          /* eval calls in progress */
};

static void
val_release(struct val *v)
{
	free(v->own);
	v->own = NULL;
}

/* Read a string as a number; NaN when it is not one in full. */
static double
str_number(const char *s)
{
	char *end;
	double d;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return NAN;
	/* strtod would take "inf", "nan" and hexadecimal: refuse them. */
	if (!(isdigit((unsigned char)*s) || *s == '-' || *s == '+' ||
	    *s == '.'))
		return NAN;
	/*
	 * Only digits, signs, a point and an exponent: strtod would also
	 * read "+inf" and "-nan", and the page's script (which must agree,
	 * tests/expr_cases.txt) reads neither.
	 */
	if (strspn(s, "0123456789+-.eE \t") != strlen(s))
		return NAN;
	d = strtod(s, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	return *end == '\0' ? d : NAN;
}

static double
val_number(const struct val *v)
{
	switch (v->kind) {
	case V_BOOL: return v->b ? 1 : 0;
	case V_NUM: return v->num;
	default: return str_number(v->str);
	}
}

static int
val_bool(const struct val *v)
{
	switch (v->kind) {
	case V_BOOL: return v->b;
	case V_NUM: return v->num != 0 && !isnan(v->num);
	default: return v->str[0] != '\0';
	}
}

/* The string value; `buf` holds formatted numbers. */
static const char *
val_string(const struct val *v, char *buf, size_t len)
{
	switch (v->kind) {
	case V_BOOL:
		return v->b ? "true" : "false";
	case V_NUM:
		if (isnan(v->num))
			return "NaN";
		if (v->num == floor(v->num) && fabs(v->num) < 1e15)
			snprintf(buf, len, "%.0f", v->num);
		else
			snprintf(buf, len, "%.15g", v->num);
		return buf;
	default:
		return v->str;
	}
}

static void eval(const struct expr *, struct env *, struct val *);

static int
compare(enum expr_kind k, const struct val *a, const struct val *b)
{
	char ba[64], bb[64];
	double x, y;
	int c;

	if ((a->kind == V_BOOL || b->kind == V_BOOL) &&
	    (k == E_EQ || k == E_NE)) {
		c = val_bool(a) == val_bool(b);
		return k == E_EQ ? c : !c;
	}
	x = val_number(a);
	y = val_number(b);
	if (!isnan(x) && !isnan(y)) {
		switch (k) {
		case E_EQ: return x == y;
		case E_NE: return x != y;
		case E_LT: return x < y;
		case E_LE: return x <= y;
		case E_GT: return x > y;
		default: return x >= y;
		}
	}
	c = strcmp(val_string(a, ba, sizeof(ba)), val_string(b, bb, sizeof(bb)));
	switch (k) {
	case E_EQ: return c == 0;
	case E_NE: return c != 0;
	case E_LT: return c < 0;
	case E_LE: return c <= 0;
	case E_GT: return c > 0;
	default: return c >= 0;
	}
}

/* Does the space-separated list `list` hold `item`? */
static int
list_has(const char *list, const char *item)
{
	size_t n = strlen(item);
	const char *p = list;

	while (n > 0 && *p != '\0') {
		while (*p == ' ')
			p++;
		if (strncmp(p, item, n) == 0 && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		while (*p != ' ' && *p != '\0')
			p++;
	}
	return 0;
}

static size_t
list_count(const char *list)
{
	size_t n = 0;
	const char *p = list;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			return n;
		n++;
		while (*p != ' ' && *p != '\0')
			p++;
	}
}

static void
eval(const struct expr *e, struct env *env, struct val *out)
{
	struct val a = { V_BOOL, 0, 0, NULL, NULL };
	struct val b = { V_BOOL, 0, 0, NULL, NULL };
	char ba[64], bb[64];
	const char *s;

	memset(out, 0, sizeof(*out));
	/*
	 * The parser builds no tree higher than EXPR_MAX_HEIGHT, so this never
	 * triggers on a parsed tree; it keeps the stack bounded should a tree
	 * ever come from elsewhere.  An over-deep tree evaluates as false.
	 */
	if (env->depth > EXPR_MAX_HEIGHT) {
		out->kind = V_BOOL;
		return;
	}
	env->depth++;
	switch (e->kind) {
	case E_NUM:
		out->kind = V_NUM;
		out->num = e->num;
		break;
	case E_STR:
		out->kind = V_STR;
		out->str = e->str;
		break;
	case E_REF:
	case E_DOT:
		out->kind = V_STR;
		s = env->lookup(e->kind == E_REF ? e->str : NULL, env->arg);
		out->str = s ? s : "";
		break;
	case E_TRUE:
	case E_FALSE:
		out->kind = V_BOOL;
		out->b = e->kind == E_TRUE;
		break;
	case E_OR:
	case E_AND:
		out->kind = V_BOOL;
		eval(e->a, env, &a);
		out->b = val_bool(&a);
		/* Short-circuit as XPath does. */
		if (out->b == (e->kind == E_AND)) {
			eval(e->b, env, &b);
			out->b = val_bool(&b);
		}
		break;
	case E_EQ: case E_NE: case E_LT: case E_LE: case E_GT: case E_GE:
		eval(e->a, env, &a);
		eval(e->b, env, &b);
		out->kind = V_BOOL;
		out->b = compare(e->kind, &a, &b);
		break;
	case E_ADD:
	case E_SUB:
		eval(e->a, env, &a);
		eval(e->b, env, &b);
		out->kind = V_NUM;
		out->num = e->kind == E_ADD ? val_number(&a) + val_number(&b) :
		    val_number(&a) - val_number(&b);
		break;
	case E_NEG:
		eval(e->a, env, &a);
		out->kind = V_NUM;
		out->num = -val_number(&a);
		break;
	case E_NOT:
		eval(e->a, env, &a);
		out->kind = V_BOOL;
		out->b = !val_bool(&a);
		break;
	case E_SELECTED:
		eval(e->a, env, &a);
		eval(e->b, env, &b);
		out->kind = V_BOOL;
		out->b = list_has(val_string(&a, ba, sizeof(ba)),
		    val_string(&b, bb, sizeof(bb)));
		break;
	case E_STRLEN:
		eval(e->a, env, &a);
		out->kind = V_NUM;
		out->num = (double)utf8_length(val_string(&a, ba, sizeof(ba)));
		break;
	case E_COUNTSEL:
		eval(e->a, env, &a);
		out->kind = V_NUM;
		out->num = (double)list_count(val_string(&a, ba, sizeof(ba)));
		break;
	}
	env->depth--;
	val_release(&a);
	val_release(&b);
}

int
expr_eval_bool(const struct expr *e, expr_lookup_fn lookup, void *arg)
{
	struct env env = { lookup, arg, 0 };
	struct val v;
	int r;

	if (e == NULL)
		return 1;
	eval(e, &env, &v);
	r = val_bool(&v);
	val_release(&v);
	return r;
}

char *
expr_eval_text(const struct expr *e, expr_lookup_fn lookup, void *arg)
{
	struct env env = { lookup, arg, 0 };
	struct val v;
	char buf[64];
	const char *s;
	char *r;

	if (e == NULL)
		return xstrdup("");
	eval(e, &env, &v);
	s = val_string(&v, buf, sizeof(buf));
	/* An answer that is not a number (NaN) stores nothing. */
	r = xstrdup(v.kind == V_NUM && isnan(v.num) ? "" : s);
	val_release(&v);
	return r;
}
