/*
 * sheet.h - a form definition as the XLSForm model reads it: a book of
 * named sheets, each a list of rows of text cells, every cell with its
 * position in the source.
 *
 * Three sources fill a book, each in its own module:
 *   - sheet_csv.c: the single-file CSV layout, where the first column names
 *     a sheet (survey, choices, ...) and the rows below belong to it;
 *   - sheet_xlsx.c and sheet_ods.c: .xlsx and .ods workbooks, one sheet
 *     per tab (see sheet_book_read()).
 * The model (form.c) never knows which one it reads, except to word a few
 * messages.  A book owns everything it holds; sheet_book_release() frees it.
 *
 * Positions.  Each cell carries two: where an editor finds it (line and
 * character column of a CSV file; 0 in a workbook) and where a person
 * finds it in a spreadsheet (sheet name, row and column letter, "survey!F4").
 * For the CSV layout the spreadsheet position is that of the CSV file
 * opened as one sheet in LibreOffice or Excel: row = the row the record
 * starts on, column A = the first CSV column (the one naming sheets); the
 * sheet name is the logical sheet the row belongs to.
 *
 * Rows.  Rows whose cells are all empty are dropped; the first row of a
 * sheet is its header row.  Cells are indexed by column: index 0 is the
 * first column of the sheet (column A of a workbook, the second CSV column
 * in the CSV layout).  Values are UTF-8, trimmed of spaces, tabs and line
 * breaks at both ends; an empty cell is "", never NULL.
 */
#ifndef RECUEIL_SHEET_H
#define RECUEIL_SHEET_H

#include <stddef.h>

#include "diag.h"

/* A form definition is at most this big, whatever its format. */
#define SHEET_MAX_FILE  (1024 * 1024)
/* Longest cell value, in bytes. */
#define SHEET_MAX_CELL  (64 * 1024)
/* Rows in a whole definition: the model's checks are quadratic in rows. */
#define SHEET_MAX_ROWS  10000
/* Columns of one row: XLSForm sheets have a few dozen at most. */
#define SHEET_MAX_COLS  1024
/* Sheets of a workbook. */
#define SHEET_MAX_SHEETS 64
/* The last row a workbook may use, as in Excel. */
#define SHEET_MAX_ROW_INDEX 1048576

/* Cell.raw when the CSV byte offset is not known. */
#define SHEET_NO_RAW ((size_t)-1)

enum sheet_source { SHEET_CSV, SHEET_XLSX, SHEET_ODS };

struct sheet_cell {
	char *s;            /* the value, trimmed; "" when empty */
	int line, col;      /* CSV: line and character column of the cell's
	                       first character in the file (1-based); 0 in a
	                       workbook, or when the CSV scanner lost track */
	size_t raw;         /* CSV: byte offset of the value's first byte in
	                       sheet_book.text, else SHEET_NO_RAW */
	int quoted;         /* CSV: the cell was in double quotes */
	const char *sheet;  /* name of its sheet, borrowed from the book */
	int sheet_no;       /* 1-based index of that sheet in the book */
	int srow, scol;     /* row and column (A = 1) in the spreadsheet */
};

struct sheet_row {
	struct sheet_cell *cells;
	size_t n, alloc;
	int line;           /* CSV: the line the record starts on; else 0 */
	int srow;           /* the row in the spreadsheet */
};

struct sheet {
	char *name;         /* as written: "survey", "Survey", "choices" */
	int no;             /* 1-based index in the book */
	int hidden;         /* a hidden tab of a workbook */
	struct sheet_cell at;  /* CSV: the cell naming the sheet; else a
	                          cell with s "" and no position */
	struct sheet_row *rows;  /* rows[0] is the header row */
	size_t n_rows, alloc;
};

struct sheet_book {
	enum sheet_source source;
	const char *file;   /* for messages, borrowed */
	const char *text;   /* CSV: the text after the byte order mark, for
	                       positions inside a cell; borrowed; else NULL */
	size_t text_len;
	struct sheet *sheets;
	size_t n_sheets, alloc;
	size_t n_rows;      /* rows kept in all sheets, for SHEET_MAX_ROWS */
};

/* Initialise an empty book (no allocation). */
void sheet_book_init(struct sheet_book *b, enum sheet_source source,
    const char *file);

