/*
 * Unit tests of store.c and store_export.c: response ids that do not tell
 * the order of submission (issue 17 item 5, 2026-12-02: ids were rowids,
 * 1, 2, 3..., so an export's n-th row was the n-th answer sent, which the
 * request log's timestamps dated to the second whatever time_resolution
 * said), and exports that still read every response exactly once in
 * chunks of sparse ids.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "form.h"
#include "store.h"
#include "testdb.h"

Test(store_response_id, time_above_random_bits_below)
{
	static const struct {
		int64_t at;
		uint32_t bits;
		int64_t id;
	} cases[] = {
		{ 0, 0, 0 },
		{ 1, 0, INT64_C(2147483648) },
		{ 1, 5, INT64_C(2147483653) },
		/* Only 31 bits of randomness: the top bit is dropped. */
		{ 1, UINT32_C(0xffffffff), INT64_C(4294967295) },
		{ 1774000000, 1, INT64_C(3809635991552000001) },
		/* Clamped: before 1970, and after 2106 (63 bits). */
		{ -5, 7, 7 },
		{ INT64_C(4294967295), UINT32_C(0x7fffffff), INT64_MAX },
		{ INT64_C(9999999999), UINT32_C(0x7fffffff), INT64_MAX },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_eq(store_response_id(cases[i].at, cases[i].bits),
		    cases[i].id, "case %zu", i);
}

Test(store_response_id, sorts_by_period_only)
{
	/* The last answer of a period sorts before the first of the next,
	 * whatever their random bits; within a period, only they count. */
	cr_expect_lt(store_response_id(1000, UINT32_C(0x7fffffff)),
	    store_response_id(1001, 0));
	cr_expect_lt(store_response_id(1000, 3), store_response_id(1000, 4));
}

/* A generator that draws `script` in turn, then 1000, 1001... */
struct script {
	const uint32_t *v;
	size_t n, i;
	uint32_t next;
};

static uint32_t
scripted(void *arg)
{
	struct script *sc = arg;

	return sc->i < sc->n ? sc->v[sc->i++] : sc->next++;
}

static int64_t meeting_id, version_id;

static void
one_meeting(struct store *s)
{
	struct meeting m;
	struct form f;

	memset(&m, 0, sizeof(m));
	memset(&f, 0, sizeof(f));
	snprintf(m.code, sizeof(m.code), "AAAAAAA");
	m.form_id = (char *)"f";
	m.title = (char *)"Réunion";
	m.date = (char *)"2026-03-01";
	cr_assert_eq(store_meeting_add(s, &m), 0, "%s", store_error(s));
	meeting_id = m.id;
	f.id = (char *)"f";
	snprintf(f.hash, sizeof(f.hash), "h");
	f.title = (char *)"F";
	f.source = (char *)"x";
	f.source_len = 1;
	cr_assert_eq(store_form_version_put(s, &f), 0, "%s", store_error(s));
	version_id = f.version_id;
}

/* Send response number n at time `at`, with one answer "q" = "v<n>". */
static int
submit(struct store *s, uint32_t n, int64_t at)
{
	struct submission sub;
	struct answer a;
	char v[32];

	memset(&sub, 0, sizeof(sub));
	memcpy(sub.token, &n, sizeof(n));
	sub.meeting_id = meeting_id;
	sub.form_version_id = version_id;
	sub.submitted_at = at;
	snprintf(v, sizeof(v), "v%u", n);
	a.question = "q";
	a.value = v;
	sub.answers = &a;
	sub.n_answers = 1;
	return store_response_add(s, &sub);
}

struct seen {
	int64_t *ids;
	size_t n, cap;
	char **values;
};

static int
seen_row(const struct store_export_row *row, void *arg)
{
	struct seen *sn = arg;

	if (sn->n == sn->cap) {
		sn->cap = 2 * sn->cap + 64;
		sn->ids = realloc(sn->ids, sn->cap * sizeof(*sn->ids));
		sn->values = realloc(sn->values, sn->cap * sizeof(char *));
	}
	sn->ids[sn->n] = row->response_id;
	sn->values[sn->n++] = strdup(row->value ? row->value : "(none)");
	return 0;
}

