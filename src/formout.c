/*
 * formout.c - a loaded form written back as an XLSForm (see formout.h).
 *
 * Each sheet is first laid out as a small grid of strings (a form has
 * tens of rows, never millions), with one column per language for the
 * translatable columns, columns that no row uses left out; then the grid
 * is written as a workbook sheet or as a block of the CSV layout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "formout.h"
#include "tabout_int.h"
#include "util.h"

struct grid {
	const char *sheet;
	char **head;          /* column names */
	int *keep;            /* per column: always written, else when used */
	size_t ncols;
	char **cells;         /* nrows x ncols, NULL when empty */
	size_t nrows;
};

static void
grid_col(struct grid *g, const char *name, int keep)
{
	g->head = xrealloc(g->head, (g->ncols + 1) * sizeof(*g->head));
	g->keep = xrealloc(g->keep, (g->ncols + 1) * sizeof(*g->keep));
	g->head[g->ncols] = xstrdup(name);
	g->keep[g->ncols] = keep;
	g->ncols++;
}

/* The header of a translatable column `key` in language `i`: the bare
 * key for a form without named languages, else "key::Language". */
static char *
lang_col(const struct form *f, const char *key, size_t i)
{
	if (i == 0 && strcmp(f->langs[0], "default") == 0)
		return xstrdup(key);
	return xasprintf("%s::%s", key, f->langs[i]);
}

static void
grid_lang_cols(struct grid *g, const struct form *f, const char *key,
    int keep)
{
	for (size_t i = 0; i < f->n_langs; i++) {
		char *h = lang_col(f, key, i);

		grid_col(g, h, keep && i == 0);
		free(h);
	}
}

static void
grid_row(struct grid *g)
{
	g->cells = xrealloc(g->cells, (g->nrows + 1) * g->ncols *
	    sizeof(*g->cells));
	memset(g->cells + g->nrows * g->ncols, 0, g->ncols * sizeof(*g->cells));
	g->nrows++;
}

/* Set column `c` of the last row (a copy of s; NULL or "" stays empty). */
static void
grid_set(struct grid *g, size_t c, const char *s)
{
	if (s != NULL && *s != '\0')
		g->cells[(g->nrows - 1) * g->ncols + c] = xstrdup(s);
}

static void
grid_set_text(struct grid *g, size_t c, const struct form *f,
    const struct text *t)
{
	for (size_t i = 0; i < f->n_langs; i++)
		grid_set(g, c + i, t->v != NULL ? t->v[i] : NULL);
}

static void
grid_release(struct grid *g)
{
	for (size_t i = 0; i < g->ncols; i++)
		free(g->head[i]);
	for (size_t i = 0; i < g->nrows * g->ncols; i++)
		free(g->cells[i]);
	free(g->head);
	free(g->keep);
	free(g->cells);
	memset(g, 0, sizeof(*g));
}

/* Whether column c is written: kept, or used by a row. */
static int
grid_used(const struct grid *g, size_t c)
{
	if (g->keep[c])
		return 1;
	for (size_t r = 0; r < g->nrows; r++)
		if (g->cells[r * g->ncols + c] != NULL)
			return 1;
	return 0;
}

static size_t
grid_width(const struct grid *g)
{
	size_t n = 0;

	for (size_t c = 0; c < g->ncols; c++)
		n += (size_t)grid_used(g, c);
	return n;
}

/* ---- the sheets ----------------------------------------------------------- */

static void
survey_grid(const struct form *f, struct grid *g)
{
	enum { TYPE, NAME, LABEL };
	size_t hint, req, reqmsg, rel, cons, consmsg, app, def, par, calc, filt;
	size_t img;

	g->sheet = "survey";
	grid_col(g, "type", 1);
	grid_col(g, "name", 1);
	grid_lang_cols(g, f, "label", 1);
	hint = g->ncols;
	grid_lang_cols(g, f, "hint", 0);
	req = g->ncols;
	grid_col(g, "required", 0);
	reqmsg = g->ncols;
	grid_lang_cols(g, f, "required_message", 0);
	rel = g->ncols;
	grid_col(g, "relevant", 0);
	cons = g->ncols;
	grid_col(g, "constraint", 0);
	consmsg = g->ncols;
	grid_lang_cols(g, f, "constraint_message", 0);
	app = g->ncols;
	grid_col(g, "appearance", 0);
	def = g->ncols;
	grid_col(g, "default", 0);
	par = g->ncols;
	grid_col(g, "parameters", 0);
	calc = g->ncols;
	grid_col(g, "calculation", 0);
	filt = g->ncols;
	grid_col(g, "choice_filter", 0);
	img = g->ncols;
	grid_lang_cols(g, f, "media::image", 0);
	for (size_t i = 0; i < f->n_questions; i++) {
		const struct question *q = &f->questions[i];
		char *type, *s;

		/* NAME_other comes back from "or_other" when read again. */
		if (q->synthetic)
			continue;
		grid_row(g);
		type = q->list != NULL ? xasprintf("%s %s%s",
		    form_type_name(q->type), q->list->name,
		    q->or_other ? " or_other" : "") :
		    xstrdup(form_type_name(q->type));
		grid_set(g, TYPE, type);
		free(type);
		grid_set(g, NAME, q->name);
		grid_set_text(g, LABEL, f, &q->label);
		grid_set_text(g, hint, f, &q->hint);
		grid_set(g, req, q->required ? "yes" : NULL);
		grid_set_text(g, reqmsg, f, &q->required_message);
		grid_set(g, rel, q->relevant_src);
		grid_set(g, cons, q->constraint_src);
		grid_set_text(g, consmsg, f, &q->constraint_message);
		s = xasprintf("%s%s%s", q->appearance & APP_MULTILINE ?
		    " multiline" : "", q->appearance & APP_MINIMAL ?
		    " minimal" : "", q->appearance & APP_LIKERT ? " likert" : "");
		grid_set(g, app, s[0] != '\0' ? s + 1 : NULL);
		free(s);
		grid_set(g, def, q->default_value);
		grid_set(g, calc, q->calculation_src);
		grid_set(g, filt, q->choice_filter_src);
		grid_set_text(g, img, f, &q->image);
		if (q->type == Q_RANGE) {
			s = xasprintf("start=%.15g end=%.15g step=%.15g",
			    q->range_start, q->range_end, q->range_step);
			grid_set(g, par, s);
			free(s);
		}
	}
}

