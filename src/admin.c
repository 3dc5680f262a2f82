/*
 * admin.c - the staff pages under /admin/ (see admin.h): login and
 * sessions, roles, CSRF, meetings, forms; the downloads are in
 * admin_export.c.
 *
 * Every /admin request comes here, whatever its path: evhttp matches
 * decoded paths (PITFALLS.md), so the session and the role are checked in
 * this file for every page, never by a path prefix elsewhere.
 *
 * Roles: coordinators manage forms and meetings and see everything;
 * professionals see the meetings, their results and the exports.
 *
 * Slow or writing work (argon2id checks, sessions, meetings) runs in the
 * worker pool (pool.h) with its own database connections; the reply is
 * sent from the job's done callback on the loop thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <sodium.h>

#include "admin.h"
#include "admin_int.h"
#include "auth.h"
#include "code.h"
#include "connlimit.h"
#include "diag.h"
#include "form.h"
#include "html_admin.h"
#include "i18n.h"
#include "http.h"
#include "meeting.h"
#include "multipart.h"
#include "pool.h"
#include "qr.h"
#include "registry.h"
#include "results.h"
#include "store.h"
#include "urlenc.h"
#include "util.h"

#define COOKIE "recueil_session"
#define LOGIN_COOKIE "recueil_login"   /* the login form's CSRF token */
#define MAX_LOGIN_BODY 8192
#define POOL_THREADS 2      /* also the cap on concurrent argon2id checks */
#define POOL_QUEUE 64
#define USER_MAX_FAILURES 5
#define ADDR_MAX_FAILURES 30
#define FAILURE_WINDOW 900  /* seconds */

static struct {
	struct pool *pool;
	int started;
} st;

static int
ensure_started(struct server *srv)
{
	char err[512];

	if (st.started)
		return 0;
	st.pool = pool_start(srv->cfg->db, srv->base, POOL_THREADS, POOL_QUEUE,
	    err, sizeof(err));
	if (st.pool == NULL) {
		fprintf(stderr, "recueild: admin: %s\n", err);
		return -1;
	}
	st.started = 1;
	return 0;
}

void
admin_init(void)
{
	const char *css;
	size_t len;

	/* The public style sheet first, then ours. */
	(void)http_csp();
	for (int i = 0; (css = html_admin_style(i, &len)) != NULL; i++)
		http_csp_add_style(css, len);
}

void
admin_stop(void)
{
	if (!st.started)
		return;
	pool_stop(st.pool);
	st.pool = NULL;
	st.started = 0;
}

/* ---- small helpers ---------------------------------------------------- */

static void
send_html(struct evhttp_request *req, int status, struct evbuffer *b)
{
	http_reply(req, status, HTTP_HTML, b);
	evbuffer_free(b);
}

static void
unavailable(struct evhttp_request *req)
{
	http_error(req, 503, "Service indisponible", "Le service est "
	    "momentanément indisponible. Réessayez dans un instant.", 0);
}

static void
forbidden(struct evhttp_request *req)
{
	http_error(req, 403, "Accès refusé", "Votre compte ne donne pas accès "
	    "à cette page. Demandez à la coordination du centre.", 0);
}

static void
bad_csrf(struct evhttp_request *req)
{
	http_error(req, 403, "Formulaire expiré", "Ce formulaire n'est plus "
	    "valable (la session a changé). Revenez à la page, rechargez-la et "
	    "recommencez : rien n'a été modifié.", 0);
}

static void
not_found(struct evhttp_request *req)
{
	http_error(req, 404, "Page introuvable", "Cette adresse ne correspond "
	    "à aucune page de l'équipe.", 0);
}

static void
not_allowed(struct evhttp_request *req)
{
	http_error(req, 405, "Méthode non permise", "Cette adresse ne "
	    "s'utilise pas ainsi.", 0);
}

