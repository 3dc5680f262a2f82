/*
 * route.h - routes as data, and the one decision made from them.
 *
 * Each page module exports a table of routes (method, path, the role it
 * needs, the body it takes, whether the session's CSRF token must be in
 * that body); web.c registers the tables in one place and asks
 * route_decide() what to do with each request.  Session, role, 404 and
 * 405 are decided here, once, for every path.  No evhttp_set_cb() is used:
 * libevent would match those on the percent-decoded path ("/%61dmin"
 * reaching "/admin"), so every request comes through one generic callback
 * and is matched here on its path as sent (http_path); authorisation is
 * never decided by a path prefix anywhere else, and no handler checks a
 * role itself.
 *
 * This module is pure (no libevent, no database): tests/unit/test_route.c
 * drives route_decide() with tables of requests.
 */
#ifndef RECUEIL_ROUTE_H
#define RECUEIL_ROUTE_H

#include <stddef.h>

#include "errpage.h"

/* Methods, as bits (the same values as http.h's enum http_method). */
#define ROUTE_GET  0x1u
#define ROUTE_HEAD 0x2u
#define ROUTE_POST 0x4u
#define ROUTE_PAGE (ROUTE_GET | ROUTE_HEAD)   /* a page: GET and HEAD */

/* Who may use a route, in increasing order of rights. */
enum route_role {
	ROUTE_ANYONE,          /* no session needed (none is read) */
	ROUTE_STAFF,           /* any signed-in account */
	ROUTE_COORDINATOR      /* coordinators only */
};

/* The body a POST route takes; the dispatcher parses it. */
enum route_body {
	ROUTE_NO_BODY,
	ROUTE_FORM,            /* application/x-www-form-urlencoded */
	ROUTE_MULTIPART        /* multipart/form-data (uploads) */
};

/* The longest {param} segment a path may carry. */
#define ROUTE_PARAM_MAX 31

struct page;

struct route {
	unsigned methods;          /* ROUTE_GET | ROUTE_HEAD | ROUTE_POST */
	const char *path;          /* exact, or with one "{name}" segment */
	enum route_role role;
	enum route_body body;
	size_t body_max;           /* ROUTE_FORM: bytes; multipart: 0 = the
	                              server's upload limit */
	int csrf;                  /* the session's CSRF token is in the body */
	void (*handle)(struct page *p);
};

/*
 * One module's routes.  `area` is the path they live under ("" for the
 * public pages, "/admin" for the staff pages): a path that matches no
 * route is answered with the not-found page of the longest area it lies
 * in, after a session when that area needs one (so an unknown staff path
 * tells nothing to someone who is not signed in).
 */
struct route_table {
	const char *area;
	enum route_role area_role;
	enum errpage not_found;
	const struct route *routes;
	size_t n;
};

/* Who sent the request, as far as the dispatcher knows. */
enum route_who {
	ROUTE_WHO_UNKNOWN,          /* the session has not been read yet */
	ROUTE_WHO_NOBODY,           /* no valid session */
	ROUTE_WHO_PROFESSIONAL,
	ROUTE_WHO_COORDINATOR
};

enum route_verdict {
	ROUTE_RUN,                  /* call d->route->handle */
	ROUTE_NEED_SESSION,         /* read the session, decide again */
	ROUTE_LOGIN,                /* 303 to the login page */
	ROUTE_FORBIDDEN,            /* 403 */
	ROUTE_NOT_FOUND,            /* 404: d->not_found says which page */
	ROUTE_NOT_ALLOWED           /* 405 */
};

struct route_decision {
	enum route_verdict verdict;
	const struct route *route;          /* ROUTE_RUN */
	enum errpage not_found;             /* ROUTE_NOT_FOUND */
	char param[ROUTE_PARAM_MAX + 1];    /* the {name} segment, or "" */
};

/*
 * Decide what to do with a request of `method` (one ROUTE_* bit) for the
 * decoded `path`, over `n` tables.  With ROUTE_WHO_UNKNOWN, the verdict is
 * ROUTE_NEED_SESSION whenever the answer depends on the session: read it
 * and call again with what was found.  Order of the checks (the staff
 * pages' contract): session, then 404, then role (403), then method (405).
 * An exact path wins over a path with a {param}.  Fills and returns *d.
 */
const struct route_decision *route_decide(const struct route_table *const *tables,
    size_t n, unsigned method, const char *path, enum route_who who,
    struct route_decision *d);

#endif
