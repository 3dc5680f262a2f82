/*
 * admin_editor.c - the form editor's staff pages (coordinators only):
 *
 *   GET  /admin/drafts                 the drafts, and a new one
 *   POST /admin/drafts/new             a blank draft or a served form's copy
 *   POST /admin/drafts/upload          a workbook or CSV file as a new draft
 *   GET  /admin/drafts/ID              a draft's page
 *   POST /admin/drafts/ID              one edit (field "action", see
 *                                      editor_action.h) made from version
 *                                      "version" of the draft
 *   GET  /admin/drafts/ID/question     a question's page (?row=N)
 *   POST /admin/drafts/ID/publish      check, then the preview (publish there)
 *   POST /admin/drafts/ID/delete       asks first; deletes with "confirm"
 *   GET  /admin/drafts/ID/download     ?format=ods|xlsx|csv
 *
 * Every POST carries the session's CSRF token (checked by the dispatcher
 * from the route table below).  Writes run in the staff pages' worker
 * pool on its own connection: the draft is read, its version compared
 * with the one the page showed (a stale edit is refused, 409, and the
 * current draft shown), the edit applied to the model (editor.h), the
 * draft saved with its version raised (a save racing another is refused
 * the same way by the database), and the browser sent back to the page
 * (303), so that a reload never repeats an edit.  Every page shows the
 * loader's checks (form.h) of the draft beside the rows they concern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "admin.h"
#include "admin_editor.h"
#include "admin_int.h"
#include "admin_preview.h"
#include "diag.h"
#include "editor.h"
#include "editor_action.h"
#include "form.h"
#include "html.h"
#include "html_editor.h"
#include "http.h"
#include "i18n.h"
#include "multipart.h"
#include "page.h"
#include "pool.h"
#include "registry.h"
#include "server.h"
#include "sheet.h"
#include "store.h"
#include "store_draft.h"
#include "tabout.h"
#include "urlenc.h"
#include "util.h"

#define MAX_SMALL_BODY 4096
#define MAX_EDIT_BODY (256 * 1024)
#define DRAFT_FILE "brouillon.csv"     /* the name in the loader's messages */

/* ================================================================ helpers */

/* The draft id of the path ("/admin/drafts/ID..."), or -1. */
static int64_t
param_id(const struct page *p)
{
	char *end;
	long long v;

	if (p->param[0] < '1' || p->param[0] > '9')
		return -1;
	v = strtoll(p->param, &end, 10);
	return *end == '\0' && v > 0 ? (int64_t)v : -1;
}

/* A copy of a request's fields, for a job (the body is freed when the
 * handler returns). */
struct fields {
	char **k, **v;
	size_t n;
};

static void
fields_copy(struct fields *fl, const struct urlenc *u)
{
	fl->n = u != NULL ? u->n : 0;
	fl->k = xcalloc(fl->n + 1, sizeof(*fl->k));
	fl->v = xcalloc(fl->n + 1, sizeof(*fl->v));
	for (size_t i = 0; i < fl->n; i++) {
		fl->k[i] = xstrdup(u->pairs[i].key);
		fl->v[i] = xstrdup(u->pairs[i].value);
	}
}

static void
fields_release(struct fields *fl)
{
	editor_strv_free(fl->k, fl->n);
	editor_strv_free(fl->v, fl->n);
	memset(fl, 0, sizeof(*fl));
}

static const char *
fields_get(const void *arg, const char *key)
{
	const struct fields *fl = arg;

	for (size_t i = 0; i < fl->n; i++)
		if (strcmp(fl->k[i], key) == 0)
			return fl->v[i];
	return NULL;
}

/*
 * The file name the loader is given for a draft: FORM_ID.csv, so that it
 * finds the form_id and the name in agreement, as in a forms directory.
 */
static void
draft_file(const struct editor_book *b, char *buf, size_t len)
{
	const char *id = editor_setting(b, "form_id");

	snprintf(buf, len, "%s.csv", editor_name_ok(id) ? id : "brouillon");
}

