/*
 * admin_people.c - the staff pages about the people and places of the
 * network (see admin_people.h).
 *
 * Reads (the lists, the accounts, the journal) run on the loop's
 * connection; every write runs on a worker of the staff pages' pool
 * (admin_pool_run), which also records it in the journal in the same
 * place, and the page is rendered from the job's done callback.  Roles
 * and CSRF tokens are the route table's: coordinators keep the lists and
 * the accounts and read the journal; everyone changes their own password.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <sodium.h>

#include "admin_int.h"
#include "admin_people.h"
#include "auth.h"
#include "config.h"
#include "fold.h"
#include "form.h"
#include "html_people.h"
#include "http.h"
#include "i18n.h"
#include "meeting.h"
#include "page.h"
#include "pool.h"
#include "server.h"
#include "store.h"
#include "urlenc.h"
#include "util.h"

#define MAX_PEOPLE_BODY 8192
#define MAX_NETWORKS 32          /* levels a centre belongs to */
#define MAX_LIST 2000            /* centres, levels or accounts shown */
#define JOURNAL_PAGE 50          /* entries per page */
#define TEMP_GROUPS 3            /* a temporary password: xxxx-xxxx-xxxx */
#define PASSWORD_MIN 8           /* characters */
#define PASSWORD_GUESSES 5       /* as admin.c's failed logins of an account */
#define GUESS_WINDOW 900         /* seconds */

/* ---- reads on the loop's connection ---------------------------------- */

struct name_list {
	char **v;
	size_t n;
};

static int
name_level(const struct store_network *nw, void *arg)
{
	struct name_list *l = arg;

	if (nw->retired)
		return 0;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(nw->name);
	return l->n >= MAX_LIST;
}

static int
name_centre(const struct store_centre *c, void *arg)
{
	struct name_list *l = arg;

	if (c->retired)
		return 0;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = xstrdup(c->name);
	return l->n >= MAX_LIST;
}

int
admin_people_names(struct server *srv, struct html_people_names *names)
{
	struct name_list lv = { NULL, 0 }, ct = { NULL, 0 };
	int rc = 0;

	if (store_network_each(srv->store, name_level, &lv) < 0 ||
	    store_centre_each(srv->store, name_centre, &ct) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(srv->store));
		rc = -1;
	}
	names->levels = lv.v;
	names->n_levels = lv.n;
	names->centres = ct.v;
	names->n_centres = ct.n;
	return rc;
}

static void
names_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
admin_people_names_release(struct html_people_names *names)
{
	names_free(names->levels, names->n_levels);
	names_free(names->centres, names->n_centres);
	memset(names, 0, sizeof(*names));
}

static int
copy_centre(const struct store_centre *c, void *arg)
{
	struct html_people_lists *l = arg;
	struct html_people_centre *d;

	l->centres = xrealloc(l->centres, (l->n_centres + 1) *
	    sizeof(*l->centres));
	d = &l->centres[l->n_centres++];
	d->id = c->id;
	d->name = xstrdup(c->name);
	d->town = xstrdup(c->town);
	d->networks = xstrdup(c->networks);
	d->retired = c->retired;
	d->n_meetings = c->n_meetings;
	return l->n_centres >= MAX_LIST;
}

static int
copy_level(const struct store_network *nw, void *arg)
{
	struct html_people_lists *l = arg;
	struct html_people_level *d;

	l->levels = xrealloc(l->levels, (l->n_levels + 1) * sizeof(*l->levels));
	d = &l->levels[l->n_levels++];
	d->id = nw->id;
	d->name = xstrdup(nw->name);
	d->retired = nw->retired;
	d->n_meetings = nw->n_meetings;
	return l->n_levels >= MAX_LIST;
}

static void
lists_release(struct html_people_lists *l)
{
	for (size_t i = 0; i < l->n_centres; i++) {
		free(l->centres[i].name);
		free(l->centres[i].town);
		free(l->centres[i].networks);
	}
	for (size_t i = 0; i < l->n_levels; i++)
		free(l->levels[i].name);
	free(l->centres);
	free(l->levels);
	memset(l, 0, sizeof(*l));
}

