/*
 * tabout.c - the row/cell writer (see tabout.h): CSV through csvout, the
 * bookkeeping every workbook needs (position, header, widths, sheet names,
 * long tables continued on a second sheet, temporary files, the first
 * error), and the copy of a finished workbook to the sink.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "tabout_int.h"
#include "util.h"

/* ---- formats ------------------------------------------------------------ */

void
tabout_options_init(struct tabout_options *o)
{
	memset(o, 0, sizeof(*o));
	o->format = TABOUT_CSV;
	o->sep = ',';
	o->decimal = '.';
}

static const struct {
	enum tabout_format f;
	const char *name;
	const char *mime;
} formats[] = {
	{ TABOUT_CSV, "csv", "text/csv; charset=utf-8" },
	{ TABOUT_XLSX, "xlsx", "application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
	{ TABOUT_ODS, "ods", "application/vnd.oasis.opendocument.spreadsheet" },
};

int
tabout_format_parse(const char *name, enum tabout_format *out)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (name != NULL && ascii_casecmp(name, formats[i].name) == 0) {
			*out = formats[i].f;
			return 0;
		}
	return -1;
}

const char *
tabout_format_ext(enum tabout_format f)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].f == f)
			return formats[i].name;
	return "csv";
}

const char *
tabout_format_mime(enum tabout_format f)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].f == f)
			return formats[i].mime;
	return formats[0].mime;
}

/* ---- errors and temporary files ----------------------------------------- */

int
tabout_fail(struct tabout *t, const char *fmt, ...)
{
	va_list ap;

	if (!t->failed) {
		va_start(ap, fmt);
		vsnprintf(t->err, sizeof(t->err), fmt, ap);
		va_end(ap);
		t->failed = 1;
	}
	return -1;
}

const char *
tabout_error(const struct tabout *t)
{
	return t->err;
}

FILE *
tabout_tmpfile(struct tabout *t, const char *suffix, const char **path)
{
	char *p;
	int fd;
	FILE *fp;

	if (t->n_tmp >= sizeof(t->tmp_paths) / sizeof(t->tmp_paths[0])) {
		tabout_fail(t, _("trop de fichiers temporaires"));
		return NULL;
	}
	p = xasprintf("%s/recueil-XXXXXX%s", t->tmpdir, suffix);
	if ((fd = mkstemps(p, (int)strlen(suffix))) < 0) {
		tabout_fail(t, _("impossible de créer un fichier temporaire "
		    "dans '%s' : %s"), t->tmpdir, strerror(errno));
		free(p);
		return NULL;
	}
	t->tmp_paths[t->n_tmp++] = p;
	if ((fp = fdopen(fd, "w+")) == NULL) {
		close(fd);
		tabout_fail(t, _("impossible d'ouvrir '%s' : %s"), p,
		    strerror(errno));
		return NULL;
	}
	*path = p;
	return fp;
}

const char *
tabout_tmppath(struct tabout *t, const char *suffix)
{
	const char *path = NULL;
	FILE *fp = tabout_tmpfile(t, suffix, &path);

	if (fp == NULL)
		return NULL;
	fclose(fp);
	return path;
}

/* ---- life cycle ---------------------------------------------------------- */

struct tabout *
tabout_new(const struct tabout_options *o, const struct export_sink *sink)
{
	struct tabout *t = xcalloc(1, sizeof(*t));
	const char *dir = o->tmpdir;

	t->format = o->format;
	t->sink = sink;
	t->max_rows = TABOUT_MAX_ROWS;
	if (dir == NULL || *dir == '\0')
		dir = getenv("TMPDIR");
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	if (strlen(dir) >= sizeof(t->tmpdir)) {
		tabout_fail(t, _("dossier temporaire trop long : '%s'"), dir);
		return t;
	}
	snprintf(t->tmpdir, sizeof(t->tmpdir), "%s", dir);
	switch (o->format) {
	case TABOUT_CSV:
		t->csv = xmalloc(sizeof(*t->csv));
		csvout_init(t->csv, sink, o->sep, o->decimal);
		t->csv->raw = o->raw;
		if (o->bom)
			csvout_bom(t->csv);
		break;
	case TABOUT_XLSX:
		t->ops = &tabout_xlsx_ops;
		tabout_xlsx_start(t);
		break;
	case TABOUT_ODS:
		t->ops = &tabout_ods_ops;
		tabout_ods_start(t);
		break;
	}
	return t;
}

