/*
 * admin_meeting.c - the staff pages about meetings: the list (searched,
 * filtered, in pages), a new meeting, a duplicate ("the same meeting next
 * month"), editing, deleting, closing (after a confirmation) and
 * reopening, a meeting's page with its results, its QR code, its
 * printable and projector pages and the live count of its answers.
 *
 * Who may do what is declared in the route table at the end of this file
 * and decided by the dispatcher (web.c, route.h); the CSRF token of every
 * POST is checked there too.  Writes run in the staff pages' worker pool
 * (admin_pool_run) on its own database connections; the reply is sent
 * from the job's done callback on the loop thread.  The rules a meeting
 * follows (its fields, when its form may change, when it may be deleted)
 * are the meeting model's (meeting.h), never checked here.
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
#include "i18n.h"
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

#define MAX_SMALL_BODY 4096            /* close, reopen, delete */
#define MAX_MEETING_BODY 16384
#define LIST_PAGE 50                   /* meetings per page of the list */
#define LIST_PAGES_MAX 100000          /* a page number beyond is refused */

/* ---- writes in the pool ------------------------------------------------ */

enum write_kind { W_CREATE, W_EDIT, W_CLOSE, W_DELETE };

/*
 * A write job: run() does the write on a worker's connection and sets
 * rc; done() replies.
 */
