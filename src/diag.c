/*
 * diag.c - diagnostics collected while checking user input.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "util.h"

void
diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void
diag_release(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->msgs[i].file);
		free(d->msgs[i].sheet);
		free(d->msgs[i].text);
	}
	free(d->msgs);
	memset(d, 0, sizeof(*d));
}

static void
diag_vadd(struct diag *d, enum diag_level level, const char *file,
    const struct diag_where *w, const char *fmt, va_list ap)
{
	struct diag_msg *m;
	va_list ap2;
	int n;

	if (d->n == d->alloc) {
		d->alloc = d->alloc ? 2 * d->alloc : 8;
		d->msgs = xrealloc(d->msgs, d->alloc * sizeof(*d->msgs));
	}
	m = &d->msgs[d->n];
	memset(m, 0, sizeof(*m));
	m->level = level;
	m->file = xstrdup(file ? file : "");
	m->line = w->line < 0 ? 0 : w->line;
	m->column = w->column < 0 ? 0 : w->column;
	if (w->sheet != NULL && w->row > 0) {
		m->sheet = xstrdup(w->sheet);
		m->sheet_no = w->sheet_no;
		m->row = w->row;
		m->col = w->col < 0 ? 0 : w->col;
	}

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	m->text = xrealloc(NULL, (size_t)n + 1);
	if (vsnprintf(m->text, (size_t)n + 1, fmt, ap) < 0)
		m->text[0] = '\0';

	d->n++;
	if (level == DIAG_ERROR)
		d->n_errors++;
	else
		d->n_warnings++;
}

void
diag_add(struct diag *d, enum diag_level level, const char *file, int line,
    int column, const char *fmt, ...)
{
	struct diag_where w;
	va_list ap;

	memset(&w, 0, sizeof(w));
	w.line = line;
	w.column = column;
	va_start(ap, fmt);
	diag_vadd(d, level, file, &w, fmt, ap);
	va_end(ap);
}

void
diag_add_where(struct diag *d, enum diag_level level, const char *file,
    const struct diag_where *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, level, file, w, fmt, ap);
	va_end(ap);
}

/*
 * "survey!C7", or "survey!7:7" for a whole row; a sheet name other than
 * letters, digits and '_' is quoted as spreadsheets do ('my sheet'!A1).
 */
static void
cell_name(const struct diag_msg *m, char *buf, size_t len)
{
	char letters[16];
	size_t i, k = 0;
	int c = m->col, plain = 1;
	const char *p;

	if (c > 0) {
		char rev[16];
		size_t n = 0;

		while (c > 0 && n < sizeof(rev)) {
			rev[n++] = (char)('A' + (c - 1) % 26);
			c = (c - 1) / 26;
		}
		for (i = 0; i < n; i++)
			letters[k++] = rev[n - 1 - i];
	}
	letters[k] = '\0';
	for (p = m->sheet; *p != '\0'; p++)
		if (!(((unsigned char)*p >= 'a' && (unsigned char)*p <= 'z') ||
		    ((unsigned char)*p >= 'A' && (unsigned char)*p <= 'Z') ||
		    ((unsigned char)*p >= '0' && (unsigned char)*p <= '9') ||
		    *p == '_'))
			plain = 0;
	if (k > 0)
		snprintf(buf, len, plain ? "%s!%s%d" : "'%s'!%s%d", m->sheet,
		    letters, m->row);
	else
		snprintf(buf, len, plain ? "%s!%d:%d" : "'%s'!%d:%d", m->sheet,
		    m->row, m->row);
}

char *
diag_format(const struct diag *d, size_t i)
{
	const struct diag_msg *m = &d->msgs[i];
	char where[64] = "", cell[160] = "";
	const char *lvl = m->level == DIAG_ERROR ? "error" : "warning";

	if (m->line > 0 && m->column > 0)
		snprintf(where, sizeof(where), ":%d:%d", m->line, m->column);
	else if (m->line > 0)
		snprintf(where, sizeof(where), ":%d", m->line);
	if (m->sheet != NULL)
		cell_name(m, cell, sizeof(cell));
	if (m->file[0] == '\0')
		return xasprintf("%s: %s", lvl, m->text);
	if (cell[0] != '\0' && where[0] == '\0')
		return xasprintf("%s:%s: %s: %s", m->file, cell, lvl, m->text);
	if (cell[0] != '\0')
		return xasprintf("%s%s: %s: %s: %s", m->file, where, lvl, cell,
		    m->text);
	return xasprintf("%s%s: %s: %s", m->file, where, lvl, m->text);
}

static int
diag_before(const struct diag_msg *a, const struct diag_msg *b)
{
	int c = strcmp(a->file, b->file);

	if (c != 0)
		return c < 0;
	if (a->line != b->line)
		return a->line < b->line;
	if (a->column != b->column)
		return a->column < b->column;
	if (a->sheet_no != b->sheet_no)
		return a->sheet_no < b->sheet_no;
	if (a->row != b->row)
		return a->row < b->row;
	return a->col < b->col;
}

void
diag_sort(struct diag *d, size_t from)
{
	size_t i, j;
	struct diag_msg m;

	/* Insertion sort: stable, and the lists are short. */
	for (i = from + 1; i < d->n; i++) {
		m = d->msgs[i];
		for (j = i; j > from && diag_before(&m, &d->msgs[j - 1]); j--)
			d->msgs[j] = d->msgs[j - 1];
		d->msgs[j] = m;
	}
}

void
diag_print(const struct diag *d, size_t from, FILE *fp)
{
	size_t i;
	char *s;

	for (i = from; i < d->n; i++) {
		s = diag_format(d, i);
		fprintf(fp, "%s\n", s);
		free(s);
	}
}
