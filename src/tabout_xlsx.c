/*
 * tabout_xlsx.c - the .xlsx backend of the row/cell writer (see tabout.h),
 * with libxlsxwriter.
 *
 * The workbook is opened in constant-memory mode: libxlsxwriter keeps one
 * row in memory and writes each finished row to a temporary file in our
 * tmpdir, which is why rows are written strictly in order here.  Strings
 * are then inline strings: there is no shared-string table to grow.
 * worksheet_write_string() always writes a text cell, never a formula, so
 * nothing is neutralised.  Every lxw_error is checked, and workbook_close(),
 * which assembles the zip, is checked too.
 */
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "i18n.h"
#include "tabout_int.h"
#include "util.h"

/* Chart placement, in rows of the default height (20 px). */
#define CHART_ROWS 16

struct xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *date, *datetime, *pct[4];
	char *name;            /* of the current sheet */
	char *buf;             /* a NUL-terminated copy of a cell's text */
	size_t cap;
	uint32_t chart_row;    /* first row free for the next chart */
};

static int
lxw_fail(struct tabout *t, const char *what, lxw_error e)
{
	return tabout_fail(t, _("classeur .xlsx : %s : %s"), what,
	    lxw_strerror(e));
}

int
tabout_xlsx_start(struct tabout *t)
{
	struct xlsx *x = xcalloc(1, sizeof(*x));
	lxw_workbook_options opts;
	lxw_doc_properties props;
	static const char *const pct[] = { "0%", "0.0%", "0.00%", "0.000%" };
	lxw_error e;

	t->be = x;
	if ((t->out_path = tabout_tmppath(t, ".xlsx")) == NULL)
		return -1;
	memset(&opts, 0, sizeof(opts));
	opts.constant_memory = LXW_TRUE;
	opts.tmpdir = t->tmpdir;
	if ((x->wb = workbook_new_opt(t->out_path, &opts)) == NULL)
		return tabout_fail(t, _("classeur .xlsx : impossible de le "
		    "créer dans '%s'"), t->tmpdir);
	/*
	 * A fixed creation time (1980-01-01, the first date a zip can hold)
	 * instead of now: the same export gives the same bytes, and the file
	 * says nothing about when it was made.
	 */
	memset(&props, 0, sizeof(props));
	props.created = 315532800;
	if ((e = workbook_set_properties(x->wb, &props)) != LXW_NO_ERROR)
		return lxw_fail(t, _("propriétés"), e);
	x->bold = workbook_add_format(x->wb);
	x->date = workbook_add_format(x->wb);
	x->datetime = workbook_add_format(x->wb);
	if (x->bold == NULL || x->date == NULL || x->datetime == NULL)
		return tabout_fail(t, _("classeur .xlsx : mémoire épuisée"));
	format_set_bold(x->bold);
	format_set_num_format(x->date, "yyyy-mm-dd");
	format_set_num_format(x->datetime, "yyyy-mm-dd hh:mm");
	for (size_t i = 0; i < 4; i++) {
		if ((x->pct[i] = workbook_add_format(x->wb)) == NULL)
			return tabout_fail(t, _("classeur .xlsx : mémoire "
			    "épuisée"));
		format_set_num_format(x->pct[i], pct[i]);
	}
	return 0;
}

static int
xlsx_sheet(struct tabout *t, const char *name)
{
	struct xlsx *x = t->be;

	if (x->wb == NULL)
		return -1;
	if ((x->ws = workbook_add_worksheet(x->wb, name)) == NULL)
		return tabout_fail(t, _("classeur .xlsx : impossible d'ajouter "
		    "la feuille '%s'"), name);
	free(x->name);
	x->name = xstrdup(name);
	x->chart_row = 0;
	/* The header row stays in view while scrolling. */
	worksheet_freeze_panes(x->ws, 1, 0);
	return 0;
}

static int
xlsx_end_sheet(struct tabout *t)
{
	struct xlsx *x = t->be;
	lxw_error e;

	for (uint32_t c = 0; c < t->ncols; c++) {
		double w = c < t->widths_cap ? t->widths[c] : 0;

		if (w < TABOUT_MIN_WIDTH)
			w = TABOUT_MIN_WIDTH;
		if ((e = worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c,
		    w + 2, NULL)) != LXW_NO_ERROR)
			return lxw_fail(t, _("largeur de colonne"), e);
	}
	if (t->ncols > 0 && t->row > 0 &&
	    (e = worksheet_autofilter(x->ws, 0, 0, t->row - 1,
	    (lxw_col_t)(t->ncols - 1))) != LXW_NO_ERROR)
		return lxw_fail(t, _("filtre automatique"), e);
	return 0;
}

/* Cut s[0..len) at TABOUT_MAX_CHARS characters, on a character. */
static size_t
cut(const char *s, size_t len)
{
	size_t chars = 0;

	if (len <= TABOUT_MAX_CHARS)
		return len;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 &&
		    chars++ == TABOUT_MAX_CHARS)
			return i;
	return len;
}

