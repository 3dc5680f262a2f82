/*
 * store_export.c - the storage module's queries for the CSV exports
 * (see the "exports" section of store.h).
 *
 * Every export binds the same filter: ?1 form id (NULL: any), ?2 meeting
 * id (0: any), ?3 and ?4 the first and last meeting dates (NULL: open),
 * ?5 the highest response id of the snapshot.  A response belongs to the
 * period of its meeting's date, so answers sent the day after a meeting
 * count for that meeting.
 *
 * Counts run as one statement each: the read transaction lasts as long
 * as one query, never a whole export.  The per-response stream and the
 * aggregates' single pass are cut into chunks of responses, each one a
 * separate read transaction, resumed after the last response id seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "store_int.h"
#include "util.h"

#define CHUNK 4096
/* Responses per read transaction of the aggregates' single pass. */
#define SCAN_CHUNK 16384
#define MEETING_BATCH 256

/* A demonstration meeting never counts (meeting.h). */
#define MEETING_FILTER \
	"m.demo = 0 AND " \
	"(?1 IS NULL OR m.form_id = ?1) AND (?2 = 0 OR m.id = ?2) AND " \
	"(?3 IS NULL OR m.date >= ?3) AND (?4 IS NULL OR m.date <= ?4)"
#define FILTER MEETING_FILTER " AND r.id <= ?5"
/*
 * The same filter for one meeting: without the OR around it, the planner
 * goes through the meeting's primary key and the response_meeting index
 * instead of scanning every answer.  Each aggregate has both forms.
 */
#define ONE_MEETING "m.id = ?2 AND "
/* Meetings outside, then their responses through response_meeting. */
#define FROM_RESPONSES " FROM meeting m JOIN response r ON r.meeting_id = m.id "

static const char sql_max_response[] = "SELECT coalesce(max(id), 0) FROM response";
static const char sql_versions_one[] =
    "SELECT DISTINCT r.form_version_id, m.form_id" FROM_RESPONSES
    "WHERE " ONE_MEETING FILTER " ORDER BY r.form_version_id";
static const char sql_forms[] =
    "SELECT DISTINCT m.form_id FROM meeting m WHERE " MEETING_FILTER
    " ORDER BY m.form_id";
static const char sql_forms_one[] =
    "SELECT DISTINCT m.form_id FROM meeting m WHERE " ONE_MEETING MEETING_FILTER
    " ORDER BY m.form_id";
static const char sql_latest_version[] =
    "SELECT max(id) FROM form_version WHERE form_id = ?1";
/*
 * The response stream walks responses by id (CROSS JOIN keeps response as
 * the outer loop, so rows come in id order without a sort); one meeting's
 * responses come from the response_meeting index, also in id order.
 */
#define ANSWER_COLS \
	"SELECT r.id, r.meeting_id, r.form_version_id, r.submitted_at, " \
	"m.code, m.title, m.date, a.question, a.value, r.channel " \
	"FROM response r CROSS JOIN meeting m " \
	"LEFT JOIN answer a ON a.response_id = r.id "
static const char sql_answers_meeting[] = ANSWER_COLS
    "WHERE r.meeting_id = ?2 AND m.id = r.meeting_id AND r.id > ?6 AND "
    FILTER " ORDER BY r.id";
/*
 * The single pass of the aggregates (stats, evaluation).  For one meeting:
 * its non-empty answers, through the response_meeting index.  Otherwise a
 * merge of two range scans in id order, one chunk of ids at a time: the
 * responses of the chunk are marked when their meeting is selected, then
 * the chunk's answers are read straight from the answer table's primary
 * key and kept when their response is marked.  Joining each response to
 * its meeting and seeking its answers cost more than reading the table.
 */
static const char sql_scan_meeting[] =
    "SELECT r.id, a.question, a.value FROM response r "
    "JOIN meeting m ON m.id = r.meeting_id "
    "JOIN answer a ON a.response_id = r.id "
    "WHERE r.meeting_id = ?2 AND m.demo = 0 AND r.id > ?6 AND r.id <= ?5 "
    "AND a.value <> '' ORDER BY r.id";
static const char sql_scan_meetings[] =
    "SELECT m.id FROM meeting m WHERE " MEETING_FILTER " ORDER BY m.id";
static const char sql_scan_responses[] =
    "SELECT id, meeting_id FROM response WHERE id > ?1 AND id <= ?2 "
    "ORDER BY id LIMIT ?3";
