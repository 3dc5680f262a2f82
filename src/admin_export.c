/*
 * admin_export.c - the exports page and its downloads (CSV, .xlsx, .ods).
 *
 * A download runs the very code of `recueil export` (export_run) with the
 * same options, taken from the query string under the CLI's names
 * (form, meeting, from, to, sep, bom, decimal, excel-fr, codes, by,
 * min-count, format), so both produce the same bytes.  The path names
 * the export and its format: /admin/export/stats.csv, responses.xlsx,
 * workbook.ods; a `format` field of the page's form overrides the
 * extension (the file name follows the format actually written).
 *
 * Form definitions download here too (/admin/forms/ID.xlsx, .ods, .csv):
 * the served form written back as an XLSForm by formout.h, the bytes of
 * `recueil forms export ID`.
 *
 * Each download is a streamed reply of the HTTP layer (http.h): it runs on
 * its own thread with its own read-only database connection and its own
 * registry loaded from the forms directory (as the CLI does), so the loop
 * never waits on the database, and memory stays flat however large the
 * export.  What it shares with the bilan's download is admin_stream.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "admin.h"
#include "admin_int.h"
#include "admin_people.h"
#include "config.h"
#include "export.h"
#include "filename.h"
#include "form.h"
#include "formout.h"
#include "html_admin.h"
#include "http.h"
#include "i18n.h"
#include "page.h"
#include "registry.h"
#include "store.h"
#include "tabout.h"
#include "urlenc.h"
#include "util.h"

static void
export_page(struct page *p, int status, const char *error)
{
	admin_selection_page(p, status, error, html_admin_export);
}

static void
get_export(struct page *p)
{
	export_page(p, 200, NULL);
}

/* One download: its options, and the file's name. */
struct download {
	struct admin_stream st;       /* first: admin_stream_free frees all */
	struct export_options o;
	char name[256], name_utf8[256];   /* the file's name */
};

/* On the download's thread: the export, as `recueil export` runs it. */
static int
download_run(struct admin_stream *st, struct store *s, struct registry *reg,
    const struct export_sink *sink, char *err, size_t errlen)
{
	struct download *d = (struct download *)st;

	return export_run(s, reg, &d->o, sink, err, errlen);
}

/* One option of the query string, or -1 with the reason. */
static int
download_option(struct admin_stream *st, const char *k, const char *v,
    char *why, size_t whylen)
{
	struct download *d = (struct download *)st;

	/*
	 * The page's one form serves every export: a known option of
	 * another export is skipped, and so is CSV for the workbook (a
	 * CSV file holds one table: the workbook stays .xlsx); an
	 * unknown one is refused by export_option_set, the parser of
	 * `recueil export` (flags take the "1" of a checkbox).
	 */
	if (export_option_takes_value(k) >= 0 &&
	    !export_option_applies(d->o.kind, k))
		return 0;
	if (d->o.kind == EXPORT_WORKBOOK && strcmp(k, "format") == 0 &&
	    strcmp(v, "csv") == 0)
		return 0;
	return export_option_set(&d->o, k, v, why, whylen);
}

/*
 * The file's name, after what it holds: the export, then the meeting
 * (its title and date) or the form, then the period
 * ("stats-rencontre-reseau-2026.csv"); "recueil-stats.csv" for all.
 */
static void
download_name(struct server *srv, struct download *d, int format)
{
	static const char *const kinds[] = { "reponses", "stats", "evaluation",
	    "classeur" };
	struct filename_parts fp = { 0 };
	struct meeting m = { 0 };
	int have = 0;

	fp.kind = (size_t)d->o.kind < sizeof(kinds) / sizeof(kinds[0]) ?
	    kinds[d->o.kind] : "recueil";
	fp.ext = tabout_format_ext((enum tabout_format)format);
	if (d->o.meeting != NULL &&
	    store_meeting_get(srv->store, d->o.meeting, &m) == 0) {
		have = 1;
		fp.meeting = m.title;
		fp.date = m.date;
	} else if (d->o.meeting != NULL) {
		fp.meeting = d->o.meeting;
	}
	fp.form_id = d->o.form_id;
	fp.from = d->o.from;
	fp.to = d->o.to;
	/* Everything: "recueil-stats.csv", as before. */
	if ((fp.meeting == NULL && fp.form_id == NULL && fp.from == NULL &&
	    fp.to == NULL) ||
	    filename_build(&fp, d->name_utf8, d->name, sizeof(d->name)) < 0) {
		snprintf(d->name, sizeof(d->name), "%s",
		    export_file_name(d->o.kind, format));
		memcpy(d->name_utf8, d->name, sizeof(d->name));
	}
	if (have)
		store_meeting_release(&m);
}

/*
 * The journal's line of a download: the file asked for and its options
 * (a period, a form, a meeting's code: never an answer).
 */
static void
journal_download(struct page *p)
{
	const char *q = http_query_string(p->req);
	char *what = xasprintf("%s%s%s", p->param, q != NULL && *q != '\0' ?
	    "?" : "", q != NULL ? q : "");

	admin_journal_later(p->srv, p->who->session.user, JOURNAL_EXPORT, what);
	free(what);
}

