/*
 * stats.h - the statistics core: per-question figures and the values of
 * the evaluation table, computed from answers streamed to it.
 *
 * A pure module: no SQLite, no evhttp, no I/O.  The storage module streams
 * the answers of a selection (a meeting, a form over a period) to
 * stats_answer(), and counts what only it can count (responses, meetings,
 * network levels, host centres) into the same struct stats; the callers
 * then read figures from it:
 *   - the meeting results page (results.c): bars per choice or scale step,
 *     n, mean, min and max;
 *   - the stats export (export.c): counts per choice, numeric n, mean,
 *     median, min, max, non-empty text answers;
 *   - the evaluation export (export.c): one value per row of the forms'
 *     indicators sheets, each measure computed by the rule declared for
 *     it in stats.c's table of measures.
 *
 * Memory is bounded by the number of distinct values of the watched
 * questions, never by the number of responses: a question's values are
 * kept in a hash table with their counts, and a question whose values are
 * not needed (free text) is only counted.
 */
#ifndef RECUEIL_STATS_H
#define RECUEIL_STATS_H

#include <stddef.h>
#include <stdint.h>

struct form;
struct indicator;

/* ---- sets of names ----------------------------------------------------- */

/*
 * A set of strings compared without regard to ASCII case (centres named
 * "Vierzon" by one meeting and "vierzon" by another are one centre).
 */
struct stats_set {
	char **slots;      /* open addressing; NULL: empty */
	size_t cap, n;
};

/* Add `len` bytes of `s` (copied) unless an equal string is there. */
void stats_set_add(struct stats_set *set, const char *s, size_t len);

/* Free what the set owns; it is empty and reusable afterwards. */
void stats_set_release(struct stats_set *set);

/* ---- the aggregate of a selection --------------------------------------- */

/* One distinct value of a question and how many answers gave it. */
struct stats_value {
	char *value;       /* NULL: empty slot */
	size_t len;
	uint64_t hash;
	int64_t n;
};

struct stats_question {
	const char *name;  /* borrowed from the caller */
	int keep;          /* keep the distinct values, else only count */
	int64_t answered;  /* non-empty answers */
	struct stats_value *slots;
	size_t cap, used;
};

struct stats_level {
	char *name;        /* "" when the meeting gave none */
	int64_t n;
};

struct stats {
	struct stats_question *v;
	size_t n;
	size_t *index;     /* open addressing on names: i + 1, 0 empty */
	size_t icap;
	/* Counted by the caller (the storage module knows them). */
	int64_t responses;
	int64_t meetings;
	struct stats_level *levels;
	size_t n_levels;
	struct stats_set hosts;   /* the meetings' host centres */
};

/* An empty aggregate (no question watched, every count 0). */
void stats_init(struct stats *st);

/* Free what `st` owns; stats_init again before reuse. */
void stats_release(struct stats *st);

/*
 * Watch question `name` (borrowed: it must outlive `st`), keeping its
 * distinct values when `keep` (choices, numbers, indicators), else only
 * counting its non-empty answers.  Watching a name twice keeps its values
 * if either call asked for them.  Answers to questions that are not
 * watched are ignored.
 */
void stats_watch(struct stats *st, const char *name, int keep);

/*
 * Count `n` answers that gave `value` (`len` bytes, not necessarily
 * NUL-terminated) to `question`.  An empty or all-space value is no
 * answer.  Unwatched questions are ignored.
 */
void stats_answer(struct stats *st, const char *question, const char *value,
    size_t len, int64_t n);

/* Add `n` meetings at network level `level` ("" when none). */
void stats_add_level(struct stats *st, const char *level, int64_t n);

/* Add a meeting's host centre (ignored when empty). */
void stats_add_host(struct stats *st, const char *centre);

/*
 * The aggregate of question `name`: never NULL (an unwatched or unknown
 * question reads as one nobody answered).  Borrowed from `st`.
 */
const struct stats_question *stats_question(const struct stats *st,
    const char *name);