/* Reply with the centres page (or 503). */
static void
centres_page(struct server *srv, struct evhttp_request *req,
    const struct page_who *who, int status, const struct html_people_msg *m)
{
	struct html_people_lists l = { 0 };
	struct evbuffer *b;

	if (store_network_each(srv->store, copy_level, &l) < 0 ||
	    store_centre_each(srv->store, copy_centre, &l) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(srv->store));
		lists_release(&l);
		http_fail(req, ERR_UNAVAILABLE);
		return;
	}
	b = evbuffer_new();
	html_people_centres(b, &who->ctx, &l, m);
	http_reply_html(req, status, b);
	lists_release(&l);
}

struct user_list {
	struct user *v;
	size_t n;
};

static int
copy_user(const struct user *u, void *arg)
{
	struct user_list *l = arg;
	struct user *d;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	d = &l->v[l->n++];
	*d = *u;
	d->name = xstrdup(u->name);
	d->role = xstrdup(u->role);
	d->hash = NULL;
	return l->n >= MAX_LIST;
}

/* Reply with the accounts page (or 503). */
static void
accounts_page(struct server *srv, struct evhttp_request *req,
    const struct page_who *who, int status, const struct html_people_msg *m)
{
	struct user_list l = { NULL, 0 };
	struct evbuffer *b;

	if (store_user_each(srv->store, copy_user, &l) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(srv->store));
		http_fail(req, ERR_UNAVAILABLE);
	} else {
		b = evbuffer_new();
		html_people_accounts(b, &who->ctx, l.v, l.n, m);
		http_reply_html(req, status, b);
	}
	for (size_t i = 0; i < l.n; i++)
		store_user_release(&l.v[i]);
	free(l.v);
}

static void
password_page(struct evhttp_request *req, const struct page_who *who,
    int status, const struct html_people_msg *m)
{
	struct evbuffer *b = evbuffer_new();

	html_people_password(b, &who->ctx, who->session.must_change, m);
	http_reply_html(req, status, b);
}

static void
get_centres(struct page *p)
{
	centres_page(p->srv, p->req, p->who, 200, NULL);
}

static void
get_accounts(struct page *p)
{
	accounts_page(p->srv, p->req, p->who, 200, NULL);
}

static void
get_password(struct page *p)
{
	char *done = http_query(p->req, "done");
	struct html_people_msg m = { NULL, NULL, NULL, NULL };

	if (done != NULL && strcmp(done, "1") == 0)
		m.notice = _("Votre mot de passe est changé.");
	free(done);
	password_page(p->req, p->who, 200, &m);
}

/* ---- the centres as an XLSForm choice list ---------------------------- */

/*
 * One `choices` row of an active centre: its name is its key with `_`
 * for spaces ("saint_amand_montrond"), its label its name, quoted, with
 * an apostrophe before a leading formula character.
 */
static int
choice_row(const struct store_centre *c, void *arg)
{
	struct evbuffer *b = arg;
	char key[FOLD_KEY_MAX];

	if (c->retired || fold_key(c->name, key, sizeof(key)) <= 0)
		return 0;
	for (char *k = key; *k != '\0'; k++)
		if (*k == ' ')
			*k = '_';
	evbuffer_add_printf(b, ",centres,%s,\"", key);
	if (strchr("=+-@\t\r", c->name[0]) != NULL)
		evbuffer_add(b, "'", 1);
	for (const char *n = c->name; *n != '\0'; n++) {
		if (*n == '"')
			evbuffer_add(b, "\"", 1);
		evbuffer_add(b, n, 1);
	}
	evbuffer_add(b, "\"\r\n", 3);
	return 0;
}

/*
 * The active centres as the `choices` rows of an XLSForm CSV layout
 * (list_name centres), to paste into a form that asks "De quel centre
 * venez-vous ?".  A form keeps its own copy: its versions then keep the
 * choices their answers were given against (form.h).
 */
static void
get_choices(struct page *p)
{
	struct evbuffer *b = evbuffer_new();

	evbuffer_add_printf(b, "choices,list_name,name,label\r\n");
	if (store_centre_each(p->srv->store, choice_row, b) < 0) {
		fprintf(stderr, "recueild: admin: %s\n",
		    store_error(p->srv->store));
		evbuffer_free(b);
		http_fail(p->req, ERR_UNAVAILABLE);
		return;
	}
	http_header_add(p->req, "Content-Disposition",
	    "attachment; filename=\"centres-choices.csv\"");
	http_reply(p->req, 200, HTTP_CSV, b);
	evbuffer_free(b);
}

/* ---- the journal page -------------------------------------------------- */

struct entry_list {
	struct html_people_entry *v;
	size_t n;
};

