/*
 * csvout.c - the spreadsheet-safe CSV writer (see csvout.h).
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvout.h"
#include "util.h"

void
csvout_init(struct csvout *w, const struct export_sink *sink, char sep,
    char decimal)
{
	w->sink = sink;
	w->sep = sep;
	w->decimal = decimal;
	w->n_fields = 0;
	w->failed = 0;
	w->raw = 0;
	w->len = 0;
}

int
csvout_flush(struct csvout *w)
{
	if (w->failed)
		return -1;
	if (w->len > 0 && w->sink->write(w->sink->arg, w->buf, w->len) < 0) {
		w->failed = 1;
		return -1;
	}
	w->len = 0;
	return 0;
}

/* Append raw bytes, flushing the buffer as it fills. */
static int
put(struct csvout *w, const char *p, size_t n)
{
	if (w->failed)
		return -1;
	/* Most cells fit in the room left: one copy, no loop. */
	if (n < sizeof(w->buf) - w->len) {
		memcpy(w->buf + w->len, p, n);
		w->len += n;
		return 0;
	}
	while (n > 0) {
		size_t room = sizeof(w->buf) - w->len;
		size_t k = n < room ? n : room;

		memcpy(w->buf + w->len, p, k);
		w->len += k;
		p += k;
		n -= k;
		if (w->len == sizeof(w->buf) && csvout_flush(w) < 0)
			return -1;
	}
	return 0;
}

int
csvout_bom(struct csvout *w)
{
	return put(w, "\xef\xbb\xbf", 3);
}

/* The separator before every field but the first of a row. */
static int
begin_field(struct csvout *w)
{
	if (w->n_fields++ > 0) {
		if (!w->failed && w->len + 1 < sizeof(w->buf)) {
			w->buf[w->len++] = w->sep;
			return 0;
		}
		return put(w, &w->sep, 1);
	}
	return w->failed ? -1 : 0;
}

int
csvout_is_formula(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r';
}

static int
needs_quotes(const struct csvout *w, const char *s, size_t len)
{
	if (len == 0)
		return 0;
	/* Readers (libcsv among them) trim unquoted blanks. */
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
	    s[len - 1] == '\t')
		return 1;
	/*
	 * Every byte of every cell passes here: eight bytes at a time, a word
	 * holds the separator, a quote, CR or LF when one of these XORed
	 * into it leaves a zero byte ("Bit Twiddling Hacks": the has-zero
	 * test is exact), then the last bytes one by one.
	 */
	const uint64_t ones = 0x0101010101010101ULL;
	const uint64_t highs = 0x8080808080808080ULL;
	const uint64_t sep = ones * (unsigned char)w->sep, quote = ones * '"',
	    cr = ones * '\r', lf = ones * '\n';
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t x, a, b, c, d;

		memcpy(&x, s + i, 8);
		a = x ^ sep;
		b = x ^ quote;
		c = x ^ cr;
		d = x ^ lf;
		if ((((a - ones) & ~a) | ((b - ones) & ~b) | ((c - ones) & ~c) |
		    ((d - ones) & ~d)) & highs)
			return 1;
	}
	for (; i < len; i++)
		if (s[i] == w->sep || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

/* Write s[0..len) quoted by libcsv, after an optional prefix byte. */
static int
put_quoted(struct csvout *w, char prefix, const char *s, size_t len)
{
	char small[1024], *tmp = small, *src = NULL;
	const char *in = s;
	size_t in_len = len, need;
	int rc;

	if (prefix != '\0') {
		src = xmalloc(len + 1);
		src[0] = prefix;
		memcpy(src + 1, s, len);
		in = src;
		in_len = len + 1;
	}
	/* At most every byte doubled, plus the quotes: one pass of libcsv
	 * when that fits, else one to size the buffer and one to fill it. */
	if (in_len <= (sizeof(small) - 2) / 2)
		need = csv_write2(tmp, sizeof(small), in, in_len, '"');
	else {
		need = csv_write2(NULL, 0, in, in_len, '"');
		if (need > sizeof(small))
			tmp = xmalloc(need);
		csv_write2(tmp, need, in, in_len, '"');
	}
	rc = put(w, tmp, need);
	if (tmp != small)
		free(tmp);
	free(src);
	return rc;
}

int
csvout_fieldn(struct csvout *w, const char *s, size_t len)
{
	if (begin_field(w) < 0)
		return -1;
	if (s == NULL || len == 0)
		return 0;
	if (!w->raw && csvout_is_formula(s, len))
		return put_quoted(w, '\'', s, len);
	if (needs_quotes(w, s, len))
		return put_quoted(w, '\0', s, len);
	return put(w, s, len);
}

int
csvout_field(struct csvout *w, const char *s)
{
	return csvout_fieldn(w, s, s != NULL ? strlen(s) : 0);
}

/* A number we produced: never neutralised, quoted only when its decimal
 * separator is also the field separator. */
static int
put_number(struct csvout *w, char *num)
{
	size_t len = strlen(num);

	if (w->decimal != '.')
		for (char *p = num; *p != '\0'; p++)
			if (*p == '.')
				*p = w->decimal;
	if (begin_field(w) < 0)
		return -1;
	if (needs_quotes(w, num, len))
		return put_quoted(w, '\0', num, len);
	return put(w, num, len);
}

int
csvout_int(struct csvout *w, int64_t v)
{
	char num[32], *p = num + sizeof(num);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	/* By hand: snprintf showed in the profile of the responses export
	 * (an id per row, a 0/1 per choice of a select_multiple). */
	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	if (begin_field(w) < 0)
		return -1;
	return put(w, p, (size_t)(num + sizeof(num) - 1 - p));
}

int
csvout_double(struct csvout *w, double v, int prec)
{
	char num[64];
	char *dot;

	if (!isfinite(v))
		return csvout_field(w, "");
	if (prec < 0)
		prec = 0;
	if (prec > 12)
		prec = 12;
	snprintf(num, sizeof(num), "%.*f", prec, v);
	if ((dot = strchr(num, '.')) != NULL) {
		char *end = num + strlen(num);

		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
	}
	if (strcmp(num, "-0") == 0)
		strcpy(num, "0");
	return put_number(w, num);
}

int
csvout_plain_number(const char *s)
{
	size_t i = 0, digits = 0;

	if (s[i] == '-')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (digits == 0)
		return 0;
	if (s[i] == '.') {
		size_t frac = 0;

		for (i++; s[i] >= '0' && s[i] <= '9'; i++)
			frac++;
		if (frac == 0)
			return 0;
	}
	return s[i] == '\0' && i < 64;
}

int
csvout_number_text(struct csvout *w, const char *s)
{
	char num[64];

	if (s == NULL || !csvout_plain_number(s))
		return csvout_field(w, s);
	snprintf(num, sizeof(num), "%s", s);
	return put_number(w, num);
}

int
csvout_end_row(struct csvout *w)
{
	w->n_fields = 0;
	return put(w, "\r\n", 2);
}
