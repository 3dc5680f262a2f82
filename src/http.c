/*
 * http.c - the HTTP layer: server set-up, routing, replies and the public
 * pages (see http.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
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

#include "admin.h"
#include "answers.h"
#include "code.h"
#include "form.h"
#include "html.h"
#include "html_cache.h"
#include "http.h"
#include "i18n.h"
#include "meeting_cache.h"
#include "connlimit.h"
#include "registry.h"
#include "store.h"
#include "urlenc.h"
#include "util.h"
#include "writer.h"

/* ---- replies ---------------------------------------------------------- */

/*
 * Content-Security-Policy: nothing but our own inline style sheets, allowed
 * by their SHA-256 (no 'unsafe-inline'), images from ourselves or data:
 * URLs (QR codes), forms posting to ourselves; no script at all.
 */
static const char csp_head[] = "default-src 'none'; style-src";
static const char csp_tail[] =
    "; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'; object-src 'none'";
#define CSP_MAX_STYLES 8
static char csp[sizeof(csp_head) + sizeof(csp_tail) + CSP_MAX_STYLES * 60];

/* The connection limits (connlimit.h); NULL before http_start. */
static struct connlimit *limits;

void
http_csp_add_style(const char *css, size_t len)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
	    sodium_base64_VARIANT_ORIGINAL)];
	size_t n;

	if (csp[0] == '\0')
		snprintf(csp, sizeof(csp), "%s%s", csp_head, csp_tail);
	n = strlen(csp) - (sizeof(csp_tail) - 1);
	if (n + 60 + sizeof(csp_tail) > sizeof(csp))
		fatal("too many inline style sheets for the CSP");
	crypto_hash_sha256(h, (const unsigned char *)css, len);
	sodium_bin2base64(b64, sizeof(b64), h, sizeof(h),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(csp + n, sizeof(csp) - n, " 'sha256-%s'%s", b64, csp_tail);
}

const char *
http_csp(void)
{
	if (csp[0] == '\0') {
		size_t len;
		const char *css = html_style(&len);

		http_csp_add_style(css, len);
	}
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
	 * Paths hold meeting codes only: no query, and no client address
	 * unless log_client_addresses is set (residents are not tracked).
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

void
http_reply(struct evhttp_request *req, int status, const char *content_type,
    struct evbuffer *body)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);

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

void
http_headers(struct evhttp_request *req, const char *content_type)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);
	const char *cd;

	evhttp_add_header(h, "Content-Type", content_type);
	evhttp_add_header(h, "Content-Security-Policy", http_csp());
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	evhttp_add_header(h, "Referrer-Policy", "no-referrer");
	evhttp_add_header(h, "X-Frame-Options", "DENY");
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

void
http_stream_start(struct evhttp_request *req, int status,
    const char *content_type)
{
	http_headers(req, content_type);
	log_request(req, status);
	evhttp_send_reply_start(req, status, reason(status));
}

void
http_stream_end(struct evhttp_request *req)
{
	connlimit_request_end(limits, req);
	evhttp_send_reply_end(req);
}

