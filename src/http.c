/*
 * http.c - the HTTP layer (see http.h): server set-up, replies and their
 * headers, error pages, the request log, streamed replies, and the
 * request helpers of the page modules.  Which page answers a request is
 * decided elsewhere (web.c, from the route tables of route.h).
 *
 * libevent's evhttp has unsafe defaults for a public server; each one is
 * set in http_start(): a body limit, a header limit (small, since the
 * idle timeout restarts with every byte), a timeout, and the default
 * content type (ISO-8859-1 otherwise).  Refused methods get evhttp's 501.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/util.h>

#include "auth.h"
#include "config.h"
#include "connlimit.h"
#include "errpage.h"
#include "filename.h"
#include "hotreq.h"
#include "html.h"
#include "http.h"
#include "i18n.h"
#include "jobq.h"
#include "meeting_cache.h"
#include "urlenc.h"
#include "util.h"
#include "wake.h"

/* ---- replies ---------------------------------------------------------- */

/*
 * Content-Security-Policy: nothing but our own inline style sheets and
 * scripts (the public pages' one script, the staff pages' live count),
 * allowed by their SHA-256 (no 'unsafe-inline'), the scripts' requests to
 * ourselves (they send answers, read a count), images from ourselves or
 * data: URLs (QR codes), forms posting to ourselves.
 */
static const char csp_head[] = "default-src 'none'; style-src";
static const char csp_tail[] =
    "; connect-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'; object-src 'none'";
#define CSP_MAX_STYLES 8
#define CSP_MAX_SCRIPTS 4
#define CSP_HASH_LEN 60               /* " 'sha256-...'" */
static char csp_styles[CSP_MAX_STYLES * CSP_HASH_LEN];
static char csp_scripts[CSP_MAX_SCRIPTS * CSP_HASH_LEN];
static char csp[sizeof(csp_head) + sizeof(csp_tail) + sizeof(csp_styles) +
    sizeof(csp_scripts) + 64];
static unsigned csp_generation;   /* bumped by each style or script added */

/* The connection limits (connlimit.h); NULL before http_start. */
static struct connlimit *limits;

/* Append " 'sha256-HASH'" of text[0..len) to list (of size `size`). */
static void
csp_hash_add(char *list, size_t size, const char *text, size_t len)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
	    sodium_base64_VARIANT_ORIGINAL)];
	size_t n = strlen(list);

	if (n + CSP_HASH_LEN > size)
		fatal(L_("trop de feuilles de style ou de scripts en ligne "
		    "pour la CSP"));
	crypto_hash_sha256(h, (const unsigned char *)text, len);
	sodium_bin2base64(b64, sizeof(b64), h, sizeof(h),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(list + n, size - n, " 'sha256-%s'", b64);
}

/*
 * The policy from the lists; the public page's style sheet and script
 * are always in, first.
 */
static void
csp_build(void)
{
	size_t len;
	const char *text;

	if (csp_styles[0] == '\0') {
		text = html_style(&len);
		csp_hash_add(csp_styles, sizeof(csp_styles), text, len);
	}
	if (csp_scripts[0] == '\0') {
		text = html_script(&len);
		csp_hash_add(csp_scripts, sizeof(csp_scripts), text, len);
	}
	snprintf(csp, sizeof(csp), "%s%s; script-src%s%s", csp_head,
	    csp_styles, csp_scripts, csp_tail);
	csp_generation++;
}

void
http_csp_add_style(const char *css, size_t len)
{
	size_t n;
	const char *page = html_style(&n);

	csp_build();
	if (css != page)
		csp_hash_add(csp_styles, sizeof(csp_styles), css, len);
	csp_build();
}

void
http_csp_add_script(const char *js, size_t len)
{
	csp_build();
	csp_hash_add(csp_scripts, sizeof(csp_scripts), js, len);
	csp_build();
}

const char *
http_csp(void)
{
	if (csp[0] == '\0')
		csp_build();
	return csp;
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Status";
}

/*
 * The request log.  One line per request, as before, but gathered in a
 * buffer written once per turn of the event loop (a zero timer) or when
 * full, instead of one formatted, unbuffered write(2) per request: under
 * load that write and vfprintf were a tenth of a GET's cost.  Only the
 * loop thread logs.
 */
static char log_buf[16384];
static size_t log_len;
static struct event *log_flush_ev;