static void
header_release(struct tabout *t)
{
	for (size_t i = 0; i < t->n_header; i++)
		free(t->header[i]);
	free(t->header);
	t->header = NULL;
	t->n_header = 0;
}

void
tabout_free(struct tabout *t)
{
	if (t == NULL)
		return;
	if (t->ops != NULL && t->be != NULL)
		t->ops->release(t);
	for (size_t i = 0; i < t->n_tmp; i++) {
		unlink(t->tmp_paths[i]);
		free(t->tmp_paths[i]);
	}
	free(t->csv);
	free(t->widths);
	header_release(t);
	free(t);
}

/* ---- sheets -------------------------------------------------------------- */

/*
 * A valid sheet name: characters Excel refuses ([]:*?/\) replaced by
 * "_", no apostrophe at either end, at most `max` characters (UTF-8 kept
 * whole), never empty.
 */
static void
sheet_name(const char *in, size_t max, char *out, size_t outlen)
{
	size_t len = 0, chars = 0;

	for (const char *p = in; *p != '\0' && len + 5 < outlen; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c & 0xc0) != 0x80 && chars++ == max)
			break;
		if (strchr("[]:*?/\\", c) != NULL || c < 0x20)
			c = '_';
		out[len++] = (char)c;
	}
	out[len] = '\0';
	if (out[0] == '\'')
		out[0] = '_';
	if (len > 0 && out[len - 1] == '\'')
		out[len - 1] = '_';
	if (len == 0)
		snprintf(out, outlen, _("Feuille"));
}

static int
end_sheet(struct tabout *t)
{
	int rc = 0;

	if (!t->in_sheet)
		return 0;
	if (t->col > 0)
		rc = tabout_end_row(t);
	if (rc == 0 && !t->failed)
		rc = t->ops->end_sheet(t);
	t->in_sheet = 0;
	return t->failed ? -1 : rc;
}

static int
open_sheet(struct tabout *t, const char *name)
{
	char valid[160];

	if (t->part > 1) {
		char base[160], *full;

		sheet_name(name, 31 - 5, base, sizeof(base));
		full = xasprintf("%s (%u)", base, t->part);
		sheet_name(full, 31, valid, sizeof(valid));
		free(full);
	} else
		sheet_name(name, 31, valid, sizeof(valid));
	t->n_sheets++;
	t->in_sheet = 1;
	t->row = 0;
	t->col = 0;
	t->ncols = 0;
	if (t->widths != NULL)
		memset(t->widths, 0, t->widths_cap);
	return t->ops->sheet(t, valid);
}

int
tabout_sheet(struct tabout *t, const char *name)
{
	if (t->failed)
		return -1;
	if (t->csv != NULL) {
		if (t->n_sheets++ > 0)
			return tabout_fail(t, _("un fichier CSV ne contient "
			    "qu'un tableau : choisissez le format xlsx ou ods"));
		t->in_sheet = 1;
		return 0;
	}
	if (end_sheet(t) < 0)
		return -1;
	header_release(t);
	snprintf(t->sheet_name, sizeof(t->sheet_name), "%s", name);
	t->part = 1;
	return open_sheet(t, name);
}

/* A table longer than a sheet goes on: the next part repeats the header. */
static int
continue_sheet(struct tabout *t)
{
	if (end_sheet(t) < 0)
		return -1;
	t->part++;
	if (open_sheet(t, t->sheet_name) < 0)
		return -1;
	for (size_t i = 0; i < t->n_header; i++) {
		const char *h = t->header[i];

		if (t->ops->text(t, h, strlen(h)) < 0)
			return -1;
		t->col++;
	}
	if (t->col > t->ncols)
		t->ncols = t->col;
	t->col = 0;
	if (t->ops->end_row(t) < 0)
		return -1;
	t->row++;
	return 0;
}

