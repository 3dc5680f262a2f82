/*
 * store_centre.c - the SQL of the network's centres and levels (see
 * store.h): the lists the coordinators keep, and the link of a meeting to
 * its host centre.
 *
 * A name's key is fold_key() of it (fold.h), computed here in C and kept
 * in the `key` column; the SQL function fold() registered on every
 * connection computes the same key inside a statement, so that a meeting's
 * free text is matched to a centre without reading the meetings out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "i18n.h"
#include "store_int.h"
#include "util.h"

/* ---- fold() in SQL ---------------------------------------------------- */

static void
sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *t;
	char key[FOLD_KEY_MAX];
	int n;

	(void)argc;
	t = sqlite3_value_text(argv[0]);
	if (t == NULL || (n = fold_key((const char *)t, key, sizeof(key))) < 0) {
		sqlite3_result_null(ctx);
		return;
	}
	sqlite3_result_text(ctx, key, n, SQLITE_TRANSIENT);
}

int
store_centre_register(struct store *s)
{
	if (sqlite3_create_function_v2(s->db, "fold", 1, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL, sql_fold, NULL, NULL,
	    NULL) != SQLITE_OK)
		return store_fail(s, _("impossible d'enregistrer fold()"));
	return 0;
}

/* ---- statements ------------------------------------------------------- */

static const char sql_link_all[] =
    "UPDATE meeting SET centre_id = (SELECT c.id FROM centre c "
    "WHERE c.key = fold(meeting.centre)) "
    "WHERE centre_id IS NULL AND centre <> ''";
static const char sql_link_one[] =
    "UPDATE meeting SET centre_id = (SELECT c.id FROM centre c "
    "WHERE c.key = fold(meeting.centre)) WHERE id = ?1";
static const char sql_centre_each[] =
    "SELECT c.id, c.name, c.town, c.retired, "
    "coalesce((SELECT group_concat(network_id) FROM centre_network cn "
    "WHERE cn.centre_id = c.id), ''), "
    "(SELECT count(*) FROM meeting m WHERE m.centre_id = c.id) "
    "FROM centre c ORDER BY c.retired, c.key";
static const char sql_network_each[] =
    "SELECT n.id, n.name, n.retired, "
    "(SELECT count(*) FROM meeting m WHERE m.level = n.name) "
    "FROM network n ORDER BY n.retired, n.position, n.id";
static const char sql_centre_add[] =
    "INSERT INTO centre (name, key, town) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (key) DO NOTHING";
static const char sql_centre_update[] =
    "UPDATE centre SET name = ?2, key = ?3, town = ?4 WHERE id = ?1 AND "
    "NOT EXISTS (SELECT 1 FROM centre o WHERE o.key = ?3 AND o.id <> ?1)";
static const char sql_centre_exists[] = "SELECT count(*) FROM centre "
    "WHERE id = ?1";
static const char sql_centre_meetings[] =
    "UPDATE meeting SET centre = ?2 WHERE centre_id = ?1";
static const char sql_centre_unlink_networks[] =
    "DELETE FROM centre_network WHERE centre_id = ?1";
static const char sql_centre_link_network[] =
    "INSERT OR IGNORE INTO centre_network (centre_id, network_id) "
    "SELECT ?1, id FROM network WHERE id = ?2";
static const char sql_centre_retire[] =
    "UPDATE centre SET retired = ?2 WHERE id = ?1";
static const char sql_centre_find[] =
    "SELECT id, name, retired FROM centre WHERE key = ?1";
static const char sql_network_add[] =
    "INSERT INTO network (name, key, position) VALUES (?1, ?2, "
    "(SELECT coalesce(max(position), 0) + 1 FROM network)) "
    "ON CONFLICT (key) DO NOTHING";
static const char sql_network_name[] =
    "SELECT name FROM network WHERE id = ?1";
static const char sql_network_rename[] =
    "UPDATE network SET name = ?2, key = ?3 WHERE id = ?1 AND "
    "NOT EXISTS (SELECT 1 FROM network o WHERE o.key = ?3 AND o.id <> ?1)";
static const char sql_network_meetings[] =
    "UPDATE meeting SET level = ?2 WHERE level = ?1";
static const char sql_network_retire[] =
    "UPDATE network SET retired = ?2 WHERE id = ?1";
