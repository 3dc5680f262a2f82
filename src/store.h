/*
 * store.h - the storage module: every SQL statement of Recueil lives in
 * src/store*.c, as static const strings, prepared once per connection and
 * run bind -> step -> reset.  Values only go through sqlite3_bind_*.
 *
 * One SQLite file in WAL mode with synchronous=FULL, foreign keys on, the
 * schema versioned with PRAGMA user_version and migrated forward when a
 * connection opens it read-write.  A struct store is one connection and is
 * used by one thread at a time: the daemon's event loop has one (reads),
 * the group-commit writer thread has its own (writes).
 *
 * Functions returning int return 0 on success and -1 on failure, with the
 * message available from store_error(), unless stated otherwise.
 *
 * SQLite traps worth knowing before changing this module:
 * - Durability: WAL with synchronous=NORMAL survives a crash of the
 *   process but not a power loss; FULL (one fsync of the WAL per commit)
 *   survives both.  It is set explicitly at every read-write open, whatever
 *   the build's default.  The writer shares that fsync among a batch.
 * - One writer at a time.  The busy timeout (store_open sets 5 s) SLEEPS
 *   IN THE CALLING THREAD: a write, or anything that may wait on the write
 *   lock, never runs on the event loop's thread; it goes to a job queue
 *   (jobq.h: the writer, the staff pool, the retention purge's thread).
 * - A long read transaction (a statement left stepping, a big export in
 *   one query) stops checkpoints from completing and the WAL grows without
 *   bound.  Reads are bounded: statements are reset after use, and the
 *   exports read in chunks, each its own transaction (store_export.c).
 * - Backups: never copy the live files; see backup.h.
 * - Hardening at open: SQLITE_DBCONFIG_DEFENSIVE, trusted_schema off,
 *   foreign_keys on (they are off by default, per connection).
 */
#ifndef RECUEIL_STORE_H
#define RECUEIL_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "meeting.h"

struct form;
struct store;

enum { STORE_READONLY = 1 };

/*
 * Open (and create, then migrate, unless STORE_READONLY) the database at
 * `path`.  Returns NULL with a message in err[0..errlen) on failure.
 */
struct store *store_open(const char *path, int flags, char *err,
    size_t errlen);

/* Finalise the statements and close.  NULL is allowed. */
void store_close(struct store *s);

/* The last error message of this connection (borrowed). */
const char *store_error(const struct store *s);

/* The schema version this build migrates to. */
int store_schema_version(void);

int store_begin(struct store *s);    /* BEGIN IMMEDIATE */
int store_commit(struct store *s);
int store_rollback(struct store *s); /* 0 when no transaction is open */

/*
 * One savepoint inside the open transaction, so that one failing job of a
 * batch fails alone (the group-commit writer's slow path): set it before
 * the job, release it after, or roll back to it (which also releases it)
 * when the job failed.  Not nested.
 */
int store_savepoint(struct store *s);
int store_savepoint_release(struct store *s);
int store_savepoint_rollback(struct store *s);

/*
 * The server's secret key (for signing form tokens), created at random
 * on first use.  Writes `len` bytes into key.
 */
int store_secret(struct store *s, const char *name, unsigned char *key,
    size_t len);

/*
 * A short text kept under `key` in the meta table: the daemon records
 * there the address it serves (STORE_META_BASE_URL) so that the CLI
 * prints links that work without being told the port.  get returns 1 and
 * fills buf (NUL-terminated; a value that does not fit counts as absent),
 * 0 when there is none, -1 on error; set replaces any earlier value.
 */
#define STORE_META_BASE_URL "base-url"
int store_meta_get_text(struct store *s, const char *key, char *buf,
    size_t size);
int store_meta_set_text(struct store *s, const char *key, const char *value);

/* ---- form versions ---------------------------------------------------- */

/*
 * Record the form's definition as a version (form_id, hash) and set
 * f->version_id.  An existing identical version is reused.
 */
