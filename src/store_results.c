/*
 * store_results.c - the aggregate queries of a meeting's results page
 * (see store.h).  Counting per value is done here; turning values into
 * choices, means and charts is the caller's job.
 */
#include "i18n.h"
#include "store_int.h"

static const char sql_results_values[] =
    "SELECT a.question, a.value, count(*) FROM answer a "
    "JOIN response r ON r.id = a.response_id "
    "WHERE r.meeting_id = ?1 GROUP BY a.question, a.value "
    "ORDER BY a.question, a.value";
static const char sql_results_texts[] =
    "SELECT a.value, r.submitted_at FROM answer a "
    "JOIN response r ON r.id = a.response_id "
    "WHERE r.meeting_id = ?1 AND a.question = ?2 AND trim(a.value) <> '' "
    "ORDER BY r.submitted_at, r.id";

int
store_results_values(struct store *s, int64_t meeting_id,
    int (*fn)(const char *question, const char *value, int64_t n, void *arg),
    void *arg)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql_results_values)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, meeting_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *q = sqlite3_column_text(st, 0);
		const unsigned char *v = sqlite3_column_text(st, 1);

		if (fn(q ? (const char *)q : "", v ? (const char *)v : "",
		    sqlite3_column_int64(st, 2), arg) != 0)
			break;
	}
	return store_rows_end(s, st, rc, _("impossible de lire les "
	    "résultats"));
}

int
store_results_texts(struct store *s, int64_t meeting_id,
    const char *const *questions, size_t n_questions,
    int (*fn)(const char *question, const char *value, int64_t submitted_at,
    void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE, stop = 0;

	for (size_t i = 0; i < n_questions && !stop; i++) {
		if ((st = store_stmt(s, sql_results_texts)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, meeting_id);
		store_bind_text(st, 2, questions[i]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const unsigned char *v = sqlite3_column_text(st, 0);

			if (fn(questions[i], v ? (const char *)v : "",
			    sqlite3_column_int64(st, 1), arg) != 0) {
				stop = 1;
				break;
			}
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(s, _("impossible de lire les "
			    "réponses aux questions"));
	}
	return 0;
}
