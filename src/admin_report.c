/*
 * admin_report.c - the bilan's staff pages and their route table.
 *
 *   GET  /admin/report                    what the bilan covers (a form)
 *   GET  /admin/report/bilan.html?...     the bilan (report.h), with the
 *                                         options of `recueil report`
 *   GET  /admin/meetings/CODE/paroles     a meeting's free-text answers
 *   POST /admin/meetings/CODE/paroles     keep one for the bilan, or not
 *                                         (coordinators; CSRF token)
 *
 * The bilan is a streamed reply (http.h): it runs on its own thread with
 * its own read-only database connection and registry, like the export
 * downloads, so the event loop never waits for its queries.  Keeping a
 * quote is a write: it runs on the staff pages' worker pool.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "admin.h"
#include "admin_int.h"
#include "code.h"
#include "config.h"
#include "form.h"
#include "html_report.h"
#include "http.h"
#include "i18n.h"
#include "page.h"
#include "pool.h"
#include "registry.h"
#include "report.h"
#include "store.h"
#include "urlenc.h"
#include "util.h"

/* 2,000 characters of four bytes, percent-encoded, and the other fields. */
#define MAX_PAROLE_BODY 32768
/* The longest kept edit, in characters. */
#define EDIT_MAX_CHARS 2000

/* ---- what the bilan covers -------------------------------------------- */

static void
options_page(struct page *p, int status, const char *error)
{
	admin_selection_page(p, status, error, html_report_options);
}

static void
get_report(struct page *p)
{
	options_page(p, 200, NULL);
}

/* ---- the bilan -------------------------------------------------------- */

struct bilan {
	struct admin_stream st;       /* first: admin_stream_free frees all */
	struct report_options o;
};

/* On the stream's thread: the page, as `recueil report` writes it. */
static int
bilan_run(struct admin_stream *st, struct store *s, struct registry *reg,
    const struct export_sink *sink, char *err, size_t errlen)
{
	struct bilan *b = (struct bilan *)st;

	return report_run(s, reg, &b->o, sink, err, errlen);
}

static int
bilan_option(struct admin_stream *st, const char *key, const char *value,
    char *why, size_t whylen)
{
	struct bilan *b = (struct bilan *)st;

	return report_option_set(&b->o, key, value, why, whylen);
}

static void
get_bilan(struct page *p)
{
	struct http_stream_spec spec = { HTTP_HTML, NULL, NULL, NULL, NULL,
	    NULL };
	struct bilan *b;
	char err[600];

	if (http_streams_running() >= HTTP_STREAMS_MAX) {
		http_fail(p->req, ERR_EXPORT_BUSY);
		return;
	}
	b = xcalloc(1, sizeof(*b));
	b->st.what = "bilan";
	b->st.run = bilan_run;
	report_options_init(&b->o);
	b->o.staff = 1;
	if (admin_stream_options(&b->st, http_query_string(p->req),
	    bilan_option, _("Les options du bilan sont mal formées."),
	    _("Bilan impossible : %s"), err, sizeof(err)) < 0) {
		admin_stream_free(b);
		options_page(p, 400, err);
		return;
	}
	/* The server's min_count is a floor, as for the downloads. */
	if (b->o.min_count < p->srv->cfg->min_count)
		b->o.min_count = p->srv->cfg->min_count;
	admin_stream_start(p, &b->st, &spec);
}

/* ---- a meeting's paroles ---------------------------------------------- */

struct paroles {
	const struct form *f;
	struct html_report_parole *v;
	size_t n;
};

static int
parole_add(const struct store_quote *q, void *arg)
{
	struct paroles *pl = arg;
	struct html_report_parole *x;

	pl->v = xrealloc(pl->v, (pl->n + 1) * sizeof(*pl->v));
	x = &pl->v[pl->n++];
	x->response_id = q->response_id;
	x->q = form_question(pl->f, q->question);
	x->value = xstrdup(q->value);
	x->kept = q->kept;
	x->text = xstrdup(q->text);
	return 0;
}

/* The text questions of `f`, in form order (a new array of borrowed
 * names, *n of them). */
static const char **
text_questions(const struct form *f, size_t *n)
{
	const char **v = xcalloc(f->n_questions + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < f->n_questions; i++)
		if (f->questions[i].type == Q_TEXT)
			v[(*n)++] = f->questions[i].name;
	return v;
}

static void
paroles_page(struct page *p, const char *notice)
{
	struct meeting m;
	struct paroles pl = { NULL, NULL, 0 };
	const char **qs = NULL;
	size_t nq = 0;
	struct evbuffer *b;

	if (admin_path_meeting(p, &m) < 0)
		return;
	if ((pl.f = registry_get(p->srv->forms, m.form_id)) != NULL)
		qs = text_questions(pl.f, &nq);
	if (nq > 0 && store_quote_list(p->srv->store, m.id, qs, nq, parole_add,
	    &pl) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(p->srv->store));
		http_fail(p->req, ERR_UNAVAILABLE);
	} else {
		b = evbuffer_new();
		html_report_paroles(b, &p->who->ctx, &m, pl.f, pl.v, pl.n, notice);
		http_reply_html(p->req, 200, b);
	}
	for (size_t i = 0; i < pl.n; i++) {
		free(pl.v[i].value);
		free(pl.v[i].text);
	}
	free(pl.v);
	free(qs);
	store_meeting_release(&m);
}

