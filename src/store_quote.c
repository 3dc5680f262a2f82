/*
 * store_quote.c - the quotes kept for the bilan (see the "quotes" section
 * of store.h).  The quote table holds only the choice and the edit; the
 * answer stays as the resident wrote it, in the answer table.
 */
#include "i18n.h"
#include "store_int.h"

static const char sql_quote_list[] =
    "SELECT a.response_id, a.value, q.response_id IS NOT NULL, "
    "coalesce(q.text, '') FROM response r "
    "JOIN answer a ON a.response_id = r.id "
    "LEFT JOIN quote q ON q.response_id = a.response_id "
    "AND q.question = a.question "
    "WHERE r.meeting_id = ?1 AND a.question = ?2 AND trim(a.value) <> '' "
    "ORDER BY a.value, a.response_id";
static const char sql_quote_answer[] =
    "SELECT count(*) FROM answer a JOIN response r ON r.id = a.response_id "
    "WHERE a.response_id = ?1 AND a.question = ?2 AND r.meeting_id = ?3 "
    "AND trim(a.value) <> ''";
static const char sql_quote_keep[] =
    "INSERT INTO quote (response_id, question, text) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (response_id, question) DO UPDATE SET text = excluded.text";
static const char sql_quote_drop[] =
    "DELETE FROM quote WHERE response_id = ?1 AND question = ?2";
static const char sql_quote_kept[] =
    "SELECT CASE WHEN q.text <> '' THEN q.text ELSE a.value END AS t "
    "FROM quote q JOIN answer a ON a.response_id = q.response_id "
    "AND a.question = q.question JOIN response r ON r.id = q.response_id "
    "WHERE r.meeting_id = ?1 AND r.id <= ?2 AND q.question = ?3 "
    "ORDER BY t";

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? (const char *)t : "";
}

int
store_quote_list(struct store *s, int64_t meeting_id,
    const char *const *questions, size_t n_questions,
    int (*fn)(const struct store_quote *q, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc = SQLITE_DONE, stop = 0;

	for (size_t i = 0; i < n_questions && !stop; i++) {
		if ((st = store_stmt(s, sql_quote_list)) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, meeting_id);
		store_bind_text(st, 2, questions[i]);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct store_quote q;

			q.response_id = sqlite3_column_int64(st, 0);
			q.question = questions[i];
			q.value = col(st, 1);
			q.kept = sqlite3_column_int(st, 2);
			q.text = col(st, 3);
			if (fn(&q, arg) != 0) {
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

int
store_quote_set(struct store *s, int64_t meeting_id, int64_t response_id,
    const char *question, int keep, const char *text)
{
	sqlite3_stmt *st = store_stmt(s, sql_quote_answer);
	int64_t n = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, response_id);
	store_bind_text(st, 2, question);
	sqlite3_bind_int64(st, 3, meeting_id);
	if (store_step_int64(s, st, &n, _("impossible de trouver la réponse")) < 0)
		return -1;
	if (n == 0)
		return 1;
	if ((st = store_stmt(s, keep ? sql_quote_keep : sql_quote_drop)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, response_id);
	store_bind_text(st, 2, question);
	if (keep)
		store_bind_text(st, 3, text != NULL ? text : "");
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, _("impossible de retenir la parole"));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

int
store_quote_kept(struct store *s, int64_t meeting_id,
    int64_t max_response, const char *question,
    int (*fn)(const char *text, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(s, sql_quote_kept);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_int64(st, 2, max_response);
	store_bind_text(st, 3, question);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(col(st, 0), arg) != 0)
			break;
	return store_rows_end(s, st, rc, _("impossible de lire les paroles "
	    "retenues"));
}
