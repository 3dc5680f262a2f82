/*
 * store.c - the storage module's core: opening, schema migrations, the
 * statement cache, form versions, meetings and responses.
 *
 * Durability: WAL with synchronous=FULL, so a committed transaction
 * survives power loss, not only a crash of the process.  The group-commit
 * writer (writer.c) wraps many store_response_add() calls in one
 * transaction; nothing here commits behind its back.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "form.h"
#include "i18n.h"
#include "store_int.h"
#include "util.h"

/* ---- schema ----------------------------------------------------------- */

/*
 * One round of migration 9's draw of new response ids: the same value as
 * store_response_id() with SQLite's own random() (a ChaCha20 generator
 * seeded by the system) for the low 31 bits.
 */
#define RESPONSE_ID_DRAW \
	"INSERT OR IGNORE INTO temp.response_id_map (old, new)" \
	"  SELECT id, max(0, min(submitted_at, 4294967295)) * 2147483648" \
	"  + (random() & 2147483647) FROM main.response" \
	"  WHERE id >> 31 <> submitted_at" \
	"  AND id NOT IN (SELECT old FROM temp.response_id_map);"

/*
 * Migrations, applied in order; migrations[i] brings user_version from i
 * to i + 1.  Never edit a released migration: append a new one.
 */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema. */
	"CREATE TABLE meta ("
	"  key TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE form_version ("
	"  id INTEGER PRIMARY KEY,"
	"  form_id TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  version TEXT,"
	"  source BLOB NOT NULL,"
	"  loaded_at INTEGER NOT NULL,"
	"  UNIQUE (form_id, hash)"
	");"
	"CREATE TABLE meeting ("
	"  id INTEGER PRIMARY KEY,"
	"  code TEXT NOT NULL UNIQUE,"
	"  form_id TEXT NOT NULL,"
	"  title TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  level TEXT NOT NULL DEFAULT '',"
	"  centre TEXT NOT NULL DEFAULT '',"
	"  place TEXT NOT NULL DEFAULT '',"
	"  closed INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE response ("
	"  id INTEGER PRIMARY KEY,"
	"  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,"
	"  form_version_id INTEGER NOT NULL REFERENCES form_version(id),"
	"  token BLOB NOT NULL UNIQUE,"
	"  submitted_at INTEGER NOT NULL"
	");"
	"CREATE INDEX response_meeting ON response(meeting_id);"
	"CREATE INDEX response_time ON response(submitted_at);"
	"CREATE TABLE answer ("
	"  response_id INTEGER NOT NULL REFERENCES response(id) ON DELETE CASCADE,"
	"  question TEXT NOT NULL,"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (response_id, question)"
	") WITHOUT ROWID;"
	"CREATE TABLE user ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL CHECK (role IN ('coordinator', 'professional')),"
	"  hash TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE session ("
	"  id BLOB PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,"
	"  csrf BLOB NOT NULL,"
	"  expires_at INTEGER NOT NULL"
	") WITHOUT ROWID;",
	/*
	 * 1 -> 2: failed logins, counted in the database so that they survive
	 * a restart and no flood of other names can push a blocked account
	 * out of a fixed-size table (store_login_attempt).  `key` is a keyed
	 * hash of the account name or client address, never the text.
	 */
	"CREATE TABLE login_failure ("
	"  key BLOB PRIMARY KEY,"
	"  since INTEGER NOT NULL,"
	"  failures INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX login_failure_since ON login_failure(since);",
	/*
	 * 2 -> 3: the form editor's drafts (store_draft.c).  `source` is the
	 * draft as the single-file CSV layout of XLSForm, the rows of its
	 * sheets; `version` grows by one on every save, so that a save made
	 * from an older page is refused instead of overwriting another's.
	 */
	"CREATE TABLE draft ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  source BLOB NOT NULL,"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  created_by TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  updated_by TEXT NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");",
	/*
	 * 3 -> 4: an uploaded form waiting for its preview to be published
	 * (store_pending.c).  One per staff session, deleted with it, at
	 * most 1 MiB (a definition's cap, SHEET_MAX_FILE), and forgotten
	 * after an hour: nothing here reaches residents.
	 */
	"CREATE TABLE form_pending ("
	"  session BLOB PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,"
	"  file TEXT NOT NULL,"
	"  source BLOB NOT NULL CHECK (length(source) <= 1048576),"
	"  back TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL"
	") WITHOUT ROWID;",
	/*
	 * 4 -> 5 (issue 19): the network's centres and levels as lists the
	 * coordinators keep (store_centre.c), seeded with the centres and
	 * networks of the centre's "Action 1" (the departmental network of
	 * the Cher, the Berry network, the regional network); meetings link
	 * to their host centre (their free text is kept; store_open links
	 * the texts that match a name, see store_centre_link_all).  `key` is
	 * fold_key() of the name (fold.h).  Accounts can be disabled and
	 * made to change a temporary password; the journal of staff actions
	 * (store_journal.c) holds names of accounts, meetings, forms and
	 * exports, never an answer.
	 */
	"CREATE TABLE network ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  key TEXT NOT NULL UNIQUE,"
	"  retired INTEGER NOT NULL DEFAULT 0,"
	"  position INTEGER NOT NULL DEFAULT 0"
	");"
	"INSERT INTO network (name, key, position) VALUES"
	"  ('départemental', 'departemental', 1),"
	"  ('régional', 'regional', 2),"
	"  ('Berry', 'berry', 3),"
	"  ('commission technique', 'commission technique', 4),"
	"  ('visite', 'visite', 5),"
	"  ('autre', 'autre', 6);"
	"CREATE TABLE centre ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  key TEXT NOT NULL UNIQUE,"
	"  town TEXT NOT NULL DEFAULT '',"
	"  retired INTEGER NOT NULL DEFAULT 0"
	");"
	"INSERT INTO centre (name, key, town) VALUES"
	"  ('La Chancellerie', 'la chancellerie', ''),"
	"  ('Val d''Auron', 'val d auron', ''),"
	"  ('Rond-Point', 'rond point', ''),"
	"  ('Saint-Amand-Montrond', 'saint amand montrond',"
	"   'Saint-Amand-Montrond'),"
	"  ('Vierzon', 'vierzon', 'Vierzon'),"
	"  ('Châteauroux', 'chateauroux', 'Châteauroux'),"
	"  ('Le Blanc', 'le blanc', 'Le Blanc');"
	"CREATE TABLE centre_network ("
	"  centre_id INTEGER NOT NULL REFERENCES centre(id) ON DELETE CASCADE,"
	"  network_id INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE,"
	"  PRIMARY KEY (centre_id, network_id)"
	") WITHOUT ROWID;"
	"INSERT INTO centre_network (centre_id, network_id)"
	"  SELECT c.id, n.id FROM centre c, network n WHERE (c.key, n.key) IN ("
	"  VALUES ('la chancellerie', 'departemental'),"
	"  ('val d auron', 'departemental'), ('rond point', 'departemental'),"
	"  ('saint amand montrond', 'departemental'),"
	"  ('vierzon', 'departemental'),"
	"  ('chateauroux', 'berry'), ('le blanc', 'berry'),"
	"  ('saint amand montrond', 'berry'), ('vierzon', 'berry'),"
	"  ('la chancellerie', 'regional'), ('val d auron', 'regional'),"
	"  ('rond point', 'regional'), ('saint amand montrond', 'regional'),"
	"  ('vierzon', 'regional'), ('chateauroux', 'regional'),"
	"  ('le blanc', 'regional'));"
	"ALTER TABLE meeting ADD COLUMN centre_id INTEGER REFERENCES centre(id);"
	"CREATE INDEX meeting_centre ON meeting(centre_id);"
	"ALTER TABLE user ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE user ADD COLUMN must_change INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE journal ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  who TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  what TEXT NOT NULL DEFAULT ''"
	");",
	/*
	 * 5 -> 6: quotes kept for the bilan (store_quote.c).  A coordinator
	 * marks a free-text answer "retenir pour le bilan" and may shorten it:
	 * `text` is that edit ('' keeps the answer as written), stored beside
	 * the answer, which is never changed.  Deleting the answer (a purge)
	 * deletes the quote with it.
	 */
	"CREATE TABLE quote ("
	"  response_id INTEGER NOT NULL,"
	"  question TEXT NOT NULL,"
	"  text TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY (response_id, question),"
	"  FOREIGN KEY (response_id, question)"
	"    REFERENCES answer(response_id, question) ON DELETE CASCADE"
	") WITHOUT ROWID;",
	/*
	 * 6 -> 7 (issue 16): how each response came in, `channel`: 'phone'
	 * (the public form on a resident's own device), 'kiosk' (the
	 * centre's shared tablet) or 'paper' (a paper sheet typed in by the
	 * staff, `sheet` its number, unique in its meeting so that a sheet
	 * is not typed twice).  Every earlier response came from the public
	 * form: 'phone'.
	 */
	"ALTER TABLE response ADD COLUMN channel TEXT NOT NULL DEFAULT 'phone'"
	"  CHECK (channel IN ('phone', 'kiosk', 'paper'));"
	"ALTER TABLE response ADD COLUMN sheet INTEGER;"
	"CREATE UNIQUE INDEX response_sheet ON response(meeting_id, sheet)"
	"  WHERE sheet IS NOT NULL;",
	/*
	 * 7 -> 8 (issue 19): a demonstration meeting (the one `make run`
	 * creates) is marked, so that it never counts in statistics, the
	 * evaluation or reports.  The meetings earlier versions created as
	 * the demo are marked too (their exact title, centre and empty
	 * place); `demo-made` remembers that a demo was made, so that a
	 * removed demo stays removed.  The date index serves the meetings
	 * list, newest first.
	 */
	"ALTER TABLE meeting ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;"
	"UPDATE meeting SET demo = 1 WHERE title = 'Rencontre de démonstration' "
	"  AND centre = 'Centre social' AND place = '';"
	"INSERT INTO meta (key, value) SELECT 'demo-made', x'01' "
	"  WHERE EXISTS (SELECT 1 FROM meeting);"
	"CREATE INDEX meeting_date ON meeting(date, id);",
	/*
	 * 8 -> 9: response ids that do not tell the order of submission
	 * (store_response_id): every response gets the id its submitted_at
	 * and 31 random bits make, and its answers and quotes follow it (an
	 * id already of that form is kept, should this run twice).  Drawing
	 * an id already drawn is ignored and drawn again, four rounds (a
	 * collision needs two of the 2^31 values of one period); the CHECK
	 * fails the migration, so nothing changes, if any response were left
	 * without a new id.  Old ids (1, 2, 3...) are below 2^31 and new
	 * ones above (submitted_at >= 1), so the UPDATE never meets a taken
	 * id.  The foreign keys (answer to response, quote to answer) are
	 * checked at COMMIT, once the three tables moved.
	 */
	"CREATE TEMP TABLE response_id_map ("
	"  old INTEGER PRIMARY KEY,"
	"  new INTEGER NOT NULL UNIQUE"
	");"
	RESPONSE_ID_DRAW RESPONSE_ID_DRAW RESPONSE_ID_DRAW RESPONSE_ID_DRAW
	"CREATE TEMP TABLE response_id_check (ok INTEGER CHECK (ok));"
	"INSERT INTO temp.response_id_check SELECT"
	"  (SELECT count(*) FROM main.response WHERE id >> 31 <> submitted_at)"
	"  = (SELECT count(*) FROM temp.response_id_map);"
	"PRAGMA defer_foreign_keys = ON;"
	"UPDATE main.response SET id = (SELECT m.new FROM temp.response_id_map m"
	"  WHERE m.old = response.id)"
	"  WHERE id IN (SELECT old FROM temp.response_id_map);"
	"UPDATE main.answer SET response_id = (SELECT m.new FROM"
	"  temp.response_id_map m WHERE m.old = answer.response_id)"
	"  WHERE response_id IN (SELECT old FROM temp.response_id_map);"
	"UPDATE main.quote SET response_id = (SELECT m.new FROM"
	"  temp.response_id_map m WHERE m.old = quote.response_id)"
	"  WHERE response_id IN (SELECT old FROM temp.response_id_map);"
	"PRAGMA defer_foreign_keys = OFF;"
	"DROP TABLE temp.response_id_map;"
	"DROP TABLE temp.response_id_check;",
};

