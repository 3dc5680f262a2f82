/*
 * connlimit.c - connection cap, request deadlines, accept errors and a
 * rate-limited log for the evhttp server (design in connlimit.h).
 *
 * How connections are seen.  libevent 2.1 has no "new connection" hook on
 * a server, but it asks our bevcb for each accepted connection's
 * bufferevent.  evhttp builds the connection around it right after, so a
 * callback activated from bevcb (it runs once the accept callback has
 * returned, before any byte is read) reads the connection back from the
 * bufferevent's callback argument and sets its close callback.  We hold a
 * reference on the bufferevent in between: if evhttp gave up on the
 * connection meanwhile, its callbacks are cleared and our reference is
 * the last one.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>

#include "config.h"
#include "connlimit.h"
#include "util.h"

struct conn {
	struct conn *prev, *next;
	struct conn *pending;             /* next one for bind_cb */
	struct connlimit *l;
	struct bufferevent *bev;
	struct evhttp_connection *evcon;  /* NULL until bound */
	struct event *deadline;
	unsigned requests;
	int busy;                         /* a handler holds a request */
};

struct connlimit;

/* The listener's error callback gets evhttp's argument, not ours. */
static struct connlimit *current;

struct connlimit {
	struct event_base *base;
	struct evconnlistener *listener;  /* NULL once stopped */
	struct conn *conns;
	struct conn *pending;             /* accepted, not bound yet */
	struct conn **slots;              /* bound ones by evcon (hash) */
	size_t n_slots;                   /* a power of two > 2 * cap */
	struct event *bind_ev;            /* binds fresh connections */
	struct event *resume_ev;          /* ends an accept-error pause */
	struct timeval timeout;
	char *page408;
	size_t len408;
	int open, cap;
	int paused_cap, paused_error;
};

/* ---- rate-limited log ------------------------------------------------- */

#define LOG_WINDOW 60   /* seconds */
#define LOG_BURST 10    /* lines per window */

static time_t log_start;
static unsigned log_lines, log_dropped;

static void
vlogf(const char *fmt, va_list ap)
{
	time_t now = time(NULL);

	if (now - log_start >= LOG_WINDOW) {
		if (log_dropped > 0)
			fprintf(stderr, "recueild: %u similar messages suppressed "
			    "in the last %d s\n", log_dropped, LOG_WINDOW);
		log_start = now;
		log_lines = log_dropped = 0;
	}
	if (log_lines >= LOG_BURST) {
		log_dropped++;
		return;
	}
	log_lines++;
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
connlimit_logf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlogf(fmt, ap);
	va_end(ap);
}

static void
event_log(int severity, const char *msg)
{
	if (severity == EVENT_LOG_DEBUG)
		return;
	connlimit_logf("recueild: libevent: %s", msg);
}

void
connlimit_log_init(void)
{
	event_set_log_callback(event_log);
}

/* ---- listener --------------------------------------------------------- */

static void
listener_update(struct connlimit *l)
{
	if (l->listener == NULL)
		return;
	if (l->paused_error || l->open >= l->cap)
		evconnlistener_disable(l->listener);
	else
		evconnlistener_enable(l->listener);
}

static void
resume_cb(evutil_socket_t fd, short what, void *arg)
{
	struct connlimit *l = arg;

	(void)fd;
	(void)what;
	l->paused_error = 0;
	listener_update(l);
}

/* accept(2) failed for a reason other than EAGAIN or EINTR. */
static void
accept_error_cb(struct evconnlistener *lev, void *arg)
{
	struct connlimit *l = current;
	int err = EVUTIL_SOCKET_ERROR();
	struct timeval pause = { 1, 0 };

	(void)lev;
	(void)arg;
	if (l == NULL)
		return;
	connlimit_logf("recueild: cannot accept a connection: %s (%d open): "
	    "pausing for 1 s", evutil_socket_error_to_string(err), l->open);
	l->paused_error = 1;
	listener_update(l);
	evtimer_add(l->resume_ev, &pause);
}

/* ---- connections ------------------------------------------------------ */

