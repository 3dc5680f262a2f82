/*
 * admin.h - the staff pages under /admin/ (accounts, meetings, results,
 * exports, forms).
 */
#ifndef RECUEIL_ADMIN_H
#define RECUEIL_ADMIN_H

struct server;
struct evhttp_request;

/* Handle a request whose path starts with /admin; always replies. */
void admin_handle(struct server *srv, struct evhttp_request *req,
    const char *path);

/* Set up what the staff pages need before http_start (their style
 * sheets in the CSP). */
void admin_init(void);

/*
 * Finish the staff pages' pending work (logins, writes, downloads) and
 * stop their threads.  Call on the loop thread before freeing the loop.
 */
void admin_stop(void);

#endif
