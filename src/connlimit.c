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
 *
 * How bytes are seen.  A callback on the bufferevent's input buffer
 * (evbuffer_add_cb) runs whenever the socket delivers bytes, before evhttp
 * parses them: that is how a connection goes from waiting for a request
 * (short deadline, may be closed to make room) to reading one (the whole
 * request deadline).  A callback on the output buffer tells when a reply
 * has left, so that a connection at the cap becomes closable again.
 *
 * A connection is in one of three states:
 *   WAITING  nothing received since it opened or since its last reply:
 *            deadline first_byte_timeout; closable to make room once its
 *            last reply has been written out;
 *   READING  some bytes of a request have arrived: deadline idle_timeout
 *            (the whole request), then 408;
 *   BUSY     a handler holds the request: no deadline.
 *
 * Our own refusals.  libevent 2.1 answers a header block over its limit, a
 * Content-Length over its body limit and a method it does not allow with
 * bare pages of its own, without our security headers.  The same input
 * callback reads each request's head as it arrives (parse_head: the
 * method, the size of the head, Content-Length), before evhttp parses it;
 * on a refusal it empties the input buffer, so that evhttp never sees the
 * request, stops reading, and a deferred event writes our page
 * (connlimit_set_page) and closes the connection.  Our count of the head
 * includes the request line and line ends, so it reaches the limit no
 * later than evhttp's.  Left to libevent: a chunked body over the limit
 * (its size is only known as it arrives), and a pipelined request that was
 * already in the buffer when the previous reply was sent.
 *
 * The hot path (connlimit_set_hot, hot_try).  The same input callback
 * offers the HTTP layer each request whose head has arrived at the start
 * of the input while evhttp has read nothing of it (`fresh`: no byte
 * taken from the buffer by evhttp since the last reply began, or since
 * the connection opened), evhttp is reading (not writing a reply), every
 * earlier reply has been written out, no handler holds the connection
 * and it is not the connection's last request.  If the HTTP layer answers
 * it, the request's bytes are drained before evhttp's read callback runs
 * (evhttp then finds the next request, or nothing, at the start of the
 * buffer) and the connection goes on as after any reply: counted,
 * deadline restarted, the next head read.
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
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <event2/util.h>

#include "config.h"
#include "connlimit.h"
#include "i18n.h"
#include "netaddr.h"
#include "util.h"

enum conn_state { C_WAITING, C_READING, C_BUSY };