static const char sql_scan_answers[] =
    "SELECT response_id, question, value FROM answer "
    "WHERE response_id > ?1 AND response_id <= ?2 AND value <> '' "
    "ORDER BY response_id";
static const char sql_chunk_responses[] =
    "SELECT id, meeting_id, form_version_id, submitted_at, channel "
    "FROM response WHERE id > ?1 AND id <= ?2 ORDER BY id LIMIT ?3";
static const char sql_chunk_answers[] =
    "SELECT response_id, question, value FROM answer "
    "WHERE response_id > ?1 AND response_id <= ?2 ORDER BY response_id";
static const char sql_meeting_form[] =
    "SELECT form_id FROM meeting WHERE id = ?1";
static const char sql_meeting_row[] =
    "SELECT code, title, date FROM meeting WHERE id = ?1";
static const char sql_texts[] =
    "SELECT a.value FROM response r JOIN answer a ON a.response_id = r.id "
    "WHERE r.meeting_id = ?1 AND r.id <= ?2 AND a.question = ?3 "
    "AND a.value <> '' ORDER BY a.value";
static const char sql_meeting_next[] =
    "SELECT m.id, m.code, m.form_id, m.title, m.date, m.level, m.centre, "
    "m.place, m.closed, m.created_at FROM meeting m WHERE " MEETING_FILTER
    " AND (m.date > ?6 OR (m.date = ?6 AND m.id > ?7))"
    " ORDER BY m.date, m.id LIMIT ?8";
static const char sql_count_meetings[] =
    "SELECT count(*) FROM meeting m WHERE " MEETING_FILTER;
static const char sql_count_meetings_one[] =
    "SELECT count(*) FROM meeting m WHERE " ONE_MEETING MEETING_FILTER;
static const char sql_period[] =
    "SELECT coalesce(min(m.date), ''), coalesce(max(m.date), '') "
    "FROM meeting m WHERE " MEETING_FILTER;
static const char sql_period_one[] =
    "SELECT coalesce(min(m.date), ''), coalesce(max(m.date), '') "
    "FROM meeting m WHERE " ONE_MEETING MEETING_FILTER;
static const char sql_count_responses_one[] =
    "SELECT count(*)" FROM_RESPONSES "WHERE " ONE_MEETING FILTER;
/* Responses by channel (issue 16). */
static const char sql_channels[] =
    "SELECT r.channel, count(*)" FROM_RESPONSES "WHERE " FILTER
    " GROUP BY r.channel";
static const char sql_channels_one[] =
    "SELECT r.channel, count(*)" FROM_RESPONSES "WHERE " ONE_MEETING FILTER
    " GROUP BY r.channel";
static const char sql_levels[] =
    "SELECT m.level, count(*) FROM meeting m WHERE " MEETING_FILTER
    " GROUP BY m.level ORDER BY m.level";
static const char sql_levels_one[] =
    "SELECT m.level, count(*) FROM meeting m WHERE " ONE_MEETING MEETING_FILTER
    " GROUP BY m.level ORDER BY m.level";
/*
 * Host centres by identity (issue 19): a linked meeting counts as its
 * listed centre, whatever it was typed as; free text by its fold().
 */
#define CENTRES_FROM \
	"SELECT min(coalesce(c.name, m.centre)) FROM meeting m " \
	"LEFT JOIN centre c ON c.id = m.centre_id WHERE "
#define CENTRES_GROUP \
	" AND m.centre <> '' GROUP BY coalesce(c.key, fold(m.centre)) ORDER BY 1"
static const char sql_centres[] = CENTRES_FROM MEETING_FILTER CENTRES_GROUP;
static const char sql_centres_one[] =
    CENTRES_FROM ONE_MEETING MEETING_FILTER CENTRES_GROUP;
/* Prepare `sql` (or `one`, for one meeting) and bind the filter. */
static sqlite3_stmt *
filtered2(struct store *s, const char *sql, const char *one,
    const struct store_export_filter *f)
{
	sqlite3_stmt *st = store_stmt(s, f->meeting_id != 0 ? one : sql);

	if (st == NULL)
		return NULL;
	store_bind_text(st, 1, f->form_id);
	sqlite3_bind_int64(st, 2, f->meeting_id);
	store_bind_text(st, 3, f->from);
	store_bind_text(st, 4, f->to);
	if (sqlite3_bind_parameter_count(st) >= 5)
		sqlite3_bind_int64(st, 5, f->max_response);
	return st;
}