/*
 * Bound connections by their evhttp_connection: an open-addressing table
 * (linear probing, at most half full), so that each request finds its
 * record in O(1) instead of scanning the list of up to `cap` connections
 * (two scans a request were 2% of a GET's profile at 64 connections).
 */
static size_t
slot_of(const struct connlimit *l, const struct evhttp_connection *evcon)
{
	uintptr_t h = (uintptr_t)evcon;

	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ULL;
	h ^= h >> 29;
	return (size_t)h & (l->n_slots - 1);
}

static void
slot_put(struct connlimit *l, struct conn *c)
{
	size_t i = slot_of(l, c->evcon);

	while (l->slots[i] != NULL)
		i = (i + 1) & (l->n_slots - 1);
	l->slots[i] = c;
}

static struct conn *
slot_get(const struct connlimit *l, const struct evhttp_connection *evcon)
{
	size_t i = slot_of(l, evcon);

	for (; l->slots[i] != NULL; i = (i + 1) & (l->n_slots - 1))
		if (l->slots[i]->evcon == evcon)
			return l->slots[i];
	return NULL;
}

/* Remove `c` and shift back the entries of its probe run (no tombstones). */
static void
slot_del(struct connlimit *l, const struct conn *c)
{
	size_t mask = l->n_slots - 1, i = slot_of(l, c->evcon), j;

	while (l->slots[i] != NULL && l->slots[i] != c)
		i = (i + 1) & mask;
	if (l->slots[i] == NULL)
		return;
	l->slots[i] = NULL;
	for (j = (i + 1) & mask; l->slots[j] != NULL; j = (j + 1) & mask) {
		size_t home = slot_of(l, l->slots[j]->evcon);

		/* Move it into the hole unless its home lies in (i, j]. */
		if (((j - home) & mask) >= ((j - i) & mask)) {
			l->slots[i] = l->slots[j];
			l->slots[j] = NULL;
			i = j;
		}
	}
}

static void
conn_free(struct conn *c)
{
	struct connlimit *l = c->l;

	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		l->conns = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	if (c->evcon != NULL)
		slot_del(l, c);
	if (c->deadline != NULL)
		event_free(c->deadline);
	free(c);
	l->open--;
	listener_update(l);
}

static void
close_cb(struct evhttp_connection *evcon, void *arg)
{
	(void)evcon;
	conn_free(arg);
}

/* The request did not arrive in time: 408, then close. */
static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	struct bufferevent *bev = evhttp_connection_get_bufferevent(c->evcon);
	evutil_socket_t sock = bufferevent_getfd(bev);

	(void)fd;
	(void)what;
	if (c->busy)
		return;
	/* Only between replies: never inside a reply still being written. */
	if (sock >= 0 && evbuffer_get_length(bufferevent_get_output(bev)) == 0)
		(void)send(sock, c->l->page408, c->l->len408,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
	evhttp_connection_free(c->evcon);   /* runs close_cb: frees c */
}

static void
bind_cb(evutil_socket_t fd, short what, void *arg)
{
	struct connlimit *l = arg;
	struct conn *c, *next;

	(void)fd;
	(void)what;
	c = l->pending;
	l->pending = NULL;
	for (; c != NULL; c = next) {
		void *cbarg = NULL;
		struct bufferevent *bev = c->bev;

		next = c->pending;
		c->pending = NULL;
		c->bev = NULL;
		bufferevent_getcb(bev, NULL, NULL, NULL, &cbarg);
		if (cbarg == NULL) {
			/* evhttp already dropped it. */
			conn_free(c);
		} else {
			c->evcon = cbarg;
			slot_put(l, c);
			evhttp_connection_set_closecb(c->evcon, close_cb, c);
			c->deadline = evtimer_new(l->base, deadline_cb, c);
			if (c->deadline != NULL)
				evtimer_add(c->deadline, &l->timeout);
		}
		bufferevent_decref(bev);
	}
}