#define N_MIGRATIONS (sizeof(migrations) / sizeof(migrations[0]))

int
store_schema_version(void)
{
	return (int)N_MIGRATIONS;
}

/* ---- connection ------------------------------------------------------- */

int
store_fail(struct store *s, const char *what)
{
	snprintf(s->err, sizeof(s->err), "%s: %s", what, sqlite3_errmsg(s->db));
	return -1;
}

const char *
store_error(const struct store *s)
{
	return s->err;
}

sqlite3_stmt *
store_stmt(struct store *s, const char *sql)
{
	sqlite3_stmt *st = NULL;

	for (size_t i = 0; i < s->n_stmts; i++) {
		if (s->stmts[i].sql == sql) {
			st = s->stmts[i].stmt;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return st;
		}
	}
	if (s->n_stmts == STORE_MAX_STMTS) {
		snprintf(s->err, sizeof(s->err), _("trop de requêtes "
		    "préparées"));
		return NULL;
	}
	if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK) {
		store_fail(s, _("impossible de préparer la requête"));
		return NULL;
	}
	s->stmts[s->n_stmts].sql = sql;
	s->stmts[s->n_stmts].stmt = st;
	s->n_stmts++;
	return st;
}

int
store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

char *
store_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return xstrdup(t != NULL ? (const char *)t : "");
}

