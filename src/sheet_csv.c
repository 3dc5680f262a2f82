/*
 * sheet_csv.c - the single-file CSV layout of XLSForm as a book of sheets.
 *
 * Reading runs in stages, each on the whole buffer:
 *   1. bytes: byte order mark, UTF-8 validation, separator;
 *   2. records: libcsv gives the cell contents, and a small scanner that
 *      follows the same quoting rules gives each cell's line and column
 *      (libcsv reports no positions) and the row a spreadsheet shows it on;
 *   3. sheets: a record whose first cell is not empty starts a sheet named
 *      by that cell; the records below it (first cell empty) are its rows.
 *      Every named sheet is kept, in order, even a second "survey" or an
 *      unknown name: the model decides what a name means.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sheet.h"
#include "util.h"

/* Report at most this many lines with bad bytes: enough to find them. */
#define CSV_MAX_UTF8_ERRORS 20

static int
is_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* ================================================================ stage 1 */

/*
 * A cursor that turns byte offsets into line and character column.
 * Offsets asked must not decrease, so a whole file costs one pass (a
 * binary file has a bad byte every other byte: asking from the start each
 * time would be quadratic).
 */
struct linecur {
	const char *body;
	size_t off;
	int line, col;
};

static void
linecur_init(struct linecur *lc, const char *body)
{
	lc->body = body;
	lc->off = 0;
	lc->line = 1;
	lc->col = 1;
}

static void
linecur_to(struct linecur *lc, size_t off, int *line, int *col)
{
	for (; lc->off < off; lc->off++) {
		unsigned char ch = (unsigned char)lc->body[lc->off];

		if (ch == '\n' || (ch == '\r' && lc->body[lc->off + 1] != '\n')) {
			lc->line++;
			lc->col = 1;
		} else if (ch == '\r') {
			/* first half of CRLF: the LF ends the line */
		} else if ((ch & 0xC0) != 0x80) {
			lc->col++;
		}
	}
	*line = lc->line;
	*col = lc->col;
}

/* Line and character column of byte `off` of `body`. */
static void
linecol(const char *body, size_t off, int *line, int *col)
{
	struct linecur lc;

	linecur_init(&lc, body);
	linecur_to(&lc, off, line, col);
}

