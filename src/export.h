/*
 * export.h - the exports (responses, stats, evaluation, and the workbook
 * holding them all), one module shared by `recueil export` and the staff
 * download pages, so both produce the very same bytes for the same
 * options.  Each is written as CSV, .xlsx or .ods through the row/cell
 * writer (tabout.h): the same rows and columns, typed cells in workbooks.
 *
 * Rows are produced from SQLite cursors and written to a sink as they
 * come: memory stays flat however many responses there are.  The figures
 * of the stats and evaluation exports come from the statistics core
 * (stats.h), the same one the meeting results page uses.
 */
#ifndef RECUEIL_EXPORT_H
#define RECUEIL_EXPORT_H

#include <stddef.h>

#include "period.h"

struct store;
struct registry;

/* The most periods one evaluation table compares (--period, repeated). */
#define EXPORT_MAX_PERIODS 8

/*
 * EXPORT_WORKBOOK: one workbook (never CSV) with the sheets "Réponses"
 * (one per form when the selection holds several), "Statistiques",
 * "Évaluation" and "Paroles" (every non-empty free-text answer, with its
 * meeting and question only, sorted within each: nothing that says who
 * answered).
 */
enum export_kind { EXPORT_RESPONSES, EXPORT_STATS, EXPORT_EVALUATION,
	EXPORT_WORKBOOK };

struct export_options {
	enum export_kind kind;
	const char *form_id;    /* --form, NULL for all */
	const char *meeting;    /* --meeting CODE, NULL for all */
	const char *from;       /* --from YYYY-MM-DD (inclusive), NULL */
	const char *to;         /* --to YYYY-MM-DD (inclusive), NULL */
	char sep;               /* ',' (default), ';' or '\t' */
	int bom;                /* write a UTF-8 BOM first */
	char decimal;           /* '.' (default) or ',' */
	int codes;              /* raw choice names instead of labels */
	int header_names;       /* --header names: the columns' fixed machine
	                           names (response_id, ...) instead of their
	                           titles in the thread's language (i18n.h) */
	int by_meeting;         /* stats: one block per meeting */
	int min_count;          /* stats: suppress counts below this */
	int format;             /* enum tabout_format: TABOUT_CSV (default),
	                           TABOUT_XLSX, TABOUT_ODS; the workbook
	                           export's default is TABOUT_XLSX */
	int format_set;         /* --format was given */
	const char *tmpdir;     /* workbooks' temporary files (NULL: $TMPDIR,
	                           else /tmp); set by the CLI only, never from
	                           a web page */
	/* --period (repeated, or a list "2025,2026"): one period is the same
	 * as --from and --to; several make the evaluation table one column
	 * per period, side by side (the other exports take one). */
	struct period periods[EXPORT_MAX_PERIODS];
	size_t n_periods;
};

/* Defaults: RFC 4180 (",", CRLF, no BOM, decimal point), labels. */
void export_options_init(struct export_options *o, enum export_kind kind);

/*
 * The export named `name` ("responses", "stats", "evaluation") in *kind.
 * Returns 0, or -1 with a precise message in err (bad usage).
 */
int export_kind_parse(const char *name, enum export_kind *kind, char *err,
    size_t errlen);

/* The name of an export kind ("stats"); a static string. */
const char *export_kind_name(enum export_kind kind);

/*
 * Set option `name` (the CLI's long option without "--": "form",
 * "meeting", "from", "to", "sep", "bom", "decimal", "excel-fr", "codes",
 * "by", "min-count") to `value`.  Flags ("bom", "codes", "excel-fr") take
 * no value (NULL) or a yes/no word ("1", "yes", "on", "true", "0", "no",
 * "off", "false", as a web form sends a checkbox).  One table in export.c
 * declares the options: both `recueil export` and the staff download page
 * parse with it.  The strings are borrowed and must outlive `o`.  Returns
 * 0, or -1 with a precise message in err (bad usage): an unknown option,
 * a missing or malformed value, an option of another export.
 */
int export_option_set(struct export_options *o, const char *name,
    const char *value, char *err, size_t errlen);

/* Whether option `name` takes a value (1), is a flag (0), or is unknown
 * (-1): how a command line knows whether to read the next argument. */
int export_option_takes_value(const char *name);

/* Whether option `name` applies to export `kind` (0 for an unknown name):
 * the staff page's one form serves the three exports and skips the
 * options of another one. */
int export_option_applies(enum export_kind kind, const char *name);

/* Where the bytes go: write returns 0, or -1 to abort the export. */
struct export_sink {
	int (*write)(void *arg, const void *buf, size_t len);
	void *arg;
};

/* export_run's result when the options do not fit the data (bad usage). */
#define EXPORT_USAGE (-2)

/*
 * Run the export.  `forms` provides the form versions (labels, question
 * order); it loads old versions from the store as needed.  Returns 0, or
 * -1 with a message in err, or EXPORT_USAGE (also < 0) with a message in
 * err when the options do not fit the data: an unknown --form or
 * --meeting, --from after --to, or a responses export whose selection
 * holds responses to several forms without --form (their columns differ:
 * one file per form).  Nothing is buffered beyond a block of output: on
 * failure the sink has received a partial file, so write to a temporary
 * file or hold the HTTP reply until the first block.
 */
int export_run(struct store *s, struct registry *forms,
    const struct export_options *o, const struct export_sink *sink,
    char *err, size_t errlen);

/*
 * The evaluation table of the selection of `o` (form, meeting, from/to or
 * periods) into `t`, initialised here with one column per period (one
 * column without --period), as export_run computes it for the evaluation
 * export: the bilan (report.h) shows the same figures.  Returns 0, or -1
 * or EXPORT_USAGE with a message in err; release `t` in every case.
 */
int export_evaluation_table(struct store *s, struct registry *forms,
    const struct export_options *o, struct period_table *t, char *err,
    size_t errlen);

/* Suggested file name for a download ("recueil-stats.csv"). */
const char *export_filename(enum export_kind kind);

/* The file name for an export in a format ("recueil-stats.xlsx"); a
 * static string. */
const char *export_file_name(enum export_kind kind, int format);

/* The export's format, with the workbook's default applied (an enum
 * tabout_format). */
int export_format(const struct export_options *o);

#endif