static int
exec(struct store *s, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(s->err, sizeof(s->err), "%s", msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
user_version(struct store *s, int *v)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	/* A pragma, prepared here once: it runs only at open. */
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL)
	    != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, _("impossible de lire la version du schéma"));
		goto done;
	}
	*v = sqlite3_column_int(st, 0);
	rc = 0;
done:
	sqlite3_finalize(st);
	return rc;
}

static int
migrate(struct store *s)
{
	int v, ran;
	char sql[64];

	if (exec(s, "BEGIN IMMEDIATE") < 0)
		return -1;
	if (user_version(s, &v) < 0)
		goto fail;
	if (v > (int)N_MIGRATIONS) {
		snprintf(s->err, sizeof(s->err), _("la base est au schéma "
		    "%d, plus récent que celui de ce programme (%d) : "
		    "mettez Recueil à jour"), v,
		    (int)N_MIGRATIONS);
		goto fail;
	}
	ran = v < (int)N_MIGRATIONS;
	for (; v < (int)N_MIGRATIONS; v++) {
		if (exec(s, migrations[v]) < 0) {
			char tmp[sizeof(s->err)];

			memcpy(tmp, s->err, sizeof(tmp));
			snprintf(s->err, sizeof(s->err), "migration %d failed: %.400s",
			    v + 1, tmp);
			goto fail;
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if (exec(s, sql) < 0)
			goto fail;
	}
	/* Free-text host centres that name a listed centre are linked. */
	if (ran && store_centre_link_all(s) < 0)
		goto fail;
	return exec(s, "COMMIT");
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/*
 * Before SQLite initialises: no memory statistics.  With them, every
 * sqlite3_malloc and free takes a process-wide mutex, shared by the loop,
 * the writer and the workers (each connection is already NOMUTEX).
 */
static pthread_once_t library_once = PTHREAD_ONCE_INIT;

static void
library_init(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct store *
store_open(const char *path, int flags, char *err, size_t errlen)
{
	struct store *s = xcalloc(1, sizeof(*s));
	int oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY
	    : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int v;

	pthread_once(&library_once, library_init);
	oflags |= SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
		snprintf(err, errlen, _("impossible d'ouvrir la base « %s » "
		    ": %s"), path,
		    s->db ? sqlite3_errmsg(s->db) : _("mémoire épuisée"));
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	/*
	 * The busy timeout sleeps in the calling thread: the daemon only
	 * writes from its writer thread, and its loop-thread reads never wait
	 * on WAL readers, so a bounded wait is safe here.
	 */
	sqlite3_busy_timeout(s->db, 5000);
	if (exec(s, "PRAGMA foreign_keys = ON") < 0 ||
	    store_centre_register(s) < 0)
		goto fail_msg;
	if (!(flags & STORE_READONLY)) {
		if (exec(s, "PRAGMA journal_mode = WAL") < 0 ||
		    exec(s, "PRAGMA synchronous = FULL") < 0 || migrate(s) < 0)
			goto fail_msg;
	} else {
		if (user_version(s, &v) < 0)
			goto fail_msg;
		if (v != (int)N_MIGRATIONS) {
			snprintf(s->err, sizeof(s->err), _("schéma %d, %d "
			    "attendu : démarrez recueild une fois pour "
			    "mettre la base à jour"), v,
			    (int)N_MIGRATIONS);
			goto fail_msg;
		}
	}
	return s;
fail_msg:
	snprintf(err, errlen, "database '%s': %s", path, s->err);
fail:
	store_close(s);
	return NULL;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->n_stmts; i++)
		sqlite3_finalize(s->stmts[i].stmt);
	sqlite3_close(s->db);
	free(s);
}

static const char sql_begin[] = "BEGIN IMMEDIATE";
static const char sql_commit[] = "COMMIT";
static const char sql_rollback[] = "ROLLBACK";
static const char sql_savepoint[] = "SAVEPOINT job";
static const char sql_release[] = "RELEASE job";
static const char sql_rollback_to[] = "ROLLBACK TO job";

int
store_step_done(struct store *s, const char *sql, const char *what)
{
	sqlite3_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return -1;
	do
		rc = sqlite3_step(st);
	while (rc == SQLITE_ROW);
	if (rc != SQLITE_DONE)
		store_fail(s, what);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_rows_end(struct store *s, sqlite3_stmt *st, int rc, const char *what)
{
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : store_fail(s, what);
}

int
store_run(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, what);
}

int
store_run_changed(struct store *s, sqlite3_stmt *st, const char *what)
{
	if (store_run(s, st, what) < 0)
		return -1;
	return sqlite3_changes(s->db) == 0 ? 1 : 0;
}

int
store_step_int64(struct store *s, sqlite3_stmt *st, int64_t *n,
    const char *what)
{
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		store_fail(s, what);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

int
store_begin(struct store *s)
{
	return store_step_done(s, sql_begin, _("impossible de commencer une "
	    "transaction"));
}

int
store_commit(struct store *s)
{
	return store_step_done(s, sql_commit, _("impossible de valider la "
	    "transaction"));
}

int
store_rollback(struct store *s)
{
	if (sqlite3_get_autocommit(s->db))
		return 0;
	return store_step_done(s, sql_rollback, _("impossible d'annuler"));
}

int
store_savepoint(struct store *s)
{
	return store_step_done(s, sql_savepoint, _("impossible de poser un "
	    "point de reprise"));
}

int
store_savepoint_release(struct store *s)
{
	return store_step_done(s, sql_release, _("impossible de lever un "
	    "point de reprise"));
}

int
store_savepoint_rollback(struct store *s)
{
	if (store_step_done(s, sql_rollback_to, _("impossible de revenir à "
	    "un point de reprise")) < 0)
		return -1;
	return store_savepoint_release(s);
}

/* ---- meta ------------------------------------------------------------- */

static const char sql_meta_get[] = "SELECT value FROM meta WHERE key = ?1";
static const char sql_meta_put[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO NOTHING";

int
store_secret(struct store *s, const char *name, unsigned char *key,
    size_t len)
{
	sqlite3_stmt *st;
	unsigned char fresh[64];
	int rc;

	if (len > sizeof(fresh)) {
		snprintf(s->err, sizeof(s->err), _("secret trop long"));
		return -1;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		if ((st = store_stmt(s, sql_meta_get)) == NULL)
			return -1;
		store_bind_text(st, 1, name);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW &&
		    (size_t)sqlite3_column_bytes(st, 0) == len) {
			memcpy(key, sqlite3_column_blob(st, 0), len);
			sqlite3_reset(st);
			return 0;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_fail(s, _("impossible de lire un "
			    "secret"));
		if (attempt > 0 || rc == SQLITE_ROW)
			break;
		/* Not there yet: create it (a concurrent creator wins). */
		randombytes_buf(fresh, len);
		if ((st = store_stmt(s, sql_meta_put)) == NULL)
			return -1;
		store_bind_text(st, 1, name);
		sqlite3_bind_blob(st, 2, fresh, (int)len, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		sodium_memzero(fresh, sizeof(fresh));
		if (rc != SQLITE_DONE)
			return store_fail(s, _("impossible d'enregistrer un "
			    "secret"));
	}
	snprintf(s->err, sizeof(s->err), _("le secret « %s » n'a pas la "
	    "bonne taille"), name);
	return -1;
}

static const char sql_meta_replace[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

int
store_meta_get_text(struct store *s, const char *key, char *buf,
    size_t size)
{
	sqlite3_stmt *st;
	int rc, n, found = 0;

	if ((st = store_stmt(s, sql_meta_get)) == NULL)
		return -1;
	store_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		n = sqlite3_column_bytes(st, 0);
		if (n >= 0 && (size_t)n < size) {
			memcpy(buf, sqlite3_column_blob(st, 0), (size_t)n);
			buf[n] = '\0';
			found = 1;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(s, _("impossible de lire la table meta"));
	return found;
}

int
store_meta_set_text(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_meta_replace)) == NULL)
		return -1;
	store_bind_text(st, 1, key);
	sqlite3_bind_blob(st, 2, value, (int)strlen(value), SQLITE_STATIC);
	return store_run(s, st, _("impossible d'écrire la table meta"));
}

/* ---- form versions ---------------------------------------------------- */

static const char sql_version_find[] =
    "SELECT id FROM form_version WHERE form_id = ?1 AND hash = ?2";
static const char sql_version_add[] =
    "INSERT INTO form_version (form_id, hash, title, version, source, loaded_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_version_source[] =
    "SELECT source FROM form_version WHERE id = ?1";

int
store_form_version_put(struct store *s, struct form *f)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql_version_find)) == NULL)
		return -1;
	store_bind_text(st, 1, f->id);
	store_bind_text(st, 2, f->hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		f->version_id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, _("impossible de chercher une version "
		    "de questionnaire"));
	if ((st = store_stmt(s, sql_version_add)) == NULL)
		return -1;
	store_bind_text(st, 1, f->id);
	store_bind_text(st, 2, f->hash);
	store_bind_text(st, 3, f->title);
	store_bind_text(st, 4, f->version);
	sqlite3_bind_blob(st, 5, f->source, (int)f->source_len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, _("impossible d'enregistrer une "
		    "version de questionnaire"));
	f->version_id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_form_version_source(struct store *s, int64_t id, char **src,
    size_t *len)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql_version_source)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		*src = xmalloc(*len + 1);
		if (*len > 0)
			memcpy(*src, sqlite3_column_blob(st, 0), *len);
		(*src)[*len] = '\0';
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 1;
	return store_fail(s, _("impossible de lire une version de "
	    "questionnaire"));
}

