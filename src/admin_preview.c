/*
 * admin_preview.c - preview, publish or cancel the session's pending
 * version of a form (admin_preview.h).
 *
 * Each action reads or writes the database and may parse a 10,000-row
 * definition, so it runs on the staff pages' worker pool: run() on a
 * worker with its own connection, done() on the loop, which replies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/buffer.h>

#include "admin_int.h"
#include "admin_people.h"
#include "admin_preview.h"
#include "diag.h"
#include "form.h"
#include "formdiff.h"
#include "html_preview.h"
#include "http.h"
#include "i18n.h"
#include "page.h"
#include "pool.h"
#include "registry.h"
#include "server.h"
#include "store.h"
#include "urlenc.h"
#include "util.h"

#define MAX_PREVIEW_BODY 4096

void
admin_preview_reply(struct page *p, int status, const struct form *f,
    const char *file, const struct diag *d, const char *message)
{
	const struct form *now = registry_get(p->srv->forms, f->id);
	struct evbuffer *b = evbuffer_new();
	struct formdiff diff;
	struct html_preview pv = { f, &diff, d, file, message };

	formdiff_compute(&diff, now, f);
	html_preview(b, &p->who->ctx, &pv);
	formdiff_release(&diff);
	http_reply_html(p->req, status, b);
}

/* ---- the jobs --------------------------------------------------------- */

enum preview_op { OP_SHOW, OP_PUBLISH, OP_CANCEL };

enum preview_rc {
	RC_OK,
	RC_NONE,        /* no pending version (published, cancelled, expired) */
	RC_CHANGED,     /* publish: not the version the page showed */
	RC_REFUSED,     /* it no longer loads, or its form_id is refused */
	RC_FAILED       /* database or file system */
};

struct preview_job {
	struct pool_job job;
	struct server *srv;
	struct evhttp_request *req;
	struct page_who who;
	enum preview_op op;
	char hash[65];          /* publish: the hash the page showed */
	char *dir;              /* publish: the forms directory */
	struct store_pending pending;
	struct form *f;
	struct diag d;
	enum preview_rc rc;
	char err[512];
};

/* Publish (worker): install the pending bytes, then forget them. */
static void
publish_run(struct preview_job *j, struct store *s)
{
	int rc;

	if (strcmp(j->f->hash, j->hash) != 0) {
		j->rc = RC_CHANGED;
		return;
	}
	rc = registry_save(j->dir, s, j->f, j->pending.source, j->pending.len,
	    j->err, sizeof(j->err));
	if (rc == 0 && store_pending_delete(s, j->who.id) < 0)
		fprintf(stderr, "recueild: admin: %s\n", store_error(s));
	if (rc == 0)
		admin_journal_form(s, j->who.session.user, j->f);
	if (rc != 0) {
		diag_add(&j->d, DIAG_ERROR, j->pending.file, 0, 0, "%s",
		    j->err);
		j->rc = rc > 0 ? RC_REFUSED : RC_FAILED;
	}
}

static void
preview_run(struct pool_job *job, struct store *s)
{
	struct preview_job *j = (struct preview_job *)job;
	int rc = store_pending_get(s, j->who.id, (int64_t)time(NULL),
	    &j->pending);

	j->rc = rc > 0 ? RC_NONE : rc < 0 ? RC_FAILED : RC_OK;
	if (rc < 0)
		snprintf(j->err, sizeof(j->err), "%s", store_error(s));
	if (j->rc != RC_OK)
		return;
	if (j->op == OP_CANCEL) {
		if (store_pending_delete(s, j->who.id) < 0) {
			snprintf(j->err, sizeof(j->err), "%s", store_error(s));
			j->rc = RC_FAILED;
		}
		return;
	}
	j->f = form_parse(j->pending.file, j->pending.source, j->pending.len,
	    &j->d);
	if (j->f == NULL) {
		j->rc = RC_REFUSED;
		return;
	}
	if (j->op == OP_PUBLISH)
		publish_run(j, s);
}

static void
preview_job_free(struct preview_job *j)
{
	form_free(j->f);
	diag_release(&j->d);
	store_pending_release(&j->pending);
	free(j->dir);
	free(j);
}

