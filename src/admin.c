/*
 * admin.c - the staff pages under /admin/ (see admin.h): login, logout,
 * forms; the meetings are in admin_meeting.c, the exports page and its
 * downloads in admin_export.c.
 *
 * Who may see what is declared in the route table at the end of this
 * file and decided by the dispatcher (web.c, route.h) for every path,
 * before any handler here runs: coordinators manage forms and meetings
 * and see everything; professionals see the meetings, their results and
 * the exports.  The CSRF token of every state-changing POST is checked
 * there too, except the login form's, which exists before any session and
 * is checked here (a double-submit cookie).
 *
 * Slow or writing work (argon2id checks, sessions, meetings) runs in the
 * worker pool (pool.h) with its own database connections; the reply is
 * sent from the job's done callback on the loop thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>
#include <sodium.h>

#include "admin.h"
#include "admin_editor.h"
#include "admin_int.h"
#include "admin_preview.h"
#include "auth.h"
#include "config.h"
#include "diag.h"
#include "form.h"
#include "html_admin.h"
#include "html_meeting.h"
#include "i18n.h"
#include "http.h"
#include "multipart.h"
#include "page.h"
#include "pool.h"
#include "registry.h"
#include "store.h"
#include "urlenc.h"
#include "util.h"

#define LOGIN_COOKIE "recueil_login"   /* the login form's CSRF token */
#define MAX_LOGIN_BODY 8192
#define MAX_SMALL_BODY 4096            /* logout */
#define POOL_THREADS 2      /* also the cap on concurrent argon2id checks */
#define POOL_QUEUE 64
#define USER_MAX_FAILURES 5
#define ADDR_MAX_FAILURES 30
#define FAILURE_WINDOW 900  /* seconds */

static struct {
	struct pool *pool;
} st;

int
admin_init(struct server *srv, char *err, size_t errlen)
{
	const char *css;
	size_t len;

	(void)srv;
	(void)err;
	(void)errlen;
	/* The public style sheet first, then ours. */
	(void)http_csp();
	for (int i = 0; (css = html_admin_style(i, &len)) != NULL; i++)
		http_csp_add_style(css, len);
	for (int i = 0; (css = html_meeting_style(i, &len)) != NULL; i++)
		http_csp_add_style(css, len);
	css = html_meeting_script(&len);
	http_csp_add_script(css, len);
	return 0;
}

/*
 * Submit a job to the worker pool, started on first use (its threads and
 * database connections cost nothing to a daemon nobody signs in to).
 * Returns 0, or -1 when the job cannot run (the caller replies 503).
 */
int
admin_pool_run(struct server *srv, struct pool_job *job)
{
	char err[512];

	if (st.pool == NULL) {
		st.pool = pool_start(srv->cfg->db, srv->base, POOL_THREADS,
		    POOL_QUEUE, err, sizeof(err));
		if (st.pool == NULL) {
			fprintf(stderr, "recueild: admin: %s\n", err);
			return -1;
		}
	}
	return pool_submit(st.pool, job);
}

void
admin_stop(void)
{
	if (st.pool == NULL)
		return;
	pool_stop(st.pool);
	st.pool = NULL;
}

static void
session_cookie(struct server *srv, struct evhttp_request *req,
    const char *token, int lifetime)
{
	http_cookie_set(req, PAGE_SESSION_COOKIE, token, "/admin", lifetime,
	    srv->cfg->cookie_secure);
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
	char got[AUTH_TOKEN_TEXT_LEN + 8];
	unsigned char raw[AUTH_TOKEN_LEN];

	if (http_cookie(req, LOGIN_COOKIE, got, sizeof(got)) == 0 &&
	    auth_token_raw(got, raw) == 0) {
		memcpy(text, got, AUTH_TOKEN_TEXT_LEN + 1);
		return;
	}
	auth_token_new(text, NULL);
	http_cookie_set(req, LOGIN_COOKIE, text, "/admin/login", -1,
	    srv->cfg->cookie_secure);
}