/* Before each workbook cell: a sheet, room in the row and the sheet. */
static int
cell_begin(struct tabout *t)
{
	if (t->failed)
		return -1;
	if (!t->in_sheet && tabout_sheet(t, "Feuille1") < 0)
		return -1;
	if (t->col == 0 && t->row >= t->max_rows &&
	    continue_sheet(t) < 0)
		return -1;
	if (t->col >= TABOUT_MAX_COLS)
		return tabout_fail(t, _("plus de %u colonnes : un tableur ne "
		    "les affiche pas"), TABOUT_MAX_COLS);
	return 0;
}

/* After a cell `chars` characters wide. */
static int
cell_end(struct tabout *t, size_t chars, int rc)
{
	if (rc < 0)
		return tabout_fail(t, "%s", t->err[0] ? t->err :
		    _("écriture du classeur impossible"));
	/* The header's texts, for the continuation of a long table. */
	if (t->row == 0 && t->part == 1 && t->n_header == t->col) {
		t->header = xrealloc(t->header, (t->n_header + 1) *
		    sizeof(*t->header));
		t->header[t->n_header++] = xstrdup("");
	}
	if (t->col >= t->widths_cap) {
		size_t cap = t->widths_cap ? 2 * t->widths_cap : 64;

		while (cap <= t->col)
			cap *= 2;
		t->widths = xrealloc(t->widths, cap);
		memset(t->widths + t->widths_cap, 0, cap - t->widths_cap);
		t->widths_cap = cap;
	}
	if (chars > TABOUT_MAX_WIDTH)
		chars = TABOUT_MAX_WIDTH;
	if (chars > t->widths[t->col])
		t->widths[t->col] = (unsigned char)chars;
	t->col++;
	if (t->col > t->ncols)
		t->ncols = t->col;
	return 0;
}

/* ---- cells --------------------------------------------------------------- */

/* The result of a csvout call: a failed sink is the writer's failure. */
static int
csv_rc(struct tabout *t, int rc)
{
	if (rc < 0)
		return tabout_fail(t, _("écriture de l'export impossible"));
	return 0;
}