int store_form_version_put(struct store *s, struct form *f);

/*
 * The source of version `id`: *src (caller frees) and *len.  Returns 0,
 * 1 when there is no such version, -1 on error.
 */
int store_form_version_source(struct store *s, int64_t id, char **src,
    size_t *len);

/* ---- meetings --------------------------------------------------------- */

/* struct meeting is the meeting model's (meeting.h). */

/* Free the strings of `m` (not `m` itself). */
void store_meeting_release(struct meeting *m);

/*
 * Insert `m` (code, form_id, title, date, level, centre, place, demo)
 * and set m->id.  Returns 0, 1 when the code is already taken, -1 on error.
 */
int store_meeting_add(struct store *s, struct meeting *m);

/*
 * Find a meeting by code (exact, upper case).  Returns 0 and fills `m`
 * (release with store_meeting_release), 1 when none, -1 on error.
 */
int store_meeting_get(struct store *s, const char *code, struct meeting *m);

/*
 * PRAGMA data_version of `s` into *v: it changes when another connection
 * (another thread or process) commits.  Returns 0, -1 on error.
 */
int store_data_version(struct store *s, int64_t *v);

/* Rows changed through `s` itself since it was opened (no I/O). */
int64_t store_total_changes(struct store *s);

/* Open or close.  Returns 0, 1 when no such code, -1 on error. */
int store_meeting_set_closed(struct store *s, const char *code, int closed);

/*
 * Call fn for each meeting, newest date first; stops early when fn
 * returns non-zero.  The meeting is only valid during the call.
 */
int store_meeting_each(struct store *s,
    int (*fn)(const struct meeting *m, void *arg), void *arg);

/* Number of meetings. */
int store_meeting_count(struct store *s, int64_t *n);

/* ---- meetings, as they are kept (store_meeting.c) --------------------- */

/*
 * What the meetings list shows: each field NULL (or state -1) leaves its
 * test out.  `centre` and `text` match a part of the field (`text`: the
 * title, centre, place or code), ignoring the case of ASCII letters;
 * from..to are inclusive dates.  `limit` meetings from `offset`, newest
 * date first.
 */
struct store_meeting_query {
	const char *form_id, *level, *centre, *from, *to, *text;
	int state;              /* -1 any, 0 open, 1 closed */
	int64_t offset, limit;
};

/*
 * Call fn for each meeting of the page `q` selects (with its number of
 * responses and its demo mark), and set *total to the number of meetings
 * the filter selects on every page.  The meeting is only valid during the
 * call; fn returns non-zero to stop.
 */
int store_meeting_find(struct store *s, const struct store_meeting_query *q,
    int (*fn)(const struct meeting *m, void *arg), void *arg, int64_t *total);

/* Call fn for each distinct non-empty host centre (at most `max`), by name. */
int store_meeting_centres(struct store *s, size_t max,
    int (*fn)(const char *centre, void *arg), void *arg);

/*
 * Set the form, title, date, level, centre and place of the meeting whose
 * code is m->code (the rules are meeting_update's, meeting.h).  Returns 0,
 * 1 when no such code, -1 on error.
 */
int store_meeting_update(struct store *s, const struct meeting *m);

/*
 * Delete a meeting with its responses and answers (whether it may go is
 * meeting_delete's rule, meeting.h).  Returns 0, 1 when no such code, -1.
 */
int store_meeting_delete(struct store *s, const char *code);

/*
 * Whether the demonstration meeting of `make run` is due: *due is 1 when
 * there is no meeting and no demo was ever made (a removed demo stays
 * removed).  Returns 0 or -1.
 */
int store_meeting_demo_due(struct store *s, int *due);

/* Remember that the demo was made.  Returns 0 or -1. */
int store_meeting_demo_made(struct store *s);

/* ---- responses -------------------------------------------------------- */

struct answer {
	const char *question;
	const char *value;   /* select_multiple: space-separated choice names */
};

