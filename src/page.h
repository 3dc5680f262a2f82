/*
 * page.h - what a page handler receives from the dispatcher (web.c).
 *
 * By the time a handler runs, the route tables (route.h) have decided
 * everything about the request's right to be there: the session exists
 * when the route needs one, the role allows the route, the CSRF token of
 * a state-changing POST matched, and the body was parsed.  The handler
 * looks up, validates, stores, renders and replies exactly once (http.h).
 */
#ifndef RECUEIL_PAGE_H
#define RECUEIL_PAGE_H

#include "auth.h"
#include "html_admin.h"
#include "store.h"

struct server;
struct evhttp_request;
struct urlenc;
struct multipart;

/* The session cookie of the staff pages. */
#define PAGE_SESSION_COOKIE "recueil_session"

/* The signed-in person of a request. */
struct page_who {
	unsigned char id[AUTH_ID_LEN];          /* session id (token hash) */
	struct session session;
	enum auth_role role;
	char csrf[AUTH_TOKEN_TEXT_LEN + 1];     /* CSRF token, text form */
	struct html_admin_ctx ctx;              /* points into this struct */
};

/*
 * Copy `from` into `to`, pointing to's rendering context at its own
 * strings (for a reply sent later from a job).
 */
void page_who_copy(struct page_who *to, const struct page_who *from);

struct page {
	struct server *srv;
	struct evhttp_request *req;
	const char *param;              /* the route's {param}, or "" */
	const struct page_who *who;     /* routes needing a session; else NULL */
	const struct urlenc *form;      /* ROUTE_FORM bodies; else NULL */
	const struct multipart *parts;  /* ROUTE_MULTIPART bodies; else NULL */
};

/*
 * The request's session, for the routes that need none but show something
 * else to someone signed in (the login page).  Returns 0 and fills `who`,
 * 1 when there is none, -1 on a database error.
 */
int page_session(struct server *srv, struct evhttp_request *req,
    struct page_who *who);

#endif
