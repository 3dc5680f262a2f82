/*
 * http.h - the HTTP layer: the server, replies, security headers, the
 * request log, streamed replies and the small helpers page modules need
 * (headers, cookies, the peer address, query strings, the body).
 *
 * Only http.c (and the connection limits of connlimit.c) include
 * <event2/http.h>: page modules hold a request as an opaque
 * `struct evhttp_request *` and go through these functions.  Every
 * request gets exactly one reply: http_reply(), http_fail(),
 * http_redirect() or the end of a streamed reply.
 */
#ifndef RECUEIL_HTTP_H
#define RECUEIL_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include "errpage.h"
#include "server.h"

struct evhttp_request;
struct evbuffer;

/* What the server calls for every request that passed the transport's
 * checks (URI length, shutdown); it must reply. */
typedef void (*http_handler)(struct server *srv, struct evhttp_request *req);

/*
 * Create the evhttp server on srv->base with the limits of srv->cfg, bind
 * it and print "listening on http://ADDR:PORT/" on stderr; requests go to
 * `handler`.  Returns 0, or -1 with a message in err.
 */
int http_start(struct server *srv, http_handler handler, char *err,
    size_t errlen);

/*
 * The hot page (the form page of GET /r/CODE): `page` appends to `body`
 * the page at `path` and returns 0, or returns -1, having appended
 * nothing, for the request to go the ordinary way (the handler).  It must
 * give exactly what the handler would give a GET of `path` without query
 * or cookie, with status 200 and the HTML type.  Set before http_start.
 *
 * The HTTP layer offers it the plain keep-alive GETs (hotreq.h) that
 * arrive whole at the start of an idle connection (connlimit.h) and
 * writes the reply itself, with the same bytes as http_reply(): the
 * request never reaches evhttp's parser.  Everything else, and anything
 * `page` refuses, goes to evhttp as before.
 */
typedef int (*http_hot_page)(struct server *srv, const char *path,
    struct evbuffer *body);
void http_set_hot_page(http_hot_page page);

/* Stop accepting new connections (on SIGTERM, before draining). */
void http_stop_accepting(struct server *srv);

/* Free the evhttp server. */
void http_free(struct server *srv);

/* Content types for http_reply. */
#define HTTP_HTML "text/html; charset=utf-8"
#define HTTP_TEXT "text/plain; charset=utf-8"
#define HTTP_CSV "text/csv; charset=utf-8"
#define HTTP_SVG "image/svg+xml"

/* ---- replies ----------------------------------------------------------- */

/*
 * Send `body` (may be NULL; not freed) with `status` and the security
 * headers of every page (Date, Content-Type, CSP with frame-ancestors
 * 'none', nosniff, no-referrer, Cache-Control: no-store unless already
 * set, and Content-Disposition: attachment for CSV).  A 200 HTML page
 * without headers of its own takes a preformatted path (same bytes).  The
 * reply to a HEAD has the headers only.
 */
void http_reply(struct evhttp_request *req, int status,
    const char *content_type, struct evbuffer *body);

/*
 * Add the headers of every reply (as http_reply) without sending: for the
 * streamed replies, and for tests/unit/test_headers.c.
 */
void http_headers(struct evhttp_request *req, const char *content_type);

/* http_reply() of an HTML page, then free `body`. */
void http_reply_html(struct evhttp_request *req, int status,
    struct evbuffer *body);

/*
 * The human error page of `kind` (errpage.h) with its status: the one way
 * to answer an error.  http_fail() speaks the request's language (see
 * http_set_request_lang); `english` forces English (a form page in
 * English); `detail` (may be NULL) follows the text.
 */
void http_fail(struct evhttp_request *req, enum errpage kind);
void http_fail_lang(struct evhttp_request *req, enum errpage kind,
    int english, const char *detail);

/* 303 See Other to `location` (a path or URL, sent as is). */
void http_redirect(struct evhttp_request *req, const char *location);

/*
 * The Content-Security-Policy header's value (borrowed).  Inline style
 * sheets are allowed by hash only: the public style sheet of html.c is
 * always in; another module's <style> content must be registered with
 * http_csp_add_style() (exact bytes between the tags) before http_start.
 */
const char *http_csp(void);
void http_csp_add_style(const char *css, size_t len);

/*
 * Allow an inline script by its hash (exact bytes between the tags),
 * before http_start; the policy then also allows fetch() to our own
 * origin (connect-src 'self').
 */
void http_csp_add_script(const char *js, size_t len);

/*
 * The cookie that keeps a person's language choice ("fr" or "en"), set by
 * the /langue page (lang_page.c).
 */