/* Whether s[i..len) starts like an OOXML escape, "_x" 4 hex digits "_". */
static int
escape_like(const char *s, size_t i, size_t len)
{
	if (i + 7 > len || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_')
		return 0;
	for (size_t k = i + 2; k < i + 6; k++)
		if (strchr("0123456789abcdefABCDEF", s[k]) == NULL || s[k] == '\0')
			return 0;
	return 1;
}

/*
 * Copy s[0..len) for libxlsxwriter: NUL-terminated, line breaks as "\n"
 * ("\r\n" and "\r" too: a cell's line break is one LF, and a CR would be
 * written "_x000D_"), and a "_" that starts something like "_x0041_"
 * written "_x005F_", as OOXML asks, so that readers do not turn the text
 * into another character.  libxlsxwriter escapes the other control
 * characters itself.
 */
static const char *
xlsx_copy(struct xlsx *x, const char *s, size_t len)
{
	size_t n = 0;

	if (7 * len + 1 > x->cap) {
		x->cap = 7 * len + 1 > 256 ? 7 * len + 1 : 256;
		x->buf = xrealloc(x->buf, x->cap);
	}
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r') {
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
			x->buf[n++] = '\n';
		} else if (s[i] == '_' && escape_like(s, i, len)) {
			memcpy(x->buf + n, "_x005F", 6);
			n += 6;
			x->buf[n++] = '_';
		} else
			x->buf[n++] = s[i];
	}
	x->buf[n] = '\0';
	return x->buf;
}

static int
xlsx_text(struct tabout *t, const char *s, size_t len)
{
	struct xlsx *x = t->be;
	lxw_error e;

	e = worksheet_write_string(x->ws, t->row, (lxw_col_t)t->col,
	    xlsx_copy(x, s, cut(s, len)), t->row == 0 ? x->bold : NULL);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(t, "texte", e);
}

static int
xlsx_empty(struct tabout *t)
{
	(void)t;
	return 0;
}

static int
xlsx_number(struct tabout *t, double v, const char *repr)
{
	struct xlsx *x = t->be;
	lxw_error e;

	(void)repr;
	e = worksheet_write_number(x->ws, t->row, (lxw_col_t)t->col, v, NULL);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(t, "nombre", e);
}

static int
xlsx_percent(struct tabout *t, double fraction, const char *repr, int prec)
{
	struct xlsx *x = t->be;
	lxw_error e;

	(void)repr;
	if (prec > 3)
		prec = 3;
	e = worksheet_write_number(x->ws, t->row, (lxw_col_t)t->col, fraction,
	    x->pct[prec]);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(t, "pourcentage", e);
}

static int
xlsx_date(struct tabout *t, const struct tabout_when *w)
{
	struct xlsx *x = t->be;
	lxw_datetime dt;
	lxw_error e;

	dt.year = w->year;
	dt.month = w->month;
	dt.day = w->day;
	dt.hour = w->hour;
	dt.min = w->min;
	dt.sec = w->sec;
	e = worksheet_write_datetime(x->ws, t->row, (lxw_col_t)t->col, &dt,
	    w->has_time ? x->datetime : x->date);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(t, "date", e);
}

static int
xlsx_end_row(struct tabout *t)
{
	(void)t;
	return 0;
}

static int
xlsx_chart(struct tabout *t, const struct tabout_chart *c)
{
	struct xlsx *x = t->be;
	lxw_chart *chart;
	lxw_chart_series *series;
	lxw_chart_options opts;
	uint32_t at;
	lxw_error e;

	if ((chart = workbook_add_chart(x->wb, LXW_CHART_BAR)) == NULL ||
	    (series = chart_add_series(chart, NULL, NULL)) == NULL)
		return tabout_fail(t, _("classeur .xlsx : mémoire épuisée"));
	chart_series_set_categories(series, x->name, c->first_row, c->cat_col,
	    c->last_row, c->cat_col);
	chart_series_set_values(series, x->name, c->first_row, c->val_col,
	    c->last_row, c->val_col);
	chart_title_set_name_range(chart, x->name, c->title_row, c->title_col);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
	/* Beside the table, level with its rows, never over another chart. */
	at = c->first_row > x->chart_row ? c->first_row : x->chart_row;
	x->chart_row = at + CHART_ROWS;
	memset(&opts, 0, sizeof(opts));
	opts.x_scale = 1.0;
	opts.y_scale = 1.0;
	e = worksheet_insert_chart_opt(x->ws, at, (lxw_col_t)(t->ncols + 1),
	    chart, &opts);
	return e == LXW_NO_ERROR ? 0 : lxw_fail(t, "graphique", e);
}

static int
xlsx_finish(struct tabout *t)
{
	struct xlsx *x = t->be;
	lxw_error e;

	e = workbook_close(x->wb);
	x->wb = NULL;
	return e == LXW_NO_ERROR ? 0 : lxw_fail(t, "fermeture", e);
}

static void
xlsx_release(struct tabout *t)
{
	struct xlsx *x = t->be;

	/* A workbook never closed still owns memory and temporary files:
	 * libxlsxwriter frees both only in workbook_close(), whose output
	 * file is ours to remove. */
	if (x->wb != NULL)
		workbook_close(x->wb);
	free(x->name);
	free(x->buf);
	free(x);
	t->be = NULL;
}

const struct tabout_ops tabout_xlsx_ops = {
	xlsx_sheet, xlsx_end_sheet, xlsx_text, xlsx_empty, xlsx_number,
	xlsx_percent, xlsx_date, xlsx_end_row, xlsx_chart, xlsx_finish,
	xlsx_release,
};
