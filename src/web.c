/*
 * web.c - the dispatcher (see web.h).
 *
 * Every request that passed the transport's checks comes here.  The route
 * tables of the page modules decide what happens (route_decide); this file
 * only carries the decision out: it reads the session when the decision
 * needs it, sends people who are not signed in to the login page, answers
 * 403, 404 and 405, parses the body of a POST and checks its CSRF token
 * against the session, then calls the handler.  Handlers never check a
 * role or a token themselves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "admin.h"
#include "admin_paper.h"
#include "admin_editor.h"
#include "admin_people.h"
#include "admin_preview.h"
#include "auth.h"
#include "config.h"
#include "http.h"
#include "lang_page.h"
#include "multipart.h"
#include "page.h"
#include "public.h"
#include "public_hot.h"
#include "public_media.h"
#include "route.h"
#include "store.h"
#include "urlenc.h"
#include "util.h"
#include "web.h"

/* The one registry of routes. */
static const struct route_table *const tables[] = {
	&public_routes,
	&public_media_routes,
	&admin_routes,
	&admin_meeting_routes,
	&admin_export_routes,
	&admin_preview_routes,
	&admin_report_routes,
	&lang_routes,
	&admin_editor_routes,
	&admin_people_routes,
	&admin_paper_routes,
};

const struct route_table *const *
web_routes(size_t *n)
{
	*n = sizeof(tables) / sizeof(tables[0]);
	return tables;
}

/*
 * The hot path's page (http_set_hot_page): the path goes through the
 * route tables as web_handle would take it, and only the public form's
 * route is answered there (by public_hot.c, which leaves anything out of
 * the ordinary to web_handle).
 */
static int
web_hot(struct server *srv, const char *path, struct evbuffer *body)
{
	struct route_decision d;
	size_t n;
	const struct route_table *const *t = web_routes(&n);

	route_decide(t, n, ROUTE_GET, path, ROUTE_WHO_UNKNOWN, &d);
	if (d.verdict != ROUTE_RUN || !public_hot_is_form(d.route))
		return -1;
	return public_hot_form(srv, d.param, body);
}

int
web_init(struct server *srv, char *err, size_t errlen)
{
	http_set_hot_page(web_hot);
	if (admin_init(srv, err, errlen) < 0)
		return -1;
	admin_paper_init();
	return admin_report_init(srv, err, errlen);
}

void
web_stop(void)
{
	admin_stop();
}

/* ---- sessions --------------------------------------------------------- */

void
page_who_copy(struct page_who *to, const struct page_who *from)
{
	*to = *from;
	to->ctx.user = to->session.user;
	to->ctx.csrf = to->csrf;
}

int
page_session(struct server *srv, struct evhttp_request *req,
    struct page_who *who)
{
	char token[AUTH_TOKEN_TEXT_LEN + 8];
	int rc;