/* How a response came in (issue 16), stored as its code. */
enum store_channel {
	STORE_PHONE,      /* "phone": the public form on one's own device */
	STORE_KIOSK,      /* "kiosk": the centre's shared tablet */
	STORE_PAPER,      /* "paper": a paper sheet typed in by the staff */
	STORE_CHANNELS
};

/* The code of a channel ("phone", "kiosk", "paper"), static. */
const char *store_channel_code(enum store_channel c);

/* The channel of a code; STORE_PHONE for NULL or an unknown code. */
enum store_channel store_channel_from(const char *code);

struct submission {
	int64_t meeting_id;
	int64_t form_version_id;
	unsigned char token[16];   /* the form instance's one-time nonce */
	int64_t submitted_at;      /* unix time, already coarsened */
	const struct answer *answers;
	size_t n_answers;
	enum store_channel channel;
	int64_t sheet;             /* paper: the sheet's number; 0 otherwise */
};

/*
 * The id of a response: `submitted_at` (already coarsened; clamped to
 * [0, 2^32)) times 2^31, plus the low 31 bits of `bits`.  Ids sort by
 * submission period and, within one, in an order that tells nothing of
 * who answered first; they never reveal more than submitted_at does.
 */
int64_t store_response_id(int64_t submitted_at, uint32_t bits);

/*
 * Draw the random bits of new response ids from fn(arg) instead of
 * libsodium: for tools and tests that need the same ids at every run
 * (build/tools/gen and the golden exports).  fn NULL restores libsodium.
 */
void store_set_id_random(struct store *s, uint32_t (*fn)(void *arg),
    void *arg);

/*
 * Store one response and its answers (inside the caller's transaction),
 * under a new id made by store_response_id() (drawn again when taken).
 * Returns 0 when stored, 1 when a response with the same token already
 * exists (nothing stored: it is a resubmission), -1 on error.
 */
int store_response_add(struct store *s, const struct submission *sub);

/*
 * Whether paper sheet number `sheet` of a meeting is already typed in:
 * 1 yes, 0 no, -1 on error.
 */
int store_sheet_exists(struct store *s, int64_t meeting_id, int64_t sheet);

/* The number after the highest sheet typed in for a meeting (1 first). */
int store_sheet_next(struct store *s, int64_t meeting_id, int64_t *n);

/* Number of responses of a meeting that came in by channel `c`. */
int store_channel_count(struct store *s, int64_t meeting_id,
    enum store_channel c, int64_t *n);

/* Number of responses of a meeting. */
int store_response_count(struct store *s, int64_t meeting_id, int64_t *n);

/*
 * Whether a response with this form-instance nonce is stored: 1 yes,
 * 0 no, -1 on error.
 */
int store_response_exists(struct store *s, const unsigned char token[16]);

/* ---- exports (store_export.c) ----------------------------------------- */

/*
 * What an export reads: meetings of one form (NULL: any), one meeting
 * (0: any), meeting dates from..to inclusive (NULL: open), and responses
 * whose id is at most max_response (the highest id when the export
 * started).  Every response stored before the export started is read
 * exactly once, with all its answers.  Ids are random within a period
 * (store_response_id), so a response of the current period that arrives
 * during the export may fall under the bound: it then appears whole (with
 * all its answers) or not at all, in the parts of the export read after
 * it arrived.
 */
struct store_export_filter {
	const char *form_id;
	int64_t meeting_id;
	const char *from;
	const char *to;
	int64_t max_response;
};

/* The highest response id, 0 when there is none. */
int store_export_max_response(struct store *s, int64_t *id);

/*
 * Call fn for each form version used by the selected responses, by
 * ascending id, with the form's id (borrowed during the call).  Stops
 * early when fn returns non-zero.
 */
int store_export_versions(struct store *s,
    const struct store_export_filter *f,
    int (*fn)(int64_t version_id, const char *form_id, void *arg), void *arg);

/*
 * Call fn for each form that has meetings in the selection, by id.
 * Stops early when fn returns non-zero.
 */