/* Report invalid UTF-8 and NUL bytes; returns the number of problems. */
static int
check_utf8(const char *file, const char *body, size_t len, struct diag *d)
{
	const unsigned char *s = (const unsigned char *)body;
	struct linecur lc;
	size_t i = 0, at, seg, bad;
	const char *nul;
	int n = 0, line, col, last_line = 0;

	linecur_init(&lc, body);
	while (i < len && n < CSV_MAX_UTF8_ERRORS) {
		nul = memchr(body + i, '\0', len - i);
		seg = nul != NULL ? (size_t)(nul - (body + i)) : len - i;
		if (utf8_valid(body + i, seg, &bad)) {
			if (nul == NULL)
				break;
			at = i + seg;
		} else {
			at = i + bad;
		}
		linecur_to(&lc, at, &line, &col);
		/* One message per line is enough to find the cell. */
		if (line != last_line) {
			if (s[at] == '\0')
				diag_add(d, DIAG_ERROR, file, line, col,
				    _("octet NUL dans le fichier : "
				        "enregistrez-le à nouveau en "
				        "texte CSV (UTF-8)"));
			else
				diag_add(d, DIAG_ERROR, file, line, col,
				    _("UTF-8 invalide (octet 0x%02X) : "
				        "enregistrez le fichier en CSV "
				        "avec le jeu de caractères "
				        "UTF-8"), s[at]);
			n++;
		}
		last_line = line;
		i = at + 1;
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

/* The records libcsv reads, before they are split into sheets. */
struct records {
	struct sheet_row *v;
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
	int srow;
};

struct posrecs {
	struct posrec *v;
	size_t n, alloc;
	int unterminated;          /* a quoted cell runs to the end */
	int open_line, open_col;   /* where that cell starts */
};

static void *
grow(void *v, size_t *alloc, size_t n, size_t size)
{
	if (n < *alloc)
		return v;
	*alloc = *alloc ? 2 * *alloc : 8;
	return xrealloc(v, *alloc * size);
}

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
pos_record(struct posrecs *p, int srow)
{
	p->v = grow(p->v, &p->alloc, p->n, sizeof(*p->v));
	memset(&p->v[p->n], 0, sizeof(p->v[p->n]));
	p->v[p->n].srow = srow;
	p->n++;
}

/*
 * Follow libcsv's rules (strict mode, spaces and tabs trimmed, empty lines
 * skipped, CR, LF or CRLF ending a record) to find where each field
 * starts.  Malformed input is libcsv's to report.  `srow` counts rows as
 * a spreadsheet opening the file shows them: every line ending outside
 * quotes, empty lines included.
 */
static void
scan_positions(const char *s, size_t len, char sep, struct posrecs *p)
{
	enum { ROW_NOT_BEGUN, FIELD_NOT_BEGUN, UNQUOTED, QUOTED, AFTER_QUOTE }
	    st = ROW_NOT_BEGUN;
	size_t i;
	int line = 1, col = 1, srow = 1;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int nl = c == '\n' || c == '\r';
		int ends = c == '\n' ||
		    (c == '\r' && (i + 1 >= len || s[i + 1] != '\n'));

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
				pos_record(p, srow);
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
		if (ends) {
			line++;
			col = 1;
			if (st != QUOTED)
				srow++;
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
	struct records *recs;
	int in_row;
};

static void
csv_cb_field(void *s, size_t len, void *arg)
{
	struct csvctx *cx = arg;
	struct sheet_row *r;

	if (!cx->in_row) {
		cx->recs->v = grow(cx->recs->v, &cx->recs->alloc, cx->recs->n,
		    sizeof(*cx->recs->v));
		memset(&cx->recs->v[cx->recs->n], 0, sizeof(struct sheet_row));
		cx->recs->n++;
		cx->in_row = 1;
	}
	r = &cx->recs->v[cx->recs->n - 1];
	sheet_cell_add(r, s, len);
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
	if (n > SHEET_MAX_CELL + 1024)
		return NULL;
	return realloc(p, n);
}

static void
records_release(struct records *recs)
{
	size_t i, j;

	for (i = 0; i < recs->n; i++) {
		for (j = 0; j < recs->v[i].n; j++)
			free(recs->v[i].cells[j].s);
		free(recs->v[i].cells);
	}
	free(recs->v);
	memset(recs, 0, sizeof(*recs));
}

/* Give each cell of the records its position, then trim it. */
static void
place_records(struct records *recs, const struct posrecs *pos)
{
	size_t i, j, lead;
	int aligned;

	/* Positions agree with libcsv unless the scanner lost track, in
	 * which case messages fall back to line numbers only. */
	aligned = pos->n == recs->n;
	for (i = 0; aligned && i < recs->n; i++)
		aligned = pos->v[i].n == recs->v[i].n;
	for (i = 0; i < recs->n; i++) {
		struct sheet_row *r = &recs->v[i];

		r->line = i < pos->n && pos->v[i].n > 0 ?
		    pos->v[i].f[0].line : 0;
		r->srow = i < pos->n ? pos->v[i].srow : 0;
		for (j = 0; j < r->n; j++) {
			struct sheet_cell *c = &r->cells[j];

			if (aligned) {
				c->line = pos->v[i].f[j].line;
				c->col = pos->v[i].f[j].col;
				c->raw = pos->v[i].f[j].raw;
				c->quoted = pos->v[i].f[j].quoted;
			} else {
				c->line = r->line;
				c->col = 0;
				c->raw = SHEET_NO_RAW;
			}
			c->srow = r->srow;
			c->scol = (int)j + 1;
			lead = sheet_trim(c->s);
			/* Only spaces: one raw byte each. */
			if (c->raw != SHEET_NO_RAW)
				c->raw += lead;
		}
	}
}

/*
 * Read the records with libcsv, fed `chunk` bytes at a time, and give each
 * cell its position.  Returns 0, or -1 when the CSV itself is malformed
 * (reported).
 */
static int
read_records(const char *file, const char *body, size_t len, char sep,
    size_t chunk, struct records *recs, struct diag *d)
{
	struct csv_parser cp;
	struct csvctx cx = { recs, 0 };
	struct posrecs pos;
	size_t off = 0, n;
	int line, col, rc = -1, err;
	int inited = 0;

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
				    _("CSV mal formé : un guillemet (\") "
				        "ne peut qu'ouvrir ou fermer "
				        "une cellule ; dans une "
				        "cellule entre guillemets, "
				        "doublez-le (\"\")"));
			else
				diag_add(d, DIAG_ERROR, file, line, col,
				    _("cellule trop longue (plus de %d "
				        "octets) : gardez libellés et "
				        "aides courts"), SHEET_MAX_CELL);
			goto done;
		}
		off += n;
	}
	if (csv_fini(&cp, csv_cb_field, csv_cb_row, &cx) != 0) {
		diag_add(d, DIAG_ERROR, file, pos.open_line, pos.open_col,
		    _("CSV mal formé : cette cellule entre guillemets "
		        "n'est jamais fermée ; ajoutez le guillemet "
		        "fermant (\")"));
		goto done;
	}
	place_records(recs, &pos);
	rc = 0;
done:
	if (inited)
		csv_free(&cp);
	posrecs_release(&pos);
	return rc;
}