static int
seen_answer(const struct store_export_answer *a, void *arg)
{
	struct store_export_row row;

	memset(&row, 0, sizeof(row));
	row.response_id = a->response_id;
	row.value = a->value;
	return seen_row(&row, arg);
}

static void
seen_free(struct seen *sn)
{
	for (size_t i = 0; i < sn->n; i++)
		free(sn->values[i]);
	free(sn->values);
	free(sn->ids);
	memset(sn, 0, sizeof(*sn));
}

Test(store_response_id, a_taken_id_is_drawn_again)
{
	struct store *s = testdb_open();
	static const uint32_t v[] = { 7, 7, 7, 9 };
	struct script sc = { v, 4, 0, 1000 };
	struct store_export_filter f = { NULL, 0, NULL, NULL, 0 };
	struct seen sn = { 0 };

	store_set_id_random(s, scripted, &sc);
	one_meeting(s);
	cr_assert_eq(submit(s, 1, 500), 0, "%s", store_error(s));
	/* 7 is taken in period 500: drawn again, 7 again, then 9. */
	cr_assert_eq(submit(s, 2, 500), 0, "%s", store_error(s));
	/* The same bits in another period make another id. */
	sc.v = v;
	sc.i = 0;
	cr_assert_eq(submit(s, 3, 501), 0, "%s", store_error(s));
	/* A resubmission stores nothing, whatever id it drew. */
	cr_assert_eq(submit(s, 1, 500), 1);
	cr_assert_eq(store_export_max_response(s, &f.max_response), 0);
	cr_assert_eq(store_export_answers(s, &f, seen_row, &sn), 0);
	cr_assert_eq(sn.n, 3);
	cr_expect_eq(sn.ids[0], store_response_id(500, 7));
	cr_expect_eq(sn.ids[1], store_response_id(500, 9));
	cr_expect_eq(sn.ids[2], store_response_id(501, 7));
	cr_expect_str_eq(sn.values[0], "v1");
	cr_expect_str_eq(sn.values[1], "v2");
	cr_expect_str_eq(sn.values[2], "v3");
	seen_free(&sn);
	testdb_drop(s);
}

Test(store_response_id, ids_do_not_follow_the_order_of_submission)
{
	struct store *s = testdb_open();
	struct store_export_filter f = { NULL, 0, NULL, NULL, 0 };
	struct seen sn = { 0 };
	size_t in_order = 0;

	one_meeting(s);
	cr_assert_eq(store_begin(s), 0);
	for (uint32_t n = 1; n <= 200; n++)
		cr_assert_eq(submit(s, n, 1774000000), 0, "%s", store_error(s));
	cr_assert_eq(store_commit(s), 0);
	cr_assert_eq(store_export_max_response(s, &f.max_response), 0);
	cr_assert_eq(store_export_answers(s, &f, seen_row, &sn), 0);
	cr_assert_eq(sn.n, 200);
	for (size_t i = 0; i < sn.n; i++) {
		cr_expect_eq(sn.ids[i] >> 31, 1774000000);
		if (i > 0)
			cr_expect_lt(sn.ids[i - 1], sn.ids[i]);
		in_order += strtol(sn.values[i] + 1, NULL, 10) == (long)i + 1;
	}
	/* Rows in the order sent would be 200 of 200: a random order
	 * agrees on about one (so 20 fails about once in 10^18 runs). */
	cr_expect_lt(in_order, 20, "%zu rows in the order sent", in_order);
	seen_free(&sn);
	testdb_drop(s);
}