int store_export_forms(struct store *s, const struct store_export_filter *f,
    int (*fn)(const char *form_id, void *arg), void *arg);

/*
 * The newest stored version of form `form_id`.  Returns 0, 1 when the
 * form has no stored version, -1 on error.
 */
int store_export_latest_version(struct store *s, const char *form_id,
    int64_t *version_id);

/* One answer of a selected response, borrowed during the callback. */
struct store_export_row {
	int64_t response_id;
	int64_t meeting_id;
	int64_t version_id;
	int64_t submitted_at;
	enum store_channel channel;
	const char *code;
	const char *title;
	const char *date;
	const char *question;  /* NULL when the response has no answer */
	const char *value;     /* NULL when question is NULL */
};

/*
 * Call fn for every answer of the selected responses, by response id
 * (the answers of one response are consecutive, by question name).  The
 * rows are read in chunks of a few thousand responses, each its own read
 * transaction, so a long export never holds back checkpoints.  Stops
 * early when fn returns non-zero.
 */
int store_export_answers(struct store *s, const struct store_export_filter *f,
    int (*fn)(const struct store_export_row *row, void *arg), void *arg);

/* One non-empty answer of a selected response, borrowed during the call. */
struct store_export_answer {
	int64_t response_id;
	const char *question;
	const char *value;
	size_t value_len;
};

/*
 * Call fn for every non-empty answer of the selected responses, by
 * response id: the single pass the statistics core (stats.h) is fed from
 * for the stats and evaluation exports.  Read in chunks of responses, each its own read
 * transaction, like store_export_answers.  Stops early when fn returns
 * non-zero.
 */
int store_export_scan(struct store *s, const struct store_export_filter *f,
    int (*fn)(const struct store_export_answer *a, void *arg), void *arg);

/*
 * The non-empty answers to `question` in the responses of meeting
 * `meeting_id` selected by `f` (up to f->max_response), sorted by value:
 * the free-text answers of a workbook's Paroles sheet, in an order that
 * says nothing of who answered or when.  SQLite sorts (spilling to its
 * temporary files), so memory does not grow with the answers; one
 * meeting's answers are one read transaction.  fn returns non-zero to
 * stop.  Returns 0 or -1.
 */
int store_export_texts(struct store *s, const struct store_export_filter *f,
    int64_t meeting_id, const char *question,
    int (*fn)(const char *value, void *arg), void *arg);

/*
 * Call fn for each selected meeting (the response bound is ignored), by
 * date then id; each is read on its own, so fn may run other queries.
 * The meeting is only valid during the call (n_responses is -1).  Stops
 * early when fn returns non-zero.
 */
int store_export_meetings(struct store *s, const struct store_export_filter *f,
    int (*fn)(const struct meeting *m, void *arg), void *arg);

/* Number of selected meetings (with or without responses). */
int store_export_count_meetings(struct store *s,
    const struct store_export_filter *f, int64_t *n);

/*
 * The first and last dates of the selected meetings (*first and *last,
 * the caller frees them; "" when there is no meeting).
 */
int store_export_period(struct store *s, const struct store_export_filter *f,
    char **first, char **last);

/* Number of selected responses. */
int store_export_count_responses(struct store *s,
    const struct store_export_filter *f, int64_t *n);

/* The selected responses by channel, n[STORE_PHONE...]. */
int store_export_channels(struct store *s,
    const struct store_export_filter *f, int64_t n[STORE_CHANNELS]);

/*
 * Call fn for each network level of the selected meetings with its
 * number of meetings, by level.  Stops early when fn returns non-zero.
 */
int store_export_levels(struct store *s, const struct store_export_filter *f,
    int (*fn)(const char *level, int64_t n, void *arg), void *arg);

/*
 * Call fn for each distinct non-empty host centre of the selected
 * meetings, by identity: the listed name of a linked centre however its
 * meetings typed it, free text once per fold_key (fold.h).  Stops early
 * when fn returns non-zero.
 */