/* ================================================================ stage 3 */

/* Move cells[1..] of record `r` into a new row of `sh`. */
static void
move_row(struct sheet *sh, struct sheet_row *r)
{
	struct sheet_row *to = sheet_row_add(sh, r->srow, r->line);
	size_t j;

	to->alloc = r->n > 1 ? r->n - 1 : 1;
	to->cells = xcalloc(to->alloc, sizeof(*to->cells));
	for (j = 1; j < r->n; j++) {
		to->cells[to->n] = r->cells[j];
		to->cells[to->n].sheet = sh->name;
		to->cells[to->n].sheet_no = sh->no;
		to->n++;
		r->cells[j].s = NULL;
	}
	r->n = r->n > 0 ? 1 : 0;
}

static void
split_sheets(struct sheet_book *b, struct records *recs, struct diag *d)
{
	struct sheet *cur = NULL;
	int orphan_reported = 0;
	size_t i;

	for (i = 0; i < recs->n; i++) {
		struct sheet_row *r = &recs->v[i];
		struct sheet_cell *c0 = &r->cells[0];

		/* A comment: "#..." where a sheet's name would go. */
		if (sheet_row_empty(r, 0) || c0->s[0] == '#')
			continue;
		if (c0->s[0] != '\0') {
			cur = sheet_add(b, c0->s, strlen(c0->s));
			free(cur->at.s);
			cur->at = *c0;
			cur->at.s = c0->s;
			cur->at.sheet = cur->name;
			cur->at.sheet_no = cur->no;
			c0->s = NULL;
			/* pyxform also reads a header on the sheet's own row. */
			if (!sheet_row_empty(r, 1))
				move_row(cur, r);
			continue;
		}
		if (cur == NULL) {
			if (!orphan_reported)
				diag_add(d, DIAG_ERROR, b->file, r->line,
				    c0->col, _("ligne avant toute feuille "
				        ": commencez le fichier par "
				        "une ligne dont la première "
				        "cellule est « survey »"));
			orphan_reported = 1;
			continue;
		}
		move_row(cur, r);
	}
}

/* ================================================================ public */

struct sheet_cell
sheet_cell_at(const struct sheet_book *b, const struct sheet_cell *c,
    size_t off)
{
	struct sheet_cell p = *c;
	size_t raw, i;

	if (b->source != SHEET_CSV || b->text == NULL ||
	    c->raw == SHEET_NO_RAW || c->col == 0)
		return p;
	raw = c->raw;
	for (i = 0; i < off && raw < b->text_len; i++) {
		if (c->quoted && b->text[raw] == '"')
			raw += 2;
		else
			raw++;
	}
	linecol(b->text, raw, &p.line, &p.col);
	return p;
}

int
sheet_csv_read(struct sheet_book *b, const char *file, const char *buf,
    size_t len, size_t chunk, struct diag *d)
{
	struct records recs = { NULL, 0, 0, };
	const char *body = buf;
	size_t blen = len;
	int rc = -1;

	sheet_book_init(b, SHEET_CSV, file);
	if (len > SHEET_MAX_FILE) {
		diag_add(d, DIAG_ERROR, file, 0, 0, _("fichier trop gros "
		    "(%zu octets) : un questionnaire reste sous %d "
		    "octets"), len,
		    SHEET_MAX_FILE);
		goto done;
	}
	if (blen >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
		body += 3;
		blen -= 3;
	}
	b->text = body;
	b->text_len = blen;
	if (check_utf8(file, body, blen, d) > 0)
		goto done;
	if (read_records(file, body, blen, detect_sep(body, blen), chunk,
	    &recs, d) != 0)
		goto done;
	if (recs.n > SHEET_MAX_ROWS) {
		diag_add(d, DIAG_ERROR, file, 0, 0, _("trop de lignes "
		    "(%zu) : un questionnaire en a au plus %d"), recs.n, SHEET_MAX_ROWS);
		goto done;
	}
	split_sheets(b, &recs, d);
	rc = 0;
done:
	records_release(&recs);
	return rc;
}
