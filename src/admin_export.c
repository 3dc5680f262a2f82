/*
 * admin_export.c - the exports page and its streamed CSV downloads.
 *
 * A download runs the very code of `recueil export` (export_run) with the
 * same options, taken from the query string under the CLI's names
 * (form, meeting, from, to, sep, bom, decimal, excel-fr, codes, by,
 * min-count), so both produce the same bytes.
 *
 * Each download runs in its own thread with its own read-only database
 * connection and its own registry loaded from the forms directory (as the
 * CLI does), so the loop never waits on the database.  The thread's sink
 * appends to a buffer shared under a mutex and wakes the loop (wake.h:
 * libevent runs without locks, so no libevent call is made from the
 * thread; `pending` is only touched under the mutex); the loop sends what has accumulated as one HTTP chunk and
 * asks for the next one only when that chunk has left (flow control), and
 * the thread waits while the shared buffer is full: memory stays flat
 * however large the export.  If the client goes away (evhttp then
 * detaches the request from its connection, and keeps it until our last
 * call), a once-a-second check notices it and the thread is told to stop
 * at its next write.  The connection's close callback is left alone: it
 * belongs to the connection limits (connlimit.c).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "admin_int.h"
#include "diag.h"
#include "export.h"
#include "html_admin.h"
#include "http.h"
#include "registry.h"
#include "store.h"
#include "urlenc.h"
#include "util.h"
#include "wake.h"

#define HIGH_WATER (256 * 1024)   /* the thread waits above this */
#define MAX_DOWNLOADS 4

static int n_downloads;           /* loop thread only */

void
admin_export_page(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who, int status, const char *error)
{
	struct meeting *ms = NULL;
	size_t n_m = 0, n_f;
	const struct form **forms;
	struct evbuffer *b;

	if (admin_meetings(srv, &ms, &n_m) < 0) {
		fprintf(stderr, "recueild: admin: %s\n", store_error(srv->store));
		http_error(req, 503, "Service indisponible", "Le service est "
		    "momentanément indisponible. Réessayez dans un instant.", 0);
		return;
	}
	forms = admin_forms(srv, &n_f);
	b = evbuffer_new();
	html_admin_export(b, &who->ctx, forms, n_f, ms, n_m, error);
	http_reply(req, status, HTTP_HTML, b);
	evbuffer_free(b);
	free(forms);
	admin_meetings_free(ms, n_m);
}

struct download {
	/* Set before the thread starts, then read-only. */
	struct export_options o;
	struct urlenc query;          /* owns the option strings */
	char *db, *forms_dir;
	enum export_kind kind;
	struct wake *notify;
	struct event *check;          /* once a second: is the client there? */
	pthread_t thread;

	/* Shared, under lock. */
	pthread_mutex_t lock;
	pthread_cond_t room;
	struct evbuffer *pending;
	int finished;                 /* the thread is done */
	int rc;                       /* export_run's result */
	int cancelled;                /* the client went away */
	char err[512];

	/* Loop thread only. */
	struct evhttp_request *req;
	int started;                  /* reply started */
	int flushing;                 /* a chunk is on its way */
	int joined;
};

static int
sink_write(void *arg, const void *buf, size_t len)
{
	struct download *d = arg;
	int rc = 0;

	pthread_mutex_lock(&d->lock);
	while (!d->cancelled && evbuffer_get_length(d->pending) > HIGH_WATER)
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

static void *
download_main(void *arg)
{
	struct download *d = arg;
	struct export_sink sink = { sink_write, d };
	struct store *s;
	struct registry *reg = NULL;
	struct diag dg;
	char err[512] = "";
	int rc = -1;

	diag_init(&dg);
	if ((s = store_open(d->db, STORE_READONLY, err, sizeof(err))) != NULL) {
		/* As `recueil export` does: the forms directory, read-only. */
		reg = registry_new(d->forms_dir);
		registry_load(reg, s, &dg);
		rc = export_run(s, reg, &d->o, &sink, err, sizeof(err));
	}
	registry_free(reg);
	store_close(s);
	diag_release(&dg);
	pthread_mutex_lock(&d->lock);
	d->finished = 1;
	d->rc = rc;
	snprintf(d->err, sizeof(d->err), "%s", err);
	pthread_mutex_unlock(&d->lock);
	wake_signal(d->notify);
	return NULL;
}

static void
download_free(struct download *d)
{
	if (!d->joined)
		pthread_join(d->thread, NULL);
	wake_free(d->notify);
	if (d->check != NULL)
		event_free(d->check);
	evbuffer_free(d->pending);
	pthread_mutex_destroy(&d->lock);
	pthread_cond_destroy(&d->room);
	urlenc_release(&d->query);
	free(d->db);
	free(d->forms_dir);
	free(d);
	n_downloads--;
}

static void pump(struct download *d);

static void
on_flushed(struct evhttp_connection *conn, void *arg)
{
	struct download *d = arg;

	(void)conn;
	d->flushing = 0;
	pump(d);
}

/* Once a second: a request without a connection lost its client. */
static void
check_cb(evutil_socket_t fd, short what, void *arg)
{
	struct download *d = arg;

	(void)fd;
	(void)what;
	if (evhttp_request_get_connection(d->req) == NULL) {
		pthread_mutex_lock(&d->lock);
		d->cancelled = 1;
		pthread_cond_signal(&d->room);
		pthread_mutex_unlock(&d->lock);
		d->flushing = 0;
	}
	pump(d);
}

static void
start_reply(struct download *d)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(d->req);
	char disp[128];

	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"",
	    export_filename(d->kind));
	evhttp_add_header(h, "Content-Disposition", disp);
	evhttp_add_header(h, "Cache-Control", "no-store");
	http_stream_start(d->req, 200, HTTP_CSV);
	d->started = 1;
}