static void
log_flush(void)
{
	size_t off = 0;

	while (off < log_len) {
		ssize_t n = write(STDERR_FILENO, log_buf + off, log_len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	log_len = 0;
}

static void
log_flush_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	(void)arg;
	log_flush();
}

static void
log_put(const char *s, size_t n)
{
	if (n > sizeof(log_buf) - log_len)
		n = sizeof(log_buf) - log_len;
	memcpy(log_buf + log_len, s, n);
	log_len += n;
}

static int log_addresses;

/*
 * Residents' requests (every path under /r/: a meeting's form, the
 * answers, the thank-you page) get no line of their own.  The journal
 * timestamps each line to the microsecond: one line per submission, in
 * submission order, would give each response its minute and undo
 * time_resolution.  They are counted instead, per period of
 * time_resolution, and the count is written once the period is over (or
 * at exit): the log then says nothing finer about them than the stored
 * answers do.
 */
static int log_resolution;
static int64_t public_period = -1;    /* start of the period counted */
static unsigned long public_count;

static void
log_public_flush(void)
{
	static const char *const fmt[] = {
		"%Y-%m-%d", "%Y-%m-%d %Hh", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"
	};
	char when[32], line[96];
	time_t t = (time_t)public_period;
	struct tm tm;
	int n;

	if (public_count == 0)
		return;
	if (localtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof(when), fmt[log_resolution & 3], &tm) == 0)
		snprintf(when, sizeof(when), "?");
	n = snprintf(line, sizeof(line), "recueild: public pages: %lu "
	    "requests during %s\n", public_count, when);
	if (log_len + (size_t)n > sizeof(log_buf))
		log_flush();
	log_put(line, (size_t)n);
	public_count = 0;
}

/*
 * Whether `path` is a resident's page: counted, not logged.  "/r" too:
 * the home page's code box sends a resident there on the way to a form.
 */
static int
log_public(const char *path)
{
	/*
	 * The period of the second `at`: time_coarsen is a localtime_r and a
	 * mktime (2,000 instructions, 4% of a form page), so once a second.
	 */
	static time_t at = -1;
	static int64_t period;
	time_t now;

	if (strncmp(path, "/r/", 3) != 0 && strcmp(path, "/r") != 0)
		return 0;
	if ((now = time(NULL)) != at) {
		period = time_coarsen((int64_t)now, log_resolution);
		at = now;
	}
	if (period != public_period) {
		log_public_flush();
		public_period = period;
	}
	public_count++;
	return 1;
}

/*
 * Count a resident's request (log_public) and have the count written if
 * a period ended; 1 when `path` is one, 0 when it gets a line.
 */
static int
log_counted(const char *path)
{
	static const struct timeval now = { 0, 0 };

	if (!log_public(path))
		return 0;
	/* A previous period's count may be waiting in the buffer. */
	if (log_len > 0 && log_flush_ev != NULL &&
	    !evtimer_pending(log_flush_ev, NULL))
		evtimer_add(log_flush_ev, &now);
	return 1;
}

static void
log_request(struct evhttp_request *req, int status)
{
	static const struct timeval now = { 0, 0 };
	const char *m, *path = http_path(req);
	size_t plen = strlen(path);
	char st[5];

	switch (evhttp_request_get_command(req)) {
	case EVHTTP_REQ_GET: m = "GET"; break;
	case EVHTTP_REQ_POST: m = "POST"; break;
	case EVHTTP_REQ_HEAD: m = "HEAD"; break;
	default: m = "OTHER"; break;
	}
	if (log_counted(path))
		return;
	if (plen > 1024)
		plen = 1024;
	if (status < 100 || status > 999)
		status = 999;
	st[0] = ' ';
	st[1] = (char)('0' + status / 100);
	st[2] = (char)('0' + status / 10 % 10);
	st[3] = (char)('0' + status % 10);
	st[4] = '\n';
	if (log_len + plen + 96 > sizeof(log_buf))
		log_flush();
	log_put("recueild: ", 10);
	/*
	 * No query, and no client address unless log_client_addresses is set
	 * (residents are not tracked); residents' pages are only counted.
	 */
	if (log_addresses && evhttp_request_get_connection(req) != NULL) {
		char *addr = NULL;
		ev_uint16_t port = 0;

		evhttp_connection_get_peer(evhttp_request_get_connection(req),
		    &addr, &port);
		if (addr == NULL)
			addr = (char *)"-";
		log_put(addr, strnlen(addr, 64));
		log_put(" ", 1);
	}
	log_put(m, strlen(m));
	log_put(" ", 1);
	log_put(path, plen);
	log_put(st, sizeof(st));
	if (log_flush_ev == NULL)
		log_flush();
	else if (!evtimer_pending(log_flush_ev, NULL))
		evtimer_add(log_flush_ev, &now);
}

/*
 * The hot paths: an HTML or text reply with status 200 (the form page)
 * or 303 (the redirection after a submission) whose handler set no
 * Cache-Control of its own (its other headers, Location or Set-Cookie,
 * stay in the list).  evhttp writes each header of its list with a
 * printf, after a calloc and two strdup to put it there and before three
 * free: about 2,000 instructions a header, 4% of a form page each.  So
 * the constant security headers of such a reply are formatted once, here,
 * after the reason phrase: evhttp writes the status line as
 * "HTTP/1.1 %d %s\r\n" with the reason as given, so the bytes on the wire
 * are a status line "HTTP/1.1 200 OK" followed by these header lines,
 * exactly what the list would have produced (in another order).  The text
 * is ours and constant: no request data can reach it.  Date and
 * Content-Type stay in evhttp's list, as evhttp adds its own when they are
 * missing there; Content-Length and Connection remain evhttp's, so
 * keep-alive, HEAD, pipelining and the connection limits go the way of
 * any other reply.  (Not moved: Content-Type, with
 * evhttp_set_default_content_type(NULL), would save one more list header,
 * but evhttp's own error pages would then go without any type.)
 *
 * The form page's plain GETs mostly no longer come here: the hot path
 * below writes the same bytes (hot_head: this head, then Date,
 * Content-Type and Content-Length) without evhttp's request object.
 */
