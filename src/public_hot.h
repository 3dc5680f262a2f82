/*
 * public_hot.h - the form page of GET /r/CODE for the hot path of the HTTP
 * layer (http_set_hot_page): the same page that public.c's handler serves
 * to a request without query or cookie, written without evhttp's request
 * object.  Whenever anything is not plain (the meeting unknown, closed or
 * not cached, its form unavailable, the code not in its canonical form),
 * the request is left to the ordinary path, which answers it as before.
 */
#ifndef RECUEIL_PUBLIC_HOT_H
#define RECUEIL_PUBLIC_HOT_H

struct evbuffer;
struct route;
struct server;

/* Whether `r` is the route of the form page (public.c, "/r/{code}"). */
int public_hot_is_form(const struct route *r);

/*
 * The form page of the meeting `code` with a fresh token, appended to
 * `body`: 0, or -1 (nothing appended) for the ordinary path to answer.
 */
int public_hot_form(struct server *srv, const char *code,
    struct evbuffer *body);

#endif
