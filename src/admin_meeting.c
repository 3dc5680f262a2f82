/*
 * admin_meeting.c - the staff pages about meetings: the list, a new
 * meeting, a meeting's page with its results, QR code and printable page,
 * closing and reopening.
 *
 * Who may do what is declared in the route table at the end of this file
 * and decided by the dispatcher (web.c, route.h); the CSRF token of every
 * POST is checked there too.  Writes run in the staff pages' worker pool
 * (admin_pool_run) on its own database connections; the reply is sent
 * from the job's done callback on the loop thread.  The rules a meeting's
 * fields follow are the meeting model's (meeting.h), never checked here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "admin.h"
#include "admin_int.h"
#include "admin_people.h"
#include "code.h"
#include "config.h"
#include "form.h"
#include "html_meeting.h"
#include "html_people.h"
#include "http.h"
#include "meeting.h"
#include "page.h"
#include "pool.h"
#include "qr.h"
#include "registry.h"
#include "results.h"
#include "server.h"
#include "store.h"
#include "urlenc.h"
#include "util.h"

#define MAX_SMALL_BODY 4096            /* close, reopen */
#define MAX_MEETING_BODY 16384

/* ---- writes in the pool ------------------------------------------------ */

/*
 * A write job: run() does the write on a worker's connection and sets
 * rc; done() replies.
 */
struct write_job {
	struct pool_job job;
	struct server *srv;
	struct evhttp_request *req;
	int rc;
	struct meeting m;                  /* new meeting, close/reopen */
	int closed;
	char err[256];
	struct page_who who;
};

static void
write_job_free(struct write_job *j)
{
	store_meeting_release(&j->m);
	free(j);
}

static struct write_job *
write_job_new(struct page *p, void (*run)(struct pool_job *, struct store *),
    void (*done)(struct pool_job *))
{
	struct write_job *j = xcalloc(1, sizeof(*j));

	j->job.run = run;
	j->job.done = done;
	j->srv = p->srv;
	j->req = p->req;
	if (p->who != NULL)
		page_who_copy(&j->who, p->who);
	return j;
}

static void
submit(struct evhttp_request *req, struct write_job *j)
{
	if (admin_pool_run(j->srv, &j->job) < 0) {
		write_job_free(j);
		http_fail(req, ERR_UNAVAILABLE);
	}
}

/* ---- the list --------------------------------------------------------- */

struct meeting_list {
	struct meeting *v;
	size_t n, alloc;
};

static int
collect_meeting(const struct meeting *m, void *arg)
{
	struct meeting_list *l = arg;
	struct meeting *c;

	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 32;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	c = &l->v[l->n++];
	*c = *m;
	c->form_id = xstrdup(m->form_id);
	c->title = xstrdup(m->title);
	c->date = xstrdup(m->date);
	c->level = xstrdup(m->level);
	c->centre = xstrdup(m->centre);
	c->place = xstrdup(m->place);
	return 0;
}

int
admin_meetings(struct server *srv, struct meeting **v, size_t *n)
{
	struct meeting_list l = { 0 };

	if (store_meeting_each(srv->store, collect_meeting, &l) < 0) {
		admin_meetings_free(l.v, l.n);
		return -1;
	}
	*v = l.v;
	*n = l.n;
	return 0;
}

void
admin_meetings_free(struct meeting *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_meeting_release(&v[i]);
	free(v);
}

static void
page_meetings(struct page *p)
{
	struct meeting *v = NULL;
	size_t n = 0;
	struct evbuffer *b;

	if (admin_meetings(p->srv, &v, &n) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(p->srv->store));
		http_fail(p->req, ERR_UNAVAILABLE);
		return;
	}
	b = evbuffer_new();
	html_meeting_list(b, &p->who->ctx, v, n);
	http_reply_html(p->req, 200, b);
	admin_meetings_free(v, n);
}

static void
new_meeting_page(struct server *srv, struct evhttp_request *req,
    const struct page_who *who, int status, const struct meeting *values,
    const char *error)
{
	size_t n;
	const struct form **forms = admin_forms(srv, &n);
	struct html_people_names names;
	struct evbuffer *b;

	if (admin_people_names(srv, &names) < 0) {
		admin_people_names_release(&names);
		free(forms);
		http_fail(req, ERR_UNAVAILABLE);
		return;
	}
	b = evbuffer_new();
	html_meeting_new(b, &who->ctx, forms, n, &names, values, error);
	http_reply_html(req, status, b);
	admin_people_names_release(&names);
	free(forms);
}

static void
get_new_meeting(struct page *p)
{
	new_meeting_page(p->srv, p->req, p->who, 200, NULL, NULL);
}