/*
 * Reply with draft `d`'s page (qrow < 0) or the page of its question
 * `qrow`, the loader's checks run on it, with an error or a notice, and
 * the fields of a refused edit `typed` (may be NULL) filled in again.
 */
static void
render(struct server *srv, struct evhttp_request *req,
    const struct page_who *who, int status,
    const struct draft *d, long qrow, const char *error, const char *notice,
    const struct editor_fields *typed)
{
	struct editor_book b;
	struct diag rd, pd;
	struct html_editor_view v = { &who->ctx, d, &b, &pd, error, notice,
	    typed, NULL };
	struct evbuffer *out = evbuffer_new();
	const struct editor_sheet *sv;
	size_t len;
	char *csv, file[96];

	diag_init(&rd);
	diag_init(&pd);
	if (editor_read(&b, DRAFT_FILE, d->source, d->source_len, &rd) < 0)
		editor_blank(&b, "", d->title);
	csv = editor_csv_form(&b, &len);
	draft_file(&b, file, sizeof(file));
	form_free(form_parse(file, csv, len, &pd));
	v.served = registry_get(srv->forms, editor_setting(&b, "form_id"));
	sv = editor_sheet_c(&b, "survey");
	if (qrow >= 0 && sv != NULL && (size_t)qrow < sv->nrows)
		html_editor_question(out, &v, (size_t)qrow);
	else
		html_editor_draft(out, &v);
	http_reply_html(req, status, out);
	free(csv);
	editor_release(&b);
	diag_release(&rd);
	diag_release(&pd);
}

/* Every sheet of the draft, every cell text, through the writer. */
static int
book_write(const struct editor_book *b, struct tabout *t)
{
	for (size_t i = 0; i < b->n; i++) {
		const struct editor_sheet *sh = &b->sheets[i];

		if (sh->ncols == 0)
			continue;
		tabout_sheet(t, sh->name);
		for (size_t c = 0; c < sh->ncols; c++)
			tabout_text(t, sh->head[c]);
		if (tabout_end_row(t) < 0)
			return -1;
		for (size_t r = 0; r < sh->nrows; r++) {
			for (size_t c = 0; c < sh->ncols; c++)
				tabout_text(t, sh->rows[r].cells[c]);
			if (tabout_end_row(t) < 0)
				return -1;
		}
	}
	return tabout_finish(t);
}

/* ================================================================ jobs */

enum job_kind { J_NEW, J_ACTION, J_DELETE, J_PUBLISH };

/* What a job's run() found, for its done() to reply. */
enum job_rc {
	JR_OK,
	JR_REFUSED,       /* the edit was refused: 422 */
	JR_STALE,         /* saved by someone else since: 409 */
	JR_GONE,          /* no such draft: 404 */
	JR_BAD,           /* no such action: 400 */
	JR_FAILED         /* database or file failure: 500 */
};

struct edit_job {
	struct pool_job job;
	struct server *srv;
	struct evhttp_request *req;
	struct page_who who;
	enum job_kind kind;
	int64_t id, version;
	struct fields fl;
	char *src;                /* J_NEW: the definition to start from */
	size_t src_len;
	enum job_rc rc;
	struct editor_result res;
	struct draft cur;         /* the draft as it is now, to show */
	struct form *f;           /* J_PUBLISH: the version previewed */
	struct diag d;            /* J_PUBLISH: the loader's warnings */
	char file[96];            /* J_PUBLISH: "FORM_ID.csv"; J_NEW: the
	                             source's name, for messages */
	char err[512];
};

static void
job_free(struct edit_job *j)
{
	fields_release(&j->fl);
	store_draft_release(&j->cur);
	form_free(j->f);
	diag_release(&j->d);
	free(j->src);
	free(j);
}

static struct edit_job *
job_new(struct page *p, enum job_kind kind, void (*run)(struct pool_job *,
    struct store *), void (*done)(struct pool_job *))
{
	struct edit_job *j = xcalloc(1, sizeof(*j));

