/*
 * connlimit.h - connection limits of the HTTP server, for what evhttp 2.1
 * lacks: a cap on open connections (evhttp_set_max_connections is 2.2
 * only), a deadline per request (evhttp_set_timeout is only an idle
 * timeout), and accept errors and log messages that cannot flood the
 * journal (when descriptors run out, evhttp's listener retries at once and
 * logs "Too many open files" in a tight loop).
 *
 * - Open connections are counted (evhttp_set_bevcb when one is accepted,
 *   its close callback when it goes).  At the cap the listener is paused
 *   (evconnlistener_disable): further clients wait in the kernel's
 *   backlog and are served as soon as a connection closes.  The cap is
 *   cfg->max_connections, lowered to what RLIMIT_NOFILE allows.
 * - A request must arrive whole (request line, headers and body) within
 *   cfg->idle_timeout seconds of the previous reply or of the connection's
 *   start, else the client gets 408 and the connection is closed: evhttp's
 *   own timeout is only an idle timeout, which a client sending one byte a
 *   second never triggers.  The clock stops while a handler holds the
 *   request (a submission waiting for its batch) and restarts at its reply.
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
struct event_base;
struct evhttp;
struct evhttp_bound_socket;
struct evhttp_request;
struct connlimit;

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

/* The listener is going away (SIGTERM): never touch it again. */
void connlimit_stop(struct connlimit *l);

/* Free the state (NULL allowed). */
void connlimit_free(struct connlimit *l);

/* Open connections now, and the effective cap (for tests and logs). */
int connlimit_open_connections(const struct connlimit *l);
int connlimit_cap(const struct connlimit *l);

/*
 * Route libevent's log messages through a rate-limited logger (at most a
 * few lines a minute, then a count of what was suppressed).
 */
void connlimit_log_init(void);

/* printf to stderr through the same rate limit. */
void connlimit_logf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