static const char *http_date(void);

/* The reason phrase and constant headers of a 200 (0) or a 303 (1). */
static const char *
http_fast_head(int see_other)
{
	static char head[2][sizeof(csp) + 160];
	static unsigned generation[2] = { (unsigned)-1, (unsigned)-1 };
	const char *policy = http_csp();

	if (generation[see_other] != csp_generation) {
		snprintf(head[see_other], sizeof(head[see_other]), "%s\r\n"
		    "Content-Security-Policy: %s\r\n"
		    "X-Content-Type-Options: nosniff\r\n"
		    "Referrer-Policy: no-referrer\r\n"
		    "Cache-Control: no-store", reason(see_other ? 303 : 200),
		    policy);
		generation[see_other] = csp_generation;
	}
	return head[see_other];
}

void
http_reply(struct evhttp_request *req, int status, const char *content_type,
    struct evbuffer *body)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);

	/*
	 * evhttp 2.1 sends a HEAD reply's body (without Content-Length): a
	 * pipelined request after it would be read from the middle of a page.
	 */
	if (evhttp_request_get_command(req) == EVHTTP_REQ_HEAD)
		body = NULL;
	if ((status == 200 || status == 303) &&
	    (strcmp(content_type, HTTP_HTML) == 0 ||
	    strcmp(content_type, HTTP_TEXT) == 0) &&
	    evhttp_find_header(h, "Cache-Control") == NULL) {
		const char *date = http_date();

		if (date[0] != '\0')
			evhttp_add_header(h, "Date", date);
		evhttp_add_header(h, "Content-Type", content_type);
		log_request(req, status);
		connlimit_request_end(limits, req);
		evhttp_send_reply(req, status, http_fast_head(status == 303),
		    body);
		return;
	}
	http_headers(req, content_type);
	if (status == 429 || status == 503)
		evhttp_add_header(h, "Retry-After", "5");
	if ((status == 408 || status == 413 || status == 414 || status == 429)
	    && evhttp_find_header(h, "Connection") == NULL)
		evhttp_add_header(h, "Connection", "close");
	log_request(req, status);
	connlimit_request_end(limits, req);
	evhttp_send_reply(req, status, reason(status), body);
}

/*
 * The Date header, formatted once a second.  evhttp formats it for every
 * reply (gmtime_r and a printf, 3,500 instructions, 7% of a form page)
 * unless the reply already has one.  RFC 9110's IMF-fixdate, with names
 * from tables rather than strftime(3), whose names follow the locale.
 * Replies are made on the loop's thread only.
 */
static const char *
http_date(void)
{
	static const char days[7][4] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"
	};
	static const char months[12][4] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec"
	};
	static char date[32];
	static time_t when = -1;
	time_t now = time(NULL);
	struct tm tm;

	if (now != when && gmtime_r(&now, &tm) != NULL) {
		snprintf(date, sizeof(date), "%s, %02d %s %04d %02d:%02d:%02d GMT",
		    days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
		    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
		when = now;
	}
	return date;
}

void
http_headers(struct evhttp_request *req, const char *content_type)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	const char *cd, *date = http_date();

	if (date[0] != '\0')
		evhttp_add_header(h, "Date", date);
	evhttp_add_header(h, "Content-Type", content_type);
	evhttp_add_header(h, "Content-Security-Policy", http_csp());
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	/*
	 * No X-Frame-Options: the CSP's frame-ancestors 'none' forbids
	 * framing, and every browser that knows frame-ancestors (all current
	 * ones) ignores X-Frame-Options when it is present.  A header costs
	 * the loop about 2,000 instructions (evhttp's calloc, two strdup,
	 * printf and free), 4% of a form page.
	 */
	if (evhttp_find_header(h, "Cache-Control") == NULL)
		evhttp_add_header(h, "Cache-Control", "no-store");
	/* A CSV is a download, never a page rendered from our origin. */
	if (strncmp(content_type, "text/csv", 8) == 0 &&
	    ((cd = evhttp_find_header(h, "Content-Disposition")) == NULL ||
	    strncmp(cd, "attachment", 10) != 0)) {
		evhttp_remove_header(h, "Content-Disposition");
		evhttp_add_header(h, "Content-Disposition",
		    "attachment; filename=\"recueil.csv\"");
	}
}

static void
stream_start(struct evhttp_request *req, int status,
    const char *content_type)
{
	http_headers(req, content_type);
	log_request(req, status);
	evhttp_send_reply_start(req, status, reason(status));
}