struct conn {
	struct conn *prev, *next;
	struct conn *pending;             /* next one for bind_cb */
	struct connlimit *l;
	struct bufferevent *bev;          /* evhttp's; ours while pending */
	int pending_ref;                  /* we hold a reference on bev */
	struct evbuffer_cb_entry *in_cb, *out_cb;
	struct evhttp_connection *evcon;  /* NULL until bound */
	struct event *deadline;
	unsigned requests;
	enum conn_state state;
	uint64_t waiting_since;           /* order of entering C_WAITING */
	struct netaddr peer;              /* family 0 when unknown */
	int exempt;                       /* a trusted proxy: no per-address cap */
	/* The head of the current request as it arrives (parse_head). */
	size_t head_bytes;                /* request line and headers so far */
	int head_done;                    /* its blank line has come */
	int line_no;                      /* 0: the request line */
	char line[40];                    /* the start of the current line */
	size_t line_len;
	int refuse;                       /* status to answer, 0: none */
	/* The hot path (hot_try): evhttp has read nothing of the request at
	 * the start of the input buffer; our own drain is not evhttp's. */
	int fresh;
	int self_drain;
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
	struct timeval timeout;           /* the whole request */
	struct timeval first_byte;        /* before a request starts */
	struct netaddr_list trusted;      /* trusted_proxies */
	uint64_t clock;                   /* for waiting_since */
	char *page408;
	size_t len408;
	struct {
		int status;
		char *data;
		size_t len;
	} pages[CONNLIMIT_PAGES];
	size_t max_head, max_body;        /* evhttp's limits */
	struct event *refuse_ev;          /* answers the refused (refuse_cb) */
	int open, cap, per_addr;
	int paused_cap, paused_error;
	unsigned long evicted;            /* closed to make room */
	struct conn *closing;             /* in conn_close */
	connlimit_hot_fn hot;             /* NULL: no hot path */
	void *hot_arg;
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
			fprintf(stderr, L_("recueild: %u messages "
			    "semblables tus pendant les %d dernières "
			    "secondes\n"), log_dropped, LOG_WINDOW);
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

static struct conn *oldest_waiting(struct connlimit *l,
    const struct netaddr *peer, const struct conn *except);

/*
 * Accept while under the cap, and at the cap while some connection waits
 * idle: the next accepted one closes the oldest of those (bev_cb), so
 * that idle sockets never lock other clients out.
 */
static void
listener_update(struct connlimit *l)
{
	if (l->listener == NULL)
		return;
	if (l->paused_error || (l->open >= l->cap &&
	    oldest_waiting(l, NULL, NULL) == NULL))
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
	connlimit_logf(L_("recueild: impossible d'accepter une connexion : "
	    "%s (%d ouvertes) : pause d'une seconde"), evutil_socket_error_to_string(err), l->open);
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

	if (c->in_cb != NULL)
		evbuffer_remove_cb_entry(bufferevent_get_input(c->bev), c->in_cb);
	if (c->out_cb != NULL)
		evbuffer_remove_cb_entry(bufferevent_get_output(c->bev),
		    c->out_cb);

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
	struct conn *c = arg;

	(void)evcon;
	if (c->l->closing == c)
		c->l->closing = NULL;
	conn_free(c);
}

/*
 * Close a bound connection ourselves.  evhttp calls close_cb from
 * evhttp_connection_free only for a connection it still counts as
 * connected; should it not, the record is freed here, without touching
 * the buffers evhttp has just freed.
 */
static void
conn_close(struct conn *c)
{
	struct connlimit *l = c->l;

	l->closing = c;
	evhttp_connection_free(c->evcon);
	if (l->closing == c) {
		c->in_cb = c->out_cb = NULL;
		conn_free(c);
	}
	l->closing = NULL;
}

/* Whether the connection's last reply has been written out. */
static int
written_out(const struct conn *c)
{
	return evbuffer_get_length(bufferevent_get_output(c->bev)) == 0;
}

static void
set_state(struct conn *c, enum conn_state state)
{
	struct connlimit *l = c->l;

	c->state = state;
	if (c->deadline == NULL)
		return;
	if (state == C_BUSY) {
		evtimer_del(c->deadline);
		if (l->open >= l->cap)
			listener_update(l);
		return;
	}
	if (state == C_WAITING)
		c->waiting_since = ++l->clock;
	evtimer_add(c->deadline, state == C_WAITING ? &l->first_byte :
	    &l->timeout);
	/* At the cap, whether some connection may make room has changed. */
	if (l->open >= l->cap)
		listener_update(l);
}

/*
 * A deadline passed.  A connection waiting for a request is closed
 * silently (a keep-alive client simply opens a new one); one that started
 * a request and did not finish it in time gets 408 first.
 */
static void
deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct conn *c = arg;
	evutil_socket_t sock = bufferevent_getfd(c->bev);

	(void)fd;
	(void)what;
	if (c->state == C_BUSY)
		return;
	/*
	 * Never inside a reply still being written: a slow reader has
	 * evhttp's own idle timeout; look again later.
	 */
	if (!written_out(c)) {
		evtimer_add(c->deadline, &c->l->first_byte);
		return;
	}
	if (c->state == C_READING && sock >= 0)
		(void)send(sock, c->l->page408, c->l->len408,
		    MSG_DONTWAIT | MSG_NOSIGNAL);
	conn_close(c);
}

