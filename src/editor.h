/*
 * editor.h - the form editor's model: a draft IS an XLSForm, held as the
 * rows of its sheets (survey, choices, settings, indicators and any other
 * sheet), every cell a string, every column kept, in the order written.
 *
 * Nothing is interpreted here beyond what an edit needs: the XLSForm
 * loader (form.h) stays the only judge of a definition.  A draft is read
 * from any definition the loader reads (CSV layout, .xlsx, .ods, through
 * the sheet readers of sheet.h) and written back as the single-file CSV
 * layout, which the loader, `recueil forms export` and the staff pages'
 * downloads read like any other definition.  Columns the editor pages do
 * not show (an unusual column, a sheet of another tool) ride along
 * untouched and are listed by editor_kept().
 *
 * Rows are addressed by their index among a sheet's data rows (the
 * header row is apart).  Adding a sheet (editor_sheet() with `create`)
 * may move the others: fetch sheet pointers again after it.  Columns are found by their XLSForm key
 * ("label", "relevant") and language, whatever the spelling used
 * ("Label::Français (fr)", "bind::relevant", "jr:constraintMsg").
 *
 * This module is pure: no I/O, no database.  Every string is UTF-8 and
 * owned by the book; functions returning `char *` give the caller a copy
 * to free(3).
 */
#ifndef RECUEIL_EDITOR_H
#define RECUEIL_EDITOR_H

#include <stddef.h>

#include "diag.h"

/* A draft is at most this many rows and columns (the loader's caps). */
#define EDITOR_MAX_ROWS 2000
#define EDITOR_MAX_COLS 128
/* A cell the editor pages accept, in bytes. */
#define EDITOR_MAX_CELL 4096

struct editor_row {
	char **cells;          /* ncols cells of the sheet, "" when empty */
	int line;              /* CSV line of the row, set by editor_csv() */
};

struct editor_sheet {
	char *name;            /* as written ("survey", "Survey") */
	char **head;           /* header cells */
	size_t ncols;
	struct editor_row *rows;
	size_t nrows;
	int line;              /* CSV line of the sheet's name row */
};

struct editor_book {
	struct editor_sheet *sheets;
	size_t n;
};

void editor_init(struct editor_book *b);
void editor_release(struct editor_book *b);

/*
 * Read a definition (any format sheet_book_read() takes) into `b`.
 * Returns 0, or -1 with the reason in `d` (b left empty).
 */
int editor_read(struct editor_book *b, const char *file, const char *buf,
    size_t len, struct diag *d);

/* A new draft: the four sheets with their usual columns, no rows. */
void editor_blank(struct editor_book *b, const char *form_id,
    const char *title);

/*
 * The draft as the single-file CSV layout (the caller frees; *len set),
 * recording the line of every sheet and row for editor_locate().
 */
char *editor_csv(struct editor_book *b, size_t *len);

/*
 * As editor_csv(), without the sheets other than survey, choices,
 * settings and indicators: the CSV layout has no room for them (the
 * loader refuses an unknown sheet there, and ignores it in a workbook).
 * This is the text the loader checks and a CSV download holds.
 */
char *editor_csv_form(struct editor_book *b, size_t *len);

/*
 * Which sheet and row line `line` of editor_csv()'s text is: returns the
 * sheet index and sets *row (-1 for the sheet's name or header row), or
 * returns -1 when no row is there.
 */
int editor_locate(const struct editor_book *b, int line, long *row);

/* ---- sheets, columns, cells ------------------------------------------ */

/* The sheet named `name` (any case, spaces as '_'), added when `create`
 * is set; NULL when absent. */
struct editor_sheet *editor_sheet(struct editor_book *b, const char *name,
    int create);
const struct editor_sheet *editor_sheet_c(const struct editor_book *b,
    const char *name);

/*
 * The column of `key` in language `lang` (NULL or "": the column without
 * language), as the loader matches headers; -1 when absent.
 */
long editor_col(const struct editor_sheet *sh, const char *key,
    const char *lang);

/* A cell by key ("" when the column or row is absent); borrowed. */
const char *editor_get(const struct editor_sheet *sh, size_t row,
    const char *key, const char *lang);

/* Set a cell by key, adding the column "key" or "key::lang" if needed.
 * Returns 0, or -1 when the row is out of range or the sheet full. */
int editor_set(struct editor_sheet *sh, size_t row, const char *key,
    const char *lang, const char *v);

/* ---- rows ------------------------------------------------------------- */