static int
copy_entry(const struct store_journal_entry *e, void *arg)
{
	struct entry_list *l = arg;
	struct html_people_entry *d;

	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	d = &l->v[l->n++];
	d->at = e->at;
	d->who = xstrdup(e->who);
	d->action = xstrdup(e->action);
	d->what = xstrdup(e->what);
	return 0;
}

static void
get_journal(struct page *p)
{
	char *q = http_query(p->req, "page");
	struct entry_list l = { NULL, 0 };
	int64_t total = 0, pages, page = 1;
	struct evbuffer *b;

	if (q != NULL) {
		char *end;
		long long v = strtoll(q, &end, 10);

		if (*q != '\0' && *end == '\0' && v >= 1 && v <= 1000000)
			page = v;
		free(q);
	}
	if (store_journal_count(p->srv->store, &total) < 0)
		goto fail;
	pages = total == 0 ? 1 : (total + JOURNAL_PAGE - 1) / JOURNAL_PAGE;
	if (page > pages)
		page = pages;
	if (store_journal_each(p->srv->store, (page - 1) * JOURNAL_PAGE,
	    JOURNAL_PAGE, copy_entry, &l) < 0)
		goto fail;
	b = evbuffer_new();
	html_people_journal(b, &p->who->ctx, l.v, l.n, page, pages, total);
	http_reply_html(p->req, 200, b);
	goto done;
fail:
	fprintf(stderr, "recueild: admin: %s\n", store_error(p->srv->store));
	http_fail(p->req, ERR_UNAVAILABLE);
done:
	for (size_t i = 0; i < l.n; i++) {
		free(l.v[i].who);
		free(l.v[i].action);
		free(l.v[i].what);
	}
	free(l.v);
}

/* ---- the journal from the loop thread ---------------------------------- */

struct journal_job {
	struct pool_job job;
	char *who, *action, *what;
};