	memset(who, 0, sizeof(*who));
	if (http_cookie(req, PAGE_SESSION_COOKIE, token, sizeof(token)) < 0 ||
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
	who->ctx.here = http_uri(req);
	return who->role == AUTH_NONE ? 1 : 0;
}

/* 303 to the login page, coming back to this page afterwards. */
static void
to_login(struct evhttp_request *req)
{
	const char *uri = http_uri(req);
	char *enc, *loc;

	if (http_method(req) != HTTP_GET || !auth_next_ok(uri)) {
		http_redirect(req, "/admin/login");
		return;
	}
	enc = http_uri_encode(uri);
	loc = xasprintf("/admin/login?next=%s", enc != NULL ? enc : "%2Fadmin%2F");
	http_redirect(req, loc);
	free(loc);
	free(enc);
}

/* ---- bodies ----------------------------------------------------------- */

/* A parsed body and what it borrows from. */
struct body {
	char *raw;
	size_t len;
	struct urlenc form;
	struct multipart parts;
};

/*
 * Parse the body the route takes, or reply (415, 413, 400) and return -1.
 * Release `b` in both cases.
 */
static int
body_read(struct page *p, const struct route *r, struct body *b)
{
	int multi = r->body == ROUTE_MULTIPART;
	size_t max = multi && r->body_max == 0 ? p->srv->cfg->max_upload_size :
	    r->body_max;
	enum errpage e = ERR_COUNT;

	if (!http_content_type_is(p->req, multi ? "multipart/form-data" :
	    "application/x-www-form-urlencoded"))
		e = ERR_POST_NOT_FORM;
	else if ((b->raw = http_body(p->req, max, &b->len)) == NULL)
		e = multi ? ERR_UPLOAD_TOO_LARGE : ERR_POST_TOO_LARGE;
	else if (multi && multipart_parse(&b->parts,
	    http_header(p->req, "Content-Type"), b->raw, b->len, 16) < 0)
		e = ERR_UPLOAD_MALFORMED;
	else if (!multi && urlenc_parse(&b->form, b->raw, b->len, 64, max) !=
	    URLENC_OK)
		e = ERR_POST_MALFORMED;
	if (e != ERR_COUNT) {
		http_fail(p->req, e);
		return -1;
	}
	if (multi)
		p->parts = &b->parts;
	else
		p->form = &b->form;
	return 0;
}

/* Wipe and free a body: it may hold a password. */
static void
body_release(struct body *b)
{
	for (size_t i = 0; i < b->form.n; i++)
		explicit_bzero(b->form.pairs[i].value,
		    strlen(b->form.pairs[i].value));
	urlenc_release(&b->form);
	multipart_release(&b->parts);
	if (b->raw != NULL)
		explicit_bzero(b->raw, b->len);
	free(b->raw);
}

/* Whether the body carries the session's CSRF token. */
static int
csrf_ok(const struct page *p)
{
	char tok[65];
	const struct multipart_part *part;

	if (p->form != NULL)
		return auth_csrf_ok(p->who->session.csrf,
		    urlenc_get(p->form, "csrf"));
	if (p->parts == NULL)
		return 0;       /* a route with a token must take a body */
	part = multipart_get(p->parts, "csrf");
	if (part == NULL || part->len >= sizeof(tok))
		return 0;
	memcpy(tok, part->data, part->len);
	tok[part->len] = '\0';
	return auth_csrf_ok(p->who->session.csrf, tok);
}

/* ---- dispatch --------------------------------------------------------- */

static enum route_who
who_of(const struct page_who *who)
{
	return who->role == AUTH_COORDINATOR ? ROUTE_WHO_COORDINATOR :
	    ROUTE_WHO_PROFESSIONAL;
}

/* Parse the body, check the token, call the handler. */
static void
run(struct page *p, const struct route *r)
{
	struct body b;

	if (r->body == ROUTE_NO_BODY && !r->csrf) {
		r->handle(p);
		return;
	}
	memset(&b, 0, sizeof(b));
	if (r->body != ROUTE_NO_BODY && body_read(p, r, &b) < 0)
		goto done;
	if (r->csrf && (p->who == NULL || !csrf_ok(p))) {
		http_fail(p->req, ERR_CSRF);
		goto done;
	}
	r->handle(p);
done:
	body_release(&b);
}

void
web_handle(struct server *srv, struct evhttp_request *req)
{
	struct route_decision d;
	struct page_who who;
	struct page p = { srv, req, "", NULL, NULL, NULL };
	const char *path = http_path(req);
	unsigned m = (unsigned)http_method(req);
	size_t n;
	const struct route_table *const *t = web_routes(&n);
	int rc;

	route_decide(t, n, m, path, ROUTE_WHO_UNKNOWN, &d);
	if (d.verdict == ROUTE_NEED_SESSION) {
		if ((rc = page_session(srv, req, &who)) < 0) {
			http_fail(req, ERR_UNAVAILABLE);
			return;
		}
		if (rc == 0)
			p.who = &who;
		route_decide(t, n, m, path, rc == 0 ? who_of(&who) :
		    ROUTE_WHO_NOBODY, &d);
	}
	switch (d.verdict) {
	case ROUTE_RUN:
		/* A temporary password is changed before anything else. */
		if (p.who != NULL && who.session.must_change &&
		    !admin_people_must_change_allows(d.route->path)) {
			http_redirect(req, "/admin/password");
			break;
		}
		p.param = d.param;
		run(&p, d.route);
		break;
	case ROUTE_LOGIN:
		to_login(req);
		break;
	case ROUTE_FORBIDDEN:
		http_fail(req, ERR_FORBIDDEN);
		break;
	case ROUTE_NOT_FOUND:
		http_fail(req, d.not_found);
		break;
	case ROUTE_NOT_ALLOWED:
	case ROUTE_NEED_SESSION:
		http_fail(req, ERR_NOT_ALLOWED);
		break;
	}
}
