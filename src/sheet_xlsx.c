/*
 * sheet_xlsx.c - .xlsx workbooks (Office Open XML) as a book of sheets.
 *
 * Read in this order, each entry streamed through Expat (sheet_zip.h):
 *   xl/workbook.xml            the sheets' names, ids, hidden state, and
 *                              whether dates count from 1904;
 *   xl/_rels/workbook.xml.rels which entry holds each sheet, and where the
 *                              shared strings and styles are;
 *   sharedStrings              the text of cells (<si>: one <t>, or rich
 *                              text as <r><t> runs, joined; phonetic
 *                              <rPh> runs left out);
 *   styles                     which cell styles are dates (a number with
 *                              a date format is a date);
 *   each sheet the model reads (survey, choices, settings, indicators, in
 *   any case): <row r="7"><c r="B7" t="s" s="3"><v>12</v></c>; cells may
 *   omit r=, and then follow the previous one.
 * Numbers are written back as the shortest text that reads the same
 * ("5", "0.1"), booleans as TRUE and FALSE, dates as YYYY-MM-DD (with the
 * time when there is one), formulas as their cached result.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sheet.h"
#include "sheet_zip.h"
#include "util.h"

#define XLSX_MAX_STRINGS 200000
#define XLSX_MAX_STYLES  10000
#define XLSX_SMALL_ENTRY (4 * 1024 * 1024)

struct wsheet {
	char *name, *rid, *entry;
	int hidden;
};

struct xlsx {
	struct sheet_zip z;
	struct sheet_book *b;
	struct diag *d;
	XML_Parser parser;
	int failed;
	/* workbook */
	struct wsheet *ws;
	size_t n_ws;
	int date1904;
	char *strings_entry, *styles_entry;
	/* shared strings */
	char **strings;
	size_t n_strings, strings_alloc;
	int in_si, in_rph, in_t;
	/* styles: per cell style (xf), whether it is a date */
	unsigned char *xf_date;
	size_t n_xf;
	int in_cellxfs;
	int *date_fmts;   /* custom number formats that are dates */
	size_t n_date_fmts;
	/* a sheet */
	struct sheet *sh;
	int row, col;     /* the current row, the last cell's column */
	int in_v, in_is, cell_t;   /* cell_t: 's', 'b', 'n', 'i' (inline), 'e' */
	int cell_style, cell_row, cell_col;
	struct sheet_text text;
};

static void
xlsx_fail(struct xlsx *x)
{
	x->failed = 1;
	if (x->parser != NULL)
		XML_StopParser(x->parser, XML_FALSE);
}

/* ---------------------------------------------------------- workbook */

static void XMLCALL
wb_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = arg;
	const char *l = sheet_xml_local(name), *v;
	struct wsheet *w;

	if (strcmp(l, "workbookPr") == 0) {
		v = sheet_xml_attr(atts, "date1904");
		x->date1904 = v != NULL && (strcmp(v, "1") == 0 ||
		    strcmp(v, "true") == 0);
		return;
	}
	if (strcmp(l, "sheet") != 0)
		return;
	if (x->n_ws >= SHEET_MAX_SHEETS) {
		diag_add(x->d, DIAG_ERROR, x->b->file, 0, 0, _("classeur "
		    "refusé : plus de %d feuilles"), SHEET_MAX_SHEETS);
		xlsx_fail(x);
		return;
	}
	x->ws = xrealloc(x->ws, (x->n_ws + 1) * sizeof(*x->ws));
	w = &x->ws[x->n_ws++];
	memset(w, 0, sizeof(*w));
	v = sheet_xml_attr(atts, "name");
	w->name = xstrdup(v != NULL ? v : "");
	v = sheet_xml_attr(atts, "id");
	w->rid = xstrdup(v != NULL ? v : "");
	v = sheet_xml_attr(atts, "state");
	w->hidden = v != NULL && strcmp(v, "visible") != 0;
}

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/..." absolute. */
static char *
rel_target(const char *t)
{
	if (t[0] == '/')
		return xstrdup(t + 1);
	return xasprintf("xl/%s", t);
}

static int
ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), e = strlen(end);

	return n >= e && strcmp(s + n - e, end) == 0;
}

static void XMLCALL
rels_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = arg;
	const char *id, *type, *target;
	size_t i;

	if (strcmp(sheet_xml_local(name), "Relationship") != 0)
		return;
	id = sheet_xml_attr(atts, "Id");
	type = sheet_xml_attr(atts, "Type");
	target = sheet_xml_attr(atts, "Target");
	if (id == NULL || type == NULL || target == NULL)
		return;
	if (ends_with(type, "/sharedStrings") && x->strings_entry == NULL)
		x->strings_entry = rel_target(target);
	else if (ends_with(type, "/styles") && x->styles_entry == NULL)
		x->styles_entry = rel_target(target);
	for (i = 0; i < x->n_ws; i++)
		if (strcmp(x->ws[i].rid, id) == 0 && x->ws[i].entry == NULL)
			x->ws[i].entry = rel_target(target);
}

