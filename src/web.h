/*
 * web.h - the one place where the page modules' route tables are
 * registered, and the dispatcher that serves every request from them
 * (session, role, CSRF, 404 and 405 decided once; see route.h).
 *
 * Adding a page: write its handler, `static void f(struct page *p)`
 * (page.h), in its module; add a row to the module's route table with
 * the methods, the path ("/admin/meetings/{code}/report"), the role, the
 * body it takes and whether the session's CSRF token must be in it; a new
 * module exports its `struct route_table` and is listed in `tables[]` in
 * web.c.  The handler then only looks up, validates, stores, renders and
 * replies (http.h), with http_fail() and a kind of errpage.h for errors.
 */
#ifndef RECUEIL_WEB_H
#define RECUEIL_WEB_H

#include <stddef.h>

#include "route.h"

struct server;
struct evhttp_request;

/*
 * Set up the page modules before http_start (their style sheets in the
 * CSP, the staff pages' worker pool).  Returns 0, or -1 with a message in
 * err.
 */
int web_init(struct server *srv, char *err, size_t errlen);

/* Serve one request (the http_handler given to http_start). */
void web_handle(struct server *srv, struct evhttp_request *req);

/*
 * Finish the page modules' pending work and stop their threads.  Call on
 * the loop thread before freeing the loop.
 */
void web_stop(void);

/* The registered tables (for tests and listings): *n of them. */
const struct route_table *const *web_routes(size_t *n);

#endif
