/*
 * sheet.c - books of named sheets, whatever their source: building them,
 * freeing them, names and positions.  The readers are in sheet_csv.c,
 * sheet_xlsx.c and sheet_ods.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sheet.h"
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

int
sheet_book_read(struct sheet_book *b, const char *file, const char *buf,
    size_t len, size_t chunk, struct diag *d)
{
	sheet_book_init(b, SHEET_CSV, file);
	return sheet_csv_read(b, file, buf, len, chunk, d);
}
