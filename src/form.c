/*
 * form.c - the XLSForm single-file CSV loader.
 *
 * Loading runs in stages, each on the whole buffer:
 *   1. bytes: SHA-256, byte order mark, UTF-8 validation, separator;
 *   2. records: libcsv gives the cell contents, and a small scanner that
 *      follows the same quoting rules gives each cell's line and column
 *      (libcsv reports no positions);
 *   3. sheets: rows are split into survey, choices, settings, indicators,
 *      each with its header row;
 *   4. model: settings, languages, choices, survey, indicators, then the
 *      checks that need the whole form (references, lists in use).
 * Every problem is added to the diag; the form is returned only when there
 * was no error.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <sodium.h>

#include "expr.h"
#include "form.h"
#include "i18n.h"
#include "util.h"

/* Limits that keep a broken or hostile file from costing much. */
#define FORM_MAX_CELL   (64 * 1024)
#define FORM_MAX_FILE   (1024 * 1024)
#define FORM_MAX_UTF8_ERRORS 20
#define FORM_MAX_RANGE_STEPS 100
#define FORM_MAX_ROWS   10000   /* checks are quadratic in rows */
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

static int
ieq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
	return *a == *b;
}

static size_t
utf8_chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* ================================================================ stage 1 */

/* Line and character column of byte `off` of `body`. */
static void
linecol(const char *body, size_t off, int *line, int *col)
{
	size_t i;
	int l = 1, c = 1;

	for (i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)body[i];

		if (ch == '\n' || (ch == '\r' && body[i + 1] != '\n')) {
			l++;
			c = 1;
		} else if (ch == '\r') {
			/* first half of CRLF: the LF ends the line */
		} else if ((ch & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* Report invalid UTF-8 and NUL bytes; returns the number of problems. */
static int
check_utf8(const char *file, const char *body, size_t len, struct diag *d)
{
	const unsigned char *s = (const unsigned char *)body;
	size_t i = 0, k;
	int n = 0, line, col, last_line = 0;

	while (i < len) {
		if (s[i] == '\0') {
			k = 0;
		} else {
			k = utf8_seq(s + i, len - i);
		}
		if (k > 0) {
			i += k;
			continue;
		}
		linecol(body, i, &line, &col);
		/* One message per line is enough to find the cell. */
		if (line != last_line && n < FORM_MAX_UTF8_ERRORS) {
			if (s[i] == '\0')
				diag_add(d, DIAG_ERROR, file, line, col,
				    "NUL byte in the file: save it again as "
				    "CSV text (UTF-8)");
			else
				diag_add(d, DIAG_ERROR, file, line, col,
				    "invalid UTF-8 (byte 0x%02X): save the file "
				    "as CSV with the UTF-8 character set", s[i]);
		}
		if (line != last_line)
			n++;
		last_line = line;
		i++;
	}
	return n;
}

/*
 * The separator: ',' or ';', whichever appears more (outside quotes) on the
 * first line that has either.  LibreOffice and French Excel save ';'.
 */
static char
detect_sep(const char *s, size_t len)
{
	size_t i;
	int commas = 0, semis = 0, quoted = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (s[i] == ',')
			commas++;
		else if (s[i] == ';')
			semis++;
		else if ((s[i] == '\n' || s[i] == '\r') && commas + semis > 0)
			break;
	}
	return semis > commas ? ';' : ',';
}

/* ================================================================ stage 2 */

struct cell {
	char *s;          /* trimmed value */
	int line, col;    /* position of the cell's first character */
	size_t raw;       /* byte offset of the value's first byte in body */
	int quoted;
};

struct row {
	struct cell *cells;
	size_t n, alloc;
	int line;
};

struct rows {
	struct row *v;
	size_t n, alloc;
};

/* Positions of one record, from the scanner. */
struct posfield {
	int line, col;
	size_t raw;
	int quoted;
};

struct posrec {
	struct posfield *f;
	size_t n, alloc;
};

struct posrecs {
	struct posrec *v;
	size_t n, alloc;
	int unterminated;          /* a quoted cell runs to the end */
	int open_line, open_col;   /* where that cell starts */
};

static void
posrecs_release(struct posrecs *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].f);
	free(p->v);
}

static void
pos_field(struct posrecs *p, int line, int col, size_t raw, int quoted)
{
	struct posrec *r = &p->v[p->n - 1];

	r->f = grow(r->f, &r->alloc, r->n, sizeof(*r->f));
	r->f[r->n].line = line;
	r->f[r->n].col = col;
	r->f[r->n].raw = raw;
	r->f[r->n].quoted = quoted;
	r->n++;
}

static void
pos_record(struct posrecs *p)
{
	p->v = grow(p->v, &p->alloc, p->n, sizeof(*p->v));
	memset(&p->v[p->n], 0, sizeof(p->v[p->n]));
	p->n++;
}

/*
 * Follow libcsv's rules (strict mode, spaces and tabs trimmed, empty lines
 * skipped, CR, LF or CRLF ending a record) to find where each field
 * starts.  Malformed input is libcsv's to report.
 */
static void
scan_positions(const char *s, size_t len, char sep, struct posrecs *p)
{
	enum { ROW_NOT_BEGUN, FIELD_NOT_BEGUN, UNQUOTED, QUOTED, AFTER_QUOTE }
	    st = ROW_NOT_BEGUN;
	size_t i;
	int line = 1, col = 1;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int nl = c == '\n' || c == '\r';

		switch (st) {
		case ROW_NOT_BEGUN:
		case FIELD_NOT_BEGUN:
			if (is_blank(c))
				break;
			if (nl) {
				if (st == FIELD_NOT_BEGUN)
					pos_field(p, line, col, i, 0);
				st = ROW_NOT_BEGUN;
				break;
			}
			if (st == ROW_NOT_BEGUN)
				pos_record(p);
			if (c == (unsigned char)sep) {
				pos_field(p, line, col, i, 0);
				st = FIELD_NOT_BEGUN;
			} else if (c == '"') {
				pos_field(p, line, col, i + 1, 1);
				p->open_line = line;
				p->open_col = col;
				st = QUOTED;
			} else {
				pos_field(p, line, col, i, 0);
				st = UNQUOTED;
			}
			break;
		case UNQUOTED:
			if (c == (unsigned char)sep)
				st = FIELD_NOT_BEGUN;
			else if (nl)
				st = ROW_NOT_BEGUN;
			break;
		case QUOTED:
			if (c == '"')
				st = AFTER_QUOTE;
			break;
		case AFTER_QUOTE:
			if (c == '"')
				st = QUOTED;
			else if (c == (unsigned char)sep)
				st = FIELD_NOT_BEGUN;
			else if (nl)
				st = ROW_NOT_BEGUN;
			break;
		}
		/* Advance the position past byte i. */
		if (c == '\n' || (c == '\r' && (i + 1 >= len || s[i + 1] != '\n'))) {
			line++;
			col = 1;
		} else if (c != '\r' && (c & 0xC0) != 0x80) {
			col++;
		}
	}
	/* A record ending in a separator has a last, empty field. */
	if (st == FIELD_NOT_BEGUN)
		pos_field(p, line, col, len, 0);
	p->unterminated = st == QUOTED;
}

struct csvctx {
	struct rows *rows;
	int in_row;
};

static void
csv_cb_field(void *s, size_t len, void *arg)
{
	struct csvctx *cx = arg;
	struct row *r;

	if (!cx->in_row) {
		cx->rows->v = grow(cx->rows->v, &cx->rows->alloc, cx->rows->n,
		    sizeof(*cx->rows->v));
		memset(&cx->rows->v[cx->rows->n], 0, sizeof(struct row));
		cx->rows->n++;
		cx->in_row = 1;
	}
	r = &cx->rows->v[cx->rows->n - 1];
	r->cells = grow(r->cells, &r->alloc, r->n, sizeof(*r->cells));
	memset(&r->cells[r->n], 0, sizeof(struct cell));
	r->cells[r->n].s = xstrndup(s ? s : "", s ? len : 0);
	r->n++;
}

