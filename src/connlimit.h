/*
 * connlimit.h - connection limits of the HTTP server, for what evhttp 2.1
 * lacks: a cap on open connections (evhttp_set_max_connections is 2.2
 * only), a deadline per request (evhttp_set_timeout is only an idle
 * timeout), and accept errors and log messages that cannot flood the
 * journal (when descriptors run out, evhttp's listener retries at once and
 * logs "Too many open files" in a tight loop).
 *
 * - Open connections are counted (evhttp_set_bevcb when one is accepted,
 *   its close callback when it goes).  The cap is cfg->max_connections,
 *   lowered to what RLIMIT_NOFILE allows.  At the cap, a new connection
 *   closes the one that has waited longest for a request (an idle
 *   keep-alive connection, or one that never sent a byte), so that idle
 *   sockets cannot lock other clients out; only when every connection is
 *   in the middle of a request is the listener paused
 *   (evconnlistener_disable), further clients waiting in the kernel's
 *   backlog until one closes.
 * - At most cfg->max_conns_per_addr connections (0: no limit) from one
 *   address: a new one beyond that closes the longest-waiting connection
 *   of the same address, or itself when there is none.  Peers listed in
 *   trusted_proxies (the reverse proxy) are exempt: behind a proxy every
 *   connection comes from it, and per-client limits are the proxy's job.
 * - A connection waiting for a request (fresh, or between keep-alive
 *   requests) must send its first byte within cfg->first_byte_timeout
 *   seconds (at most idle_timeout), else it is closed without a reply.
 *   Once a byte has come, the request must arrive whole (request line,
 *   headers and body) within cfg->idle_timeout seconds, else the client
 *   gets 408 and the connection is closed: evhttp's own timeout is only an
 *   idle timeout, which a client sending one byte a second never triggers.
 *   The clock stops while a handler holds the request (a submission
 *   waiting for its batch) and a connection is never cut while a reply is
 *   still being written.
 * - The CONNLIMIT_MAX_REQUESTS-th request of a keep-alive connection is
 *   answered with "Connection: close" and the connection is closed after
 *   that reply (nginx's keepalive_requests), so that no client holds a
 *   connection forever and none is ever refused for it.
 * - accept(2) failures (EMFILE when descriptors run out) pause the listener
 *   for a second instead of spinning; those and libevent's own messages
 *   go through a rate-limited logger.
 *
 * Everything runs on the event loop's thread.
 */
#ifndef RECUEIL_CONNLIMIT_H
#define RECUEIL_CONNLIMIT_H

#include <stddef.h>

struct config;
struct evbuffer;
struct event_base;
struct evhttp;
struct evhttp_bound_socket;
struct evhttp_request;
struct connlimit;

/* Pages of our own refusals (connlimit_set_page). */
#define CONNLIMIT_PAGES 4

/* Requests served on one keep-alive connection before it is closed. */
#define CONNLIMIT_MAX_REQUESTS 1000

/*
 * Install the limits on `http` (before it accepts anything) and on the
 * listener of `bound`.  `page408` (len bytes, a whole HTTP response) is
 * written to clients whose request missed its deadline; it is copied.
 * Returns the state, freed by connlimit_free() after evhttp_free().
 */
struct connlimit *connlimit_new(struct event_base *base, struct evhttp *http,
    struct evhttp_bound_socket *bound, const struct config *cfg,
    const char *page408, size_t len);

/*
 * A handler starts on `req`: stop its connection's deadline; on the
 * connection's last request, add "Connection: close" to the reply's
 * headers.  Returns 0 (kept an int for callers that test it).
 */
int connlimit_request_begin(struct connlimit *l, struct evhttp_request *req);

/* A reply to `req` is being sent: restart its connection's deadline. */
void connlimit_request_end(struct connlimit *l, struct evhttp_request *req);

/*
 * The client's address for `req`, as text in out[0..len): the peer, or,
 * when the peer is in trusted_proxies, the rightmost address of
 * X-Forwarded-For that is not (netaddr_client).  For rate limits only:
 * never log or store it.
 */
void connlimit_client_addr(struct evhttp_request *req, char *out,
    size_t len);

/* The listener is going away (SIGTERM): never touch it again. */
void connlimit_stop(struct connlimit *l);

/*
 * The whole HTTP response (len bytes, copied) written instead of
 * libevent's own page when a request is refused before evhttp parses it:
 * 405 for a method other than GET, POST and HEAD, 413 for a head longer
 * than max_header_size or a Content-Length over the body limit.  Without
 * a page for the status, the connection is closed without a reply.
 */
void connlimit_set_page(struct connlimit *l, int status, const char *data,
    size_t len);

/*
 * The hot path (http.c): `fn` may answer a request itself, before evhttp
 * reads it.  It is offered a connection's input buffer once the head of
 * its next request has arrived, if evhttp has read nothing of that
 * request, every earlier reply has been written out, no handler holds the
 * connection and the request is not the connection's last one
 * (CONNLIMIT_MAX_REQUESTS).  It returns the length of the whole request at
 * the start of `in` that it answered, its whole reply appended to `out`,
 * or 0 to leave the request to evhttp.  The connection then goes on as
 * after any reply: the request counted, the deadline restarted, the next
 * request read by the hot path or evhttp.
 */
typedef size_t (*connlimit_hot_fn)(void *arg, struct evbuffer *in,
    struct evbuffer *out);
void connlimit_set_hot(struct connlimit *l, connlimit_hot_fn fn, void *arg);

/* Free the state (NULL allowed). */
void connlimit_free(struct connlimit *l);

/* Open connections now, and the effective cap (for tests and logs). */
int connlimit_open_connections(const struct connlimit *l);
int connlimit_cap(const struct connlimit *l);

/* Connections closed so far to make room for others. */
unsigned long connlimit_evicted(const struct connlimit *l);

/*
 * Route libevent's log messages through a rate-limited logger (at most a
 * few lines a minute, then a count of what was suppressed).
 */
void connlimit_log_init(void);

/* printf to stderr through the same rate limit. */
void connlimit_logf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
