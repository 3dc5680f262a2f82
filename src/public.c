/*
 * public.c - the public pages: the home page and its code box, a
 * meeting's form, the answers' submission and the thank-you page (see
 * public.h).  No session, no role: what is checked here is the meeting
 * (open, known, its form served) and the form instance's token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "answers.h"
#include "code.h"
#include "config.h"
#include "form.h"
#include "html.h"
#include "html_cache.h"
#include "http.h"
#include "i18n.h"
#include "kiosk.h"
#include "meeting_cache.h"
#include "page.h"
#include "public.h"
#include "registry.h"
#include "skip.h"
#include "store.h"
#include "urlenc.h"
#include "util.h"
#include "writer.h"

/* Whether the page asked for English (?lang=en), for the error pages. */
static int
wants_english(struct evhttp_request *req)
{
	char *lang = http_query(req, "lang");
	int english = lang != NULL && strcmp(lang, "en") == 0;

	free(lang);
	return english;
}

static void
page_home(struct page *p)
{
	struct evbuffer *b = evbuffer_new();

	html_home(b, NULL, NULL);
	http_reply_html(p->req, 200, b);
}

static void
page_healthz(struct page *p)
{
	struct evbuffer *b = evbuffer_new();

	evbuffer_add(b, "ok\n", 3);
	http_reply(p->req, 200, HTTP_TEXT, b);
	evbuffer_free(b);
}

