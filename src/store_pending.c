/*
 * store_pending.c - forms waiting for their preview to be published
 * (store.h, "forms waiting to be published").
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store_int.h"
#include "util.h"

static const char sql_pending_purge[] =
    "DELETE FROM form_pending WHERE created_at < ?1";
static const char sql_pending_put[] =
    "INSERT OR REPLACE INTO form_pending (session, file, source, back, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_pending_get[] =
    "SELECT file, source, back, created_at FROM form_pending "
    "WHERE session = ?1 AND created_at >= ?2";
static const char sql_pending_delete[] =
    "DELETE FROM form_pending WHERE session = ?1";

void
store_pending_release(struct store_pending *p)
{
	free(p->file);
	free(p->source);
	free(p->back);
	memset(p, 0, sizeof(*p));
}

int
store_pending_put(struct store *s, const unsigned char *session,
    const char *file, const char *source, size_t len, const char *back,
    int64_t now)
{
	sqlite3_stmt *st;

	if (len > STORE_PENDING_MAX)
		return 1;
	if ((st = store_stmt(s, sql_pending_purge)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now - STORE_PENDING_LIFETIME);
	if (store_run(s, st, _("impossible d'oublier les anciens "
	    "questionnaires en attente")) < 0)
		return -1;
	if ((st = store_stmt(s, sql_pending_put)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, session, 32, SQLITE_STATIC);
	store_bind_text(st, 2, file);
	/* A zero-length blob must not bind as NULL (NOT NULL column). */
	sqlite3_bind_blob(st, 3, len > 0 ? source : "", (int)len,
	    SQLITE_STATIC);
	store_bind_text(st, 4, back);
	sqlite3_bind_int64(st, 5, now);
	return store_run(s, st, _("impossible de garder le questionnaire en "
	    "attente"));
}

int
store_pending_get(struct store *s, const unsigned char *session, int64_t now,
    struct store_pending *p)
{
	sqlite3_stmt *st;
	const void *blob;
	int rc, n;

	memset(p, 0, sizeof(*p));
	if ((st = store_stmt(s, sql_pending_get)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, session, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now - STORE_PENDING_LIFETIME);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(st);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_fail(s, _("impossible de lire le questionnaire "
		    "en attente"));
	}
	p->file = store_col_text(st, 0);
	blob = sqlite3_column_blob(st, 1);
	n = sqlite3_column_bytes(st, 1);
	p->len = n > 0 ? (size_t)n : 0;
	p->source = xmalloc(p->len + 1);
	if (p->len > 0)
		memcpy(p->source, blob, p->len);
	p->source[p->len] = '\0';
	p->back = store_col_text(st, 2);
	p->created_at = sqlite3_column_int64(st, 3);
	sqlite3_reset(st);
	return 0;
}

int
store_pending_delete(struct store *s, const unsigned char *session)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_pending_delete)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, session, 32, SQLITE_STATIC);
	return store_run(s, st, _("impossible d'effacer le questionnaire en "
	    "attente"));
}
