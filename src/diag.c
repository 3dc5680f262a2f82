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
		free(d->msgs[i].text);
	}
	free(d->msgs);
	memset(d, 0, sizeof(*d));
}

void
diag_add(struct diag *d, enum diag_level level, const char *file, int line,
    int column, const char *fmt, ...)
{
	struct diag_msg *m;
	va_list ap;
	int n;

	if (d->n == d->alloc) {
		d->alloc = d->alloc ? 2 * d->alloc : 8;
		d->msgs = xrealloc(d->msgs, d->alloc * sizeof(*d->msgs));
	}
	m = &d->msgs[d->n];
	m->level = level;
	m->file = xstrdup(file ? file : "");
	m->line = line < 0 ? 0 : line;
	m->column = column < 0 ? 0 : column;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	m->text = xrealloc(NULL, (size_t)n + 1);
	va_start(ap, fmt);
	if (vsnprintf(m->text, (size_t)n + 1, fmt, ap) < 0)
		m->text[0] = '\0';
	va_end(ap);

	d->n++;
	if (level == DIAG_ERROR)
		d->n_errors++;
	else
		d->n_warnings++;
}

char *
diag_format(const struct diag *d, size_t i)
{
	const struct diag_msg *m = &d->msgs[i];
	char where[64] = "";
	const char *lvl = m->level == DIAG_ERROR ? "error" : "warning";
	char *s;
	size_t n;

	if (m->line > 0 && m->column > 0)
		snprintf(where, sizeof(where), ":%d:%d", m->line, m->column);
	else if (m->line > 0)
		snprintf(where, sizeof(where), ":%d", m->line);
	n = strlen(m->file) + strlen(where) + strlen(lvl) + strlen(m->text) + 8;
	s = xrealloc(NULL, n);
	if (m->file[0] != '\0')
		snprintf(s, n, "%s%s: %s: %s", m->file, where, lvl, m->text);
	else
		snprintf(s, n, "%s: %s", lvl, m->text);
	return s;
}

static int
diag_before(const struct diag_msg *a, const struct diag_msg *b)
{
	int c = strcmp(a->file, b->file);

	if (c != 0)
		return c < 0;
	if (a->line != b->line)
		return a->line < b->line;
	return a->column < b->column;
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