static int
is_content_type(struct evhttp_request *req, const char *want)
{
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Content-Type");
	size_t n = strlen(want);

	return ct != NULL && strncasecmp(ct, want, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/*
 * Parse an urlencoded request body into `enc`, or reply (413, 415, 400)
 * and return -1.  Release `enc` in both cases.
 */
static int
parse_body(struct evhttp_request *req, size_t max, struct urlenc *enc)
{
	char *body;
	size_t len;
	enum urlenc_status us;

	memset(enc, 0, sizeof(*enc));
	if (!is_content_type(req, "application/x-www-form-urlencoded")) {
		http_error(req, 415, "Envoi incompréhensible", "Ce formulaire "
		    "doit être envoyé depuis la page.", 0);
		return -1;
	}
	if ((body = http_body(req, max, &len)) == NULL) {
		http_error(req, 413, "Envoi trop long", "Les données envoyées "
		    "sont trop longues.", 0);
		return -1;
	}
	us = urlenc_parse(enc, body, len, 64, max);
	explicit_bzero(body, len);
	free(body);
	if (us != URLENC_OK) {
		http_error(req, 400, "Envoi incompréhensible", "Les données "
		    "reçues sont mal formées. Rechargez la page.", 0);
		return -1;
	}
	return 0;
}

/*
 * The client's address as a rate-limit key: the peer, or behind proxies
 * listed in trusted_proxies the address they report (connlimit.h).  Only
 * its keyed hash is stored; never logged.
 */
static void
client_key(struct evhttp_request *req, char *out, size_t len)
{
	char addr[64];

	connlimit_client_addr(req, addr, sizeof(addr));
	snprintf(out, len, "a:%s", addr);
}

static void
session_cookie(struct server *srv, struct evhttp_request *req,
    const char *token, int lifetime)
{
	char *v = xasprintf(COOKIE "=%s; Path=/admin; Max-Age=%d; HttpOnly; "
	    "SameSite=Strict%s", token, lifetime,
	    srv->cfg->cookie_secure ? "; Secure" : "");

	evhttp_add_header(evhttp_request_get_output_headers(req), "Set-Cookie", v);
	explicit_bzero(v, strlen(v));
	free(v);
}

/* ---- sessions --------------------------------------------------------- */

/*
 * The request's session: 0 and `who` filled, 1 when there is none (or it
 * expired), -1 on a database error.
 */
static int
current_session(struct server *srv, struct evhttp_request *req,
    struct admin_who *who)
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Cookie");
	char token[AUTH_TOKEN_TEXT_LEN + 8];
	int rc;

	memset(who, 0, sizeof(*who));
	if (auth_cookie_get(h, COOKIE, token, sizeof(token)) < 0 ||
	    auth_session_id(token, who->id) < 0)
		return 1;
	sodium_memzero(token, sizeof(token));
	rc = store_session_get(srv->store, who->id, (int64_t)time(NULL),
	    &who->session);
	if (rc < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(srv->store));
		return -1;
	}
	if (rc > 0)
		return 1;
	who->role = auth_role_parse(who->session.role);
	auth_token_text(who->session.csrf, who->csrf);
	who->ctx.user = who->session.user;
	who->ctx.coordinator = who->role == AUTH_COORDINATOR;
	who->ctx.csrf = who->csrf;
	return who->role == AUTH_NONE ? 1 : 0;
}

/* 303 to the login page, coming back to this page afterwards. */
static void
to_login(struct evhttp_request *req)
{
	const char *uri = evhttp_request_get_uri(req);
	char *enc, *loc;

	if (evhttp_request_get_command(req) != EVHTTP_REQ_GET ||
	    !auth_next_ok(uri)) {
		http_redirect(req, "/admin/login");
		return;
	}
	enc = evhttp_uriencode(uri, -1, 0);
	loc = xasprintf("/admin/login?next=%s", enc != NULL ? enc : "%2Fadmin%2F");
	http_redirect(req, loc);
	free(loc);
	free(enc);
}

/* ---- login ------------------------------------------------------------ */

/*
 * The login form's CSRF token, before any session: the same random value
 * in a cookie (SameSite=Strict, only sent to /admin/login) and in the
 * form, compared on POST (double submit).  A cross-site page can neither
 * read nor set the cookie, so it cannot log a browser into an account.
 * Reuses the request's cookie when it holds a token, else makes one.
 */
static void
login_token(struct server *srv, struct evhttp_request *req,
    char text[AUTH_TOKEN_TEXT_LEN + 1])
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Cookie");
	char got[AUTH_TOKEN_TEXT_LEN + 8];
	unsigned char raw[AUTH_TOKEN_LEN];
	char *v;

	if (auth_cookie_get(h, LOGIN_COOKIE, got, sizeof(got)) == 0 &&
	    auth_token_raw(got, raw) == 0) {
		memcpy(text, got, AUTH_TOKEN_TEXT_LEN + 1);
		return;
	}
	auth_token_new(text, NULL);
	v = xasprintf(LOGIN_COOKIE "=%s; Path=/admin/login; HttpOnly; "
	    "SameSite=Strict%s", text, srv->cfg->cookie_secure ? "; Secure" : "");
	evhttp_add_header(evhttp_request_get_output_headers(req), "Set-Cookie", v);
	free(v);
}

/* Whether a login POST carries the form's token matching its cookie. */
static int
login_csrf_ok(struct evhttp_request *req, const char *form_token)
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Cookie");
	char got[AUTH_TOKEN_TEXT_LEN + 8];
	unsigned char raw[AUTH_TOKEN_LEN];
	int ok;

	if (auth_cookie_get(h, LOGIN_COOKIE, got, sizeof(got)) < 0 ||
	    auth_token_raw(got, raw) < 0)
		return 0;
	ok = auth_csrf_ok(raw, form_token);
	sodium_memzero(raw, sizeof(raw));
	return ok;
}