static void
stream_end(struct evhttp_request *req)
{
	connlimit_request_end(limits, req);
	evhttp_send_reply_end(req);
}

void
http_reply_html(struct evhttp_request *req, int status, struct evbuffer *body)
{
	http_reply(req, status, HTTP_HTML, body);
	evbuffer_free(body);
}

void
http_fail_lang(struct evhttp_request *req, enum errpage kind, int english,
    const char *detail)
{
	const struct errpage_info *e = errpage_get(kind);
	enum i18n_lang was = i18n_lang();
	struct evbuffer *b = evbuffer_new();
	char *msg;

	if (english)
		i18n_set_lang(I18N_EN);
	msg = detail != NULL ? xasprintf("%s %s", _(e->text), detail) : NULL;
	html_error(b, _(e->title), msg != NULL ? msg : _(e->text), e->codebox,
	    i18n_lang() == I18N_EN);
	http_reply_html(req, e->status, b);
	free(msg);
	i18n_set_lang(was);
}

void
http_fail(struct evhttp_request *req, enum errpage kind)
{
	http_fail_lang(req, kind, 0, NULL);
}

void
http_set_request_lang(struct evhttp_request *req)
{
	char *q = http_query(req, "lang");
	char c[8];
	int have = http_cookie(req, HTTP_LANG_COOKIE, c, sizeof(c)) == 0;

	i18n_set_lang(i18n_request_lang(q, have ? c : NULL));
	free(q);
}

void
http_redirect(struct evhttp_request *req, const char *location)
{
	evhttp_add_header(evhttp_request_get_output_headers(req), "Location",
	    location);
	http_reply(req, 303, HTTP_TEXT, NULL);
}

const char *
http_path(struct evhttp_request *req)
{
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);
	const char *p = u != NULL ? evhttp_uri_get_path(u) : NULL;

	return p != NULL && *p != '\0' ? p : "/";
}

char *
http_body(struct evhttp_request *req, size_t max, size_t *len)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t n = evbuffer_get_length(in);
	char *s;

	if (n > max)
		return NULL;
	s = xmalloc(n + 1);
	evbuffer_copyout(in, s, n);
	s[n] = '\0';
	*len = n;
	return s;
}

char *
http_query(struct evhttp_request *req, const char *key)
{
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);
	const char *q = u != NULL ? evhttp_uri_get_query(u) : NULL;
	struct urlenc enc;
	char *v = NULL;

	if (q == NULL)
		return NULL;
	if (urlenc_parse(&enc, q, strlen(q), 64, 1024) == URLENC_OK &&
	    urlenc_get(&enc, key) != NULL)
		v = xstrdup(urlenc_get(&enc, key));
	urlenc_release(&enc);
	return v;
}

const char *
http_uri(struct evhttp_request *req)
{
	return evhttp_request_get_uri(req);
}

const char *
http_query_string(struct evhttp_request *req)
{
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(req);

	return u != NULL ? evhttp_uri_get_query(u) : NULL;
}

enum http_method
http_method(struct evhttp_request *req)
{
	switch (evhttp_request_get_command(req)) {
	case EVHTTP_REQ_GET: return HTTP_GET;
	case EVHTTP_REQ_HEAD: return HTTP_HEAD;
	case EVHTTP_REQ_POST: return HTTP_POST;
	default: return HTTP_OTHER;
	}
}

const char *
http_header(struct evhttp_request *req, const char *name)
{
	return evhttp_find_header(evhttp_request_get_input_headers(req), name);
}

void
http_header_add(struct evhttp_request *req, const char *name,
    const char *value)
{
	evhttp_add_header(evhttp_request_get_output_headers(req), name, value);
}

