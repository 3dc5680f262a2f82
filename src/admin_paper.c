/*
 * admin_paper.c - the paper form and the typing of paper sheets (see
 * admin_paper.h).  A sheet goes through the same rules as the phone form
 * (answers.c) and the same writer, with the form instance's one-time
 * token (a double click stores it once) and its number, which the
 * database keeps unique per meeting (a sheet is never typed twice).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "admin_int.h"
#include "admin_paper.h"
#include "answers.h"
#include "code.h"
#include "config.h"
#include "form.h"
#include "html.h"
#include "html_paper.h"
#include "http.h"
#include "i18n.h"
#include "kiosk.h"
#include "page.h"
#include "registry.h"
#include "server.h"
#include "store.h"
#include "token.h"
#include "urlenc.h"
#include "util.h"
#include "writer.h"

void
admin_paper_init(void)
{
	const char *css;
	size_t len;

	(void)http_csp();
	for (int i = 0; (css = html_paper_style(i, &len)) != NULL; i++)
		http_csp_add_style(css, len);
}

/*
 * The meeting of a /admin/meetings/{code}/... path and its form, or reply
 * (404, 503) and return -1.  Release `m` after a 0 return.  A closed
 * meeting still takes its paper sheets: they are typed in afterwards.
 */
static int
paper_meeting(struct page *p, struct meeting *m, const struct form **f)
{
	if (admin_path_meeting(p, m) < 0)
		return -1;
	if ((*f = registry_get(p->srv->forms, m->form_id)) == NULL) {
		store_meeting_release(m);
		http_fail(p->req, ERR_FORM_UNAVAILABLE);
		return -1;
	}
	return 0;
}

static void
page_paper(struct page *p)
{
	struct meeting m;
	const struct form *f;
	struct evbuffer *b;
	char *url;

	if (paper_meeting(p, &m, &f) < 0)
		return;
	url = xasprintf("%s/r/%s", p->srv->base_url != NULL ?
	    p->srv->base_url : "", m.code);
	b = evbuffer_new();
	html_paper_print(b, f, &m, url);
	http_reply_html(p->req, 200, b);
	free(url);
	store_meeting_release(&m);
}

/* The typing page, with `e` filled but for the counts. */
static void
reply_entry(struct page *p, const struct form *f, const struct meeting *m,
    struct html_paper_entry *e, const struct answers *a, int status)
{
	struct evbuffer *b;

	if (store_channel_count(p->srv->store, m->id, STORE_PAPER,
	    &e->typed) < 0 || (e->sheet == 0 &&
	    store_sheet_next(p->srv->store, m->id, &e->sheet) < 0)) {
		fprintf(stderr, "recueild: admin: %s\n",
		    store_error(p->srv->store));
		http_fail(p->req, ERR_UNAVAILABLE);
		return;
	}
	b = evbuffer_new();
	html_paper_entry_page(b, &p->who->ctx, f, m, e, a);
	http_reply_html(p->req, status, b);
}

/* A sheet number: 1 to 999999, or 0. */
static int64_t
sheet_number(const char *s)
{
	char *end;
	long long n;

	if (s == NULL || *s < '0' || *s > '9')
		return 0;
	n = strtoll(s, &end, 10);
	return *end == '\0' && n > 0 && n < 1000000 ? (int64_t)n : 0;
}

static void
page_entry(struct page *p)
{
	struct meeting m;
	const struct form *f;
	char token[TOKEN_TEXT_LEN + 1];
	struct html_paper_entry e = { token, 0, NULL, 0, 0 };
	char *saved;

	if (paper_meeting(p, &m, &f) < 0)
		return;
	saved = http_query(p->req, "feuille");
	e.saved = sheet_number(saved);
	free(saved);
	token_make(p->srv->token_key, m.id, (int64_t)time(NULL), token);
	reply_entry(p, f, &m, &e, NULL, 200);
	store_meeting_release(&m);
}

/* A sheet waiting for its batch to be durable. */
struct sheet_post {
	struct writer_job job;
	struct evhttp_request *req;
	struct answers answers;
	struct answer *rows;
	char next[64];      /* where the 303 goes once stored */
};

static void
sheet_done(struct writer_job *job, enum writer_result r)
{
	struct sheet_post *sp = (struct sheet_post *)job;

	if (r == WRITER_FAILED)
		http_fail(sp->req, ERR_NOT_STORED);
	else
		http_redirect(sp->req, sp->next);
	answers_release(&sp->answers);
	free(sp->rows);
	free(sp);
}

/*
 * Check the page's token: 0 when good (nonce filled), 1 when this very
 * page was already stored (a double click: replied with the page that
 * says so), -1 when it replied with an error.
 */