void
http_error(struct evhttp_request *req, int status, const char *title,
    const char *message, int codebox)
{
	struct evbuffer *b = evbuffer_new();

	html_error(b, title, message, codebox);
	http_reply(req, status, HTTP_HTML, b);
	evbuffer_free(b);
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

/* ---- public pages ----------------------------------------------------- */

static void
page_home(struct server *srv, struct evhttp_request *req)
{
	struct evbuffer *b = evbuffer_new();

	(void)srv;
	html_home(b, NULL, NULL);
	http_reply(req, 200, HTTP_HTML, b);
	evbuffer_free(b);
}

/* GET /r?code=...: the code box's target. */
static void
page_code(struct server *srv, struct evhttp_request *req)
{
	char *raw = http_query(req, "code");
	char code[CODE_LEN + 1];
	struct meeting m;
	struct evbuffer *b;
	int rc = 1;

	if (raw != NULL && code_normalize(raw, code) == 0) {
		rc = store_meeting_get(srv->store, code, &m);
		if (rc == 0) {
			char loc[8 + CODE_LEN];

			store_meeting_release(&m);
			snprintf(loc, sizeof(loc), "/r/%s", code);
			http_redirect(req, loc);
			free(raw);
			return;
		}
	}
	b = evbuffer_new();
	html_home(b, rc < 0 ? "Le service est momentanément indisponible, "
	    "réessayez dans un instant." : "Ce code ne correspond à aucune "
	    "rencontre. Vérifiez-le et réessayez.", raw);
	http_reply(req, rc < 0 ? 503 : 404, HTTP_HTML, b);
	evbuffer_free(b);
	free(raw);
}

/* The language asked with ?lang=, as an index of the form's languages. */
static size_t
request_lang(struct evhttp_request *req, const struct form *f)
{
	char *code = http_query(req, "lang");
	size_t lang = code != NULL ? form_lang(f, code) : 0;

	free(code);
	return lang;
}

/*
 * Find the open meeting of a /r/CODE request and its form, or reply
 * (404, 410, 503) and return -1.  On 0, `m` is borrowed from the meeting
 * cache (meeting_cache.h): never released, valid until the handler returns.
 */
static int
open_meeting(struct server *srv, struct evhttp_request *req,
    const char *code_in, struct meeting *m, const struct form **f)
{
	char code[CODE_LEN + 1];
	int rc;

	if (code_normalize(code_in, code) < 0 ||
	    (rc = meeting_cache_get(srv->store, code, m)) == 1) {
		http_error(req, 404, "Rencontre introuvable", "Ce code ne "
		    "correspond à aucune rencontre. Vérifiez le code affiché dans "
		    "la salle.", 1);
		return -1;
	}
	if (rc < 0) {
		fprintf(stderr, "recueild: %s\n", store_error(srv->store));
		http_error(req, 503, "Service indisponible", "Le service est "
		    "momentanément indisponible. Réessayez dans un instant.", 0);
		return -1;
	}
	if (m->closed) {
		http_error(req, 410, "Cette rencontre est close", "Merci de votre "
		    "intérêt : le recueil des avis pour cette rencontre est "
		    "terminé.", 0);
		return -1;
	}
	if ((*f = registry_get(srv->forms, m->form_id)) == NULL) {
		http_error(req, 503, "Questionnaire indisponible", "Le "
		    "questionnaire de cette rencontre n'est pas disponible pour le "
		    "moment. Prévenez l'équipe du centre.", 0);
		return -1;
	}
	if (strcmp(code, code_in) != 0) {
		/* Typed in lower case or with dashes: go to the canonical URL. */
		char loc[8 + CODE_LEN];

		snprintf(loc, sizeof(loc), "/r/%s", code);
		http_redirect(req, loc);
		return -1;
	}
	return 0;
}

static void
send_form(struct server *srv, struct evhttp_request *req, int status,
    const struct form *f, const struct meeting *m, size_t lang,
    const char *token, const struct answers *a)
{
	struct evbuffer *b = evbuffer_new();

	(void)srv;
	html_form(b, f, m, lang, token, a);
	http_reply(req, status, HTTP_HTML, b);
	evbuffer_free(b);
}

static void
page_form(struct server *srv, struct evhttp_request *req, const char *code)
{
	struct meeting m;
	const struct form *f;
	char token[TOKEN_TEXT_LEN + 1];
	struct evbuffer *b;

	if (open_meeting(srv, req, code, &m, &f) < 0)
		return;
	token_make(srv->token_key, m.id, (int64_t)time(NULL), token);
	b = evbuffer_new();
	html_cache_form(b, f, &m, request_lang(req, f), token);
	http_reply(req, 200, HTTP_HTML, b);
	evbuffer_free(b);
}

static void
page_thanks(struct server *srv, struct evhttp_request *req, const char *code)
{
	char norm[CODE_LEN + 1];
	struct meeting m;
	struct evbuffer *b;
	char *lang = http_query(req, "lang");
	int english = lang != NULL && strcmp(lang, "en") == 0;

	if (code_normalize(code, norm) < 0 ||
	    store_meeting_get(srv->store, norm, &m) != 0) {
		http_error(req, 404, "Rencontre introuvable", "Ce code ne "
		    "correspond à aucune rencontre.", 1);
		free(lang);
		return;
	}
	free(lang);
	b = evbuffer_new();
	html_thanks(b, &m, english);
	http_reply(req, 200, HTTP_HTML, b);
	evbuffer_free(b);
	store_meeting_release(&m);
}

/* A submission waiting for its batch to be durable. */
struct post {
	struct writer_job job;
	struct evhttp_request *req;
	struct answers answers;
	struct answer *rows;
	char merci[64];     /* where the 303 goes once stored */
};

/* The thank-you page's path, in the form's language when not default. */
static void
thanks_path(char *buf, size_t len, const char *code, const struct form *f,
    size_t lang)
{
	const char *lc = lang != 0 && lang < f->n_langs ? f->lang_codes[lang] :
	    NULL;

	if (lc != NULL && *lc != '\0' && strlen(lc) < 16 &&
	    strspn(lc, "abcdefghijklmnopqrstuvwxyz-") == strlen(lc))
		snprintf(buf, len, "/r/%s/merci?lang=%s", code, lc);
	else
		snprintf(buf, len, "/r/%s/merci", code);
}

static void
post_done(struct writer_job *job, enum writer_result r)
{
	struct post *p = (struct post *)job;

	if (r == WRITER_FAILED) {
		http_error(p->req, 503, "Réponses non enregistrées", "Un problème "
		    "technique a empêché l'enregistrement. Revenez en arrière et "
		    "envoyez à nouveau vos réponses : rien ne sera compté deux "
		    "fois.", 0);
	} else {
		/* Stored now or before (a resubmission): durable either way. */
		http_redirect(p->req, p->merci);
	}
	answers_release(&p->answers);
	free(p->rows);
	free(p);
}

static int
is_urlencoded(struct evhttp_request *req)
{
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(req),
	    "Content-Type");
	static const char want[] = "application/x-www-form-urlencoded";

	return ct != NULL && strncasecmp(ct, want, sizeof(want) - 1) == 0 &&
	    (ct[sizeof(want) - 1] == '\0' || ct[sizeof(want) - 1] == ';');
}

