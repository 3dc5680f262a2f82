/*
 * Unit tests of store_user.c: failed-login counters (issue 17, 2026-12-02:
 * they used to live in a 1,024-slot table in memory that forgot the
 * oldest entry under pressure and everything at a restart).
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "testdb.h"

static struct store_login_key
key(char c, int max)
{
	struct store_login_key k;

	memset(k.key, c, sizeof(k.key));
	k.max = max;
	return k;
}

Test(store_user, blocks_after_max_failures_until_the_window_passes)
{
	struct store *s = testdb_open();
	struct store_login_key k[2] = { key('u', 3), key('a', 30) };
	int64_t n;

	for (int i = 0; i < 3; i++)
		cr_assert_eq(store_login_attempt(s, k, 2, 1000 + i, 100, 50),
		    STORE_LOGIN_OK);
	cr_assert_eq(store_login_attempt(s, k, 2, 1010, 100, 50),
	    STORE_LOGIN_BLOCKED);
	/* A blocked attempt is not counted on the other key. */
	cr_assert_eq(store_login_count(s, &n), 0);
	cr_assert_eq(n, 2);
	/* Another account from the same address goes on. */
	k[0] = key('v', 3);
	cr_assert_eq(store_login_attempt(s, k, 2, 1011, 100, 50),
	    STORE_LOGIN_OK);
	/* The window has passed since the first failure: counted anew. */
	k[0] = key('u', 3);
	cr_assert_eq(store_login_attempt(s, k, 1, 1100, 100, 50),
	    STORE_LOGIN_OK);
	cr_assert_eq(store_login_attempt(s, k, 1, 1101, 100, 50),
	    STORE_LOGIN_OK);
	/* A success clears the account. */
	cr_assert_eq(store_login_reset(s, k[0].key), 0);
	cr_assert_eq(store_login_attempt(s, k, 1, 1102, 100, 50),
	    STORE_LOGIN_OK);
	testdb_drop(s);
}

Test(store_user, a_full_table_refuses_rather_than_forgets)
{
	struct store *s = testdb_open();
	struct store_login_key blocked = key(0, 2), other;

	cr_assert_eq(store_login_attempt(s, &blocked, 1, 1000, 900, 10), 0);
	cr_assert_eq(store_login_attempt(s, &blocked, 1, 1000, 900, 10), 0);
	for (int i = 1; i < 10; i++) {
		other = key((char)i, 5);
		cr_assert_eq(store_login_attempt(s, &other, 1, 1001, 900, 10),
		    STORE_LOGIN_OK, "key %d", i);
	}
	/* Full: a new key is refused, a known one still counts. */
	other = key(42, 5);
	cr_assert_eq(store_login_attempt(s, &other, 1, 1002, 900, 10),
	    STORE_LOGIN_FULL);
	other = key(1, 5);
	cr_assert_eq(store_login_attempt(s, &other, 1, 1002, 900, 10),
	    STORE_LOGIN_OK);
	/* The blocked key was not pushed out. */
	cr_assert_eq(store_login_attempt(s, &blocked, 1, 1003, 900, 10),
	    STORE_LOGIN_BLOCKED);
	/* Time frees the table, never pressure. */
	other = key(42, 5);
	cr_assert_eq(store_login_attempt(s, &other, 1, 1901, 900, 10),
	    STORE_LOGIN_OK);
	testdb_drop(s);
}

Test(store_user, counters_survive_reopening)
{
	struct store *s = testdb_open();
	struct store_login_key k = key('u', 1);
	char err[256];

	cr_assert_eq(store_login_attempt(s, &k, 1, 1000, 900, 10), 0);
	store_close(s);
	s = store_open(testdb_path, 0, err, sizeof(err));
	cr_assert_not_null(s, "%s", err);
	cr_assert_eq(store_login_attempt(s, &k, 1, 1001, 900, 10),
	    STORE_LOGIN_BLOCKED);
	testdb_drop(s);
}

/* A database of schema version 1 (before the counters) migrates forward. */
Test(store_user, version_1_database_gains_the_counters)
{
	struct store *s = testdb_open();
	struct store_login_key k = key('u', 1);
	sqlite3 *db;
	char err[256];

	store_close(s);
	cr_assert_eq(sqlite3_open(testdb_path, &db), SQLITE_OK);
	/* Back to version 1: without what migrations 2 and later add. */
	cr_assert_eq(sqlite3_exec(db, "DROP TABLE login_failure; "
	    "DROP TABLE IF EXISTS quote; "
	    "DROP TABLE IF EXISTS draft; DROP TABLE IF EXISTS form_pending; "
	    "DROP TABLE journal; DROP TABLE centre_network; "
	    "DROP INDEX meeting_centre; ALTER TABLE meeting DROP COLUMN centre_id; "
	    "DROP TABLE centre; DROP TABLE network; "
	    "ALTER TABLE user DROP COLUMN disabled; "
	    "ALTER TABLE user DROP COLUMN must_change; "
	    "DROP INDEX response_sheet; ALTER TABLE response DROP COLUMN sheet; "
	    "ALTER TABLE response DROP COLUMN channel; "
	    "DROP INDEX meeting_date; ALTER TABLE meeting DROP COLUMN demo; "
	    "PRAGMA user_version = 1", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = store_open(testdb_path, 0, err, sizeof(err));
	cr_assert_not_null(s, "%s", err);
	cr_assert_eq(store_login_attempt(s, &k, 1, 1000, 900, 10), 0);
	cr_assert_geq(store_schema_version(), 2);
	testdb_drop(s);
}