static void
csv_cb_row(int c, void *arg)
{
	struct csvctx *cx = arg;

	(void)c;
	cx->in_row = 0;
}

/* libcsv grows a cell's buffer through this: refuse huge cells. */
static void *
csv_capped_realloc(void *p, size_t n)
{
	if (n > FORM_MAX_CELL + 1024)
		return NULL;
	return realloc(p, n);
}

static void
rows_release(struct rows *rows)
{
	size_t i, j;

	for (i = 0; i < rows->n; i++) {
		for (j = 0; j < rows->v[i].n; j++)
			free(rows->v[i].cells[j].s);
		free(rows->v[i].cells);
	}
	free(rows->v);
	memset(rows, 0, sizeof(*rows));
}

/* Trim a cell in place, keeping track of where its value starts. */
static void
cell_trim(struct cell *c)
{
	size_t n = strlen(c->s), lead = 0;

	while (n > 0 && (is_blank((unsigned char)c->s[n - 1]) ||
	    c->s[n - 1] == '\r' || c->s[n - 1] == '\n'))
		n--;
	while (lead < n && (is_blank((unsigned char)c->s[lead]) ||
	    c->s[lead] == '\r' || c->s[lead] == '\n'))
		lead++;
	memmove(c->s, c->s + lead, n - lead);
	c->s[n - lead] = '\0';
	c->raw += lead;   /* only spaces: one raw byte each */
}

/*
 * Read the records with libcsv, fed `chunk` bytes at a time, and give each
 * cell its position.  Returns 0, or -1 when the CSV itself is malformed
 * (reported).
 */
static int
read_records(const char *file, const char *body, size_t len, char sep,
    size_t chunk, struct rows *rows, struct diag *d)
{
	struct csv_parser cp;
	struct csvctx cx = { rows, 0 };
	struct posrecs pos;
	size_t off = 0, n, i, j;
	int line, col, rc = -1, err;
	int inited = 0, aligned;

	scan_positions(body, len, sep, &pos);
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		goto done;
	inited = 1;
	csv_set_delim(&cp, (unsigned char)sep);
	csv_set_realloc_func(&cp, csv_capped_realloc);
	if (chunk == 0)
		chunk = len ? len : 1;

	while (off < len) {
		size_t want = len - off < chunk ? len - off : chunk;

		n = csv_parse(&cp, body + off, want, csv_cb_field, csv_cb_row,
		    &cx);
		if (n != want) {
			err = csv_error(&cp);
			linecol(body, off + n, &line, &col);
			if (err == CSV_EPARSE)
				diag_add(d, DIAG_ERROR, file, line, col,
				    "malformed CSV: a quote (\") may only "
				    "start or end a cell; inside a quoted cell "
				    "write it twice (\"\")");
			else
				diag_add(d, DIAG_ERROR, file, line, col,
				    "cell too long (more than %d bytes): keep "
				    "labels and hints short", FORM_MAX_CELL);
			goto done;
		}
		off += n;
	}
	if (csv_fini(&cp, csv_cb_field, csv_cb_row, &cx) != 0) {
		diag_add(d, DIAG_ERROR, file, pos.open_line, pos.open_col,
		    "malformed CSV: this quoted cell is never closed; add the "
		    "closing quote (\")");
		goto done;
	}

	/* Give positions; they agree with libcsv unless the scanner lost
	 * track, in which case messages fall back to line numbers only. */
	aligned = pos.n == rows->n;
	for (i = 0; aligned && i < rows->n; i++)
		aligned = pos.v[i].n == rows->v[i].n;
	for (i = 0; i < rows->n; i++) {
		struct row *r = &rows->v[i];

		r->line = i < pos.n && pos.v[i].n > 0 ? pos.v[i].f[0].line : 0;
		for (j = 0; j < r->n; j++) {
			struct cell *c = &r->cells[j];

			if (aligned) {
				c->line = pos.v[i].f[j].line;
				c->col = pos.v[i].f[j].col;
				c->raw = pos.v[i].f[j].raw;
				c->quoted = pos.v[i].f[j].quoted;
			} else {
				c->line = r->line;
				c->col = 0;
				c->raw = (size_t)-1;
			}
			if (c->raw != (size_t)-1)
				cell_trim(c);
			else {
				size_t keep = c->raw;

				cell_trim(c);
				c->raw = keep;
			}
		}
	}
	rc = 0;
done:
	if (inited)
		csv_free(&cp);
	posrecs_release(&pos);
	return rc;
}

/* ================================================================ stage 3 */

enum sheet_kind { SH_SURVEY, SH_CHOICES, SH_SETTINGS, SH_INDICATORS, SH_N };

static const char *const sheet_names[SH_N] = {
	"survey", "choices", "settings", "indicators"
};

/* Sheets of XLSForm that Recueil does not read. */
static const char *const unsupported_sheets[] = {
	"external_choices", "entities", "osm", "translations", NULL
};

struct sheet {
	int present;
	int line, col;               /* of its name */
	const struct row *header;
	size_t header_skip;          /* header cells start here (0 or 1) */
	const struct row **rows;
	size_t n_rows, alloc;
};

static int
row_empty(const struct row *r, size_t from)
{
	size_t j;

	for (j = from; j < r->n; j++)
		if (r->cells[j].s[0] != '\0')
			return 0;
	return 1;
}

static void
split_sheets(const char *file, const struct rows *rows, struct sheet *sh,
    struct diag *d)
{
	struct sheet *cur = NULL;
	int skipping = 0, orphan_reported = 0;
	size_t i, k;
	char name[64];

	for (i = 0; i < rows->n; i++) {
		const struct row *r = &rows->v[i];
		const struct cell *c0 = &r->cells[0];

		if (row_empty(r, 0))
			continue;
		if (c0->s[0] != '\0') {
			/* A new sheet. */
			size_t n = strlen(c0->s);

			if (n >= sizeof(name))
				n = sizeof(name) - 1;
			for (k = 0; k < n; k++)
				name[k] = c0->s[k] == ' ' ? '_' :
				    (char)tolower((unsigned char)c0->s[k]);
			name[n] = '\0';
			cur = NULL;
			skipping = 1;
			for (k = 0; k < SH_N; k++)
				if (strcmp(name, sheet_names[k]) == 0)
					break;
			if (k < SH_N) {
				if (sh[k].present) {
					diag_add(d, DIAG_ERROR, file, c0->line,
					    c0->col, "sheet '%s' appears twice "
					    "(first on line %d): put all its rows "
					    "under one '%s' row", sheet_names[k],
					    sh[k].line, sheet_names[k]);
					continue;
				}
				cur = &sh[k];
				cur->present = 1;
				cur->line = c0->line;
				cur->col = c0->col;
				skipping = 0;
				/* pyxform also reads a header on the
				 * sheet's own row. */
				if (!row_empty(r, 1)) {
					cur->header = r;
					cur->header_skip = 1;
				}
				continue;
			}
			for (k = 0; unsupported_sheets[k] != NULL; k++)
				if (strcmp(name, unsupported_sheets[k]) == 0)
					break;
			if (unsupported_sheets[k] != NULL)
				diag_add(d, DIAG_ERROR, file, c0->line, c0->col,
				    "the '%s' sheet is not supported: remove "
				    "it and its rows", name);
			else
				diag_add(d, DIAG_ERROR, file, c0->line, c0->col,
				    "unknown sheet '%s': the first column names "
				    "a sheet (survey, choices, settings or "
				    "indicators) and is empty on other rows",
				    c0->s);
			continue;
		}
		if (skipping)
			continue;
		if (cur == NULL) {
			if (!orphan_reported)
				diag_add(d, DIAG_ERROR, file, r->line,
				    r->cells[0].col, "row before any sheet: "
				    "start the file with a row whose first cell "
				    "is 'survey'");
			orphan_reported = 1;
			continue;
		}
		if (cur->header == NULL) {
			cur->header = r;
			cur->header_skip = 1;
			continue;
		}
		cur->rows = grow(cur->rows, &cur->alloc, cur->n_rows,
		    sizeof(*cur->rows));
		cur->rows[cur->n_rows++] = r;
	}
}