int
http_content_type_is(struct evhttp_request *req, const char *want)
{
	const char *ct = http_header(req, "Content-Type");
	size_t n = strlen(want);

	return ct != NULL && strncasecmp(ct, want, n) == 0 &&
	    (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

int
http_cookie(struct evhttp_request *req, const char *name, char *out,
    size_t outlen)
{
	return auth_cookie_get(http_header(req, "Cookie"), name, out, outlen);
}

void
http_cookie_set(struct evhttp_request *req, const char *name,
    const char *value, const char *path, int max_age, int secure)
{
	char age[32] = "";
	char *v;

	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%d", max_age);
	v = xasprintf("%s=%s; Path=%s%s; HttpOnly; SameSite=Strict%s", name,
	    value, path, age, secure ? "; Secure" : "");
	http_header_add(req, "Set-Cookie", v);
	explicit_bzero(v, strlen(v));
	free(v);
}

char *
http_uri_encode(const char *s)
{
	return evhttp_uriencode(s, -1, 0);
}

void
http_peer_key(struct evhttp_request *req, char *out, size_t len)
{
	char addr[64];

	/* The peer, or behind trusted_proxies the client they report. */
	connlimit_client_addr(req, addr, sizeof(addr));
	snprintf(out, len, "a:%s", addr);
}

/* ---- streamed replies ------------------------------------------------- */

/*
 * The producers run on the job queue of jobq.h (a worker per stream, no
 * context).  A producer's sink appends to a buffer shared under a mutex
 * and wakes the loop (wake.h: libevent runs without locks, so no libevent
 * call is made from a worker; `pending` is only touched under the mutex).
 * The loop sends what has accumulated as one HTTP chunk and asks for the
 * next one only when that chunk has left (flow control), and the producer
 * waits while the shared buffer is full: memory stays flat however large
 * the reply.  If the client goes away (evhttp then detaches the request
 * from its connection, and keeps it until our last call), a once-a-second
 * check notices it and the producer is told to stop at its next write.
 * The connection's close callback is left alone: it belongs to the
 * connection limits (connlimit.c).
 *
 * A stream ends twice: its reply (loop thread, `replied`) and its job
 * (the queue's done callback, `ran`); it is freed after both.
 */
#define STREAM_HIGH_WATER (256 * 1024)   /* the producer waits above this */

struct stream {
	struct jobq_job job;
	/* Set before the job starts, then read-only. */
	struct http_stream_spec spec;
	struct wake *notify;

	/* Shared, under lock. */
	pthread_mutex_t lock;
	pthread_cond_t room;
	struct evbuffer *pending;
	int finished;                 /* the producer is done */
	int rc;                       /* run's result */
	int cancelled;                /* the client went away */
	char err[512];

	/* Loop thread only. */
	struct evhttp_request *req;
	struct event *check;          /* once a second: is the client there? */
	struct stream *next;          /* the active streams */
	int started;                  /* reply started */
	int flushing;                 /* a chunk is on its way */
	int replied, ran;
};

/* Loop thread only. */
static struct jobq *stream_q;
static struct stream *streams;
static int n_streams;

#define STREAM_OF(j) ((struct stream *)(void *)((char *)(j) - \
	offsetof(struct stream, job)))

int
http_streams_running(void)
{
	return n_streams;
}

static int
stream_write(void *arg, const void *buf, size_t len)
{
	struct stream *d = arg;
	int rc = 0;

	pthread_mutex_lock(&d->lock);
	while (!d->cancelled &&
	    evbuffer_get_length(d->pending) > STREAM_HIGH_WATER)
		pthread_cond_wait(&d->room, &d->lock);
	if (d->cancelled)
		rc = -1;
	else
		evbuffer_add(d->pending, buf, len);
	pthread_mutex_unlock(&d->lock);
	if (rc == 0)
		wake_signal(d->notify);
	return rc;
}

/* On a worker: produce the whole reply. */
static void
stream_job_run(void *arg, void *ctx, struct jobq_job *batch, size_t n)
{
	(void)arg;
	(void)ctx;
	(void)n;
	for (struct jobq_job *j = batch; j != NULL; j = j->next) {
		struct stream *d = STREAM_OF(j);
		char err[512] = "";
		int rc = d->spec.run(d->spec.arg, stream_write, d, err,
		    sizeof(err));

		pthread_mutex_lock(&d->lock);
		d->finished = 1;
		d->rc = rc;
		snprintf(d->err, sizeof(d->err), "%s", err);
		pthread_mutex_unlock(&d->lock);
		wake_signal(d->notify);
	}
}

static void
stream_free(struct stream *d)
{
	wake_free(d->notify);
	if (d->check != NULL)
		event_free(d->check);
	evbuffer_free(d->pending);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->room);
	if (d->spec.done != NULL)
		d->spec.done(d->spec.arg);
	free(d);
	n_streams--;
}

/* The job ended (loop thread). */
static void
stream_job_done(void *arg, struct jobq_job *j)
{
	struct stream *d = STREAM_OF(j);

	(void)arg;
	d->ran = 1;
	if (d->replied)
		stream_free(d);
}

static const struct jobq_ops stream_ops = {
	NULL, NULL, stream_job_run, stream_job_done
};

/* The reply is over: forget the stream, free it once its job ended. */
static void
stream_replied(struct stream *d)
{
	struct stream **p;

	d->replied = 1;
	for (p = &streams; *p != NULL && *p != d; p = &(*p)->next)
		;
	if (*p != NULL)
		*p = d->next;
	if (d->check != NULL)
		event_free(d->check);
	d->check = NULL;
	if (d->ran)
		stream_free(d);
}

static void pump(struct stream *d);

static void
on_flushed(struct evhttp_connection *conn, void *arg)
{
	struct stream *d = arg;

	(void)conn;
	d->flushing = 0;
	pump(d);
}

static void
stream_cancel(struct stream *d)
{
	pthread_mutex_lock(&d->lock);
	d->cancelled = 1;
	pthread_cond_signal(&d->room);
	pthread_mutex_unlock(&d->lock);
}

/* Once a second: a request without a connection lost its client. */
static void
check_cb(evutil_socket_t fd, short what, void *arg)
{
	struct stream *d = arg;

	(void)fd;
	(void)what;
	if (evhttp_request_get_connection(d->req) == NULL) {
		stream_cancel(d);
		d->flushing = 0;
	}
	pump(d);
}