static void
login_page(struct server *srv, struct evhttp_request *req, int status,
    const char *error, const char *username, const char *next)
{
	struct evbuffer *b = evbuffer_new();
	char token[AUTH_TOKEN_TEXT_LEN + 1];

	login_token(srv, req, token);
	html_admin_login(b, error, username, next, token);
	send_html(req, status, b);
}

enum login_result {
	LOGIN_ERROR = -1,
	LOGIN_REFUSED = 0,     /* wrong name or password */
	LOGIN_OK = 1,
	LOGIN_BLOCKED = 2,     /* too many failures for the account or address */
	LOGIN_FULL = 3         /* the failure table is full: refused, not forgotten */
};

struct login_job {
	struct pool_job job;
	struct server *srv;
	struct evhttp_request *req;
	char *username, *password, *next;
	char user_key[96];
	char addr_key[96];
	int lifetime;
	int64_t entries;       /* login_limit_entries */
	int result;            /* enum login_result */
	char token[AUTH_TOKEN_TEXT_LEN + 1];
};

static void
login_run(struct pool_job *job, struct store *s)
{
	struct login_job *j = (struct login_job *)job;
	struct user u = { 0 };
	unsigned char raw[AUTH_TOKEN_LEN], id[AUTH_ID_LEN], csrf[AUTH_TOKEN_LEN];
	int64_t now = (int64_t)time(NULL);
	unsigned char salt[AUTH_LIMIT_SALT_LEN];
	struct store_login_key keys[2];
	int rc;

	/*
	 * Counted before the check, in one transaction, so that a burst of
	 * parallel attempts cannot slip past the limit; a success clears the
	 * account's count.  The counters live in the database: a restart does
	 * not clear them and no flood of other names pushes them out.
	 */
	j->result = LOGIN_ERROR;
	if (store_secret(s, "login-limit", salt, sizeof(salt)) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
		return;
	}
	auth_limit_key(salt, j->user_key, keys[0].key);
	keys[0].max = USER_MAX_FAILURES;
	auth_limit_key(salt, j->addr_key, keys[1].key);
	keys[1].max = ADDR_MAX_FAILURES;
	sodium_memzero(salt, sizeof(salt));
	rc = store_login_attempt(s, keys, 2, now, FAILURE_WINDOW, j->entries);
	if (rc < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
		return;
	}
	if (rc == STORE_LOGIN_BLOCKED || rc == STORE_LOGIN_FULL) {
		j->result = rc == STORE_LOGIN_BLOCKED ? LOGIN_BLOCKED : LOGIN_FULL;
		return;
	}
	j->result = LOGIN_REFUSED;
	rc = store_user_get(s, j->username, &u);
	if (rc < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
		j->result = -1;
		goto done;
	}
	if (rc > 0) {
		/* As slow as a real check: timing does not reveal names. */
		(void)auth_verify(auth_dummy_hash(), j->password);
		goto done;
	}
	if (!auth_verify(u.hash, j->password))
		goto done;
	auth_token_new(j->token, raw);
	auth_session_id_raw(raw, id);
	randombytes_buf(csrf, sizeof(csrf));
	if (store_session_add(s, id, u.id, csrf, now + j->lifetime, now) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
		j->result = -1;
		goto done;
	}
	/* The session is there: a failure to clear the count only delays. */
	if (store_login_reset(s, keys[0].key) < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
	j->result = LOGIN_OK;
done:
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(csrf, sizeof(csrf));
	sodium_memzero(j->password, strlen(j->password));
	store_user_release(&u);
}

static void
login_job_free(struct login_job *j)
{
	free(j->username);
	if (j->password != NULL) {
		sodium_memzero(j->password, strlen(j->password));
		free(j->password);
	}
	free(j->next);
	sodium_memzero(j->token, sizeof(j->token));
	sodium_memzero(j->addr_key, sizeof(j->addr_key));
	free(j);
}

static void
login_done(struct pool_job *job)
{
	struct login_job *j = (struct login_job *)job;

	if (j->result == LOGIN_OK) {
		session_cookie(j->srv, j->req, j->token, j->lifetime);
		http_redirect(j->req, j->next != NULL ? j->next : "/admin/");
	} else if (j->result == LOGIN_BLOCKED) {
		login_page(j->srv, j->req, 429, "Trop de tentatives de connexion. "
		    "Attendez un quart d'heure avant de réessayer.", j->username,
		    j->next);
	} else if (j->result == LOGIN_FULL) {
		login_page(j->srv, j->req, 429, _("Trop de tentatives de connexion "
		    "échouées ces derniers temps. Réessayez dans un quart d'heure."),
		    j->username, j->next);
	} else if (j->result == LOGIN_REFUSED) {
		login_page(j->srv, j->req, 401, "Identifiant ou mot de passe "
		    "incorrect.",
		    j->username, j->next);
	} else {
		unavailable(j->req);
	}
	login_job_free(j);
}

static void
post_login(struct server *srv, struct evhttp_request *req)
{
	struct urlenc enc;
	const char *user, *pw, *next;
	struct login_job *j;

	if (parse_body(req, MAX_LOGIN_BODY, &enc) < 0)
		goto done;
	user = urlenc_get(&enc, "username");
	pw = urlenc_get(&enc, "password");
	next = urlenc_get(&enc, "next");
	if (next != NULL && !auth_next_ok(next))
		next = NULL;
	if (!login_csrf_ok(req, urlenc_get(&enc, "csrf"))) {
		/* A fresh form (and cookie) to try again: nothing was checked. */
		login_page(srv, req, 403, "La page de connexion a expiré : "
		    "saisissez à nouveau votre identifiant et votre mot de passe.",
		    user != NULL && strlen(user) <= 64 ? user : NULL, next);
		goto done;
	}
	if (user == NULL || pw == NULL || *user == '\0' || *pw == '\0' ||
	    strlen(user) > 64 || strlen(pw) > AUTH_PASSWORD_MAX) {
		login_page(srv, req, 401, "Saisissez votre identifiant et votre mot de "
		    "passe.", user != NULL && strlen(user) <= 64 ? user : NULL, next);
		goto done;
	}
	j = xcalloc(1, sizeof(*j));
	snprintf(j->user_key, sizeof(j->user_key), "u:%s", user);
	client_key(req, j->addr_key, sizeof(j->addr_key));
	j->entries = srv->cfg->login_limit_entries;
	j->job.run = login_run;
	j->job.done = login_done;
	j->srv = srv;
	j->req = req;
	j->username = xstrdup(user);
	j->password = xstrdup(pw);
	j->next = next != NULL ? xstrdup(next) : NULL;
	j->lifetime = srv->cfg->session_lifetime;
	if (pool_submit(st.pool, &j->job) < 0) {
		login_job_free(j);
		unavailable(req);
	}
done:
	/* The password's copy in the parsed body. */
	for (size_t i = 0; i < enc.n; i++)
		if (strcmp(enc.pairs[i].key, "password") == 0)
			sodium_memzero(enc.pairs[i].value,
			    strlen(enc.pairs[i].value));
	urlenc_release(&enc);
}

static void
get_login(struct server *srv, struct evhttp_request *req)
{
	struct admin_who who;
	char *next = http_query(req, "next");

	if (next != NULL && !auth_next_ok(next)) {
		free(next);
		next = NULL;
	}
	if (current_session(srv, req, &who) == 0) {
		http_redirect(req, next != NULL ? next : "/admin/");
		free(next);
		return;
	}
	login_page(srv, req, 200, NULL, NULL, next);
	free(next);
}

/* ---- generic writes in the pool --------------------------------------- */

/*
 * A write job: run() does the write on a worker's connection and sets
 * rc; done() replies.
 */
struct write_job {
	struct pool_job job;
	struct server *srv;
	struct evhttp_request *req;
	int rc;
	unsigned char id[AUTH_ID_LEN];     /* logout */
	struct meeting m;                  /* new meeting, close/reopen */
	int closed;
	char err[256];
	struct admin_who who;
};

static void
write_job_free(struct write_job *j)
{
	store_meeting_release(&j->m);
	free(j);
}

static int
submit(struct evhttp_request *req, struct write_job *j)
{
	if (pool_submit(st.pool, &j->job) < 0) {
		write_job_free(j);
		unavailable(req);
		return -1;
	}
	return 0;
}

/*
 * Parse a urlencoded POST and check its CSRF token against the session,
 * or reply (403 and nothing changes) and return -1.  Release `enc`.
 */
static int
checked_post(struct evhttp_request *req, const struct admin_who *who,
    size_t max, struct urlenc *enc)
{
	if (parse_body(req, max, enc) < 0)
		return -1;
	if (!auth_csrf_ok(who->session.csrf, urlenc_get(enc, "csrf"))) {
		bad_csrf(req);
		return -1;
	}
	return 0;
}

static void
logout_run(struct pool_job *job, struct store *s)
{
	struct write_job *j = (struct write_job *)job;

	j->rc = store_session_delete(s, j->id);
	if (j->rc < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
}

static void
logout_done(struct pool_job *job)
{
	struct write_job *j = (struct write_job *)job;

	if (j->rc < 0) {
		unavailable(j->req);
	} else {
		session_cookie(j->srv, j->req, "", 0);
		http_redirect(j->req, "/admin/login");
	}
	write_job_free(j);
}

static void
post_logout(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who)
{
	struct urlenc enc;
	struct write_job *j;

	if (checked_post(req, who, 4096, &enc) < 0)
		goto done;
	j = xcalloc(1, sizeof(*j));
	j->job.run = logout_run;
	j->job.done = logout_done;
	j->srv = srv;
	j->req = req;
	memcpy(j->id, who->id, sizeof(j->id));
	submit(req, j);
done:
	urlenc_release(&enc);
}

/* ---- meetings --------------------------------------------------------- */

struct meeting_list {
	struct meeting *v;
	size_t n, alloc;
};

static int
collect_meeting(const struct meeting *m, void *arg)
{
	struct meeting_list *l = arg;
	struct meeting *c;

	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 32;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	c = &l->v[l->n++];
	*c = *m;
	c->form_id = xstrdup(m->form_id);
	c->title = xstrdup(m->title);
	c->date = xstrdup(m->date);
	c->level = xstrdup(m->level);
	c->centre = xstrdup(m->centre);
	c->place = xstrdup(m->place);
	return 0;
}

int
admin_meetings(struct server *srv, struct meeting **v, size_t *n)
{
	struct meeting_list l = { 0 };

	if (store_meeting_each(srv->store, collect_meeting, &l) < 0) {
		admin_meetings_free(l.v, l.n);
		return -1;
	}
	*v = l.v;
	*n = l.n;
	return 0;
}

void
admin_meetings_free(struct meeting *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_meeting_release(&v[i]);
	free(v);
}

const struct form **
admin_forms(struct server *srv, size_t *n)
{
	size_t k = registry_count(srv->forms);
	const struct form **v = xcalloc(k + 1, sizeof(*v));

	for (size_t i = 0; i < k; i++)
		v[i] = registry_at(srv->forms, i);
	*n = k;
	return v;
}

static void
page_meetings(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who)
{
	struct meeting *v = NULL;
	size_t n = 0;
	struct evbuffer *b;

	if (admin_meetings(srv, &v, &n) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(srv->store));
		unavailable(req);
		return;
	}
	b = evbuffer_new();
	html_admin_meetings(b, &who->ctx, v, n);
	send_html(req, 200, b);
	admin_meetings_free(v, n);
}

static void
new_meeting_page(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who, int status, const struct meeting *values,
    const char *error)
{
	size_t n;
	const struct form **forms = admin_forms(srv, &n);
	struct evbuffer *b = evbuffer_new();

	html_admin_meeting_new(b, &who->ctx, forms, n, values, error);
	send_html(req, status, b);
	free(forms);
}

static void
create_run(struct pool_job *job, struct store *s)
{
	struct write_job *j = (struct write_job *)job;

	j->rc = meeting_create(s, &j->m, j->err, sizeof(j->err));
	if (j->rc < 0)
		fprintf(stderr, "recueild: admin: %s\n", j->err);
}

static void
create_done(struct pool_job *job)
{
	struct write_job *j = (struct write_job *)job;

	if (j->rc == 0) {
		char *loc = xasprintf("/admin/meetings/%s", j->m.code);

		http_redirect(j->req, loc);
		free(loc);
	} else if (j->rc > 0) {
		new_meeting_page(j->srv, j->req, &j->who, 422, &j->m, j->err);
	} else {
		unavailable(j->req);
	}
	write_job_free(j);
}

static void
post_new_meeting(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who)
{
	struct urlenc enc;
	struct meeting m = { 0 };
	const char *error = NULL;
	struct write_job *j;
	int level_ok = 0;

	if (checked_post(req, who, 16384, &enc) < 0)
		goto done;
	m.title = (char *)urlenc_get(&enc, "title");
	m.date = (char *)urlenc_get(&enc, "date");
	m.form_id = (char *)urlenc_get(&enc, "form");
	m.level = (char *)urlenc_get(&enc, "level");
	m.centre = (char *)urlenc_get(&enc, "centre");
	m.place = (char *)urlenc_get(&enc, "place");
	if (m.level == NULL || *m.level == '\0')
		level_ok = 1;
	for (size_t i = 0; !level_ok && meeting_levels[i] != NULL; i++)
		level_ok = strcmp(m.level, meeting_levels[i]) == 0;
	if (m.title == NULL || *m.title == '\0')
		error = "Donnez un titre à la rencontre.";
	else if (m.date == NULL || !date_valid(m.date))
		error = "Indiquez la date de la rencontre (AAAA-MM-JJ).";
	else if (m.form_id == NULL || registry_get(srv->forms, m.form_id) == NULL)
		error = "Choisissez un questionnaire de la liste.";
	else if (!level_ok)
		error = "Choisissez un niveau de réseau de la liste.";
	if (error != NULL) {
		new_meeting_page(srv, req, who, 422, &m, error);
		goto done;
	}
	j = xcalloc(1, sizeof(*j));
	j->job.run = create_run;
	j->job.done = create_done;
	j->srv = srv;
	j->req = req;
	j->who = *who;
	j->who.ctx.user = j->who.session.user;
	j->who.ctx.csrf = j->who.csrf;
	j->m.form_id = xstrdup(m.form_id);
	j->m.title = xstrdup(m.title);
	j->m.date = xstrdup(m.date);
	j->m.level = xstrdup(m.level != NULL ? m.level : "");
	j->m.centre = xstrdup(m.centre != NULL ? m.centre : "");
	j->m.place = xstrdup(m.place != NULL ? m.place : "");
	submit(req, j);
done:
	urlenc_release(&enc);
}

/* The public URL of a meeting (caller frees). */
static char *
public_url(struct server *srv, const char *code)
{
	return xasprintf("%s/r/%s", srv->base_url != NULL ? srv->base_url : "",
	    code);
}

/*
 * Find the meeting of a /admin/meetings/CODE... path, or reply 404/503
 * and return -1.  Release `m` after a 0 return.
 */
static int
find_meeting(struct server *srv, struct evhttp_request *req,
    const char *code_in, struct meeting *m)
{
	char code[CODE_LEN + 1];
	int rc;

	if (strlen(code_in) > CODE_LEN || code_normalize(code_in, code) < 0 ||
	    strcmp(code, code_in) != 0 ||
	    (rc = store_meeting_get(srv->store, code, m)) == 1) {
		http_error(req, 404, "Rencontre introuvable", "Aucune rencontre "
		    "n'a ce code.", 0);
		return -1;
	}
	if (rc < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(srv->store));
		unavailable(req);
		return -1;
	}
	return 0;
}

