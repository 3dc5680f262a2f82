/*
 * csvout.h - the spreadsheet-safe CSV writer used by every export.
 *
 * RFC 4180 by default: UTF-8, "," between fields, CRLF after each row, a
 * field quoted (through libcsv's csv_write2) when it holds the separator,
 * a double quote, CR, LF or leading/trailing blanks.  Options: ";" or tab
 * as separator, a UTF-8 byte order mark, a decimal comma for numbers.
 *
 * Text cells that a spreadsheet would evaluate as a formula (starting
 * with "=", "+", "-", "@", tab or CR) are neutralised as OWASP recommends:
 * a single quote is prepended and the cell is quoted.  Numbers written
 * with csvout_number() are ours and are never neutralised, so "-3" stays
 * a number.
 *
 * Bytes are gathered in a fixed buffer and handed to the sink in blocks:
 * memory does not grow with the output.  Pure: no I/O besides the sink.
 */
#ifndef RECUEIL_CSVOUT_H
#define RECUEIL_CSVOUT_H

#include <stddef.h>
#include <stdint.h>

#include "export.h"

#define CSVOUT_BUFSIZE 65536

struct csvout {
	const struct export_sink *sink;
	char sep;        /* ',', ';' or '\t' */
	char decimal;    /* '.' or ',' */
	size_t n_fields; /* fields written in the current row */
	int failed;      /* the sink refused a write: every call fails */
	int raw;         /* 0 (csvout_init): neutralise formula triggers; 1:
	                    keep every cell as given (a form definition, whose
	                    cells are the coordinator's and must load back) */
	size_t len;
	char buf[CSVOUT_BUFSIZE];
};

/* Start a writer (no allocation). */
void csvout_init(struct csvout *w, const struct export_sink *sink, char sep,
    char decimal);

/* Write the UTF-8 byte order mark (call first).  Returns 0 or -1. */
int csvout_bom(struct csvout *w);

/*
 * Append a text cell to the current row: s[0..len), or the C string s
 * (NULL is an empty cell).  Quoted and neutralised as described above.
 * Returns 0, or -1 when the sink failed.
 */
int csvout_field(struct csvout *w, const char *s);
int csvout_fieldn(struct csvout *w, const char *s, size_t len);

/* An integer cell.  Returns 0 or -1. */
int csvout_int(struct csvout *w, int64_t v);

/*
 * A number cell with at most `prec` decimals, trailing zeros dropped
 * ("3", "3.5", "66.67"), written with the writer's decimal separator.
 * Returns 0 or -1.
 */
int csvout_double(struct csvout *w, double v, int prec);

/*
 * A cell holding a number given as text (an answer to a numeric
 * question).  When `s` is a plain decimal number ("-3", "2.5") it is
 * written as a number, with the writer's decimal separator; anything else
 * is written as csvout_field() does.  Returns 0 or -1.
 */
int csvout_number_text(struct csvout *w, const char *s);

/*
 * Whether `s` is a plain decimal number, -?digits(.digits)?, shorter than
 * 64 bytes: 1 if so, else 0.  Both the CSV and the workbook writers use
 * it to decide that a stored text is written as a number.
 */
int csvout_plain_number(const char *s);

/* End the current row (CRLF).  Returns 0 or -1. */
int csvout_end_row(struct csvout *w);

/* Hand the buffered bytes to the sink.  Returns 0 or -1. */
int csvout_flush(struct csvout *w);

/*
 * Whether a text cell starting like `s` is neutralised (a formula
 * trigger: "=", "+", "-", "@", tab or CR).
 */
int csvout_is_formula(const char *s, size_t len);

#endif