	j->job.run = run;
	j->job.done = done;
	j->srv = p->srv;
	j->req = p->req;
	j->kind = kind;
	page_who_copy(&j->who, p->who);
	fields_copy(&j->fl, p->form);
	diag_init(&j->d);
	return j;
}

static void
submit(struct edit_job *j)
{
	struct evhttp_request *req = j->req;

	if (admin_pool_run(j->srv, &j->job) < 0) {
		job_free(j);
		http_fail(req, ERR_UNAVAILABLE);
	}
}

static int64_t
fversion(const struct edit_job *j)
{
	const char *v = fields_get(&j->fl, "version");

	return v != NULL ? strtoll(v, NULL, 10) : -1;
}

/*
 * Read draft j->id into j->cur and check that it is still the version
 * the page showed.  Returns 0, or -1 with j->rc set.
 */
static int
job_load(struct edit_job *j, struct store *s)
{
	int rc = store_draft_get(s, j->id, &j->cur);

	if (rc != 0) {
		j->rc = rc > 0 ? JR_GONE : JR_FAILED;
		snprintf(j->err, sizeof(j->err), "%s", store_error(s));
		return -1;
	}
	if (j->cur.version != fversion(j)) {
		j->rc = JR_STALE;
		return -1;
	}
	return 0;
}

/* The stale draft's message: who saved it and when. */
static char *
stale_message(const struct draft *d)
{
	return xasprintf(_("Votre modification n'a pas été enregistrée : %s a "
	    "enregistré ce brouillon entre-temps (enregistrement n° %lld). Le "
	    "voici tel qu'il est maintenant ; refaites votre modification si "
	    "elle est toujours utile."), d->updated_by, (long long)d->version);
}

/* The common replies of done(): 1 when one was sent. */
static int
reply_failure(struct edit_job *j, long qrow)
{
	char *msg;

	switch (j->rc) {
	case JR_GONE:
		http_fail(j->req, ERR_STAFF_NOT_FOUND);
		return 1;
	case JR_FAILED:
		fprintf(stderr, "recueild: editor: %s\n", j->err);
		http_fail(j->req, ERR_UNAVAILABLE);
		return 1;
	case JR_BAD:
		http_fail(j->req, ERR_POST_MALFORMED);
		return 1;
	case JR_STALE:
		msg = stale_message(&j->cur);
		render(j->srv, j->req, &j->who, 409, &j->cur, qrow, msg, NULL, NULL);
		free(msg);
		return 1;
	case JR_REFUSED: {
		struct editor_fields typed = { fields_get, &j->fl };

		render(j->srv, j->req, &j->who, 422, &j->cur, qrow, j->res.error, NULL,
		    &typed);
		return 1;
	}
	case JR_OK:
		break;
	}
	return 0;
}

/* ---- one edit ---------------------------------------------------------- */

/* Save `b` over j->cur (its version) as j->who; sets j->rc. */
static void
job_save(struct edit_job *j, struct store *s, struct editor_book *b)
{
	size_t len;
	char *csv = editor_csv(b, &len);
	const char *title = editor_setting(b, "form_title");
	int rc;

	if (len > SHEET_MAX_FILE) {
		j->rc = JR_REFUSED;
		snprintf(j->res.error, sizeof(j->res.error), "%s",
		    _("Le questionnaire serait trop grand (plus d'un Mo)."));
		free(csv);
		return;
	}
	rc = store_draft_save(s, j->id, j->cur.version, *title ? title :
	    j->cur.title, csv, len, j->who.session.user, (int64_t)time(NULL));
	free(csv);
	if (rc == 2) {
		/* Another save came in between: show that one. */
		store_draft_release(&j->cur);
		rc = store_draft_get(s, j->id, &j->cur);
		j->rc = rc == 0 ? JR_STALE : rc > 0 ? JR_GONE : JR_FAILED;
		return;
	}
	j->rc = rc == 0 ? JR_OK : rc > 0 ? JR_GONE : JR_FAILED;
	if (rc < 0)
		snprintf(j->err, sizeof(j->err), "%s", store_error(s));
}

