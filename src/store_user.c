/*
 * store_user.c - the SQL of staff accounts and sessions (see store.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "store_int.h"
#include "util.h"

static const char sql_user_add[] =
    "INSERT INTO user (name, role, hash, created_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (name) DO NOTHING";
static const char sql_user_get[] =
    "SELECT id, name, role, hash, created_at, disabled, must_change "
    "FROM user WHERE name = ?1";
static const char sql_user_set_password[] =
    "UPDATE user SET hash = ?2, must_change = ?3 WHERE name = ?1";
static const char sql_user_set_disabled[] =
    "UPDATE user SET disabled = ?2 WHERE name = ?1";
static const char sql_user_set_hash[] =
    "UPDATE user SET hash = ?2 WHERE name = ?1";
static const char sql_user_end_sessions[] =
    "DELETE FROM session WHERE user_id = (SELECT id FROM user WHERE name = ?1)";
static const char sql_user_remove[] = "DELETE FROM user WHERE name = ?1";
static const char sql_user_each[] =
    "SELECT id, name, role, '', created_at, disabled, must_change "
    "FROM user ORDER BY name";
static const char sql_session_add[] =
    "INSERT INTO session (id, user_id, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)";
static const char sql_session_purge[] =
    "DELETE FROM session WHERE expires_at <= ?1";
static const char sql_session_get[] =
    "SELECT s.user_id, u.name, u.role, s.csrf, s.expires_at, u.must_change "
    "FROM session s JOIN user u ON u.id = s.user_id "
    "WHERE s.id = ?1 AND s.expires_at > ?2 AND u.disabled = 0";
static const char sql_session_delete[] = "DELETE FROM session WHERE id = ?1";

void
store_user_release(struct user *u)
{
	free(u->name);
	free(u->role);
	if (u->hash != NULL) {
		explicit_bzero(u->hash, strlen(u->hash));
		free(u->hash);
	}
	u->name = u->role = u->hash = NULL;
}

static void
user_row(sqlite3_stmt *st, struct user *u)
{
	u->id = sqlite3_column_int64(st, 0);
	u->name = store_col_text(st, 1);
	u->role = store_col_text(st, 2);
	u->hash = store_col_text(st, 3);
	u->created_at = sqlite3_column_int64(st, 4);
	u->disabled = sqlite3_column_int(st, 5);
	u->must_change = sqlite3_column_int(st, 6);
}

int
store_user_add(struct store *s, const char *name, const char *role,
    const char *hash)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_user_add)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, role);
	store_bind_text(st, 3, hash);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)time(NULL));
	return store_run_changed(s, st, _("impossible d'ajouter un compte"));
}

int
store_user_get(struct store *s, const char *name, struct user *u)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql_user_get)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		user_row(st, u);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : store_fail(s, _("impossible de lire "
	    "un compte"));
}

int
store_user_set_hash(struct store *s, const char *name, const char *hash)
{
	sqlite3_stmt *st;
	int changed;

	if (store_begin(s) < 0)
		return -1;
	if ((st = store_stmt(s, sql_user_set_hash)) == NULL)
		goto fail;
	store_bind_text(st, 1, name);
	store_bind_text(st, 2, hash);
	if (store_run(s, st, _("impossible de changer un mot de passe")) < 0)
		goto fail;
	changed = sqlite3_changes(s->db);
	/* A new password ends the sessions opened with the old one. */
	if ((st = store_stmt(s, sql_user_end_sessions)) == NULL)
		goto fail;
	store_bind_text(st, 1, name);
	if (store_run(s, st, _("impossible de fermer les connexions")) < 0 ||
	    store_commit(s) < 0)
		goto fail;
	return changed == 0 ? 1 : 0;
fail:
	store_rollback(s);
	return -1;
}

/*
 * Run `sql` (?1 the name, ?2 an integer, ?3 `hash` when not NULL), then
 * end the account's sessions when `end_sessions`, in one transaction.
 * Returns 0, 1 when no such account, -1 on error.
 */
static int
user_update(struct store *s, const char *sql, const char *name, int value,
    const char *hash, int end_sessions, const char *what)
{
	sqlite3_stmt *st;
	int changed;

	if (store_begin(s) < 0)
		return -1;
	if ((st = store_stmt(s, sql)) == NULL)
		goto fail;
	store_bind_text(st, 1, name);
	if (hash != NULL) {
		store_bind_text(st, 2, hash);
		sqlite3_bind_int(st, 3, value);
	} else {
		sqlite3_bind_int(st, 2, value);
	}
	if (store_run(s, st, what) < 0)
		goto fail;
	changed = sqlite3_changes(s->db);
	if (end_sessions) {
		if ((st = store_stmt(s, sql_user_end_sessions)) == NULL)
			goto fail;
		store_bind_text(st, 1, name);
		if (store_run(s, st, _("impossible de fermer les connexions")) < 0)
			goto fail;
	}
	if (store_commit(s) < 0)
		goto fail;
	return changed == 0 ? 1 : 0;
fail:
	store_rollback(s);
	return -1;
}

int
store_user_set_password(struct store *s, const char *name, const char *hash,
    int must_change)
{
	return user_update(s, sql_user_set_password, name, must_change != 0,
	    hash, 1, _("impossible de changer un mot de passe"));
}

int
store_user_set_disabled(struct store *s, const char *name, int disabled)
{
	return user_update(s, sql_user_set_disabled, name, disabled != 0, NULL,
	    disabled != 0, _("impossible de modifier un compte"));
}