static void
post_form(struct server *srv, struct evhttp_request *req, const char *code)
{
	const struct config *cfg = srv->cfg;
	struct meeting m;
	const struct form *f;
	struct urlenc enc = { 0 };
	struct post *p = NULL;
	char *body = NULL;
	size_t len, lang;
	const char *token;
	unsigned char nonce[TOKEN_NONCE_LEN];
	enum token_status ts;
	enum urlenc_status us;
	int64_t now = (int64_t)time(NULL);

	if (open_meeting(srv, req, code, &m, &f) < 0)
		return;
	if (!is_urlencoded(req)) {
		http_error(req, 415, "Envoi incompréhensible", "Les réponses "
		    "doivent être envoyées par le formulaire.", 0);
		goto done;
	}
	if ((body = http_body(req, cfg->max_body_size, &len)) == NULL) {
		http_error(req, 413, "Réponses trop longues", "Vos réponses sont "
		    "trop longues pour être enregistrées. Raccourcissez-les.", 0);
		goto done;
	}
	us = urlenc_parse(&enc, body, len, cfg->max_fields,
	    cfg->max_answer_length);
	if (us == URLENC_TOO_LONG) {
		http_error(req, 413, "Réponse trop longue", "Une de vos réponses "
		    "est trop longue. Raccourcissez-la.", 0);
		goto done;
	}
	if (us != URLENC_OK) {
		http_error(req, 400, "Envoi incompréhensible", "Les réponses "
		    "reçues sont mal formées. Rechargez le questionnaire.", 0);
		goto done;
	}
	lang = request_lang(req, f);
	token = urlenc_get(&enc, "_token");
	ts = token_check(srv->token_key, token, m.id, now, cfg->token_lifetime,
	    nonce);
	if (ts == TOKEN_STALE && store_response_exists(srv->store, nonce) == 1) {
		/* A late retry of answers already stored: same thank-you. */
		char loc[64];

		thanks_path(loc, sizeof(loc), m.code, f, lang);
		http_redirect(req, loc);
		goto done;
	}
	if (ts != TOKEN_OK) {
		http_error(req, ts == TOKEN_STALE ? 410 : 400,
		    ts == TOKEN_STALE ? "Questionnaire expiré" :
		    "Questionnaire non reconnu", "Ce questionnaire n'est plus "
		    "valable. Rechargez la page pour obtenir un questionnaire "
		    "neuf.", 0);
		goto done;
	}
	p = xcalloc(1, sizeof(*p));
	answers_from_fields(&p->answers, f, &enc);
	if (answers_validate(&p->answers, lang) > 0) {
		/* The same token: the corrected form is the same instance. */
		send_form(srv, req, 422, f, &m, lang, token, &p->answers);
		answers_release(&p->answers);
		free(p);
		p = NULL;
		goto done;
	}
	p->req = req;
	thanks_path(p->merci, sizeof(p->merci), m.code, f, lang);
	p->rows = answers_rows(&p->answers, &p->job.sub.n_answers);
	p->job.sub.answers = p->rows;
	p->job.sub.meeting_id = m.id;
	p->job.sub.form_version_id = f->version_id;
	memcpy(p->job.sub.token, nonce, sizeof(nonce));
	p->job.sub.submitted_at = time_coarsen(now, cfg->time_resolution);
	p->job.done = post_done;
	writer_submit(srv->writer, &p->job);
done:
	urlenc_release(&enc);
	free(body);
}