static void
get_download(struct page *p)
{
	struct download *d;
	struct http_stream_spec spec = { HTTP_CSV, NULL, NULL, NULL, NULL,
	    NULL };
	const char *dot = strrchr(p->param, '.');
	char err[600], name[32];
	enum export_kind kind;
	enum tabout_format ext;
	int format;

	/* KIND.EXT: a known export in a known format (no CSV workbook). */
	if (dot == NULL || (size_t)(dot - p->param) >= sizeof(name) ||
	    tabout_format_parse(dot + 1, &ext) < 0) {
		http_fail(p->req, ERR_EXPORT_UNKNOWN);
		return;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(dot - p->param), p->param);
	if (export_kind_parse(name, &kind, err, sizeof(err)) < 0 ||
	    (kind == EXPORT_WORKBOOK && ext == TABOUT_CSV)) {
		http_fail(p->req, ERR_EXPORT_UNKNOWN);
		return;
	}
	if (http_streams_running() >= HTTP_STREAMS_MAX) {
		http_fail(p->req, ERR_EXPORT_BUSY);
		return;
	}
	d = xcalloc(1, sizeof(*d));
	d->st.what = "export";
	d->st.run = download_run;
	export_options_init(&d->o, kind);
	d->o.format = (int)ext;
	d->o.format_set = 1;
	if (admin_stream_options(&d->st, http_query_string(p->req),
	    download_option, _("Les options de l'export sont mal formées."),
	    _("Export impossible : %s"), err, sizeof(err)) < 0) {
		admin_stream_free(d);
		export_page(p, 400, err);
		return;
	}
	/*
	 * The server's min_count is a floor for the staff pages: a download
	 * may ask for a higher threshold, never a lower one.  (The CLI, run by
	 * whoever holds the database file, takes --min-count as given.)
	 */
	if (d->o.min_count < p->srv->cfg->min_count)
		d->o.min_count = p->srv->cfg->min_count;
	format = export_format(&d->o);
	spec.content_type = tabout_format_mime((enum tabout_format)format);
	download_name(p->srv, d, format);
	spec.filename = d->name_utf8;
	if (admin_stream_start(p, &d->st, &spec) == 0)
		journal_download(p);
}

/* ---- form definitions ------------------------------------------------------ */

/* A served form's download: the form (borrowed from the registry, which
 * keeps every version it served until the end) and the format. */
struct form_download {
	const struct form *f;
	enum tabout_format format;
	char name[ROUTE_PARAM_MAX + 8];   /* the file name, "ID.xlsx" */
};

static int
form_download_run(void *arg, int (*write)(void *w, const void *buf,
    size_t len), void *w, char *err, size_t errlen)
{
	struct form_download *fd = arg;
	struct export_sink sink = { write, w };
	struct tabout_options o;
	struct tabout *t;
	int rc;

	tabout_options_init(&o);
	o.format = fd->format;
	o.raw = 1;
	t = tabout_new(&o, &sink);
	if ((rc = formout_write(fd->f, t)) < 0)
		snprintf(err, errlen, "%s", tabout_error(t));
	tabout_free(t);
	return rc;
}

static void
form_download_failed(struct evhttp_request *req, int rc, const char *err,
    void *arg)
{
	(void)rc;
	(void)arg;
	fprintf(stderr, L_("recueild: export d'un questionnaire : %s\n"), err);
	http_fail(req, ERR_EXPORT_FAILED);
}

static void
get_form_download(struct page *p)
{
	struct http_stream_spec spec = { NULL, NULL, form_download_run,
	    form_download_failed, free, NULL };
	const char *dot = strrchr(p->param, '.');
	struct form_download *fd;
	enum tabout_format fmt;
	const struct form *f;
	char id[ROUTE_PARAM_MAX + 1];

	if (dot == NULL || tabout_format_parse(dot + 1, &fmt) < 0) {
		http_fail(p->req, ERR_EXPORT_UNKNOWN);
		return;
	}
	snprintf(id, sizeof(id), "%.*s", (int)(dot - p->param), p->param);
	if ((f = registry_get(p->srv->forms, id)) == NULL) {
		http_fail(p->req, ERR_EXPORT_UNKNOWN);
		return;
	}
	if (http_streams_running() >= HTTP_STREAMS_MAX) {
		http_fail(p->req, ERR_EXPORT_BUSY);
		return;
	}
	fd = xcalloc(1, sizeof(*fd));
	fd->f = f;
	fd->format = fmt;
	snprintf(fd->name, sizeof(fd->name), "%s.%s", f->id,
	    tabout_format_ext(fmt));
	spec.content_type = tabout_format_mime(fmt);
	spec.filename = fd->name;
	spec.arg = fd;
	if (http_stream_run(p->srv, p->req, &spec) < 0) {
		free(fd);
		http_fail(p->req, ERR_UNAVAILABLE);
		return;
	}
	journal_download(p);
}

/* Downloads are GET only: a streamed reply to HEAD would never end. */
static const struct route routes[] = {
	{ ROUTE_PAGE, "/admin/export", ROUTE_STAFF, ROUTE_NO_BODY, 0, 0,
	    get_export },
	{ ROUTE_GET, "/admin/export/{file}", ROUTE_STAFF, ROUTE_NO_BODY, 0, 0,
	    get_download },
	{ ROUTE_GET, "/admin/forms/{file}", ROUTE_COORDINATOR, ROUTE_NO_BODY,
	    0, 0, get_form_download },
};

const struct route_table admin_export_routes = {
	"/admin", ROUTE_STAFF, ERR_STAFF_NOT_FOUND, routes,
	sizeof(routes) / sizeof(routes[0])
};