/* Where Annuler returns: a staff page, never another site. */
static const char *
back_of(const struct store_pending *pd)
{
	const char *b = pd->back;

	if (b == NULL || strncmp(b, "/admin/", 7) != 0 || strstr(b, "//") ||
	    strpbrk(b, "\\\r\n") != NULL)
		return "/admin/forms";
	return b;
}

static void
published(struct page *p, struct preview_job *j)
{
	const struct form *now = registry_adopt(j->srv->forms, j->f);
	char *notice;

	j->f = NULL;
	notice = xasprintf(_("Le questionnaire « %s » (%s) est publié : "
	    "version n° %lld."), now->title, now->id,
	    (long long)now->version_id);
	fprintf(stderr, L_("recueild: questionnaire « %s » publié\n"), now->id);
	admin_forms_page(p, 200, NULL, notice, NULL);
	free(notice);
}

static void
preview_done(struct pool_job *job)
{
	struct preview_job *j = (struct preview_job *)job;
	struct page p = { j->srv, j->req, "", &j->who, NULL, NULL };

	if (j->rc == RC_FAILED) {
		fprintf(stderr, "recueild: admin: %s\n", j->err);
		admin_forms_page(&p, 500, &j->d, NULL, NULL);
	} else if (j->rc == RC_NONE && j->op != OP_PUBLISH) {
		http_redirect(j->req, "/admin/forms");
	} else if (j->rc == RC_NONE) {
		admin_forms_page(&p, 409, NULL, _("Aucun questionnaire "
		    "n'attend d'être publié : il l'a déjà été, il a été "
		    "annulé, ou plus d'une heure a passé depuis son envoi."),
		    NULL);
	} else if (j->op == OP_CANCEL) {
		http_redirect(j->req, back_of(&j->pending));
	} else if (j->rc == RC_REFUSED) {
		admin_forms_page(&p, 422, &j->d, NULL, NULL);
	} else if (j->rc == RC_CHANGED) {
		admin_preview_reply(&p, 409, j->f, j->pending.file, &j->d, _("Le questionnaire "
		    "en attente a changé depuis l'affichage de l'aperçu (un "
		    "autre envoi ?) : voici le nouveau ; rien n'a été publié."));
	} else if (j->op == OP_SHOW) {
		admin_preview_reply(&p, 200, j->f, j->pending.file, &j->d,
		    NULL);
	} else
		published(&p, j);
	preview_job_free(j);
}

static void
submit(struct page *p, enum preview_op op)
{
	struct preview_job *j = xcalloc(1, sizeof(*j));
	const char *hash = p->form != NULL ? urlenc_get(p->form, "hash") : NULL;

	j->job.run = preview_run;
	j->job.done = preview_done;
	j->srv = p->srv;
	j->req = p->req;
	j->op = op;
	page_who_copy(&j->who, p->who);
	j->dir = xstrdup(registry_dir(p->srv->forms));
	snprintf(j->hash, sizeof(j->hash), "%s", hash != NULL ? hash : "");
	diag_init(&j->d);
	if (admin_pool_run(p->srv, &j->job) < 0) {
		preview_job_free(j);
		http_fail(p->req, ERR_UNAVAILABLE);
	}
}

static void
get_preview(struct page *p)
{
	submit(p, OP_SHOW);
}

static void
post_publish(struct page *p)
{
	submit(p, OP_PUBLISH);
}

static void
post_cancel(struct page *p)
{
	submit(p, OP_CANCEL);
}

static const struct route routes[] = {
	{ ROUTE_PAGE, "/admin/forms/preview", ROUTE_COORDINATOR, ROUTE_NO_BODY,
	    0, 0, get_preview },
	{ ROUTE_POST, "/admin/forms/publish", ROUTE_COORDINATOR, ROUTE_FORM,
	    MAX_PREVIEW_BODY, 1, post_publish },
	{ ROUTE_POST, "/admin/forms/cancel", ROUTE_COORDINATOR, ROUTE_FORM,
	    MAX_PREVIEW_BODY, 1, post_cancel },
};

const struct route_table admin_preview_routes = {
	"/admin", ROUTE_STAFF, ERR_STAFF_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};
