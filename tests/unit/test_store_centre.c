/*
 * test_store_centre.c - the network's centres and levels as lists the
 * coordinators keep (issue 19, item 5), the link of a meeting to its host
 * centre, and the journal of staff actions (item 6, store_journal.c).
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fold.h"
#include "meeting.h"
#include "store.h"
#include "testdb.h"

/* The centres, as "name|town|networks|meetings|retired" lines. */
struct listing {
	char text[4096];
};

static int
centre_line(const struct store_centre *c, void *arg)
{
	struct listing *l = arg;
	size_t n = strlen(l->text);

	snprintf(l->text + n, sizeof(l->text) - n, "%s|%s|%s|%lld|%d\n",
	    c->name, c->town, c->networks, (long long)c->n_meetings, c->retired);
	return 0;
}

static int
network_line(const struct store_network *nw, void *arg)
{
	struct listing *l = arg;
	size_t n = strlen(l->text);

	snprintf(l->text + n, sizeof(l->text) - n, "%lld:%s|%lld|%d\n",
	    (long long)nw->id, nw->name, (long long)nw->n_meetings, nw->retired);
	return 0;
}

/* A new meeting through the model, as the pages and the CLI create one. */
static int
create(struct store *s, const char *level, const char *centre,
    struct meeting *m, char *err, size_t errlen)
{
	memset(m, 0, sizeof(*m));
	m->form_id = (char *)"rencontre-reseau";
	m->title = (char *)"Rencontre";
	m->date = (char *)"2026-11-20";
	m->level = (char *)level;
	m->centre = (char *)centre;
	m->place = (char *)"";
	return meeting_create(s, m, err, errlen);
}

Test(store_centre, a_new_database_lists_the_seeds_centres_and_levels)
{
	struct store *s = testdb_open();
	struct listing c = { "" }, n = { "" };

	cr_assert_eq(store_centre_each(s, centre_line, &c), 0);
	cr_assert_eq(store_network_each(s, network_line, &n), 0);
	cr_expect_str_eq(n.text, "1:départemental|0|0\n2:régional|0|0\n"
	    "3:Berry|0|0\n4:commission technique|0|0\n5:visite|0|0\n"
	    "6:autre|0|0\n");
	/* By key: "chateauroux" < "la chancellerie" < "le blanc"... */
	cr_expect_str_eq(c.text, "Châteauroux|Châteauroux|2,3|0|0\n"
	    "La Chancellerie||1,2|0|0\n"
	    "Le Blanc|Le Blanc|2,3|0|0\n"
	    "Rond-Point||1,2|0|0\n"
	    "Saint-Amand-Montrond|Saint-Amand-Montrond|1,2,3|0|0\n"
	    "Val d'Auron||1,2|0|0\n"
	    "Vierzon|Vierzon|1,2,3|0|0\n");
	testdb_drop(s);
}

