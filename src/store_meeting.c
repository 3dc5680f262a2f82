/*
 * store_meeting.c - the storage module's queries for the meetings as the
 * staff pages keep them: edit, delete, the demonstration meeting, and the
 * list searched, filtered and cut into pages (see the "meetings, as
 * they are kept" section of store.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store_int.h"
#include "util.h"

/*
 * The list's filter: ?1 form, ?2 level, ?3 centre (a part of it, any
 * case of ASCII letters), ?4 and ?5 the first and last dates, ?6 open
 * (0) or closed (1) or NULL, ?7 text found in the title, centre, place
 * or code.  A NULL leaves its test out.  instr() rather than LIKE: what
 * people type (a "%" or "_") is looked for as it is.
 */
#define LIST_FILTER \
	"(?1 IS NULL OR m.form_id = ?1) AND (?2 IS NULL OR m.level = ?2) " \
	"AND (?3 IS NULL OR instr(lower(m.centre), lower(?3)) > 0) " \
	"AND (?4 IS NULL OR m.date >= ?4) AND (?5 IS NULL OR m.date <= ?5) " \
	"AND (?6 IS NULL OR m.closed = ?6) " \
	"AND (?7 IS NULL OR instr(lower(m.title), lower(?7)) > 0 " \
	"  OR instr(lower(m.centre), lower(?7)) > 0 " \
	"  OR instr(lower(m.place), lower(?7)) > 0 " \
	"  OR instr(m.code, upper(?7)) > 0)"

static const char sql_list[] =
    "SELECT " MEETING_COLS " FROM meeting m WHERE " LIST_FILTER
    " ORDER BY m.date DESC, m.id DESC LIMIT ?8 OFFSET ?9";
static const char sql_list_count[] =
    "SELECT count(*) FROM meeting m WHERE " LIST_FILTER;
static const char sql_update[] =
    "UPDATE meeting SET form_id = ?2, title = ?3, date = ?4, level = ?5, "
    "centre = ?6, place = ?7 WHERE code = ?1";
/* Its responses go with it (ON DELETE CASCADE), answers with them. */
static const char sql_delete[] = "DELETE FROM meeting WHERE code = ?1";
static const char sql_centres[] =
    "SELECT DISTINCT centre FROM meeting WHERE centre <> '' "
    "ORDER BY centre LIMIT ?1";
static const char sql_demo_due[] =
    "SELECT NOT EXISTS (SELECT 1 FROM meeting) AND "
    "NOT EXISTS (SELECT 1 FROM meta WHERE key = 'demo-made')";
static const char sql_demo_made[] =
    "INSERT INTO meta (key, value) VALUES ('demo-made', x'01') "
    "ON CONFLICT (key) DO NOTHING";

/* Bind the filter of `q` to ?1..?7. */
static void
bind_filter(sqlite3_stmt *st, const struct store_meeting_query *q)
{
	store_bind_text(st, 1, q->form_id);
	store_bind_text(st, 2, q->level);
	store_bind_text(st, 3, q->centre);
	store_bind_text(st, 4, q->from);
	store_bind_text(st, 5, q->to);
	if (q->state >= 0)
		sqlite3_bind_int(st, 6, q->state != 0);
	store_bind_text(st, 7, q->text);
}

int
store_meeting_find(struct store *s, const struct store_meeting_query *q,
    int (*fn)(const struct meeting *m, void *arg), void *arg, int64_t *total)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_list_count)) == NULL)
		return -1;
	bind_filter(st, q);
	if (store_step_int64(s, st, total, _("impossible de compter les "
	    "rencontres")) < 0)
		return -1;
	if ((st = store_stmt(s, sql_list)) == NULL)
		return -1;
	bind_filter(st, q);
	sqlite3_bind_int64(st, 8, q->limit);
	sqlite3_bind_int64(st, 9, q->offset);
	return store_meeting_rows(s, st, fn, arg);
}

int
store_meeting_centres(struct store *s, size_t max,
    int (*fn)(const char *centre, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql_centres)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *c = sqlite3_column_text(st, 0);

		if (fn(c != NULL ? (const char *)c : "", arg))
			break;
	}
	return store_rows_end(s, st, rc, _("impossible de lister les "
	    "centres"));
}

int
store_meeting_update(struct store *s, const struct meeting *m)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_update)) == NULL)
		return -1;
	store_meeting_bind(st, m);
	return store_run_changed(s, st, _("impossible de modifier une "
	    "rencontre"));
}

int
store_meeting_delete(struct store *s, const char *code)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_delete)) == NULL)
		return -1;
	store_bind_text(st, 1, code);
	return store_run_changed(s, st, _("impossible d'effacer une "
	    "rencontre"));
}

int
store_meeting_demo_due(struct store *s, int *due)
{
	int64_t v = 0;

	if (store_step_int64(s, store_stmt(s, sql_demo_due), &v,
	    _("impossible de chercher les rencontres")) < 0)
		return -1;
	*due = v != 0;
	return 0;
}

int
store_meeting_demo_made(struct store *s)
{
	return store_step_done(s, sql_demo_made, _("impossible de noter la "
	    "démonstration"));
}