/* ---- routing ---------------------------------------------------------- */

static void
route(struct evhttp_request *req, void *arg)
{
	struct server *srv = arg;
	const char *path = http_path(req);
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	int get = cmd == EVHTTP_REQ_GET || cmd == EVHTTP_REQ_HEAD;
	int post = cmd == EVHTTP_REQ_POST;
	const char *uri = evhttp_request_get_uri(req);

	connlimit_request_begin(limits, req);
	if (uri != NULL && strlen(uri) > srv->cfg->max_uri_length) {
		http_error(req, 414, "Adresse trop longue", "Cette adresse est "
		    "trop longue. Vérifiez le lien ou saisissez le code de la "
		    "rencontre.", 1);
		return;
	}
	if (srv->stopping) {
		http_error(req, 503, "Service en cours d'arrêt", "Réessayez dans "
		    "un instant.", 0);
		return;
	}
	if (strncmp(path, "/admin", 6) == 0 &&
	    (path[6] == '\0' || path[6] == '/')) {
		admin_handle(srv, req, path);
		return;
	}
	if (strcmp(path, "/") == 0 && get) {
		page_home(srv, req);
		return;
	}
	if (strcmp(path, "/healthz") == 0 && get) {
		struct evbuffer *b = evbuffer_new();

		evbuffer_add(b, "ok\n", 3);
		http_reply(req, 200, HTTP_TEXT, b);
		evbuffer_free(b);
		return;
	}
	if (strcmp(path, "/r") == 0 && get) {
		page_code(srv, req);
		return;
	}
	if (strncmp(path, "/r/", 3) == 0) {
		const char *code = path + 3;
		const char *slash = strchr(code, '/');
		char buf[32];

		if (slash == NULL && strlen(code) < sizeof(buf)) {
			if (get) {
				page_form(srv, req, code);
				return;
			}
			if (post) {
				post_form(srv, req, code);
				return;
			}
		} else if (slash != NULL && strcmp(slash, "/merci") == 0 &&
		    (size_t)(slash - code) < sizeof(buf) && get) {
			memcpy(buf, code, (size_t)(slash - code));
			buf[slash - code] = '\0';
			page_thanks(srv, req, buf);
			return;
		}
	}
	if (!get && !post) {
		http_error(req, 405, "Méthode non permise", "Cette adresse ne "
		    "s'utilise pas ainsi.", 0);
		return;
	}
	http_error(req, 404, "Page introuvable", "Cette adresse ne correspond "
	    "à aucune page. Pour donner votre avis, saisissez le code de la "
	    "rencontre.", 1);
}

