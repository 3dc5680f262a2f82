/*
 * tabout.h - one row/cell interface for every table Recueil writes: a CSV
 * file, an Office Open XML workbook (.xlsx) or an OpenDocument
 * spreadsheet (.ods).
 *
 * The exports describe their tables once, cell by cell, with types (text,
 * integer, decimal, percentage, date, date and time); the backend decides
 * how a type is written:
 *
 *   CSV   exactly the bytes of csvout.h (RFC 4180 by default, formula
 *         triggers neutralised with a leading apostrophe), one table only.
 *   .xlsx libxlsxwriter in its constant-memory mode: each row goes to a
 *         temporary file as soon as it is complete.
 *   .ods  libzip; content.xml is written row by row to temporary files and
 *         added to the archive at the end ("mimetype" first, stored).
 *
 * In a workbook, text is always a text cell: never a formula, whatever
 * the answer holds, so nothing is neutralised (a resident's "=1+1" or
 * "+33 6..." stays exactly as typed).  Numbers are number cells,
 * percentages percentage cells (the value 44.4 is the fraction 0.444 shown
 * "44.4 %"), dates date cells.  Every sheet's first row is its header:
 * bold, frozen, with an autofilter over the table; column widths follow
 * the longest cell (within bounds).  Workbooks carry no creation time, so
 * that the same export gives the same bytes from the CLI and the staff
 * pages.
 *
 * Memory stays flat: nothing is kept per row.  Temporary files go to the
 * folder given in the options (else $TMPDIR, else /tmp) and are removed by
 * tabout_free() whatever happened.  The finished file is copied to the
 * sink by tabout_finish(); before that, the sink has received nothing
 * (CSV: at most a block of output, as csvout does).
 *
 * Every function returns 0, or -1 once anything failed; the first failure
 * is kept (tabout_error()) and every later call fails at once, so a caller
 * may write a whole row and check the result of tabout_end_row() only.
 */
#ifndef RECUEIL_TABOUT_H
#define RECUEIL_TABOUT_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"

enum tabout_format { TABOUT_CSV, TABOUT_XLSX, TABOUT_ODS };

/* Rows a sheet holds at most (the header included), as in Excel and
 * LibreOffice; a longer table continues on a sheet "NAME (2)" that
 * repeats the header. */
#define TABOUT_MAX_ROWS 1048576u
/* Columns a sheet holds at most. */
#define TABOUT_MAX_COLS 16384u
/* Characters a workbook cell holds at most (Excel's limit); longer text
 * is cut at that many characters. */
#define TABOUT_MAX_CHARS 32767u

struct tabout_options {
	enum tabout_format format;
	char sep;             /* CSV: ',', ';' or '\t' */
	char decimal;         /* CSV: '.' or ',' */
	int bom;              /* CSV: a UTF-8 byte order mark first */
	int raw;              /* CSV: no formula neutralising (a form
	                         definition, never answers) */
	const char *tmpdir;   /* workbooks: temporary files; NULL: $TMPDIR,
	                         else /tmp.  Borrowed. */
};

struct tabout;

/* Defaults: CSV, ',', '.', no BOM, tmpdir NULL. */
void tabout_options_init(struct tabout_options *o);

/*
 * Parse a format name ("csv", "xlsx", "ods", any case).  Returns 0, or -1
 * when the name is none of them.
 */
int tabout_format_parse(const char *name, enum tabout_format *out);

/* The file name extension of a format, without the dot ("xlsx"). */
const char *tabout_format_ext(enum tabout_format f);

/* The MIME type of a format, for an HTTP download. */
const char *tabout_format_mime(enum tabout_format f);

/*
 * Start a writer whose output goes to `sink` (borrowed; it must outlive
 * the writer).  Never NULL: a failure to start (an unwritable tmpdir) is
 * reported by the first call and by tabout_finish().  The caller frees it
 * with tabout_free().
 */
struct tabout *tabout_new(const struct tabout_options *o,
    const struct export_sink *sink);

/*
 * Begin a sheet named `name` (at most 31 characters, none of []:*?/\ ;
 * longer names are cut, forbidden characters replaced).  The sheet opened
 * before, if any, is ended.  A CSV file holds one table: the first call
 * is accepted and any later one fails.  Writing a cell before any sheet
 * opens one named "Feuille1".
 */
int tabout_sheet(struct tabout *t, const char *name);

/* Cells of the current row, left to right. */
int tabout_text(struct tabout *t, const char *s);        /* NULL: empty */
int tabout_textn(struct tabout *t, const char *s, size_t len);
int tabout_empty(struct tabout *t);
/* An integer; in a workbook, one beyond +-2^53 (which a spreadsheet's
 * numbers cannot hold exactly: response ids) is a text cell. */
#define TABOUT_EXACT_INT (INT64_C(1) << 53)
int tabout_int(struct tabout *t, int64_t v);
/* A decimal number rounded to at most `prec` (0..12) decimals;
 * infinities and NaN give an empty cell. */
int tabout_decimal(struct tabout *t, double v, int prec);
/* A percentage given in percent (44.4 for 44.4 %), rounded to `prec`
 * decimals of the percent. */
int tabout_percent(struct tabout *t, double percent, int prec);
/* A date "YYYY-MM-DD"; anything else is written as text. */
int tabout_date(struct tabout *t, const char *ymd);
/* A date and time in ISO 8601 ("2026-11-29T18:05:00+01:00"): workbooks
 * hold the local date and time (the offset is dropped: spreadsheets have
 * no time zones); CSV keeps the text.  Anything else is written as text. */
int tabout_datetime(struct tabout *t, const char *iso);
/* A number given as text (an answer to a numeric question): a plain
 * decimal number ("-3", "2.5") is a number cell, anything else text. */
int tabout_number_text(struct tabout *t, const char *s);

/* End the current row.  The first row of each sheet is its header. */
int tabout_end_row(struct tabout *t);

/* Index (0-based) of the row being written in the current sheet: 0 while
 * writing the header. */
uint32_t tabout_row(const struct tabout *t);

/*
 * A bar chart of the current sheet, drawn from cells already written
 * (rows and columns 0-based): its title is the text of one cell, never a
 * string of ours (so a title can never be read as a formula), the bars'
 * names come from column `cat_col` and their lengths from `val_col`, rows
 * `first_row` to `last_row`.
 */
struct tabout_chart {
	uint32_t title_row;
	uint16_t title_col;
	uint32_t first_row, last_row;
	uint16_t cat_col, val_col;
};

/*
 * Draw `c` beside the table (.xlsx).  CSV and .ods have no charts: the
 * call succeeds and does nothing (LibreOffice draws one from the selected
 * columns with Insert > Chart).  At most 1000 charts per workbook; more
 * are left out.  Returns 0 or -1.
 */
int tabout_chart(struct tabout *t, const struct tabout_chart *c);

/*
 * End the last sheet, assemble the file and copy it to the sink.  Returns
 * 0, or -1 with the reason in tabout_error().
 */
int tabout_finish(struct tabout *t);

/* The first failure, in French; "" when none.  Borrowed from t. */
const char *tabout_error(const struct tabout *t);

/* Free the writer and remove its temporary files.  NULL is allowed. */
void tabout_free(struct tabout *t);

#endif