static void
journal_job_run(struct pool_job *job, struct store *s)
{
	struct journal_job *j = (struct journal_job *)job;

	if (journal_add(s, j->who, j->action, j->what) < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
}

static void
journal_job_free(struct pool_job *job)
{
	struct journal_job *j = (struct journal_job *)job;

	free(j->who);
	free(j->action);
	free(j->what);
	free(j);
}

void
admin_journal_later(struct server *srv, const char *who, const char *action,
    const char *what)
{
	struct journal_job *j = xcalloc(1, sizeof(*j));

	j->job.run = journal_job_run;
	j->job.done = journal_job_free;
	j->who = xstrdup(who != NULL ? who : "");
	j->action = xstrdup(action);
	j->what = xstrdup(what != NULL ? what : "");
	if (admin_pool_run(srv, &j->job) < 0) {
		fprintf(stderr, L_("recueild: admin : journal : la file est "
		    "pleine, « %s » non enregistré\n"), action);
		journal_job_free(&j->job);
	}
}

void
admin_journal_meeting(struct store *s, const char *who, const char *action,
    const struct meeting *m)
{
	char *what = xasprintf("« %s » (%s)", m->title != NULL ? m->title : "",
	    m->code);

	if (journal_add(s, who, action, what) < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
	free(what);
}

void
admin_journal_form(struct store *s, const char *who, const struct form *f)
{
	char *what = xasprintf(_("« %s » (%s), version n° %lld"), f->title,
	    f->id, (long long)f->version_id);

	if (journal_add(s, who, JOURNAL_FORM_PUBLISH, what) < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
	free(what);
}

int
admin_people_must_change_allows(const char *path)
{
	return strcmp(path, "/admin/password") == 0 ||
	    strcmp(path, "/admin/logout") == 0 ||
	    strcmp(path, "/admin/login") == 0;
}

/* ---- writes on a worker ------------------------------------------------- */

enum op {
	OP_CENTRE_ADD, OP_CENTRE_EDIT, OP_CENTRE_RETIRE, OP_CENTRE_RESTORE,
	OP_LEVEL_ADD, OP_LEVEL_RENAME, OP_LEVEL_RETIRE, OP_LEVEL_RESTORE,
	OP_ACCOUNT_ADD, OP_ACCOUNT_DISABLE, OP_ACCOUNT_ENABLE, OP_ACCOUNT_RESET,
	OP_PASSWORD
};

/* Which page answers an operation. */
enum reply_page { ON_CENTRES, ON_ACCOUNTS, ON_PASSWORD };

struct people_job {
	struct pool_job job;
	struct server *srv;
	struct evhttp_request *req;
	struct page_who who;
	enum op op;
	char *name, *town, *role;        /* as typed (validated) */
	char *current, *fresh;           /* OP_PASSWORD, wiped */
	int64_t id;
	int64_t networks[MAX_NETWORKS];
	size_t n_networks;
	int lifetime;                    /* OP_PASSWORD: the new session's */
	int rc;                          /* 0 done, 1 refused, -1 failed */
	char msg[400];                   /* notice (rc 0) or error (rc 1) */
	char secret[TEMP_GROUPS * 5];    /* a temporary password, once */
	char token[AUTH_TOKEN_TEXT_LEN + 1];   /* OP_PASSWORD's new session */
};

static void
wipe_free(char *s)
{
	if (s != NULL) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

static void
people_job_free(struct people_job *j)
{
	free(j->name);
	free(j->town);
	free(j->role);
	wipe_free(j->current);
	wipe_free(j->fresh);
	sodium_memzero(j->secret, sizeof(j->secret));
	sodium_memzero(j->token, sizeof(j->token));
	free(j);
}

/* Say `fmt` as the job's notice (rc 0) or error (rc 1). */
static void
say(struct people_job *j, int rc, const char *fmt, const char *arg)
{
	j->rc = rc;
	snprintf(j->msg, sizeof(j->msg), fmt, arg != NULL ? arg : "");
}

/* Record the job's action in the journal; a failure is only logged. */
static void
journal(struct people_job *j, struct store *s, const char *action,
    const char *what)
{
	if (journal_add(s, j->who.session.user, action, what) < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
}

/* The name of centre or level `id` into *name (caller frees), or NULL. */
struct by_id {
	int64_t id;
	char *name;
};

static int
centre_by_id(const struct store_centre *c, void *arg)
{
	struct by_id *b = arg;

	if (c->id != b->id)
		return 0;
	b->name = xstrdup(c->name);
	return 1;
}

static int
level_by_id(const struct store_network *nw, void *arg)
{
	struct by_id *b = arg;

	if (nw->id != b->id)
		return 0;
	b->name = xstrdup(nw->name);
	return 1;
}

/* Retire or restore a centre or a level, and say so. */
static int
retire(struct people_job *j, struct store *s, int centre, int retired)
{
	struct by_id b = { j->id, NULL };
	int rc = centre ? store_centre_each(s, centre_by_id, &b) :
	    store_network_each(s, level_by_id, &b);

	if (rc == 0 && b.name == NULL)
		rc = 2;
	if (rc == 0)
		rc = centre ? store_centre_set_retired(s, j->id, retired) :
		    store_network_set_retired(s, j->id, retired);
	if (rc == 0) {
		say(j, 0, retired ? _("« %s » est retiré de la liste.") :
		    _("« %s » est de nouveau dans la liste."), b.name);
		journal(j, s, centre ? (retired ? JOURNAL_CENTRE_RETIRE :
		    JOURNAL_CENTRE_RESTORE) : (retired ? JOURNAL_LEVEL_RETIRE :
		    JOURNAL_LEVEL_RESTORE), b.name);
	}
	free(b.name);
	return rc;
}

static void
lists_run(struct people_job *j, struct store *s)
{
	int rc = -1;

	switch (j->op) {
	case OP_CENTRE_ADD:
		rc = store_centre_add(s, j->name, j->town, j->networks,
		    j->n_networks, NULL);
		break;
	case OP_CENTRE_EDIT:
		rc = store_centre_update(s, j->id, j->name, j->town, j->networks,
		    j->n_networks);
		break;
	case OP_LEVEL_ADD:
		rc = store_network_add(s, j->name, NULL);
		break;
	case OP_LEVEL_RENAME:
		rc = store_network_rename(s, j->id, j->name);
		break;
	default:
		rc = retire(j, s, j->op <= OP_CENTRE_RESTORE, j->op ==
		    OP_CENTRE_RETIRE || j->op == OP_LEVEL_RETIRE);
		goto said;
	}
	if (rc == 0) {
		static const char *const acts[] = { JOURNAL_CENTRE_ADD,
		    JOURNAL_CENTRE_EDIT, NULL, NULL, JOURNAL_LEVEL_ADD,
		    JOURNAL_LEVEL_RENAME };

		say(j, 0, _("« %s » est enregistré."), j->name);
		journal(j, s, acts[j->op], j->name);
	}
said:
	if (rc == 1)
		say(j, 1, _("« %s » est déjà dans la liste (les majuscules, "
		    "les accents et la ponctuation ne comptent pas)."), j->name);
	else if (rc == 2)
		say(j, 1, "%s", _("Cet élément n'existe plus : la liste a changé "
		    "entre-temps."));
	else if (rc < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
		j->rc = -1;
	}
}

/* ---- accounts ---------------------------------------------------------- */

/* A temporary password, "xxxx-xxxx-xxxx" from an unambiguous alphabet. */
static void
temp_password(char out[TEMP_GROUPS * 5])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	size_t k = 0;

	for (int g = 0; g < TEMP_GROUPS; g++) {
		for (int i = 0; i < 4; i++)
			out[k++] = alphabet[randombytes_uniform(sizeof(alphabet) -
			    1)];
		out[k++] = g + 1 < TEMP_GROUPS ? '-' : '\0';
	}
}

/* Add an account or reset its password, with a new temporary one. */
static int
temporary(struct people_job *j, struct store *s)
{
	char hash[AUTH_HASH_MAX];
	int rc = -1;

	temp_password(j->secret);
	if (auth_hash(j->secret, hash) < 0) {
		snprintf(j->msg, sizeof(j->msg), _("impossible de chiffrer "
		    "un mot de passe"));
		goto done;
	}
	if (j->op == OP_ACCOUNT_ADD &&
	    (rc = store_user_add(s, j->name, j->role, hash)) != 0) {
		if (rc == 1)
			say(j, 1, _("Le compte « %s » existe déjà."), j->name);
		goto done;
	}
	rc = store_user_set_password(s, j->name, hash, 1);
	if (rc == 0) {
		say(j, 0, j->op == OP_ACCOUNT_ADD ? _("Le compte « %s » est "
		    "créé.") : _("« %s » a un nouveau mot de passe temporaire."),
		    j->name);
		journal(j, s, j->op == OP_ACCOUNT_ADD ? JOURNAL_ACCOUNT_ADD :
		    JOURNAL_ACCOUNT_RESET, j->name);
	}
done:
	sodium_memzero(hash, sizeof(hash));
	if (rc != 0)
		sodium_memzero(j->secret, sizeof(j->secret));
	return rc;
}

static void
accounts_run(struct people_job *j, struct store *s)
{
	int disable = j->op == OP_ACCOUNT_DISABLE, rc;

	j->rc = -1;
	if (j->op == OP_ACCOUNT_ADD || j->op == OP_ACCOUNT_RESET) {
		rc = temporary(j, s);
	} else {
		rc = store_user_set_disabled(s, j->name, disable);
		if (rc == 0) {
			say(j, 0, disable ? _("Le compte « %s » est désactivé : il ne "
			    "peut plus se connecter.") : _("Le compte « %s » est "
			    "réactivé."), j->name);
			journal(j, s, disable ? JOURNAL_ACCOUNT_DISABLE :
			    JOURNAL_ACCOUNT_ENABLE, j->name);
		}
	}
	if (rc == 1 && j->rc != 1)
		say(j, 1, _("Le compte « %s » n'existe pas."), j->name);
	if (rc < 0) {
		fprintf(stderr, "recueild: admin: %s\n", j->msg[0] != '\0' ?
		    j->msg : store_error(s));
		j->rc = -1;
	}
}

/*
 * The guesses of a current password are counted like failed logins, on
 * the same counter as the account's sign-in (a stolen session cannot
 * try passwords faster than a login form): with `reset`, a right guess
 * clears it.  Returns 1 when the account is blocked (or the counters are
 * full), 0 otherwise; a database error is logged and lets the check go on
 * (argon2id still bounds its rate).
 */
static int
current_limited(struct people_job *j, struct store *s, int reset)
{
	unsigned char salt[AUTH_LIMIT_SALT_LEN];
	struct store_login_key k;
	char name[96];
	int rc;

	if (store_secret(s, "login-limit", salt, sizeof(salt)) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
		return 0;
	}
	snprintf(name, sizeof(name), "u:%s", j->who.session.user);
	auth_limit_key(salt, name, k.key);
	sodium_memzero(salt, sizeof(salt));
	k.max = PASSWORD_GUESSES;
	rc = reset ? store_login_reset(s, k.key) : store_login_attempt(s, &k, 1,
	    (int64_t)time(NULL), GUESS_WINDOW, j->srv->cfg->login_limit_entries);
	if (rc < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
	return !reset && rc > 0;
}

/* Change one's own password, then open a new session (all were ended). */
static void
password_run(struct people_job *j, struct store *s)
{
	struct user u = { 0 };
	char hash[AUTH_HASH_MAX];
	unsigned char raw[AUTH_TOKEN_LEN], id[AUTH_ID_LEN], csrf[AUTH_TOKEN_LEN];
	int64_t now = (int64_t)time(NULL);

	j->rc = -1;
	if (store_user_get(s, j->who.session.user, &u) != 0)
		goto done;
	if (current_limited(j, s, 0)) {
		say(j, 1, "%s", _("Trop de tentatives : attendez un quart d'heure "
		    "avant de réessayer."));
		goto done;
	}
	if (!auth_verify(u.hash, j->current)) {
		say(j, 1, "%s", _("Le mot de passe actuel n'est pas le bon."));
		goto done;
	}
	(void)current_limited(j, s, 1);
	if (auth_hash(j->fresh, hash) < 0 ||
	    store_user_set_password(s, u.name, hash, 0) != 0)
		goto done;
	auth_token_new(j->token, raw);
	auth_session_id_raw(raw, id);
	randombytes_buf(csrf, sizeof(csrf));
	if (store_session_add(s, id, u.id, csrf, now + j->lifetime, now) < 0)
		goto done;
	journal(j, s, JOURNAL_PASSWORD_CHANGE, "");
	j->rc = 0;
done:
	if (j->rc < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
	sodium_memzero(hash, sizeof(hash));
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(csrf, sizeof(csrf));
	store_user_release(&u);
}

/* ---- the jobs' runs and replies ----------------------------------------- */

static void
people_run(struct pool_job *job, struct store *s)
{
	struct people_job *j = (struct people_job *)job;

	if (j->op <= OP_LEVEL_RESTORE)
		lists_run(j, s);
	else if (j->op == OP_PASSWORD)
		password_run(j, s);
	else
		accounts_run(j, s);
}

static void
people_done(struct pool_job *job)
{
	struct people_job *j = (struct people_job *)job;
	struct html_people_msg m = { NULL, NULL, NULL, NULL };
	int status = j->rc == 0 ? 200 : 422;

	if (j->rc < 0) {
		http_fail(j->req, ERR_UNAVAILABLE);
	} else if (j->op == OP_PASSWORD && j->rc == 0) {
		http_cookie_set(j->req, PAGE_SESSION_COOKIE, j->token, "/admin",
		    j->lifetime, j->srv->cfg->cookie_secure);
		http_redirect(j->req, "/admin/password?done=1");
	} else {
		if (j->rc == 0)
			m.notice = j->msg;
		else
			m.error = j->msg;
		if (j->rc == 0 && j->secret[0] != '\0') {
			m.who = j->name;
			m.secret = j->secret;
		}
		if (j->op <= OP_LEVEL_RESTORE)
			centres_page(j->srv, j->req, &j->who, status, &m);
		else if (j->op == OP_PASSWORD)
			password_page(j->req, &j->who, status, &m);
		else
			accounts_page(j->srv, j->req, &j->who, status, &m);
	}
	people_job_free(j);
}

static struct people_job *
people_job_new(struct page *p, enum op op)
{
	struct people_job *j = xcalloc(1, sizeof(*j));

	j->job.run = people_run;
	j->job.done = people_done;
	j->srv = p->srv;
	j->req = p->req;
	j->op = op;
	page_who_copy(&j->who, p->who);
	return j;
}

static void
people_submit(struct page *p, struct people_job *j)
{
	if (admin_pool_run(p->srv, &j->job) < 0) {
		people_job_free(j);
		http_fail(p->req, ERR_UNAVAILABLE);
	}
}

/* ---- forms posted ------------------------------------------------------- */

/* Whether `v` is valid text for a name: no control characters. */
static int
text_ok(const char *v)
{
	for (const char *c = v; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return 0;
	return 1;
}

/*
 * The value of field `key`, trimmed, as a new string; "" when absent.
 * NULL with a message in err when it is required and empty, too long
 * (MEETING_FIELD_MAX characters) or holds control characters.
 */
static char *
text_value(const struct page *p, const char *key, int required, char *err,
    size_t errlen)
{
	const char *v = urlenc_get(p->form, key);
	size_t n;

	if (v == NULL)
		v = "";
	while (*v == ' ')
		v++;
	n = strlen(v);
	while (n > 0 && v[n - 1] == ' ')
		n--;
	if (required && n == 0)
		snprintf(err, errlen, "%s", _("Indiquez un nom."));
	else if (!text_ok(v))
		snprintf(err, errlen, "%s", _("Le texte contient des caractères "
		    "non permis."));
	else if (utf8_length(v) > MEETING_FIELD_MAX)
		snprintf(err, errlen, "%s", _("Le texte est trop long (200 "
		    "caractères au plus)."));
	else
		return xstrndup(v, n);
	return NULL;
}

/* The positive integer of field `key`, or 0. */
static int64_t
id_value(const struct page *p, const char *key)
{
	const char *v = urlenc_get(p->form, key);
	char *end;
	long long id;

	if (v == NULL || *v == '\0')
		return 0;
	id = strtoll(v, &end, 10);
	return *end == '\0' && id > 0 ? id : 0;
}

/* The levels ticked for a centre (the "network" fields). */
static void
network_values(const struct page *p, struct people_job *j)
{
	for (size_t i = 0; i < p->form->n && j->n_networks < MAX_NETWORKS; i++) {
		char *end;
		long long id;

		if (strcmp(p->form->pairs[i].key, "network") != 0)
			continue;
		id = strtoll(p->form->pairs[i].value, &end, 10);
		if (*end == '\0' && id > 0)
			j->networks[j->n_networks++] = id;
	}
}

/* A form about the lists (centres, levels), checked then queued. */
static void
lists_post(struct page *p, enum op op)
{
	int named = op == OP_CENTRE_ADD || op == OP_CENTRE_EDIT ||
	    op == OP_LEVEL_ADD || op == OP_LEVEL_RENAME;
	int centre = op == OP_CENTRE_ADD || op == OP_CENTRE_EDIT;
	struct people_job *j = people_job_new(p, op);
	struct html_people_msg m = { NULL, NULL, NULL, NULL };
	char err[200];

	if (op != OP_CENTRE_ADD && op != OP_LEVEL_ADD &&
	    (j->id = id_value(p, "id")) == 0)
		snprintf(err, sizeof(err), "%s", _("Cet élément n'existe plus : "
		    "la liste a changé entre-temps."));
	else if (named && (j->name = text_value(p, "name", 1, err,
	    sizeof(err))) == NULL)
		;
	else if (centre && (j->town = text_value(p, "town", 0, err,
	    sizeof(err))) == NULL)
		;
	else {
		if (centre)
			network_values(p, j);
		people_submit(p, j);
		return;
	}
	m.error = err;
	centres_page(p->srv, p->req, p->who, 422, &m);
	people_job_free(j);
}

static void post_centre_add(struct page *p) { lists_post(p, OP_CENTRE_ADD); }
static void post_centre_edit(struct page *p) { lists_post(p, OP_CENTRE_EDIT); }
static void post_centre_retire(struct page *p)
{
	lists_post(p, OP_CENTRE_RETIRE);
}
static void post_centre_restore(struct page *p)
{
	lists_post(p, OP_CENTRE_RESTORE);
}
static void post_level_add(struct page *p) { lists_post(p, OP_LEVEL_ADD); }
static void post_level_rename(struct page *p) { lists_post(p, OP_LEVEL_RENAME); }
static void post_level_retire(struct page *p) { lists_post(p, OP_LEVEL_RETIRE); }
static void post_level_restore(struct page *p)
{
	lists_post(p, OP_LEVEL_RESTORE);
}

/* A form about an account, checked then queued. */
static void
accounts_post(struct page *p, enum op op)
{
	const char *name = urlenc_get(p->form, "name");
	const char *role = urlenc_get(p->form, "role");
	struct html_people_msg m = { NULL, NULL, NULL, NULL };
	struct people_job *j;
	char err[200];

	if (name == NULL || !auth_name_valid(name))
		snprintf(err, sizeof(err), "%s", _("Un identifiant est fait de 1 "
		    "à 64 lettres sans accent, chiffres, points, tirets, « _ » "
		    "ou « @ »."));
	else if (op == OP_ACCOUNT_ADD && auth_role_parse(role) == AUTH_NONE)
		snprintf(err, sizeof(err), "%s", _("Choisissez un rôle."));
	else if (op != OP_ACCOUNT_ADD && strcmp(name, p->who->session.user) == 0)
		snprintf(err, sizeof(err), "%s", _("Pour votre propre compte, "
		    "changez votre mot de passe sur la page « Mot de passe »."));
	else {
		j = people_job_new(p, op);
		j->name = xstrdup(name);
		j->role = xstrdup(role != NULL ? role : "");
		people_submit(p, j);
		return;
	}
	m.error = err;
	accounts_page(p->srv, p->req, p->who, 422, &m);
}

static void post_account_add(struct page *p) { accounts_post(p, OP_ACCOUNT_ADD); }
static void post_account_disable(struct page *p)
{
	accounts_post(p, OP_ACCOUNT_DISABLE);
}
static void post_account_enable(struct page *p)
{
	accounts_post(p, OP_ACCOUNT_ENABLE);
}
static void post_account_reset(struct page *p)
{
	accounts_post(p, OP_ACCOUNT_RESET);
}

static void
post_password(struct page *p)
{
	const char *cur = urlenc_get(p->form, "current");
	const char *fresh = urlenc_get(p->form, "new");
	const char *again = urlenc_get(p->form, "again");
	struct html_people_msg m = { NULL, NULL, NULL, NULL };
	struct people_job *j;

	if (cur == NULL || *cur == '\0' || fresh == NULL || again == NULL)
		m.error = _("Remplissez les trois champs.");
	else if (strcmp(fresh, again) != 0)
		m.error = _("Les deux nouveaux mots de passe diffèrent.");
	else if (utf8_length(fresh) < PASSWORD_MIN)
		m.error = _("Le nouveau mot de passe est trop court (8 caractères "
		    "au moins).");
	else if (strlen(fresh) > AUTH_PASSWORD_MAX || strlen(cur) >
	    AUTH_PASSWORD_MAX)
		m.error = _("Le mot de passe est trop long.");
	else if (strcmp(fresh, cur) == 0)
		m.error = _("Le nouveau mot de passe doit être différent de "
		    "l'actuel.");
	if (m.error != NULL) {
		password_page(p->req, p->who, 422, &m);
		return;
	}
	j = people_job_new(p, OP_PASSWORD);
	j->current = xstrdup(cur);
	j->fresh = xstrdup(fresh);
	j->lifetime = p->srv->cfg->session_lifetime;
	people_submit(p, j);
}

/* ---- routes ----------------------------------------------------------- */

#define COORD_POST(path, fn) { ROUTE_POST, path, ROUTE_COORDINATOR, \
	ROUTE_FORM, MAX_PEOPLE_BODY, 1, fn }

static const struct route routes[] = {
	{ ROUTE_PAGE, "/admin/centres", ROUTE_COORDINATOR, ROUTE_NO_BODY, 0, 0,
	    get_centres },
	COORD_POST("/admin/centres", post_centre_add),
	COORD_POST("/admin/centres/edit", post_centre_edit),
	COORD_POST("/admin/centres/retire", post_centre_retire),
	COORD_POST("/admin/centres/restore", post_centre_restore),
	{ ROUTE_PAGE, "/admin/centres/choices.csv", ROUTE_COORDINATOR,
	    ROUTE_NO_BODY, 0, 0, get_choices },
	COORD_POST("/admin/levels", post_level_add),
	COORD_POST("/admin/levels/rename", post_level_rename),
	COORD_POST("/admin/levels/retire", post_level_retire),
	COORD_POST("/admin/levels/restore", post_level_restore),
	{ ROUTE_PAGE, "/admin/accounts", ROUTE_COORDINATOR, ROUTE_NO_BODY, 0, 0,
	    get_accounts },
	COORD_POST("/admin/accounts", post_account_add),
	COORD_POST("/admin/accounts/disable", post_account_disable),
	COORD_POST("/admin/accounts/enable", post_account_enable),
	COORD_POST("/admin/accounts/reset", post_account_reset),
	{ ROUTE_PAGE, "/admin/password", ROUTE_STAFF, ROUTE_NO_BODY, 0, 0,
	    get_password },
	{ ROUTE_POST, "/admin/password", ROUTE_STAFF, ROUTE_FORM,
	    MAX_PEOPLE_BODY, 1, post_password },
	{ ROUTE_PAGE, "/admin/journal", ROUTE_COORDINATOR, ROUTE_NO_BODY, 0, 0,
	    get_journal },
};

const struct route_table admin_people_routes = {
	"/admin", ROUTE_STAFF, ERR_STAFF_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};
