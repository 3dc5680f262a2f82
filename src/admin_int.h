/*
 * admin_int.h - what the files of the staff pages (admin.c,
 * admin_meeting.c, admin_export.c, admin_report.c, admin_paper.c,
 * admin_stream.c) share.
 * Nothing else includes this.
 */
#ifndef RECUEIL_ADMIN_INT_H
#define RECUEIL_ADMIN_INT_H

#include <stddef.h>

#include "store.h"
#include "urlenc.h"

struct server;
struct form;
struct diag;
struct page;
struct pool_job;
struct evbuffer;
struct html_admin_ctx;
struct registry;
struct export_sink;
struct http_stream_spec;

/*
 * Every meeting, newest first: *v (free with admin_meetings_free) and *n.
 * Returns 0, or -1 on a database error.
 */
int admin_meetings(struct server *srv, struct meeting **v, size_t *n);
void admin_meetings_free(struct meeting *v, size_t n);

/*
 * The meeting of a /admin/meetings/{code}/... path (p->param), or a reply
 * (404, 503) and -1.  Release `m` after a 0 return.
 */
int admin_path_meeting(struct page *p, struct meeting *m);

/* The current forms (borrowed), in a new array the caller frees. */
const struct form **admin_forms(struct server *srv, size_t *n);

/*
 * Submit a job to the staff pages' worker pool (started on first use).
 * Returns 0, or -1 when the job cannot run (the caller replies 503 and
 * frees the job).
 */
int admin_pool_run(struct server *srv, struct pool_job *job);

/*
 * Reply with the forms page: the served forms, the problems of an upload
 * (`upload`, may be NULL), a `notice` (may be NULL) and the pasted `text`
 * kept in its box (may be NULL).
 */
void admin_forms_page(struct page *p, int status, const struct diag *upload,
    const char *notice, const char *text);

/* ---- streamed downloads (admin_stream.c) --------------------------------- */

/* A page that chooses a download's selection (html_admin_export,
 * html_report_options): the forms, the meetings, what was wrong. */
typedef void admin_selection_html(struct evbuffer *out,
    const struct html_admin_ctx *ctx, const struct form *const *forms,
    size_t n_forms, const struct meeting *ms, size_t n_meetings,
    const char *error);

/* Reply with that page: every meeting and the current forms, `error`
 * (may be NULL), or 503 on a database error. */
void admin_selection_page(struct page *p, int status, const char *error,
    admin_selection_html *html);

/*
 * A streamed download of the staff pages (the exports, the bilan).  It
 * runs on its own thread with its own read-only database connection and
 * its own registry loaded from the forms directory (as the CLI does), so
 * the loop never waits on the database.  Put it first in the download's
 * struct, allocated with xcalloc: admin_stream_free frees the whole.
 */
struct admin_stream {
	const char *what;             /* the log's word: "export", "bilan" */
	/* On the thread: write the download to `sink`; 0, or < 0 with a
	 * message (EXPORT_USAGE: the options do not fit the data). */
	int (*run)(struct admin_stream *st, struct store *s,
	    struct registry *reg, const struct export_sink *sink, char *err,
	    size_t errlen);
	struct urlenc query;          /* owns the option strings */
	char *db, *forms_dir;         /* set by admin_stream_start */
};

/* Take one option: 0, or -1 with the reason in why. */
typedef int admin_stream_option(struct admin_stream *st, const char *key,
    const char *value, char *why, size_t whylen);

/*
 * Read the query string `q` (may be NULL) into st->query and hand each
 * field that is not empty (an empty field of the page means "not set") to
 * `set`.  Returns 0, or -1 with `malformed`, or the format `refused` with
 * the reason (one %s), in err.
 */
int admin_stream_options(struct admin_stream *st, const char *q,
    admin_stream_option *set, const char *malformed, const char *refused,
    char *err, size_t errlen);

/*
 * Start the download (spec's content type and file name set by the
 * caller): it takes st, even on failure.  Returns 0, or -1 after a 503
 * reply.
 */
int admin_stream_start(struct page *p, struct admin_stream *st,
    struct http_stream_spec *spec);

/* Free a download not started. */
void admin_stream_free(void *arg);

#endif