static int
add_value(const char *q, const char *v, int64_t n, void *arg)
{
	return results_add(arg, q, v, n);
}

static int
add_text(const char *q, const char *v, int64_t at, void *arg)
{
	(void)at;
	return results_add_text(arg, q, v);
}

static void
page_meeting(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who, const char *code)
{
	struct meeting m;
	const struct form *f;
	struct results r;
	int have = 0, live;
	int64_t n = 0;
	char *url = NULL, *l = http_query(req, "live");
	struct evbuffer *b;

	live = l != NULL && strcmp(l, "1") == 0;
	free(l);
	if (find_meeting(srv, req, code, &m) < 0)
		return;
	if (store_response_count(srv->store, m.id, &n) < 0)
		goto fail;
	if ((f = registry_get(srv->forms, m.form_id)) != NULL) {
		size_t nq;
		const char **qs = results_text_questions(f, &nq);

		results_init(&r, f, 0);
		have = 1;
		if (store_results_values(srv->store, m.id, add_value, &r) < 0 ||
		    store_results_texts(srv->store, m.id, qs, nq, add_text, &r) < 0) {
			free(qs);
			goto fail;
		}
		free(qs);
	}
	url = public_url(srv, m.code);
	b = evbuffer_new();
	html_admin_meeting(b, &who->ctx, &m, url, have ? &r : NULL, n, live);
	if (live && !m.closed)
		evhttp_add_header(evhttp_request_get_output_headers(req), "Refresh",
		    "15");
	send_html(req, 200, b);
	goto done;
fail:
	fprintf(stderr, "recueild: admin: %s\n", store_error(srv->store));
	unavailable(req);
done:
	if (have)
		results_release(&r);
	free(url);
	store_meeting_release(&m);
}

