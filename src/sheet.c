/*
 * sheet.c - books of named sheets, whatever their source: building them,
 * freeing them, names and positions.  The readers are in sheet_csv.c,
 * sheet_xlsx.c and sheet_ods.c.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sheet.h"
#include "sheet_zip.h"
#include "util.h"

void
sheet_book_init(struct sheet_book *b, enum sheet_source source,
    const char *file)
{
	memset(b, 0, sizeof(*b));
	b->source = source;
	b->file = file;
}

void
sheet_book_release(struct sheet_book *b)
{
	size_t i, j, k;

	for (i = 0; i < b->n_sheets; i++) {
		struct sheet *sh = &b->sheets[i];

		for (j = 0; j < sh->n_rows; j++) {
			for (k = 0; k < sh->rows[j].n; k++)
				free(sh->rows[j].cells[k].s);
			free(sh->rows[j].cells);
		}
		free(sh->rows);
		free(sh->at.s);
		free(sh->name);
	}
	free(b->sheets);
	memset(b, 0, sizeof(*b));
}

struct sheet *
sheet_add(struct sheet_book *b, const char *name, size_t len)
{
	struct sheet *sh;

	/* Cells point at their sheet's name, which does not move when the
	 * array of sheets does. */
	if (b->n_sheets == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 8;
		b->sheets = xrealloc(b->sheets, b->alloc * sizeof(*b->sheets));
	}
	sh = &b->sheets[b->n_sheets++];
	memset(sh, 0, sizeof(*sh));
	sh->name = xstrndup(name, len);
	sh->no = (int)b->n_sheets;
	sh->at.s = xstrdup("");
	sh->at.raw = SHEET_NO_RAW;
	sh->at.sheet = sh->name;
	sh->at.sheet_no = sh->no;
	return sh;
}

struct sheet_row *
sheet_row_add(struct sheet *sh, int srow, int line)
{
	struct sheet_row *r;

	if (sh->n_rows == sh->alloc) {
		sh->alloc = sh->alloc ? 2 * sh->alloc : 16;
		sh->rows = xrealloc(sh->rows, sh->alloc * sizeof(*sh->rows));
	}
	r = &sh->rows[sh->n_rows++];
	memset(r, 0, sizeof(*r));
	r->srow = srow;
	r->line = line;
	return r;
}

struct sheet_cell *
sheet_cell_add(struct sheet_row *r, const char *s, size_t len)
{
	struct sheet_cell *c;

	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 8;
		r->cells = xrealloc(r->cells, r->alloc * sizeof(*r->cells));
	}
	c = &r->cells[r->n++];
	memset(c, 0, sizeof(*c));
	c->s = xstrndup(s ? s : "", s ? len : 0);
	c->raw = SHEET_NO_RAW;
	return c;
}

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t
sheet_trim(char *s)
{
	size_t n = strlen(s), lead = 0;

	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	while (lead < n && is_space((unsigned char)s[lead]))
		lead++;
	memmove(s, s + lead, n - lead);
	s[n - lead] = '\0';
	return lead;
}

int
sheet_row_empty(const struct sheet_row *r, size_t from)
{
	size_t j;

	for (j = from; j < r->n; j++)
		if (r->cells[j].s[0] != '\0')
			return 0;
	return 1;
}