/* ---- our own refusals -------------------------------------------------- */

static void
head_reset(struct conn *c)
{
	c->head_bytes = 0;
	c->head_done = 0;
	c->line_no = 0;
	c->line_len = 0;
}

/* Whether the start of a line (len bytes) names header `name`. */
static int
is_header(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len > n && line[n] == ':' &&
	    evutil_ascii_strncasecmp(line, name, n) == 0;
}

/* A complete line of the head (without its line end): 0, or a status. */
static int
head_line(struct conn *c, const char *line, size_t len)
{
	static const char *const methods[] = { "GET ", "POST ", "HEAD " };

	if (c->line_no == 0) {
		if (len == 0)
			return 0;     /* empty lines before a request: allowed */
		c->line_no++;
		for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
			if (len >= strlen(methods[i]) &&
			    memcmp(line, methods[i], strlen(methods[i])) == 0)
				return 0;
		return 405;
	}
	c->line_no++;
	if (len == 0) {
		c->head_done = 1;
		return 0;
	}
	if (is_header(line, len, "Content-Length")) {
		const char *p = line + strlen("Content-Length") + 1;
		const char *end = line + len;
		unsigned long long n = 0;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		/* The line start we keep is short: a long value is huge. */
		if (end - p >= 18 && len == sizeof(c->line))
			return 413;
		for (; p < end && *p >= '0' && *p <= '9'; p++)
			n = n * 10 + (unsigned)(*p - '0');
		if (n > c->l->max_body)
			return 413;
	}
	return 0;
}

/*
 * Read `len` new bytes of a request's head.  Returns 0, or the status of
 * a refusal.
 */
static int
parse_head(struct conn *c, const char *p, size_t len)
{
	for (size_t i = 0; i < len && !c->head_done; i++) {
		int status;

		if (++c->head_bytes > c->l->max_head)
			return 413;
		if (p[i] != '\n') {
			if (c->line_len < sizeof(c->line))
				c->line[c->line_len++] = p[i];
			continue;
		}
		if (c->line_len > 0 && c->line_len < sizeof(c->line) &&
		    c->line[c->line_len - 1] == '\r')
			c->line_len--;
		status = head_line(c, c->line, c->line_len);
		c->line_len = 0;
		if (status != 0)
			return status;
	}
	return 0;
}

/* Feed the last `n` bytes of `buf` to parse_head. */
static int
parse_added(struct conn *c, struct evbuffer *buf, size_t n)
{
	struct evbuffer_ptr pos;
	struct evbuffer_iovec v[8];
	size_t len = evbuffer_get_length(buf);
	int k, status = 0;

	if (n == 0 || n > len)
		return 0;
	while (n > 0 && status == 0 && !c->head_done) {
		if (evbuffer_ptr_set(buf, &pos, len - n, EVBUFFER_PTR_SET) < 0)
			return 0;
		k = evbuffer_peek(buf, (ev_ssize_t)n, &pos, v, 8);
		if (k <= 0)
			return 0;
		for (int i = 0; i < k && i < 8 && n > 0 && status == 0; i++) {
			size_t m = v[i].iov_len < n ? v[i].iov_len : n;

			status = parse_head(c, v[i].iov_base, m);
			n -= m;
		}
	}
	return status;
}

/* Refuse the request now arriving on `c` with our page for `status`. */
static void
refuse(struct conn *c, struct evbuffer *buf, int status)
{
	c->refuse = status;
	/* evhttp must never see it: it would answer with its own page. */
	evbuffer_drain(buf, evbuffer_get_length(buf));
	bufferevent_disable(c->bev, EV_READ);
	event_active(c->l->refuse_ev, EV_TIMEOUT, 0);
}