static void
start_reply(struct stream *d)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(d->req);
	char disp[512];

	/* No file name: a page shown in the browser (the bilan). */
	if (d->spec.filename != NULL) {
		(void)filename_disposition(d->spec.filename, disp, sizeof(disp));
		evhttp_add_header(h, "Content-Disposition", disp);
	}
	evhttp_add_header(h, "Cache-Control", "no-store");
	stream_start(d->req, 200, d->spec.content_type);
	d->started = 1;
}

/* The client went away: finish once the producer has noticed. */
static void
pump_cancelled(struct stream *d, int finished)
{
	if (!finished)
		return;
	/* Both free the detached request. */
	if (d->started)
		stream_end(d->req);
	else
		http_reply(d->req, 499, HTTP_TEXT, NULL);
	stream_replied(d);
}

/* On the loop thread: move what the producer made to the client. */
static void
pump(struct stream *d)
{
	struct evbuffer *chunk;
	int finished, rc, cancelled;
	char err[512];

	if (d->flushing || d->replied)
		return;
	chunk = evbuffer_new();
	pthread_mutex_lock(&d->lock);
	evbuffer_add_buffer(chunk, d->pending);
	pthread_cond_signal(&d->room);
	finished = d->finished;
	rc = d->rc;
	cancelled = d->cancelled;
	snprintf(err, sizeof(err), "%s", d->err);
	pthread_mutex_unlock(&d->lock);

	if (cancelled || (!d->started && finished && rc < 0)) {
		evbuffer_free(chunk);
		if (cancelled) {
			pump_cancelled(d, finished);
		} else {
			/* Nothing sent yet: a proper error page. */
			d->spec.failed(d->req, rc, err, d->spec.arg);
			stream_replied(d);
		}
		return;
	}
	if (!d->started && (evbuffer_get_length(chunk) > 0 || finished))
		start_reply(d);
	if (evbuffer_get_length(chunk) > 0) {
		d->flushing = 1;
		evhttp_send_reply_chunk_with_cb(d->req, chunk, on_flushed, d);
		evbuffer_free(chunk);
		return;
	}
	evbuffer_free(chunk);
	if (finished) {
		if (rc < 0)
			fprintf(stderr, "recueild: stream interrupted: %s\n", err);
		stream_end(d->req);
		stream_replied(d);
	}
}

static void
notify_cb(void *arg)
{
	pump(arg);
}

int
http_stream_run(struct server *srv, struct evhttp_request *req,
    const struct http_stream_spec *spec)
{
	struct stream *d;
	char err[256];

	if (stream_q == NULL && (stream_q = jobq_start(srv->base, &stream_ops,
	    NULL, HTTP_STREAMS_MAX, 1, HTTP_STREAMS_MAX, err, sizeof(err))) == NULL) {
		fprintf(stderr, "recueild: streams: %s\n", err);
		return -1;
	}
	d = xcalloc(1, sizeof(*d));
	d->spec = *spec;
	d->req = req;
	d->pending = evbuffer_new();
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->room, NULL);
	d->notify = wake_new(srv->base, notify_cb, d);
	d->check = event_new(srv->base, -1, EV_PERSIST, check_cb, d);
	n_streams++;
	if (d->notify == NULL || d->check == NULL ||
	    jobq_submit(stream_q, &d->job) < 0) {
		/* Not started: the caller replies and frees spec->arg. */
		d->spec.done = NULL;
		stream_free(d);
		return -1;
	}
	d->next = streams;
	streams = d;
	event_add(d->check, &(struct timeval){ 1, 0 });
	return 0;
}

/*
 * At exit: tell every producer to stop, wait for the workers, and free
 * the streams whose reply never ended (their requests go with the
 * server).
 */
static void
streams_stop(void)
{
	for (struct stream *d = streams; d != NULL; d = d->next)
		stream_cancel(d);
	jobq_stop(stream_q, NULL);
	stream_q = NULL;
	while (streams != NULL) {
		struct stream *d = streams;

		streams = d->next;
		d->replied = 1;
		stream_free(d);
	}
}

/* ---- the hot path ---------------------------------------------------- */

/*
 * The form page, GET /r/CODE, is most of the traffic (a meeting's
 * residents all open it within minutes), and evhttp spent most of its
 * cost: the request object, its parser (sscanf, a strdup per header, a
 * URI parsed into pieces), the header lists and their printf.  So a plain
 * keep-alive GET (hotreq.h) that arrives whole at the start of an idle
 * connection is answered here, from the connection's input buffer
 * (connlimit_set_hot: the connection's state, deadlines and request count
 * go on as for any reply), with the very bytes http_reply() has evhttp
 * write for that page: the status line, the constant headers of
 * http_fast_head(), then Date, Content-Type and Content-Length.  The page
 * comes from http_set_hot_page's function, which answers exactly as the
 * handler would, or declines.  Whatever is not recognised or declined,
 * and everything on a connection while evhttp holds a request, goes to
 * evhttp unchanged, in order.  Residents' requests are counted in the log
 * the same way (log_counted).
 */