/* Prepare `sql` and bind the filter (?1..?5). */
static sqlite3_stmt *
filtered(struct store *s, const char *sql, const struct store_export_filter *f)
{
	return filtered2(s, sql, sql, f);
}

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t != NULL ? (const char *)t : "";
}

int
store_export_max_response(struct store *s, int64_t *id)
{
	return store_step_int64(s, store_stmt(s, sql_max_response), id,
	    _("impossible de lire les réponses"));
}

int
store_export_forms(struct store *s, const struct store_export_filter *f,
    int (*fn)(const char *form_id, void *arg), void *arg)
{
	sqlite3_stmt *st = filtered2(s, sql_forms, sql_forms_one, f);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(col(st, 0), arg))
			break;
	return store_rows_end(s, st, rc, _("impossible de lister les "
	    "questionnaires"));
}

int
store_export_latest_version(struct store *s, const char *form_id,
    int64_t *version_id)
{
	sqlite3_stmt *st = store_stmt(s, sql_latest_version);
	int rc, none = 0;

	if (st == NULL)
		return -1;
	store_bind_text(st, 1, form_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		none = sqlite3_column_type(st, 0) == SQLITE_NULL;
		*version_id = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return store_fail(s, _("impossible de lire les versions des "
		    "questionnaires"));
	return none ? 1 : 0;
}

/*
 * The chunked cursor of one meeting's rows: `sql` is bound with the filter
 * and ?6, the last response id of the previous chunk, and returns rows in
 * response id order (column 0).  A chunk ends between two responses after
 * CHUNK of them, and the next one resumes after the last id seen: each
 * chunk is its own read transaction.  `row` gets each row and returns
 * nonzero to stop.  Returns 0, or -1 with `what` as the error.
 */
static int
each_response_chunk(struct store *s, const struct store_export_filter *f,
    const char *sql, int (*row)(sqlite3_stmt *st, void *arg), void *arg,
    const char *what)
{
	int64_t last = -1;      /* ids are never negative */

	for (;;) {
		sqlite3_stmt *st = filtered(s, sql, f);
		int64_t prev = 0;
		size_t n = 0;
		int rc, more = 0, stop = 0;

		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 6, last);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);

			if (id != prev) {
				/* A chunk ends between two responses. */
				if (n == CHUNK) {
					more = 1;
					break;
				}
				n++;
				prev = id;
			}
			if (row(st, arg)) {
				stop = 1;
				break;
			}
		}
		sqlite3_reset(st);
		if (!more && !stop && rc != SQLITE_DONE)
			return store_fail(s, what);
		if (!more || stop)
			return 0;
		last = prev;
	}
}

struct row_cb {
	int (*fn)(const struct store_export_row *row, void *arg);
	void *arg;
};

static int
answers_meeting_row(sqlite3_stmt *st, void *p)
{
	struct row_cb *cb = p;
	struct store_export_row row;

	row.response_id = sqlite3_column_int64(st, 0);
	row.meeting_id = sqlite3_column_int64(st, 1);
	row.version_id = sqlite3_column_int64(st, 2);
	row.submitted_at = sqlite3_column_int64(st, 3);
	row.code = col(st, 4);
	row.title = col(st, 5);
	row.date = col(st, 6);
	row.channel = store_channel_from(col(st, 9));
	if (sqlite3_column_type(st, 7) == SQLITE_NULL)
		row.question = row.value = NULL;
	else {
		row.question = col(st, 7);
		row.value = col(st, 8);
	}
	return cb->fn(&row, cb->arg);
}

/* The responses of one meeting, through response_meeting. */
static int
answers_meeting(struct store *s, const struct store_export_filter *f,
    int (*fn)(const struct store_export_row *row, void *arg), void *arg)
{
	struct row_cb cb = { fn, arg };

	return each_response_chunk(s, f, sql_answers_meeting,
	    answers_meeting_row, &cb, _("impossible de lire les réponses"));
}

struct answer_cb {
	int (*fn)(const struct store_export_answer *a, void *arg);
	void *arg;
};

static int
scan_meeting_row(sqlite3_stmt *st, void *p)
{
	struct answer_cb *cb = p;
	struct store_export_answer a;

	a.response_id = sqlite3_column_int64(st, 0);
	a.question = col(st, 1);
	a.value = col(st, 2);
	a.value_len = (size_t)sqlite3_column_bytes(st, 2);
	return cb->fn(&a, cb->arg);
}