static void
get_paroles(struct page *p)
{
	paroles_page(p, NULL);
}

/* Keeping a quote, on a worker of the pool. */
struct keep_job {
	struct pool_job job;
	struct evhttp_request *req;
	char code[CODE_LEN + 1];
	int64_t meeting_id, response_id;
	char *question, *text;
	int keep;
	int rc;
};

static void
keep_job_free(struct keep_job *j)
{
	free(j->question);
	free(j->text);
	free(j);
}

static void
keep_run(struct pool_job *job, struct store *s)
{
	struct keep_job *j = (struct keep_job *)job;

	j->rc = store_quote_set(s, j->meeting_id, j->response_id, j->question,
	    j->keep, j->text);
	if (j->rc < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
}

static void
keep_done(struct pool_job *job)
{
	struct keep_job *j = (struct keep_job *)job;

	if (j->rc == 0) {
		char *loc = xasprintf("/admin/meetings/%s/paroles#p-%lld-%s",
		    j->code, (long long)j->response_id, j->question);

		http_redirect(j->req, loc);
		free(loc);
	} else {
		http_fail(j->req, j->rc > 0 ? ERR_STAFF_NOT_FOUND : ERR_UNAVAILABLE);
	}
	keep_job_free(j);
}

/*
 * The fields of a keep: response (a number), question (a text question
 * of the meeting's form), keep ("1" or absent), text (the edit, at most
 * EDIT_MAX_CHARS characters; spaces around it dropped).  Returns 0 or -1.
 */
static int
keep_fields(const struct urlenc *form, const struct form *f,
    struct keep_job *j)
{
	const char *r = urlenc_get(form, "response");
	const char *q = urlenc_get(form, "question");
	const char *k = urlenc_get(form, "keep");
	const char *t = urlenc_get(form, "text");
	const struct question *qq;
	char *end = NULL;
	size_t len;

	if (r == NULL || q == NULL || *r == '\0')
		return -1;
	j->response_id = strtoll(r, &end, 10);
	if (*end != '\0' || j->response_id <= 0)
		return -1;
	/* A text question of the form being served (its name is then safe
	 * in the Location of the reply). */
	qq = f != NULL ? form_question(f, q) : NULL;
	if (qq == NULL || qq->type != Q_TEXT)
		return -1;
	j->keep = k != NULL && strcmp(k, "1") == 0;
	t = t != NULL ? t : "";
	t += strspn(t, " \t\r\n");
	len = strlen(t);
	while (len > 0 && strchr(" \t\r\n", t[len - 1]) != NULL)
		len--;
	j->text = xstrndup(t, len);
	if (form_utf8_length(j->text) > EDIT_MAX_CHARS)
		return -1;
	j->question = xstrdup(q);
	return 0;
}

static void
post_paroles(struct page *p)
{
	struct meeting m;
	struct keep_job *j;

	if (admin_path_meeting(p, &m) < 0)
		return;
	j = xcalloc(1, sizeof(*j));
	j->job.run = keep_run;
	j->job.done = keep_done;
	j->req = p->req;
	j->meeting_id = m.id;
	memcpy(j->code, m.code, sizeof(j->code));
	if (keep_fields(p->form, registry_get(p->srv->forms, m.form_id),
	    j) < 0) {
		keep_job_free(j);
		http_fail(p->req, ERR_POST_MALFORMED);
	} else if (admin_pool_run(p->srv, &j->job) < 0) {
		keep_job_free(j);
		http_fail(p->req, ERR_UNAVAILABLE);
	}
	store_meeting_release(&m);
}

/* ---- routes ----------------------------------------------------------- */

/* The bilan is GET only: a streamed reply to HEAD would never end. */
static const struct route routes[] = {
	{ ROUTE_PAGE, "/admin/report", ROUTE_STAFF, ROUTE_NO_BODY, 0, 0,
	    get_report },
	{ ROUTE_GET, "/admin/report/bilan.html", ROUTE_STAFF, ROUTE_NO_BODY, 0,
	    0, get_bilan },
	{ ROUTE_PAGE, "/admin/meetings/{code}/paroles", ROUTE_STAFF,
	    ROUTE_NO_BODY, 0, 0, get_paroles },
	{ ROUTE_POST, "/admin/meetings/{code}/paroles", ROUTE_COORDINATOR,
	    ROUTE_FORM, MAX_PAROLE_BODY, 1, post_paroles },
};

const struct route_table admin_report_routes = {
	"/admin", ROUTE_STAFF, ERR_STAFF_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};

int
admin_report_init(struct server *srv, char *err, size_t errlen)
{
	const char *css;
	size_t len;

	(void)srv;
	(void)err;
	(void)errlen;
	css = report_style(&len);
	http_csp_add_style(css, len);
	return 0;
}
