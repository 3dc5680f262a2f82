/*
 * test_csvout.c - the spreadsheet-safe CSV writer: quoting, separators,
 * formula neutralisation, numbers, buffering, and a round trip through
 * libcsv's own parser at every chunk split of the output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <csv.h>

#include "csvout.h"

struct mem {
	char *buf;
	size_t len;
	int fail_after;   /* refuse the n-th write (0: never) */
	int writes;
};

static int
mem_write(void *arg, const void *p, size_t n)
{
	struct mem *m = arg;

	if (m->fail_after && ++m->writes >= m->fail_after)
		return -1;
	m->buf = realloc(m->buf, m->len + n + 1);
	memcpy(m->buf + m->len, p, n);
	m->len += n;
	m->buf[m->len] = '\0';
	return 0;
}

/* One row of text cells, written with separator sep. */
static char *
row(char sep, const char *const *cells, size_t n)
{
	struct mem m = { 0 };
	struct export_sink sink = { mem_write, &m };
	struct csvout *w = malloc(sizeof(*w));

	csvout_init(w, &sink, sep, '.');
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(csvout_field(w, cells[i]), 0);
	cr_assert_eq(csvout_end_row(w), 0);
	cr_assert_eq(csvout_flush(w), 0);
	free(w);
	if (m.buf == NULL)
		m.buf = strdup("");
	return m.buf;
}

struct cell_case {
	const char *in;
	const char *out;   /* with "," as separator */
};

static const struct cell_case cells[] = {
	{ "plain", "plain" },
	{ "", "" },
	{ "Châteauroux – été", "Châteauroux – été" },
	{ "a,b", "\"a,b\"" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
	{ "two\nlines", "\"two\nlines\"" },
	{ "cr\rhere", "\"cr\rhere\"" },
	{ " padded ", "\" padded \"" },
	{ "a;b", "a;b" },
	{ "=SOMME(A1:A2)", "\"'=SOMME(A1:A2)\"" },
	{ "+33 2 48", "\"'+33 2 48\"" },
	{ "-3", "\"'-3\"" },
	{ "@tous", "\"'@tous\"" },
	{ "\tindent", "\"'\tindent\"" },
	{ "\rcr", "\"'\rcr\"" },
	{ "=\"x\",y", "\"'=\"\"x\"\",y\"" },
	{ "a=b", "a=b" },
	{ "'quoted", "'quoted" },
};

Test(csvout, text_cells_are_quoted_and_neutralised)
{
	for (size_t i = 0; i < sizeof(cells) / sizeof(cells[0]); i++) {
		const char *one[] = { cells[i].in };
		char *got = row(',', one, 1);
		char *want = malloc(strlen(cells[i].out) + 3);

		sprintf(want, "%s\r\n", cells[i].out);
		cr_expect_str_eq(got, want, "cell %zu '%s'", i, cells[i].in);
		free(want);
		free(got);
	}
}

Test(csvout, separators)
{
	const char *three[] = { "a", "b;c", "d\te" };
	char *comma = row(',', three, 3);
	char *semi = row(';', three, 3);
	char *tab = row('\t', three, 3);

	cr_expect_str_eq(comma, "a,b;c,d\te\r\n");
	cr_expect_str_eq(semi, "a;\"b;c\";d\te\r\n");
	cr_expect_str_eq(tab, "a\tb;c\t\"d\te\"\r\n");
	free(comma);
	free(semi);
	free(tab);
}

Test(csvout, numbers_use_the_decimal_mark_and_are_not_neutralised)
{
	struct mem m = { 0 };
	struct export_sink sink = { mem_write, &m };
	struct csvout *w = malloc(sizeof(*w));

	csvout_init(w, &sink, ',', ',');
	csvout_int(w, -3);
	csvout_double(w, 3.5, 2);
	csvout_double(w, 4.0, 2);
	csvout_double(w, 2.0 / 3.0, 2);
	csvout_double(w, -0.0001, 2);
	csvout_number_text(w, "-2.25");
	csvout_number_text(w, "=1+1");
	csvout_number_text(w, "12");
	csvout_end_row(w);
	csvout_flush(w);
	cr_expect_str_eq(m.buf, "-3,\"3,5\",4,\"0,67\",0,\"-2,25\","
	    "\"'=1+1\",12\r\n");
	free(m.buf);
	memset(&m, 0, sizeof(m));
	csvout_init(w, &sink, ';', '.');
	csvout_double(w, 66.666, 1);
	csvout_double(w, 50, 1);
	csvout_end_row(w);
	csvout_flush(w);
	cr_expect_str_eq(m.buf, "66.7;50\r\n");
	free(m.buf);
	free(w);
}

Test(csvout, bom)
{
	struct mem m = { 0 };
	struct export_sink sink = { mem_write, &m };
	struct csvout *w = malloc(sizeof(*w));

	csvout_init(w, &sink, ';', ',');
	csvout_bom(w);
	csvout_field(w, "x");
	csvout_end_row(w);
	csvout_flush(w);
	cr_expect_str_eq(m.buf, "\xef\xbb\xbfx\r\n");
	free(m.buf);
	free(w);
}

Test(csvout, a_failing_sink_stops_the_writer)
{
	struct mem m = { 0 };
	struct export_sink sink = { mem_write, &m };
	struct csvout *w = malloc(sizeof(*w));
	char big[1000];
	int rc = 0;

	m.fail_after = 2;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	csvout_init(w, &sink, ',', '.');
	for (int i = 0; i < 200 && rc == 0; i++)
		rc = csvout_field(w, big);
	cr_expect_eq(rc, -1);
	cr_expect(w->failed);
	cr_expect_eq(csvout_end_row(w), -1);
	cr_expect_eq(csvout_flush(w), -1);
	free(m.buf);
	free(w);
}

/* ---- round trip through libcsv's parser ------------------------------ */

struct parsed {
	char *fields[64];
	size_t n;
	size_t rows;
};

static void
on_field(void *s, size_t len, void *arg)
{
	struct parsed *p = arg;

	cr_assert_lt(p->n, 64);
	p->fields[p->n] = malloc(len + 1);
	memcpy(p->fields[p->n], s, len);
	p->fields[p->n][len] = '\0';
	p->n++;
}

static void
on_row(int c, void *arg)
{
	struct parsed *p = arg;

	(void)c;
	p->rows++;
}

static const char *const tricky[] = {
	"plain", "", "a,b", "semi;colon", "tab\there", "say \"hi\"",
	"two\nlines", "crlf\r\ninside", " padded ", "Çà et là – 日本語",
	"=SOMME(A1)", "+1", "-1", "@x", "\tt", "\rr", "\"", "\"\"", ",", "'",
	"trailing,", "x\"", "long long long long long long long long long",
};

/* What a cell reads back as: neutralised cells gain a leading quote. */
static const char *
expected(const char *in, char *buf, size_t len)
{
	if (csvout_is_formula(in, strlen(in)))
		snprintf(buf, len, "'%s", in);
	else
		snprintf(buf, len, "%s", in);
	return buf;
}

static void
round_trip(char sep)
{
	size_t n = sizeof(tricky) / sizeof(tricky[0]);
	char *out = row(sep, tricky, n);
	size_t len = strlen(out);

	/* Parse at every split of the output in two chunks. */
	for (size_t split = 0; split <= len; split++) {
		struct csv_parser parser;
		struct parsed p = { { 0 }, 0, 0 };
		char want[128];

		cr_assert_eq(csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI |
		    CSV_APPEND_NULL), 0);
		csv_set_delim(&parser, (unsigned char)sep);
		cr_assert_eq(csv_parse(&parser, out, split, on_field, on_row, &p),
		    split, "split %zu: %s", split,
		    csv_strerror(csv_error(&parser)));
		cr_assert_eq(csv_parse(&parser, out + split, len - split, on_field,
		    on_row, &p), len - split);
		cr_assert_eq(csv_fini(&parser, on_field, on_row, &p), 0);
		csv_free(&parser);
		cr_assert_eq(p.rows, 1);
		cr_assert_eq(p.n, n, "split %zu: %zu fields", split, p.n);
		for (size_t i = 0; i < n; i++) {
			cr_expect_str_eq(p.fields[i], expected(tricky[i], want,
			    sizeof(want)), "sep '%c' split %zu field %zu", sep, split,
			    i);
			free(p.fields[i]);
		}
	}
	free(out);
}