static http_hot_page hot_page;
static struct evbuffer *hot_body;    /* the page being answered */
static unsigned long hot_replies;    /* said at exit, for the tests */

void
http_set_hot_page(http_hot_page page)
{
	hot_page = page;
}

/*
 * The head of a hot reply up to the value of Content-Length, formatted
 * again when the Date or the policy changes; *len is 0 if it cannot be.
 */
static const char *
hot_head(size_t *len)
{
	static char head[sizeof(csp) + 320];
	static char date_was[32];
	static size_t head_len;
	static unsigned generation = (unsigned)-1;
	const char *fast = http_fast_head(0), *date = http_date();
	int n;

	if (generation != csp_generation || strcmp(date, date_was) != 0) {
		n = snprintf(head, sizeof(head), "HTTP/1.1 200 %s\r\n"
		    "Date: %s\r\nContent-Type: %s\r\nContent-Length: ", fast,
		    date, HTTP_HTML);
		/* Without a Date, evhttp would add its own: leave it to it. */
		head_len = n > 0 && (size_t)n < sizeof(head) && date[0] != '\0' ?
		    (size_t)n : 0;
		snprintf(date_was, sizeof(date_was), "%s", date);
		generation = csp_generation;
	}
	*len = head_len;
	return head;
}

/* "N\r\n\r\n" into buf (32 bytes at least); its length. */
static size_t
hot_length(char *buf, size_t n)
{
	char digits[24];
	size_t k = 0, len = 0;

	do {
		digits[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n > 0 && k < sizeof(digits));
	while (k > 0)
		buf[len++] = digits[--k];
	memcpy(buf + len, "\r\n\r\n", 4);
	return len + 4;
}

/*
 * connlimit's hot function: the length of the request at the start of
 * `in` answered into `out`, or 0 for evhttp to take it.  What route()
 * checks first is checked here too: the URI's length, the shutdown, and
 * the language (that of a request without query or cookie).
 */
static size_t
http_hot(void *arg, struct evbuffer *in, struct evbuffer *out)
{
	struct server *srv = arg;
	struct evbuffer_iovec v;
	char path[64], num[32];
	const char *head;
	size_t n, head_len;

	if (hot_page == NULL || srv->stopping ||
	    evbuffer_peek(in, -1, NULL, &v, 1) < 1)
		return 0;
	/* The first chunk of the buffer: a request split otherwise is rare,
	 * and evhttp's. */
	n = hotreq_parse(v.iov_base, v.iov_len, srv->cfg->max_header_size, path,
	    sizeof(path));
	if (n == 0 || strlen(path) > srv->cfg->max_uri_length)
		return 0;
	head = hot_head(&head_len);
	if (head_len == 0)
		return 0;
	i18n_set_lang(i18n_request_lang(NULL, NULL));
	if (hot_page(srv, path, hot_body) < 0) {
		evbuffer_drain(hot_body, evbuffer_get_length(hot_body));
		return 0;
	}
	evbuffer_add(out, head, head_len);
	evbuffer_add(out, num, hot_length(num, evbuffer_get_length(hot_body)));
	evbuffer_add_buffer(out, hot_body);
	(void)log_counted(path);
	hot_replies++;
	return n;
}

/* ---- the transport's own checks --------------------------------------- */

static http_handler handler;

static void
route(struct evhttp_request *req, void *arg)
{
	struct server *srv = arg;
	const char *uri = evhttp_request_get_uri(req);

	connlimit_request_begin(limits, req);
	if (uri != NULL && strlen(uri) > srv->cfg->max_uri_length) {
		i18n_set_lang(I18N_FR);
		http_fail(req, ERR_URI_TOO_LONG);
		return;
	}
	http_set_request_lang(req);
	if (srv->stopping) {
		http_fail(req, ERR_STOPPING);
		return;
	}
	handler(srv, req);
}

/* ---- server ----------------------------------------------------------- */

static struct evhttp_bound_socket *bound;

/*
 * The connection limits, with the whole 408 response they write raw when
 * a deadline passes.
 */
static void
limits_start(struct server *srv)
{
	/*
	 * Also the refusals connlimit makes before evhttp parses a request,
	 * instead of libevent's bare pages: a method other than GET, HEAD and
	 * POST, a head or a declared body over the limits.
	 */
	static const struct {
		enum errpage kind;
		const char *extra;    /* more header lines */
	} raw[] = {
		{ ERR_TIMEOUT, "" },
		{ ERR_NOT_ALLOWED, "Allow: GET, HEAD, POST\r\n" },
		{ ERR_POST_TOO_LARGE, "" },
	};

	/* Written before any request: in French, the pages' default. */
	i18n_set_lang(I18N_FR);
	for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
		const struct errpage_info *e = errpage_get(raw[i].kind);
		struct evbuffer *page = evbuffer_new(), *resp = evbuffer_new();

		html_error(page, _(e->title), _(e->text), e->codebox, 0);
		evbuffer_add_printf(resp, "HTTP/1.1 %d %s\r\n"
		    "Content-Type: %s\r\nContent-Length: %zu\r\n"
		    "Content-Security-Policy: %s\r\n"
		    "X-Content-Type-Options: nosniff\r\n"
		    "Referrer-Policy: no-referrer\r\n"
		    "Cache-Control: no-store\r\n%sConnection: close\r\n\r\n",
		    e->status, reason(e->status), HTTP_HTML,
		    evbuffer_get_length(page), http_csp(), raw[i].extra);
		evbuffer_add_buffer(resp, page);
		if (i == 0)
			limits = connlimit_new(srv->base, srv->http, bound,
			    srv->cfg, (const char *)evbuffer_pullup(resp, -1),
			    evbuffer_get_length(resp));
		else
			connlimit_set_page(limits, e->status,
			    (const char *)evbuffer_pullup(resp, -1),
			    evbuffer_get_length(resp));
		evbuffer_free(page);
		evbuffer_free(resp);
	}
}

