/*
 * form.h - the form model, read from a definition by form_parse().
 *
 * A definition is an XLSForm: a survey sheet (the questions), a choices
 * sheet (the lists of answers), settings and Recueil's own indicators
 * sheet.  It comes as the single-file CSV layout that pyxform reads (the
 * first column names a sheet, the next row with content is that sheet's
 * header row, the rows below it are its rows); see recueil-forms(5).  The
 * bytes are turned into named sheets by a sheet reader (sheet.h), and this
 * model is built from the sheets, so every source gives the same model.
 *
 * The loader is a pure module: it takes a buffer and returns a struct form,
 * or collects every problem it finds in a struct diag.  It does no I/O
 * besides form_load_file(), which only reads the file into memory.
 *
 * A loaded form is read-only once published: handlers borrow
 * `const struct form *` and never change it.  Every string of the model is
 * UTF-8, owned by the form; a `line` is the line in a CSV definition, or
 * the row of its sheet in a workbook.
 */
#ifndef RECUEIL_FORM_H
#define RECUEIL_FORM_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

struct expr;

/* Closed set of supported question types. */
enum q_type {
	Q_TEXT,
	Q_INTEGER,
	Q_DECIMAL,
	Q_DATE,
	Q_SELECT_ONE,
	Q_SELECT_MULTIPLE,
	Q_RANGE,
	Q_NOTE,
	Q_BEGIN_GROUP,
	Q_END_GROUP,
	Q_CALCULATE     /* not shown; its `calculation` is stored as its answer */
};

/*
 * A translatable text: one string per language of the form, indexed like
 * form->langs.  Index 0 is the default language.  A missing translation
 * is NULL; use form_text() to read with fallback.
 */
struct text {
	char **v;
};

struct choice {
	char *name;
	struct text label;
	struct text image;  /* media::image: a file next to the form, per
	                       language; NULL entries when none */
	int line;
	char **cols;      /* its cells in the choices sheet's other columns,
	                     indexed like form->choice_cols ("" when empty);
	                     NULL when the sheet has none */
};

struct choice_list {
	char *name;
	struct choice *choices;
	size_t n_choices;
	int line;
	int synthetic;    /* made by the loader: list `name` and its "other"
	                     choice, for select ... or_other questions; not
	                     written back by formout.c */
};

/* The choice and the question that `select_one LIST or_other` adds. */
#define FORM_OTHER_CHOICE "other"
#define FORM_OTHER_SUFFIX "_other"

/* Appearance flags of interest to rendering. */
enum {
	APP_MULTILINE = 1 << 0,
	APP_MINIMAL = 1 << 1,
	APP_LIKERT = 1 << 2
};

struct question {
	enum q_type type;
	char *name;               /* unique in the form; NULL for end_group */
	struct text label;
	struct text hint;
	struct text image;          /* media::image (see struct choice) */
	int required;
	struct text required_message;
	struct expr *relevant;      /* NULL when always relevant */
	char *relevant_src;
	struct expr *constraint;    /* NULL when unconstrained */
	char *constraint_src;
	struct text constraint_message;
	unsigned appearance;        /* APP_* flags */
	char *default_value;        /* NULL when none */
	double range_start, range_end, range_step;  /* Q_RANGE only */
	const struct choice_list *list;  /* select types only; borrowed from form */
	int or_other;               /* select ... or_other: `list` is the
	                               synthetic list with the "other" choice,
	                               and the question NAME_other follows */
	int synthetic;              /* made by the loader (NAME_other), not
	                               written back by formout.c */
	struct expr *calculation;   /* Q_CALCULATE: the value to store */
	char *calculation_src;
	struct expr *choice_filter; /* select types: which choices to offer,
	                               NULL for all (form_choice_offered) */
	char *choice_filter_src;    /* as written in the definition */
	int depth;                  /* group nesting depth of the question */
	int line;                   /* line in the definition file */
};

/* One row of the indicators sheet. */
enum measure {
	M_MEETINGS,   /* number of meetings held with this form */
	M_RESPONSES,  /* number of responses */
	M_COUNT,      /* responses where `question` equals (or selected) `valeur` */
	M_DISTINCT,   /* distinct values given to `question` */
	M_MEAN,       /* mean of a numeric `question` */
	M_TEXTS,      /* non-empty answers to a text `question` */
	M_SHARE,      /* percentage of respondents for whom M_COUNT holds */
	M_PARTICIPATION, /* the participation level reached, declared in
	                   `valeur`: information, consultation,
	                   concertation, coproduction or codécision */
	M_LEVELS,     /* meetings per network level, one row per level */
	M_CENTRES     /* centres represented: the meetings' host centres and
	                 the centres answered to `question` (by label), except
	                 the choices listed in `valeur` */
};