static struct bufferevent *
bev_cb(struct event_base *base, void *arg)
{
	struct connlimit *l = arg;
	struct bufferevent *bev;
	struct conn *c;

	bev = bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	if (bev == NULL)
		return NULL;   /* evhttp tries its own, which fails the same */
	c = xcalloc(1, sizeof(*c));
	c->l = l;
	c->bev = bev;
	bufferevent_incref(bev);
	c->next = l->conns;
	if (l->conns != NULL)
		l->conns->prev = c;
	l->conns = c;
	c->pending = l->pending;
	l->pending = c;
	l->open++;
	listener_update(l);
	event_active(l->bind_ev, EV_TIMEOUT, 0);
	return bev;
}

static struct conn *
find(struct connlimit *l, struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);

	return evcon != NULL ? slot_get(l, evcon) : NULL;
}

int
connlimit_request_begin(struct connlimit *l, struct evhttp_request *req)
{
	struct conn *c = l != NULL ? find(l, req) : NULL;

	if (c == NULL)
		return 0;
	if (c->deadline != NULL)
		evtimer_del(c->deadline);
	c->busy = 1;
	/*
	 * The last request a connection may carry is answered normally, with
	 * "Connection: close" (evhttp then closes once the reply is out), as
	 * nginx's keepalive_requests does: no client is refused.
	 */
	if (++c->requests == CONNLIMIT_MAX_REQUESTS)
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Connection", "close");
	return 0;
}

void
connlimit_request_end(struct connlimit *l, struct evhttp_request *req)
{
	struct conn *c = l != NULL ? find(l, req) : NULL;

	if (c == NULL)
		return;
	c->busy = 0;
	if (c->deadline != NULL)
		evtimer_add(c->deadline, &l->timeout);
}

/* ---- set-up ----------------------------------------------------------- */

struct connlimit *
connlimit_new(struct event_base *base, struct evhttp *http,
    struct evhttp_bound_socket *bound, const struct config *cfg,
    const char *page408, size_t len)
{
	struct connlimit *l = xcalloc(1, sizeof(*l));
	struct rlimit rl;

	l->base = base;
	l->cap = cfg->max_connections;
	/* Keep descriptors for the database, the writer and the listener. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)l->cap + 32 > rl.rlim_cur) {
		l->cap = rl.rlim_cur > 48 ? (int)(rl.rlim_cur - 32) : 16;
		fprintf(stderr, "recueild: max_connections lowered to %d (open "
		    "files limit %ld)\n", l->cap, (long)rl.rlim_cur);
	}
	l->timeout.tv_sec = cfg->idle_timeout;
	for (l->n_slots = 64; l->n_slots <= 2 * (size_t)l->cap; l->n_slots *= 2)
		;
	l->slots = xcalloc(l->n_slots, sizeof(*l->slots));
	l->page408 = xmalloc(len);
	memcpy(l->page408, page408, len);
	l->len408 = len;
	l->bind_ev = event_new(base, -1, 0, bind_cb, l);
	l->resume_ev = evtimer_new(base, resume_cb, l);
	if (l->bind_ev == NULL || l->resume_ev == NULL)
		fatal("cannot create the connection limit events");
	l->listener = evhttp_bound_socket_get_listener(bound);
	evconnlistener_set_error_cb(l->listener, accept_error_cb);
	evhttp_set_bevcb(http, bev_cb, l);
	current = l;
	return l;
}

void
connlimit_stop(struct connlimit *l)
{
	if (l != NULL)
		l->listener = NULL;
}

void
connlimit_free(struct connlimit *l)
{
	if (l == NULL)
		return;
	/* evhttp_free closed every connection; anything left is unbound. */
	while (l->conns != NULL) {
		struct bufferevent *bev = l->conns->bev;

		conn_free(l->conns);
		if (bev != NULL)
			bufferevent_decref(bev);
	}
	event_free(l->bind_ev);
	event_free(l->resume_ev);
	free(l->slots);
	free(l->page408);
	if (current == l)
		current = NULL;
	free(l);
}

int
connlimit_open_connections(const struct connlimit *l)
{
	return l->open;
}

int
connlimit_cap(const struct connlimit *l)
{
	return l->cap;
}