static void
refuse_cb(evutil_socket_t fd, short what, void *arg)
{
	struct connlimit *l = arg;
	struct conn *c, *next;

	(void)fd;
	(void)what;
	for (c = l->conns; c != NULL; c = next) {
		next = c->next;
		if (c->refuse == 0 || c->evcon == NULL)
			continue;
		for (size_t i = 0; i < CONNLIMIT_PAGES; i++) {
			evutil_socket_t sock = bufferevent_getfd(c->bev);

			if (l->pages[i].status == c->refuse && sock >= 0 &&
			    written_out(c))
				(void)send(sock, l->pages[i].data, l->pages[i].len,
				    MSG_DONTWAIT | MSG_NOSIGNAL);
		}
		/* Closing may free others' records too: start over. */
		conn_close(c);
		next = l->conns;
	}
}

/*
 * The next request of `c` starts at the beginning of its input buffer
 * (a reply is being sent, or the hot path answered one): read its head
 * so far, so that what follows is read from the right place, but leave a
 * refusal to libevent (the reply before it may still be on its way), and
 * restart the deadline.
 */
static void
next_request(struct conn *c)
{
	struct evbuffer *in = bufferevent_get_input(c->bev);

	head_reset(c);
	if (evbuffer_get_length(in) > 0 &&
	    parse_added(c, in, evbuffer_get_length(in)) != 0)
		c->head_done = 1;
	set_state(c, evbuffer_get_length(in) > 0 ? C_READING : C_WAITING);
}

/*
 * The hot path (connlimit_set_hot): offer the request at the start of
 * the input to the hot function while that is safe, that is while evhttp
 * has read nothing of it (`fresh`), reads (its read callback is set: it
 * is not writing a reply), every earlier reply has been written out, no
 * handler holds the connection and the request is not the connection's
 * last one (that one goes to evhttp, which adds "Connection: close").
 * The reply is written at once; what the socket does not take leaves with
 * the bufferevent, without evhttp's write callback (evhttp would take the
 * end of that write for the end of a reply of its own).  evhttp resets
 * its callbacks whenever it reads or writes next, and since its reads
 * never overtake ours, its next reply goes after ours.
 */
static void
hot_try(struct conn *c, struct evbuffer *in)
{
	struct connlimit *l = c->l;
	struct evbuffer *out = bufferevent_get_output(c->bev);
	bufferevent_data_cb readcb;
	bufferevent_event_cb eventcb;
	void *cbarg;
	size_t n;

	while (c->evcon != NULL && c->fresh && c->head_done &&
	    c->state != C_BUSY && c->refuse == 0 &&
	    c->requests + 1 < CONNLIMIT_MAX_REQUESTS && written_out(c)) {
		bufferevent_getcb(c->bev, &readcb, NULL, &eventcb, &cbarg);
		if (readcb == NULL || (n = l->hot(l->hot_arg, in, out)) == 0)
			return;
		c->requests++;
		c->self_drain = 1;
		evbuffer_drain(in, n);
		c->self_drain = 0;
		next_request(c);
		if (evbuffer_write(out, bufferevent_getfd(c->bev)) < 0 ||
		    !written_out(c)) {
			bufferevent_setcb(c->bev, readcb, NULL, eventcb, cbarg);
			bufferevent_enable(c->bev, EV_WRITE);
			return;
		}
	}
}

/* Bytes arrived on (or left) a connection's input buffer. */
static void
input_cb(struct evbuffer *buf, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct conn *c = arg;
	int status;

	/* evhttp took bytes: it is reading a request. */
	if (info->n_deleted > 0 && !c->self_drain)
		c->fresh = 0;
	if (info->n_added == 0 || c->refuse != 0)
		return;
	if (c->state == C_WAITING && c->evcon != NULL)
		set_state(c, C_READING);
	if (c->state != C_BUSY && !c->head_done &&
	    (status = parse_added(c, buf, info->n_added)) != 0) {
		refuse(c, buf, status);
		return;
	}
	if (c->l->hot != NULL)
		hot_try(c, buf);
}