/* ---------------------------------------------------- shared strings */

static void XMLCALL
ss_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = arg;
	const char *l = sheet_xml_local(name);

	(void)atts;
	if (strcmp(l, "si") == 0) {
		x->in_si = 1;
		sheet_text_clear(&x->text);
	} else if (strcmp(l, "rPh") == 0) {
		x->in_rph = 1;
	} else if (strcmp(l, "t") == 0 && x->in_si && !x->in_rph) {
		x->in_t = 1;
	}
}

static void XMLCALL
ss_end(void *arg, const XML_Char *name)
{
	struct xlsx *x = arg;
	const char *l = sheet_xml_local(name);

	if (strcmp(l, "t") == 0) {
		x->in_t = 0;
	} else if (strcmp(l, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(l, "si") == 0) {
		x->in_si = 0;
		if (x->n_strings >= XLSX_MAX_STRINGS) {
			diag_add(x->d, DIAG_ERROR, x->b->file, 0, 0, _("classeur "
			    "refusé : plus de %d textes partagés"),
			    XLSX_MAX_STRINGS);
			xlsx_fail(x);
			return;
		}
		if (x->n_strings == x->strings_alloc) {
			x->strings_alloc = x->strings_alloc ?
			    2 * x->strings_alloc : 64;
			x->strings = xrealloc(x->strings, x->strings_alloc *
			    sizeof(*x->strings));
		}
		/* An over-long text is kept cut: the cell using it, if any,
		 * is reported with its place. */
		x->strings[x->n_strings++] = x->text.over ?
		    xstrdup("\x01") : xstrdup(sheet_text_get(&x->text));
	}
}

static void XMLCALL
any_text(void *arg, const XML_Char *s, int len)
{
	struct xlsx *x = arg;

	if (x->in_t || x->in_v)
		sheet_text_add(&x->text, s, (size_t)len);
}

/* ------------------------------------------------------------ styles */

/* Built-in number formats that are dates or times. */
static int
builtin_date(int id)
{
	return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) ||
	    (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* A custom format is a date when it has d or y outside quotes and []. */
static int
format_is_date(const char *f)
{
	int quoted = 0, bracket = 0;

	for (; *f != '\0'; f++) {
		if (*f == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*f == '[')
			bracket = 1;
		else if (*f == ']')
			bracket = 0;
		else if (*f == '\\' && f[1] != '\0')
			f++;
		else if (!bracket && (*f == 'd' || *f == 'D' || *f == 'y' ||
		    *f == 'Y'))
			return 1;
	}
	return 0;
}

static int
is_date_fmt(const struct xlsx *x, int id)
{
	size_t i;

	if (builtin_date(id))
		return 1;
	for (i = 0; i < x->n_date_fmts; i++)
		if (x->date_fmts[i] == id)
			return 1;
	return 0;
}

static void XMLCALL
st_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = arg;
	const char *l = sheet_xml_local(name), *id, *code;

	if (strcmp(l, "numFmt") == 0) {
		id = sheet_xml_attr(atts, "numFmtId");
		code = sheet_xml_attr(atts, "formatCode");
		if (id != NULL && code != NULL && format_is_date(code) &&
		    x->n_date_fmts < XLSX_MAX_STYLES) {
			x->date_fmts = xrealloc(x->date_fmts,
			    (x->n_date_fmts + 1) * sizeof(*x->date_fmts));
			x->date_fmts[x->n_date_fmts++] = atoi(id);
		}
	} else if (strcmp(l, "cellXfs") == 0) {
		x->in_cellxfs = 1;
	} else if (strcmp(l, "xf") == 0 && x->in_cellxfs &&
	    x->n_xf < XLSX_MAX_STYLES) {
		id = sheet_xml_attr(atts, "numFmtId");
		x->xf_date = xrealloc(x->xf_date, x->n_xf + 1);
		x->xf_date[x->n_xf++] = id != NULL && is_date_fmt(x, atoi(id));
	}
}

static void XMLCALL
st_end(void *arg, const XML_Char *name)
{
	struct xlsx *x = arg;

	if (strcmp(sheet_xml_local(name), "cellXfs") == 0)
		x->in_cellxfs = 0;
}

/* ------------------------------------------------------------ values */

/* A date serial (days since 1899-12-30, or 1904-01-01) as ISO text. */
static void
date_text(double serial, int date1904, char *out, size_t len)
{
	long days = (long)floor(serial);
	double frac = serial - (double)days;
	long secs = lround(frac * 86400.0);
	long z, era, doe, yoe, y, doy, mp, dd, m;

	if (secs >= 86400) {
		days++;
		secs -= 86400;
	}
	/* Days since 1970-01-01, then Howard Hinnant's civil_from_days. */
	z = days - (date1904 ? -24107 : 25569) + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dd = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999) {
		snprintf(out, len, "%.15g", serial);
		return;
	}
	if (secs == 0)
		snprintf(out, len, "%04d-%02d-%02d", (int)y, (int)m, (int)dd);
	else
		snprintf(out, len, "%04d-%02d-%02dT%02d:%02d:%02d", (int)y,
		    (int)m, (int)dd, (int)(secs / 3600), (int)(secs / 60 % 60),
		    (int)(secs % 60));
}