/* The answers of one meeting, in chunks of responses. */
static int
scan_meeting(struct store *s, const struct store_export_filter *f,
    int (*fn)(const struct store_export_answer *a, void *arg), void *arg)
{
	struct answer_cb cb = { fn, arg };

	return each_response_chunk(s, f, sql_scan_meeting, scan_meeting_row,
	    &cb, _("impossible de lire les réponses aux questions"));
}

/*
 * The range scans' chunks of responses, (lo, hi] each, up to `max` (the
 * snapshot's highest response id), each one read in its own read
 * transaction.  Ids are sparse (random within a period, store.h), so a
 * chunk is not a fixed width of ids: its responses are read first, in id
 * order, `step` at most (LIMIT), and the last id read ends it; the last
 * chunk ends at `max`.  Chunks follow each other without gap or overlap,
 * so every id of [0, max] is in exactly one of them:
 *	struct id_chunk c = ID_CHUNK(max, step);
 *	while (id_chunk_next(&c)) {
 *		read ids in (c.lo, c.max] LIMIT c.step; n of them, `last` the
 *		greatest; id_chunk_read(&c, n, last);  now (c.lo, c.hi] is done
 *	}
 */
struct id_chunk {
	int64_t lo, hi, max, step;
	int done;
};

#define ID_CHUNK(max, step) { -1, -1, (max), (step), 0 }

static int
id_chunk_next(struct id_chunk *c)
{
	c->lo = c->hi;
	return !c->done && c->lo < c->max;
}

/* The chunk read held `n` responses, the greatest id being `last`. */
static void
id_chunk_read(struct id_chunk *c, int64_t n, int64_t last)
{
	if (n == c->step)
		c->hi = last;
	else {
		c->hi = c->max;
		c->done = 1;
	}
}

/* Bind a chunk's responses query: (lo, max], LIMIT step. */
static void
id_chunk_bind(sqlite3_stmt *st, const struct id_chunk *c)
{
	sqlite3_bind_int64(st, 1, c->lo);
	sqlite3_bind_int64(st, 2, c->max);
	sqlite3_bind_int64(st, 3, c->step);
}

struct id_set {
	int64_t *v;
	size_t n;
	int64_t last;          /* the last id looked up, and whether it was in */
	int last_in;
};

static int
id_set_has(struct id_set *set, int64_t id)
{
	size_t lo = 0, hi = set->n;

	if (id == set->last)
		return set->last_in;
	set->last = id;
	set->last_in = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (set->v[mid] == id) {
			set->last_in = 1;
			break;
		}
		if (set->v[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return set->last_in;
}

/* The ids of the selected meetings, by id: bounded by the meetings. */
static int
selected_meetings(struct store *s, const struct store_export_filter *f,
    struct id_set *ms)
{
	sqlite3_stmt *st = filtered(s, sql_scan_meetings, f);
	size_t cap = 0;
	int step;

	if (st == NULL)
		return -1;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (ms->n == cap)
			ms->v = xrealloc(ms->v, (cap = 2 * cap + 16) *
			    sizeof(*ms->v));
		ms->v[ms->n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		free(ms->v);
		ms->v = NULL;
		ms->n = 0;
		return store_fail(s, _("impossible de lister les rencontres"));
	}
	return 0;
}

/* A version and a meeting of the selection. */
struct version_pair {
	int64_t version_id, meeting_id;
	char *form_id;
};

struct version_pairs {
	struct version_pair *v;
	size_t n, cap;
};

static void
pair_add(int64_t meeting_id, int64_t version_id, void *arg)
{
	struct version_pairs *ps = arg;

	if (ps->n > 0 && ps->v[ps->n - 1].meeting_id == meeting_id &&
	    ps->v[ps->n - 1].version_id == version_id)
		return;
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].meeting_id == meeting_id &&
		    ps->v[i].version_id == version_id)
			return;
	if (ps->n == ps->cap)
		ps->v = xrealloc(ps->v, (ps->cap = 2 * ps->cap + 8) *
		    sizeof(*ps->v));
	ps->v[ps->n].meeting_id = meeting_id;
	ps->v[ps->n].version_id = version_id;
	ps->v[ps->n].form_id = NULL;
	ps->n++;
}

static int
by_version_form(const void *pa, const void *pb)
{
	const struct version_pair *a = pa, *b = pb;

	if (a->version_id != b->version_id)
		return a->version_id < b->version_id ? -1 : 1;
	return strcmp(a->form_id, b->form_id);
}