/* A reply's bytes left: at the cap, this one may now make room. */
static void
output_cb(struct evbuffer *buf, const struct evbuffer_cb_info *info,
    void *arg)
{
	struct conn *c = arg;

	if (info->n_deleted > 0 && evbuffer_get_length(buf) == 0 &&
	    c->l->open >= c->l->cap)
		listener_update(c->l);
}

/*
 * The connection that has waited longest for a request with nothing left
 * to write, among those from `peer` (any when NULL), other than `except`;
 * NULL when there is none.  A linear scan: it only runs at a cap.
 */
static struct conn *
oldest_waiting(struct connlimit *l, const struct netaddr *peer,
    const struct conn *except)
{
	struct conn *c, *best = NULL;

	for (c = l->conns; c != NULL; c = c->next) {
		if (c == except || c->evcon == NULL || c->state != C_WAITING ||
		    !written_out(c))
			continue;
		if (peer != NULL && !netaddr_same(&c->peer, peer))
			continue;
		if (best == NULL || c->waiting_since < best->waiting_since)
			best = c;
	}
	return best;
}

/* Close `victim` to make room for another connection. */
static void
evict(struct conn *victim)
{
	victim->l->evicted++;
	conn_close(victim);
}

/*
 * A fresh connection `c` is bound: apply the per-address cap, closing the
 * longest-waiting connection of the same address, or `c` itself when
 * every other one is in the middle of a request.
 */
static void
per_address(struct connlimit *l, struct conn *c)
{
	struct conn *o, *victim;
	int same = 0;

	if (l->per_addr <= 0 || c->exempt || c->peer.family == 0)
		return;
	for (o = l->conns; o != NULL; o = o->next)
		if (o->evcon != NULL && netaddr_same(&o->peer, &c->peer))
			same++;
	if (same <= l->per_addr)
		return;
	victim = oldest_waiting(l, &c->peer, c);
	evict(victim != NULL ? victim : c);
}

/* The peer's address of a bound connection. */
static void
read_peer(struct conn *c)
{
	char *host = NULL;
	ev_uint16_t port = 0;

	evhttp_connection_get_peer(c->evcon, &host, &port);
	if (host == NULL || netaddr_parse(host, &c->peer) < 0) {
		memset(&c->peer, 0, sizeof(c->peer));
		return;
	}
	c->exempt = netaddr_list_has(&c->l->trusted, &c->peer);
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
		c->pending_ref = 0;
		bufferevent_getcb(bev, NULL, NULL, NULL, &cbarg);
		if (cbarg == NULL) {
			/* evhttp already dropped it. */
			conn_free(c);
		} else {
			c->evcon = cbarg;
			slot_put(l, c);
			evhttp_connection_set_closecb(c->evcon, close_cb, c);
			c->deadline = evtimer_new(l->base, deadline_cb, c);
			read_peer(c);
			/* Bytes may have come with the connection already. */
			set_state(c, evbuffer_get_length(bufferevent_get_input(bev))
			    > 0 ? C_READING : C_WAITING);
			per_address(l, c);
			if (c->refuse != 0)
				event_active(l->refuse_ev, EV_TIMEOUT, 0);
		}
		bufferevent_decref(bev);
	}
	listener_update(l);
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
	c->fresh = 1;
	c->pending_ref = 1;
	bufferevent_incref(bev);
	c->in_cb = evbuffer_add_cb(bufferevent_get_input(bev), input_cb, c);
	c->out_cb = evbuffer_add_cb(bufferevent_get_output(bev), output_cb, c);
	/* At the cap: close the connection that has waited longest. */
	if (l->open >= l->cap) {
		struct conn *victim = oldest_waiting(l, NULL, NULL);

		if (victim != NULL)
			evict(victim);
	}
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
	set_state(c, C_BUSY);
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
	/* evhttp has read the whole request, and reads nothing more until
	 * this reply is out. */
	c->fresh = 1;
	next_request(c);
}