/* Whether a login POST carries the form's token matching its cookie. */
static int
login_csrf_ok(struct evhttp_request *req, const char *form_token)
{
	char got[AUTH_TOKEN_TEXT_LEN + 8];
	unsigned char raw[AUTH_TOKEN_LEN];
	int ok;

	if (http_cookie(req, LOGIN_COOKIE, got, sizeof(got)) < 0 ||
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
	http_reply_html(req, status, b);
}

enum login_result {
	LOGIN_ERROR = -1,
	LOGIN_REFUSED = 0,     /* wrong name or password */
	LOGIN_OK = 1,
	LOGIN_BLOCKED = 2,     /* too many failures for the account or address */
	LOGIN_FULL = 3,        /* the failure table is full: refused, not forgotten */
	LOGIN_DISABLED = 4     /* the right password of a disabled account */
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
	int must_change;       /* signed in with a temporary password */
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
	if (u.disabled) {
		j->result = LOGIN_DISABLED;
		goto done;
	}
	j->must_change = u.must_change;
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
		http_redirect(j->req, j->must_change ? "/admin/password" :
		    j->next != NULL ? j->next : "/admin/");
	} else if (j->result == LOGIN_DISABLED) {
		login_page(j->srv, j->req, 403, _("Ce compte est désactivé : "
		    "demandez à un coordinateur de le réactiver."), j->username,
		    j->next);
	} else if (j->result == LOGIN_BLOCKED) {
		login_page(j->srv, j->req, 429, _("Trop de tentatives de "
		    "connexion. Attendez un quart d'heure avant de réessayer."),
		    j->username, j->next);
	} else if (j->result == LOGIN_FULL) {
		login_page(j->srv, j->req, 429, _("Trop de tentatives de connexion "
		    "échouées ces derniers temps. Réessayez dans un quart d'heure."),
		    j->username, j->next);
	} else if (j->result == LOGIN_REFUSED) {
		login_page(j->srv, j->req, 401, _("Identifiant ou mot de passe "
		    "incorrect."), j->username, j->next);
	} else {
		http_fail(j->req, ERR_UNAVAILABLE);
	}
	login_job_free(j);
}


static void
post_login(struct page *p)
{
	const char *user = urlenc_get(p->form, "username");
	const char *pw = urlenc_get(p->form, "password");
	const char *next = urlenc_get(p->form, "next");
	const char *shown = user != NULL && strlen(user) <= 64 ? user : NULL;
	struct login_job *j;

	if (next != NULL && !auth_next_ok(next))
		next = NULL;
	if (!login_csrf_ok(p->req, urlenc_get(p->form, "csrf"))) {
		/* A fresh form (and cookie) to try again: nothing was checked. */
		login_page(p->srv, p->req, 403, _("La page de connexion a "
		    "expiré : saisissez à nouveau votre identifiant et votre mot "
		    "de passe."), shown, next);
		return;
	}
	if (user == NULL || pw == NULL || *user == '\0' || *pw == '\0' ||
	    strlen(user) > 64 || strlen(pw) > AUTH_PASSWORD_MAX) {
		login_page(p->srv, p->req, 401, _("Saisissez votre identifiant "
		    "et votre mot de passe."), shown, next);
		return;
	}
	j = xcalloc(1, sizeof(*j));
	/* The attempt is counted (or refused) in login_run, off the loop. */
	snprintf(j->user_key, sizeof(j->user_key), "u:%s", user);
	http_peer_key(p->req, j->addr_key, sizeof(j->addr_key));
	j->entries = p->srv->cfg->login_limit_entries;
	j->job.run = login_run;
	j->job.done = login_done;
	j->srv = p->srv;
	j->req = p->req;
	j->username = xstrdup(user);
	j->password = xstrdup(pw);
	j->next = next != NULL ? xstrdup(next) : NULL;
	j->lifetime = p->srv->cfg->session_lifetime;
	if (admin_pool_run(p->srv, &j->job) < 0) {
		login_job_free(j);
		http_fail(p->req, ERR_UNAVAILABLE);
	}
}

static void
get_login(struct page *p)
{
	struct page_who who;
	char *next = http_query(p->req, "next");

	if (next != NULL && !auth_next_ok(next)) {
		free(next);
		next = NULL;
	}
	if (page_session(p->srv, p->req, &who) == 0) {
		http_redirect(p->req, next != NULL ? next : "/admin/");
		free(next);
		return;
	}
	login_page(p->srv, p->req, 200, NULL, NULL, next);
	free(next);
}