static void
create_run(struct pool_job *job, struct store *s)
{
	struct write_job *j = (struct write_job *)job;

	j->rc = meeting_create(s, &j->m, j->err, sizeof(j->err));
	if (j->rc < 0)
		fprintf(stderr, "recueild: admin: %s\n", j->err);
	if (j->rc == 0)
		admin_journal_meeting(s, j->who.session.user, JOURNAL_MEETING_CREATE,
		    &j->m);
}

static void
create_done(struct pool_job *job)
{
	struct write_job *j = (struct write_job *)job;

	if (j->rc == 0) {
		char *loc = xasprintf("/admin/meetings/%s", j->m.code);

		http_redirect(j->req, loc);
		free(loc);
	} else if (j->rc > 0) {
		new_meeting_page(j->srv, j->req, &j->who, 422, &j->m, j->err);
	} else {
		http_fail(j->req, ERR_UNAVAILABLE);
	}
	write_job_free(j);
}

/* The meeting model's form check: the forms this daemon serves. */
static int
form_served(const char *id, void *arg)
{
	return registry_get(arg, id) != NULL;
}

static void
post_new_meeting(struct page *p)
{
	struct meeting m = { 0 };
	char error[256];
	struct write_job *j;

	m.title = (char *)urlenc_get(p->form, "title");
	m.date = (char *)urlenc_get(p->form, "date");
	m.form_id = (char *)urlenc_get(p->form, "form");
	m.level = (char *)urlenc_get(p->form, "level");
	m.centre = (char *)urlenc_get(p->form, "centre");
	m.place = (char *)urlenc_get(p->form, "place");
	if (meeting_validate(&m, form_served, p->srv->forms, 0, error,
	    sizeof(error)) != MEETING_OK) {
		new_meeting_page(p->srv, p->req, p->who, 422, &m, error);
		return;
	}
	j = write_job_new(p, create_run, create_done);
	j->m.form_id = xstrdup(m.form_id);
	j->m.title = xstrdup(m.title);
	j->m.date = xstrdup(m.date);
	j->m.level = xstrdup(m.level != NULL ? m.level : "");
	j->m.centre = xstrdup(m.centre != NULL ? m.centre : "");
	j->m.place = xstrdup(m.place != NULL ? m.place : "");
	submit(p->req, j);
}

/* The public URL of a meeting (caller frees). */
static char *
public_url(struct server *srv, const char *code)
{
	return xasprintf("%s/r/%s", srv->base_url != NULL ? srv->base_url : "",
	    code);
}

/*
 * Find the meeting of a /admin/meetings/{code}... path, or reply 404/503
 * and return -1.  Release `m` after a 0 return.
 */
static int
find_meeting(struct page *p, struct meeting *m)
{
	char code[CODE_LEN + 1];
	int rc;

	if (strlen(p->param) > CODE_LEN || code_normalize(p->param, code) < 0 ||
	    strcmp(code, p->param) != 0 ||
	    (rc = store_meeting_get(p->srv->store, code, m)) == 1) {
		http_fail(p->req, ERR_STAFF_MEETING_UNKNOWN);
		return -1;
	}
	if (rc < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(p->srv->store));
		http_fail(p->req, ERR_UNAVAILABLE);
		return -1;
	}
	return 0;
}

static int
add_value(const char *q, const char *v, int64_t n, void *arg)
{
	return results_add(arg, q, v, n);
}

static int
add_text(const char *q, const char *v, int64_t at, void *arg)
{
	(void)at;
	return results_add_text(arg, q, v);
}

/* The results of meeting `m` into `r` (its form `f`).  Returns 0, -1. */
static int
meeting_results(struct store *s, const struct meeting *m,
    const struct form *f, struct results *r)
{
	size_t nq;
	const char **qs = results_text_questions(f, &nq);
	int rc = 0;

	results_init(r, f, 0);
	if (store_results_values(s, m->id, add_value, r) < 0 ||
	    store_results_texts(s, m->id, qs, nq, add_text, r) < 0)
		rc = -1;
	free(qs);
	return rc;
}

