/*
 * tabout_int.h - what the row/cell writer (tabout.c) shares with its
 * workbook backends (tabout_xlsx.c, tabout_ods.c).  Not for other modules.
 *
 * tabout.c keeps the position (sheet, row, column), the header of the
 * current sheet, the column widths and the first error; it turns each
 * typed cell into what a backend needs (a rounded number with its decimal
 * text, a parsed date) and calls the backend.  CSV needs none of this and
 * is written by tabout.c itself through csvout.
 */
#ifndef RECUEIL_TABOUT_INT_H
#define RECUEIL_TABOUT_INT_H

#include <stdio.h>

#include "csvout.h"
#include "tabout.h"

/* A parsed date, or date and time (local, no offset). */
struct tabout_when {
	int year, month, day;
	int hour, min, sec;
	int has_time;
};

struct tabout_ops {
	/* Begin sheet `name` (valid, unique); the previous one is ended. */
	int (*sheet)(struct tabout *t, const char *name);
	/* End the current sheet: t->ncols columns, t->row rows written. */
	int (*end_sheet)(struct tabout *t);
	/* Cells at t->row, t->col (advanced by tabout.c afterwards). */
	int (*text)(struct tabout *t, const char *s, size_t len);
	int (*empty)(struct tabout *t);
	/* `repr` is v written with at most the asked decimals and '.'. */
	int (*number)(struct tabout *t, double v, const char *repr);
	/* `fraction` is the percentage / 100; `repr` its decimal text. */
	int (*percent)(struct tabout *t, double fraction, const char *repr,
	    int prec);
	int (*date)(struct tabout *t, const struct tabout_when *w);
	int (*end_row)(struct tabout *t);
	int (*chart)(struct tabout *t, const struct tabout_chart *c);
	/* Write the whole file to t->out_path. */
	int (*finish)(struct tabout *t);
	/* Free the backend's state (t->be); temporary files are tabout.c's. */
	void (*release)(struct tabout *t);
};

/* Widths are counted in characters, within these bounds. */
#define TABOUT_MIN_WIDTH 8
#define TABOUT_MAX_WIDTH 60

struct tabout {
	enum tabout_format format;
	const struct tabout_ops *ops;   /* NULL for CSV */
	const struct export_sink *sink;
	struct csvout *csv;             /* CSV only */
	char tmpdir[512];
	void *be;                       /* the backend's state */
	int failed;
	char err[512];

	/* Position in the current sheet. */
	int in_sheet;
	unsigned n_sheets;
	char sheet_name[128];           /* as given, for continuations */
	unsigned part;                  /* continuation number, 1 first */
	uint32_t row;
	uint32_t col;
	uint32_t max_rows;              /* TABOUT_MAX_ROWS; tests lower it */
	uint32_t ncols;                 /* widest row of the sheet */
	unsigned char *widths;          /* per column, in characters */
	size_t widths_cap;
	char **header;                  /* the header's texts (row 0) */
	size_t n_header;
	unsigned n_charts;

	/* Temporary files, removed by tabout_free(). */
	char *tmp_paths[8];
	size_t n_tmp;
	const char *out_path;           /* the finished file */
};

/* Record the first failure (printf-style); returns -1. */
int tabout_fail(struct tabout *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * Create an empty temporary file in the writer's tmpdir whose name ends
 * with `suffix`; it is removed by tabout_free().  tabout_tmpfile() returns
 * it open (mode "w+") and its path in *path (borrowed); tabout_tmppath()
 * closes it and returns its path (borrowed).  NULL after recording the
 * failure.
 */
FILE *tabout_tmpfile(struct tabout *t, const char *suffix, const char **path);
const char *tabout_tmppath(struct tabout *t, const char *suffix);

/* The backends' tables of operations and their constructors, which set
 * t->be and t->out_path or record a failure. */
extern const struct tabout_ops tabout_xlsx_ops;
extern const struct tabout_ops tabout_ods_ops;
int tabout_xlsx_start(struct tabout *t);
int tabout_ods_start(struct tabout *t);

#endif