/* ================================================================ columns */

enum col_key {
	K_NONE,         /* unknown: warned about, ignored */
	K_UNSUPPORTED,  /* an XLSForm column Recueil does not implement */
	K_IGNORED,      /* known, harmless, ignored (settings) */
	K_TYPE, K_NAME, K_LABEL, K_HINT, K_REQUIRED, K_REQUIRED_MESSAGE,
	K_RELEVANT, K_CONSTRAINT, K_CONSTRAINT_MESSAGE, K_APPEARANCE,
	K_DEFAULT, K_PARAMETERS, K_LIST_NAME,
	K_FORM_TITLE, K_FORM_ID, K_VERSION, K_DEFAULT_LANGUAGE, K_RETENTION_DAYS,
	K_OBJET, K_INDICATEUR, K_MESURE, K_QUESTION, K_VALEUR
};

struct column {
	enum col_key key;
	char *name;      /* normalised header, for messages */
	int lang;        /* translatable columns: language index */
	size_t idx;      /* cell index in rows */
	int line, col;
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
	{ "parameters", K_PARAMETERS, 0 },
	{ "calculation", K_UNSUPPORTED, 0 },
	{ "choice_filter", K_UNSUPPORTED, 0 },
	{ "repeat_count", K_UNSUPPORTED, 0 },
	{ "read_only", K_UNSUPPORTED, 0 }, { "readonly", K_UNSUPPORTED, 0 },
	{ "trigger", K_UNSUPPORTED, 0 }, { "image", K_UNSUPPORTED, 1 },
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
	{ "label", K_LABEL, 1 },
	{ "image", K_UNSUPPORTED, 1 }, { "audio", K_UNSUPPORTED, 1 },
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
	{ "submission_url", K_IGNORED, 0 }, { "style", K_IGNORED, 0 },
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
		if (ieq(l->names[i], name))
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
	const char *sep = strstr(h, "::");
	size_t klen, i;
	char *key;
	size_t skip = 2;

	*lang = NULL;
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
header_langs(const struct sheet *sh, const struct keyname *keys,
    struct langs *l)
{
	size_t j, k;
	char *key, *lang;

