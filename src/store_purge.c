/*
 * store_purge.c - deleting answers for good (store.h, "purge"): the
 * retention period and `recueil purge`.
 *
 * The rows go with secure_delete on, so their bytes are overwritten in the
 * pages SQLite frees; store_vacuum() then rebuilds the file without the
 * free pages and truncates the WAL, so that nothing a resident said
 * survives in the database's files once it is purged.
 */
#include <stdio.h>

#include "i18n.h"
#include "store_int.h"

static const char sql_secure_on[] = "PRAGMA secure_delete = ON";
static const char sql_purge[] =
    "DELETE FROM response WHERE submitted_at < ?1 AND (?2 IS NULL OR "
    "meeting_id IN (SELECT id FROM meeting WHERE form_id = ?2))";
static const char sql_vacuum[] = "VACUUM";
static const char sql_checkpoint[] = "PRAGMA wal_checkpoint(TRUNCATE)";

int
store_purge_before(struct store *s, int64_t before, const char *form_id,
    int64_t *deleted)
{
	sqlite3_stmt *st;
	int rc;

	*deleted = 0;
	if (store_step_done(s, sql_secure_on, _("impossible de régler "
	    "secure_delete")) < 0)
		return -1;
	if ((st = store_stmt(s, sql_purge)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, before);
	store_bind_text(st, 2, form_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, _("impossible d'effacer les réponses"));
	*deleted = sqlite3_changes64(s->db);
	return 0;
}

int
store_vacuum(struct store *s)
{
	if (store_step_done(s, sql_vacuum, _("impossible de compacter la "
	    "base")) < 0)
		return -1;
	return store_step_done(s, sql_checkpoint, _("impossible de reporter "
	    "le journal WAL"));
}