void
connlimit_client_addr(struct evhttp_request *req, char *out, size_t len)
{
	static const struct netaddr_list none;
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct evkeyvalq *h = evhttp_request_get_input_headers(req);
	struct evkeyval *kv;
	struct evbuffer *xff = NULL;
	char *host = NULL;
	ev_uint16_t port = 0;

	if (evcon != NULL)
		evhttp_connection_get_peer(evcon, &host, &port);
	/* Several X-Forwarded-For headers read as one list, in order. */
	for (kv = h->tqh_first; kv != NULL; kv = kv->next.tqe_next) {
		if (evutil_ascii_strcasecmp(kv->key, "X-Forwarded-For") != 0)
			continue;
		if (xff == NULL)
			xff = evbuffer_new();
		else
			evbuffer_add(xff, ",", 1);
		evbuffer_add(xff, kv->value, strlen(kv->value));
	}
	if (xff != NULL)
		evbuffer_add(xff, "", 1);
	netaddr_client(current != NULL ? &current->trusted : &none, host,
	    xff != NULL ? (const char *)evbuffer_pullup(xff, -1) : NULL, out,
	    len);
	if (xff != NULL)
		evbuffer_free(xff);
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
		fprintf(stderr, L_("recueild: max_connections abaissé à %d "
		    "(limite de fichiers ouverts : %ld)\n"), l->cap, (long)rl.rlim_cur);
	}
	l->timeout.tv_sec = cfg->idle_timeout;
	l->first_byte.tv_sec = cfg->first_byte_timeout < cfg->idle_timeout ?
	    cfg->first_byte_timeout : cfg->idle_timeout;
	l->per_addr = cfg->max_conns_per_addr;
	{
		char why[160];

		/* config.c checked it already. */
		if (netaddr_list_parse(cfg->trusted_proxies, &l->trusted, why,
		    sizeof(why)) < 0)
			fatal("trusted_proxies: %s", why);
	}
	for (l->n_slots = 64; l->n_slots <= 2 * (size_t)l->cap; l->n_slots *= 2)
		;
	l->slots = xcalloc(l->n_slots, sizeof(*l->slots));
	l->page408 = xmalloc(len);
	memcpy(l->page408, page408, len);
	l->len408 = len;
	l->bind_ev = event_new(base, -1, 0, bind_cb, l);
	l->refuse_ev = event_new(base, -1, 0, refuse_cb, l);
	l->max_head = cfg->max_header_size;
	l->max_body = cfg->max_upload_size > cfg->max_body_size ?
	    cfg->max_upload_size : cfg->max_body_size;
	l->resume_ev = evtimer_new(base, resume_cb, l);
	if (l->bind_ev == NULL || l->resume_ev == NULL || l->refuse_ev == NULL)
		fatal(L_("impossible de créer les événements de limite des "
		    "connexions"));
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
		int ref = l->conns->pending_ref;

		conn_free(l->conns);
		if (ref)
			bufferevent_decref(bev);
	}
	event_free(l->bind_ev);
	event_free(l->refuse_ev);
	for (size_t i = 0; i < CONNLIMIT_PAGES; i++)
		free(l->pages[i].data);
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

unsigned long
connlimit_evicted(const struct connlimit *l)
{
	return l->evicted;
}

void
connlimit_set_hot(struct connlimit *l, connlimit_hot_fn fn, void *arg)
{
	l->hot = fn;
	l->hot_arg = arg;
}

void
connlimit_set_page(struct connlimit *l, int status, const char *data,
    size_t len)
{
	for (size_t i = 0; i < CONNLIMIT_PAGES; i++) {
		if (l->pages[i].status != 0 && l->pages[i].status != status)
			continue;
		free(l->pages[i].data);
		l->pages[i].status = status;
		l->pages[i].data = xmalloc(len);
		memcpy(l->pages[i].data, data, len);
		l->pages[i].len = len;
		return;
	}
}
