/*
 * store_journal.c - the SQL of the journal of staff actions (see
 * store.h): who created, changed, closed or deleted a meeting, published a
 * form, exported what, changed an account, and when.  It lives in the
 * database, so a backup (backup.h) keeps it with the data; it holds
 * account names and the names of what they acted on, never an answer.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "store_int.h"
#include "util.h"

static const char sql_journal_add[] =
    "INSERT INTO journal (at, who, action, what) VALUES (?1, ?2, ?3, ?4)";
static const char sql_journal_count[] = "SELECT count(*) FROM journal";
static const char sql_journal_page[] =
    "SELECT id, at, who, action, what FROM journal "
    "ORDER BY id DESC LIMIT ?2 OFFSET ?1";

/* The length of `s` cut to at most `max` bytes, at a character boundary. */
static size_t
cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

int
journal_add(struct store *s, const char *who, const char *action,
    const char *what)
{
	sqlite3_stmt *st = store_stmt(s, sql_journal_add);
	const char *w = what != NULL ? what : "";

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
	store_bind_text(st, 2, who != NULL ? who : "");
	store_bind_text(st, 3, action);
	sqlite3_bind_text(st, 4, w, (int)cut(w, JOURNAL_WHAT_MAX), SQLITE_STATIC);
	return store_run(s, st, _("impossible d'écrire le journal"));
}

int
store_journal_count(struct store *s, int64_t *n)
{
	return store_step_int64(s, store_stmt(s, sql_journal_count), n,
	    _("impossible de compter le journal"));
}

int
store_journal_each(struct store *s, int64_t offset, int64_t limit,
    int (*fn)(const struct store_journal_entry *e, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(s, sql_journal_page);
	struct store_journal_entry e;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, offset);
	sqlite3_bind_int64(st, 2, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		e.id = sqlite3_column_int64(st, 0);
		e.at = sqlite3_column_int64(st, 1);
		e.who = (const char *)sqlite3_column_text(st, 2);
		e.action = (const char *)sqlite3_column_text(st, 3);
		e.what = (const char *)sqlite3_column_text(st, 4);
		if (e.who == NULL || e.action == NULL || e.what == NULL)
			continue;
		if (fn(&e, arg) != 0)
			break;
	}
	return store_rows_end(s, st, rc, _("impossible de lire le journal"));
}
