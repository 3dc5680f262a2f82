/*
 * diag.h - diagnostics collected while checking user input
 * (form definitions, configuration files, uploads).
 *
 * Each message reads "FILE:LINE:COLUMN: error: message" in the style of
 * compilers, so editors and people find the cell at fault.  A diag keeps
 * every message, errors and warnings apart, so a coordinator sees all the
 * problems of a file at once.
 *
 * Messages about a cell of a spreadsheet also name the sheet and the cell
 * as the spreadsheet shows them: "FILE:SHEET!C7: error: message" for a
 * workbook (which has no lines), and for a CSV file both,
 * "FILE:LINE:COLUMN: error: SHEET!C7: message", the first part for
 * editors, the second for people.
 */
#ifndef RECUEIL_DIAG_H
#define RECUEIL_DIAG_H

#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_ERROR, DIAG_WARNING };

/* Where a message points; every part is optional (0 or NULL). */
struct diag_where {
	int line;           /* 1-based line of a text file */
	int column;         /* 1-based character column on that line */
	const char *sheet;  /* a spreadsheet's sheet, copied by diag_add_where */
	int sheet_no;       /* its 1-based order in the workbook, for sorting */
	int row, col;       /* 1-based row and column (A = 1) in that sheet */
};

struct diag_msg {
	enum diag_level level;
	char *file;
	int line;    /* 1-based; 0 when the message is about the whole file */
	int column;  /* 1-based; 0 when not about one cell */
	char *sheet; /* NULL when not about a sheet */
	int sheet_no, row, col;
	char *text;
};

struct diag {
	struct diag_msg *msgs;
	size_t n, alloc;
	size_t n_errors, n_warnings;
};

/* Initialise an empty diag (no allocation). */
void diag_init(struct diag *d);

/* Free the messages; the diag can be reused after diag_init(). */
void diag_release(struct diag *d);

/* Add a message, printf-style.  Never fails (aborts on out of memory). */
void diag_add(struct diag *d, enum diag_level level, const char *file,
    int line, int column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* As diag_add(), at a place that may be a spreadsheet's cell. */
void diag_add_where(struct diag *d, enum diag_level level, const char *file,
    const struct diag_where *w, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/*
 * Format message i as "file:line:column: error: text" (parts with 0 are
 * left out), with the sheet and cell as the top of this file says.  The caller owns the result and frees it with free(3).
 */
char *diag_format(const struct diag *d, size_t i);

/*
 * Sort messages from index `from` on by file, line and column (then sheet,
 * row and column for workbooks), keeping the
 * order of messages about the same place (stable).  Checks run in several
 * passes; sorting lets a coordinator read the problems top to bottom.
 */
void diag_sort(struct diag *d, size_t from);

/* Print messages from index `from` on, one per line, as diag_format(). */
void diag_print(const struct diag *d, size_t from, FILE *fp);

#endif
