/*
 * editor.c - the form editor's model (see editor.h).
 *
 * A draft is a few hundred cells at most: every operation copies and
 * shifts plainly, bounded by EDITOR_MAX_ROWS and EDITOR_MAX_COLS.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "editor.h"
#include "i18n.h"
#include "sheet.h"
#include "util.h"

static void norm(const char *s, size_t n, char *out, size_t olen);

/* ================================================================ book */

void
editor_init(struct editor_book *b)
{
	memset(b, 0, sizeof(*b));
}

static void
row_release(struct editor_row *r, size_t ncols)
{
	for (size_t c = 0; c < ncols; c++)
		free(r->cells[c]);
	free(r->cells);
}

static void
sheet_release(struct editor_sheet *sh)
{
	for (size_t i = 0; i < sh->nrows; i++)
		row_release(&sh->rows[i], sh->ncols);
	for (size_t c = 0; c < sh->ncols; c++)
		free(sh->head[c]);
	free(sh->rows);
	free(sh->head);
	free(sh->name);
}

void
editor_release(struct editor_book *b)
{
	for (size_t i = 0; i < b->n; i++)
		sheet_release(&b->sheets[i]);
	free(b->sheets);
	editor_init(b);
}

static struct editor_sheet *
sheet_new(struct editor_book *b, const char *name)
{
	struct editor_sheet *sh;

	b->sheets = xrealloc(b->sheets, (b->n + 1) * sizeof(*b->sheets));
	sh = &b->sheets[b->n++];
	memset(sh, 0, sizeof(*sh));
	sh->name = xstrdup(name);
	return sh;
}

/* Add a column with header `h`; returns its index, or -1 when full. */
static long
col_add(struct editor_sheet *sh, const char *h)
{
	if (sh->ncols >= EDITOR_MAX_COLS)
		return -1;
	sh->head = xrealloc(sh->head, (sh->ncols + 1) * sizeof(*sh->head));
	sh->head[sh->ncols] = xstrdup(h);
	for (size_t i = 0; i < sh->nrows; i++) {
		struct editor_row *r = &sh->rows[i];

		r->cells = xrealloc(r->cells, (sh->ncols + 1) * sizeof(*r->cells));
		r->cells[sh->ncols] = xstrdup("");
	}
	return (long)sh->ncols++;
}

static void
row_blank(struct editor_row *r, size_t ncols)
{
	r->cells = xcalloc(ncols + 1, sizeof(*r->cells));
	for (size_t c = 0; c < ncols; c++)
		r->cells[c] = xstrdup("");
	r->line = 0;
}

/* Copy one sheet of the reader's book (rows[0] is its header). */
static void
sheet_copy(struct editor_book *b, const struct sheet *src)
{
	struct editor_sheet *sh = sheet_new(b, src->name);
	size_t width = 0;

	for (size_t i = 0; i < src->n_rows; i++)
		if (src->rows[i].n > width)
			width = src->rows[i].n;
	if (width > EDITOR_MAX_COLS)
		width = EDITOR_MAX_COLS;
	for (size_t c = 0; c < width; c++)
		col_add(sh, src->n_rows > 0 && c < src->rows[0].n ?
		    src->rows[0].cells[c].s : "");
	for (size_t i = 1; i < src->n_rows && sh->nrows < EDITOR_MAX_ROWS;
	    i++) {
		struct editor_row *r;

		sh->rows = xrealloc(sh->rows, (sh->nrows + 1) * sizeof(*sh->rows));
		r = &sh->rows[sh->nrows++];
		row_blank(r, sh->ncols);
		for (size_t c = 0; c < width && c < src->rows[i].n; c++) {
			free(r->cells[c]);
			r->cells[c] = xstrdup(src->rows[i].cells[c].s);
		}
	}
}

static int sheet_known(const struct editor_sheet *sh);

/* Whether a sheet name is none of the four of the model. */
static int
other_sheet_name(const char *name)
{
	struct editor_sheet sh;

	memset(&sh, 0, sizeof(sh));
	sh.name = (char *)name;
	return !sheet_known(&sh);
}