int store_export_centres(struct store *s, const struct store_export_filter *f,
    int (*fn)(const char *centre, void *arg), void *arg);

/* ---- the network's centres and levels (store_centre.c) ---------------- */

/*
 * Centres and network levels are lists the coordinators keep: added,
 * renamed, retired (a retired one is no longer offered for a new meeting
 * but stays on the meetings that name it) and restored.  Each name has a
 * key, fold_key() of it (fold.h): two names with the same key are the same
 * centre or level, and no two entries of a list share a key.
 *
 * The writing functions run their statements in one transaction and
 * return 0, 1 when the name is empty or folds to another entry's key, 2
 * when there is no entry `id`, -1 on error.
 */

/* One centre, borrowed during a callback. */
struct store_centre {
	int64_t id;
	const char *name;
	const char *town;         /* "" when not known */
	int retired;
	const char *networks;     /* its levels' ids, "1,3" ("" for none) */
	int64_t n_meetings;       /* meetings it hosted */
};

/* One network level, borrowed during a callback. */
struct store_network {
	int64_t id;
	const char *name;
	int retired;
	int64_t n_meetings;       /* meetings at this level */
};

/*
 * Call fn for each centre (the retired ones last, then by key) or each
 * level (the retired ones last, then in their order of creation); stops
 * early when fn returns non-zero.  Returns 0 or -1.
 */
int store_centre_each(struct store *s,
    int (*fn)(const struct store_centre *c, void *arg), void *arg);
int store_network_each(struct store *s,
    int (*fn)(const struct store_network *n, void *arg), void *arg);

/*
 * Add a centre with its town and its levels (n ids of existing levels;
 * unknown ids are ignored) and set *id (may be NULL).  Unlinked meetings
 * whose host centre text folds to its key are linked to it.
 */
int store_centre_add(struct store *s, const char *name, const char *town,
    const int64_t *networks, size_t n, int64_t *id);

/*
 * Rename centre `id` and set its town and levels.  The meetings it hosted
 * show the new name (their text follows); unlinked meetings matching the
 * new name are linked.
 */
int store_centre_update(struct store *s, int64_t id, const char *name,
    const char *town, const int64_t *networks, size_t n);

/* Retire (retired = 1) or restore (0) centre `id`. */
int store_centre_set_retired(struct store *s, int64_t id, int retired);

/* Add a level (after the others).  Sets *id (may be NULL). */
int store_network_add(struct store *s, const char *name, int64_t *id);

/* Rename level `id`; the meetings at that level follow. */
int store_network_rename(struct store *s, int64_t id, const char *name);

/* Retire (1) or restore (0) level `id`. */
int store_network_set_retired(struct store *s, int64_t id, int retired);

/*
 * The centre or level whose key is the fold of `text`: 0 with *id, *name
 * (the caller frees it) and *retired; 1 when there is none; -1 on error.
 * Any pointer may be NULL.
 */
int store_centre_find(struct store *s, const char *text, int64_t *id,
    char **name, int *retired);
int store_network_find(struct store *s, const char *text, int64_t *id,
    char **name, int *retired);

/*
 * Link meeting `meeting_id` to the listed centre its host centre text
 * folds to (or to none).  Returns 0 or -1.
 */
int store_meeting_link_centre(struct store *s, int64_t meeting_id);

/* ---- the journal of staff actions (store_journal.c) ------------------- */

/*
 * What happened, as stored in journal.action (the staff pages show them
 * in words, html_people.c).  `what` names the object in words a person
 * reads: a meeting's title and code, a form's title and id, an export's
 * kind and options, an account's name.  Never an answer, never a
 * password.
 */
