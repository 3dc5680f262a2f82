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

#endif