int
editor_read(struct editor_book *b, const char *file, const char *buf,
    size_t len, struct diag *d)
{
	struct sheet_book sb;
	int rc = -1;

	editor_init(b);
	sheet_book_init(&sb, SHEET_CSV, file);
	if (sheet_book_read(&sb, file, buf, len, 0, d) < 0 || d->n_errors > 0)
		goto done;
	/* The workbook readers leave the sheets the model does not read
	 * empty: there is nothing of them to keep. */
	for (size_t i = 0; i < sb.n_sheets; i++) {
		const struct sheet *sh = &sb.sheets[i];
		size_t width = 0;

		for (size_t r = 0; r < sh->n_rows; r++)
			if (sh->rows[r].n > width)
				width = sh->rows[r].n;
		/* Refused rather than cut: a draft never loses a cell. */
		if (sh->n_rows > EDITOR_MAX_ROWS + 1 || width > EDITOR_MAX_COLS) {
			diag_add(d, DIAG_ERROR, file, 0, 0, _("la feuille « %s » est "
			    "trop grande pour l'éditeur (%d lignes et %d colonnes au "
			    "plus)"), sh->name, EDITOR_MAX_ROWS, EDITOR_MAX_COLS);
			editor_release(b);
			goto done;
		}
		if (sh->n_rows > 0 || !other_sheet_name(sh->name))
			sheet_copy(b, sh);
	}
	rc = 0;
done:
	sheet_book_release(&sb);
	return rc;
}

static void
sheet_with(struct editor_book *b, const char *name, const char *const *cols)
{
	struct editor_sheet *sh = sheet_new(b, name);

	for (size_t i = 0; cols[i] != NULL; i++)
		col_add(sh, cols[i]);
}

void
editor_blank(struct editor_book *b, const char *form_id, const char *title)
{
	static const char *const survey[] = { "type", "name", "label", "hint",
	    "required", "required_message", "relevant", "constraint",
	    "constraint_message", "appearance", NULL };
	static const char *const choices[] = { "list_name", "name", "label",
	    NULL };
	static const char *const settings[] = { "form_title", "form_id",
	    "version", NULL };
	static const char *const indicators[] = { "objet", "indicateur",
	    "mesure", "question", "valeur", NULL };

	editor_init(b);
	sheet_with(b, "survey", survey);
	sheet_with(b, "choices", choices);
	sheet_with(b, "settings", settings);
	sheet_with(b, "indicators", indicators);
	editor_setting_set(b, "form_id", form_id);
	editor_setting_set(b, "form_title", title);
	editor_setting_set(b, "version", "1");
}

/* ================================================================ CSV */

/* A growing string (this module is pure: no evbuffer). */
struct strbuf {
	char *s;
	size_t len, alloc;
};

static void
strbuf_init(struct strbuf *o)
{
	o->alloc = 256;
	o->s = xmalloc(o->alloc);
	o->s[0] = '\0';
	o->len = 0;
}

static void
strbuf_addn(struct strbuf *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->alloc) {
		while (o->len + n + 1 > o->alloc)
			o->alloc *= 2;
		o->s = xrealloc(o->s, o->alloc);
	}
	memcpy(o->s + o->len, s, n);
	o->len += n;
	o->s[o->len] = '\0';
}

static void
strbuf_adds(struct strbuf *o, const char *s)
{
	strbuf_addn(o, s, strlen(s));
}

static void
strbuf_addc(struct strbuf *o, char c)
{
	strbuf_addn(o, &c, 1);
}

static char *
strbuf_detach(struct strbuf *o)
{
	return o->s;
}