struct indicator {
	char *objet;
	char *indicateur;
	enum measure mesure;
	char *question;   /* NULL for meetings, responses */
	char *valeur;     /* count, share: the choice; participation: the
	                     level's canonical name; centres: the choices
	                     that name no centre, space-separated; NULL
	                     otherwise */
	int line;
};

/* The format a definition came in, chosen by its content. */
enum form_format { FORM_CSV, FORM_XLSX, FORM_ODS };

struct form {
	enum form_format format;  /* of `source` */
	char *id;          /* settings form_id, else the file's base name */
	char *title;       /* settings form_title, else the id */
	char *version;     /* settings version, may be NULL */
	int easy_read;     /* settings style=facile: larger text, one
	                      question per screen, smiley scales */
	int retention_days; /* settings retention_days: answers are deleted
	                       after this many days; 0 when not set.  It can
	                       only shorten the server's retention_days. */
	char hash[65];     /* SHA-256 (hex) of the definition's bytes */
	char **langs;      /* language names; langs[0] is the default */
	char **lang_codes; /* short codes ("fr", "en") for ?lang=; may be "" */
	size_t n_langs;
	struct question *questions;
	size_t n_questions;
	struct choice_list *lists;
	size_t n_lists;
	char **choice_cols;  /* the choices sheet's other columns (normalised
	                        headers), read by choice_filter expressions */
	size_t n_choice_cols;
	struct indicator *indicators;
	size_t n_indicators;
	char *source;      /* the definition's bytes, as loaded */
	size_t source_len;
	int64_t version_id; /* form_version row id once stored; 0 before */
};

/*
 * Parse a definition held in buf[0..len).  `file` is used in messages
 * and, when the settings sheet has no form_id, to derive the id (base name
 * without ".csv").  Every problem found is added to `d`.  Returns the form,
 * owned by the caller (form_free()), or NULL when there was any error.
 */
struct form *form_parse(const char *file, const char *buf, size_t len,
    struct diag *d);

/*
 * As form_parse(), feeding the CSV parser `chunk` bytes at a time (0: all
 * at once).  The result never depends on `chunk`; tests use it to prove
 * the parser at every split of its input.
 */
struct form *form_parse_chunked(const char *file, const char *buf,
    size_t len, size_t chunk, struct diag *d);

/* Number of characters (UTF-8 code points) of a string. */
size_t form_utf8_length(const char *s);

/* Read `path` and parse it as form_parse() does.  NULL on any error. */
struct form *form_load_file(const char *path, struct diag *d);

/*
 * How many days answers to `f` are kept, given the server's setting
 * (0: until purged): the shorter of the two that are set.
 */
int form_retention(const struct form *f, int server_days);

/* Free a form and everything it owns.  NULL is allowed. */
void form_free(struct form *f);

/* Look a question up by name.  NULL when absent. */
const struct question *form_question(const struct form *f, const char *name);

/*
 * Whether choice `c` of select question `q` is offered, given the answers
 * that `lookup` reads (expr.h): `q`'s choice_filter evaluated with the
 * choice's own cells.  In a filter as XLSForm writes it, a bare name is a
 * column of the choices sheet (`name` the choice's name): "departement =
 * ${departement}".  Always 1 without a filter.
 */
int form_choice_offered(const struct form *f, const struct question *q,
    const struct choice *c, const char *(*lookup)(const char *, void *),
    void *arg);

/*
 * Whether `name` is an acceptable media::image file name: 1 to 31 bytes
 * of letters, digits, '-', '_' and '.', not starting with '.', ending in
 * .png, .jpg, .jpeg, .gif or .webp (any case).  Then *type is its MIME
 * type (may be NULL).  Such a name never leaves the forms directory.
 */
int form_image_name(const char *name, const char **type);

/* The largest image file served, in bytes. */
#define FORM_IMAGE_MAX (512 * 1024)

/* Look a choice up in a list by name.  NULL when absent. */
const struct choice *form_choice(const struct choice_list *l,
    const char *name);

/*
 * Index of the language named by `code` ("fr", "English (en)", ...), or 0
 * (the default language) when the form does not have it.
 */
size_t form_lang(const struct form *f, const char *code);

/*
 * The text in language `lang`, falling back to the default language and
 * then to any language that has one.  Borrowed; "" when none.
 */
const char *form_text(const struct form *f, const struct text *t,
    size_t lang);

/* Name of a question type as written in definitions ("select_one"). */
const char *form_type_name(enum q_type t);

/*
 * Whether a file name in a forms directory is a definition: it ends in
 * .csv, .xlsx or .ods (any case) and is not hidden (temporary files of an
 * install start with a dot).
 */
int form_is_definition_name(const char *name);

/* The file extension of a format: ".csv", ".xlsx" or ".ods". */
const char *form_format_ext(enum form_format fmt);

/* Name of a measure as written in the indicators sheet. */
const char *form_measure_name(enum measure m);

#endif
