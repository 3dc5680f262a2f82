/*
 * recueild - the Recueil HTTP daemon.
 *
 * Start-up: settings (defaults, -c FILE, flags), the database (created and
 * migrated), the forms, the group-commit writer, the HTTP server.  SIGHUP
 * reloads the forms; SIGTERM and SIGINT stop accepting, write every
 * pending submission, answer it and exit 0.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <event2/event.h>
#include <sodium.h>

#include "config.h"
#include "diag.h"
#include "form.h"
#include "html.h"
#include "html_cache.h"
#include "http.h"
#include "meeting.h"
#include "registry.h"
#include "server.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "writer.h"

/* Submissions per transaction: large enough to share an fsync widely. */
#define WRITER_MAX_BATCH 1024

static void
usage(FILE *fp)
{
	fputs("usage: recueild [-c FILE] [--listen ADDR:PORT] [--db FILE] "
	    "[--forms DIR]\n"
	    "                [--base-url URL] [--set KEY=VALUE]... [--demo] "
	    "[--check-config]\n"
	    "\n"
	    "  -c, --config FILE    read settings from FILE (recueil.conf(5))\n"
	    "  --listen ADDR:PORT   address to listen on (default "
	    "127.0.0.1:8080; port 0 picks one)\n"
	    "  --db FILE            SQLite database (default var/recueil.db)\n"
	    "  --forms DIR          form definitions (default forms)\n"
	    "  --base-url URL       public URL used in links and QR codes\n"
	    "  --set KEY=VALUE      any setting of recueil.conf(5)\n"
	    "  --demo               create a demo meeting when there is none\n"
	    "  --check-config       print the effective settings and exit\n"
	    "  -h, --help           show this help\n", fp);
}

static void
print_diag(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		char *m = diag_format(d, i);

		fprintf(stderr, "%s\n", m);
		free(m);
	}
}

static struct server srv;
static struct registry *forms;

static void
reload_forms(void)
{
	struct diag d;
	int n;

	diag_init(&d);
	n = registry_load(forms, srv.store, &d);
	/* The cached pages point at the forms just replaced. */
	html_cache_clear();
	print_diag(&d);
	diag_release(&d);
	fprintf(stderr, "recueild: %d form%s serving from %s\n", n < 0 ? 0 : n,
	    n == 1 ? "" : "s", registry_dir(forms));
}

static void
on_hup(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	(void)arg;
	fprintf(stderr, "recueild: SIGHUP: reloading forms\n");
	reload_forms();
}

static void
on_term(evutil_socket_t sig, short what, void *arg)
{
	struct timeval grace = { 1, 0 };

	(void)what;
	(void)arg;
	if (srv.stopping)
		return;
	fprintf(stderr, "recueild: %s: finishing pending writes\n",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	srv.stopping = 1;
	http_stop_accepting(&srv);
	/* Writes and answers everything already accepted. */
	writer_stop(srv.writer);
	srv.writer = NULL;
	/* Give the replies a moment to leave, then stop the loop. */
	event_base_loopexit(srv.base, &grace);
}

/* ---- retention --------------------------------------------------------- */

/*
 * Answers older than the retention period are deleted at start (then
 * VACUUM, before the writer opens the database) and once a day after
 * that, in a short-lived thread with its own connection: the delete may
 * wait on the writer's lock, which must never happen on the loop's thread.
 * The daily pass skips VACUUM (it would hold the write lock);
 * secure_delete already overwrites the deleted rows, and the next start
 * vacuums.
 *
 * The period is the server's retention_days for every form, shortened for
 * a form whose settings sheet says retention_days (form_retention()).  The
 * plan is built on the loop's thread, which owns the registry, and handed
 * to the thread, which frees it.
 */
struct retention_plan {
	char *db;
	int server_days;
	int vacuum;
	size_t n;
	struct { char *form_id; int days; } *forms;
};

static struct retention_plan *
retention_plan_new(const struct config *cfg, int vacuum)
{
	struct retention_plan *p = xcalloc(1, sizeof(*p));
	size_t n = registry_count(forms);

	p->db = xstrdup(cfg->db);
	p->server_days = cfg->retention_days;
	p->vacuum = vacuum;
	p->forms = xcalloc(n, sizeof(*p->forms));
	for (size_t i = 0; i < n; i++) {
		const struct form *f = registry_at(forms, i);
		int days = form_retention(f, cfg->retention_days);

		if (days > 0 && days != cfg->retention_days) {
			p->forms[p->n].form_id = xstrdup(f->id);
			p->forms[p->n].days = days;
			p->n++;
		}
	}
	return p;
}

static void
retention_plan_free(struct retention_plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->forms[i].form_id);
	free(p->forms);
	free(p->db);
	free(p);
}

