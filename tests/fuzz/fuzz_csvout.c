/*
 * fuzz_csvout.c - libFuzzer harness for the CSV writer: the input is cut
 * into cells (byte 0x00) and rows (byte 0x01), written with csvout, and
 * read back with libcsv's strict parser, which must give back every cell
 * (after the single quote of a neutralised formula) and every row.
 * The first byte picks the separator.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
	char *p;
	size_t len, cap;
};

static int
sink_write(void *arg, const void *buf, size_t len)
{
	struct mem *m = arg;

	if (m->len + len > m->cap) {
		m->cap = (m->len + len) * 2 + 64;
		m->p = realloc(m->p, m->cap);
		if (m->p == NULL)
			abort();
	}
	memcpy(m->p + m->len, buf, len);
	m->len += len;
	return 0;
}

struct cell {
	const char *s;
	size_t n;
	int row_end;
};

struct check {
	struct cell *cells;
	size_t n_cells, next;
	int in_row;
};

/* libcsv: one field read back; compare with the next expected cell. */
static void
on_field(void *s, size_t len, void *arg)
{
	struct check *c = arg;
	const struct cell *e;
	size_t off = 0;

	if (c->next >= c->n_cells)
		abort();   /* more cells than written */
	e = &c->cells[c->next++];
	if (csvout_is_formula(e->s, e->n)) {
		if (len == 0 || ((char *)s)[0] != '\'')
			abort();   /* a formula was not neutralised */
		off = 1;
	}
	if (len - off != e->n || memcmp((char *)s + off, e->s, e->n) != 0)
		abort();   /* the cell changed on the way */
	c->in_row = 1;
}

static void
on_row(int ch, void *arg)
{
	struct check *c = arg;

	(void)ch;
	if (c->next == 0 || !c->cells[c->next - 1].row_end)
		abort();   /* a row ended early */
	c->in_row = 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char seps[] = { ',', ';', '\t' };
	struct export_sink sink;
	struct mem m = { NULL, 0, 0 };
	struct check c = { NULL, 0, 0, 0 };
	struct csvout *w;
	struct csv_parser p;
	size_t start, i, row_start;
	char sep;

	if (size == 0)
		return 0;
	sep = seps[data[0] % 3];
	data++;
	size--;
	c.cells = calloc(size + 1, sizeof(*c.cells));
	w = malloc(sizeof(*w));
	if (c.cells == NULL || w == NULL)
		abort();
	/* Cut into cells and rows; a row of one empty cell is a blank line,
	 * which CSV cannot tell from nothing: leave those out. */
	row_start = 0;
	for (start = i = 0; i <= size; i++) {
		if (i < size && data[i] != 0x00 && data[i] != 0x01)
			continue;
		c.cells[c.n_cells].s = (const char *)data + start;
		c.cells[c.n_cells].n = i - start;
		c.cells[c.n_cells].row_end = i == size || data[i] == 0x01;
		c.n_cells++;
		if (c.cells[c.n_cells - 1].row_end) {
			if (c.n_cells - row_start == 1 &&
			    c.cells[row_start].n == 0)
				c.n_cells = row_start;
			row_start = c.n_cells;
		}
		start = i + 1;
	}

	sink.write = sink_write;
	sink.arg = &m;
	csvout_init(w, &sink, sep, '.');
	for (i = 0; i < c.n_cells; i++) {
		if (csvout_fieldn(w, c.cells[i].s, c.cells[i].n) < 0)
			abort();
		if (c.cells[i].row_end && csvout_end_row(w) < 0)
			abort();
	}
	if (csvout_flush(w) < 0)
		abort();

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
	csv_set_delim(&p, (unsigned char)sep);
	if (csv_parse(&p, m.p, m.len, on_field, on_row, &c) != m.len)
		abort();   /* our output is not strict CSV */
	if (csv_fini(&p, on_field, on_row, &c) != 0)
		abort();
	if (c.next != c.n_cells || c.in_row)
		abort();   /* cells went missing */
	csv_free(&p);
	free(m.p);
	free(c.cells);
	free(w);
	return 0;
}