/* Free everything the book holds; it can be reused after sheet_book_init(). */
void sheet_book_release(struct sheet_book *b);

/*
 * Fill `b` from buf[0..len), choosing the reader by content: a ZIP archive
 * is read as an .xlsx or .ods workbook, anything else as the CSV layout.
 * `chunk` is passed to the CSV reader (see sheet_csv_read()).  Every
 * problem is added to `d`.  Returns 0, or -1 when the source cannot be
 * read at all (the reason is in `d`).  `b` borrows buf and file: keep
 * them alive while it is used.
 */
int sheet_book_read(struct sheet_book *b, const char *file, const char *buf,
    size_t len, size_t chunk, struct diag *d);

/*
 * The single-file CSV layout: byte order mark, UTF-8 check, ',' or ';'
 * separator, records read with libcsv fed `chunk` bytes at a time (0: all
 * at once; the result never depends on it), then rows split into sheets
 * by their first cell.  Returns 0, or -1 (reported in `d`).
 */
int sheet_csv_read(struct sheet_book *b, const char *file, const char *buf,
    size_t len, size_t chunk, struct diag *d);

/* Add a sheet named name[0..len); returns it (owned by the book). */
struct sheet *sheet_add(struct sheet_book *b, const char *name, size_t len);

/* Add an empty row to `sh`; returns it (owned by the sheet). */
struct sheet_row *sheet_row_add(struct sheet *sh, int srow, int line);

/* Append a cell holding a copy of s[0..len) to `r`; returns it. */
struct sheet_cell *sheet_cell_add(struct sheet_row *r, const char *s,
    size_t len);

/*
 * For the workbook readers: put value s[0..len) at row `srow`, column
 * `scol` (1-based) of `sh`, trimmed; an empty value adds nothing.  Cells
 * come row by row, left to right; the columns skipped are filled with
 * empty cells.  Returns 0, or -1 when a cap is passed or a cell comes out
 * of order (reported in `d` with the cell).
 */
int sheet_put(struct sheet_book *b, struct sheet *sh, int srow, int scol,
    const char *s, size_t len, struct diag *d);

/*
 * A number stored by a workbook ("5", "0.10000000000000001", "1E-3") as
 * the shortest text that reads back the same ("5", "0.1", "0.001"), as a
 * CSV saved by the spreadsheet shows it.  Text that is not a number is
 * copied.
 */
void sheet_number_text(const char *v, char *out, size_t len);

/* Trim a value in place (spaces, tabs, CR, LF at both ends); returns the
 * number of bytes removed at the start. */
size_t sheet_trim(char *s);

/*
 * Whether a row is a comment: its first non-empty cell starts with '#'
 * ("# à revoir", "#ancienne question").  sheet_book_read() drops comment
 * rows from every sheet, and the CSV layout skips a record whose first
 * cell (where sheet names go) starts with '#'; the model never sees them.
 * Columns whose header starts with '#' are comment columns, ignored by the
 * model without a warning.
 */
int sheet_row_comment(const struct sheet_row *r);

/* Whether cells[from..) of a row are all empty. */
int sheet_row_empty(const struct sheet_row *r, size_t from);

/*
 * The name of a sheet as the model compares it: lowercase ASCII, spaces as
 * '_', at most len - 1 bytes, into buf.  Returns buf.
 */
char *sheet_norm_name(const char *name, char *buf, size_t len);

/*
 * A column number (1 = A, 27 = AA) as letters into buf (at least 8
 * bytes).  Returns buf.
 */
char *sheet_col_letters(int col, char *buf, size_t len);

/*
 * The position of byte `off` of cell c's value: in a CSV file, the line
 * and column of that character, following the raw bytes so that doubled
 * quotes and line breaks inside the cell are counted right; elsewhere the
 * cell itself.  The result borrows c->s.
 */
struct sheet_cell sheet_cell_at(const struct sheet_book *b,
    const struct sheet_cell *c, size_t off);

/*
 * Where a cell is, for diag_add_where(): the file position and, unless
 * `with_cell` is 0, the sheet and cell.
 */
void sheet_where(const struct sheet_cell *c, int with_cell,
    struct diag_where *w);

#endif