#define JOURNAL_MEETING_CREATE   "meeting-create"
#define JOURNAL_MEETING_EDIT     "meeting-edit"
#define JOURNAL_MEETING_CLOSE    "meeting-close"
#define JOURNAL_MEETING_REOPEN   "meeting-reopen"
#define JOURNAL_MEETING_DELETE   "meeting-delete"
#define JOURNAL_FORM_PUBLISH     "form-publish"
#define JOURNAL_EXPORT           "export"
#define JOURNAL_ACCOUNT_ADD      "account-add"
#define JOURNAL_ACCOUNT_DISABLE  "account-disable"
#define JOURNAL_ACCOUNT_ENABLE   "account-enable"
#define JOURNAL_ACCOUNT_RESET    "account-reset"      /* temporary password */
#define JOURNAL_PASSWORD_CHANGE  "password-change"    /* one's own */
#define JOURNAL_CENTRE_ADD       "centre-add"
#define JOURNAL_CENTRE_EDIT      "centre-edit"
#define JOURNAL_CENTRE_RETIRE    "centre-retire"
#define JOURNAL_CENTRE_RESTORE   "centre-restore"
#define JOURNAL_LEVEL_ADD        "level-add"
#define JOURNAL_LEVEL_RENAME     "level-rename"
#define JOURNAL_LEVEL_RETIRE     "level-retire"
#define JOURNAL_LEVEL_RESTORE    "level-restore"

/* The longest `what` kept, in bytes (longer text is cut at a character). */
#define JOURNAL_WHAT_MAX 400

/*
 * Record that account `who` did `action` (a JOURNAL_* code) to `what`,
 * now.  A write: on a worker's or the writer's connection, never the
 * loop's.  Returns 0 or -1.
 */
int journal_add(struct store *s, const char *who, const char *action,
    const char *what);

/* One entry, borrowed during a callback. */
struct store_journal_entry {
	int64_t id;
	int64_t at;               /* unix time */
	const char *who, *action, *what;
};

/* The number of entries: 0 or -1. */
int store_journal_count(struct store *s, int64_t *n);

/*
 * Call fn for at most `limit` entries, newest first, skipping the
 * `offset` newest.  Returns 0 or -1.
 */
int store_journal_each(struct store *s, int64_t offset, int64_t limit,
    int (*fn)(const struct store_journal_entry *e, void *arg), void *arg);

/* ---- purge (store_purge.c) ------------------------------------------- */

/*
 * Delete the responses submitted before `before` (unix time), and their
 * answers, for one form (`form_id`) or all (NULL), with secure_delete on.
 * *deleted receives the number of responses deleted.  Runs in its own
 * implicit transaction (never inside the writer's).
 */
int store_purge_before(struct store *s, int64_t before, const char *form_id,
    int64_t *deleted);

/*
 * VACUUM the database and truncate its WAL, so that deleted content leaves
 * the files.  Needs the write lock for as long as it runs: not on a
 * database the daemon is busy writing to.
 */
int store_vacuum(struct store *s);

/* ---- staff accounts and sessions (store_user.c) ----------------------- */

struct user {
	int64_t id;
	char *name;
	char *role;      /* "coordinator" or "professional" */
	char *hash;      /* argon2id string (crypto_pwhash_str) */
	int64_t created_at;
	int disabled;    /* may not sign in */
	int must_change; /* signed in with a temporary password */
};

/* Free the strings of `u` (not `u` itself). */
void store_user_release(struct user *u);

/*
 * Add an account.  Returns 0, 1 when the name is taken, -1 on error.
 */
int store_user_add(struct store *s, const char *name, const char *role,
    const char *hash);

/* Find an account by name: 0 (release `u`), 1 when none, -1 on error. */
int store_user_get(struct store *s, const char *name, struct user *u);

/*
 * Replace an account's password hash and end its sessions.  Returns 0, 1
 * when no such account, -1 on error.
 */
int store_user_set_hash(struct store *s, const char *name, const char *hash);

/*
 * Set an account's password hash and whether it is temporary (the person
 * must choose another at the next sign-in), and end its sessions, in one
 * transaction.  Returns 0, 1 when no such account, -1 on error.
 */