static void
to_home(struct page *p)
{
	http_redirect(p->req, "/admin/");
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
	struct page_who who;
};

static void
write_job_free(struct write_job *j)
{
	free(j);
}

static struct write_job *
write_job_new(struct page *p, void (*run)(struct pool_job *, struct store *),
    void (*done)(struct pool_job *))
{
	struct write_job *j = xcalloc(1, sizeof(*j));

	j->job.run = run;
	j->job.done = done;
	j->srv = p->srv;
	j->req = p->req;
	if (p->who != NULL)
		page_who_copy(&j->who, p->who);
	return j;
}

static void
submit(struct evhttp_request *req, struct write_job *j)
{
	if (admin_pool_run(j->srv, &j->job) < 0) {
		write_job_free(j);
		http_fail(req, ERR_UNAVAILABLE);
	}
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
		http_fail(j->req, ERR_UNAVAILABLE);
	} else {
		session_cookie(j->srv, j->req, "", 0);
		http_redirect(j->req, "/admin/login");
	}
	write_job_free(j);
}

static void
post_logout(struct page *p)
{
	struct write_job *j = write_job_new(p, logout_run, logout_done);

	memcpy(j->id, p->who->id, sizeof(j->id));
	submit(p->req, j);
}

/* ---- forms ------------------------------------------------------------ */

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


void
admin_forms_page(struct page *p, int status, const struct diag *upload,
    const char *notice, const char *text)
{
	size_t n;
	const struct form **forms = admin_forms(p->srv, &n);
	struct evbuffer *b = evbuffer_new();
	struct evbuffer *drafts = admin_editor_drafts(p);

	html_admin_forms(b, &p->who->ctx, forms, n,
	    registry_last_diag(p->srv->forms), upload, notice, text, drafts);
	http_reply_html(p->req, status, b);
	if (drafts != NULL)
		evbuffer_free(drafts);
	free(forms);
}

static void
get_forms(struct page *p)
{
	admin_forms_page(p, 200, NULL, NULL, NULL);
}

/* A file name for messages: the upload's base name, or "formulaire.csv". */
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
	if (*base == '\0' || strlen(base) > 100 ||
	    !utf8_valid(base, strlen(base), NULL))
		return xstrdup("formulaire.csv");
	return xstrdup(base);
}

/* What an upload sent: a file, or text pasted in the page. */
struct upload {
	const char *content, *filename;
	size_t len;
	int pasted;
};

static int
upload_get(const struct multipart *mp, struct upload *u)
{
	const struct multipart_part *file = multipart_get(mp, "file");
	const struct multipart_part *text = multipart_get(mp, "text");

	memset(u, 0, sizeof(*u));
	if (file != NULL && file->len > 0) {
		u->content = file->data;
		u->len = file->len;
		u->filename = file->filename;
	} else if (text != NULL && text->len > 0) {
		u->content = text->data;
		u->len = text->len;
		u->pasted = 1;
	}
	return u->content != NULL ? 0 : -1;
}

/* The forms page again with the upload's problems (and pasted text). */
static void
upload_refused(struct page *p, int status, const struct upload *u,
    const char *file, struct diag *d)
{
	char *t = u->pasted ? xstrndup(u->content, u->len) : NULL;

	if (d->n_errors == 0)
		diag_add(d, DIAG_ERROR, file, 0, 0, _("le questionnaire a été refusé"));
	admin_forms_page(p, status, d, NULL, t);
	free(t);
}

/*
 * An upload, checked and kept on a worker of the pool: parsing a
 * 10,000-row definition takes most of a second, which the event loop must
 * not spend (every other client would wait).  run() parses and keeps the
 * bytes as the session's pending version; done() replies with its preview
 * (admin_preview.h): nothing is installed before "Publier".
 */
struct upload_job {
	struct pool_job job;
	struct server *srv;
	struct evhttp_request *req;
	struct page_who who;
	char *file, *content;
	size_t len;
	int pasted;
	struct form *f;
	struct diag d;
	int rc;                 /* 0 kept; 1 refused (422); -1 failed (500) */
	char err[512];
};