/* Every response once, in id order; `n` of them, values v1..vn. */
static void
check_once(struct seen *sn, uint32_t n)
{
	unsigned char *hit = calloc(n + 1, 1);

	cr_assert_eq(sn->n, n, "%zu rows for %u responses", sn->n, n);
	for (size_t i = 0; i < sn->n; i++) {
		long k = strtol(sn->values[i] + 1, NULL, 10);

		cr_assert(k >= 1 && k <= (long)n && !hit[k], "row %zu: %s", i,
		    sn->values[i]);
		hit[k] = 1;
		if (i > 0)
			cr_assert_lt(sn->ids[i - 1], sn->ids[i]);
	}
	free(hit);
}

/*
 * More responses than one chunk of the responses export (4,096) and of
 * the aggregates' pass (16,384), over two periods, with ids spread over
 * the whole 31 bits: every one comes once, whichever reader.
 */
Test(store_export, chunks_of_sparse_ids_read_each_response_once,
    .timeout = 120)
{
	struct store *s = testdb_open();
	struct store_export_filter f = { NULL, 0, NULL, NULL, 0 };
	struct seen sn = { 0 };
	const uint32_t n = 20000;
	int64_t count;

	one_meeting(s);
	cr_assert_eq(store_begin(s), 0);
	for (uint32_t i = 1; i <= n; i++)
		cr_assert_eq(submit(s, i, i <= n / 2 ? 1774000000 : 1774086400),
		    0, "%s", store_error(s));
	cr_assert_eq(store_commit(s), 0);
	cr_assert_eq(store_export_max_response(s, &f.max_response), 0);

	cr_assert_eq(store_export_answers(s, &f, seen_row, &sn), 0);
	check_once(&sn, n);
	seen_free(&sn);
	cr_assert_eq(store_export_scan(s, &f, seen_answer, &sn), 0);
	check_once(&sn, n);
	seen_free(&sn);
	cr_assert_eq(store_export_count_responses(s, &f, &count), 0);
	cr_expect_eq(count, n);

	/* One meeting: the chunked cursor of response_meeting. */
	f.meeting_id = meeting_id;
	cr_assert_eq(store_export_answers(s, &f, seen_row, &sn), 0);
	check_once(&sn, n);
	seen_free(&sn);
	cr_assert_eq(store_export_scan(s, &f, seen_answer, &sn), 0);
	check_once(&sn, n);
	seen_free(&sn);
	testdb_drop(s);
}

/*
 * The snapshot: responses sent after the bound was read and above it are
 * left out; every response stored before it is read once.
 */
Test(store_export, responses_above_the_snapshot_are_left_out)
{
	struct store *s = testdb_open();
	struct store_export_filter f = { NULL, 0, NULL, NULL, 0 };
	struct seen sn = { 0 };

	one_meeting(s);
	for (uint32_t i = 1; i <= 10; i++)
		cr_assert_eq(submit(s, i, 1774000000), 0);
	cr_assert_eq(store_export_max_response(s, &f.max_response), 0);
	/* A later period: always above the bound. */
	cr_assert_eq(submit(s, 11, 1774000060), 0);
	cr_assert_eq(store_export_answers(s, &f, seen_row, &sn), 0);
	check_once(&sn, 10);
	seen_free(&sn);
	cr_assert_eq(store_export_scan(s, &f, seen_answer, &sn), 0);
	check_once(&sn, 10);
	seen_free(&sn);
	testdb_drop(s);
}

static int
count_cb(void *arg, int n, char **v, char **names)
{
	(void)n;
	(void)names;
	*(long long *)arg = v[0] != NULL ? atoll(v[0]) : -1;
	return 0;
}