/* "B7" -> row 7, column 2; returns -1 when it is not an address. */
static int
parse_ref(const char *r, int *row, int *col)
{
	long c = 0, n = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++)
		if ((c = c * 26 + (*r - 'A' + 1)) > 100000)
			return -1;
	if (c == 0)
		return -1;
	for (; *r >= '0' && *r <= '9'; r++)
		if ((n = n * 10 + (*r - '0')) > 100000000)
			return -1;
	if (n == 0 || *r != '\0')
		return -1;
	*row = (int)n;
	*col = (int)c;
	return 0;
}

/* ------------------------------------------------------------ sheets */

static void
cell_error(struct xlsx *x, const char *msg)
{
	struct diag_where w;

	memset(&w, 0, sizeof(w));
	w.sheet = x->sh->name;
	w.sheet_no = x->sh->no;
	w.row = x->cell_row;
	w.col = x->cell_col;
	diag_add_where(x->d, DIAG_ERROR, x->b->file, &w, "%s", msg);
	xlsx_fail(x);
}

static void XMLCALL
ws_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = arg;
	const char *l = sheet_xml_local(name), *v;

	if (strcmp(l, "row") == 0) {
		v = sheet_xml_attr(atts, "r");
		x->row = v != NULL ? atoi(v) : x->row + 1;
		x->col = 0;
	} else if (strcmp(l, "c") == 0) {
		v = sheet_xml_attr(atts, "r");
		x->cell_row = x->row;
		x->cell_col = x->col + 1;
		if (v != NULL && parse_ref(v, &x->cell_row, &x->cell_col) != 0) {
			cell_error(x, _("adresse de cellule illisible"));
			return;
		}
		x->col = x->cell_col;
		v = sheet_xml_attr(atts, "t");
		x->cell_t = v == NULL ? 'n' : strcmp(v, "s") == 0 ? 's' :
		    strcmp(v, "b") == 0 ? 'b' : strcmp(v, "inlineStr") == 0 ?
		    'i' : strcmp(v, "n") == 0 ? 'n' : 'e';
		v = sheet_xml_attr(atts, "s");
		x->cell_style = v != NULL ? atoi(v) : 0;
		sheet_text_clear(&x->text);
	} else if (strcmp(l, "v") == 0) {
		x->in_v = 1;
	} else if (strcmp(l, "is") == 0) {
		x->in_is = 1;
	} else if (strcmp(l, "rPh") == 0) {
		x->in_rph = 1;
	} else if (strcmp(l, "t") == 0 && x->in_is && !x->in_rph) {
		x->in_t = 1;
	}
}

/* The text of the cell that just ended. */
static const char *
cell_value(struct xlsx *x, char *tmp, size_t len)
{
	const char *v = sheet_text_get(&x->text);
	long i;

	switch (x->cell_t) {
	case 's':
		i = strtol(v, NULL, 10);
		if (v[0] == '\0' || i < 0 || (size_t)i >= x->n_strings) {
			cell_error(x, _("texte partagé introuvable : "
			    "enregistrez le classeur de nouveau"));
			return NULL;
		}
		return x->strings[i];
	case 'b':
		return strcmp(v, "1") == 0 ? "TRUE" : v[0] ? "FALSE" : "";
	case 'n':
		if (v[0] == '\0')
			return "";
		if (x->cell_style >= 0 && (size_t)x->cell_style < x->n_xf &&
		    x->xf_date[x->cell_style] && strtod(v, NULL) >= 1)
			date_text(strtod(v, NULL), x->date1904, tmp, len);
		else
			sheet_number_text(v, tmp, len);
		return tmp;
	default:
		return v;
	}
}