/* ---- meetings --------------------------------------------------------- */

static const char sql_meeting_add[] =
    "INSERT INTO meeting (code, form_id, title, date, level, centre, place, "
    "created_at, demo) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (code) DO NOTHING";
/* The public path reads a meeting on every request: no count here. */
static const char sql_meeting_get[] =
    "SELECT m.id, m.code, m.form_id, m.title, m.date, m.level, m.centre, "
    "m.place, m.closed, m.created_at, -1, m.demo FROM meeting m "
    "WHERE m.code = ?1";
static const char sql_meeting_each[] =
    "SELECT " MEETING_COLS " FROM meeting m ORDER BY m.date DESC, m.id DESC";
static const char sql_meeting_close[] =
    "UPDATE meeting SET closed = ?2 WHERE code = ?1";
static const char sql_meeting_count[] = "SELECT count(*) FROM meeting";

void
store_meeting_release(struct meeting *m)
{
	free(m->form_id);
	free(m->title);
	free(m->date);
	free(m->level);
	free(m->centre);
	free(m->place);
	m->form_id = m->title = m->date = m->level = m->centre = m->place = NULL;
}

void
store_meeting_row(sqlite3_stmt *st, struct meeting *m)
{
	const unsigned char *code = sqlite3_column_text(st, 1);

	m->id = sqlite3_column_int64(st, 0);
	snprintf(m->code, sizeof(m->code), "%s", code ? (const char *)code : "");
	m->form_id = store_col_text(st, 2);
	m->title = store_col_text(st, 3);
	m->date = store_col_text(st, 4);
	m->level = store_col_text(st, 5);
	m->centre = store_col_text(st, 6);
	m->place = store_col_text(st, 7);
	m->closed = sqlite3_column_int(st, 8);
	m->created_at = sqlite3_column_int64(st, 9);
	m->n_responses = sqlite3_column_int64(st, 10);
	m->demo = sqlite3_column_int(st, 11);
}