static long long
count(sqlite3 *db, const char *sql)
{
	long long n = -2;

	cr_assert_eq(sqlite3_exec(db, sql, count_cb, &n, NULL), SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	return n;
}

/*
 * The schema version before the migration that renumbers responses
 * (src/store.c, migrations[]: "8 -> 9: response ids...").
 */
#define BEFORE_RENUMBERING "8"

/*
 * The migration that renumbers responses: on a database made as the
 * version before it made it (ids 1, 2, 3, a kept quote), every
 * response gets an id of its submitted_at, and its answers and its quote
 * follow it.
 */
Test(store_migration, renumbered_responses_keep_answers_and_quotes)
{
	struct store *s = testdb_open();
	sqlite3 *db;
	char err[256], sql[1024];

	one_meeting(s);
	store_close(s);
	cr_assert_eq(sqlite3_open(testdb_path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA foreign_keys = ON; BEGIN;"
	    "INSERT INTO response (id, meeting_id, form_version_id, token,"
	    " submitted_at) VALUES (1, %lld, %lld, x'01', 1774000000),"
	    " (2, %lld, %lld, x'02', 1774000000), (3, %lld, %lld, x'03',"
	    " 1774086400);"
	    "INSERT INTO answer VALUES (1, 'q', 'un'), (1, 'r', 'uno'),"
	    " (2, 'q', 'deux'), (3, 'q', 'trois');"
	    "INSERT INTO quote VALUES (2, 'q', 'court');"
	    "COMMIT; PRAGMA user_version = " BEFORE_RENUMBERING ";",
	    (long long)meeting_id, (long long)version_id,
	    (long long)meeting_id, (long long)version_id,
	    (long long)meeting_id, (long long)version_id);
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s",
	    sqlite3_errmsg(db));
	sqlite3_close(db);

	s = store_open(testdb_path, 0, err, sizeof(err));
	cr_assert_not_null(s, "%s", err);
	store_close(s);
	cr_assert_eq(sqlite3_open(testdb_path, &db), SQLITE_OK);
	cr_expect_eq(count(db, "PRAGMA user_version"), store_schema_version());
	cr_expect_eq(count(db, "SELECT count(*) FROM response"), 3);
	cr_expect_eq(count(db, "SELECT count(*) FROM response WHERE id < 3 "
	    "OR id >> 31 <> submitted_at"), 0);
	cr_expect_eq(count(db, "SELECT count(*) FROM answer"), 4);
	cr_expect_eq(count(db, "SELECT count(*) FROM answer a JOIN response r "
	    "ON r.id = a.response_id WHERE r.token = x'01' AND "
	    "a.value IN ('un', 'uno')"), 2);
	cr_expect_eq(count(db, "SELECT count(*) FROM quote q JOIN answer a "
	    "ON a.response_id = q.response_id AND a.question = q.question "
	    "JOIN response r ON r.id = a.response_id WHERE r.token = x'02' "
	    "AND a.value = 'deux' AND q.text = 'court'"), 1);
	cr_expect_eq(count(db, "SELECT count(*) FROM pragma_foreign_key_check"),
	    0);
	cr_expect_eq(count(db, "SELECT count(*) FROM temp.sqlite_master"), 0);
	sqlite3_close(db);
	unlink(testdb_path);
}

/* Run twice (a test that lowers user_version does), it keeps the ids. */
Test(store_migration, ids_already_renumbered_are_kept)
{
	struct store *s = testdb_open();
	sqlite3 *db;
	char err[256];
	long long before, after;

	one_meeting(s);
	for (uint32_t i = 1; i <= 5; i++)
		cr_assert_eq(submit(s, i, 1774000000), 0);
	store_close(s);
	cr_assert_eq(sqlite3_open(testdb_path, &db), SQLITE_OK);
	before = count(db, "SELECT sum(id % 1000003) FROM response");
	cr_assert_eq(sqlite3_exec(db, "PRAGMA user_version = "
	    BEFORE_RENUMBERING, NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	s = store_open(testdb_path, 0, err, sizeof(err));
	cr_assert_not_null(s, "%s", err);
	store_close(s);
	cr_assert_eq(sqlite3_open(testdb_path, &db), SQLITE_OK);
	after = count(db, "SELECT sum(id % 1000003) FROM response");
	cr_expect_eq(after, before);
	cr_expect_eq(count(db, "SELECT count(*) FROM answer"), 5);
	sqlite3_close(db);
	unlink(testdb_path);
}