int
store_user_remove(struct store *s, const char *name)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_user_remove)) == NULL)
		return -1;
	store_bind_text(st, 1, name);
	return store_run_changed(s, st, _("impossible de supprimer un "
	    "compte"));
}

int
store_user_each(struct store *s, int (*fn)(const struct user *u, void *arg),
    void *arg)
{
	sqlite3_stmt *st;
	struct user u;
	int rc;

	if ((st = store_stmt(s, sql_user_each)) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop;

		user_row(st, &u);
		stop = fn(&u, arg);
		store_user_release(&u);
		if (stop)
			break;
	}
	return store_rows_end(s, st, rc, _("impossible de lister les "
	    "comptes"));
}

int
store_session_add(struct store *s, const unsigned char *id, int64_t user_id,
    const unsigned char *csrf, int64_t expires_at, int64_t now)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_session_purge)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, now);
	if (store_run(s, st, _("impossible d'effacer les connexions")) < 0)
		return -1;
	if ((st = store_stmt(s, sql_session_add)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, id, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_blob(st, 3, csrf, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, expires_at);
	return store_run(s, st, _("impossible d'ouvrir une connexion"));
}

int
store_session_get(struct store *s, const unsigned char *id, int64_t now,
    struct session *se)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql_session_get)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, id, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *name = sqlite3_column_text(st, 1);
		const unsigned char *role = sqlite3_column_text(st, 2);

		memset(se, 0, sizeof(*se));
		se->user_id = sqlite3_column_int64(st, 0);
		snprintf(se->user, sizeof(se->user), "%s",
		    name ? (const char *)name : "");
		snprintf(se->role, sizeof(se->role), "%s",
		    role ? (const char *)role : "");
		if (sqlite3_column_bytes(st, 3) == 32)
			memcpy(se->csrf, sqlite3_column_blob(st, 3), 32);
		else
			rc = SQLITE_DONE;
		se->expires_at = sqlite3_column_int64(st, 4);
		se->must_change = sqlite3_column_int(st, 5);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : store_fail(s, _("impossible de lire "
	    "une connexion"));
}

int
store_session_delete(struct store *s, const unsigned char *id)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_session_delete)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, id, 32, SQLITE_STATIC);
	return store_run(s, st, _("impossible de fermer une connexion"));
}

/* ---- failed logins ---------------------------------------------------- */

static const char sql_login_expire[] =
    "DELETE FROM login_failure WHERE since <= ?1";
static const char sql_login_get[] =
    "SELECT failures FROM login_failure WHERE key = ?1";
static const char sql_login_count[] = "SELECT count(*) FROM login_failure";
static const char sql_login_add[] =
    "INSERT INTO login_failure (key, since, failures) VALUES (?1, ?2, 1) "
    "ON CONFLICT (key) DO UPDATE SET failures = failures + 1";
static const char sql_login_reset[] = "DELETE FROM login_failure WHERE key = ?1";

/* The failures counted for `key`: 0 when none, -1 on error. */
static int64_t
login_failures(struct store *s, const unsigned char *key)
{
	sqlite3_stmt *st = store_stmt(s, sql_login_get);
	int64_t n = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, key, STORE_LOGIN_KEY_LEN, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, _("impossible de lire les connexions "
		    "refusées"));
	return n;
}

int
store_login_count(struct store *s, int64_t *n)
{
	sqlite3_stmt *st = store_stmt(s, sql_login_count);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_fail(s, _("impossible de "
	    "compter les connexions refusées"));
}

int
store_login_attempt(struct store *s, const struct store_login_key *keys,
    size_t n, int64_t now, int64_t window, int64_t entries)
{
	sqlite3_stmt *st;
	int64_t rows, fresh = 0, f;
	int result = STORE_LOGIN_OK;
	size_t i;

	if (store_begin(s) < 0)
		return -1;
	if ((st = store_stmt(s, sql_login_expire)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)(now - window));
	if (store_run(s, st, _("impossible d'oublier les anciennes "
	    "connexions refusées")) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((f = login_failures(s, keys[i].key)) < 0)
			goto fail;
		if (f >= keys[i].max)
			result = STORE_LOGIN_BLOCKED;
		if (f == 0)
			fresh++;
	}
	if (result == STORE_LOGIN_OK && fresh > 0) {
		if (store_login_count(s, &rows) < 0)
			goto fail;
		if (rows + fresh > entries)
			result = STORE_LOGIN_FULL;
	}
	for (i = 0; result == STORE_LOGIN_OK && i < n; i++) {
		if ((st = store_stmt(s, sql_login_add)) == NULL)
			goto fail;
		sqlite3_bind_blob(st, 1, keys[i].key, STORE_LOGIN_KEY_LEN,
		    SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)now);
		if (store_run(s, st, _("impossible de compter une connexion "
		    "refusée")) < 0)
			goto fail;
	}
	if (store_commit(s) < 0)
		goto fail;
	return result;
fail:
	store_rollback(s);
	return -1;
}

int
store_login_reset(struct store *s, const unsigned char key[STORE_LOGIN_KEY_LEN])
{
	sqlite3_stmt *st = store_stmt(s, sql_login_reset);

	if (st == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, key, STORE_LOGIN_KEY_LEN, SQLITE_STATIC);
	return store_run(s, st, _("impossible d'effacer les connexions "
	    "refusées"));
}