int
store_meeting_rows(struct store *s, sqlite3_stmt *st,
    int (*fn)(const struct meeting *m, void *arg), void *arg)
{
	struct meeting m;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int stop;

		store_meeting_row(st, &m);
		stop = fn(&m, arg);
		store_meeting_release(&m);
		if (stop)
			break;
	}
	return store_rows_end(s, st, rc, _("impossible de lister les "
	    "rencontres"));
}

void
store_meeting_bind(sqlite3_stmt *st, const struct meeting *m)
{
	store_bind_text(st, 1, m->code);
	store_bind_text(st, 2, m->form_id);
	store_bind_text(st, 3, m->title);
	store_bind_text(st, 4, m->date);
	store_bind_text(st, 5, m->level ? m->level : "");
	store_bind_text(st, 6, m->centre ? m->centre : "");
	store_bind_text(st, 7, m->place ? m->place : "");
}

int
store_meeting_add(struct store *s, struct meeting *m)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql_meeting_add)) == NULL)
		return -1;
	store_meeting_bind(st, m);
	sqlite3_bind_int64(st, 8, (sqlite3_int64)time(NULL));
	sqlite3_bind_int(st, 9, m->demo != 0);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return store_fail(s, _("impossible d'ajouter une rencontre"));
	if (sqlite3_changes(s->db) == 0)
		return 1;
	m->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int
