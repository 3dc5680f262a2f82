/*
 * admin_stream.c - what the staff pages' streamed downloads share (the
 * exports of admin_export.c, the bilan of admin_report.c; see
 * admin_int.h): the page that chooses the selection, the options read
 * from the query string, and the download's thread, which opens its own
 * read-only database connection and registry as the CLI does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "admin_int.h"
#include "config.h"
#include "diag.h"
#include "export.h"
#include "http.h"
#include "page.h"
#include "registry.h"
#include "store.h"
#include "util.h"

void
admin_selection_page(struct page *p, int status, const char *error,
    admin_selection_html *html)
{
	struct meeting *ms = NULL;
	size_t n_m = 0, n_f;
	const struct form **forms;
	struct evbuffer *b;

	if (admin_meetings(p->srv, &ms, &n_m) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(p->srv->store));
		http_fail(p->req, ERR_UNAVAILABLE);
		return;
	}
	forms = admin_forms(p->srv, &n_f);
	b = evbuffer_new();
	html(b, &p->who->ctx, forms, n_f, ms, n_m, error);
	http_reply_html(p->req, status, b);
	free(forms);
	admin_meetings_free(ms, n_m);
}

int
admin_stream_options(struct admin_stream *st, const char *q,
    admin_stream_option *set, const char *malformed, const char *refused,
    char *err, size_t errlen)
{
	char why[512];

	if (q != NULL && urlenc_parse(&st->query, q, strlen(q), 32, 256) !=
	    URLENC_OK) {
		snprintf(err, errlen, "%s", malformed);
		return -1;
	}
	for (size_t i = 0; i < st->query.n; i++) {
		const char *k = st->query.pairs[i].key;
		const char *v = st->query.pairs[i].value;

		/* An empty field of the page means "not set". */
		if (*v == '\0')
			continue;
		if (set(st, k, v, why, sizeof(why)) < 0) {
			snprintf(err, errlen, refused, why);
			return -1;
		}
	}
	return 0;
}

void
admin_stream_free(void *arg)
{
	struct admin_stream *st = arg;

	urlenc_release(&st->query);
	free(st->db);
	free(st->forms_dir);
	free(st);
}

/* On the download's thread: st->run on the database, read-only, and the
 * forms directory's registry, as the `recueil` command runs it. */
static int
stream_run(void *arg, int (*write)(void *w, const void *buf, size_t len),
    void *w, char *err, size_t errlen)
{
	struct admin_stream *st = arg;
	struct export_sink sink = { write, w };
	struct store *s;
	struct registry *reg = NULL;
	struct diag dg;
	int rc = -1;

	diag_init(&dg);
	if ((s = store_open(st->db, STORE_READONLY, err, errlen)) != NULL) {
		reg = registry_new(st->forms_dir);
		registry_load(reg, s, &dg);
		rc = st->run(st, s, reg, &sink, err, errlen);
	}
	registry_free(reg);
	store_close(s);
	diag_release(&dg);
	return rc;
}

/* Nothing was sent yet: a proper error page. */
static void
stream_failed(struct evhttp_request *req, int rc, const char *err, void *arg)
{
	struct admin_stream *st = arg;

	fprintf(stderr, "recueild: %s: %s\n", st->what, err);
	if (rc == EXPORT_USAGE)
		http_fail_lang(req, ERR_EXPORT_USAGE, 0, err);
	else
		http_fail(req, ERR_EXPORT_FAILED);
}

int
admin_stream_start(struct page *p, struct admin_stream *st,
    struct http_stream_spec *spec)
{
	st->db = xstrdup(p->srv->cfg->db);
	st->forms_dir = xstrdup(registry_dir(p->srv->forms));
	spec->run = stream_run;
	spec->failed = stream_failed;
	spec->done = admin_stream_free;
	spec->arg = st;
	if (http_stream_run(p->srv, p->req, spec) < 0) {
		admin_stream_free(st);
		http_fail(p->req, ERR_UNAVAILABLE);
		return -1;
	}
	return 0;
}