static void
page_qr(struct server *srv, struct evhttp_request *req, const char *code)
{
	struct meeting m;
	char *url;
	struct evbuffer *b;

	if (find_meeting(srv, req, code, &m) < 0)
		return;
	url = public_url(srv, m.code);
	b = evbuffer_new();
	if (qr_svg(b, url, m.title, 1) < 0) {
		evbuffer_free(b);
		http_error(req, 500, "QR code impossible", "L'adresse est trop "
		    "longue pour un QR code.", 0);
	} else {
		http_reply(req, 200, HTTP_SVG, b);
		evbuffer_free(b);
	}
	free(url);
	store_meeting_release(&m);
}

static void
page_print(struct server *srv, struct evhttp_request *req, const char *code)
{
	struct meeting m;
	char *url;
	struct evbuffer *b;

	if (find_meeting(srv, req, code, &m) < 0)
		return;
	url = public_url(srv, m.code);
	b = evbuffer_new();
	html_admin_print(b, &m, url);
	send_html(req, 200, b);
	free(url);
	store_meeting_release(&m);
}

static void
close_run(struct pool_job *job, struct store *s)
{
	struct write_job *j = (struct write_job *)job;

	j->rc = store_meeting_set_closed(s, j->m.code, j->closed);
	if (j->rc < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
}

static void
close_done(struct pool_job *job)
{
	struct write_job *j = (struct write_job *)job;

	if (j->rc == 0) {
		char *loc = xasprintf("/admin/meetings/%s", j->m.code);

		http_redirect(j->req, loc);
		free(loc);
	} else if (j->rc > 0) {
		not_found(j->req);
	} else {
		unavailable(j->req);
	}
	write_job_free(j);
}

static void
post_close(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who, const char *code, int closed)
{
	struct urlenc enc;
	struct meeting m;
	struct write_job *j;

	if (checked_post(req, who, 4096, &enc) < 0)
		goto done;
	if (find_meeting(srv, req, code, &m) < 0)
		goto done;
	j = xcalloc(1, sizeof(*j));
	j->job.run = close_run;
	j->job.done = close_done;
	j->srv = srv;
	j->req = req;
	memcpy(j->m.code, m.code, sizeof(j->m.code));
	j->closed = closed;
	store_meeting_release(&m);
	submit(req, j);
done:
	urlenc_release(&enc);
}

/* ---- forms ------------------------------------------------------------ */

static void
forms_page(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who, int status, const struct diag *upload,
    const char *notice, const char *text)
{
	size_t n;
	const struct form **forms = admin_forms(srv, &n);
	struct evbuffer *b = evbuffer_new();

	html_admin_forms(b, &who->ctx, forms, n, registry_last_diag(srv->forms),
	    upload, notice, text);
	send_html(req, status, b);
	free(forms);
}

static int
id_safe(const char *id)
{
	if (id == NULL || *id == '\0' || strlen(id) > 100 || id[0] == '.')
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

/*
 * Write buf to DIR/ID.csv atomically: a hidden temporary file (the
 * registry skips dot files), fsync, rename, fsync the directory.
 */
static int
save_form(const char *dir, const char *id, const char *buf, size_t len,
    char *err, size_t errlen)
{
	char *tmp = xasprintf("%s/.%s.csv.tmp", dir, id);
	char *path = xasprintf("%s/%s.csv", dir, id);
	int fd = -1, dfd = -1, rc = -1;
	size_t off = 0;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		goto fail;
	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		off += (size_t)w;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
	goto done;
fail:
	snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
done:
	free(tmp);
	free(path);
	return rc;
}

/* A file name for messages: the upload's base name, or "upload.csv". */
static char *
upload_name(const char *filename)
{
	const char *base = filename;
	const char *s;

	if (base == NULL || *base == '\0')
		return xstrdup("formulaire.csv");
	if ((s = strrchr(base, '/')) != NULL)
		base = s + 1;
	if ((s = strrchr(base, '\\')) != NULL)
		base = s + 1;
	/* (xstrndup copies n bytes: never more than the string has.) */
	if (*base == '\0' || strlen(base) > 100 ||
	    !utf8_valid(base, strlen(base), NULL))
		return xstrdup("formulaire.csv");
	return xstrdup(base);
}

static void
post_forms(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who)
{
	struct multipart mp;
	char *body = NULL, *file = NULL, *notice = NULL;
	size_t len, clen = 0;
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Content-Type");
	const struct multipart_part *csrf, *up, *text;
	const char *content = NULL, *filename = NULL;
	struct form *f = NULL;
	struct diag d, load;
	char err[512];
	int shown_text = 0;

	diag_init(&d);
	diag_init(&load);
	memset(&mp, 0, sizeof(mp));
	if (!is_content_type(req, "multipart/form-data")) {
		http_error(req, 415, "Envoi incompréhensible", "Envoyez le "
		    "questionnaire depuis la page Questionnaires.", 0);
		goto done;
	}
	if ((body = http_body(req, srv->cfg->max_upload_size, &len)) == NULL) {
		http_error(req, 413, "Fichier trop gros", "Ce fichier dépasse la "
		    "taille permise.", 0);
		goto done;
	}
	if (multipart_parse(&mp, ct, body, len, 16) < 0) {
		http_error(req, 400, "Envoi incompréhensible", "Le fichier reçu est "
		    "mal formé. Rechargez la page et recommencez.", 0);
		goto done;
	}
	csrf = multipart_get(&mp, "csrf");
	if (csrf == NULL || csrf->len > 64) {
		bad_csrf(req);
		goto done;
	}
	{
		char tok[65];

		memcpy(tok, csrf->data, csrf->len);
		tok[csrf->len] = '\0';
		if (!auth_csrf_ok(who->session.csrf, tok)) {
			bad_csrf(req);
			goto done;
		}
	}
	up = multipart_get(&mp, "file");
	text = multipart_get(&mp, "text");
	if (up != NULL && up->len > 0) {
		content = up->data;
		clen = up->len;
		filename = up->filename;
	} else if (text != NULL && text->len > 0) {
		content = text->data;
		clen = text->len;
		shown_text = 1;
	}
	if (content == NULL) {
		diag_add(&d, DIAG_ERROR, "formulaire.csv", 0, 0, "no file was "
		    "sent: choose the CSV file, or paste its content");
		forms_page(srv, req, who, 422, &d, NULL, NULL);
		goto done;
	}
	file = upload_name(filename);
	if (memchr(content, '\0', clen) != NULL)
		diag_add(&d, DIAG_ERROR, file, 0, 0, "the file contains NUL bytes: "
		    "save it as CSV (UTF-8) from the spreadsheet");
	else
		f = form_parse(file, content, clen, &d);
	if (f != NULL && !id_safe(f->id)) {
		diag_add(&d, DIAG_ERROR, file, 0, 0, "form_id '%s' may only use "
		    "letters, digits, '-', '_' and '.'", f->id);
		form_free(f);
		f = NULL;
	}
	if (f == NULL) {
		char *t = shown_text ? xstrndup(content, clen) : NULL;

		if (d.n_errors == 0)
			diag_add(&d, DIAG_ERROR, file, 0, 0, "the form was refused");
		forms_page(srv, req, who, 422, &d, NULL, t);
		free(t);
		goto done;
	}
	if (save_form(registry_dir(srv->forms), f->id, content, clen, err,
	    sizeof(err)) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", err);
		diag_add(&d, DIAG_ERROR, file, 0, 0, "%s", err);
		forms_page(srv, req, who, 500, &d, NULL, NULL);
		goto done;
	}
	if (registry_load(srv->forms, srv->store, &load) < 0)
		fprintf(stderr, "recueild: admin: cannot reload the forms\n");
	{
		const struct form *now = registry_get(srv->forms, f->id);

		notice = xasprintf("Le questionnaire « %s » (%s) est chargé, "
		    "version n° %lld.", f->title, f->id,
		    now != NULL ? (long long)now->version_id : 0LL);
	}
	fprintf(stderr, "recueild: form '%s' uploaded\n", f->id);
	forms_page(srv, req, who, 200, NULL, notice, NULL);
done:
	form_free(f);
	diag_release(&d);
	diag_release(&load);
	multipart_release(&mp);
	free(body);
	free(file);
	free(notice);
}

/* ---- routing ---------------------------------------------------------- */

static int
coordinator(struct evhttp_request *req, const struct admin_who *who)
{
	if (who->role == AUTH_COORDINATOR)
		return 1;
	forbidden(req);
	return 0;
}

void
admin_handle(struct server *srv, struct evhttp_request *req, const char *path)
{
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	int get = cmd == EVHTTP_REQ_GET || cmd == EVHTTP_REQ_HEAD;
	int post = cmd == EVHTTP_REQ_POST;
	struct admin_who who;
	int rc;

	if (ensure_started(srv) < 0) {
		unavailable(req);
		return;
	}
	if (!get && !post) {
		not_allowed(req);
		return;
	}
	if (strcmp(path, "/admin") == 0) {
		http_redirect(req, "/admin/");
		return;
	}
	if (strcmp(path, "/admin/login") == 0) {
		if (get)
			get_login(srv, req);
		else
			post_login(srv, req);
		return;
	}

	/* Every other page needs a session. */
	rc = current_session(srv, req, &who);
	if (rc < 0) {
		unavailable(req);
		return;
	}
	if (rc > 0) {
		to_login(req);
		return;
	}

	if (strcmp(path, "/admin/logout") == 0) {
		if (post)
			post_logout(srv, req, &who);
		else
			not_allowed(req);
	} else if (strcmp(path, "/admin/") == 0) {
		if (get)
			page_meetings(srv, req, &who);
		else
			not_allowed(req);
	} else if (strcmp(path, "/admin/meetings/new") == 0) {
		if (!coordinator(req, &who))
			return;
		if (get)
			new_meeting_page(srv, req, &who, 200, NULL, NULL);
		else
			post_new_meeting(srv, req, &who);
	} else if (strncmp(path, "/admin/meetings/", 16) == 0) {
		const char *code = path + 16;
		const char *slash = strchr(code, '/');
		char buf[16];
		const char *action = slash != NULL ? slash + 1 : "";

		if ((slash != NULL ? (size_t)(slash - code) : strlen(code)) >=
		    sizeof(buf)) {
			not_found(req);
			return;
		}
		snprintf(buf, sizeof(buf), "%.*s", (int)(slash != NULL ?
		    slash - code : (ptrdiff_t)strlen(code)), code);
		if (slash == NULL && get)
			page_meeting(srv, req, &who, buf);
		else if (strcmp(action, "qr.svg") == 0 && get)
			page_qr(srv, req, buf);
		else if (strcmp(action, "print") == 0 && get)
			page_print(srv, req, buf);
		else if ((strcmp(action, "close") == 0 ||
		    strcmp(action, "reopen") == 0)) {
			if (!coordinator(req, &who))
				return;
			if (post)
				post_close(srv, req, &who, buf,
				    strcmp(action, "close") == 0);
			else
				not_allowed(req);
		} else if (slash == NULL || strcmp(action, "qr.svg") == 0 ||
		    strcmp(action, "print") == 0)
			not_allowed(req);
		else
			not_found(req);
	} else if (strcmp(path, "/admin/forms") == 0) {
		if (!coordinator(req, &who))
			return;
		if (get)
			forms_page(srv, req, &who, 200, NULL, NULL, NULL);
		else
			post_forms(srv, req, &who);
	} else if (strcmp(path, "/admin/export") == 0) {
		if (get)
			admin_export_page(srv, req, &who, 200, NULL);
		else
			not_allowed(req);
	} else if (strncmp(path, "/admin/export/", 14) == 0) {
		/* Not HEAD: a streamed reply without a body would never end. */
		if (cmd == EVHTTP_REQ_GET)
			admin_export_download(srv, req, &who, path + 14);
		else
			not_allowed(req);
	} else {
		not_found(req);
	}
}