/* The migration's keys were written by hand: each is fold_key(name). */
Test(store_centre, every_seeded_key_is_the_fold_of_its_name)
{
	struct store *s = testdb_open();
	sqlite3 *db;
	sqlite3_stmt *st;
	char key[FOLD_KEY_MAX];
	int rows = 0;

	store_close(s);
	cr_assert_eq(sqlite3_open(testdb_path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT name, key FROM centre UNION "
	    "ALL SELECT name, key FROM network", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		fold_key((const char *)sqlite3_column_text(st, 0), key,
		    sizeof(key));
		cr_expect_str_eq(key, (const char *)sqlite3_column_text(st, 1));
		rows++;
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	cr_expect_eq(rows, 13);
	s = NULL;
	unlink(testdb_path);
}

/*
 * A version 4 database: its meetings' free-text centres are kept, and
 * linked to the listed centre when they fold to its name.
 */
Test(store_centre, migration_links_free_text_centres_that_match)
{
	struct store *s = testdb_open();
	sqlite3 *db;
	char err[256];
	struct listing c = { "" };
	struct meeting m;

	store_close(s);
	cr_assert_eq(sqlite3_open(testdb_path, &db), SQLITE_OK);
	/* Back to version 4: without what migrations 5 and later add. */
	cr_assert_eq(sqlite3_exec(db, "DROP TABLE IF EXISTS quote; "
	    "DROP TABLE journal; "
	    "DROP INDEX meeting_date; ALTER TABLE meeting DROP COLUMN demo; "
	    "DROP TABLE centre_network; DROP INDEX meeting_centre; "
	    "ALTER TABLE meeting DROP COLUMN centre_id; DROP TABLE centre; "
	    "DROP TABLE network; ALTER TABLE user DROP COLUMN disabled; "
	    "ALTER TABLE user DROP COLUMN must_change; "
	    "DROP INDEX response_sheet; ALTER TABLE response DROP COLUMN sheet; "
	    "ALTER TABLE response DROP COLUMN channel; "
	    "INSERT INTO meeting (code, form_id, title, date, centre, created_at)"
	    " VALUES ('AAAAAAA', 'f', 't', '2026-01-01', 'VIERZON', 0),"
	    " ('BBBBBBB', 'f', 't', '2026-01-02', 'saint amand montrond', 0),"
	    " ('CCCCCCC', 'f', 't', '2026-01-03', 'Centre social', 0),"
	    " ('DDDDDDD', 'f', 't', '2026-01-04', '', 0);"
	    "PRAGMA user_version = 4", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	s = store_open(testdb_path, 0, err, sizeof(err));
	cr_assert_not_null(s, "%s", err);
	cr_assert_eq(store_centre_each(s, centre_line, &c), 0);
	cr_expect_not_null(strstr(c.text, "Vierzon|Vierzon|1,2,3|1|0\n"));
	cr_expect_not_null(strstr(c.text,
	    "Saint-Amand-Montrond|Saint-Amand-Montrond|1,2,3|1|0\n"));
	/* The texts are kept as typed. */
	cr_assert_eq(store_meeting_get(s, "AAAAAAA", &m), 0);
	cr_expect_str_eq(m.centre, "VIERZON");
	store_meeting_release(&m);
	testdb_drop(s);
}

Test(store_centre, add_rename_retire_and_restore)
{
	struct store *s = testdb_open();
	struct listing c = { "" };
	int64_t id = 0, ids[2] = { 3, 999 };
	struct meeting m, got;
	char err[256];

	cr_assert_eq(create(s, "", "Issoudun centre", &m, err, sizeof(err)), 0,
	    "%s", err);
	cr_expect_eq(store_centre_add(s, "Vierzon", "", NULL, 0, NULL), 1);
	cr_expect_eq(store_centre_add(s, "  VIERZON ", "", NULL, 0, NULL), 1);
	cr_expect_eq(store_centre_add(s, " - ", "", NULL, 0, NULL), 1);
	cr_assert_eq(store_centre_add(s, "Issoudun", "Issoudun", ids, 2, &id), 0);
	cr_expect_eq(store_centre_update(s, id, "Le Blanc", "", NULL, 0), 1);
	cr_expect_eq(store_centre_update(s, 9999, "Ailleurs", "", NULL, 0), 2);
	/* The rename links the meeting typed "Issoudun centre". */
	cr_assert_eq(store_centre_update(s, id, "Issoudun Centre", "Issoudun",
	    ids, 1), 0);
	cr_assert_eq(store_meeting_get(s, m.code, &got), 0);
	cr_expect_str_eq(got.centre, "Issoudun Centre");
	store_meeting_release(&got);
	cr_assert_eq(store_centre_set_retired(s, id, 1), 0);
	cr_expect_eq(store_centre_set_retired(s, 9999, 1), 2);
	cr_assert_eq(store_centre_each(s, centre_line, &c), 0);
	/* Retired last, still with its meeting. */
	cr_expect_not_null(strstr(c.text,
	    "Vierzon|Vierzon|1,2,3|0|0\nIssoudun Centre|Issoudun|3|1|1\n"));
	/* A retired centre is refused for a new meeting. */
	cr_expect_eq(create(s, "", "issoudun centre", &m, err, sizeof(err)), 1);
	cr_expect_not_null(strstr(err, "retiré"));
	cr_assert_eq(store_centre_set_retired(s, id, 0), 0);
	cr_expect_eq(create(s, "", "issoudun centre", &m, err, sizeof(err)), 0);
	testdb_drop(s);
}

Test(store_centre, meetings_take_listed_names_and_levels)
{
	struct store *s = testdb_open();
	struct listing n = { "" };
	struct meeting m, got;
	char err[256];
	int64_t id;

	cr_assert_eq(create(s, "BERRY", "saint amand montrond", &m, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(store_meeting_get(s, m.code, &got), 0);
	cr_expect_str_eq(got.level, "Berry");
	cr_expect_str_eq(got.centre, "Saint-Amand-Montrond");
	store_meeting_release(&got);
	/* An unlisted level is refused; a new one is taken once listed. */
	cr_expect_eq(create(s, "fédéral", "", &m, err, sizeof(err)), 1);
	cr_expect_not_null(strstr(err, "niveau de réseau"));
	cr_assert_eq(store_network_add(s, "Fédéral", &id), 0);
	cr_expect_eq(store_network_add(s, "federal", NULL), 1);
	cr_assert_eq(create(s, "federal", "", &m, err, sizeof(err)), 0, "%s",
	    err);
	/* A rename carries the meetings along; a retired level is refused. */
	cr_assert_eq(store_network_rename(s, id, "fédération"), 0);
	cr_expect_eq(store_network_rename(s, id, "Berry"), 1);
	cr_expect_eq(store_network_rename(s, 999, "x"), 2);
	cr_assert_eq(store_meeting_get(s, m.code, &got), 0);
	cr_expect_str_eq(got.level, "fédération");
	store_meeting_release(&got);
	cr_assert_eq(store_network_set_retired(s, id, 1), 0);
	cr_expect_eq(create(s, "fédération", "", &m, err, sizeof(err)), 1);
	cr_assert_eq(store_network_each(s, network_line, &n), 0);
	cr_expect_not_null(strstr(n.text, "3:Berry|1|0\n"));
	cr_expect_not_null(strstr(n.text, "6:autre|0|0\n7:fédération|1|1\n"));
	/* Free text that names no listed centre is kept as typed. */
	cr_assert_eq(create(s, "", "Centre social", &m, err, sizeof(err)), 0);
	cr_assert_eq(store_meeting_get(s, m.code, &got), 0);
	cr_expect_str_eq(got.centre, "Centre social");
	store_meeting_release(&got);
	testdb_drop(s);
}

/* ---- the journal -------------------------------------------------------- */

static int
journal_line(const struct store_journal_entry *e, void *arg)
{
	struct listing *l = arg;
	size_t n = strlen(l->text);

	snprintf(l->text + n, sizeof(l->text) - n, "%s %s %s\n", e->who,
	    e->action, e->what);
	return 0;
}

Test(store_journal, entries_newest_first_by_pages)
{
	struct store *s = testdb_open();
	struct listing l = { "" };
	char what[32], big[1200];
	int64_t n = -1;

	for (int i = 0; i < 25; i++) {
		snprintf(what, sizeof(what), "n%d", i);
		cr_assert_eq(journal_add(s, "marie", JOURNAL_EXPORT, what), 0);
	}
	cr_assert_eq(store_journal_count(s, &n), 0);
	cr_expect_eq(n, 25);
	cr_assert_eq(store_journal_each(s, 20, 10, journal_line, &l), 0);
	cr_expect_str_eq(l.text, "marie export n4\nmarie export n3\n"
	    "marie export n2\nmarie export n1\nmarie export n0\n");
	/* A long `what` is cut at a character, never inside one. */
	memset(big, 0, sizeof(big));
	for (size_t i = 0; i + 2 < sizeof(big) - 1; i += 2)
		memcpy(big + i, "é", 2);
	cr_assert_eq(journal_add(s, "paul", JOURNAL_EXPORT, big), 0);
	l.text[0] = '\0';
	cr_assert_eq(store_journal_each(s, 0, 1, journal_line, &l), 0);
	cr_expect_eq(strlen(l.text), strlen("paul export \n") +
	    JOURNAL_WHAT_MAX);
	testdb_drop(s);
}

/* ---- accounts ----------------------------------------------------------- */

Test(store_user, disabled_accounts_lose_their_sessions)
{
	struct store *s = testdb_open();
	unsigned char id[32], csrf[32];
	struct session se;
	struct user u;

	memset(id, 1, sizeof(id));
	memset(csrf, 2, sizeof(csrf));
	cr_assert_eq(store_user_add(s, "paul", "professional", "h"), 0);
	cr_assert_eq(store_user_get(s, "paul", &u), 0);
	cr_expect_eq(u.disabled, 0);
	cr_assert_eq(store_session_add(s, id, u.id, csrf, 2000, 1000), 0);
	store_user_release(&u);
	cr_assert_eq(store_session_get(s, id, 1500, &se), 0);
	cr_expect_eq(se.must_change, 0);
	cr_assert_eq(store_user_set_disabled(s, "paul", 1), 0);
	cr_expect_eq(store_session_get(s, id, 1500, &se), 1);
	cr_assert_eq(store_user_get(s, "paul", &u), 0);
	cr_expect_eq(u.disabled, 1);
	store_user_release(&u);
	cr_expect_eq(store_user_set_disabled(s, "nobody", 1), 1);
	cr_assert_eq(store_user_set_disabled(s, "paul", 0), 0);
	/* A temporary password is marked, and ends the sessions too. */
	cr_assert_eq(store_user_get(s, "paul", &u), 0);
	cr_assert_eq(store_session_add(s, id, u.id, csrf, 2000, 1000), 0);
	store_user_release(&u);
	cr_assert_eq(store_user_set_password(s, "paul", "h2", 1), 0);
	cr_expect_eq(store_session_get(s, id, 1500, &se), 1);
	cr_assert_eq(store_user_get(s, "paul", &u), 0);
	cr_expect_eq(u.must_change, 1);
	cr_expect_str_eq(u.hash, "h2");
	cr_assert_eq(store_session_add(s, id, u.id, csrf, 2000, 1000), 0);
	store_user_release(&u);
	cr_assert_eq(store_session_get(s, id, 1500, &se), 0);
	cr_expect_eq(se.must_change, 1);
	testdb_drop(s);
}