Test(csvout, round_trip_through_libcsv_comma)
{
	round_trip(',');
}

Test(csvout, round_trip_through_libcsv_semicolon)
{
	round_trip(';');
}

Test(csvout, round_trip_through_libcsv_tab)
{
	round_trip('\t');
}

Test(csvout, fields_larger_than_the_buffer)
{
	size_t big = CSVOUT_BUFSIZE * 2 + 17;
	char *s = malloc(big + 1);
	struct mem m = { 0 };
	struct export_sink sink = { mem_write, &m };
	struct csvout *w = malloc(sizeof(*w));

	for (size_t i = 0; i < big; i++)
		s[i] = (i % 100 == 0) ? '"' : 'a';
	s[big] = '\0';
	csvout_init(w, &sink, ',', '.');
	cr_assert_eq(csvout_field(w, s), 0);
	cr_assert_eq(csvout_end_row(w), 0);
	cr_assert_eq(csvout_flush(w), 0);
	/* Quoted: opening and closing quotes, doubled inner quotes, CRLF. */
	cr_expect_eq(m.len, big + (big + 99) / 100 + 2 + 2);
	free(m.buf);
	free(s);
	free(w);
}

/*
 * 2026-11-29: needs_quotes now skips eight bytes at a time; a character
 * that forces quotes must be seen at every offset of a long cell, with
 * each separator, and neighbours of those characters must not.
 */
Test(csvout, quotes_needed_at_every_offset)
{
	static const char seps[] = { ',', ';', '\t' };
	static const char specials[] = { '"', '\r', '\n', ',', ';', '\t' };

	for (size_t si = 0; si < sizeof(seps); si++) {
		for (size_t len = 2; len <= 40; len++) {
			for (size_t at = 1; at + 1 < len; at++) {
				for (size_t ci = 0; ci < sizeof(specials); ci++) {
					char cell[64];
					const char *cells1[1] = { cell };
					char *out;
					int quoted, expect;

					memset(cell, 'a', len);
					cell[len] = '\0';
					cell[at] = specials[ci];
					expect = specials[ci] == '"' ||
					    specials[ci] == '\r' ||
					    specials[ci] == '\n' ||
					    specials[ci] == seps[si];
					out = row(seps[si], cells1, 1);
					quoted = out[0] == '"';
					cr_assert_eq(quoted, expect, "sep %d, char %d "
					    "at %zu of %zu: %s", seps[si], specials[ci],
					    at, len, out);
					free(out);
				}
			}
		}
	}
}

Test(csvout, no_quotes_for_near_neighbours)
{
	/* '-', '+', ':' and UTF-8 bytes sit next to the special ranges. */
	const char *cells1[1] = { "a-b+c:d<e\xc3\xa9\xe2\x80\x99 fin-de-ligne" };
	char *out = row(',', cells1, 1);

	cr_assert_str_eq(out, "a-b+c:d<e\xc3\xa9\xe2\x80\x99 fin-de-ligne\r\n");
	free(out);
}