/* Delete what is older than `days` (of form_id, or of all when NULL). */
static int
retention_one(struct store *s, const char *form_id, int days,
    int64_t *total)
{
	int64_t n = 0;

	if (store_purge_before(s, (int64_t)time(NULL) - (int64_t)days * 86400,
	    form_id, &n) < 0)
		return -1;
	if (n > 0)
		fprintf(stderr, "recueild: retention: %lld response%s older than "
		    "%d days deleted%s%s\n", (long long)n, n == 1 ? "" : "s", days,
		    form_id ? " from form " : "", form_id ? form_id : "");
	*total += n;
	return 0;
}

static void
retention_run(const struct retention_plan *p)
{
	struct store *s;
	int64_t total = 0;
	char err[512];

	if (p->server_days <= 0 && p->n == 0)
		return;
	if ((s = store_open(p->db, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "recueild: retention: %s\n", err);
		return;
	}
	if (p->server_days > 0 &&
	    retention_one(s, NULL, p->server_days, &total) < 0)
		goto fail;
	for (size_t i = 0; i < p->n; i++)
		if (retention_one(s, p->forms[i].form_id, p->forms[i].days,
		    &total) < 0)
			goto fail;
	if (p->vacuum && total > 0 && store_vacuum(s) < 0)
		goto fail;
	store_close(s);
	return;
fail:
	fprintf(stderr, "recueild: retention: %s\n", store_error(s));
	store_close(s);
}

static void *
retention_thread(void *arg)
{
	struct retention_plan *p = arg;

	retention_run(p);
	retention_plan_free(p);
	return NULL;
}

static void
on_retention(evutil_socket_t fd, short what, void *arg)
{
	struct retention_plan *p = retention_plan_new(arg, 0);
	pthread_t t;

	(void)fd;
	(void)what;
	if (pthread_create(&t, NULL, retention_thread, p) == 0)
		pthread_detach(t);
	else
		retention_plan_free(p);
}

/* The meeting model's form check: the forms this daemon serves. */
static int
demo_form_served(const char *id, void *arg)
{
	return registry_get(arg, id) != NULL;
}

/* Create the demo meeting of `make run` when there is no meeting yet. */
static void
demo_meeting(void)
{
	struct meeting m = { 0 };
	const struct form *f = registry_get(forms, "rencontre-reseau");
	int64_t n = 0;
	char today[16], err[256];

	if (store_meeting_count(srv.store, &n) < 0 || n > 0)
		return;
	if (f == NULL && (f = registry_at(forms, 0)) == NULL)
		return;
	m.form_id = f->id;
	m.title = (char *)"Rencontre de démonstration";
	m.date = date_today(today, sizeof(today));
	m.level = (char *)"départemental";
	m.centre = (char *)"Centre social";
	m.place = (char *)"";
	if (meeting_validate(&m, demo_form_served, forms, 0, err,
	    sizeof(err)) != MEETING_OK ||
	    meeting_create(srv.store, &m, err, sizeof(err)) != 0) {
		fprintf(stderr, "recueild: cannot create the demo meeting: %s\n",
		    err);
		return;
	}
	fprintf(stderr, "recueild: demo meeting created: open %s/r/%s on a "
	    "phone\n", srv.base_url, m.code);
}

/* Print the open meetings' URLs (for `make run`). */
static int
print_meeting(const struct meeting *m, void *arg)
{
	(void)arg;
	if (!m->closed)
		fprintf(stderr, "recueild: « %s » (%s): %s/r/%s\n", m->title,
		    m->date, srv.base_url, m->code);
	return 0;
}

int
main(int argc, char **argv)
{
	struct config cfg;
	struct diag d;
	struct event *ev_hup = NULL, *ev_term = NULL, *ev_int = NULL;
	struct event *ev_retention = NULL;
	const char *conf = NULL;
	int check = 0, demo = 0, rc = 1;
	char err[512];
	unsigned char key[TOKEN_KEY_LEN];

	util_progname = "recueild";
	config_init(&cfg);
	diag_init(&d);
	/* -c first, so that flags override the file whatever their order. */
	for (int i = 1; i < argc; i++)
		if ((strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "--config") == 0)
		    && i + 1 < argc)
			conf = argv[i + 1];
	if (conf != NULL && config_load_file(&cfg, conf, &d) < 0)
		goto bad_config;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *key_name = NULL, *v = NULL;
		char *kv = NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			rc = 0;
			goto done;
		} else if (strcmp(a, "--check-config") == 0) {
			check = 1;
			continue;
		} else if (strcmp(a, "--demo") == 0) {
			demo = 1;
			continue;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "recueild: %s: unknown option or missing "
			    "value\n", a);
			usage(stderr);
			rc = 2;
			goto done;
		}
		v = argv[++i];
		if (strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0)
			continue;
		else if (strcmp(a, "--listen") == 0)
			key_name = "listen";
		else if (strcmp(a, "--db") == 0)
			key_name = "database";
		else if (strcmp(a, "--forms") == 0)
			key_name = "forms";
		else if (strcmp(a, "--base-url") == 0)
			key_name = "base_url";
		else if (strcmp(a, "--set") == 0) {
			char *eq;

			kv = xstrdup(v);
			if ((eq = strchr(kv, '=')) == NULL) {
				fprintf(stderr, "recueild: --set %s: expected "
				    "KEY=VALUE\n", v);
				free(kv);
				rc = 2;
				goto done;
			}
			*eq = '\0';
			key_name = kv;
			v = eq + 1;
		} else {
			fprintf(stderr, "recueild: %s: unknown option\n", a);
			usage(stderr);
			rc = 2;
			goto done;
		}
		if (config_set(&cfg, key_name, v, &d, "command line", 0) < 0) {
			free(kv);
			goto bad_config;
		}
		free(kv);
	}
	if (check) {
		config_print(&cfg, stdout);
		rc = 0;
		goto done;
	}

	if (sodium_init() < 0)
		fatal("cannot initialise libsodium");
	/*
	 * No evthread_use_pthreads(): libevent runs without locks.  Only the
	 * loop thread calls libevent; the writer, the worker pool and the
	 * export threads wake it through wake.h.
	 */
	signal(SIGPIPE, SIG_IGN);

	/* Create the database's folder for the default var/recueil.db. */
	if (strcmp(cfg.db, "var/recueil.db") == 0)
		mkdir("var", 0750);
	if ((srv.store = store_open(cfg.db, 0, err, sizeof(err))) == NULL)
		fatal("%s", err);
	if (store_secret(srv.store, "form-token", key, sizeof(key)) < 0)
		fatal("%s", store_error(srv.store));
	memcpy(srv.token_key, key, sizeof(key));
	sodium_memzero(key, sizeof(key));

	srv.cfg = &cfg;
	srv.base_url = *cfg.base_url != '\0' ? xstrdup(cfg.base_url) : NULL;
	if (srv.base_url != NULL) {
		size_t n = strlen(srv.base_url);

		while (n > 0 && srv.base_url[n - 1] == '/')
			srv.base_url[--n] = '\0';
	}
	html_set_site(&(struct html_site){ cfg.privacy_controller,
	    cfg.privacy_contact, cfg.retention_days });
	forms = registry_new(cfg.forms);
	srv.forms = forms;
	reload_forms();

	{
		/*
		 * epoll's changelist: a bufferevent enables EV_WRITE for each
		 * reply and disables it once written; with keep-alive the next
		 * reply often re-enables it within the same turn of the loop,
		 * and the changelist folds both into no epoll_ctl(2) at all.
		 * (Its one caveat, dup(2)'d descriptors, does not apply here.)
		 */
		struct event_config *ec = event_config_new();

		if (ec == NULL)
			fatal("cannot create the event loop");
		event_config_set_flag(ec, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
		srv.base = event_base_new_with_config(ec);
		event_config_free(ec);
		if (srv.base == NULL)
			fatal("cannot create the event loop");
	}
	{
		/* Forms may gain a retention period on reload: always daily. */
		struct timeval day = { 86400, 0 };
		struct retention_plan *plan = retention_plan_new(&cfg, 1);

		retention_run(plan);
		retention_plan_free(plan);
		ev_retention = event_new(srv.base, -1, EV_PERSIST, on_retention,
		    &cfg);
		evtimer_add(ev_retention, &day);
	}
	srv.writer = writer_start(cfg.db, srv.base, WRITER_MAX_BATCH, err,
	    sizeof(err));
	if (srv.writer == NULL)
		fatal("%s", err);
	ev_hup = evsignal_new(srv.base, SIGHUP, on_hup, NULL);
	ev_term = evsignal_new(srv.base, SIGTERM, on_term, NULL);
	ev_int = evsignal_new(srv.base, SIGINT, on_term, NULL);
	evsignal_add(ev_hup, NULL);
	evsignal_add(ev_term, NULL);
	evsignal_add(ev_int, NULL);
	if (web_init(&srv, err, sizeof(err)) < 0 ||
	    http_start(&srv, web_handle, err, sizeof(err)) < 0)
		fatal("%s", err);
	if (demo) {
		demo_meeting();
		store_meeting_each(srv.store, print_meeting, NULL);
	}

	event_base_dispatch(srv.base);

	writer_stop(srv.writer);
	web_stop();
	http_free(&srv);
	if (ev_retention != NULL)
		event_free(ev_retention);
	event_free(ev_hup);
	event_free(ev_term);
	event_free(ev_int);
	event_base_free(srv.base);
	registry_free(forms);
	store_close(srv.store);
	free(srv.base_url);
	fprintf(stderr, "recueild: stopped\n");
	rc = 0;
	goto done;

bad_config:
	print_diag(&d);
	rc = 2;
done:
	diag_release(&d);
	config_release(&cfg);
	return rc;
}