	if (sh->header == NULL)
		return;
	for (j = sh->header_skip; j < sh->header->n; j++) {
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
	const char *body;
	size_t len;
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
};

static void lerr(struct loader *, const struct cell *, const char *, ...)
    __attribute__((format(printf, 3, 4)));
static void lwarn(struct loader *, const struct cell *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
lmsg(struct loader *ld, enum diag_level lv, int line, int col,
    const char *fmt, va_list ap)
{
	char buf[1024];
	char *p;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* Cells may hold line breaks: a message stays on one line. */
	for (p = buf; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	diag_add(ld->d, lv, ld->file, line, col, "%s", buf);
}

static void
lerr(struct loader *ld, const struct cell *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lmsg(ld, DIAG_ERROR, c ? c->line : 0, c ? c->col : 0, fmt, ap);
	va_end(ap);
}

static void
lwarn(struct loader *ld, const struct cell *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lmsg(ld, DIAG_WARNING, c ? c->line : 0, c ? c->col : 0, fmt, ap);
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
		if (ieq(f->langs[i], name) ||
		    (f->lang_codes[i][0] != '\0' &&
		    (ieq(f->lang_codes[i], name) || ieq(f->lang_codes[i], code))))
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
static void
read_header(struct loader *ld, const struct sheet *sh,
    const struct keyname *keys, const char *sheet, struct header *h)
{
	size_t j, k, m;
	char *key, *lang;

	memset(h, 0, sizeof(*h));
	if (sh->header == NULL)
		return;
	h->cols = xcalloc(sh->header->n, sizeof(*h->cols));
	for (j = sh->header_skip; j < sh->header->n; j++) {
		const struct cell *c = &sh->header->cells[j];
		struct column *col;

		if (c->s[0] == '\0')
			continue;
		key = header_split(c->s, &lang);
		col = &h->cols[h->n];
		col->idx = j;
		col->line = c->line;
		col->col = c->col;
		col->lang = 0;
		col->key = K_NONE;
		for (k = 0; keys[k].name != NULL; k++)
			if (strcmp(keys[k].name, key) == 0)
				break;
		if (keys[k].name != NULL) {
			col->key = keys[k].key;
			if (lang != NULL && lang[0] != '\0') {
				if (!keys[k].translatable &&
				    keys[k].key != K_UNSUPPORTED) {
					lerr(ld, c, "column '%s' cannot be "
					    "translated: remove '::%s' from its "
					    "header", key, lang);
					col->key = K_NONE;
				} else {
					int li = form_lang_index(ld->f, lang);

					col->lang = li < 0 ? 0 : li;
				}
			}
		}
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
		/* The same column twice would make one of them unread. */
		for (m = 0; m < h->n; m++) {
			if (h->cols[m].key == col->key && col->key > K_IGNORED &&
			    h->cols[m].lang == col->lang) {
				lerr(ld, c, "column '%s' appears twice in the "
				    "%s sheet (also at column %d): keep one",
				    col->name, sheet, h->cols[m].col);
				col->key = K_IGNORED;
				break;
			}
		}
		if (col->key == K_NONE)
			lwarn(ld, c, "unknown column '%s' in the %s sheet is "
			    "ignored", col->name, sheet);
		h->n++;
		free(key);
		free(lang);
	}
}

static const struct cell empty_cell = { (char *)(uintptr_t)"", 0, 0, 0, 0 };

/* The cell of a row under column `key` (language `lang`), or NULL. */
static const struct cell *
rcell(const struct row *r, const struct header *h, enum col_key key, int lang)
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
rval(const struct row *r, const struct header *h, enum col_key key)
{
	const struct cell *c = rcell(r, h, key, 0);

	return c ? c->s : "";
}

/* A cell for messages about a row: `key`'s cell, else the row's start. */
static struct cell
rpos(const struct row *r, const struct header *h, enum col_key key)
{
	const struct cell *c = rcell(r, h, key, 0);
	struct cell p = empty_cell;
	size_t i;

	if (c != NULL)
		return *c;
	p.line = r->line;
	/* The first non-empty cell locates the row best. */
	for (i = 0; i < r->n; i++)
		if (r->cells[i].s[0] != '\0') {
			p.col = r->cells[i].col;
			break;
		}
	return p;
}

/* Fill a translatable text from every language column of `key`. */
static void
read_text(struct loader *ld, const struct row *r, const struct header *h,
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
check_unsupported(struct loader *ld, const struct sheet *sh,
    const struct header *h, const char *sheet)
{
	size_t i, k;
	int used;

	for (i = 0; i < h->n; i++) {
		const struct column *c = &h->cols[i];
		struct cell hc = empty_cell;

		if (c->key != K_UNSUPPORTED)
			continue;
		used = 0;
		for (k = 0; k < sh->n_rows; k++) {
			const struct row *r = sh->rows[k];

			if (c->idx < r->n && r->cells[c->idx].s[0] != '\0') {
				lerr(ld, &r->cells[c->idx], "'%s' is not "
				    "supported by Recueil: remove this value "
				    "(and the column)", c->name);
				used = 1;
			}
		}
		if (!used) {
			hc.line = c->line;
			hc.col = c->col;
			lwarn(ld, &hc, "column '%s' of the %s sheet is not "
			    "supported; it is empty, so it is ignored",
			    c->name, sheet);
		}
	}
}

/* Values in cells that have no header would be lost: say so. */
static void
check_headerless(struct loader *ld, const struct sheet *sh,
    const struct header *h)
{
	size_t i, k, j;

	for (k = 0; k < sh->n_rows; k++) {
		const struct row *r = sh->rows[k];

		for (j = 1; j < r->n; j++) {
			int known = 0;

			if (r->cells[j].s[0] == '\0')
				continue;
			for (i = 0; i < h->n; i++)
				if (h->cols[i].idx == j)
					known = 1;
			if (!known)
				lwarn(ld, &r->cells[j], "value in a column "
				    "without header is ignored: give the column "
				    "a header or clear the cell");
		}
	}
}

/* ------------------------------------------------------------- settings */

static void
load_settings(struct loader *ld, const struct sheet *sh)
{
	struct header h;
	const struct row *r;
	const char *v;
	struct cell c;

	if (!sh->present)
		return;
	read_header(ld, sh, settings_keys, "settings", &h);
	if (sh->n_rows == 0)
		goto done;
	if (sh->n_rows > 1) {
		c = rpos(sh->rows[1], &h, K_NONE);
		lwarn(ld, &c, "only the first row of the settings sheet is "
		    "read; this one is ignored");
	}
	r = sh->rows[0];
	check_headerless(ld, sh, &h);
	v = rval(r, &h, K_FORM_ID);
	if (v[0] != '\0') {
		ld->f->id = dup_opt(v);
		c = rpos(r, &h, K_FORM_ID);
		for (; *v; v++)
			if (!isalnum((unsigned char)*v) && *v != '_' &&
			    *v != '-' && *v != '.') {
				lerr(ld, &c, "invalid form_id '%s': use "
				    "letters, digits, '-' and '_' only",
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
	v = rval(r, &h, K_RETENTION_DAYS);
	if (v[0] != '\0') {
		char *end;
		long days;

		errno = 0;
		days = strtol(v, &end, 10);
		if (*end != '\0' || errno != 0 || days < 1 || days > 36500) {
			c = rpos(r, &h, K_RETENTION_DAYS);
			lerr(ld, &c, "retention_days '%s' is not a number of days "
			    "between 1 and 36500: leave it empty to keep answers "
			    "as long as the server's setting says", v);
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

static void
load_choices(struct loader *ld, const struct sheet *sh)
{
	struct form *f = ld->f;
	struct header h;
	size_t k, i, alloc;

	if (!sh->present)
		return;
	read_header(ld, sh, choices_keys, "choices", &h);
	check_unsupported(ld, sh, &h, "choices");
	for (k = 0; k < sh->n_rows; k++) {
		const struct row *r = sh->rows[k];
		const char *ln = rval(r, &h, K_LIST_NAME);
		const char *nm = rval(r, &h, K_NAME);
		struct cell lc = rpos(r, &h, K_LIST_NAME);
		struct cell nc = rpos(r, &h, K_NAME);
		struct choice_list *l;
		struct choice *ch;

		if (ln[0] == '\0') {
			lerr(ld, &lc, "choice without list_name: write the "
			    "name of its list in the list_name column");
			continue;
		}
		if (nm[0] == '\0') {
			lerr(ld, &nc, "choice of list '%s' has no name: fill "
			    "the name column (the value stored in answers)",
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
			l->line = r->line;
		}
		for (i = 0; i < l->n_choices; i++)
			if (strcmp(l->choices[i].name, nm) == 0)
				break;
		if (i < l->n_choices) {
			lerr(ld, &nc, "duplicate choice '%s' in list '%s' "
			    "(first on line %d): give each choice its own name",
			    nm, ln, l->choices[i].line);
			continue;
		}
		/* Lists are small: grow one at a time. */
		alloc = l->n_choices + 1;
		l->choices = xrealloc(l->choices, alloc * sizeof(*l->choices));
		ch = &l->choices[l->n_choices++];
		memset(ch, 0, sizeof(*ch));
		ch->name = dup_opt(nm);
		ch->line = nc.line;
		read_text(ld, r, &h, K_LABEL, &ch->label);
		if (text_empty(f, &ch->label))
			lerr(ld, &nc, "choice '%s' of list '%s' has no label: "
			    "fill its label column", nm, ln);
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
	{ "text", Q_TEXT }, { "integer", Q_INTEGER }, { "int", Q_INTEGER },
	{ "decimal", Q_DECIMAL }, { "date", Q_DATE }, { "range", Q_RANGE },
	{ "note", Q_NOTE }, { "begin_group", Q_BEGIN_GROUP },
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
	"audio", "video", "file", "barcode", "calculate", "acknowledge",
	"hidden", "xml-external", "csv-external", "trigger", "rank",
	"select_one_from_file", "select_multiple_from_file", "begin_rank",
	"begin_kobomatrix", "begin kobomatrix", "end_kobomatrix",
	"select_one_external", "score", NULL
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
	struct cell at;
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

/*
 * Position (line, column) of byte `off` of a cell's value, following the
 * raw bytes so that doubled quotes and line breaks are counted right.
 */
static struct cell
cell_pos(const struct loader *ld, const struct cell *c, size_t off)
{
	struct cell p = *c;
	size_t raw, i;

	if (c->raw == (size_t)-1 || c->col == 0)
		return p;
	raw = c->raw;
	for (i = 0; i < off && raw < ld->len; i++) {
		if (c->quoted && ld->body[raw] == '"')
			raw += 2;
		else
			raw++;
	}
	linecol(ld->body, raw, &p.line, &p.col);
	return p;
}

/* Parse a relevant or constraint cell; NULL (reported) when bad. */
static struct expr *
parse_cell_expr(struct loader *ld, const struct cell *c, const char *what)
{
	char err[256];
	int pos = 0;
	struct expr *e;
	struct cell at;
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
	at = cell_pos(ld, c, off);
	lerr(ld, &at, "invalid %s expression at character %d: %s", what, pos,
	    err);
	return NULL;
}

/* Reference checks: ${name} must name a question of the form. */
struct refctx {
	struct loader *ld;
	const struct cell *c;
	const char *what;
	const struct question *self;   /* the row's question, for `.` */
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
	struct cell at;

	if (q == NULL || q->list == NULL || lit[0] == '\0')
		return;
	if (q->type != Q_SELECT_ONE && q->type != Q_SELECT_MULTIPLE)
		return;
	s = dup_opt(lit);
	for (tok = strtok_r(s, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (form_choice(q->list, tok) != NULL)
			continue;
		at = *rc->c;
		p = find_literal(rc->c->s, lit);
		if (p != NULL)
			at = cell_pos(rc->ld, rc->c, (size_t)(p - rc->c->s));
		lerr(rc->ld, &at, "%s compares %s%s%s with '%s', which is not "
		    "a choice of list '%s': use one of its names", rc->what,
		    name ? "${" : "", name ? name : "the answer (.)",
		    name ? "}" : "", tok, q->list->name);
	}
	free(s);
}

static void
check_ref(const char *name, void *arg)
{
	struct refctx *rc = arg;
	const char *p;
	struct cell at;

	if (find_name(rc->ld, name) != NULL)
		return;
	/* Point at the reference itself. */
	at = *rc->c;
	for (p = strstr(rc->c->s, "${"); p != NULL; p = strstr(p + 2, "${")) {
		const char *q = p + 2;

		while (*q == ' ')
			q++;
		if (strncmp(q, name, strlen(name)) == 0) {
			at = cell_pos(rc->ld, rc->c, (size_t)(p - rc->c->s));
			break;
		}
	}
	lerr(rc->ld, &at, "%s refers to unknown question '${%s}': use the "
	    "name of a question of the survey sheet", rc->what, name);
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
parse_range(struct loader *ld, struct question *q, const struct cell *c)
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
			lerr(ld, c, "invalid range parameter '%s': write "
			    "'start=1 end=5 step=1'", tok);
			continue;
		}
		*eq = '\0';
		if (parse_number(eq + 1, &v) != 0) {
			lerr(ld, c, "range parameter '%s' must be a number, "
			    "not '%s'", tok, eq + 1);
			continue;
		}
		if (ieq(tok, "start"))
			q->range_start = v;
		else if (ieq(tok, "end"))
			q->range_end = v;
		else if (ieq(tok, "step"))
			q->range_step = v;
		else
			lwarn(ld, c, "range parameter '%s' is not supported "
			    "and is ignored", tok);
	}
	free(s);
	if (q->range_step <= 0) {
		lerr(ld, c, "range step must be greater than 0");
		return;
	}
	if (q->range_start == q->range_end) {
		lerr(ld, c, "range start and end are equal: give a scale, "
		    "e.g. 'start=1 end=5 step=1'");
		return;
	}
	steps = fabs(q->range_end - q->range_start) / q->range_step;
	if (fabs(steps - round(steps)) > 1e-9) {
		lerr(ld, c, "range end - start must be a multiple of step");
		return;
	}
	if (steps > FORM_MAX_RANGE_STEPS)
		lerr(ld, c, "range has %.0f steps: keep it to %d or fewer",
		    steps, FORM_MAX_RANGE_STEPS);
}

static void
parse_appearance(struct loader *ld, struct question *q, const struct cell *c)
{
	char *s, *tok, *save = NULL;

	if (c == NULL || c->s[0] == '\0')
		return;
	s = dup_opt(c->s);
	for (tok = strtok_r(s, " \t", &save); tok != NULL;
	    tok = strtok_r(NULL, " \t", &save)) {
		if (ieq(tok, "multiline")) {
			if (q->type == Q_TEXT)
				q->appearance |= APP_MULTILINE;
			else
				lwarn(ld, c, "appearance 'multiline' only "
				    "applies to text questions; ignored");
		} else if (ieq(tok, "minimal")) {
			if (q->type == Q_SELECT_ONE ||
			    q->type == Q_SELECT_MULTIPLE)
				q->appearance |= APP_MINIMAL;
			else
				lwarn(ld, c, "appearance 'minimal' only "
				    "applies to select questions; ignored");
		} else if (ieq(tok, "likert")) {
			/* recueil-forms(5) shows likert on a range too. */
			if (q->type == Q_SELECT_ONE || q->type == Q_RANGE)
				q->appearance |= APP_LIKERT;
			else
				lwarn(ld, c, "appearance 'likert' only "
				    "applies to select_one and range questions; "
				    "ignored");
		} else {
			lwarn(ld, c, "appearance '%s' is not supported and is "
			    "ignored", tok);
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
		if (ieq(s, yes[i]))
			return 1;
	for (i = 0; no[i] != NULL; i++)
		if (ieq(s, no[i]))
			return 0;
	return -1;
}

static int
valid_date(const char *s)
{
	int y, m, dd;
	char extra;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd,
	    &extra) != 3)
		return 0;
	return m >= 1 && m <= 12 && dd >= 1 && dd <= 31;
}

/* Check a default value against the question's type. */
static void
check_default(struct loader *ld, const struct question *q,
    const struct cell *c)
{
	double v;
	char *s, *tok, *save = NULL;

	switch (q->type) {
	case Q_INTEGER:
		if (parse_number(c->s, &v) != 0 || v != floor(v))
			lerr(ld, c, "default '%s' of integer question '%s' is "
			    "not a whole number", c->s, q->name);
		break;
	case Q_DECIMAL:
	case Q_RANGE:
		if (parse_number(c->s, &v) != 0)
			lerr(ld, c, "default '%s' of question '%s' is not a "
			    "number", c->s, q->name);
		break;
	case Q_DATE:
		if (!valid_date(c->s))
			lerr(ld, c, "default '%s' of date question '%s' must "
			    "read YYYY-MM-DD", c->s, q->name);
		break;
	case Q_SELECT_ONE:
	case Q_SELECT_MULTIPLE:
		if (q->list == NULL)
			break;
		s = dup_opt(c->s);
		for (tok = strtok_r(s, " ", &save); tok != NULL;
		    tok = strtok_r(NULL, " ", &save))
			if (form_choice(q->list, tok) == NULL)
				lerr(ld, c, "default '%s' is not a choice of "
				    "list '%s'", tok, q->list->name);
		free(s);
		break;
	default:
		break;
	}
}

static const char types_hint[] = "text, integer, decimal, date, "
    "select_one LIST, select_multiple LIST, range, note, begin_group or "
    "end_group";

/*
 * Read a type cell.  Returns 0 with *t (and *list for selects, borrowed
 * from a static or from `buf`), 1 when the row is to be skipped quietly
 * (metadata, reported as a warning), -1 when reported as an error.
 */
static int
parse_type(struct loader *ld, const struct cell *c, enum q_type *t,
    char *buf, size_t buflen, const char **list, int *repeat)
{
	char norm[128];
	size_t i, n = 0;
	const char *p;

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
	    strncmp(norm, "rank ", 5) == 0) {
		lerr(ld, c, "type '%s' is not supported: use %s", c->s,
		    types_hint);
		return -1;
	}
	if (strncmp(norm, "select_one", 10) == 0 ||
	    strncmp(norm, "select one", 10) == 0 ||
	    strncmp(norm, "select_multiple", 15) == 0 ||
	    strncmp(norm, "select multiple", 15) == 0) {
		int one = norm[7] == 'o';
		size_t kw = one ? 10 : 15;
		const char *rest = c->s;
		const char *sp;

		if (norm[kw] != ' ' && norm[kw] != '\0')
			goto unknown;
		/* The list name keeps its case: skip the keyword in the
		 * original text. */
		while (is_blank((unsigned char)*rest))
			rest++;
		rest += one ? 10 : 15;
		if (*rest == ' ' || *rest == '\t') {
			while (is_blank((unsigned char)*rest))
				rest++;
		} else if (*rest != '\0') {
			/* "select one x": the keyword had a space inside. */
			while (is_blank((unsigned char)*rest))
				rest++;
		}
		if (*rest == '\0') {
			lerr(ld, c, "%s needs the name of a choice list: write "
			    "'%s LIST' where LIST is a list_name of the "
			    "choices sheet", one ? "select_one" :
			    "select_multiple", one ? "select_one" :
			    "select_multiple");
			return -1;
		}
		snprintf(buf, buflen, "%s", rest);
		sp = strpbrk(buf, " \t");
		if (sp != NULL) {
			const char *after = sp;

			while (is_blank((unsigned char)*after))
				after++;
			if (ieq(after, "or_other")) {
				lerr(ld, c, "'or_other' is not supported: add "
				    "an 'autre' choice to the list and a text "
				    "question shown when it is selected");
				return -1;
			}
			lerr(ld, c, "invalid type '%s': a choice list name "
			    "has no spaces", c->s);
			return -1;
		}
		*t = one ? Q_SELECT_ONE : Q_SELECT_MULTIPLE;
		*list = buf;
		return 0;
	}
	if (strcmp(norm, "begin repeat") == 0 ||
	    strcmp(norm, "begin_repeat") == 0) {
		lerr(ld, c, "repeat groups are not supported: ask the "
		    "questions once (one response per person)");
		*repeat = 1;
		return -1;
	}
	if (strcmp(norm, "end repeat") == 0 || strcmp(norm, "end_repeat") == 0) {
		*repeat = 2;
		return -1;
	}
	if (in_list(metadata_types, norm)) {
		lwarn(ld, c, "'%s' is ignored: Recueil records no device or "
		    "timing metadata", norm);
		return 1;
	}
unknown:
	lerr(ld, c, "unknown type '%s': use %s", c->s, types_hint);
	return -1;
}

static void
add_name(struct loader *ld, const char *name, const struct cell *c)
{
	ld->names = grow(ld->names, &ld->names_alloc, ld->n_names,
	    sizeof(*ld->names));
	ld->names[ld->n_names].name = name;
	ld->names[ld->n_names].line = c->line;
	ld->names[ld->n_names].col = c->col;
	ld->n_names++;
}

static void
load_survey(struct loader *ld, const struct sheet *sh)
{
	struct form *f = ld->f;
	struct header h;
	struct frame *stack = NULL;
	size_t depth = 0, stack_alloc = 0, k, i;
	char listbuf[256];
	size_t first_q = f->n_questions;

	if (!sh->present) {
		diag_add(ld->d, DIAG_ERROR, ld->file, 0, 0, "no survey sheet: "
		    "start the file with a row whose first cell is 'survey', "
		    "then a header row (type, name, label)");
		return;
	}
	read_header(ld, sh, survey_keys, "survey", &h);
	if (sh->header == NULL || rcell(sh->header, &h, K_TYPE, 0) == NULL ||
	    !h.n) {
		struct cell c = empty_cell;

		c.line = sh->line;
		c.col = sh->col;
		lerr(ld, &c, "the survey sheet has no 'type' column: its "
		    "header row needs type, name and label");
		goto done;
	}
	check_unsupported(ld, sh, &h, "survey");

	for (k = 0; k < sh->n_rows; k++) {
		const struct row *r = sh->rows[k];
		const struct cell *tc = rcell(r, &h, K_TYPE, 0);
		const struct cell *nc = rcell(r, &h, K_NAME, 0);
		const struct cell *c;
		struct cell tpos = rpos(r, &h, K_TYPE);
		struct cell npos = rpos(r, &h, K_NAME);
		const char *name = nc ? nc->s : "";
		const char *list = NULL;
		struct question *q;
		const struct nameref *dup;
		enum q_type t;
		int rc, repeat;

		if (tc == NULL || tc->s[0] == '\0') {
			lerr(ld, &tpos, "missing type: fill the type column "
			    "(%s)", types_hint);
			if (name[0] != '\0' && find_name(ld, name) == NULL)
				add_name(ld, name, &npos);
			continue;
		}
		rc = parse_type(ld, tc, &t, listbuf, sizeof(listbuf), &list,
		    &repeat);
		if (repeat == 1) {
			stack = grow(stack, &stack_alloc, depth, sizeof(*stack));
			stack[depth].repeat = 1;
			stack[depth].name = name;
			stack[depth].at = *tc;
			depth++;
			continue;
		}
		if (repeat == 2) {
			if (depth > 0 && stack[depth - 1].repeat)
				depth--;
			else
				lerr(ld, tc, "end_repeat without a matching "
				    "begin_repeat");
			continue;
		}
		if (rc != 0) {
			/* Keep its name so references to it do not add
			 * confusing errors. */
			if (name[0] != '\0' && find_name(ld, name) == NULL)
				add_name(ld, name, &npos);
			continue;
		}

		if (t == Q_END_GROUP) {
			if (depth == 0) {
				lerr(ld, tc, "end_group without a matching "
				    "begin_group: remove it or add a "
				    "begin_group row above");
				continue;
			}
			if (stack[depth - 1].repeat) {
				lerr(ld, tc, "end_group closes a repeat: write "
				    "end_repeat");
			}
			depth--;
		}

		/* Names. */
		if (t != Q_END_GROUP) {
			if (name[0] == '\0') {
				lerr(ld, &npos, "missing name: every question "
				    "needs a unique name (letters, digits, _)");
			} else if (!valid_name(name)) {
				lerr(ld, &npos, "invalid name '%s': use "
				    "letters without accents, digits and _, "
				    "starting with a letter", name);
			} else if ((dup = find_name(ld, name)) != NULL) {
				lerr(ld, &npos, "duplicate question name '%s' "
				    "(first on line %d): give each question "
				    "its own name", name, dup->line);
			} else {
				add_name(ld, name, &npos);
			}
		}

		f->questions = grow(f->questions, &ld->questions_alloc,
		    f->n_questions, sizeof(*f->questions));
		q = &f->questions[f->n_questions++];
		memset(q, 0, sizeof(*q));
		q->type = t;
		q->line = r->line;
		q->depth = (int)depth;
		q->name = t == Q_END_GROUP || name[0] == '\0' ? NULL :
		    dup_opt(name);
		read_text(ld, r, &h, K_LABEL, &q->label);
		read_text(ld, r, &h, K_HINT, &q->hint);
		read_text(ld, r, &h, K_REQUIRED_MESSAGE, &q->required_message);
		read_text(ld, r, &h, K_CONSTRAINT_MESSAGE,
		    &q->constraint_message);

		if (t == Q_BEGIN_GROUP) {
			if (depth == FORM_MAX_GROUP_DEPTH)
				lerr(ld, tc, _("trop de groupes imbriqués : au "
				    "plus %d groupes les uns dans les autres"),
				    FORM_MAX_GROUP_DEPTH);
			stack = grow(stack, &stack_alloc, depth, sizeof(*stack));
			stack[depth].repeat = 0;
			stack[depth].name = q->name ? q->name : "";
			stack[depth].at = *tc;
			depth++;
		}
		if (t != Q_BEGIN_GROUP && t != Q_END_GROUP &&
		    text_empty(f, &q->label)) {
			struct cell lp = rpos(r, &h, K_LABEL);

			lerr(ld, &lp, "question '%s' has no label: write the "
			    "question in the label column", name);
		}

		c = rcell(r, &h, K_REQUIRED, 0);
		if (c != NULL && c->s[0] != '\0') {
			q->required = parse_required(c->s);
			if (q->required < 0) {
				lerr(ld, c, "required must be 'yes' or 'no', "
				    "not '%s'", c->s);
				q->required = 0;
			}
		}
		c = rcell(r, &h, K_RELEVANT, 0);
		if (c != NULL && c->s[0] != '\0') {
			q->relevant_src = dup_opt(c->s);
			q->relevant = parse_cell_expr(ld, c, "relevant");
		}
		c = rcell(r, &h, K_CONSTRAINT, 0);
		if (c != NULL && c->s[0] != '\0') {
			q->constraint_src = dup_opt(c->s);
			q->constraint = parse_cell_expr(ld, c, "constraint");
		}
		parse_appearance(ld, q, rcell(r, &h, K_APPEARANCE, 0));
		c = rcell(r, &h, K_PARAMETERS, 0);
		if (t == Q_RANGE)
			parse_range(ld, q, c);
		else if (c != NULL && c->s[0] != '\0')
			lwarn(ld, c, "parameters are only used by range "
			    "questions; ignored");
		if (list != NULL) {
			struct choice_list *l = find_list(f, list);

			if (l == NULL) {
				lerr(ld, tc, "choice list '%s' is not defined: "
				    "add its choices to the choices sheet with "
				    "list_name '%s'", list, list);
			} else {
				q->list = l;
				ld->list_used[l - f->lists] |=
				    t == Q_SELECT_ONE ? 1 : 2;
			}
		}
		c = rcell(r, &h, K_DEFAULT, 0);
		if (c != NULL && c->s[0] != '\0') {
			q->default_value = dup_opt(c->s);
			check_default(ld, q, c);
		}
	}
	while (depth > 0) {
		depth--;
		if (stack[depth].repeat)
			continue;
		lerr(ld, &stack[depth].at, "group '%s' is never closed: add an "
		    "end_group row after its last question",
		    stack[depth].name);
	}

	/* Whole-form checks: references, choice names in multiple lists. */
	for (k = 0; k < sh->n_rows; k++) {
		const struct row *r = sh->rows[k];
		const struct cell *c;
		struct refctx rcx;
		struct expr *e;

		rcx.ld = ld;
		rcx.self = form_question(f, rval(r, &h, K_NAME));
		c = rcell(r, &h, K_RELEVANT, 0);
		if (c != NULL && c->s[0] != '\0' &&
		    (e = expr_parse(c->s, NULL, 0, NULL)) != NULL) {
			rcx.c = c;
			rcx.what = "relevant";
			expr_refs(e, check_ref, &rcx);
			expr_literals(e, check_literal, &rcx);
			expr_free(e);
		}
		c = rcell(r, &h, K_CONSTRAINT, 0);
		if (c != NULL && c->s[0] != '\0' &&
		    (e = expr_parse(c->s, NULL, 0, NULL)) != NULL) {
			rcx.c = c;
			rcx.what = "constraint";
			expr_refs(e, check_ref, &rcx);
			expr_literals(e, check_literal, &rcx);
			expr_free(e);
		}
	}
	for (i = first_q; i < f->n_questions; i++)
		if (f->questions[i].type != Q_BEGIN_GROUP &&
		    f->questions[i].type != Q_END_GROUP &&
		    f->questions[i].type != Q_NOTE)
			break;
	/* When every question failed, their errors say enough. */
	if (i == f->n_questions && ld->d->n_errors == ld->errors0) {
		struct cell c = empty_cell;

		c.line = sh->line;
		c.col = sh->col;
		lerr(ld, &c, "the survey sheet has no questions: add rows "
		    "with a type, a name and a label");
	}
	check_headerless(ld, sh, &h);
done:
	free(stack);
	header_release(&h);
}

/* After the survey: lists used by select_multiple need names without
 * spaces (answers store them space-separated), unused lists are noted. */
static void
check_lists(struct loader *ld, const struct sheet *sh)
{
	struct form *f = ld->f;
	size_t i, j, k;

	for (i = 0; i < f->n_lists; i++) {
		struct choice_list *l = &f->lists[i];

		if (ld->list_used[i] == 0) {
			struct cell c = empty_cell;

			c.line = l->line;
			lwarn(ld, &c, "choice list '%s' is not used by any "
			    "question", l->name);
			continue;
		}
		if (!(ld->list_used[i] & 2))
			continue;
		for (j = 0; j < l->n_choices; j++) {
			const char *nm = l->choices[j].name;
			const char *qn = "";
			struct cell c = empty_cell;

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
			c.line = l->choices[j].line;
			for (k = 0; k < sh->n_rows; k++)
				if (sh->rows[k]->line == c.line) {
					size_t m;

					for (m = 1; m < sh->rows[k]->n; m++)
						if (strcmp(sh->rows[k]->cells[m].s,
						    nm) == 0) {
							c = sh->rows[k]->cells[m];
							break;
						}
					break;
				}
			lerr(ld, &c, "choice name '%s' contains a space, but "
			    "list '%s' is used by select_multiple question "
			    "'%s': write it without spaces (e.g. with _)",
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
		if (ieq(v, participation_levels[i]))
			return participation_levels[i];
	if (ieq(v, "codecision") || ieq(v, "CODÉCISION"))
		return "codécision";
	return NULL;
}

/*
 * The valeur of mesure 'centres': the choices of q's list that name no
 * centre ("autre autre_region"), space-separated.  Returns 0, or -1 after
 * reporting a word that is not a choice.
 */
static int
centres_except_check(struct loader *ld, const struct cell *vc,
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
			lerr(ld, vc, "valeur '%s' is not a choice of list '%s' "
			    "(question '%s'): list the choices that name no "
			    "centre, separated by spaces", w, q->list->name,
			    qname);
			rc = -1;
		}
		free(w);
		p += k;
	}
	return rc;
}

static void
load_indicators(struct loader *ld, const struct sheet *sh)
{
	struct form *f = ld->f;
	struct header h;
	size_t k, m, alloc = 0;

	if (!sh->present)
		return;
	read_header(ld, sh, indicator_keys, "indicators", &h);
	for (k = 0; k < sh->n_rows; k++) {
		const struct row *r = sh->rows[k];
		const char *objet = rval(r, &h, K_OBJET);
		const char *ind = rval(r, &h, K_INDICATEUR);
		const char *mes = rval(r, &h, K_MESURE);
		const char *qn = rval(r, &h, K_QUESTION);
		const char *val = rval(r, &h, K_VALEUR);
		struct cell oc = rpos(r, &h, K_OBJET);
		struct cell ic = rpos(r, &h, K_INDICATEUR);
		struct cell mc = rpos(r, &h, K_MESURE);
		struct cell qc = rpos(r, &h, K_QUESTION);
		struct cell vc = rpos(r, &h, K_VALEUR);
		const struct question *q = NULL;
		struct indicator *in;
		char *qname = NULL;
		int bad = 0;

		if (objet[0] == '\0') {
			lerr(ld, &oc, "indicator without objet: write the "
			    "objective it serves in the objet column");
			bad = 1;
		}
		if (ind[0] == '\0') {
			lerr(ld, &ic, "indicator without indicateur: write what "
			    "is counted in the indicateur column");
			bad = 1;
		}
		for (m = 0; m < sizeof(measure_names) / sizeof(*measure_names);
		    m++)
			if (ieq(mes, measure_names[m]))
				break;
		if (m == sizeof(measure_names) / sizeof(*measure_names)) {
			if (mes[0] == '\0')
				lerr(ld, &mc, "indicator without mesure: use "
				    "meetings, responses, count, distinct, mean, "
				    "texts, share, participation, levels or "
				    "centres");
			else
				lerr(ld, &mc, "unknown mesure '%s': use "
				    "meetings, responses, count, distinct, mean, "
				    "texts, share, participation, levels or "
				    "centres", mes);
			continue;
		}
		/* "${q}" and "q" both name a question. */
		if (strncmp(qn, "${", 2) == 0 && qn[strlen(qn) - 1] == '}')
			qname = xstrndup(qn + 2, strlen(qn) - 3);
		else
			qname = dup_opt(qn);
		if (m == M_PARTICIPATION) {
			if (qn[0] != '\0')
				lwarn(ld, &qc, "mesure 'participation' is declared, "
				    "not counted; question '%s' is ignored", qn);
			if (participation_level(val) == NULL) {
				lerr(ld, &vc, "mesure 'participation' needs a valeur: "
				    "information, consultation, concertation, "
				    "coproduction or codécision%s%s%s",
				    val[0] ? " (not '" : "", val, val[0] ? "')" : "");
				bad = 1;
			}
			free(qname);
			qname = NULL;
		} else if (m == M_MEETINGS || m == M_RESPONSES || m == M_LEVELS) {
			if (qn[0] != '\0')
				lwarn(ld, &qc, "mesure '%s' counts without a "
				    "question; '%s' is ignored",
				    measure_names[m], qn);
			if (val[0] != '\0')
				lwarn(ld, &vc, "mesure '%s' has no valeur; "
				    "'%s' is ignored", measure_names[m], val);
			free(qname);
			qname = NULL;
		} else if (m == M_CENTRES && qname[0] == '\0') {
			/* The meetings' host centres alone. */
			free(qname);
			qname = NULL;
		} else if (qname[0] == '\0') {
			lerr(ld, &qc, "mesure '%s' needs a question: write the "
			    "name of the question it reads", measure_names[m]);
			bad = 1;
		} else if ((q = form_question(f, qname)) == NULL ||
		    q->type == Q_BEGIN_GROUP || q->type == Q_END_GROUP ||
		    q->type == Q_NOTE) {
			lerr(ld, &qc, "indicator refers to unknown question "
			    "'%s': use the name of a question of the survey "
			    "sheet", qname);
			bad = 1;
			q = NULL;
		}
		if (q != NULL && m == M_MEAN && q->type != Q_INTEGER &&
		    q->type != Q_DECIMAL && q->type != Q_RANGE) {
			lerr(ld, &qc, "mesure 'mean' needs a number question "
			    "(integer, decimal or range); '%s' is %s", qname,
			    form_type_name(q->type));
			bad = 1;
		}
		if (q != NULL && m == M_CENTRES && q->type != Q_SELECT_ONE &&
		    q->type != Q_SELECT_MULTIPLE) {
			lerr(ld, &qc, "mesure 'centres' needs a select_one or "
			    "select_multiple question listing the centres; '%s' "
			    "is %s", qname, form_type_name(q->type));
			bad = 1;
		}
		if (m == M_CENTRES && q != NULL && q->list != NULL &&
		    centres_except_check(ld, &vc, q, qname, val) < 0)
			bad = 1;
		if (q != NULL && m == M_TEXTS && q->type != Q_TEXT) {
			lerr(ld, &qc, "mesure 'texts' needs a text question; "
			    "'%s' is %s", qname, form_type_name(q->type));
			bad = 1;
		}
		if (m == M_COUNT || m == M_SHARE) {
			if (val[0] == '\0') {
				lerr(ld, &vc, "mesure '%s' needs a valeur: the "
				    "answer (choice name) to count",
				    measure_names[m]);
				bad = 1;
			} else if (q != NULL && q->list != NULL &&
			    form_choice(q->list, val) == NULL) {
				lerr(ld, &vc, "valeur '%s' is not a choice of "
				    "list '%s' (question '%s')", val,
				    q->list->name, qname);
				bad = 1;
			}
		} else if (val[0] != '\0' && m != M_MEETINGS &&
		    m != M_RESPONSES && m != M_PARTICIPATION && m != M_LEVELS &&
		    m != M_CENTRES) {
			lwarn(ld, &vc, "mesure '%s' has no valeur; '%s' is "
			    "ignored", measure_names[m], val);
		}
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
		in->line = r->line;
	}
	check_headerless(ld, sh, &h);
	header_release(&h);
}

/* ================================================================ public */

static char *
base_name(const char *file)
{
	const char *b = strrchr(file, '/');
	size_t n;

	b = b ? b + 1 : file;
	n = strlen(b);
	if (n > 4 && ieq(b + n - 4, ".csv"))
		n -= 4;
	return xstrndup(b, n);
}

struct form *
form_parse_chunked(const char *file, const char *buf, size_t len,
    size_t chunk, struct diag *d)
{
	struct loader ld;
	struct rows rows = { NULL, 0, 0 };
	struct sheet sh[SH_N];
	struct form *f = NULL;
	unsigned char hash[crypto_hash_sha256_BYTES];
	size_t errors0 = d->n_errors, from = d->n, i;
	const char *body = buf;
	size_t blen = len;
	char *base = NULL;
	char sep;

	memset(&ld, 0, sizeof(ld));
	memset(sh, 0, sizeof(sh));
	f = xcalloc(1, sizeof(*f));
	ld.file = file;
	ld.d = d;
	ld.errors0 = errors0;
	ld.f = f;

	crypto_hash_sha256(hash, (const unsigned char *)buf,
	    (unsigned long long)len);
	sodium_bin2hex(f->hash, sizeof(f->hash), hash, sizeof(hash));
	f->source = xstrndup(buf, len);
	f->source_len = len;

	if (len > FORM_MAX_FILE) {
		diag_add(d, DIAG_ERROR, file, 0, 0, "file too large (%zu "
		    "bytes): a form definition stays under %d bytes", len,
		    FORM_MAX_FILE);
		goto done;
	}
	if (blen >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
		body += 3;
		blen -= 3;
	}
	ld.body = body;
	ld.len = blen;
	if (check_utf8(file, body, blen, d) > 0)
		goto done;
	sep = detect_sep(body, blen);
	if (read_records(file, body, blen, sep, chunk, &rows, d) != 0)
		goto done;
	if (rows.n > FORM_MAX_ROWS) {
		diag_add(d, DIAG_ERROR, file, 0, 0, "too many rows (%zu): a form "
		    "definition has at most %d", rows.n, FORM_MAX_ROWS);
		goto done;
	}
	split_sheets(file, &rows, sh, d);

	load_settings(&ld, &sh[SH_SETTINGS]);
	header_langs(&sh[SH_SURVEY], survey_keys, &ld.seen);
	header_langs(&sh[SH_CHOICES], choices_keys, &ld.seen);
	build_langs(&ld);
	if (ld.default_lang != NULL && !ld.seen.bare &&
	    langs_find(&ld.seen, ld.default_lang) < 0) {
		int found = 0;

		for (i = 0; i < ld.seen.n; i++)
			if (form_lang_index(f, ld.seen.names[i]) == 0)
				found = 1;
		if (!found)
			diag_add(d, DIAG_WARNING, file, 0, 0, "default_language "
			    "'%s' is used by no label column", ld.default_lang);
	}
	load_choices(&ld, &sh[SH_CHOICES]);
	ld.list_used = xcalloc(f->n_lists ? f->n_lists : 1, 1);
	load_survey(&ld, &sh[SH_SURVEY]);
	check_lists(&ld, &sh[SH_CHOICES]);
	load_indicators(&ld, &sh[SH_INDICATORS]);

	base = base_name(file);
	if (f->id == NULL) {
		f->id = base;
		base = NULL;
	} else if (strcmp(f->id, base) != 0) {
		diag_add(d, DIAG_WARNING, file, 0, 0, "form_id '%s' differs "
		    "from the file name '%s'", f->id, base);
	}
	if (f->title == NULL)
		f->title = dup_opt(f->id);
done:
	for (i = 0; i < SH_N; i++)
		free(sh[i].rows);
	for (i = 0; i < ld.seen.n; i++)
		free(ld.seen.names[i]);
	free(ld.seen.names);
	free(ld.names);
	free(ld.list_used);
	free(base);
	/* The form borrows nothing from rows: release them now. */
	rows_release(&rows);
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
		diag_add(d, DIAG_ERROR, path, 0, 0, "cannot open '%s': %s",
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
		if (len > FORM_MAX_FILE)
			break;
	}
	if (ferror(fp)) {
		diag_add(d, DIAG_ERROR, path, 0, 0, "cannot read '%s': %s",
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
		text_release(f, &q->required_message);
		text_release(f, &q->constraint_message);
		expr_free(q->relevant);
		free(q->relevant_src);
		expr_free(q->constraint);
		free(q->constraint_src);
		free(q->default_value);
	}
	free(f->questions);
	for (i = 0; i < f->n_lists; i++) {
		for (j = 0; j < f->lists[i].n_choices; j++) {
			free(f->lists[i].choices[j].name);
			text_release(f, &f->lists[i].choices[j].label);
		}
		free(f->lists[i].choices);
		free(f->lists[i].name);
	}
	free(f->lists);
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
	}
	return "?";
}

const char *
form_measure_name(enum measure m)
{
	if ((size_t)m < sizeof(measure_names) / sizeof(*measure_names))
		return measure_names[m];
	return "?";
}

/* Kept for messages that mention the number of characters of a cell. */
size_t
form_utf8_length(const char *s)
{
	return utf8_chars(s, strlen(s));
}