store_meeting_get(struct store *s, const char *code, struct meeting *m)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql_meeting_get)) == NULL)
		return -1;
	store_bind_text(st, 1, code);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_meeting_row(st, m);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return 1;
	return store_fail(s, _("impossible de lire une rencontre"));
}

static const char sql_data_version[] = "PRAGMA data_version";

int
store_data_version(struct store *s, int64_t *v)
{
	return store_step_int64(s, store_stmt(s, sql_data_version), v,
	    _("impossible de lire la version des données"));
}

int64_t
store_total_changes(struct store *s)
{
	return (int64_t)sqlite3_total_changes64(s->db);
}

int
store_meeting_set_closed(struct store *s, const char *code, int closed)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_meeting_close)) == NULL)
		return -1;
	store_bind_text(st, 1, code);
	sqlite3_bind_int(st, 2, closed != 0);
	return store_run_changed(s, st, _("impossible de modifier une "
	    "rencontre"));
}

int
store_meeting_each(struct store *s,
    int (*fn)(const struct meeting *m, void *arg), void *arg)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_meeting_each)) == NULL)
		return -1;
	return store_meeting_rows(s, st, fn, arg);
}

int
store_meeting_count(struct store *s, int64_t *n)
{
	return store_step_int64(s, store_stmt(s, sql_meeting_count), n,
	    _("impossible de compter les rencontres"));
}