static void
action_run(struct pool_job *job, struct store *s)
{
	struct edit_job *j = (struct edit_job *)job;
	struct editor_fields f = { fields_get, &j->fl };
	struct editor_book b;
	struct diag d;
	int rc;

	if (job_load(j, s) < 0)
		return;
	diag_init(&d);
	if (editor_read(&b, DRAFT_FILE, j->cur.source, j->cur.source_len,
	    &d) < 0) {
		j->rc = JR_FAILED;
		snprintf(j->err, sizeof(j->err), _("le brouillon %lld ne se "
		    "lit pas"),
		    (long long)j->id);
		diag_release(&d);
		return;
	}
	rc = editor_action(&b, fields_get(&j->fl, "action"), &f, &j->res);
	if (rc < 0)
		j->rc = JR_BAD;
	else if (rc > 0)
		j->rc = JR_REFUSED;
	else
		job_save(j, s, &b);
	editor_release(&b);
	diag_release(&d);
}

static void
action_done(struct pool_job *job)
{
	struct edit_job *j = (struct edit_job *)job;
	long qrow = j->res.go == EDITOR_GOTO_QUESTION ? j->res.row : -1;
	char *loc;

	if (!reply_failure(j, qrow)) {
		if (qrow >= 0)
			loc = xasprintf("/admin/drafts/%lld/question?row=%ld",
			    (long long)j->id, qrow);
		else if (strcmp(j->res.sheet, "survey") == 0 && j->res.row >= 0)
			loc = xasprintf("/admin/drafts/%lld#q-%ld",
			    (long long)j->id, j->res.row);
		else if (strcmp(j->res.sheet, "indicators") == 0)
			loc = xasprintf("/admin/drafts/%lld#indicators",
			    (long long)j->id);
		else
			loc = xasprintf("/admin/drafts/%lld#%s", (long long)j->id,
			    strcmp(j->res.sheet, "settings") == 0 ? "settings" :
			    "questions");
		http_redirect(j->req, loc);
		free(loc);
	}
	job_free(j);
}

static void
post_action(struct page *p)
{
	struct edit_job *j;

	if (param_id(p) < 0) {
		http_fail(p->req, ERR_STAFF_NOT_FOUND);
		return;
	}
	j = job_new(p, J_ACTION, action_run, action_done);
	j->id = param_id(p);
	submit(j);
}

/* ---- a new draft ------------------------------------------------------- */

static void
new_run(struct pool_job *job, struct store *s)
{
	struct edit_job *j = (struct edit_job *)job;
	const char *id = fields_get(&j->fl, "form_id");
	const char *title = fields_get(&j->fl, "form_title");
	struct editor_book b;
	struct diag d;
	char *csv;
	size_t len;

	diag_init(&d);
	if (j->src != NULL) {
		if (editor_read(&b, j->file, j->src, j->src_len, &d) < 0) {
			/* An uploaded file that no sheet reader takes. */
			char *msg = d.n > 0 ? diag_format(&d, 0) : NULL;

			j->rc = JR_REFUSED;
			snprintf(j->res.error, sizeof(j->res.error), "%s%s",
			    _("Ce fichier ne s'ouvre pas comme un questionnaire : "),
			    msg != NULL ? msg : "");
			free(msg);
			diag_release(&d);
			return;
		}
		if (id != NULL && *id != '\0')
			editor_setting_set(&b, "form_id", id);
	} else
		editor_blank(&b, id, title);
	csv = editor_csv(&b, &len);
	title = editor_setting(&b, "form_title");
	if (*title == '\0')
		title = editor_setting(&b, "form_id");
	if (*title == '\0')
		title = j->file;
	if (store_draft_add(s, title, csv, len, j->who.session.user,
	    (int64_t)time(NULL), &j->id) < 0) {
		j->rc = JR_FAILED;
		snprintf(j->err, sizeof(j->err), "%s", store_error(s));
	}
	free(csv);
	editor_release(&b);
	diag_release(&d);
}