static void
csv_cell(struct strbuf *o, const char *s)
{
	if (strpbrk(s, ",;\"\r\n") == NULL && s[0] != ' ' &&
	    (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
		strbuf_adds(o, s);
		return;
	}
	strbuf_addc(o, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			strbuf_addc(o, '"');
		strbuf_addc(o, *s);
	}
	strbuf_addc(o, '"');
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* One record: `first` in column A, then cells[0..n), padded to width. */
static int
csv_record(struct strbuf *o, const char *first, char *const *cells,
    size_t n, size_t width)
{
	int lines = 1;

	csv_cell(o, first);
	lines += count_lines(first);
	for (size_t c = 0; c < width; c++) {
		strbuf_addc(o, ',');
		if (c < n) {
			csv_cell(o, cells[c]);
			lines += count_lines(cells[c]);
		}
	}
	strbuf_adds(o, "\r\n");
	return lines;
}

/* Whether `sh` is one of the four sheets of the model. */
static int
sheet_known(const struct editor_sheet *sh)
{
	static const char *const known[] = { "survey", "choices", "settings",
	    "indicators" };
	char nm[64];

	norm(sh->name, strlen(sh->name), nm, sizeof(nm));
	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
		if (strcmp(nm, known[i]) == 0)
			return 1;
	return 0;
}

static char *
csv_write(struct editor_book *b, size_t *len, int known_only)
{
	struct strbuf o;
	size_t width = 0;
	int line = 1;

	strbuf_init(&o);
	for (size_t i = 0; i < b->n; i++)
		if (b->sheets[i].ncols > width)
			width = b->sheets[i].ncols;
	for (size_t i = 0; i < b->n; i++) {
		struct editor_sheet *sh = &b->sheets[i];

		if (known_only && !sheet_known(sh)) {
			sh->line = 0;
			for (size_t r = 0; r < sh->nrows; r++)
				sh->rows[r].line = 0;
			continue;
		}
		sh->line = line;
		line += csv_record(&o, sh->name, NULL, 0, width);
		line += csv_record(&o, "", sh->head, sh->ncols, width);
		for (size_t r = 0; r < sh->nrows; r++) {
			sh->rows[r].line = line;
			line += csv_record(&o, "", sh->rows[r].cells, sh->ncols,
			    width);
		}
	}
	*len = o.len;
	return strbuf_detach(&o);
}

char *
editor_csv(struct editor_book *b, size_t *len)
{
	return csv_write(b, len, 0);
}

char *
editor_csv_form(struct editor_book *b, size_t *len)
{
	return csv_write(b, len, 1);
}

int
editor_locate(const struct editor_book *b, int line, long *row)
{
	int found = -1;

	*row = -1;
	if (line <= 0)
		return -1;
	for (size_t i = 0; i < b->n; i++) {
		const struct editor_sheet *sh = &b->sheets[i];

		if (sh->line == 0 || sh->line > line)
			continue;
		found = (int)i;
		*row = -1;
		for (size_t r = 0; r < sh->nrows; r++)
			if (sh->rows[r].line > 0 && sh->rows[r].line <= line)
				*row = (long)r;
	}
	return found;
}

/* ================================================================ columns */

/* Normalise a name as the loader does: lowercase ASCII, spaces as '_'. */
static void
norm(const char *s, size_t n, char *out, size_t olen)
{
	size_t i;

	for (i = 0; i < n && i + 1 < olen; i++)
		out[i] = s[i] == ' ' ? '_' : (char)tolower((unsigned char)s[i]);
	out[i] = '\0';
}

/* The spellings of the same column (pyxform's aliases). */
static const struct {
	const char *alias, *key;
} aliases[] = {
	{ "jr:requiredmsg", "required_message" },
	{ "jr:constraintmsg", "constraint_message" },
	{ "relevance", "relevant" }, { "caption", "label" },
	{ "calculate", "calculation" }, { "jr:choice_filter", "choice_filter" },
	{ "value", "name" },
};

/*
 * Split header `h` into its key (normalised, aliases resolved) and its
 * language (trimmed, borrowed into lang[llen]).
 */
static void
head_split(const char *h, char *key, size_t klen, char *lang, size_t llen)
{
	static const char *const prefixes[] = { "bind::", "control::",
	    "media::" };
	const char *sep;
	size_t skip = 2, n;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
		if (strncasecmp(h, prefixes[i], strlen(prefixes[i])) == 0) {
			h += strlen(prefixes[i]);
			break;
		}
	sep = strstr(h, "::");
	if (sep == NULL) {
		sep = strchr(h, ':');
		skip = 1;
		if (sep != NULL && sep - h == 2 && strncasecmp(h, "jr", 2) == 0)
			sep = NULL;
	}
	n = sep != NULL ? (size_t)(sep - h) : strlen(h);
	while (n > 0 && h[n - 1] == ' ')
		n--;
	norm(h, n, key, klen);
	for (size_t i = 0; i < sizeof(aliases) / sizeof(*aliases); i++)
		if (strcmp(key, aliases[i].alias) == 0)
			snprintf(key, klen, "%s", aliases[i].key);
	lang[0] = '\0';
	if (sep != NULL) {
		const char *l = sep + skip;

		while (*l == ' ')
			l++;
		n = strlen(l);
		while (n > 0 && l[n - 1] == ' ')
			n--;
		snprintf(lang, llen, "%.*s", (int)n, l);
	}
}

long
editor_col(const struct editor_sheet *sh, const char *key, const char *lang)
{
	char k[64], l[128];

	if (lang == NULL)
		lang = "";
	for (size_t c = 0; c < sh->ncols; c++) {
		head_split(sh->head[c], k, sizeof(k), l, sizeof(l));
		if (strcmp(k, key) == 0 && ascii_casecmp(l, lang) == 0)
			return (long)c;
	}
	return -1;
}

const char *
editor_get(const struct editor_sheet *sh, size_t row, const char *key,
    const char *lang)
{
	long c;

	if (sh == NULL || row >= sh->nrows ||
	    (c = editor_col(sh, key, lang)) < 0)
		return "";
	return sh->rows[row].cells[c];
}

int
editor_set(struct editor_sheet *sh, size_t row, const char *key,
    const char *lang, const char *v)
{
	long c;

	if (row >= sh->nrows)
		return -1;
	if ((c = editor_col(sh, key, lang)) < 0) {
		char *h;

		if (v == NULL || v[0] == '\0')
			return 0;       /* nothing to write, no column needed */
		/* Images are written as pyxform spells them. */
		h = xasprintf("%s%s%s%s", strcmp(key, "image") == 0 ? "media::" :
		    "", key, lang != NULL && lang[0] != '\0' ? "::" : "",
		    lang != NULL ? lang : "");
		c = col_add(sh, h);
		free(h);
		if (c < 0)
			return -1;
	}
	free(sh->rows[row].cells[c]);
	sh->rows[row].cells[c] = xstrdup(v != NULL ? v : "");
	return 0;
}

struct editor_sheet *
editor_sheet(struct editor_book *b, const char *name, int create)
{
	char want[64], got[64];

	norm(name, strlen(name), want, sizeof(want));
	for (size_t i = 0; i < b->n; i++) {
		norm(b->sheets[i].name, strlen(b->sheets[i].name), got,
		    sizeof(got));
		if (strcmp(want, got) == 0)
			return &b->sheets[i];
	}
	return create ? sheet_new(b, name) : NULL;
}

const struct editor_sheet *
editor_sheet_c(const struct editor_book *b, const char *name)
{
	return editor_sheet((struct editor_book *)b, name, 0);
}

/* ================================================================ rows */

int
editor_row_insert(struct editor_sheet *sh, size_t at)
{
	if (at > sh->nrows || sh->nrows >= EDITOR_MAX_ROWS)
		return -1;
	sh->rows = xrealloc(sh->rows, (sh->nrows + 1) * sizeof(*sh->rows));
	memmove(&sh->rows[at + 1], &sh->rows[at],
	    (sh->nrows - at) * sizeof(*sh->rows));
	row_blank(&sh->rows[at], sh->ncols);
	sh->nrows++;
	return 0;
}

int
editor_row_delete(struct editor_sheet *sh, size_t at)
{
	if (at >= sh->nrows)
		return -1;
	row_release(&sh->rows[at], sh->ncols);
	memmove(&sh->rows[at], &sh->rows[at + 1],
	    (sh->nrows - at - 1) * sizeof(*sh->rows));
	sh->nrows--;
	return 0;
}

int
editor_row_move(struct editor_sheet *sh, size_t at, int dir)
{
	size_t to;
	struct editor_row tmp;

	if (at >= sh->nrows || (dir < 0 && at == 0) ||
	    (dir > 0 && at + 1 >= sh->nrows))
		return -1;
	to = dir < 0 ? at - 1 : at + 1;
	tmp = sh->rows[at];
	sh->rows[at] = sh->rows[to];
	sh->rows[to] = tmp;
	return 0;
}

int
editor_row_dup(struct editor_sheet *sh, size_t at)
{
	if (at >= sh->nrows || editor_row_insert(sh, at + 1) < 0)
		return -1;
	for (size_t c = 0; c < sh->ncols; c++) {
		free(sh->rows[at + 1].cells[c]);
		sh->rows[at + 1].cells[c] = xstrdup(sh->rows[at].cells[c]);
	}
	return 0;
}

/* ================================================================ languages */

void
editor_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
strv_has(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (ascii_casecmp(v[i], s) == 0)
			return 1;
	return 0;
}

static void
strv_add(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

/* The keys whose columns carry a language. */
static int
translatable(const char *key)
{
	static const char *const keys[] = { "label", "hint",
	    "required_message", "constraint_message", "image", NULL };

	for (size_t i = 0; keys[i] != NULL; i++)
		if (strcmp(keys[i], key) == 0)
			return 1;
	return 0;
}

static void
sheet_langs(const struct editor_sheet *sh, char ***v, size_t *n)
{
	char k[64], l[128];

	if (sh == NULL)
		return;
	for (size_t c = 0; c < sh->ncols; c++) {
		head_split(sh->head[c], k, sizeof(k), l, sizeof(l));
		if (translatable(k) && !strv_has(*v, *n, l))
			strv_add(v, n, l);
	}
}

size_t
editor_langs(const struct editor_book *b, char ***out)
{
	char **v = NULL;
	size_t n = 0;

	sheet_langs(editor_sheet_c(b, "survey"), &v, &n);
	sheet_langs(editor_sheet_c(b, "choices"), &v, &n);
	if (n == 0)
		strv_add(&v, &n, "");
	*out = v;
	return n;
}

int
editor_lang_add(struct editor_book *b, const char *name)
{
	static const char *const survey_keys[] = { "label", "hint", NULL };
	struct editor_sheet *sv, *ch;
	char *h;

	/* Both first: adding a sheet moves the others. */
	(void)editor_sheet(b, "survey", 1);
	(void)editor_sheet(b, "choices", 1);
	sv = editor_sheet(b, "survey", 0);
	ch = editor_sheet(b, "choices", 0);
	if (name[0] == '\0' || editor_col(sv, "label", name) >= 0)
		return -1;
	for (size_t i = 0; survey_keys[i] != NULL; i++) {
		h = xasprintf("%s::%s", survey_keys[i], name);
		col_add(sv, h);
		free(h);
	}
	h = xasprintf("label::%s", name);
	col_add(ch, h);
	free(h);
	return 0;
}

const char *
editor_setting(const struct editor_book *b, const char *key)
{
	return editor_get(editor_sheet_c(b, "settings"), 0, key, NULL);
}

int
editor_setting_set(struct editor_book *b, const char *key, const char *v)
{
	struct editor_sheet *sh = editor_sheet(b, "settings", 1);

	if (sh->nrows == 0 && editor_row_insert(sh, 0) < 0)
		return -1;
	return editor_set(sh, 0, key, NULL, v);
}

/* ================================================================ questions */

const char *const editor_types[] = {
	"text", "integer", "decimal", "date", "select_one", "select_multiple",
	"range", "note", "begin_group", "end_group", "calculate", NULL
};

/* The spellings of the select types, longest first, and their base. */
static const struct {
	const char *prefix, *base;
} selects[] = {
	{ "select all that apply from ", "select_multiple" },
	{ "select all that apply ", "select_multiple" },
	{ "select_multiple from ", "select_multiple" },
	{ "select multiple from ", "select_multiple" },
	{ "select_multiple ", "select_multiple" },
	{ "select multiple ", "select_multiple" },
	{ "select_one from ", "select_one" },
	{ "select one from ", "select_one" },
	{ "select_one ", "select_one" },
	{ "select one ", "select_one" },
};

const char *
editor_type_split(const char *type, char *base, size_t blen)
{
	for (size_t i = 0; i < sizeof(selects) / sizeof(*selects); i++) {
		size_t n = strlen(selects[i].prefix);

		if (strncasecmp(type, selects[i].prefix, n) == 0) {
			snprintf(base, blen, "%s", selects[i].base);
			for (type += n; *type == ' '; type++)
				;
			return type;
		}
	}
	norm(type, strlen(type), base, blen);
	if (strcmp(base, "string") == 0)
		snprintf(base, blen, "text");
	return "";
}

char *
editor_type_list(const char *type, char *list, size_t len, int *or_other)
{
	char base[32];
	const char *rest = editor_type_split(type, base, sizeof(base));
	size_t n = strcspn(rest, " \t");
	const char *after = rest + n;

	snprintf(list, len, "%.*s", (int)n, rest);
	while (*after == ' ' || *after == '\t')
		after++;
	if (or_other != NULL)
		*or_other = ascii_casecmp(after, "or_other") == 0;
	return list;
}

int
editor_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("_-.", s[i]) == NULL)
			return 0;
	return 1;
}

static int
name_used(const struct editor_sheet *sv, const char *name)
{
	for (size_t r = 0; sv != NULL && r < sv->nrows; r++)
		if (strcmp(editor_get(sv, r, "name", NULL), name) == 0)
			return 1;
	return 0;
}

char *
editor_name_unique(const struct editor_book *b, const char *base)
{
	const struct editor_sheet *sv = editor_sheet_c(b, "survey");
	char *s = xstrdup(base);

	for (int i = 2; name_used(sv, s) && i < EDITOR_MAX_ROWS + 2; i++) {
		free(s);
		s = xasprintf("%s_%d", base, i);
	}
	return s;
}

long
editor_question_add(struct editor_book *b, long after, const char *type,
    const char *name, const char *label)
{
	struct editor_sheet *sv = editor_sheet(b, "survey", 1);
	char **langs;
	size_t nl = editor_langs(b, &langs), at;
	char base[32];

	at = after < 0 || (size_t)after >= sv->nrows ? sv->nrows :
	    (size_t)after + 1;
	if (editor_row_insert(sv, at) < 0) {
		editor_strv_free(langs, nl);
		return -1;
	}
	editor_type_split(type, base, sizeof(base));
	editor_set(sv, at, "type", NULL, type);
	if (strcmp(base, "end_group") != 0) {
		editor_set(sv, at, "name", NULL, name);
		editor_set(sv, at, "label", langs[0], label);
	}
	editor_strv_free(langs, nl);
	return (long)at;
}

int
editor_question_dup(struct editor_book *b, size_t row)
{
	struct editor_sheet *sv = editor_sheet(b, "survey", 0);
	char *name;

	if (sv == NULL || editor_row_dup(sv, row) < 0)
		return -1;
	if (editor_get(sv, row, "name", NULL)[0] != '\0') {
		name = editor_name_unique(b, editor_get(sv, row, "name", NULL));
		editor_set(sv, row + 1, "name", NULL, name);
		free(name);
	}
	return 0;
}

static int
is_number(const char *s)
{
	char *end;

	if (*s == '\0')
		return 0;
	(void)strtod(s, &end);
	return *end == '\0';
}

char *
editor_relevant_build(const char *q, const char *type, const char *op,
    const char *value)
{
	int numeric = strcmp(type, "integer") == 0 ||
	    strcmp(type, "decimal") == 0 || strcmp(type, "range") == 0;

	if (!editor_name_ok(q))
		return NULL;
	if (strcmp(op, "answered") == 0)
		return xasprintf("${%s} != ''", q);
	if (strcmp(op, "empty") == 0)
		return xasprintf("${%s} = ''", q);
	if (value == NULL || strchr(value, '\'') != NULL ||
	    (numeric && !is_number(value)))
		return NULL;
	if (strcmp(op, "selected") == 0)
		return xasprintf("selected(${%s}, '%s')", q, value);
	if (strcmp(op, "not_selected") == 0)
		return xasprintf("not(selected(${%s}, '%s'))", q, value);
	if (strcmp(op, "=") != 0 && strcmp(op, "!=") != 0)
		return NULL;
	if (numeric)
		return xasprintf("${%s} %s %s", q, op, value);
	return xasprintf("${%s} %s '%s'", q, op, value);
}

/* ================================================================ choices */

size_t
editor_lists(const struct editor_book *b, char ***out)
{
	const struct editor_sheet *ch = editor_sheet_c(b, "choices");
	char **v = NULL;
	size_t n = 0;

	for (size_t r = 0; ch != NULL && r < ch->nrows; r++) {
		const char *l = editor_get(ch, r, "list_name", NULL);

		if (l[0] != '\0' && !strv_has(v, n, l))
			strv_add(&v, &n, l);
	}
	*out = v;
	return n;
}

long
editor_choice_add(struct editor_book *b, const char *list, const char *name,
    const char *label)
{
	struct editor_sheet *ch = editor_sheet(b, "choices", 1);
	char **langs;
	size_t nl, at = ch->nrows;

	if (editor_col(ch, "list_name", NULL) < 0 && col_add(ch, "list_name") < 0)
		return -1;
	for (size_t r = 0; r < ch->nrows; r++)
		if (strcmp(editor_get(ch, r, "list_name", NULL), list) == 0)
			at = r + 1;
	if (editor_row_insert(ch, at) < 0)
		return -1;
	nl = editor_langs(b, &langs);
	editor_set(ch, at, "list_name", NULL, list);
	editor_set(ch, at, "name", NULL, name);
	editor_set(ch, at, "label", langs[0], label);
	editor_strv_free(langs, nl);
	return (long)at;
}

int
editor_choice_move(struct editor_book *b, size_t row, int dir)
{
	struct editor_sheet *ch = editor_sheet(b, "choices", 0);
	const char *list;
	size_t to;

	if (ch == NULL || row >= ch->nrows)
		return -1;
	list = editor_get(ch, row, "list_name", NULL);
	for (to = row; ; ) {
		if ((dir < 0 && to == 0) || (dir > 0 && to + 1 >= ch->nrows))
			return -1;
		to = dir < 0 ? to - 1 : to + 1;
		if (strcmp(editor_get(ch, to, "list_name", NULL), list) == 0)
			break;
	}
	/* Swap the two rows, wherever they are. */
	{
		struct editor_row tmp = ch->rows[row];

		ch->rows[row] = ch->rows[to];
		ch->rows[to] = tmp;
	}
	return 0;
}

/* ================================================================ measures */

const struct editor_measure editor_measures[] = {
	{ "meetings", N_("Nombre de rencontres"), 0, 0 },
	{ "responses", N_("Nombre de réponses"), 0, 0 },
	{ "count", N_("Nombre de réponses donnant une valeur"), 1, 1 },
	{ "share", N_("Part des répondants donnant une valeur (%)"), 1, 1 },
	{ "distinct", N_("Nombre de valeurs différentes"), 1, 0 },
	{ "mean", N_("Moyenne d'une question chiffrée"), 1, 0 },
	{ "texts", N_("Nombre de réponses écrites (paroles)"), 1, 0 },
	{ "participation", N_("Niveau de participation déclaré"), 0, 2 },
	{ "levels", N_("Rencontres par niveau de réseau"), 0, 0 },
	{ "centres", N_("Centres représentés"), 2, 3 },
	{ NULL, NULL, 0, 0 }
};

const struct editor_measure *
editor_measure(const char *name)
{
	for (size_t i = 0; editor_measures[i].name != NULL; i++)
		if (ascii_casecmp(editor_measures[i].name, name) == 0)
			return &editor_measures[i];
	return NULL;
}

/* ================================================================ kept */

/* The columns the pages have a field for, per sheet. */
static const struct {
	const char *sheet;
	const char *keys[16];
} shown[] = {
	{ "survey", { "type", "name", "label", "hint", "required",
	    "required_message", "relevant", "constraint", "constraint_message",
	    "appearance", "default", "parameters", "image", "calculation",
	    "choice_filter", NULL } },
	{ "choices", { "list_name", "name", "label", "image", NULL } },
	{ "settings", { "form_title", "form_id", "version", "default_language",
	    NULL } },
	{ "indicators", { "objet", "indicateur", "mesure", "question", "valeur",
	    NULL } },
};

static void
kept_sheet(const struct editor_sheet *sh, const char *const *keys,
    char ***v, size_t *n)
{
	char k[64], l[128];

	for (size_t c = 0; c < sh->ncols; c++) {
		size_t i;
		char *item;

		head_split(sh->head[c], k, sizeof(k), l, sizeof(l));
		for (i = 0; keys[i] != NULL && strcmp(keys[i], k) != 0; i++)
			;
		if (keys[i] != NULL || sh->head[c][0] == '\0')
			continue;
		item = xasprintf("%s : %s", sh->name, sh->head[c]);
		strv_add(v, n, item);
		free(item);
	}
}

size_t
editor_kept(const struct editor_book *b, char ***out)
{
	char **v = NULL;
	size_t n = 0;

	for (size_t i = 0; i < b->n; i++) {
		const struct editor_sheet *sh = &b->sheets[i];
		char nm[64];
		size_t k;

		norm(sh->name, strlen(sh->name), nm, sizeof(nm));
		for (k = 0; k < sizeof(shown) / sizeof(*shown); k++)
			if (strcmp(shown[k].sheet, nm) == 0)
				break;
		if (k < sizeof(shown) / sizeof(*shown))
			kept_sheet(sh, shown[k].keys, &v, &n);
		else
			strv_add(&v, &n, sh->name);
	}
	*out = v;
	return n;
}
