/*
 * store_int.h - internals shared by the files of the storage module
 * (src/store*.c).  Nothing outside the storage module includes this.
 */
#ifndef RECUEIL_STORE_INT_H
#define RECUEIL_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

/*
 * Statements are prepared on first use and kept for the connection's life;
 * the source holds about 120 distinct SQL strings, so a long-lived
 * connection (the writer's, a worker's) may come to hold most of them.
 */
#define STORE_MAX_STMTS 256

struct store {
	sqlite3 *db;
	struct {
		const char *sql;      /* identity of a static const string */
		sqlite3_stmt *stmt;
	} stmts[STORE_MAX_STMTS];
	size_t n_stmts;
	/* The low bits of new response ids (NULL: libsodium's generator). */
	uint32_t (*id_random)(void *arg);
	void *id_random_arg;
	char err[512];
};

/*
 * The statement for `sql`, prepared on first use on this connection and
 * cached by the address of the string (pass static const strings only).
 * The statement is reset and its bindings cleared before it is returned.
 * NULL on error, with the message in s->err.
 */
sqlite3_stmt *store_stmt(struct store *s, const char *sql);

/* Record the connection's current error, prefixed by `what`; returns -1. */
int store_fail(struct store *s, const char *what);

/*
 * Step the statement for `sql` until it is done (rows are skipped) and
 * reset it.  Returns 0, or -1 with "what: sqlite message" kept.
 */
int store_step_done(struct store *s, const char *sql, const char *what);

/*
 * After a loop over the rows of `st` that stopped on `rc` (the last
 * sqlite3_step, SQLITE_ROW when the loop broke off): reset it.  Returns 0,
 * or -1 when the step failed, with "what: sqlite message" kept.
 */
int store_rows_end(struct store *s, sqlite3_stmt *st, int rc,
    const char *what);

/*
 * Step `st` (prepared and bound; NULL passes a preparation failure
 * through), a statement that returns no row, once and reset it.  Returns
 * 0, or -1 with "what: sqlite message" kept.
 */
int store_run(struct store *s, sqlite3_stmt *st, const char *what);

/* store_run for an UPDATE or a DELETE: 0, 1 when it changed no row (what
 * it names does not exist), or -1. */
int store_run_changed(struct store *s, sqlite3_stmt *st, const char *what);

/*
 * Step `st` (prepared and bound; NULL passes a preparation failure
 * through) once, put its first column in *n and reset it: every count
 * and every one-number query.  Returns 0, or -1 when there is no row or
 * on error, with "what: sqlite message" kept.
 */
int store_step_int64(struct store *s, sqlite3_stmt *st, int64_t *n,
    const char *what);

/* Bind helpers: text may be NULL (binds NULL). */
int store_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Copy a column as a new string ("" for NULL); the caller frees it. */
char *store_col_text(sqlite3_stmt *st, int i);

/*
 * The columns of a meeting as store_meeting_row reads them (the table is
 * `m`): its fields, its number of responses, its demo mark.
 */
#define MEETING_COLS \
	"m.id, m.code, m.form_id, m.title, m.date, m.level, m.centre, " \
	"m.place, m.closed, m.created_at, " \
	"(SELECT count(*) FROM response r WHERE r.meeting_id = m.id), m.demo"

/* Fill `m` from a row of MEETING_COLS (release with store_meeting_release). */
void store_meeting_row(sqlite3_stmt *st, struct meeting *m);

/*
 * Step `st` (prepared, bound) through its rows of MEETING_COLS, calling
 * fn(meeting, arg) for each until it returns nonzero.  Returns 0, or -1
 * (store_error says why).
 */
int store_meeting_rows(struct store *s, sqlite3_stmt *st,
    int (*fn)(const struct meeting *m, void *arg), void *arg);

/* Bind a meeting's fields code, form, title, date, level, centre and
 * place (the last three "" when NULL) to parameters 1 to 7. */
void store_meeting_bind(sqlite3_stmt *st, const struct meeting *m);

/*
 * Register the SQL function fold(text) (fold_key of fold.h; NULL for NULL
 * or a key too long) on a new connection: deterministic and direct-only
 * (never usable from the schema), so the database file stays readable by
 * any SQLite tool.  Returns 0 or -1 (store_centre.c).
 */
int store_centre_register(struct store *s);

/*
 * Link every meeting without a centre whose host centre text folds to a
 * listed centre's key (inside the caller's transaction).  0 or -1.
 */
int store_centre_link_all(struct store *s);

#endif