/* Insert an empty row at index `at` (at most nrows); returns 0 or -1. */
int editor_row_insert(struct editor_sheet *sh, size_t at);
int editor_row_delete(struct editor_sheet *sh, size_t at);
/* Swap row `at` with the one above (dir < 0) or below; 0 or -1. */
int editor_row_move(struct editor_sheet *sh, size_t at, int dir);
/* A copy of row `at` inserted below it; 0 or -1. */
int editor_row_dup(struct editor_sheet *sh, size_t at);

/* ---- languages and settings ------------------------------------------ */

/*
 * The languages of the translatable columns of survey and choices, in
 * order of first appearance; "" stands for columns without language.
 * Returns their number and sets *out (free with editor_strv_free), never
 * fewer than one.
 */
size_t editor_langs(const struct editor_book *b, char ***out);
void editor_strv_free(char **v, size_t n);

/* Add language `name` ("English (en)"): label and hint columns in survey,
 * label in choices.  Returns 0, or -1 when it is there already. */
int editor_lang_add(struct editor_book *b, const char *name);

/* A settings value ("" when none); set one (the first settings row). */
const char *editor_setting(const struct editor_book *b, const char *key);
int editor_setting_set(struct editor_book *b, const char *key,
    const char *v);

/* ---- questions -------------------------------------------------------- */

/* The types the editor offers, NULL-terminated ("text", ...): the
 * loader's. */
extern const char *const editor_types[];

/*
 * Split a type cell: its base type, normalised ("select_one"; "" when
 * empty) into base[blen], and the list name it names (borrowed from
 * `type`, "" when none).
 */
const char *editor_type_split(const char *type, char *base, size_t blen);

/*
 * The list a select type names, its first word alone, into list[len]
 * ("" when none); *or_other (may be NULL) tells whether " or_other"
 * follows it.  Returns list.
 */
char *editor_type_list(const char *type, char *list, size_t len,
    int *or_other);

/* Whether `s` is a valid XLSForm name (a letter or '_', then letters,
 * digits, '_', '-', '.'), at most 64 bytes. */
int editor_name_ok(const char *s);

/* A question name not used in the survey sheet: `base`, or base_2, ... */
char *editor_name_unique(const struct editor_book *b, const char *base);

/*
 * Add a question of type `type` (with " LIST" for the select types) after
 * survey row `after` (-1: at the end), named `name` and labelled `label`
 * in the first language.  end_group rows get no name.  Returns the new
 * row's index, or -1.
 */
long editor_question_add(struct editor_book *b, long after, const char *type,
    const char *name, const char *label);

/* Duplicate survey row `row` below it, with a new unique name. */
int editor_question_dup(struct editor_book *b, size_t row);

/*
 * The "show this question only if" builder: the expression that is true
 * when question `q` (of base type `type`) compares with `value` by `op`
 * ("=", "!=", "selected", "not_selected", "answered", "empty").  NULL when
 * op is unknown or the value is needed and has a quote in it.
 */
char *editor_relevant_build(const char *q, const char *type, const char *op,
    const char *value);

/* ---- choice lists ----------------------------------------------------- */

/* The list names of the choices sheet, in order (editor_strv_free). */
size_t editor_lists(const struct editor_book *b, char ***out);

/* Add a choice at the end of list `list`; returns its row or -1. */
long editor_choice_add(struct editor_book *b, const char *list,
    const char *name, const char *label);

/* Move choice row `row` above (dir < 0) or below the previous or next
 * choice of the same list.  Returns 0, or -1 when it is at that end. */
int editor_choice_move(struct editor_book *b, size_t row, int dir);

/* ---- indicators ------------------------------------------------------- */

struct editor_measure {
	const char *name;          /* as in the indicators sheet */
	const char *label;         /* French, for the picker (N_) */
	int question;              /* 0 none, 1 needed, 2 optional */
	int value;                 /* 0 none, 1 a choice, 2 a level, 3 choices */
};

/* The measures the indicators sheet takes (the loader's), NULL-ended. */
extern const struct editor_measure editor_measures[];
const struct editor_measure *editor_measure(const char *name);

/* ---- what the pages do not show --------------------------------------- */

/*
 * The columns and sheets kept as they are: one "sheet: column" (or
 * "sheet") string per item the editor pages have no field for.  Returns
 * their number and sets *out (editor_strv_free).
 */
size_t editor_kept(const struct editor_book *b, char ***out);

#endif