/* On the loop thread: move what the thread produced to the client. */
static void
pump(struct download *d)
{
	struct evbuffer *chunk;
	int finished, rc, cancelled;
	char err[512];

	if (d->flushing)
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

	if (cancelled) {
		evbuffer_free(chunk);
		if (!finished)
			return;     /* wait for the thread to notice */
		/* Both free the detached request. */
		if (d->started)
			http_stream_end(d->req);
		else
			http_reply(d->req, 499, HTTP_TEXT, NULL);
		download_free(d);
		return;
	}
	if (!d->started && finished && rc < 0) {
		/* Nothing sent yet: a proper error page. */
		fprintf(stderr, "recueild: export: %s\n", err);
		evbuffer_free(chunk);
#ifdef EXPORT_USAGE
		if (rc == EXPORT_USAGE) {
			char *msg = xasprintf("Export impossible : %s", err);

			http_error(d->req, 400, "Export impossible", msg, 0);
			free(msg);
		} else
#endif
			http_error(d->req, 500, "Export interrompu", "L'export n'a "
			    "pas pu être produit. Réessayez ; si le problème "
			    "continue, prévenez la personne qui gère le serveur.", 0);
		download_free(d);
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
			fprintf(stderr, "recueild: export interrupted: %s\n", err);
		http_stream_end(d->req);
		download_free(d);
	}
}

static void
notify_cb(void *arg)
{
	pump(arg);
}

static int
flag_option(const char *name)
{
	return strcmp(name, "bom") == 0 || strcmp(name, "codes") == 0 ||
	    strcmp(name, "excel-fr") == 0;
}

void
admin_export_download(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who, const char *name)
{
	struct download *d;
	enum export_kind kind;
	const char *q = evhttp_uri_get_query(evhttp_request_get_evhttp_uri(req));
	char err[512];

	if (strcmp(name, "responses.csv") == 0)
		kind = EXPORT_RESPONSES;
	else if (strcmp(name, "stats.csv") == 0)
		kind = EXPORT_STATS;
	else if (strcmp(name, "evaluation.csv") == 0)
		kind = EXPORT_EVALUATION;
	else {
		http_error(req, 404, "Export inconnu", "Les exports sont "
		    "responses.csv, stats.csv et evaluation.csv.", 0);
		return;
	}
	if (n_downloads >= MAX_DOWNLOADS) {
		http_error(req, 503, "Trop d'exports en cours", "Réessayez dans "
		    "un instant.", 0);
		return;
	}
	d = xcalloc(1, sizeof(*d));
	d->kind = kind;
	export_options_init(&d->o, kind);
	if (q != NULL && urlenc_parse(&d->query, q, strlen(q), 32, 256) !=
	    URLENC_OK) {
		urlenc_release(&d->query);
		free(d);
		admin_export_page(srv, req, who, 400, "Les options de l'export "
		    "sont mal formées.");
		return;
	}
	for (size_t i = 0; i < d->query.n; i++) {
		const char *k = d->query.pairs[i].key;
		const char *v = d->query.pairs[i].value;

		/* An empty field of the page means "not set". */
		if (*v == '\0')
			continue;
		/* The page's one form serves the three exports. */
		if (kind != EXPORT_STATS && strcmp(k, "by") == 0)
			continue;
		if (export_option_set(&d->o, k, flag_option(k) &&
		    strcmp(v, "1") == 0 ? NULL : v, err, sizeof(err)) < 0) {
			char *msg = xasprintf("Export impossible : %s", err);

			urlenc_release(&d->query);
			free(d);
			admin_export_page(srv, req, who, 400, msg);
			free(msg);
			return;
		}
	}
	/*
	 * The server's min_count is a floor for the staff pages: a download
	 * may ask for a higher threshold, never a lower one.  (The CLI, run by
	 * whoever holds the database file, takes --min-count as given.)
	 */
	if (d->o.min_count < srv->cfg->min_count)
		d->o.min_count = srv->cfg->min_count;
	d->db = xstrdup(srv->cfg->db);
	d->forms_dir = xstrdup(registry_dir(srv->forms));
	d->req = req;
	d->pending = evbuffer_new();
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->room, NULL);
	d->notify = wake_new(srv->base, notify_cb, d);
	d->check = event_new(srv->base, -1, EV_PERSIST, check_cb, d);
	n_downloads++;
	if (d->notify == NULL ||
	    pthread_create(&d->thread, NULL, download_main, d) != 0) {
		d->joined = 1;
		download_free(d);
		http_error(req, 503, "Service indisponible", "Réessayez dans un "
		    "instant.", 0);
		return;
	}
	if (d->check != NULL)
		event_add(d->check, &(struct timeval){ 1, 0 });
}