static const char sql_network_find[] =
    "SELECT id, name, retired FROM network WHERE key = ?1";

/* The key of a name into key; -1 when the name is empty or too long. */
static int
name_key(const char *name, char key[FOLD_KEY_MAX])
{
	if (name == NULL || fold_key(name, key, FOLD_KEY_MAX) <= 0)
		return -1;
	return 0;
}

/* A statement of one id and one integer: retire and restore. */
static int
set_int(struct store *s, const char *sql, int64_t id, int v)
{
	sqlite3_stmt *st = store_stmt(s, sql);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, v);
	if (store_run(s, st, _("impossible de mettre la liste à jour")) < 0)
		return -1;
	return sqlite3_changes(s->db) == 0 ? 2 : 0;
}

int
store_centre_link_all(struct store *s)
{
	return store_run(s, store_stmt(s, sql_link_all), _("impossible de "
	    "relier les rencontres à leurs centres"));
}

int
store_meeting_link_centre(struct store *s, int64_t meeting_id)
{
	sqlite3_stmt *st = store_stmt(s, sql_link_one);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, meeting_id);
	return store_run(s, st, _("impossible de relier une rencontre à son "
	    "centre"));
}

/* ---- listing ---------------------------------------------------------- */

int
store_centre_each(struct store *s,
    int (*fn)(const struct store_centre *c, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(s, sql_centre_each);
	struct store_centre c;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c.id = sqlite3_column_int64(st, 0);
		c.name = (const char *)sqlite3_column_text(st, 1);
		c.town = (const char *)sqlite3_column_text(st, 2);
		c.retired = sqlite3_column_int(st, 3);
		c.networks = (const char *)sqlite3_column_text(st, 4);
		c.n_meetings = sqlite3_column_int64(st, 5);
		if (c.name == NULL || c.town == NULL || c.networks == NULL)
			continue;
		if (fn(&c, arg) != 0)
			break;
	}
	return store_rows_end(s, st, rc, _("impossible de lister les "
	    "centres"));
}

int
store_network_each(struct store *s,
    int (*fn)(const struct store_network *n, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(s, sql_network_each);
	struct store_network n;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n.id = sqlite3_column_int64(st, 0);
		n.name = (const char *)sqlite3_column_text(st, 1);
		n.retired = sqlite3_column_int(st, 2);
		n.n_meetings = sqlite3_column_int64(st, 3);
		if (n.name == NULL)
			continue;
		if (fn(&n, arg) != 0)
			break;
	}
	return store_rows_end(s, st, rc, _("impossible de lister les "
	    "niveaux du réseau"));
}

/* ---- centres ---------------------------------------------------------- */

