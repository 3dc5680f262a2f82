/*
 * http.h - the HTTP layer: the only module that calls evhttp.
 *
 * struct server holds what every handler needs.  Handlers are thin: look
 * up -> parse and validate -> store -> render -> reply, and every request
 * gets exactly one reply, through http_reply() or http_error().
 */
#ifndef RECUEIL_HTTP_H
#define RECUEIL_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "token.h"

struct event_base;
struct evhttp;
struct evhttp_request;
struct evbuffer;
struct registry;
struct store;
struct writer;

struct server {
	struct event_base *base;
	struct evhttp *http;
	const struct config *cfg;
	struct store *store;        /* the loop thread's connection (reads) */
	struct registry *forms;
	struct writer *writer;
	unsigned char token_key[TOKEN_KEY_LEN];
	char *base_url;             /* public base URL, without final '/' */
	int stopping;
};

/*
 * Create the evhttp server on srv->base with the limits of srv->cfg, bind
 * it and print "listening on http://ADDR:PORT/" on stderr.  Returns 0, or
 * -1 with a message in err.
 */
int http_start(struct server *srv, char *err, size_t errlen);

/* Stop accepting new connections (on SIGTERM, before draining). */
void http_stop_accepting(struct server *srv);

/* Free the evhttp server. */
void http_free(struct server *srv);

/* Content types for http_reply. */
#define HTTP_HTML "text/html; charset=utf-8"
#define HTTP_TEXT "text/plain; charset=utf-8"
#define HTTP_CSV "text/csv; charset=utf-8"
#define HTTP_SVG "image/svg+xml"

/*
 * Send `body` (may be NULL) with `status` and the security headers of
 * every page.  The only way a handler replies, with http_error() and
 * http_redirect().
 */
void http_reply(struct evhttp_request *req, int status,
    const char *content_type, struct evbuffer *body);

/*
 * Add the headers of every reply (Content-Type, CSP, nosniff, no-referrer,
 * no framing, Cache-Control: no-store unless already set, and
 * Content-Disposition: attachment for CSV) without sending: for replies
 * streamed with evhttp_send_reply_start().  http_reply() calls it.
 */
void http_headers(struct evhttp_request *req, const char *content_type);

/*
 * A streamed reply: the status line and headers (as http_headers), then
 * evhttp_send_reply_chunk*() calls, then http_stream_end(), which also
 * lets the connection's limits (connlimit.h) run again.
 */
void http_stream_start(struct evhttp_request *req, int status,
    const char *content_type);
void http_stream_end(struct evhttp_request *req);

/*
 * The Content-Security-Policy header's value (borrowed).  Inline style
 * sheets are allowed by hash only: the public style sheet of html.c is
 * always in; another module's <style> content must be registered with
 * http_csp_add_style() (exact bytes between the tags) before http_start.
 */
const char *http_csp(void);
void http_csp_add_style(const char *css, size_t len);

/* A human error page (html_error) with `status`. */
void http_error(struct evhttp_request *req, int status, const char *title,
    const char *message, int codebox);

/* 303 See Other to `location` (a path or URL, sent as is). */
void http_redirect(struct evhttp_request *req, const char *location);

/*
 * Query parameter `key`, decoded (strictly, as urlenc.h does), or NULL
 * when absent or malformed.  The caller frees it with free(3).
 */
char *http_query(struct evhttp_request *req, const char *key);

/* The request path (not decoded), borrowed from the request. */
const char *http_path(struct evhttp_request *req);

/*
 * Copy the request body into a NUL-terminated string (*len bytes) when it
 * is at most `max` bytes; NULL when larger (reply 413).  Caller frees.
 */
char *http_body(struct evhttp_request *req, size_t max, size_t *len);

#endif
