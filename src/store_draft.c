/*
 * store_draft.c - the SQL of the form editor's drafts (see store_draft.h).
 */
#include <stdlib.h>
#include <string.h>

#include "store_draft.h"
#include "i18n.h"
#include "store_int.h"
#include "util.h"

static const char sql_draft_add[] =
    "INSERT INTO draft (title, source, version, created_by, created_at, "
    "updated_by, updated_at) VALUES (?1, ?2, 1, ?3, ?4, ?3, ?4)";
static const char sql_draft_get[] =
    "SELECT id, title, version, created_by, created_at, updated_by, "
    "updated_at, source FROM draft WHERE id = ?1";
static const char sql_draft_save[] =
    "UPDATE draft SET title = ?3, source = ?4, version = version + 1, "
    "updated_by = ?5, updated_at = ?6 WHERE id = ?1 AND version = ?2";
static const char sql_draft_exists[] =
    "SELECT count(*) FROM draft WHERE id = ?1";
static const char sql_draft_delete[] = "DELETE FROM draft WHERE id = ?1";
static const char sql_draft_each[] =
    "SELECT id, title, version, created_by, created_at, updated_by, "
    "updated_at FROM draft ORDER BY updated_at DESC, id DESC";

void
store_draft_release(struct draft *d)
{
	free(d->title);
	free(d->source);
	free(d->created_by);
	free(d->updated_by);
	memset(d, 0, sizeof(*d));
}

static void
draft_row(sqlite3_stmt *st, struct draft *d)
{
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->title = store_col_text(st, 1);
	d->version = sqlite3_column_int64(st, 2);
	d->created_by = store_col_text(st, 3);
	d->created_at = sqlite3_column_int64(st, 4);
	d->updated_by = store_col_text(st, 5);
	d->updated_at = sqlite3_column_int64(st, 6);
}

int
store_draft_add(struct store *s, const char *title, const char *source,
    size_t len, const char *user, int64_t now, int64_t *id)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_draft_add)) == NULL)
		return -1;
	store_bind_text(st, 1, title);
	sqlite3_bind_blob(st, 2, source, (int)len, SQLITE_STATIC);
	store_bind_text(st, 3, user);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)now);
	if (store_run(s, st, _("impossible d'ajouter un brouillon")) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_draft_get(struct store *s, int64_t id, struct draft *d)
{
	sqlite3_stmt *st;
	int rc;
	const void *blob;
	int n;

	if ((st = store_stmt(s, sql_draft_get)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		draft_row(st, d);
		blob = sqlite3_column_blob(st, 7);
		n = sqlite3_column_bytes(st, 7);
		d->source = xmalloc((size_t)n + 1);
		if (n > 0)
			memcpy(d->source, blob, (size_t)n);
		d->source[n] = '\0';
		d->source_len = (size_t)n;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : store_fail(s, _("impossible de lire "
	    "un brouillon"));
}

int
store_draft_save(struct store *s, int64_t id, int64_t version,
    const char *title, const char *source, size_t len, const char *user,
    int64_t now)
{
	sqlite3_stmt *st;
	int64_t n;

	if ((st = store_stmt(s, sql_draft_save)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)version);
	store_bind_text(st, 3, title);
	sqlite3_bind_blob(st, 4, source, (int)len, SQLITE_STATIC);
	store_bind_text(st, 5, user);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)now);
	if (store_run(s, st, _("impossible d'enregistrer un brouillon")) < 0)
		return -1;
	if (sqlite3_changes(s->db) > 0)
		return 0;
	/* Nothing changed: the draft is gone, or its version moved on. */
	st = store_stmt(s, sql_draft_exists);
	if (st != NULL)
		sqlite3_bind_int64(st, 1, (sqlite3_int64)id);
	if (store_step_int64(s, st, &n, _("impossible de lire un brouillon")) < 0)
		return -1;
	return n == 0 ? 1 : 2;
}

int
store_draft_delete(struct store *s, int64_t id)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_draft_delete)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)id);
	return store_run_changed(s, st, _("impossible d'effacer un "
	    "brouillon"));
}

int
store_draft_each(struct store *s,
    int (*fn)(const struct draft *d, void *arg), void *arg)
{
	sqlite3_stmt *st;
	struct draft d;
	int rc;

	if ((st = store_stmt(s, sql_draft_each)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop;

		draft_row(st, &d);
		stop = fn(&d, arg);
		store_draft_release(&d);
		if (stop)
			break;
	}
	return store_rows_end(s, st, rc, _("impossible de lister les "
	    "brouillons"));
}
