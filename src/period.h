/*
 * period.h - periods as people write them ("2026", "2026-S1",
 * "2026-01..2026-06"), and the evaluation table computed for several
 * periods side by side, the shape the *contrat de projet* needs when it
 * compares the years of a four-year project.
 *
 * A pure module: no I/O.  export.c reads --period with period_parse and
 * fills a struct period_table from the statistics core's rows
 * (stats_eval_each), one column per period; the evaluation export and the
 * bilan (report.c) write it.
 */
#ifndef RECUEIL_PERIOD_H
#define RECUEIL_PERIOD_H

#include <stddef.h>

#include "stats.h"

/* The longest period text accepted ("2026-01-01..2026-12-31" is 22). */
#define PERIOD_TEXT_MAX 24

/* Meeting dates from..to, both inclusive, and the period as written. */
struct period {
	char from[11];                    /* YYYY-MM-DD */
	char to[11];
	char label[PERIOD_TEXT_MAX + 1];  /* "2026-S1", as given */
};

/*
 * Read one period: a year "2026"; a half-year "2026-S1" or "2026-S2"; a
 * quarter "2026-T1".."2026-T4" (trimestre, "2026-Q1" too); a month
 * "2026-03"; a day "2026-03-14"; or a range "A..B" of two of these (from
 * the start of A to the end of B).  Returns 0 and fills *p, or -1 with a
 * precise message in err (a malformed text, a date that does not exist,
 * a range that ends before it starts).
 */
int period_parse(const char *text, struct period *p, char *err,
    size_t errlen);

/*
 * Read a list of periods separated by commas or spaces ("2025, 2026")
 * and append them to v[*n..max).  Returns 0, or -1 with a message in err
 * (a bad period, more than `max` in all, an empty list).
 */
int period_list_parse(const char *text, struct period *v, size_t max,
    size_t *n, char *err, size_t errlen);

/* ---- the evaluation table over several periods -------------------------- */

/* One value of a row for one period. */
struct period_cell {
	int set;                  /* the row exists in this period */
	struct stats_figure fig;  /* fig.text owned by the table */
};

struct period_row {
	char *objet, *indicateur;
	struct period_cell *cells;   /* n_cols of them */
};

struct period_table {
	size_t n_cols;
	struct period_row *v;
	size_t n;
	size_t last_col, last_at;    /* the row put last (last_at + 1, 0:
	                                none), where the next new row goes */
};

/* An empty table of `n_cols` columns (periods). */
void period_table_init(struct period_table *t, size_t n_cols);

/*
 * Put the figure of row (objet, indicateur) for column `col` (copied).
 * Rows keep the order in which they first came; a row that first comes
 * in a later column goes after the row put just before it in that column
 * when it has the same objet ("Rencontres par niveau : régional" after
 * "... : départemental"), else (it is the first of its objet in that
 * column) before the objet's first row, so the objets stay grouped.  The signature of a stats_eval_each callback when `arg`
 * is a struct period_fill.  Returns 0.
 */
int period_table_put(struct period_table *t, size_t col, const char *objet,
    const char *indicateur, const struct stats_figure *fig);

/* The argument of period_table_fill: which table, which column. */
struct period_fill {
	struct period_table *t;
	size_t col;
};

/* A stats_eval_each callback: period_table_put into arg's column. */
int period_table_fill(const char *objet, const char *indicateur,
    const struct stats_figure *fig, void *arg);

void period_table_release(struct period_table *t);

#endif