int store_user_set_password(struct store *s, const char *name,
    const char *hash, int must_change);

/*
 * Disable (1) or re-enable (0) an account; disabling ends its sessions.
 * Returns 0, 1 when no such account, -1 on error.
 */
int store_user_set_disabled(struct store *s, const char *name, int disabled);

/* Remove an account (and its sessions): 0, 1 when none, -1 on error. */
int store_user_remove(struct store *s, const char *name);

/*
 * Call fn for each account, by name; stops early when fn returns non-zero.
 * The account is only valid during the call (`hash` is not filled).
 */
int store_user_each(struct store *s,
    int (*fn)(const struct user *u, void *arg), void *arg);

/* A session found by its id, with its account. */
struct session {
	int64_t user_id;
	char user[72];            /* account name */
	char role[16];            /* "coordinator" or "professional" */
	unsigned char csrf[32];   /* the session's CSRF token */
	int64_t expires_at;
	int must_change;          /* the account's password is temporary */
};

/*
 * Add a session: `id` (32 bytes, the hash of the cookie's token), the
 * account, its CSRF token (32 bytes) and its expiry.  Also deletes the
 * sessions that expired before `now`.
 */
int store_session_add(struct store *s, const unsigned char *id,
    int64_t user_id, const unsigned char *csrf, int64_t expires_at,
    int64_t now);

/*
 * The unexpired session `id` (32 bytes) at `now`.  Returns 0 and fills
 * `se`, 1 when there is none (or it expired), -1 on error.
 */
int store_session_get(struct store *s, const unsigned char *id, int64_t now,
    struct session *se);

/* Delete session `id` (logout).  Deleting a missing session is not an
 * error. */
int store_session_delete(struct store *s, const unsigned char *id);

/* ---- forms waiting to be published (store_pending.c) ----------------- */

/*
 * An upload (or an editor's draft) is not installed at once: it waits as
 * its session's *pending version* while the coordinator looks at its
 * preview, then "Publier" installs it and "Annuler" deletes it (see
 * admin_preview.h).  One per session (a new one replaces the old), at
 * most STORE_PENDING_MAX bytes, deleted with its session, and forgotten
 * STORE_PENDING_LIFETIME seconds after it was put.
 */
#define STORE_PENDING_MAX      (1024 * 1024)
#define STORE_PENDING_LIFETIME 3600

struct store_pending {
	char *file;       /* the file name it came as, for messages */
	char *source;     /* its bytes (NUL-terminated copy) */
	size_t len;
	char *back;       /* the page "Annuler" returns to */
	int64_t created_at;
};

/* Free the contents of `p` (not `p` itself). */
void store_pending_release(struct store_pending *p);

/*
 * Keep source[0..len) as session `session`'s (32 bytes) pending version,
 * replacing any other, and delete every pending version older than the
 * lifetime at `now`.  Returns 0, 1 when len is over STORE_PENDING_MAX,
 * -1 on error.
 */
int store_pending_put(struct store *s, const unsigned char *session,
    const char *file, const char *source, size_t len, const char *back,
    int64_t now);

/*
 * Session `session`'s pending version at `now`: 0 and `p` filled (release
 * it), 1 when there is none or it expired, -1 on error.
 */
int store_pending_get(struct store *s, const unsigned char *session,
    int64_t now, struct store_pending *p);

/* Delete session `session`'s pending version (none is not an error). */
int store_pending_delete(struct store *s, const unsigned char *session);

/* ---- failed logins (store_user.c) ------------------------------------- */

#define STORE_LOGIN_KEY_LEN 16   /* bytes of a key (auth_limit_key) */

/* One counter a login attempt is charged to: an account or an address. */
struct store_login_key {
	unsigned char key[STORE_LOGIN_KEY_LEN];
	int max;        /* failures within the window that block the key */
};