static void list_page(struct page *p, int status, const char *error);

static void
redirect_done(struct pool_job *job)
{
	struct edit_job *j = (struct edit_job *)job;
	struct page p = { j->srv, j->req, "", &j->who, NULL, NULL };
	char *loc;

	if (j->kind == J_NEW && j->rc == JR_REFUSED)
		list_page(&p, 422, j->res.error);
	else if (!reply_failure(j, -1)) {
		loc = j->kind == J_NEW ? xasprintf("/admin/drafts/%lld",
		    (long long)j->id) : xstrdup("/admin/drafts");
		http_redirect(j->req, loc);
		free(loc);
	}
	job_free(j);
}

static void
post_new(struct page *p)
{
	const char *from = urlenc_get(p->form, "from");
	const char *id = urlenc_get(p->form, "form_id");
	const char *title = urlenc_get(p->form, "form_title");
	const struct form *f = NULL;
	struct edit_job *j;

	if (from != NULL && *from != '\0' &&
	    (f = registry_get(p->srv->forms, from)) == NULL) {
		list_page(p, 422, _("Ce questionnaire n'est plus servi."));
		return;
	}
	if (id != NULL && *id != '\0' && !editor_name_ok(id)) {
		list_page(p, 422, _("L'identifiant du questionnaire est fait de "
		    "lettres sans accent, de chiffres, de _ et de - (par exemple "
		    "rencontre-quartier)."));
		return;
	}
	if (f == NULL && (id == NULL || *id == '\0' || title == NULL ||
	    *title == '\0')) {
		list_page(p, 422, _("Pour un questionnaire vide, donnez un titre "
		    "et un identifiant."));
		return;
	}
	j = job_new(p, J_NEW, new_run, redirect_done);
	snprintf(j->file, sizeof(j->file), "%s", f != NULL ? f->id : DRAFT_FILE);
	if (f != NULL) {
		j->src = xmalloc(f->source_len + 1);
		memcpy(j->src, f->source, f->source_len);
		j->src[f->source_len] = '\0';
		j->src_len = f->source_len;
	}
	submit(j);
}

/*
 * A workbook or CSV file opened as a new draft, without being published:
 * every column and the model's four sheets come in as they are.
 */
static void
post_upload(struct page *p)
{
	const struct multipart_part *file = multipart_get(p->parts, "file");
	struct edit_job *j;

	if (file == NULL || file->len == 0 || file->len > SHEET_MAX_FILE) {
		list_page(p, 422, _("Choisissez un classeur (.xlsx, .ods) ou un "
		    "fichier CSV d'un Mo au plus."));
		return;
	}
	j = job_new(p, J_NEW, new_run, redirect_done);
	snprintf(j->file, sizeof(j->file), "%s", file->filename != NULL &&
	    utf8_valid(file->filename, strlen(file->filename), NULL) &&
	    strlen(file->filename) < sizeof(j->file) && strchr(file->filename,
	    '/') == NULL ? file->filename : DRAFT_FILE);
	j->src = xmalloc(file->len + 1);
	memcpy(j->src, file->data, file->len);
	j->src[file->len] = '\0';
	j->src_len = file->len;
	submit(j);
}

/* ---- deleting ---------------------------------------------------------- */

static void
delete_run(struct pool_job *job, struct store *s)
{
	struct edit_job *j = (struct edit_job *)job;
	int rc = store_draft_delete(s, j->id);

	j->rc = rc == 0 ? JR_OK : rc > 0 ? JR_GONE : JR_FAILED;
	if (rc < 0)
		snprintf(j->err, sizeof(j->err), "%s", store_error(s));
}