static void XMLCALL
ws_end(void *arg, const XML_Char *name)
{
	struct xlsx *x = arg;
	const char *l = sheet_xml_local(name), *v;
	char tmp[128];

	if (strcmp(l, "v") == 0) {
		x->in_v = 0;
	} else if (strcmp(l, "t") == 0) {
		x->in_t = 0;
	} else if (strcmp(l, "rPh") == 0) {
		x->in_rph = 0;
	} else if (strcmp(l, "is") == 0) {
		x->in_is = 0;
	} else if (strcmp(l, "c") == 0 && !x->failed) {
		if (x->text.over || ((v = cell_value(x, tmp, sizeof(tmp))) !=
		    NULL && strcmp(v, "\x01") == 0)) {
			cell_error(x, _("cellule trop longue : gardez les "
			    "libellés courts"));
			return;
		}
		if (v != NULL && sheet_put(x->b, x->sh, x->cell_row,
		    x->cell_col, v, strlen(v), x->d) != 0)
			xlsx_fail(x);
	}
}

/* ------------------------------------------------------------ public */

/* Whether the model reads a sheet of this name. */
static int
wanted(const char *name)
{
	static const char *const names[] = { "survey", "choices", "settings",
	    "indicators" };
	char norm[32];
	size_t i;

	sheet_norm_name(name, norm, sizeof(norm));
	for (i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strcmp(norm, names[i]) == 0)
			return 1;
	return 0;
}

static int
parse(struct xlsx *x, const char *entry, const char *what,
    XML_StartElementHandler start, XML_EndElementHandler end)
{
	struct sheet_xml sx = { start, end, any_text, x, &x->parser,
	    &x->failed };

	return sheet_zip_parse(&x->z, entry, what, &sx);
}

static int
read_sheets(struct xlsx *x)
{
	char what[160];
	size_t i;

	for (i = 0; i < x->n_ws; i++) {
		struct wsheet *w = &x->ws[i];

		x->sh = sheet_add(x->b, w->name, strlen(w->name));
		x->sh->hidden = w->hidden;
		x->sh->at.srow = 1;
		x->sh->at.scol = 1;
		if (!wanted(w->name))
			continue;
		snprintf(what, sizeof(what), _("la feuille « %s »"), w->name);
		if (w->entry == NULL) {
			diag_add(x->d, DIAG_ERROR, x->b->file, 0, 0, _("classeur "
			    "illisible : %s n'a pas de contenu"), what);
			return -1;
		}
		x->row = 0;
		if (parse(x, w->entry, what, ws_start, ws_end) != 0)
			return -1;
	}
	return 0;
}

static void
xlsx_release(struct xlsx *x)
{
	size_t i;

	for (i = 0; i < x->n_ws; i++) {
		free(x->ws[i].name);
		free(x->ws[i].rid);
		free(x->ws[i].entry);
	}
	free(x->ws);
	for (i = 0; i < x->n_strings; i++)
		free(x->strings[i]);
	free(x->strings);
	free(x->strings_entry);
	free(x->styles_entry);
	free(x->xf_date);
	free(x->date_fmts);
	sheet_text_release(&x->text);
	sheet_zip_close(&x->z);
}

int
sheet_xlsx_read(struct sheet_book *b, struct sheet_zip *z, struct diag *d)
{
	struct xlsx x;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	x.z = *z;
	x.b = b;
	x.d = d;
	b->source = SHEET_XLSX;
	if (parse(&x, "xl/workbook.xml", _("la liste des feuilles"), wb_start,
	    NULL) != 0)
		goto done;
	if (sheet_zip_has(&x.z, "xl/_rels/workbook.xml.rels") &&
	    parse(&x, "xl/_rels/workbook.xml.rels", _("la liste des "
	    "parties"), rels_start, NULL) != 0)
		goto done;
	if (x.strings_entry == NULL && sheet_zip_has(&x.z,
	    "xl/sharedStrings.xml"))
		x.strings_entry = xstrdup("xl/sharedStrings.xml");
	if (x.strings_entry != NULL && parse(&x, x.strings_entry,
	    _("les textes partagés"), ss_start, ss_end) != 0)
		goto done;
	if (x.styles_entry == NULL && sheet_zip_has(&x.z, "xl/styles.xml"))
		x.styles_entry = xstrdup("xl/styles.xml");
	if (x.styles_entry != NULL && parse(&x, x.styles_entry,
	    _("les styles"), st_start, st_end) != 0)
		goto done;
	rc = read_sheets(&x);
done:
	/* The archive is the caller's to close. */
	x.z.za = NULL;
	z->total = x.z.total;
	xlsx_release(&x);
	return rc;
}