enum store_login_status {
	STORE_LOGIN_OK = 0,        /* counted; go on with the check */
	STORE_LOGIN_BLOCKED = 1,   /* a key has had `max` failures */
	STORE_LOGIN_FULL = 2       /* no room for a new counter */
};

/*
 * Charge a login attempt to each of the `n` keys, in one write
 * transaction (so parallel attempts cannot slip past a limit): counters
 * whose window of `window` seconds started at or before `now - window` are
 * deleted first; then, when any key already has its `max` failures, nothing
 * is counted and STORE_LOGIN_BLOCKED is returned; when the keys not yet
 * counted would take the table past `entries` rows, nothing is counted and
 * STORE_LOGIN_FULL is returned (counters are never forgotten to make room:
 * that would let a flood of attempts on other names unblock an account);
 * otherwise each key's count goes up by one (a new counter starts its
 * window at `now`) and STORE_LOGIN_OK is returned.  -1 on error.
 */
int store_login_attempt(struct store *s, const struct store_login_key *keys,
    size_t n, int64_t now, int64_t window, int64_t entries);

/* Delete the counter of `key` (after a successful login): 0 or -1. */
int store_login_reset(struct store *s,
    const unsigned char key[STORE_LOGIN_KEY_LEN]);

/* The number of counters kept, for tests: 0 or -1. */
int store_login_count(struct store *s, int64_t *n);

/* ---- quotes kept for the bilan (store_quote.c) ------------------------- */

/*
 * A coordinator keeps some free-text answers for the bilan ("retenir pour
 * le bilan"), maybe shortened: the edit is stored beside the answer, the
 * answer itself is never changed.
 */

/* One non-empty free-text answer of a meeting, borrowed during the call. */
struct store_quote {
	int64_t response_id;
	const char *question;
	const char *value;     /* the answer as written */
	int kept;              /* retained for the bilan */
	const char *text;      /* the kept edit, "" when none */
};

/*
 * Call fn for each non-empty answer to each of the `n_questions` questions
 * (in that order) of meeting `meeting_id`, by text within a question (an
 * order that says nothing of who answered).  Stops early when fn returns
 * non-zero.  Returns 0 or -1.
 */
int store_quote_list(struct store *s, int64_t meeting_id,
    const char *const *questions, size_t n_questions,
    int (*fn)(const struct store_quote *q, void *arg), void *arg);

/*
 * Keep (`keep`, with the edit `text`, "" for the answer as written) or
 * stop keeping the answer of response `response_id` to `question`.
 * Returns 0, 1 when meeting `meeting_id` has no such non-empty answer
 * (nothing changed), -1 on error.
 */
int store_quote_set(struct store *s, int64_t meeting_id, int64_t response_id,
    const char *question, int keep, const char *text);

/*
 * Call fn with the kept quotes of meeting `meeting_id` to `question`
 * among responses up to `max_response`: the edit, else the answer, sorted
 * by that text.  Stops early when fn returns non-zero.  Returns 0 or -1.
 */
int store_quote_kept(struct store *s, int64_t meeting_id,
    int64_t max_response, const char *question,
    int (*fn)(const char *text, void *arg), void *arg);

/* ---- results of a meeting (store_results.c) --------------------------- */

/*
 * Call fn(question, value, n) for each distinct answer value given to
 * each question in meeting `meeting_id`, with n the number of responses
 * that gave it, by question then value.  Stops early when fn returns
 * non-zero.
 */
int store_results_values(struct store *s, int64_t meeting_id,
    int (*fn)(const char *question, const char *value, int64_t n, void *arg),
    void *arg);

/*
 * Call fn(question, value, submitted_at) for each non-empty answer to the
 * questions named in `questions` (n_questions names) in meeting
 * `meeting_id`, oldest response first.  Stops early when fn returns
 * non-zero.
 */
int store_results_texts(struct store *s, int64_t meeting_id,
    const char *const *questions, size_t n_questions,
    int (*fn)(const char *question, const char *value, int64_t submitted_at,
    void *arg), void *arg);

#endif