static int page_draft(struct page *p, struct draft *d);

static void
post_delete(struct page *p)
{
	struct edit_job *j;
	struct draft d;

	if (param_id(p) < 0) {
		http_fail(p->req, ERR_STAFF_NOT_FOUND);
		return;
	}
	/* First ask: a deleted draft cannot come back. */
	if (urlenc_get(p->form, "confirm") == NULL) {
		struct evbuffer *out;

		if (page_draft(p, &d) < 0)
			return;
		out = evbuffer_new();
		html_editor_delete(out, &p->who->ctx, &d);
		http_reply_html(p->req, 200, out);
		store_draft_release(&d);
		return;
	}
	j = job_new(p, J_DELETE, delete_run, redirect_done);
	j->id = param_id(p);
	submit(j);
}

/* ---- publishing -------------------------------------------------------- */

/*
 * "Prévisualiser avant de publier": check the draft with the loader and
 * keep it as the session's pending version (store_pending_put), then
 * reply with the preview of the workbooks' issue (admin_preview.h),
 * whose "Publier" installs exactly these bytes as a new version of the
 * form, like an upload, and whose "Annuler" comes back here.
 */
static void
publish_run(struct pool_job *job, struct store *s)
{
	struct edit_job *j = (struct edit_job *)job;
	struct editor_book b;
	struct diag rd;
	char *csv = NULL, *back;
	size_t len;
	int rc;

	if (job_load(j, s) < 0)
		return;
	diag_init(&rd);
	j->rc = JR_REFUSED;
	if (editor_read(&b, DRAFT_FILE, j->cur.source, j->cur.source_len,
	    &rd) < 0)
		goto done;
	csv = editor_csv_form(&b, &len);
	draft_file(&b, j->file, sizeof(j->file));
	j->f = form_parse(j->file, csv, len, &j->d);
	if (j->f == NULL || !editor_name_ok(editor_setting(&b, "form_id"))) {
		snprintf(j->res.error, sizeof(j->res.error), "%s", _("Le brouillon "
		    "a des erreurs : corrigez-les avant de le publier."));
		goto done;
	}
	back = xasprintf("/admin/drafts/%lld", (long long)j->id);
	rc = store_pending_put(s, j->who.id, j->file, csv, len, back,
	    (int64_t)time(NULL));
	free(back);
	j->rc = rc == 0 ? JR_OK : rc > 0 ? JR_REFUSED : JR_FAILED;
	if (rc > 0)
		snprintf(j->res.error, sizeof(j->res.error), "%s",
		    _("Le questionnaire serait trop grand (plus d'un Mo)."));
	if (rc < 0)
		snprintf(j->err, sizeof(j->err), "%s", store_error(s));
done:
	free(csv);
	editor_release(&b);
	diag_release(&rd);
}

static void
publish_done(struct pool_job *job)
{
	struct edit_job *j = (struct edit_job *)job;
	struct page p = { j->srv, j->req, "", &j->who, NULL, NULL };

	if (!reply_failure(j, -1))
		admin_preview_reply(&p, 200, j->f, j->file, &j->d, NULL);
	job_free(j);
}

static void
post_publish(struct page *p)
{
	struct edit_job *j;

	if (param_id(p) < 0) {
		http_fail(p->req, ERR_STAFF_NOT_FOUND);
		return;
	}
	j = job_new(p, J_PUBLISH, publish_run, publish_done);
	j->id = param_id(p);
	submit(j);
}

/* ---- pages ------------------------------------------------------------- */

struct draft_list {
	struct draft *v;
	size_t n;
};

static int
collect(const struct draft *d, void *arg)
{
	struct draft_list *l = arg;
	struct draft *c;

	if (l->n >= 1000)
		return 1;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	c = &l->v[l->n++];
	*c = *d;
	c->title = xstrdup(d->title);
	c->created_by = xstrdup(d->created_by);
	c->updated_by = xstrdup(d->updated_by);
	c->source = NULL;
	return 0;
}