/* Whether `count` must be hidden: at least one and fewer than min_count
 * (small groups stay anonymous). */
int stats_hidden(int64_t count, int min_count);

/* ---- per-question figures --------------------------------------------- */

/* How many answers chose each choice. */
struct stats_choice {
	const char *name;  /* the caller's name, or the value itself for a
	                      value outside the list (owned by the result) */
	int64_t n;
};

struct stats_choices {
	struct stats_choice *v;
	size_t n;          /* listed choices first, then values outside the
	                      list in byte order */
	size_t n_listed;
	int64_t answered;  /* non-empty answers */
};

/*
 * Count the answers of `q` per choice: the `n_names` names of `names`
 * (borrowed, they must outlive `out`) in their order, then each other
 * value given.  With `multiple`, a value is a space-separated list of
 * choices, each counted.  Release `out` with stats_choices_release.
 */
void stats_choices(const struct stats_question *q, const char *const *names,
    size_t n_names, int multiple, struct stats_choices *out);
void stats_choices_release(struct stats_choices *c);

struct stats_numbers {
	int64_t n;         /* answers that are numbers */
	double sum, mean, median, min, max;   /* 0 when n is 0 */
};

/*
 * The numbers answered to `q`: values that are not numbers in full
 * (another version of the form may have asked for text) are left out.
 * The median of an even count is the mean of the two middle values.
 */
void stats_numbers(const struct stats_question *q, struct stats_numbers *out);

/*
 * Call fn for each distinct number answered to `q`, ascending, with its
 * count (equal numbers written differently, "5" and "5.0", are one).
 * Stops early when fn returns non-zero.
 */
void stats_number_counts(const struct stats_question *q,
    int (*fn)(double v, int64_t n, void *arg), void *arg);

/* `s` (`len` bytes) read as a decimal number in full, spaces around it
 * allowed.  Returns 0 and *v, or -1. */
int stats_parse_number(const char *s, size_t len, double *v);

/* ---- the evaluation table --------------------------------------------- */

/* What the storage module must count for a form's indicators. */
enum {
	STATS_NEED_RESPONSES = 1,
	STATS_NEED_MEETINGS = 2,
	STATS_NEED_LEVELS = 4,
	STATS_NEED_HOSTS = 8
};

/* One row being computed, maybe declared alike by several forms. */
struct stats_row {
	const struct indicator *ind;   /* the first declaration (borrowed) */
	int64_t count, total;
	double sum;
	struct stats_set set;
	struct stats_level *levels;
	size_t n_levels;
};

struct stats_eval {
	struct stats_row *v;
	size_t n;
};

/*
 * Watch the questions `f`'s indicators read in `st`, and return what the
 * caller must count into `st` besides the answers (STATS_NEED_* bits).
 */
unsigned stats_eval_prepare(const struct form *f, struct stats *st);

/*
 * Add form `f`'s indicators computed from `st` (the selection of that
 * form) to the table.  A row declared alike (same objet, indicateur,
 * mesure, question and valeur) by several forms is one row computed over
 * all of them: "Rencontres (toutes)" in every form counts every meeting.
 * `f` and its indicators are borrowed until stats_eval_release.
 */
void stats_eval_add(struct stats_eval *e, const struct form *f,
    const struct stats *st);

/* One value of the evaluation table, as written in a cell. */
struct stats_figure {
	const char *text;  /* a declared value (participation), else NULL */
	int has_value;     /* else the cell is empty (no answer to average) */
	double value;
	int prec;          /* decimals */
	int percent;       /* the value is a percentage (44.4 for 44.4 %) */
};

/*
 * Call fn for each row of the table, grouped by objet in the order the
 * objets first appear, then in declaration order; a levels row gives one
 * row per network level ("indicateur : level").  Stops early, returning
 * -1, when fn returns non-zero; else returns 0.
 */
int stats_eval_each(const struct stats_eval *e,
    int (*fn)(const char *objet, const char *indicateur,
    const struct stats_figure *fig, void *arg), void *arg);

void stats_eval_release(struct stats_eval *e);

#endif