#define HTTP_LANG_COOKIE "lang"

/*
 * Set the calling thread's language (i18n.h) for this request: ?lang=fr|en,
 * else the lang cookie, else French (i18n_request_lang).  Called for every
 * request before its handler; jobs and streams keep it (jobq.h).
 */
void http_set_request_lang(struct evhttp_request *req);

/* ---- streamed replies -------------------------------------------------- */

/*
 * A reply produced off the event loop, sent as it comes with flow
 * control: `run` is called on a worker of the streams' job queue (jobq.h)
 * and writes with `write(w, buf, len)` (which returns -1 once the client
 * has gone: `run` should then stop); it returns 0, or a negative code with
 * a message in err.  When it fails before writing anything, `failed` (on
 * the loop thread) replies with an error page instead; when it fails
 * later, the reply is cut short.  Once everything is over, `done` (may be
 * NULL) frees `arg`.  Memory stays flat: the worker waits while a quarter
 * of a megabyte is in flight.  At exit (http_free), running producers are
 * told to stop and their workers joined.
 */
struct http_stream_spec {
	const char *content_type;
	const char *filename;            /* Content-Disposition: attachment,
	                                    UTF-8 (an ASCII twin is made);
	                                    NULL: shown inline (a page) */
	int (*run)(void *arg, int (*write)(void *w, const void *buf,
	    size_t len), void *w, char *err, size_t errlen);
	void (*failed)(struct evhttp_request *req, int rc, const char *err,
	    void *arg);
	void (*done)(void *arg);
	void *arg;
};

/*
 * Start a streamed reply.  At most four run at once (a worker each; see
 * http_streams_running).  Returns 0, or -1 (nothing was sent, `done` was
 * not called: reply and free yourself).
 */
int http_stream_run(struct server *srv, struct evhttp_request *req,
    const struct http_stream_spec *spec);

/* Streamed replies not yet over (loop thread); refuse a new one when
 * there are HTTP_STREAMS_MAX. */
#define HTTP_STREAMS_MAX 4
int http_streams_running(void);

/* ---- the request ------------------------------------------------------- */

enum http_method {
	HTTP_GET = 0x1, HTTP_HEAD = 0x2, HTTP_POST = 0x4, HTTP_OTHER = 0x8
};

enum http_method http_method(struct evhttp_request *req);

/* The request path (not decoded), borrowed from the request. */
const char *http_path(struct evhttp_request *req);

/* The request URI as sent (path and query), borrowed; may be NULL. */
const char *http_uri(struct evhttp_request *req);

/* The raw query string (after '?'), borrowed; NULL when there is none. */
const char *http_query_string(struct evhttp_request *req);

/*
 * Query parameter `key`, decoded (strictly, as urlenc.h does), or NULL
 * when absent or malformed.  The caller frees it with free(3).
 */
char *http_query(struct evhttp_request *req, const char *key);

/* Request header `name` (borrowed), or NULL. */
const char *http_header(struct evhttp_request *req, const char *name);

/* Add reply header `name: value` (both copied). */
void http_header_add(struct evhttp_request *req, const char *name,
    const char *value);

/*
 * Whether the request's Content-Type is `want` (case-insensitive, maybe
 * followed by parameters).
 */
int http_content_type_is(struct evhttp_request *req, const char *want);

/*
 * Copy the request body into a NUL-terminated string (*len bytes) when it
 * is at most `max` bytes; NULL when larger (reply 413).  Caller frees.
 */
char *http_body(struct evhttp_request *req, size_t max, size_t *len);

/*
 * Cookie `name` of the request into out[0..outlen).  Returns 0, or -1
 * when absent or too long.
 */
int http_cookie(struct evhttp_request *req, const char *name, char *out,
    size_t outlen);

/*
 * Set cookie `name=value` for `path`, HttpOnly and SameSite=Strict,
 * with Max-Age when max_age >= 0 and Secure when `secure`.  The header's
 * copy of the value is wiped after use.
 */
void http_cookie_set(struct evhttp_request *req, const char *name,
    const char *value, const char *path, int max_age, int secure);

/* `s` percent-encoded for a query string (caller frees), or NULL. */
char *http_uri_encode(const char *s);

/*
 * The client's address as a rate-limit key ("a:ADDR"): the peer's, or for
 * a peer listed in trusted_proxies, the rightmost address of
 * X-Forwarded-For that is not a trusted proxy (connlimit_client_addr).
 * Never log or store it (the login limit stores a keyed hash only).
 */
void http_peer_key(struct evhttp_request *req, char *out, size_t len);

#endif