static void
choices_grid(const struct form *f, struct grid *g)
{
	size_t cols;

	g->sheet = "choices";
	grid_col(g, "list_name", 1);
	grid_col(g, "name", 1);
	grid_lang_cols(g, f, "label", 1);
	grid_lang_cols(g, f, "media::image", 0);
	cols = g->ncols;
	/* The columns choice filters read, as they were. */
	for (size_t c = 0; c < f->n_choice_cols; c++)
		grid_col(g, f->choice_cols[c], 1);
	for (size_t l = 0; l < f->n_lists; l++)
		for (size_t k = 0; !f->lists[l].synthetic &&
		    k < f->lists[l].n_choices; k++) {
			const struct choice *ch = &f->lists[l].choices[k];

			grid_row(g);
			grid_set(g, 0, f->lists[l].name);
			grid_set(g, 1, ch->name);
			grid_set_text(g, 2, f, &ch->label);
			grid_set_text(g, 2 + f->n_langs, f, &ch->image);
			for (size_t c = 0; ch->cols != NULL &&
			    c < f->n_choice_cols; c++)
				grid_set(g, cols + c, ch->cols[c][0] != '\0' ?
				    ch->cols[c] : NULL);
		}
}

static void
settings_grid(const struct form *f, struct grid *g)
{
	char days[32];

	g->sheet = "settings";
	grid_col(g, "form_title", 1);
	grid_col(g, "form_id", 1);
	grid_col(g, "version", 0);
	grid_col(g, "default_language", 0);
	grid_col(g, "retention_days", 0);
	grid_col(g, "style", 0);
	grid_row(g);
	grid_set(g, 0, f->title);
	grid_set(g, 1, f->id);
	grid_set(g, 2, f->version);
	if (strcmp(f->langs[0], "default") != 0)
		grid_set(g, 3, f->langs[0]);
	if (f->retention_days > 0) {
		snprintf(days, sizeof(days), "%d", f->retention_days);
		grid_set(g, 4, days);
	}
	/* The only style the model keeps; ODK's web-form themes are read
	 * and dropped by the loader, so they are not written either. */
	grid_set(g, 5, f->easy_read ? "facile" : NULL);
}

static void
indicators_grid(const struct form *f, struct grid *g)
{
	g->sheet = "indicators";
	grid_col(g, "objet", 1);
	grid_col(g, "indicateur", 1);
	grid_col(g, "mesure", 1);
	grid_col(g, "question", 0);
	grid_col(g, "valeur", 0);
	for (size_t i = 0; i < f->n_indicators; i++) {
		const struct indicator *ind = &f->indicators[i];

		grid_row(g);
		grid_set(g, 0, ind->objet);
		grid_set(g, 1, ind->indicateur);
		grid_set(g, 2, form_measure_name(ind->mesure));
		grid_set(g, 3, ind->question);
		grid_set(g, 4, ind->valeur);
	}
}

/* ---- writing ---------------------------------------------------------------- */

/*
 * One sheet: a workbook sheet of its own, or in the CSV layout its name
 * alone in the first column, then its header and rows after an empty
 * first cell, every row `width` cells wide.
 */
static int
grid_write(struct tabout *t, const struct grid *g, int csv, size_t width)
{
	size_t w = 0;

	if (csv) {
		tabout_text(t, g->sheet);
		for (size_t k = 1; k < width; k++)
			tabout_empty(t);
		if (tabout_end_row(t) < 0)
			return -1;
	} else if (tabout_sheet(t, g->sheet) < 0)
		return -1;
	for (long r = -1; r < (long)g->nrows; r++) {
		w = 0;
		if (csv) {
			tabout_empty(t);
			w++;
		}
		for (size_t c = 0; c < g->ncols; c++) {
			if (!grid_used(g, c))
				continue;
			tabout_text(t, r < 0 ? g->head[c] :
			    g->cells[(size_t)r * g->ncols + c]);
			w++;
		}
		for (; csv && w < width; w++)
			tabout_empty(t);
		if (tabout_end_row(t) < 0)
			return -1;
	}
	return 0;
}

int
formout_write(const struct form *f, struct tabout *t)
{
	struct grid g[4];
	int csv = t->format == TABOUT_CSV, rc = -1;
	size_t width = 0;

	memset(g, 0, sizeof(g));
	survey_grid(f, &g[0]);
	choices_grid(f, &g[1]);
	settings_grid(f, &g[2]);
	indicators_grid(f, &g[3]);
	for (size_t i = 0; i < 4; i++)
		if (grid_width(&g[i]) + 1 > width)
			width = grid_width(&g[i]) + 1;
	for (size_t i = 0; i < 4; i++) {
		/* A form without indicators has no indicators sheet. */
		if (i == 3 && g[i].nrows == 0)
			continue;
		if (grid_write(t, &g[i], csv, width) < 0)
			goto done;
	}
	rc = tabout_finish(t);
done:
	for (size_t i = 0; i < 4; i++)
		grid_release(&g[i]);
	return rc;
}