/* ---- server ----------------------------------------------------------- */

static struct evhttp_bound_socket *bound;

int
http_start(struct server *srv, char *err, size_t errlen)
{
	const struct config *cfg = srv->cfg;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char host[INET6_ADDRSTRLEN];
	int port;
	evutil_socket_t fd;

	srv->http = evhttp_new(srv->base);
	if (srv->http == NULL) {
		snprintf(err, errlen, "cannot create the HTTP server");
		return -1;
	}
	evhttp_set_default_content_type(srv->http, HTTP_HTML);
	evhttp_set_max_headers_size(srv->http, (ev_ssize_t)cfg->max_header_size);
	evhttp_set_max_body_size(srv->http, (ev_ssize_t)(cfg->max_upload_size >
	    cfg->max_body_size ? cfg->max_upload_size : cfg->max_body_size));
	evhttp_set_timeout(srv->http, cfg->idle_timeout);
	evhttp_set_allowed_methods(srv->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST |
	    EVHTTP_REQ_HEAD);
	evhttp_set_gencb(srv->http, route, srv);
	log_flush_ev = evtimer_new(srv->base, log_flush_cb, NULL);
	log_addresses = cfg->log_addresses;
	connlimit_log_init();
	bound = evhttp_bind_socket_with_handle(srv->http, cfg->listen_addr,
	    (ev_uint16_t)cfg->listen_port);
	if (bound == NULL) {
		snprintf(err, errlen, "cannot listen on %s:%d", cfg->listen_addr,
		    cfg->listen_port);
		return -1;
	}
	{
		/*
		 * Whole responses written raw by the connection limits: 408 when
		 * a deadline passes, and the refusals made before evhttp parses
		 * a request, instead of libevent's bare pages (connlimit.h).
		 */
		static const struct {
			int status;
			const char *title, *message, *extra;
		} raw[] = {
			{ 408, "Délai dépassé", "La demande est arrivée trop "
			    "lentement. Rechargez la page.", "" },
			{ 405, N_("Méthode non permise"), N_("Cette adresse ne "
			    "s'utilise pas ainsi."), "Allow: GET, HEAD, POST\r\n" },
			{ 413, N_("Demande trop grosse"), N_("La demande envoyée "
			    "dépasse la taille permise."), "" },
		};

		for (size_t i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
			struct evbuffer *page = evbuffer_new();
			struct evbuffer *resp = evbuffer_new();

			html_error(page, _(raw[i].title), _(raw[i].message), 0);
			evbuffer_add_printf(resp, "HTTP/1.1 %d %s\r\n"
			    "Content-Type: %s\r\nContent-Length: %zu\r\n"
			    "Content-Security-Policy: %s\r\n"
			    "X-Content-Type-Options: nosniff\r\n"
			    "Referrer-Policy: no-referrer\r\n"
			    "X-Frame-Options: DENY\r\n"
			    "Cache-Control: no-store\r\n%sConnection: close\r\n\r\n",
			    raw[i].status, reason(raw[i].status), HTTP_HTML,
			    evbuffer_get_length(page), http_csp(), raw[i].extra);
			evbuffer_add_buffer(resp, page);
			if (i == 0)
				limits = connlimit_new(srv->base, srv->http, bound,
				    cfg, (const char *)evbuffer_pullup(resp, -1),
				    evbuffer_get_length(resp));
			else
				connlimit_set_page(limits, raw[i].status,
				    (const char *)evbuffer_pullup(resp, -1),
				    evbuffer_get_length(resp));
			evbuffer_free(page);
			evbuffer_free(resp);
		}
	}
	fd = evhttp_bound_socket_get_fd(bound);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0) {
		snprintf(err, errlen, "cannot read the listening address");
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
	connlimit_stop(limits);
	if (srv->http != NULL)
		evhttp_free(srv->http);
	srv->http = NULL;
	connlimit_free(limits);
	limits = NULL;
	meeting_cache_clear();
	if (log_flush_ev != NULL)
		event_free(log_flush_ev);
	log_flush_ev = NULL;
	log_flush();
}