static void
page_meeting(struct page *p)
{
	struct meeting m;
	const struct form *f;
	struct results r;
	int have = 0, live;
	int64_t n = 0;
	char *url = NULL, *l = http_query(p->req, "live");
	struct evbuffer *b;

	live = l != NULL && strcmp(l, "1") == 0;
	free(l);
	if (find_meeting(p, &m) < 0)
		return;
	if (store_response_count(p->srv->store, m.id, &n) < 0)
		goto fail;
	if ((f = registry_get(p->srv->forms, m.form_id)) != NULL) {
		have = 1;
		if (meeting_results(p->srv->store, &m, f, &r) < 0)
			goto fail;
		r.min_count = p->srv->cfg->min_count;
	}
	url = public_url(p->srv, m.code);
	b = evbuffer_new();
	html_meeting_page(b, &p->who->ctx, &m, url, have ? &r : NULL, n, live);
	if (live && !m.closed)
		http_header_add(p->req, "Refresh", "15");
	http_reply_html(p->req, 200, b);
	goto done;
fail:
	fprintf(stderr, "recueild: admin: %s\n", store_error(p->srv->store));
	http_fail(p->req, ERR_UNAVAILABLE);
done:
	if (have)
		results_release(&r);
	free(url);
	store_meeting_release(&m);
}

static void
page_qr(struct page *p)
{
	struct meeting m;
	char *url;
	struct evbuffer *b;

	if (find_meeting(p, &m) < 0)
		return;
	url = public_url(p->srv, m.code);
	b = evbuffer_new();
	if (qr_svg(b, url, m.title, 1) < 0)
		http_fail(p->req, ERR_QR_TOO_LONG);
	else
		http_reply(p->req, 200, HTTP_SVG, b);
	evbuffer_free(b);
	free(url);
	store_meeting_release(&m);
}

static void
page_print(struct page *p)
{
	struct meeting m;
	char *url;
	struct evbuffer *b;

	if (find_meeting(p, &m) < 0)
		return;
	url = public_url(p->srv, m.code);
	b = evbuffer_new();
	html_meeting_print(b, &m, url);
	http_reply_html(p->req, 200, b);
	free(url);
	store_meeting_release(&m);
}

static void
close_run(struct pool_job *job, struct store *s)
{
	struct write_job *j = (struct write_job *)job;

	j->rc = store_meeting_set_closed(s, j->m.code, j->closed);
	if (j->rc < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
	if (j->rc == 0)
		admin_journal_meeting(s, j->who.session.user, j->closed ?
		    JOURNAL_MEETING_CLOSE : JOURNAL_MEETING_REOPEN, &j->m);
}

static void
close_done(struct pool_job *job)
{
	struct write_job *j = (struct write_job *)job;

	if (j->rc == 0) {
		char *loc = xasprintf("/admin/meetings/%s", j->m.code);

		http_redirect(j->req, loc);
		free(loc);
	} else {
		http_fail(j->req, j->rc > 0 ? ERR_STAFF_MEETING_UNKNOWN :
		    ERR_UNAVAILABLE);
	}
	write_job_free(j);
}

static void
set_closed(struct page *p, int closed)
{
	struct meeting m;
	struct write_job *j;

	if (find_meeting(p, &m) < 0)
		return;
	j = write_job_new(p, close_run, close_done);
	memcpy(j->m.code, m.code, sizeof(j->m.code));
	j->m.title = xstrdup(m.title);     /* for the journal */
	j->closed = closed;
	store_meeting_release(&m);
	submit(p->req, j);
}

static void
post_close(struct page *p)
{
	set_closed(p, 1);
}

static void
post_reopen(struct page *p)
{
	set_closed(p, 0);
}

/* ---- routes ----------------------------------------------------------- */

static const struct route routes[] = {
	{ ROUTE_PAGE, "/admin/", ROUTE_STAFF, ROUTE_NO_BODY, 0, 0,
	    page_meetings },
	{ ROUTE_PAGE, "/admin/meetings/new", ROUTE_COORDINATOR, ROUTE_NO_BODY,
	    0, 0, get_new_meeting },
	{ ROUTE_POST, "/admin/meetings/new", ROUTE_COORDINATOR, ROUTE_FORM,
	    MAX_MEETING_BODY, 1, post_new_meeting },
	{ ROUTE_PAGE, "/admin/meetings/{code}", ROUTE_STAFF, ROUTE_NO_BODY, 0,
	    0, page_meeting },
	{ ROUTE_PAGE, "/admin/meetings/{code}/qr.svg", ROUTE_STAFF,
	    ROUTE_NO_BODY, 0, 0, page_qr },
	{ ROUTE_PAGE, "/admin/meetings/{code}/print", ROUTE_STAFF,
	    ROUTE_NO_BODY, 0, 0, page_print },
	{ ROUTE_POST, "/admin/meetings/{code}/close", ROUTE_COORDINATOR,
	    ROUTE_FORM, MAX_SMALL_BODY, 1, post_close },
	{ ROUTE_POST, "/admin/meetings/{code}/reopen", ROUTE_COORDINATOR,
	    ROUTE_FORM, MAX_SMALL_BODY, 1, post_reopen },
};

const struct route_table admin_meeting_routes = {
	"/admin", ROUTE_STAFF, ERR_STAFF_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};