/* Characters of s[0..len), counted up to `cap`. */
static size_t
chars_upto(const char *s, size_t len, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n <= cap; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* The longest line of s[0..len) in characters, counted up to `cap`. */
static size_t
line_chars(const char *s, size_t len, size_t cap)
{
	size_t best = 0;

	while (len > 0) {
		const char *nl = memchr(s, '\n', len);
		size_t k = nl != NULL ? (size_t)(nl - s) : len;
		size_t n = chars_upto(s, k, cap);

		if (n > best)
			best = n;
		if (nl == NULL || best > cap)
			break;
		s += k + 1;
		len -= k + 1;
	}
	return best;
}

int
tabout_textn(struct tabout *t, const char *s, size_t len)
{
	size_t w = 0;

	if (t->csv != NULL)
		return t->failed ? -1 : csv_rc(t, csvout_fieldn(t->csv, s, len));
	if (s == NULL || len == 0)
		return tabout_empty(t);
	if (cell_begin(t) < 0)
		return -1;
	/* Widths only grow: a short cell needs no counting. */
	if (t->col >= t->widths_cap || len > t->widths[t->col])
		w = line_chars(s, len, TABOUT_MAX_WIDTH);
	if (t->row == 0 && t->part == 1) {
		t->header = xrealloc(t->header, (t->n_header + 1) *
		    sizeof(*t->header));
		t->header[t->n_header++] = xstrndup(s, len);
	}
	return cell_end(t, w, t->ops->text(t, s, len));
}

int
tabout_text(struct tabout *t, const char *s)
{
	return tabout_textn(t, s, s != NULL ? strlen(s) : 0);
}

int
tabout_empty(struct tabout *t)
{
	if (t->csv != NULL)
		return t->failed ? -1 : csv_rc(t, csvout_field(t->csv, NULL));
	if (cell_begin(t) < 0)
		return -1;
	return cell_end(t, 0, t->ops->empty(t));
}

int
tabout_int(struct tabout *t, int64_t v)
{
	char repr[32];

	if (t->csv != NULL)
		return t->failed ? -1 : csv_rc(t, csvout_int(t->csv, v));
	if (cell_begin(t) < 0)
		return -1;
	snprintf(repr, sizeof(repr), "%lld", (long long)v);
	/* Spreadsheets hold numbers as doubles: beyond 2^53 (response ids,
	 * store.h) an integer would come back rounded, so it is text. */
	if (v > TABOUT_EXACT_INT || v < -TABOUT_EXACT_INT)
		return cell_end(t, strlen(repr), t->ops->text(t, repr,
		    strlen(repr)));
	return cell_end(t, strlen(repr), t->ops->number(t, (double)v, repr));
}

/* v with at most prec decimals, trailing zeros dropped, as csvout does. */
static void
decimal_repr(double v, int prec, char *buf, size_t len)
{
	char *dot;

	if (prec < 0)
		prec = 0;
	if (prec > 12)
		prec = 12;
	snprintf(buf, len, "%.*f", prec, v);
	if ((dot = strchr(buf, '.')) != NULL) {
		char *end = buf + strlen(buf);

		while (end > dot + 1 && end[-1] == '0')
			*--end = '\0';
		if (end == dot + 1)
			*dot = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, len, "0");
}

int
tabout_decimal(struct tabout *t, double v, int prec)
{
	char repr[64];

	if (t->csv != NULL)
		return t->failed ? -1 : csv_rc(t, csvout_double(t->csv, v, prec));
	if (!isfinite(v))
		return tabout_empty(t);
	if (cell_begin(t) < 0)
		return -1;
	decimal_repr(v, prec, repr, sizeof(repr));
	return cell_end(t, strlen(repr), t->ops->number(t, strtod(repr, NULL),
	    repr));
}

int
tabout_percent(struct tabout *t, double percent, int prec)
{
	char repr[64], frac[80];

	if (t->csv != NULL)
		return t->failed ? -1 : csv_rc(t, csvout_double(t->csv, percent, prec));
	if (!isfinite(percent))
		return tabout_empty(t);
	if (cell_begin(t) < 0)
		return -1;
	if (prec < 0)
		prec = 0;
	if (prec > 10)
		prec = 10;
	/* Rounded as in the CSV, then divided exactly in decimal: 44.4 is
	 * "0.444", never 0.44400000000000001. */
	decimal_repr(percent, prec, repr, sizeof(repr));
	decimal_repr(strtod(repr, NULL) / 100.0, prec + 2, frac, sizeof(frac));
	return cell_end(t, strlen(repr) + 2, t->ops->percent(t,
	    strtod(frac, NULL), frac, prec));
}

/* Digits s[0..n) as a number, -1 when one is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * Parse "YYYY-MM-DD", optionally followed by "THH:MM[:SS]" and an offset
 * ("Z", "+01:00"), which is dropped.  Returns 0, or -1 when s is not one.
 */
static int
parse_when(const char *s, struct tabout_when *w)
{
	char ymd[11];
	const char *p;

	memset(w, 0, sizeof(*w));
	if (strlen(s) < 10)
		return -1;
	memcpy(ymd, s, 10);
	ymd[10] = '\0';
	if (!date_valid(ymd))
		return -1;
	w->year = digits(s, 4);
	w->month = digits(s + 5, 2);
	w->day = digits(s + 8, 2);
	p = s + 10;
	if (*p == '\0')
		return 0;
	if (*p != 'T' && *p != ' ')
		return -1;
	if ((w->hour = digits(p + 1, 2)) < 0 || p[3] != ':' ||
	    (w->min = digits(p + 4, 2)) < 0 || w->hour > 23 || w->min > 59)
		return -1;
	p += 6;
	if (*p == ':') {
		if ((w->sec = digits(p + 1, 2)) < 0 || w->sec > 59)
			return -1;
		p += 3;
	}
	w->has_time = 1;
	if (*p == '\0' || strcmp(p, "Z") == 0)
		return 0;
	if ((*p == '+' || *p == '-') && digits(p + 1, 2) >= 0 && p[3] == ':' &&
	    digits(p + 4, 2) >= 0 && p[6] == '\0')
		return 0;
	return -1;
}

static int
when_cell(struct tabout *t, const char *s, int with_time)
{
	struct tabout_when w;

	if (t->csv != NULL)
		return t->failed ? -1 : csv_rc(t, csvout_field(t->csv, s));
	if (s == NULL || *s == '\0')
		return tabout_empty(t);
	if (parse_when(s, &w) < 0 || (w.has_time && !with_time))
		return tabout_text(t, s);
	if (cell_begin(t) < 0)
		return -1;
	return cell_end(t, w.has_time ? 16 : 10, t->ops->date(t, &w));
}

int
tabout_date(struct tabout *t, const char *ymd)
{
	return when_cell(t, ymd, 0);
}

int
tabout_datetime(struct tabout *t, const char *iso)
{
	return when_cell(t, iso, 1);
}

int
tabout_number_text(struct tabout *t, const char *s)
{
	if (t->csv != NULL)
		return t->failed ? -1 : csv_rc(t, csvout_number_text(t->csv, s));
	if (s == NULL || !csvout_plain_number(s))
		return tabout_text(t, s);
	if (cell_begin(t) < 0)
		return -1;
	return cell_end(t, strlen(s), t->ops->number(t, strtod(s, NULL), s));
}

int
tabout_end_row(struct tabout *t)
{
	if (t->csv != NULL)
		return t->failed ? -1 : csv_rc(t, csvout_end_row(t->csv));
	if (t->failed)
		return -1;
	if (!t->in_sheet && tabout_sheet(t, "Feuille1") < 0)
		return -1;
	if (t->col == 0 && t->row >= t->max_rows && continue_sheet(t) < 0)
		return -1;
	if (t->ops->end_row(t) < 0)
		return tabout_fail(t, _("écriture du classeur impossible"));
	t->row++;
	t->col = 0;
	return 0;
}

uint32_t
tabout_row(const struct tabout *t)
{
	return t->row;
}

int
tabout_chart(struct tabout *t, const struct tabout_chart *c)
{
	if (t->failed)
		return -1;
	if (t->csv != NULL || !t->in_sheet || t->part > 1 ||
	    c->last_row < c->first_row || c->last_row >= t->row ||
	    c->title_row >= t->row || t->n_charts >= 1000)
		return 0;
	t->n_charts++;
	if (t->ops->chart(t, c) < 0)
		return tabout_fail(t, "%s", t->err[0] ? t->err :
		    _("écriture du classeur impossible"));
	return 0;
}

/* ---- finishing ------------------------------------------------------------ */

/* Copy the finished file to the sink, a block at a time. */
static int
copy_out(struct tabout *t)
{
	char *buf = xmalloc(65536);
	FILE *fp = fopen(t->out_path, "rb");
	size_t n;
	int rc = -1;

	if (fp == NULL) {
		tabout_fail(t, _("impossible de relire '%s' : %s"), t->out_path,
		    strerror(errno));
		goto done;
	}
	while ((n = fread(buf, 1, 65536, fp)) > 0)
		if (t->sink->write(t->sink->arg, buf, n) < 0) {
			tabout_fail(t, _("écriture de l'export impossible"));
			goto done;
		}
	if (ferror(fp)) {
		tabout_fail(t, _("impossible de relire '%s' : %s"), t->out_path,
		    strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (fp != NULL)
		fclose(fp);
	free(buf);
	return rc;
}

int
tabout_finish(struct tabout *t)
{
	if (t->failed)
		return -1;
	if (t->csv != NULL) {
		if (csvout_flush(t->csv) < 0)
			return tabout_fail(t, _("écriture de l'export impossible"));
		return 0;
	}
	if (t->n_sheets == 0 && tabout_sheet(t, "Feuille1") < 0)
		return -1;
	if (end_sheet(t) < 0)
		return -1;
	if (t->ops->finish(t) < 0)
		return tabout_fail(t, _("écriture du classeur impossible"));
	return copy_out(t);
}