static void
draft_list_release(struct draft_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		store_draft_release(&l->v[i]);
	free(l->v);
}

static void
list_page(struct page *p, int status, const char *error)
{
	struct draft_list l = { NULL, 0 };
	struct evbuffer *out;
	const struct form **forms;
	size_t n;

	if (store_draft_each(p->srv->store, collect, &l) < 0) {
		fprintf(stderr, "recueild: editor: %s\n", store_error(p->srv->store));
		http_fail(p->req, ERR_UNAVAILABLE);
		draft_list_release(&l);
		return;
	}
	forms = admin_forms(p->srv, &n);
	out = evbuffer_new();
	html_editor_list(out, &p->who->ctx, l.v, l.n, forms, n, error);
	http_reply_html(p->req, status, out);
	free(forms);
	draft_list_release(&l);
}

struct evbuffer *
admin_editor_drafts(struct page *p)
{
	struct draft_list l = { NULL, 0 };
	struct evbuffer *out = NULL;
	const struct form **forms;
	size_t n;

	if (store_draft_each(p->srv->store, collect, &l) < 0)
		fprintf(stderr, "recueild: editor: %s\n", store_error(p->srv->store));
	else {
		forms = admin_forms(p->srv, &n);
		out = evbuffer_new();
		html_editor_drafts(out, &p->who->ctx, l.v, l.n, forms, n);
		free(forms);
	}
	draft_list_release(&l);
	return out;
}

static void
get_list(struct page *p)
{
	list_page(p, 200, NULL);
}

/* Read the path's draft on the loop's connection: 0, or -1 replied. */
static int
page_draft(struct page *p, struct draft *d)
{
	int64_t id = param_id(p);
	int rc = id > 0 ? store_draft_get(p->srv->store, id, d) : 1;

	if (rc > 0)
		http_fail(p->req, ERR_STAFF_NOT_FOUND);
	else if (rc < 0) {
		fprintf(stderr, "recueild: editor: %s\n", store_error(p->srv->store));
		http_fail(p->req, ERR_UNAVAILABLE);
	}
	return rc == 0 ? 0 : -1;
}

static void
get_draft(struct page *p)
{
	struct draft d;

	if (page_draft(p, &d) < 0)
		return;
	render(p->srv, p->req, p->who, 200, &d, -1, NULL, NULL, NULL);
	store_draft_release(&d);
}

static void
get_question(struct page *p)
{
	struct draft d;
	char *row = http_query(p->req, "row");
	char *end = NULL;
	long r = row != NULL ? strtol(row, &end, 10) : -1;

	if (row == NULL || end == row || *end != '\0' || r < 0) {
		free(row);
		http_fail(p->req, ERR_STAFF_NOT_FOUND);
		return;
	}
	free(row);
	if (page_draft(p, &d) < 0)
		return;
	render(p->srv, p->req, p->who, 200, &d, r, NULL, NULL, NULL);
	store_draft_release(&d);
}

/* ---- downloads --------------------------------------------------------- */

struct draft_download {
	char *source;
	size_t len;
	enum tabout_format format;
	char name[96];
};

static int
download_run(void *arg, int (*write)(void *w, const void *buf, size_t len),
    void *w, char *err, size_t errlen)
{
	struct draft_download *dd = arg;
	struct export_sink sink = { write, w };
	struct tabout_options o;
	struct editor_book b;
	struct tabout *t;
	struct diag d;
	int rc;

	diag_init(&d);
	if (editor_read(&b, DRAFT_FILE, dd->source, dd->len, &d) < 0) {
		snprintf(err, errlen, _("un brouillon ne se lit pas"));
		diag_release(&d);
		return -1;
	}
	if (dd->format == TABOUT_CSV) {
		size_t len;
		char *csv = editor_csv_form(&b, &len);

		rc = write(w, csv, len);
		free(csv);
		editor_release(&b);
		diag_release(&d);
		return rc;
	}
	tabout_options_init(&o);
	o.format = dd->format;
	o.raw = 1;
	t = tabout_new(&o, &sink);
	if ((rc = book_write(&b, t)) < 0)
		snprintf(err, errlen, "%s", tabout_error(t));
	tabout_free(t);
	editor_release(&b);
	diag_release(&d);
	return rc;
}