/* Replace the levels of centre `id` by `networks`; 0 or -1. */
static int
set_networks(struct store *s, int64_t id, const int64_t *networks, size_t n)
{
	sqlite3_stmt *st = store_stmt(s, sql_centre_unlink_networks);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (store_run(s, st, _("impossible de changer les niveaux d'un "
	    "centre")) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if ((st = store_stmt(s, sql_centre_link_network)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, networks[i]);
		if (store_run(s, st, _("impossible de changer les niveaux "
		    "d'un centre")) < 0)
			return -1;
	}
	return 0;
}

int
store_centre_add(struct store *s, const char *name, const char *town,
    const int64_t *networks, size_t n, int64_t *id)
{
	char key[FOLD_KEY_MAX];
	sqlite3_stmt *st;
	int64_t new_id;

	if (name_key(name, key) < 0)
		return 1;
	if (store_begin(s) < 0)
		return -1;
	if ((st = store_stmt(s, sql_centre_add)) == NULL)
		goto fail;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, key);
	store_bind_text(st, 3, town != NULL ? town : "");
	if (store_run(s, st, _("impossible d'ajouter un centre")) < 0)
		goto fail;
	if (sqlite3_changes(s->db) == 0) {
		store_rollback(s);
		return 1;
	}
	new_id = sqlite3_last_insert_rowid(s->db);
	if (set_networks(s, new_id, networks, n) < 0 ||
	    store_centre_link_all(s) < 0 || store_commit(s) < 0)
		goto fail;
	if (id != NULL)
		*id = new_id;
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int
store_centre_update(struct store *s, int64_t id, const char *name,
    const char *town, const int64_t *networks, size_t n)
{
	char key[FOLD_KEY_MAX];
	sqlite3_stmt *st;
	int64_t exists = 0;

	if (name_key(name, key) < 0)
		return 1;
	if (store_begin(s) < 0)
		return -1;
	if ((st = store_stmt(s, sql_centre_exists)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if (store_step_int64(s, st, &exists, _("impossible de lire un "
	    "centre")) < 0)
		goto fail;
	if (exists == 0) {
		store_rollback(s);
		return 2;
	}
	if ((st = store_stmt(s, sql_centre_update)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, key);
	store_bind_text(st, 4, town != NULL ? town : "");
	if (store_run(s, st, _("impossible de modifier un centre")) < 0)
		goto fail;
	if (sqlite3_changes(s->db) == 0) {
		store_rollback(s);
		return 1;
	}
	/* Meetings typed with the new name are linked, then all of its
	 * meetings show that name. */
	if (store_centre_link_all(s) < 0 ||
	    (st = store_stmt(s, sql_centre_meetings)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, name);
	if (store_run(s, st, _("impossible de renommer les rencontres d'un "
	    "centre")) < 0 ||
	    set_networks(s, id, networks, n) < 0 || store_commit(s) < 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return -1;
}

int
store_centre_set_retired(struct store *s, int64_t id, int retired)
{
	return set_int(s, sql_centre_retire, id, retired != 0);
}

/* ---- levels ----------------------------------------------------------- */

int
store_network_add(struct store *s, const char *name, int64_t *id)
{
	char key[FOLD_KEY_MAX];
	sqlite3_stmt *st;

	if (name_key(name, key) < 0)
		return 1;
	if ((st = store_stmt(s, sql_network_add)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, key);
	if (store_run(s, st, _("impossible d'ajouter un niveau de réseau")) < 0)
		return -1;
	if (sqlite3_changes(s->db) == 0)
		return 1;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_network_rename(struct store *s, int64_t id, const char *name)
{
	char key[FOLD_KEY_MAX];
	sqlite3_stmt *st;
	char *old = NULL;
	int rc = -1;

	if (name_key(name, key) < 0)
		return 1;
	if (store_begin(s) < 0)
		return -1;
	if ((st = store_stmt(s, sql_network_name)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		old = store_col_text(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? 2 : store_fail(s, _("impossible de "
		    "lire un niveau"));
		goto out;
	}
	rc = -1;
	if ((st = store_stmt(s, sql_network_rename)) == NULL)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, name);
	store_bind_text(st, 3, key);
	if (store_run(s, st, _("impossible de renommer un niveau")) < 0)
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		rc = 1;
		goto out;
	}
	if ((st = store_stmt(s, sql_network_meetings)) == NULL)
		goto out;
	store_bind_text(st, 1, old);
	store_bind_text(st, 2, name);
	if (store_run(s, st, _("impossible de renommer les rencontres d'un "
	    "niveau")) < 0 ||
	    store_commit(s) < 0)
		goto out;
	rc = 0;
out:
	if (rc != 0)
		store_rollback(s);
	free(old);
	return rc;
}

int
store_network_set_retired(struct store *s, int64_t id, int retired)
{
	return set_int(s, sql_network_retire, id, retired != 0);
}

/* ---- look-ups --------------------------------------------------------- */

static int
find(struct store *s, const char *sql, const char *text, int64_t *id,
    char **name, int *retired)
{
	char key[FOLD_KEY_MAX];
	sqlite3_stmt *st;
	int rc;

	if (name_key(text, key) < 0)
		return 1;
	if ((st = store_stmt(s, sql)) == NULL)
		return -1;
	store_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (id != NULL)
			*id = sqlite3_column_int64(st, 0);
		if (name != NULL)
			*name = store_col_text(st, 1);
		if (retired != NULL)
			*retired = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : store_fail(s, _("impossible de "
	    "chercher un nom"));
}

int
store_centre_find(struct store *s, const char *text, int64_t *id,
    char **name, int *retired)
{
	return find(s, sql_centre_find, text, id, name, retired);
}

int
store_network_find(struct store *s, const char *text, int64_t *id,
    char **name, int *retired)
{
	return find(s, sql_network_find, text, id, name, retired);
}