static void
count_one(int64_t meeting_id, int64_t version_id, void *arg)
{
	(void)meeting_id;
	(void)version_id;
	(*(int64_t *)arg)++;
}

/*
 * Call fn for the meeting and version of each selected response, in
 * chunks of ids (each its own read transaction): the response table
 * alone, the meetings tested in memory.  Joining each response to its
 * meeting in SQL cost four times as much.
 */
static int
scan_responses(struct store *s, const struct store_export_filter *f,
    void (*fn)(int64_t meeting_id, int64_t version_id, void *arg), void *arg)
{
	struct id_set ms = { NULL, 0, -1, 0 };
	struct id_chunk c = ID_CHUNK(f->max_response, SCAN_CHUNK);
	int rc = -1;

	if (selected_meetings(s, f, &ms) < 0)
		return -1;
	while (ms.n > 0 && id_chunk_next(&c)) {
		sqlite3_stmt *st = store_stmt(s, sql_chunk_responses);
		int64_t n = 0, last = c.lo;
		int step;

		if (st == NULL)
			goto done;
		id_chunk_bind(st, &c);
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t mid = sqlite3_column_int64(st, 1);

			n++;
			last = sqlite3_column_int64(st, 0);
			if (id_set_has(&ms, mid))
				fn(mid, sqlite3_column_int64(st, 2), arg);
		}
		sqlite3_reset(st);
		if (step != SQLITE_DONE) {
			store_fail(s, _("impossible de lire les réponses"));
			goto done;
		}
		id_chunk_read(&c, n, last);
	}
	rc = 0;
done:
	free(ms.v);
	return rc;
}

int
store_export_versions(struct store *s, const struct store_export_filter *f,
    int (*fn)(int64_t version_id, const char *form_id, void *arg), void *arg)
{
	struct version_pairs ps = { NULL, 0, 0 };
	sqlite3_stmt *st;
	int rc = -1;

	if (f->meeting_id != 0) {
		if ((st = filtered(s, sql_versions_one, f)) == NULL)
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			if (fn(sqlite3_column_int64(st, 0), col(st, 1), arg))
				break;
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(s, _("impossible de lister les "
			    "versions des questionnaires"));
		return 0;
	}
	if (scan_responses(s, f, pair_add, &ps) < 0)
		goto done;
	for (size_t i = 0; i < ps.n; i++) {
		if ((st = store_stmt(s, sql_meeting_form)) == NULL)
			goto done;
		sqlite3_bind_int64(st, 1, ps.v[i].meeting_id);
		if (sqlite3_step(st) == SQLITE_ROW)
			ps.v[i].form_id = store_col_text(st, 0);
		sqlite3_reset(st);
		if (ps.v[i].form_id == NULL) {
			store_fail(s, _("impossible de lire une rencontre"));
			goto done;
		}
	}
	if (ps.n > 1)
		qsort(ps.v, ps.n, sizeof(*ps.v), by_version_form);
	for (size_t i = 0; i < ps.n; i++) {
		if (i > 0 && ps.v[i].version_id == ps.v[i - 1].version_id &&
		    strcmp(ps.v[i].form_id, ps.v[i - 1].form_id) == 0)
			continue;
		if (fn(ps.v[i].version_id, ps.v[i].form_id, arg))
			break;
	}
	rc = 0;
done:
	for (size_t i = 0; i < ps.n; i++)
		free(ps.v[i].form_id);
	free(ps.v);
	return rc;
}

/*
 * Read the next chunk of responses of `c` and keep in sel[] (SCAN_CHUNK
 * of them at most, in id order; *n_sel) those whose meeting is in `ms`.
 */
static int
scan_mark(struct store *s, struct id_set *ms, struct id_chunk *c,
    int64_t *sel, size_t *n_sel)
{
	sqlite3_stmt *st = store_stmt(s, sql_scan_responses);
	int64_t n = 0, last = c->lo;
	int rc;

	*n_sel = 0;
	if (st == NULL)
		return -1;
	id_chunk_bind(st, c);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == SCAN_CHUNK)    /* the LIMIT: never */
			break;
		n++;
		last = sqlite3_column_int64(st, 0);
		if (id_set_has(ms, sqlite3_column_int64(st, 1)))
			sel[(*n_sel)++] = last;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(s, _("impossible de lire les réponses"));
	id_chunk_read(c, n, last);
	return 0;
}

/*
 * Call fn for the non-empty answers of (lo, hi] whose response is in
 * sel[] (n_sel ids, ascending): a merge, as both come in id order.
 */