/* GET /r?code=...: the code box's target. */
static void
page_code(struct page *p)
{
	char *raw = http_query(p->req, "code");
	char code[CODE_LEN + 1];
	struct meeting m;
	struct evbuffer *b;
	int rc = 1;

	if (raw != NULL && code_normalize(raw, code) == 0) {
		rc = store_meeting_get(p->srv->store, code, &m);
		if (rc == 0) {
			char loc[8 + CODE_LEN];

			store_meeting_release(&m);
			snprintf(loc, sizeof(loc), "/r/%s", code);
			http_redirect(p->req, loc);
			free(raw);
			return;
		}
	}
	b = evbuffer_new();
	html_home(b, _(errpage_get(rc < 0 ? ERR_UNAVAILABLE :
	    ERR_MEETING_UNKNOWN)->text), raw);
	http_reply_html(p->req, rc < 0 ? 503 : 404, b);
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
open_meeting(struct page *p, struct meeting *m, const struct form **f)
{
	char code[CODE_LEN + 1];
	enum errpage e = ERR_COUNT;
	int rc = 1;

	if (code_normalize(p->param, code) < 0 ||
	    (rc = meeting_cache_get(p->srv->store, code, m)) == 1)
		e = ERR_MEETING_UNKNOWN;
	else if (rc < 0) {
		fprintf(stderr, "recueild: %s\n", store_error(p->srv->store));
		e = ERR_UNAVAILABLE;
	} else if (m->closed)
		e = ERR_MEETING_CLOSED;
	else if ((*f = registry_get(p->srv->forms, m->form_id)) == NULL)
		e = ERR_FORM_UNAVAILABLE;
	if (e != ERR_COUNT) {
		http_fail_lang(p->req, e, wants_english(p->req), NULL);
		return -1;
	}
	if (strcmp(code, p->param) != 0) {
		/* Typed in lower case or with dashes: go to the canonical URL. */
		char loc[8 + CODE_LEN];

		snprintf(loc, sizeof(loc), "/r/%s", code);
		http_redirect(p->req, loc);
		return -1;
	}
	return 0;
}

static void
page_form(struct page *p)
{
	struct meeting m;
	const struct form *f;
	char token[TOKEN_TEXT_LEN + 1];
	struct evbuffer *b;

	if (open_meeting(p, &m, &f) < 0)
		return;
	token_make(p->srv->token_key, m.id, (int64_t)time(NULL), token);
	b = evbuffer_new();
	html_cache_form(b, f, &m, request_lang(p->req, f), token);
	http_reply_html(p->req, 200, b);
}

/* The kiosk's form link of meeting `m` into buf. */
static void
kiosk_path(char *buf, size_t len, const struct meeting *m, const char *key)
{
	snprintf(buf, len, "/r/%s/tablette?cle=%s", m->code, key);
}

/*
 * GET /r/CODE/tablette?cle=KEY: the form on the centre's shared tablet
 * (kiosk.h): no draft kept, a fresh empty form after each answer, the
 * answers marked "kiosk".  A wrong key is a page that does not exist.
 */
static void
page_kiosk(struct page *p)
{
	struct meeting m;
	const struct form *f;
	char token[TOKEN_TEXT_LEN + 1];
	char *key;
	struct evbuffer *b;

	if (open_meeting(p, &m, &f) < 0)
		return;
	key = http_query(p->req, "cle");
	if (!kiosk_check(p->srv->token_key, m.id, key)) {
		http_fail_lang(p->req, ERR_NOT_FOUND, 0, NULL);
		free(key);
		return;
	}
	token_make(p->srv->token_key, m.id, (int64_t)time(NULL), token);
	{
		struct html_form_opts o = { request_lang(p->req, f), token, 0,
		    key };

		b = evbuffer_new();
		html_form_step(b, f, &m, &o, NULL);
	}
	http_reply_html(p->req, 200, b);
	free(key);
}

static void
page_thanks(struct page *p)
{
	char norm[CODE_LEN + 1], next[80];
	struct meeting m;
	struct evbuffer *b;
	int english = wants_english(p->req);
	char *key = http_query(p->req, "tablette");

	if (code_normalize(p->param, norm) < 0 ||
	    store_meeting_get(p->srv->store, norm, &m) != 0) {
		http_fail_lang(p->req, ERR_MEETING_UNKNOWN, english, NULL);
		free(key);
		return;
	}
	if (kiosk_check(p->srv->token_key, m.id, key))
		kiosk_path(next, sizeof(next), &m, key);
	b = evbuffer_new();
	html_thanks(b, &m, english, kiosk_check(p->srv->token_key, m.id, key) ?
	    next : NULL);
	http_reply_html(p->req, 200, b);
	store_meeting_release(&m);
	free(key);
}

/* ---- submissions ------------------------------------------------------ */

/* A submission waiting for its batch to be durable. */
struct post {
	struct writer_job job;
	struct evhttp_request *req;
	struct answers answers;
	struct answer *rows;
	int english;
	char merci[128];    /* where the 303 goes once stored */
};

/* The thank-you page's path, in the form's language when not default. */
static void
thanks_path(char *buf, size_t len, const char *code, const struct form *f,
    size_t lang, const char *kiosk)
{
	const char *lc = lang != 0 && lang < f->n_langs ? f->lang_codes[lang] :
	    NULL;
	size_t n;

	if (lc != NULL && *lc != '\0' && strlen(lc) < 16 &&
	    strspn(lc, "abcdefghijklmnopqrstuvwxyz-") == strlen(lc))
		snprintf(buf, len, "/r/%s/merci?lang=%s", code, lc);
	else
		snprintf(buf, len, "/r/%s/merci", code);
	n = strlen(buf);
	if (kiosk != NULL)
		snprintf(buf + n, len - n, "%ctablette=%s",
		    strchr(buf, '?') != NULL ? '&' : '?', kiosk);
}

static void
post_done(struct writer_job *job, enum writer_result r)
{
	struct post *p = (struct post *)job;

	if (r == WRITER_FAILED)
		http_fail_lang(p->req, ERR_NOT_STORED, p->english, NULL);
	else
		/* Stored now or before (a resubmission): durable either way. */
		http_redirect(p->req, p->merci);
	answers_release(&p->answers);
	free(p->rows);
	free(p);
}

/*
 * Read the answers' body into `enc`, or reply (415, 413, 400) and return
 * -1.  Release `enc` in both cases.
 */
static int
read_answers(struct page *p, struct urlenc *enc, int english)
{
	const struct config *cfg = p->srv->cfg;
	enum errpage e = ERR_COUNT;
	char *body = NULL;
	size_t len;
	enum urlenc_status us;

	if (!http_content_type_is(p->req, "application/x-www-form-urlencoded"))
		e = ERR_ANSWERS_NOT_FORM;
	else if ((body = http_body(p->req, cfg->max_body_size, &len)) == NULL)
		e = ERR_ANSWERS_TOO_LARGE;
	else if ((us = urlenc_parse(enc, body, len, cfg->max_fields,
	    cfg->max_answer_length)) == URLENC_TOO_LONG)
		e = ERR_ANSWER_TOO_LONG;
	else if (us != URLENC_OK)
		e = ERR_ANSWERS_MALFORMED;
	free(body);
	if (e == ERR_COUNT)
		return 0;
	http_fail_lang(p->req, e, english, NULL);
	return -1;
}

/*
 * Check the form instance's token: 0 when it is good (nonce filled), or
 * reply and return -1 (a late retry of stored answers gets its thank-you
 * page again).
 */
static int
check_token(struct page *p, const struct meeting *m, const struct form *f,
    const char *token, size_t lang, unsigned char *nonce)
{
	enum token_status ts = token_check(p->srv->token_key, token, m->id,
	    (int64_t)time(NULL), p->srv->cfg->token_lifetime, nonce);

	if (ts == TOKEN_STALE &&
	    store_response_exists(p->srv->store, nonce) == 1) {
		char loc[64];

		thanks_path(loc, sizeof(loc), m->code, f, lang, NULL);
		http_redirect(p->req, loc);
		return -1;
	}
	if (ts != TOKEN_OK) {
		http_fail_lang(p->req, ts == TOKEN_STALE ? ERR_TOKEN_STALE :
		    ERR_TOKEN_BAD, wants_english(p->req), NULL);
		return -1;
	}
	return 0;
}

/* A small number field (a step) of the body, or -1. */
static int
step_field(const struct urlenc *enc, const char *name)
{
	const char *v = urlenc_get(enc, name);
	char *end;
	long n;

	if (v == NULL || *v < '0' || *v > '9')
		return -1;
	n = strtol(v, &end, 10);
	return *end == '\0' && n < 1000 ? (int)n : -1;
}

static void
reply_step(struct page *pg, const struct form *f, const struct meeting *m,
    const struct html_form_opts *o, const struct answers *a, int status)
{
	struct evbuffer *b = evbuffer_new();

	html_form_step(b, f, m, o, a);
	http_reply_html(pg->req, status, b);
}

/*
 * A "Suivant" or "Précédent" of the form served in steps (skip.h): the
 * answers so far are checked (going forward, the errors of the step
 * being left are shown on it again) and the next step that shows
 * anything is served, every answer carried in it.  Returns 0 when it
 * replied, 1 when nothing is left to show: the answers are then sent.
 */
static int
post_step(struct page *pg, const struct form *f, const struct meeting *m,
    struct html_form_opts *o, const struct answers *a, int go, int at)
{
	size_t n = f->n_questions > 0 ? f->n_questions : 1;
	int *level = xcalloc(n, sizeof(*level)), *shown = xcalloc(n,
	    sizeof(*shown));
	int steps = skip_levels(f, level), s, rc = 0;

	struct answers clean = *a;

	/* A step reached by a button shows what was typed, and no error. */
	clean.errors = xcalloc(n, sizeof(*clean.errors));
	clean.n_errors = 0;
	at = at < 0 ? 0 : at >= steps ? steps - 1 : at;
	if (go <= at) {
		for (s = go < steps ? go : steps - 1; s > 0; s--)
			if (skip_shown(f, level, a->relevant, s, shown) > 0)
				break;
		o->step = s;
		reply_step(pg, f, m, o, &clean, 200);
		goto done;
	}
	skip_shown(f, level, a->relevant, at, shown);
	for (size_t i = 0; i < f->n_questions; i++)
		if (shown[i] && a->errors[i] != NULL) {
			o->step = at;
			reply_step(pg, f, m, o, a, 422);
			goto done;
		}
	for (s = at + 1; s < steps; s++)
		if (skip_shown(f, level, a->relevant, s, shown) > 0) {
			o->step = s;
			reply_step(pg, f, m, o, &clean, 200);
			goto done;
		}
	rc = 1;
done:
	free(clean.errors);
	free(level);
	free(shown);
	return rc;
}

static void
post_form(struct page *pg)
{
	const struct config *cfg = pg->srv->cfg;
	struct meeting m;
	const struct form *f;
	struct urlenc enc = { 0 };
	struct post *p = NULL;
	size_t lang;
	const char *token;
	unsigned char nonce[TOKEN_NONCE_LEN];
	int64_t now = (int64_t)time(NULL);
	int english = wants_english(pg->req);
	struct html_form_opts o = { 0, NULL, 0, NULL };
	const char *kiosk;
	int replied = 0;

	if (open_meeting(pg, &m, &f) < 0 || read_answers(pg, &enc, english) < 0)
		goto done;
	lang = request_lang(pg->req, f);
	token = urlenc_get(&enc, "_token");
	if (check_token(pg, &m, f, token, lang, nonce) < 0)
		goto done;
	o.lang = lang;
	o.token = token;
	/* From the kiosk's form when it carries the meeting's kiosk key. */
	if (!kiosk_check(pg->srv->token_key, m.id, (kiosk = urlenc_get(&enc,
	    "_kiosk"))))
		kiosk = NULL;
	p = xcalloc(1, sizeof(*p));
	answers_from_fields(&p->answers, f, &enc);
	answers_validate(&p->answers, lang);
	o.kiosk = kiosk;
	/* "Suivant"/"Précédent" (skip.h), else the answers sent whole; the
	 * same token throughout: the corrected form is the same instance. */
	if (step_field(&enc, "_go") >= 0 && post_step(pg, f, &m, &o,
	    &p->answers, step_field(&enc, "_go"), step_field(&enc, "_at")) == 0)
		replied = 1;
	else if (p->answers.n_errors > 0) {
		o.step = -1;
		reply_step(pg, f, &m, &o, &p->answers, 422);
		replied = 1;
	}
	if (replied) {
		answers_release(&p->answers);
		free(p);
		goto done;
	}
	p->req = pg->req;
	p->english = english;
	p->job.sub.channel = kiosk != NULL ? STORE_KIOSK : STORE_PHONE;
	thanks_path(p->merci, sizeof(p->merci), m.code, f, lang, kiosk);
	p->rows = answers_rows(&p->answers, &p->job.sub.n_answers);
	p->job.sub.answers = p->rows;
	p->job.sub.meeting_id = m.id;
	p->job.sub.form_version_id = f->version_id;
	memcpy(p->job.sub.token, nonce, sizeof(nonce));
	p->job.sub.submitted_at = time_coarsen(now, cfg->time_resolution);
	p->job.done = post_done;
	writer_submit(pg->srv->writer, &p->job);
done:
	urlenc_release(&enc);
}

/* ---- routes ----------------------------------------------------------- */

/*
 * The answers' body is read by post_form itself, not by the dispatcher:
 * its limits and its error pages are the public form's own.
 */
static const struct route routes[] = {
	{ ROUTE_PAGE, "/", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0, page_home },
	{ ROUTE_PAGE, "/healthz", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0,
	    page_healthz },
	{ ROUTE_PAGE, "/r", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0, page_code },
	{ ROUTE_PAGE, "/r/{code}", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0,
	    page_form },
	{ ROUTE_POST, "/r/{code}", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0,
	    post_form },
	{ ROUTE_PAGE, "/r/{code}/merci", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0,
	    page_thanks },
	{ ROUTE_PAGE, "/r/{code}/tablette", ROUTE_ANYONE, ROUTE_NO_BODY, 0, 0,
	    page_kiosk },
};

const struct route_table public_routes = {
	"", ROUTE_ANYONE, ERR_NOT_FOUND, routes, sizeof(routes) / sizeof(routes[0])
};