char *
sheet_norm_name(const char *name, char *buf, size_t len)
{
	size_t k, n = strlen(name);

	if (len == 0)
		return buf;
	if (n >= len)
		n = len - 1;
	for (k = 0; k < n; k++) {
		unsigned char c = (unsigned char)name[k];

		buf[k] = c == ' ' ? '_' :
		    (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : (char)c;
	}
	buf[n] = '\0';
	return buf;
}

char *
sheet_col_letters(int col, char *buf, size_t len)
{
	char rev[16];
	size_t n = 0, i;

	while (col > 0 && n < sizeof(rev)) {
		rev[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n && i + 1 < len; i++)
		buf[i] = rev[n - 1 - i];
	if (len > 0)
		buf[i < len ? i : len - 1] = '\0';
	return buf;
}

void
sheet_where(const struct sheet_cell *c, int with_cell, struct diag_where *w)
{
	memset(w, 0, sizeof(*w));
	if (c == NULL)
		return;
	w->line = c->line;
	w->column = c->col;
	if (with_cell && c->sheet != NULL && c->srow > 0) {
		w->sheet = c->sheet;
		w->sheet_no = c->sheet_no;
		w->row = c->srow;
		w->col = c->scol;
	}
}

/* A number as the shortest text that reads back the same. */
void
sheet_number_text(const char *v, char *out, size_t len)
{
	char *end;
	double d = strtod(v, &end);
	int prec;

	if (end == v || *end != '\0' || !isfinite(d)) {
		snprintf(out, len, "%s", v);
		return;
	}
	for (prec = 1; prec <= 17; prec++) {
		snprintf(out, len, "%.*g", prec, d);
		if (strtod(out, NULL) == d)
			break;
	}
}

static void put_error(struct sheet_book *, const struct sheet *, int, int,
    struct diag *, const char *, ...) __attribute__((format(printf, 6, 7)));

/* Report a problem at a cell of a workbook. */
static void
put_error(struct sheet_book *b, const struct sheet *sh, int srow, int scol,
    struct diag *d, const char *fmt, ...)
{
	struct diag_where w;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memset(&w, 0, sizeof(w));
	w.sheet = sh->name;
	w.sheet_no = sh->no;
	w.row = srow;
	w.col = scol;
	diag_add_where(d, DIAG_ERROR, b->file, &w, "%s", msg);
}

int
sheet_put(struct sheet_book *b, struct sheet *sh, int srow, int scol,
    const char *s, size_t len, struct diag *d)
{
	struct sheet_row *r = sh->n_rows > 0 ? &sh->rows[sh->n_rows - 1] : NULL;
	struct sheet_cell *c;
	char *v;

	if (len > SHEET_MAX_CELL) {
		put_error(b, sh, srow, scol, d, _("cellule trop longue (plus de "
		    "%d octets) : gardez les libellés courts"), SHEET_MAX_CELL);
		return -1;
	}
	v = xstrndup(s, len);
	sheet_trim(v);
	if (v[0] == '\0') {
		free(v);
		return 0;
	}
	free(v);
	if (scol < 1 || scol > SHEET_MAX_COLS) {
		put_error(b, sh, srow, scol > 0 ? scol : 1, d, _("cellule hors "
		    "limites : une feuille a au plus %d colonnes"),
		    SHEET_MAX_COLS);
		return -1;
	}
	if (srow < 1 || srow > SHEET_MAX_ROW_INDEX) {
		put_error(b, sh, srow > 0 ? srow : 1, scol, d, _("cellule hors "
		    "limites : une feuille a au plus %d lignes"),
		    SHEET_MAX_ROW_INDEX);
		return -1;
	}
	if (r == NULL || r->srow != srow) {
		if (r != NULL && r->srow > srow) {
			put_error(b, sh, srow, scol, d, _("ligne dans le "
			    "désordre : enregistrez le classeur de nouveau "
			    "depuis le tableur"));
			return -1;
		}
		if (++b->n_rows > SHEET_MAX_ROWS) {
			put_error(b, sh, srow, scol, d, _("trop de lignes : un "
			    "questionnaire a au plus %d lignes"),
			    SHEET_MAX_ROWS);
			return -1;
		}
		r = sheet_row_add(sh, srow, 0);
	}
	if (r->n >= (size_t)scol) {
		put_error(b, sh, srow, scol, d, _("cellule dans le désordre : "
		    "enregistrez le classeur de nouveau depuis le tableur"));
		return -1;
	}
	while (r->n < (size_t)scol) {
		c = r->n + 1 == (size_t)scol ? sheet_cell_add(r, s, len) :
		    sheet_cell_add(r, "", 0);
		c->sheet = sh->name;
		c->sheet_no = sh->no;
		c->srow = srow;
		c->scol = (int)r->n;
	}
	sheet_trim(r->cells[r->n - 1].s);
	return 0;
}

/* A ZIP archive: an .ods (its mimetype says so) or an .xlsx. */
static int
read_workbook(struct sheet_book *b, const char *file, const char *buf,
    size_t len, struct diag *d)
{
	static const char ods_type[] =
	    "application/vnd.oasis.opendocument.spreadsheet";
	struct sheet_zip z;
	char *mime = NULL;
	size_t mlen = 0;
	int rc = -1;

	if (len > SHEET_MAX_FILE) {
		diag_add(d, DIAG_ERROR, file, 0, 0, _("classeur trop gros (%zu "
		    "octets) : un questionnaire tient en moins de %d octets"),
		    len, SHEET_MAX_FILE);
		return -1;
	}
	if (sheet_zip_open(&z, file, buf, len, d) != 0)
		return -1;
	mime = sheet_zip_read(&z, "mimetype", 256, &mlen);
	if (mime != NULL && strcmp(mime, ods_type) == 0)
		rc = sheet_ods_read(b, &z, d);
	else if (sheet_zip_has(&z, "xl/workbook.xml"))
		rc = sheet_xlsx_read(b, &z, d);
	else
		diag_add(d, DIAG_ERROR, file, 0, 0, _("archive ZIP qui n'est "
		    "ni un classeur .xlsx ni un classeur .ods : enregistrez le "
		    "questionnaire au format .xlsx, .ods ou CSV"));
	free(mime);
	sheet_zip_close(&z);
	return rc;
}

int
sheet_row_comment(const struct sheet_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->cells[i].s[0] != '\0')
			return r->cells[i].s[0] == '#';
	return 0;
}

/* Remove the comment rows of every sheet (see sheet.h). */
static void
drop_comments(struct sheet_book *b)
{
	for (size_t i = 0; i < b->n_sheets; i++) {
		struct sheet *sh = &b->sheets[i];
		size_t k = 0;

		for (size_t j = 0; j < sh->n_rows; j++) {
			struct sheet_row *r = &sh->rows[j];

			if (!sheet_row_comment(r)) {
				sh->rows[k++] = *r;
				continue;
			}
			for (size_t c = 0; c < r->n; c++)
				free(r->cells[c].s);
			free(r->cells);
			b->n_rows--;
		}
		sh->n_rows = k;
	}
}

int
sheet_book_read(struct sheet_book *b, const char *file, const char *buf,
    size_t len, size_t chunk, struct diag *d)
{
	int rc;

	sheet_book_init(b, SHEET_CSV, file);
	if (sheet_zip_magic(buf, len))
		rc = read_workbook(b, file, buf, len, d);
	else
		rc = sheet_csv_read(b, file, buf, len, chunk, d);
	if (rc == 0)
		drop_comments(b);
	return rc;
}