struct write_job {
	struct pool_job job;
	struct server *srv;
	struct evhttp_request *req;
	enum write_kind kind;
	int rc;
	struct meeting m;                  /* the meeting written */
	int closed;
	int form_locked;                   /* W_EDIT: its form stays */
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
write_job_new(struct page *p, enum write_kind kind)
{
	struct write_job *j = xcalloc(1, sizeof(*j));

	j->kind = kind;
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

/* 303 to a meeting's page, or to `tail` under it. */
static void
to_meeting(struct evhttp_request *req, const char *code, const char *tail)
{
	char *loc = xasprintf("/admin/meetings/%s%s", code, tail);

	http_redirect(req, loc);
	free(loc);
}

/* Copy the fields of `from` into `to` (NULL fields become ""). */
static void
meeting_copy(struct meeting *to, const struct meeting *from)
{
	memcpy(to->code, from->code, sizeof(to->code));
	to->id = from->id;
	to->demo = from->demo;
	to->form_id = xstrdup(from->form_id != NULL ? from->form_id : "");
	to->title = xstrdup(from->title != NULL ? from->title : "");
	to->date = xstrdup(from->date != NULL ? from->date : "");
	to->level = xstrdup(from->level != NULL ? from->level : "");
	to->centre = xstrdup(from->centre != NULL ? from->centre : "");
	to->place = xstrdup(from->place != NULL ? from->place : "");
}

/* ---- lookups ------------------------------------------------------------ */

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

/* The exports page offers the meetings that count: no demonstration. */
static int
collect_counted(const struct meeting *m, void *arg)
{
	return m->demo ? 0 : collect_meeting(m, arg);
}

int
admin_meetings(struct server *srv, struct meeting **v, size_t *n)
{
	struct meeting_list l = { 0 };

	if (store_meeting_each(srv->store, collect_counted, &l) < 0) {
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
int
admin_path_meeting(struct page *p, struct meeting *m)
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

/*
 * The meeting of the path and its number of responses in *n, or a reply
 * (404, 503) and -1.  Release `m` after a 0 return.
 */
static int
find_counted(struct page *p, struct meeting *m, int64_t *n)
{
	if (admin_path_meeting(p, m) < 0)
		return -1;
	if (store_response_count(p->srv->store, m->id, n) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(p->srv->store));
		http_fail(p->req, ERR_UNAVAILABLE);
		store_meeting_release(m);
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

/* ---- the list ----------------------------------------------------------- */

/*
 * The filter of the list from the query string: each value must be what
 * the page offers (a served form, a known level, a date, open or closed),
 * or it is dropped; text fields are capped.
 */
struct list_filter {
	struct urlenc q;
	struct store_meeting_query sq;
	const char *state;
	int64_t page;
};

static const char *
param(const struct urlenc *q, const char *key, size_t max)
{
	const char *v = urlenc_get(q, key);

	return v != NULL && *v != '\0' && strlen(v) <= max ? v : NULL;
}

static void
list_filter(struct page *p, const struct html_people_names *levels,
    struct list_filter *f)
{
	const char *qs = http_query_string(p->req), *v;

	memset(f, 0, sizeof(*f));
	f->sq.state = -1;
	f->page = 1;
	if (qs != NULL && urlenc_parse(&f->q, qs, strlen(qs), 16, 512) !=
	    URLENC_OK)
		urlenc_release(&f->q);       /* a malformed query: no filter */
	f->sq.text = param(&f->q, "q", 200);
	f->sq.centre = param(&f->q, "centre", 200);
	if ((v = param(&f->q, "form", 64)) != NULL &&
	    registry_get(p->srv->forms, v) != NULL)
		f->sq.form_id = v;
	for (size_t i = 0; i < levels->n_levels; i++)
		if ((v = param(&f->q, "level", 200)) != NULL &&
		    strcmp(v, levels->levels[i]) == 0)
			f->sq.level = levels->levels[i];
	if ((v = param(&f->q, "from", 10)) != NULL && date_valid(v))
		f->sq.from = v;
	if ((v = param(&f->q, "to", 10)) != NULL && date_valid(v))
		f->sq.to = v;
	if ((v = param(&f->q, "state", 8)) != NULL &&
	    (strcmp(v, "open") == 0 || strcmp(v, "closed") == 0)) {
		f->state = v;
		f->sq.state = strcmp(v, "closed") == 0;
	}
	if ((v = param(&f->q, "page", 8)) != NULL) {
		long long n = strtoll(v, NULL, 10);

		if (n >= 1 && n <= LIST_PAGES_MAX)
			f->page = n;
	}
	f->sq.limit = LIST_PAGE;
	f->sq.offset = (f->page - 1) * LIST_PAGE;
}

/* The filter again as "&key=value..." for the links between pages. */
static char *
list_query(const struct list_filter *f)
{
	static const char *const keys[] = { "q", "form", "level", "centre",
	    "from", "to", "state" };
	const char *vals[] = { f->sq.text, f->sq.form_id, f->sq.level,
	    f->sq.centre, f->sq.from, f->sq.to, f->state };
	struct evbuffer *b = evbuffer_new();
	char *out;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *enc;

		if (vals[i] == NULL || (enc = http_uri_encode(vals[i])) == NULL)
			continue;
		evbuffer_add_printf(b, "&%s=%s", keys[i], enc);
		free(enc);
	}
	out = xstrndup((const char *)evbuffer_pullup(b, -1),
	    evbuffer_get_length(b));
	evbuffer_free(b);
	return out;
}

static void
page_meetings(struct page *p)
{
	struct list_filter f;
	struct meeting_list l = { 0 };
	struct html_meeting_list h = { 0 };
	struct evbuffer *b;
	struct html_people_names lists;
	char *query = NULL;

	/* Without the lists, the page still works: no level to filter on. */
	if (admin_people_names(p->srv, &lists) < 0)
		admin_people_names_release(&lists);
	list_filter(p, &lists, &f);
	if (store_meeting_find(p->srv->store, &f.sq, collect_meeting, &l,
	    &h.total) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(p->srv->store));
		http_fail(p->req, ERR_UNAVAILABLE);
		goto done;
	}
	query = list_query(&f);
	h.ms = l.v;
	h.n = l.n;
	h.page = f.page;
	h.pages = (h.total + LIST_PAGE - 1) / LIST_PAGE;
	h.text = f.sq.text;
	h.form_id = f.sq.form_id;
	h.level = f.sq.level;
	h.centre = f.sq.centre;
	h.from = f.sq.from;
	h.to = f.sq.to;
	h.state = f.state;
	h.forms = admin_forms(p->srv, &h.n_forms);
	h.names = &lists;
	h.query = query;
	if (param(&f.q, "deleted", 2) != NULL)
		h.notice = _("La rencontre a été supprimée.");
	b = evbuffer_new();
	html_meeting_list(b, &p->who->ctx, &h);
	http_reply_html(p->req, 200, b);
	free((void *)h.forms);
done:
	free(query);
	admin_meetings_free(l.v, l.n);
	urlenc_release(&f.q);
	admin_people_names_release(&lists);
}

/* ---- new, duplicate, edit ---------------------------------------------- */

/* The meeting model's form check: the forms this daemon serves. */
static int
form_served(const char *id, void *arg)
{
	return registry_get(arg, id) != NULL;
}

/* The meeting form: new (edit NULL), duplicated (from) or edited. */
static void
form_page(struct server *srv, struct evhttp_request *req,
    const struct page_who *who, int status, struct html_meeting_form *f)
{
	const struct form **forms = admin_forms(srv, &f->n_forms);
	struct html_people_names names;
	struct evbuffer *b;

	if (admin_people_names(srv, &names) < 0) {
		admin_people_names_release(&names);
		free(forms);
		http_fail(req, ERR_UNAVAILABLE);
		return;
	}
	b = evbuffer_new();
	f->forms = forms;
	f->names = &names;
	html_meeting_form(b, &who->ctx, f);
	http_reply_html(req, status, b);
	free(forms);
	admin_people_names_release(&names);
}

static void
get_new_meeting(struct page *p)
{
	struct html_meeting_form f = { 0 };

	form_page(p->srv, p->req, p->who, 200, &f);
}

/* "The same meeting next month": the new form, filled in from it. */
static void
get_duplicate(struct page *p)
{
	struct meeting m;
	struct html_meeting_form f = { 0 };
	char next[11];

	if (admin_path_meeting(p, &m) < 0)
		return;
	if (meeting_next_month(m.date, next) == 0) {
		free(m.date);
		m.date = xstrdup(next);
	}
	f.values = &m;
	f.from = &m;
	form_page(p->srv, p->req, p->who, 200, &f);
	store_meeting_release(&m);
}

static void
get_edit(struct page *p)
{
	struct meeting m;
	struct html_meeting_form f = { 0 };
	int64_t n = 0;

	if (find_counted(p, &m, &n) < 0)
		return;
	f.values = &m;
	f.edit = &m;
	f.form_locked = n > 0;
	form_page(p->srv, p->req, p->who, 200, &f);
	store_meeting_release(&m);
}

/*
 * The journal of staff actions: who did what to which meeting.  The write
 * is done: a journal failure is logged, not undone.
 */
static void
journal(struct store *s, const struct write_job *j)
{
	static const char *const actions[] = { JOURNAL_MEETING_CREATE,
	    JOURNAL_MEETING_EDIT, JOURNAL_MEETING_CLOSE, JOURNAL_MEETING_DELETE };

	admin_journal_meeting(s, j->who.session.user, j->kind == W_CLOSE &&
	    !j->closed ? JOURNAL_MEETING_REOPEN : actions[j->kind], &j->m);
}

static void
write_run(struct pool_job *job, struct store *s)
{
	struct write_job *j = (struct write_job *)job;

	switch (j->kind) {
	case W_CREATE:
		j->rc = meeting_create(s, &j->m, j->err, sizeof(j->err));
		break;
	case W_EDIT:
		j->rc = meeting_update(s, &j->m, j->err, sizeof(j->err));
		break;
	case W_DELETE:
		j->rc = meeting_delete(s, j->m.code, j->err, sizeof(j->err));
		break;
	case W_CLOSE:
		j->rc = store_meeting_set_closed(s, j->m.code, j->closed);
		if (j->rc < 0)
			snprintf(j->err, sizeof(j->err), "%s", store_error(s));
		else if (j->rc > 0)
			j->rc = 2;
		break;
	}
	if (j->rc < 0)
		fprintf(stderr, "recueild: admin: %s\n", j->err);
	if (j->rc == 0)
		journal(s, j);
}

/* A refused write: the page it came from again, with the reason. */
static void
write_refused(struct write_job *j)
{
	struct html_meeting_form f = { 0 };
	struct evbuffer *b;

	f.values = &j->m;
	f.error = j->err;
	if (j->kind == W_CREATE) {
		form_page(j->srv, j->req, &j->who, 422, &f);
	} else if (j->kind == W_EDIT) {
		f.edit = &j->m;
		f.form_locked = j->form_locked;
		form_page(j->srv, j->req, &j->who, 422, &f);
	} else {
		b = evbuffer_new();
		html_meeting_confirm(b, &j->who.ctx, &j->m, HTML_MEETING_DELETE,
		    0, j->err);
		http_reply_html(j->req, 409, b);
	}
}

static void
write_done(struct pool_job *job)
{
	struct write_job *j = (struct write_job *)job;

	if (j->rc == 0 && j->kind == W_DELETE)
		http_redirect(j->req, "/admin/?deleted=1");
	else if (j->rc == 0)
		to_meeting(j->req, j->m.code, "");
	else if (j->rc == 1)
		write_refused(j);
	else if (j->rc == 2)
		http_fail(j->req, ERR_STAFF_MEETING_UNKNOWN);
	else
		http_fail(j->req, ERR_UNAVAILABLE);
	write_job_free(j);
}

static struct write_job *
write_job(struct page *p, enum write_kind kind)
{
	struct write_job *j = write_job_new(p, kind);

	j->job.run = write_run;
	j->job.done = write_done;
	return j;
}

/*
 * The fields typed in the meeting form, checked by the model; NULL when
 * refused (the form is sent again with the reason).  The edit of a
 * meeting with answers keeps its form, whatever was sent.
 */
static struct write_job *
typed_meeting(struct page *p, enum write_kind kind, const struct meeting *cur,
    int form_locked)
{
	struct meeting m = { 0 };
	struct html_meeting_form f = { 0 };
	char error[256];
	struct write_job *j;

	m.title = (char *)urlenc_get(p->form, "title");
	m.date = (char *)urlenc_get(p->form, "date");
	m.form_id = form_locked ? cur->form_id :
	    (char *)urlenc_get(p->form, "form");
	m.level = (char *)urlenc_get(p->form, "level");
	m.centre = (char *)urlenc_get(p->form, "centre");
	m.place = (char *)urlenc_get(p->form, "place");
	if (cur != NULL) {
		memcpy(m.code, cur->code, sizeof(m.code));
		m.demo = cur->demo;
	}
	/* A locked form was checked when the meeting was made: it may have
	 * been unloaded since, and stays all the same. */
	if (meeting_validate(&m, form_locked ? NULL : form_served,
	    p->srv->forms, 0, error, sizeof(error)) != MEETING_OK) {
		f.values = &m;
		f.error = error;
		f.edit = cur;
		f.form_locked = form_locked;
		form_page(p->srv, p->req, p->who, 422, &f);
		return NULL;
	}
	j = write_job(p, kind);
	meeting_copy(&j->m, &m);
	j->form_locked = form_locked;
	return j;
}

static void
post_new_meeting(struct page *p)
{
	struct write_job *j = typed_meeting(p, W_CREATE, NULL, 0);

	if (j != NULL)
		submit(p->req, j);
}

static void
post_edit(struct page *p)
{
	struct meeting cur;
	struct write_job *j;
	int64_t n = 0;

	if (find_counted(p, &cur, &n) < 0)
		return;
	if ((j = typed_meeting(p, W_EDIT, &cur, n > 0)) != NULL)
		submit(p->req, j);
	store_meeting_release(&cur);
}

/* ---- delete, close, reopen ---------------------------------------------- */

static void
confirm_page(struct page *p, enum html_meeting_ask ask)
{
	struct meeting m;
	struct evbuffer *b;
	int64_t n = 0;
	const char *why = NULL;

	if (find_counted(p, &m, &n) < 0)
		return;
	if (ask == HTML_MEETING_DELETE && !meeting_deletable(&m, n))
		why = _("Cette rencontre a reçu des réponses : elle ne peut pas "
		    "être supprimée. Vous pouvez la clore.");
	if (ask == HTML_MEETING_CLOSE && m.closed) {
		to_meeting(p->req, m.code, "");
	} else {
		b = evbuffer_new();
		html_meeting_confirm(b, &p->who->ctx, &m, ask, n, why);
		http_reply_html(p->req, 200, b);
	}
	store_meeting_release(&m);
}

static void
get_delete(struct page *p)
{
	confirm_page(p, HTML_MEETING_DELETE);
}

static void
get_close(struct page *p)
{
	confirm_page(p, HTML_MEETING_CLOSE);
}

/* Queue the write of the path's meeting: delete it, close or reopen it. */
static void
write_meeting(struct page *p, enum write_kind kind, int closed)
{
	struct meeting m;
	struct write_job *j;

	if (admin_path_meeting(p, &m) < 0)
		return;
	j = write_job(p, kind);
	meeting_copy(&j->m, &m);
	j->closed = closed;
	store_meeting_release(&m);
	submit(p->req, j);
}

static void
post_delete(struct page *p)
{
	write_meeting(p, W_DELETE, 0);
}

static void
post_close(struct page *p)
{
	write_meeting(p, W_CLOSE, 1);
}

static void
post_reopen(struct page *p)
{
	write_meeting(p, W_CLOSE, 0);
}

/* ---- a meeting's pages -------------------------------------------------- */

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
	if (find_counted(p, &m, &n) < 0)
		return;
	if ((f = registry_get(p->srv->forms, m.form_id)) != NULL) {
		have = 1;
		if (meeting_results(p->srv->store, &m, f, &r) < 0)
			goto fail;
		r.min_count = p->srv->cfg->min_count;
	}
	url = public_url(p->srv, m.code);
	b = evbuffer_new();
	html_meeting_page(b, &p->who->ctx, &m, url, have ? &r : NULL, n,
	    live && !m.closed);
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

	if (admin_path_meeting(p, &m) < 0)
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

	if (admin_path_meeting(p, &m) < 0)
		return;
	url = public_url(p->srv, m.code);
	b = evbuffer_new();
	html_meeting_print(b, &m, url);
	http_reply_html(p->req, 200, b);
	free(url);
	store_meeting_release(&m);
}

/* The projector page: QR code, short address, code, live count. */
static void
page_projector(struct page *p)
{
	struct meeting m;
	char *url;
	const char *shown;
	struct evbuffer *b;
	int64_t n = 0;

	if (find_counted(p, &m, &n) < 0)
		return;
	url = public_url(p->srv, m.code);
	/* What people type: the address without its scheme. */
	shown = strstr(url, "://") != NULL ? strstr(url, "://") + 3 : url;
	b = evbuffer_new();
	html_meeting_projector(b, &m, url, shown, n);
	http_reply_html(p->req, 200, b);
	free(url);
	store_meeting_release(&m);
}

/* A JSON string of our own text (quotes, backslashes, controls escaped). */
static void
json_string(struct evbuffer *b, const char *s)
{
	evbuffer_add(b, "\"", 1);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			evbuffer_add_printf(b, "\\%c", c);
		else if (c < 0x20)
			evbuffer_add_printf(b, "\\u%04x", c);
		else
			evbuffer_add(b, s, 1);
	}
	evbuffer_add(b, "\"", 1);
}

/* The live count the meeting and projector pages poll. */
static void
page_count(struct page *p)
{
	struct meeting m;
	struct evbuffer *b;
	int64_t n = 0;

	if (find_counted(p, &m, &n) < 0)
		return;
	b = evbuffer_new();
	evbuffer_add_printf(b, "{\"responses\":%lld,\"closed\":%s,\"label\":",
	    (long long)n, m.closed ? "true" : "false");
	json_string(b, html_meeting_count_label(n));
	evbuffer_add(b, "}", 1);
	http_reply(p->req, 200, "application/json", b);
	evbuffer_free(b);
	store_meeting_release(&m);
}

/* ---- routes ----------------------------------------------------------- */

#define M "/admin/meetings/{code}"

static const struct route routes[] = {
	{ ROUTE_PAGE, "/admin/", ROUTE_STAFF, ROUTE_NO_BODY, 0, 0,
	    page_meetings },
	{ ROUTE_PAGE, "/admin/meetings/new", ROUTE_COORDINATOR, ROUTE_NO_BODY,
	    0, 0, get_new_meeting },
	{ ROUTE_POST, "/admin/meetings/new", ROUTE_COORDINATOR, ROUTE_FORM,
	    MAX_MEETING_BODY, 1, post_new_meeting },
	{ ROUTE_PAGE, M, ROUTE_STAFF, ROUTE_NO_BODY, 0, 0, page_meeting },
	{ ROUTE_PAGE, M "/qr.svg", ROUTE_STAFF, ROUTE_NO_BODY, 0, 0, page_qr },
	{ ROUTE_PAGE, M "/print", ROUTE_STAFF, ROUTE_NO_BODY, 0, 0,
	    page_print },
	{ ROUTE_PAGE, M "/projector", ROUTE_STAFF, ROUTE_NO_BODY, 0, 0,
	    page_projector },
	{ ROUTE_PAGE, M "/count.json", ROUTE_STAFF, ROUTE_NO_BODY, 0, 0,
	    page_count },
	{ ROUTE_PAGE, M "/duplicate", ROUTE_COORDINATOR, ROUTE_NO_BODY, 0, 0,
	    get_duplicate },
	{ ROUTE_PAGE, M "/edit", ROUTE_COORDINATOR, ROUTE_NO_BODY, 0, 0,
	    get_edit },
	{ ROUTE_POST, M "/edit", ROUTE_COORDINATOR, ROUTE_FORM,
	    MAX_MEETING_BODY, 1, post_edit },
	{ ROUTE_PAGE, M "/delete", ROUTE_COORDINATOR, ROUTE_NO_BODY, 0, 0,
	    get_delete },
	{ ROUTE_POST, M "/delete", ROUTE_COORDINATOR, ROUTE_FORM,
	    MAX_SMALL_BODY, 1, post_delete },
	/* Closing is confirmed first; the POST alone still closes. */
	{ ROUTE_PAGE, M "/close", ROUTE_COORDINATOR, ROUTE_NO_BODY, 0, 0,
	    get_close },
	{ ROUTE_POST, M "/close", ROUTE_COORDINATOR, ROUTE_FORM, MAX_SMALL_BODY,
	    1, post_close },
	{ ROUTE_POST, M "/reopen", ROUTE_COORDINATOR, ROUTE_FORM,
	    MAX_SMALL_BODY, 1, post_reopen },
};

const struct route_table admin_meeting_routes = {
	"/admin", ROUTE_STAFF, ERR_STAFF_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};