/* ---- responses -------------------------------------------------------- */

static const char sql_response_add[] =
    "INSERT INTO response (meeting_id, form_version_id, token, submitted_at,"
    " channel, sheet, id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
    " ON CONFLICT (token) DO NOTHING";

/*
 * A response's answers go in with one multi-row INSERT rather than one
 * INSERT per answer: SQLite then opens the table's and its index's
 * cursors once per statement instead of once per row.  Statements exist
 * for 1 to ANSWER_ROWS rows (?1 the response, then question and value of
 * each row); a response with more answers takes ANSWER_ROWS at a time.
 */
#define ANSWER_ROWS 8
#define ANSWER_INSERT "INSERT INTO answer (response_id, question, value) " \
	"VALUES (?1, ?2, ?3)"
#define ANSWER_ROW(q, v) ", (?1, ?" #q ", ?" #v ")"
#define ANSWERS_2 ANSWER_INSERT ANSWER_ROW(4, 5)
#define ANSWERS_3 ANSWERS_2 ANSWER_ROW(6, 7)
#define ANSWERS_4 ANSWERS_3 ANSWER_ROW(8, 9)
#define ANSWERS_5 ANSWERS_4 ANSWER_ROW(10, 11)
#define ANSWERS_6 ANSWERS_5 ANSWER_ROW(12, 13)
#define ANSWERS_7 ANSWERS_6 ANSWER_ROW(14, 15)
#define ANSWERS_8 ANSWERS_7 ANSWER_ROW(16, 17)

static const char sql_answer_add_1[] = ANSWER_INSERT;
static const char sql_answer_add_2[] = ANSWERS_2;
static const char sql_answer_add_3[] = ANSWERS_3;
static const char sql_answer_add_4[] = ANSWERS_4;
static const char sql_answer_add_5[] = ANSWERS_5;
static const char sql_answer_add_6[] = ANSWERS_6;
static const char sql_answer_add_7[] = ANSWERS_7;
static const char sql_answer_add_8[] = ANSWERS_8;

/* sql_answer_add[n]: the INSERT of n rows. */
static const char *const sql_answer_add[ANSWER_ROWS + 1] = {
	NULL, sql_answer_add_1, sql_answer_add_2, sql_answer_add_3,
	sql_answer_add_4, sql_answer_add_5, sql_answer_add_6, sql_answer_add_7,
	sql_answer_add_8,
};
static const char sql_response_count[] =
    "SELECT count(*) FROM response WHERE meeting_id = ?1";
static const char sql_response_exists[] =
    "SELECT 1 FROM response WHERE token = ?1";

/*
 * A response's id: its submitted_at (already coarsened to time_resolution)
 * in the high bits, 31 random bits below.  Sorting by id sorts by period,
 * and within a period in an order that says nothing of who answered
 * first: the id tells no more than submitted_at.  submitted_at is clamped
 * to [0, 2^32), so that ids stay positive in 63 bits (until 2106).
 */
#define RESPONSE_ID_RANDOM_BITS 31
#define RESPONSE_ID_MAX_TIME INT64_C(4294967295)
/* Draws of a free id: each one collides with probability n / 2^31 at most,
 * n the responses of its period. */
#define RESPONSE_ID_ATTEMPTS 16

int64_t
store_response_id(int64_t submitted_at, uint32_t bits)
{
	if (submitted_at < 0)
		submitted_at = 0;
	if (submitted_at > RESPONSE_ID_MAX_TIME)
		submitted_at = RESPONSE_ID_MAX_TIME;
	return (int64_t)(((uint64_t)submitted_at << RESPONSE_ID_RANDOM_BITS) |
	    (bits & UINT32_C(0x7fffffff)));
}

void
store_set_id_random(struct store *s, uint32_t (*fn)(void *arg), void *arg)
{
	s->id_random = fn;
	s->id_random_arg = arg;
}

/*
 * Insert the response row under a fresh random id; a taken id (another
 * response of the same period drew it) is drawn again.  Returns 0, 1 for
 * a token already stored, -1 on error; *id is the new id.
 */
