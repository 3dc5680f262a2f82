/*
 * baseline_insert - the storage baseline of `make bench`.
 *
 * Inserts the rows of one submission of the bench's POST (one response
 * row and its six answer rows) into a Recueil database, with the same
 * durability settings as the daemon (WAL, synchronous=FULL, foreign keys
 * on), one transaction per submission, from one thread, with statements
 * prepared once: the best a "one commit per request" server can do on
 * this disk.  It runs for SECONDS (or MAX submissions, whichever comes
 * first) and prints "submissions SECONDS RATE" on stdout.
 *
 * usage: baseline_insert DB MEETING_ID SECONDS [MAX]
 *
 * DB is a Recueil database holding the meeting (made by `recueil meeting
 * create`); a form version row is added for the inserted responses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

/* The answers of tests/bench/post.lua, as answers_rows() stores them. */
static const char *const rows[][2] = {
	{ "role", "habitant" },
	{ "centre", "vierzon" },
	{ "premiere_fois", "oui" },
	{ "satisfaction", "4" },
	{ "retiens", "Une belle rencontre, des idées pour notre centre" },
	{ "envies", "visiter preparer" },
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
check(sqlite3 *db, int rc, int want, const char *what)
{
	if (rc != want) {
		fprintf(stderr, "baseline_insert: %s: %s\n", what,
		    sqlite3_errmsg(db));
		exit(1);
	}
}

static void
exec(sqlite3 *db, const char *sql)
{
	check(db, sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, sql);
}

static sqlite3_stmt *
prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	check(db, sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL), SQLITE_OK, sql);
	return st;
}

static void
step(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	check(db, sqlite3_step(st), SQLITE_DONE, what);
	sqlite3_reset(st);
}

int
main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *begin, *commit, *resp, *ans;
	int64_t meeting, version;
	double secs, t0, t;
	long max, n = 0;
	unsigned char token[16];
	uint64_t salt;

	if (argc < 4) {
		fprintf(stderr, "usage: baseline_insert DB MEETING_ID SECONDS "
		    "[MAX]\n");
		return 2;
	}
	meeting = strtoll(argv[2], NULL, 10);
	secs = strtod(argv[3], NULL);
	max = argc > 4 ? strtol(argv[4], NULL, 10) : 10000000;
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		fprintf(stderr, "baseline_insert: cannot open %s\n", argv[1]);
		return 1;
	}
	exec(db, "PRAGMA foreign_keys = ON");
	exec(db, "PRAGMA journal_mode = WAL");
	exec(db, "PRAGMA synchronous = FULL");
	exec(db, "INSERT INTO form_version (form_id, hash, title, source, "
	    "loaded_at) VALUES ('baseline', hex(randomblob(16)), 'baseline', "
	    "x'', 0)");
	version = sqlite3_last_insert_rowid(db);
	begin = prepare(db, "BEGIN IMMEDIATE");
	commit = prepare(db, "COMMIT");
	resp = prepare(db, "INSERT INTO response (meeting_id, form_version_id, "
	    "token, submitted_at) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT (token) DO NOTHING");
	ans = prepare(db, "INSERT INTO answer (response_id, question, value) "
	    "VALUES (?1, ?2, ?3)");
	/* Unique tokens: a random per-run salt and a counter (make bench runs
	 * this several times a second on the same database; a repeated token
	 * would be a cheaper no-op insert). */
	sqlite3_randomness(sizeof(salt), &salt);
	memcpy(token, &salt, 8);
	t0 = t = now();
	while (n < max && t - t0 < secs) {
		int64_t id;
		uint64_t c = (uint64_t)n;

		memcpy(token + 8, &c, 8);
		step(db, begin, "begin");
		sqlite3_bind_int64(resp, 1, meeting);
		sqlite3_bind_int64(resp, 2, version);
		sqlite3_bind_blob(resp, 3, token, sizeof(token), SQLITE_STATIC);
		sqlite3_bind_int64(resp, 4, (int64_t)time(NULL));
		step(db, resp, "insert response");
		id = sqlite3_last_insert_rowid(db);
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			sqlite3_bind_int64(ans, 1, id);
			sqlite3_bind_text(ans, 2, rows[i][0], -1, SQLITE_STATIC);
			sqlite3_bind_text(ans, 3, rows[i][1], -1, SQLITE_STATIC);
			step(db, ans, "insert answer");
		}
		step(db, commit, "commit");
		n++;
		t = now();
	}
	printf("%ld %.3f %.1f\n", n, t - t0, (double)n / (t - t0));
	sqlite3_finalize(begin);
	sqlite3_finalize(commit);
	sqlite3_finalize(resp);
	sqlite3_finalize(ans);
	sqlite3_close(db);
	return 0;
}