int
http_start(struct server *srv, http_handler h, char *err, size_t errlen)
{
	const struct config *cfg = srv->cfg;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[INET6_ADDRSTRLEN];
	int port;
	evutil_socket_t fd;

	srv->http = evhttp_new(srv->base);
	if (srv->http == NULL) {
		snprintf(err, errlen, L_("impossible de créer le serveur "
		    "HTTP"));
		return -1;
	}
	evhttp_set_default_content_type(srv->http, HTTP_HTML);
	evhttp_set_max_headers_size(srv->http, (ev_ssize_t)cfg->max_header_size);
	evhttp_set_max_body_size(srv->http, (ev_ssize_t)(cfg->max_upload_size >
	    cfg->max_body_size ? cfg->max_upload_size : cfg->max_body_size));
	evhttp_set_timeout(srv->http, cfg->idle_timeout);
	evhttp_set_allowed_methods(srv->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_HEAD);
	handler = h;
	evhttp_set_gencb(srv->http, route, srv);
	log_flush_ev = evtimer_new(srv->base, log_flush_cb, NULL);
	log_addresses = cfg->log_addresses;
	log_resolution = (int)cfg->time_resolution;
	connlimit_log_init();
	bound = evhttp_bind_socket_with_handle(srv->http, cfg->listen_addr,
	    (ev_uint16_t)cfg->listen_port);
	if (bound == NULL) {
		/* libevent keeps bind(2)'s errno; say why, and what to do
		 * when another program (often another recueild) has the
		 * port. */
		int e = errno;

		if (e == EADDRINUSE)
			snprintf(err, errlen, _("impossible d'écouter sur "
			    "%s:%d : %s. Ce port est déjà pris (par un autre "
			    "recueild ?) : arrêtez ce programme ou choisissez "
			    "un autre port, par exemple « make run PORT=8081 "
			    "» ou « recueild --listen %s:8081 »."),
			    cfg->listen_addr, cfg->listen_port, strerror(e),
			    cfg->listen_addr);
		else
			snprintf(err, errlen, _("impossible d'écouter sur "
			    "%s:%d : %s"), cfg->listen_addr, cfg->listen_port,
			    strerror(e));
		return -1;
	}
	limits_start(srv);
	if (hot_page != NULL) {
		hot_body = evbuffer_new();
		connlimit_set_hot(limits, http_hot, srv);
	}
	fd = evhttp_bound_socket_get_fd(bound);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0) {
		snprintf(err, errlen, L_("impossible de lire l'adresse "
		    "d'écoute"));
		return -1;
	}
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof(host));
		port = ntohs(s6->sin6_port);
		fprintf(stderr, "listening on http://[%s]:%d/\n", host, port);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof(host));
		port = ntohs(s4->sin_port);
		fprintf(stderr, "listening on http://%s:%d/\n", host, port);
	}
	if (srv->base_url == NULL || *srv->base_url == '\0') {
		free(srv->base_url);
		srv->base_url = ss.ss_family == AF_INET6 ?
		    xasprintf("http://[%s]:%d", host, port) :
		    xasprintf("http://%s:%d", host, port);
	}
	return 0;
}

void
http_stop_accepting(struct server *srv)
{
	connlimit_stop(limits);
	if (bound != NULL) {
		evhttp_del_accept_socket(srv->http, bound);
		bound = NULL;
	}
}

void
http_free(struct server *srv)
{
	streams_stop();
	connlimit_stop(limits);
	if (srv->http != NULL)
		evhttp_free(srv->http);
	srv->http = NULL;
	connlimit_free(limits);
	limits = NULL;
	if (hot_body != NULL) {
		evbuffer_free(hot_body);
		fprintf(stderr, "recueild: hot path: %lu replies\n", hot_replies);
	}
	hot_body = NULL;
	meeting_cache_clear();
	if (log_flush_ev != NULL)
		event_free(log_flush_ev);
	log_flush_ev = NULL;
	log_public_flush();
	log_flush();
}