static int
scan_answers(struct store *s, int64_t lo, int64_t hi, const int64_t *sel,
    size_t n_sel, int (*fn)(const struct store_export_answer *a, void *arg),
    void *arg, int *stop)
{
	sqlite3_stmt *st = store_stmt(s, sql_scan_answers);
	struct store_export_answer a;
	size_t k = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a.response_id = sqlite3_column_int64(st, 0);
		while (k < n_sel && sel[k] < a.response_id)
			k++;
		if (k == n_sel || sel[k] != a.response_id)
			continue;
		a.question = col(st, 1);
		a.value = col(st, 2);
		a.value_len = (size_t)sqlite3_column_bytes(st, 2);
		if (fn(&a, arg)) {
			*stop = 1;
			break;
		}
	}
	sqlite3_reset(st);
	if (!*stop && rc != SQLITE_DONE)
		return store_fail(s, _("impossible de lire les réponses aux "
		    "questions"));
	return 0;
}


int
store_export_scan(struct store *s, const struct store_export_filter *f,
    int (*fn)(const struct store_export_answer *a, void *arg), void *arg)
{
	int64_t *sel = NULL;
	struct id_set ms = { NULL, 0, -1, 0 };
	struct id_chunk c = ID_CHUNK(f->max_response, SCAN_CHUNK);
	int rc = -1, stop = 0;

	if (f->meeting_id != 0)
		return scan_meeting(s, f, fn, arg);
	if (selected_meetings(s, f, &ms) < 0)
		return -1;
	sel = xmalloc(SCAN_CHUNK * sizeof(*sel));
	while (ms.n > 0 && !stop && id_chunk_next(&c)) {
		size_t n_sel;

		if (scan_mark(s, &ms, &c, sel, &n_sel) < 0)
			goto done;
		if (n_sel > 0 && scan_answers(s, c.lo, c.hi, sel, n_sel, fn,
		    arg, &stop) < 0)
			goto done;
	}
	rc = 0;
done:
	free(sel);
	free(ms.v);
	return rc;
}

/* The meeting of the rows being emitted, read once per change of meeting. */
struct meeting_cache {
	int64_t id;
	char *code, *title, *date;
};