static void
download_failed(struct evhttp_request *req, int rc, const char *err,
    void *arg)
{
	(void)rc;
	(void)arg;
	fprintf(stderr, "recueild: draft download: %s\n", err);
	http_fail(req, ERR_EXPORT_FAILED);
}

static void
download_free(void *arg)
{
	struct draft_download *dd = arg;

	free(dd->source);
	free(dd);
}

static void
get_download(struct page *p)
{
	struct http_stream_spec spec = { NULL, NULL, download_run,
	    download_failed, download_free, NULL };
	char *fmt = http_query(p->req, "format");
	struct draft_download *dd;
	enum tabout_format f;
	struct draft d;

	if (fmt == NULL || tabout_format_parse(fmt, &f) < 0) {
		free(fmt);
		http_fail(p->req, ERR_EXPORT_UNKNOWN);
		return;
	}
	free(fmt);
	if (http_streams_running() >= HTTP_STREAMS_MAX) {
		http_fail(p->req, ERR_EXPORT_BUSY);
		return;
	}
	if (page_draft(p, &d) < 0)
		return;
	dd = xcalloc(1, sizeof(*dd));
	dd->source = d.source;
	dd->len = d.source_len;
	d.source = NULL;
	dd->format = f;
	snprintf(dd->name, sizeof(dd->name), "brouillon-%lld.%s",
	    (long long)d.id, tabout_format_ext(f));
	store_draft_release(&d);
	spec.content_type = tabout_format_mime(f);
	spec.filename = dd->name;
	spec.arg = dd;
	if (http_stream_run(p->srv, p->req, &spec) < 0) {
		download_free(dd);
		http_fail(p->req, ERR_UNAVAILABLE);
	}
}

/* ---- routes ------------------------------------------------------------ */

/* Downloads are GET only: a streamed reply to HEAD would never end. */
static const struct route routes[] = {
	{ ROUTE_PAGE, "/admin/drafts", ROUTE_COORDINATOR, ROUTE_NO_BODY, 0, 0,
	    get_list },
	{ ROUTE_POST, "/admin/drafts/new", ROUTE_COORDINATOR, ROUTE_FORM,
	    MAX_SMALL_BODY, 1, post_new },
	{ ROUTE_POST, "/admin/drafts/upload", ROUTE_COORDINATOR,
	    ROUTE_MULTIPART, 0, 1, post_upload },
	{ ROUTE_PAGE, "/admin/drafts/{id}", ROUTE_COORDINATOR, ROUTE_NO_BODY,
	    0, 0, get_draft },
	{ ROUTE_POST, "/admin/drafts/{id}", ROUTE_COORDINATOR, ROUTE_FORM,
	    MAX_EDIT_BODY, 1, post_action },
	{ ROUTE_PAGE, "/admin/drafts/{id}/question", ROUTE_COORDINATOR,
	    ROUTE_NO_BODY, 0, 0, get_question },
	{ ROUTE_POST, "/admin/drafts/{id}/publish", ROUTE_COORDINATOR,
	    ROUTE_FORM, MAX_SMALL_BODY, 1, post_publish },
	{ ROUTE_POST, "/admin/drafts/{id}/delete", ROUTE_COORDINATOR,
	    ROUTE_FORM, MAX_SMALL_BODY, 1, post_delete },
	{ ROUTE_GET, "/admin/drafts/{id}/download", ROUTE_COORDINATOR,
	    ROUTE_NO_BODY, 0, 0, get_download },
};

const struct route_table admin_editor_routes = {
	"/admin", ROUTE_STAFF, ERR_STAFF_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};