static int
response_insert(struct store *s, const struct submission *sub, int64_t *id)
{
	sqlite3_stmt *st;
	int rc = SQLITE_ERROR;

	for (int attempt = 0; attempt < RESPONSE_ID_ATTEMPTS; attempt++) {
		uint32_t r = s->id_random != NULL ?
		    s->id_random(s->id_random_arg) : randombytes_random();

		if ((st = store_stmt(s, sql_response_add)) == NULL)
			return -1;
		*id = store_response_id(sub->submitted_at, r);
		sqlite3_bind_int64(st, 1, sub->meeting_id);
		sqlite3_bind_int64(st, 2, sub->form_version_id);
		sqlite3_bind_blob(st, 3, sub->token, sizeof(sub->token),
		    SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, sub->submitted_at);
		sqlite3_bind_text(st, 5, store_channel_code(sub->channel), -1,
		    SQLITE_STATIC);
		if (sub->sheet > 0)
			sqlite3_bind_int64(st, 6, sub->sheet);
		else
			sqlite3_bind_null(st, 6);
		sqlite3_bind_int64(st, 7, *id);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_CONSTRAINT_PRIMARYKEY)
			break;
	}
	if (rc != SQLITE_DONE)
		return store_fail(s, _("impossible d'enregistrer une "
		    "réponse"));
	return sqlite3_changes(s->db) == 0 ? 1 : 0;
}

int
store_response_add(struct store *s, const struct submission *sub)
{
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	if ((rc = response_insert(s, sub, &id)) != 0)
		return rc;
	for (size_t i = 0; i < sub->n_answers; ) {
		size_t n = sub->n_answers - i;

		if (n > ANSWER_ROWS)
			n = ANSWER_ROWS;
		if ((st = store_stmt(s, sql_answer_add[n])) == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		for (size_t k = 0; k < n; k++, i++) {
			store_bind_text(st, 2 + 2 * (int)k,
			    sub->answers[i].question);
			store_bind_text(st, 3 + 2 * (int)k, sub->answers[i].value);
		}
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return store_fail(s, _("impossible d'enregistrer "
			    "une réponse à une question"));
	}
	return 0;
}

/* In enum store_channel's order. */
static const char *const channel_codes[] = { "phone", "kiosk", "paper" };

const char *
store_channel_code(enum store_channel c)
{
	return (unsigned)c < STORE_CHANNELS ? channel_codes[c] : "phone";
}

enum store_channel
store_channel_from(const char *code)
{
	for (unsigned c = 0; code != NULL && c < STORE_CHANNELS; c++)
		if (strcmp(code, channel_codes[c]) == 0)
			return (enum store_channel)c;
	return STORE_PHONE;
}

static const char sql_sheet_exists[] =
    "SELECT 1 FROM response WHERE meeting_id = ?1 AND sheet = ?2";
static const char sql_channel_count[] =
    "SELECT count(*) FROM response WHERE meeting_id = ?1 AND channel = ?2";
static const char sql_sheet_next[] =
    "SELECT coalesce(max(sheet), 0) + 1 FROM response WHERE meeting_id = ?1";

int
store_sheet_exists(struct store *s, int64_t meeting_id, int64_t sheet)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql_sheet_exists)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_int64(st, 2, sheet);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(s, _("impossible de "
	    "chercher une feuille"));
}

int
store_channel_count(struct store *s, int64_t meeting_id,
    enum store_channel c, int64_t *n)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_channel_count)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, meeting_id);
	sqlite3_bind_text(st, 2, store_channel_code(c), -1, SQLITE_STATIC);
	return store_step_int64(s, st, n, _("impossible de compter les "
	    "réponses"));
}

int
store_sheet_next(struct store *s, int64_t meeting_id, int64_t *n)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_sheet_next)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, meeting_id);
	return store_step_int64(s, st, n, _("impossible de numéroter les "
	    "feuilles"));
}

int
store_response_count(struct store *s, int64_t meeting_id, int64_t *n)
{
	sqlite3_stmt *st;

	if ((st = store_stmt(s, sql_response_count)) == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, meeting_id);
	return store_step_int64(s, st, n, _("impossible de compter les "
	    "réponses"));
}

int
store_response_exists(struct store *s, const unsigned char token[16])
{
	sqlite3_stmt *st;
	int rc;

	if ((st = store_stmt(s, sql_response_exists)) == NULL)
		return -1;
	sqlite3_bind_blob(st, 1, token, 16, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : store_fail(s, _("impossible de "
	    "chercher une réponse"));
}