static void
upload_run(struct pool_job *job, struct store *s)
{
	struct upload_job *j = (struct upload_job *)job;
	int rc;

	j->rc = 1;
	/* A workbook (.xlsx, .ods) or a CSV file: the loader tells them
	 * apart by their content and names the cell of every problem. */
	j->f = form_parse(j->file, j->content, j->len, &j->d);
	if (j->f == NULL)
		return;
	rc = store_pending_put(s, j->who.id, j->file, j->content, j->len,
	    "/admin/forms", (int64_t)time(NULL));
	if (rc > 0)
		diag_add(&j->d, DIAG_ERROR, j->file, 0, 0, _("le fichier "
		    "dépasse 1 Mio : gardez-le plus petit"));
	if (rc < 0)
		snprintf(j->err, sizeof(j->err), "%s", store_error(s));
	j->rc = rc;
	if (rc != 0) {
		form_free(j->f);
		j->f = NULL;
	}
}

static void
upload_job_free(struct upload_job *j)
{
	form_free(j->f);
	diag_release(&j->d);
	free(j->file);
	free(j->content);
	free(j);
}

static void
upload_done(struct pool_job *job)
{
	struct upload_job *j = (struct upload_job *)job;
	struct page p = { j->srv, j->req, "", &j->who, NULL, NULL };
	struct upload u = { j->content, NULL, j->len, j->pasted };

	if (j->rc > 0) {
		upload_refused(&p, 422, &u, j->file, &j->d);
	} else if (j->rc < 0) {
		fprintf(stderr, "recueild: admin: %s\n", j->err);
		admin_forms_page(&p, 500, &j->d, NULL, NULL);
	} else
		admin_preview_reply(&p, 200, j->f, j->file, &j->d, NULL);
	upload_job_free(j);
}

static void
post_forms(struct page *p)
{
	struct upload u;
	struct upload_job *j;
	struct diag d;

	if (upload_get(p->parts, &u) < 0) {
		diag_init(&d);
		diag_add(&d, DIAG_ERROR, "formulaire.csv", 0, 0, _("aucun fichier "
		    "reçu : choisissez le fichier CSV, ou collez son contenu"));
		admin_forms_page(p, 422, &d, NULL, NULL);
		diag_release(&d);
		return;
	}
	j = xcalloc(1, sizeof(*j));
	j->job.run = upload_run;
	j->job.done = upload_done;
	j->srv = p->srv;
	j->req = p->req;
	page_who_copy(&j->who, p->who);
	j->file = upload_name(u.filename);
	j->content = xmalloc(u.len + 1);
	memcpy(j->content, u.content, u.len);
	j->content[u.len] = '\0';
	j->len = u.len;
	j->pasted = u.pasted;
	diag_init(&j->d);
	if (admin_pool_run(p->srv, &j->job) < 0) {
		upload_job_free(j);
		http_fail(p->req, ERR_UNAVAILABLE);
	}
}

/* ---- routes ----------------------------------------------------------- */

static const struct route routes[] = {
	{ ROUTE_PAGE | ROUTE_POST, "/admin", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0,
	    to_home },
	{ ROUTE_PAGE, "/admin/login", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0,
	    get_login },
	/* Its CSRF token is the login cookie's, checked by post_login. */
	{ ROUTE_POST, "/admin/login", ROUTE_ANYONE, ROUTE_FORM, MAX_LOGIN_BODY,
	    0, post_login },
	{ ROUTE_POST, "/admin/logout", ROUTE_STAFF, ROUTE_FORM, MAX_SMALL_BODY,
	    1, post_logout },
	{ ROUTE_PAGE, "/admin/forms", ROUTE_COORDINATOR, ROUTE_NO_BODY, 0, 0,
	    get_forms },
	{ ROUTE_POST, "/admin/forms", ROUTE_COORDINATOR, ROUTE_MULTIPART, 0, 1,
	    post_forms },
};

const struct route_table admin_routes = {
	"/admin", ROUTE_STAFF, ERR_STAFF_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};