static int
sheet_token(struct page *p, const struct meeting *m, const char *token,
    unsigned char *nonce)
{
	enum token_status ts = token_check(p->srv->token_key, token, m->id,
	    (int64_t)time(NULL), p->srv->cfg->token_lifetime, nonce);
	int exists = ts == TOKEN_BAD ? 0 :
	    store_response_exists(p->srv->store, nonce);

	if (exists == 1) {
		char *loc = xasprintf("/admin/meetings/%s/saisie", m->code);

		http_redirect(p->req, loc);
		free(loc);
		return 1;
	}
	if (ts != TOKEN_OK) {
		http_fail(p->req, ts == TOKEN_STALE ? ERR_TOKEN_STALE :
		    ERR_TOKEN_BAD);
		return -1;
	}
	return 0;
}

static void
post_entry(struct page *p)
{
	struct meeting m;
	const struct form *f;
	const char *token = urlenc_get(p->form, "_token") != NULL ?
	    urlenc_get(p->form, "_token") : "";
	unsigned char nonce[TOKEN_NONCE_LEN];
	struct html_paper_entry e = { token, 0, NULL, 0, 0 };
	struct sheet_post *sp;
	int exists;

	if (paper_meeting(p, &m, &f) < 0)
		return;
	if (sheet_token(p, &m, token, nonce) != 0)
		goto done;
	sp = xcalloc(1, sizeof(*sp));
	answers_from_fields(&sp->answers, f, p->form);
	answers_validate(&sp->answers, 0);
	e.sheet = sheet_number(urlenc_get(p->form, "_feuille"));
	exists = e.sheet > 0 ? store_sheet_exists(p->srv->store, m.id,
	    e.sheet) : 0;
	if (e.sheet == 0)
		e.sheet_error = _("Indiquez le numéro écrit sur la feuille "
		    "(un nombre).");
	else if (exists != 0)
		e.sheet_error = exists > 0 ? _("Cette feuille est déjà saisie : "
		    "vérifiez son numéro.") : _("Le numéro n'a pas pu être "
		    "vérifié ; réessayez.");
	if (e.sheet_error != NULL || sp->answers.n_errors > 0) {
		reply_entry(p, f, &m, &e, &sp->answers, 422);
		answers_release(&sp->answers);
		free(sp);
		goto done;
	}
	sp->req = p->req;
	snprintf(sp->next, sizeof(sp->next), "/admin/meetings/%s/saisie"
	    "?feuille=%lld", m.code, (long long)e.sheet);
	sp->rows = answers_rows(&sp->answers, &sp->job.sub.n_answers);
	sp->job.sub.answers = sp->rows;
	sp->job.sub.meeting_id = m.id;
	sp->job.sub.form_version_id = f->version_id;
	memcpy(sp->job.sub.token, nonce, sizeof(nonce));
	sp->job.sub.submitted_at = time_coarsen((int64_t)time(NULL),
	    p->srv->cfg->time_resolution);
	sp->job.sub.channel = STORE_PAPER;
	sp->job.sub.sheet = e.sheet;
	sp->job.done = sheet_done;
	writer_submit(p->srv->writer, &sp->job);
done:
	store_meeting_release(&m);
}

/* GET /admin/meetings/CODE/tablette: the kiosk link to open on the tablet. */
static void
page_kiosk_link(struct page *p)
{
	struct meeting m;
	const struct form *f;
	struct evbuffer *b;
	char key[KIOSK_KEY_LEN + 1], *url;

	if (paper_meeting(p, &m, &f) < 0)
		return;
	kiosk_key(p->srv->token_key, m.id, key);
	url = xasprintf("%s/r/%s/tablette?cle=%s", p->srv->base_url != NULL ?
	    p->srv->base_url : "", m.code, key);
	b = evbuffer_new();
	html_paper_kiosk_page(b, &p->who->ctx, &m, url);
	http_reply_html(p->req, 200, b);
	free(url);
	store_meeting_release(&m);
}

static const struct route routes[] = {
	{ ROUTE_PAGE, "/admin/meetings/{code}/tablette", ROUTE_STAFF,
	    ROUTE_NO_BODY, 0, 0, page_kiosk_link },
	{ ROUTE_PAGE, "/admin/meetings/{code}/papier", ROUTE_STAFF,
	    ROUTE_NO_BODY, 0, 0, page_paper },
	{ ROUTE_PAGE, "/admin/meetings/{code}/saisie", ROUTE_STAFF,
	    ROUTE_NO_BODY, 0, 0, page_entry },
	{ ROUTE_POST, "/admin/meetings/{code}/saisie", ROUTE_STAFF,
	    ROUTE_FORM, 256 * 1024, 1, post_entry },
};

const struct route_table admin_paper_routes = {
	"/admin", ROUTE_STAFF, ERR_STAFF_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};