static int
meeting_cache_get(struct store *s, struct meeting_cache *mc, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (mc->id == id)
		return 0;
	free(mc->code);
	free(mc->title);
	free(mc->date);
	mc->code = mc->title = mc->date = NULL;
	mc->id = 0;
	if ((st = store_stmt(s, sql_meeting_row)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		mc->code = store_col_text(st, 0);
		mc->title = store_col_text(st, 1);
		mc->date = store_col_text(st, 2);
		mc->id = id;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_fail(s, _("impossible de lire "
	    "une rencontre"));
}

/* A selected response of the current chunk. */
struct chunk_response {
	int64_t id, meeting_id, version_id, submitted_at;
	enum store_channel channel;
};

/* Emit the row(s) of response `r` that has no answer (question NULL). */
static int
emit_bare(struct store *s, struct meeting_cache *mc,
    const struct chunk_response *r, struct store_export_row *row,
    int (*fn)(const struct store_export_row *row, void *arg), void *arg,
    int *stop)
{
	if (meeting_cache_get(s, mc, r->meeting_id) < 0)
		return -1;
	row->response_id = r->id;
	row->meeting_id = r->meeting_id;
	row->version_id = r->version_id;
	row->submitted_at = r->submitted_at;
	row->channel = r->channel;
	row->code = mc->code;
	row->title = mc->title;
	row->date = mc->date;
	row->question = row->value = NULL;
	*stop = fn(row, arg) != 0;
	return 0;
}

/*
 * Read the next chunk of responses of `c` (CHUNK at most) and keep in rs
 * those whose meeting is in `ms`, in id order; *n of them.
 */
static int
chunk_responses(struct store *s, struct id_set *ms, struct id_chunk *c,
    struct chunk_response *rs, size_t *n)
{
	sqlite3_stmt *st = store_stmt(s, sql_chunk_responses);
	int64_t read = 0, last = c->lo;
	int step;

	*n = 0;
	if (st == NULL)
		return -1;
	id_chunk_bind(st, c);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct chunk_response *r = &rs[*n];

		if (read == CHUNK)      /* the LIMIT: never */
			break;
		read++;
		last = sqlite3_column_int64(st, 0);
		r->meeting_id = sqlite3_column_int64(st, 1);
		if (!id_set_has(ms, r->meeting_id))
			continue;
		r->id = last;
		r->version_id = sqlite3_column_int64(st, 2);
		r->submitted_at = sqlite3_column_int64(st, 3);
		r->channel = store_channel_from(col(st, 4));
		(*n)++;
	}
	sqlite3_reset(st);
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return store_fail(s, _("impossible de lire les réponses"));
	id_chunk_read(c, read, last);
	return 0;
}

/*
 * Emit the rows of the chunk's `n` responses: the answers of (lo, hi],
 * each attached to its response, and a bare row for a response without
 * any.  Sets *stop when fn asks to stop.
 */
static int
chunk_emit(struct store *s, struct meeting_cache *mc,
    const struct chunk_response *rs, size_t n, int64_t lo, int64_t hi,
    int (*fn)(const struct store_export_row *row, void *arg), void *arg,
    int *stop)
{
	struct store_export_row row;
	sqlite3_stmt *st;
	size_t i = 0;
	int step = SQLITE_DONE, answered = 0;

	if ((st = store_stmt(s, sql_chunk_answers)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, lo);
	sqlite3_bind_int64(st, 2, hi);
	while (!*stop && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		/* Responses before this answer's that had none. */
		while (i < n && rs[i].id < id && !*stop) {
			if (!answered && emit_bare(s, mc, &rs[i], &row, fn, arg,
			    stop) < 0)
				goto fail;
			i++;
			answered = 0;
		}
		if (i == n || rs[i].id != id || *stop)
			continue;
		if (meeting_cache_get(s, mc, rs[i].meeting_id) < 0)
			goto fail;
		row.response_id = id;
		row.meeting_id = rs[i].meeting_id;
		row.version_id = rs[i].version_id;
		row.submitted_at = rs[i].submitted_at;
		row.channel = rs[i].channel;
		row.code = mc->code;
		row.title = mc->title;
		row.date = mc->date;
		row.question = col(st, 1);
		row.value = col(st, 2);
		answered = 1;
		*stop = fn(&row, arg) != 0;
	}
	sqlite3_reset(st);
	if (!*stop && step != SQLITE_DONE)
		return store_fail(s, _("impossible de lire les réponses aux "
		    "questions"));
	for (; i < n && !*stop; i++, answered = 0)
		if (!answered && emit_bare(s, mc, &rs[i], &row, fn, arg,
		    stop) < 0)
			return -1;
	return 0;
fail:
	sqlite3_reset(st);
	return -1;
}

int
store_export_answers(struct store *s, const struct store_export_filter *f,
    int (*fn)(const struct store_export_row *row, void *arg), void *arg)
{
	struct chunk_response *rs = NULL;
	struct meeting_cache mc = { 0, NULL, NULL, NULL };
	struct id_set ms = { NULL, 0, -1, 0 };
	struct id_chunk c = ID_CHUNK(f->max_response, CHUNK);
	int rc = -1, stop = 0;

	/*
	 * A merge of two range scans, one chunk of ids at a time, as in
	 * store_export_scan: the chunk's selected responses, then its answers
	 * straight from the answer table, each attached to its response.
	 */
	if (f->meeting_id != 0)
		return answers_meeting(s, f, fn, arg);
	if (selected_meetings(s, f, &ms) < 0)
		return -1;
	rs = xcalloc(CHUNK, sizeof(*rs));
	while (ms.n > 0 && !stop && id_chunk_next(&c)) {
		size_t n;

		if (chunk_responses(s, &ms, &c, rs, &n) < 0)
			goto done;
		if (n > 0 && chunk_emit(s, &mc, rs, n, c.lo, c.hi, fn, arg,
		    &stop) < 0)
			goto done;
	}
	rc = 0;
done:
	free(rs);
	free(ms.v);
	free(mc.code);
	free(mc.title);
	free(mc.date);
	return rc;
}

int
store_export_texts(struct store *s, const struct store_export_filter *f,
    int64_t meeting_id, const char *question,
    int (*fn)(const char *value, void *arg), void *arg)
{
	sqlite3_stmt *st = store_stmt(s, sql_texts);
	int step;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_int64(st, 2, f->max_response);
	store_bind_text(st, 3, question);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		if (fn((const char *)sqlite3_column_text(st, 0), arg))
			break;
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_fail(s, _("impossible de lire les réponses aux "
		    "questions"));
	return 0;
}

int
store_export_meetings(struct store *s, const struct store_export_filter *f,
    int (*fn)(const struct meeting *m, void *arg), void *arg)
{
	struct meeting batch[MEETING_BATCH];
	char *date = xstrdup("");
	int64_t id = 0;
	int rc = -1, stop = 0;

	/*
	 * A batch of meetings is read, then the statement is reset before fn
	 * runs: fn's own queries never run inside a long read transaction.
	 */
	while (!stop) {
		sqlite3_stmt *st = filtered(s, sql_meeting_next, f);
		size_t n = 0;
		int step;

		if (st == NULL)
			goto done;
		store_bind_text(st, 6, date);
		sqlite3_bind_int64(st, 7, id);
		sqlite3_bind_int(st, 8, MEETING_BATCH);
		while (n < MEETING_BATCH &&
		    (step = sqlite3_step(st)) == SQLITE_ROW) {
			struct meeting *m = &batch[n++];

			memset(m, 0, sizeof(*m));
			m->id = sqlite3_column_int64(st, 0);
			snprintf(m->code, sizeof(m->code), "%s", col(st, 1));
			m->form_id = store_col_text(st, 2);
			m->title = store_col_text(st, 3);
			m->date = store_col_text(st, 4);
			m->level = store_col_text(st, 5);
			m->centre = store_col_text(st, 6);
			m->place = store_col_text(st, 7);
			m->closed = sqlite3_column_int(st, 8);
			m->created_at = sqlite3_column_int64(st, 9);
			m->n_responses = -1;
		}
		sqlite3_reset(st);
		if (n < MEETING_BATCH && step != SQLITE_DONE) {
			for (size_t i = 0; i < n; i++)
				store_meeting_release(&batch[i]);
			store_fail(s, _("impossible de lister les "
			    "rencontres"));
			goto done;
		}
		if (n > 0) {
			free(date);
			date = xstrdup(batch[n - 1].date);
			id = batch[n - 1].id;
		}
		for (size_t i = 0; i < n; i++) {
			if (!stop)
				stop = fn(&batch[i], arg);
			store_meeting_release(&batch[i]);
		}
		if (n < MEETING_BATCH)
			break;
	}
	rc = 0;
done:
	free(date);
	return rc;
}

int
store_export_count_meetings(struct store *s,
    const struct store_export_filter *f, int64_t *n)
{
	return store_step_int64(s, filtered2(s, sql_count_meetings,
	    sql_count_meetings_one, f), n, _("impossible de compter les "
	        "rencontres"));
}

int
store_export_period(struct store *s, const struct store_export_filter *f,
    char **first, char **last)
{
	sqlite3_stmt *st = filtered2(s, sql_period, sql_period_one, f);
	int rc;

	*first = *last = NULL;
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*first = store_col_text(st, 0);
		*last = store_col_text(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : store_fail(s, _("impossible de lire "
	    "les dates des rencontres"));
}

int
store_export_count_responses(struct store *s,
    const struct store_export_filter *f, int64_t *n)
{
	if (f->meeting_id != 0)
		return store_step_int64(s, filtered(s, sql_count_responses_one,
		    f), n, _("impossible de compter les réponses"));
	*n = 0;
	return scan_responses(s, f, count_one, n);
}

int
store_export_channels(struct store *s, const struct store_export_filter *f,
    int64_t n[STORE_CHANNELS])
{
	sqlite3_stmt *st = filtered2(s, sql_channels, sql_channels_one, f);
	int rc;

	memset(n, 0, STORE_CHANNELS * sizeof(*n));
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		n[store_channel_from(col(st, 0))] += sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 :
	    store_fail(s, _("impossible de compter les réponses par canal"));
}

int
store_export_levels(struct store *s, const struct store_export_filter *f,
    int (*fn)(const char *level, int64_t n, void *arg), void *arg)
{
	sqlite3_stmt *st = filtered2(s, sql_levels, sql_levels_one, f);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(col(st, 0), sqlite3_column_int64(st, 1), arg))
			break;
	return store_rows_end(s, st, rc, _("impossible de compter les "
	    "rencontres par niveau"));
}

int
store_export_centres(struct store *s, const struct store_export_filter *f,
    int (*fn)(const char *centre, void *arg), void *arg)
{
	sqlite3_stmt *st = filtered2(s, sql_centres, sql_centres_one, f);
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(col(st, 0), arg))
			break;
	return store_rows_end(s, st, rc, _("impossible de lister les "
	    "centres"));
}
