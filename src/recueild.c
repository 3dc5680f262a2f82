/*
 * recueild - the Recueil HTTP daemon.
 *
 * Start-up: settings (defaults, -c FILE, flags), the database (created and
 * migrated), the forms, the group-commit writer, the HTTP server.  SIGHUP
 * reloads the forms; SIGTERM and SIGINT stop accepting, write every
 * pending submission, answer it and exit 0.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <event2/event.h>
#include <sodium.h>

#include "config.h"
#include "diag.h"
#include "form.h"
#include "html.h"
#include "html_cache.h"
#include "http.h"
#include "i18n.h"
#include "meeting.h"
#include "registry.h"
#include "retention.h"
#include "server.h"
#include "store.h"
#include "util.h"
#include "web.h"
#include "writer.h"

/* Submissions per transaction: large enough to share an fsync widely. */
#define WRITER_MAX_BATCH 1024

/*
 * The command line.  A flag with a `key` sets that setting of
 * recueil.conf(5) through config_set(), which validates it exactly as the
 * file's key table does: flags add no parsing of their own.
 */
enum opt_kind { OPT_KEY, OPT_SET, OPT_CONFIG, OPT_DEMO, OPT_CHECK, OPT_HELP };

static const struct option {
	const char *name, *alias;   /* "--listen", or "-c" for --config */
	const char *arg;            /* the value's name in usage; NULL: none */
	enum opt_kind kind;
	const char *key;            /* OPT_KEY: the setting's key */
	const char *help;
} options[] = {
	{ "--config", "-c", "FILE", OPT_CONFIG, NULL,
	    N_("lire les réglages dans FICHIER (recueil.conf(5))") },
	{ "--listen", NULL, "ADDR:PORT", OPT_KEY, "listen",
	    N_("adresse d'écoute (par défaut 127.0.0.1:8080 ; le port 0 "
	        "en choisit un)") },
	{ "--db", NULL, "FILE", OPT_KEY, "database",
	    N_("base SQLite (par défaut var/recueil.db)") },
	{ "--forms", NULL, "DIR", OPT_KEY, "forms",
	    N_("définitions des questionnaires (par défaut forms)") },
	{ "--base-url", NULL, "URL", OPT_KEY, "base_url",
	    N_("adresse publique des liens et des QR codes") },
	{ "--set", NULL, "KEY=VALUE", OPT_SET, NULL,
	    N_("n'importe quel réglage de recueil.conf(5)") },
	{ "--demo", NULL, NULL, OPT_DEMO, NULL,
	    N_("créer une rencontre de démonstration s'il n'y en a aucune") },
	{ "--check-config", NULL, NULL, OPT_CHECK, NULL,
	    N_("écrire les réglages en vigueur et s'arrêter") },
	{ "--help", "-h", NULL, OPT_HELP, NULL, N_("afficher cette aide") },
};

#define N_OPTIONS (sizeof(options) / sizeof(options[0]))

static void
usage(FILE *fp)
{
	fputs(_("usage : recueild [-c FICHIER] [--listen ADRESSE:PORT] "
	    "[--db FICHIER]\n"
	    "                 [--forms DOSSIER] [--base-url URL] "
	    "[--set CLÉ=VALEUR]...\n"
	    "                 [--demo] [--check-config]\n"
	    "\n"), fp);
	for (size_t i = 0; i < N_OPTIONS; i++) {
		const struct option *o = &options[i];
		char left[64];

		snprintf(left, sizeof(left), "%s%s%s%s%s",
		    o->alias ? o->alias : "", o->alias ? ", " : "", o->name,
		    o->arg ? " " : "", o->arg ? o->arg : "");
		fprintf(fp, "  %-20s %s\n", left, _(o->help));
	}
}

static const struct option *
find_option(const char *a)
{
	for (size_t i = 0; i < N_OPTIONS; i++)
		if (strcmp(a, options[i].name) == 0 ||
		    (options[i].alias && strcmp(a, options[i].alias) == 0))
			return &options[i];
	return NULL;
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
	fprintf(stderr, LP_("recueild: %d questionnaire servi depuis %s\n",
	    "recueild: %d questionnaires servis depuis %s\n", n < 0 ? 0 : n),
	    n < 0 ? 0 : n, registry_dir(forms));
}

static void
on_hup(evutil_socket_t sig, short what, void *arg)
{
	(void)sig;
	(void)what;
	(void)arg;
	fprintf(stderr, L_("recueild: SIGHUP : relecture des "
	    "questionnaires\n"));
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
	fprintf(stderr, L_("recueild: %s : fin des écritures en cours\n"),
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	srv.stopping = 1;
	http_stop_accepting(&srv);
	/* Writes and answers everything already accepted. */
	writer_stop(srv.writer);
	srv.writer = NULL;
	/* Give the replies a moment to leave, then stop the loop. */
	event_base_loopexit(srv.base, &grace);
}

/* The meeting model's form check: the forms this daemon serves. */
static int
demo_form_served(const char *id, void *arg)
{
	return registry_get(arg, id) != NULL;
}

/*
 * Create the demo meeting of `make run` when there is no meeting yet and
 * none was ever made: marked as a demonstration, it never counts in the
 * statistics, the evaluation or reports, and a coordinator removes it in
 * one click.
 */
static void
demo_meeting(void)
{
	struct meeting m = { 0 };
	const struct form *f = registry_get(forms, "rencontre-reseau");
	int due = 0;
	char today[16], err[256];

	if (store_meeting_demo_due(srv.store, &due) < 0 || !due)
		return;
	if (f == NULL && (f = registry_at(forms, 0)) == NULL)
		return;
	m.form_id = f->id;
	m.title = (char *)L_("Rencontre de démonstration");
	m.date = date_today(today, sizeof(today));
	m.level = (char *)"départemental";
	m.centre = (char *)L_("Centre social");
	m.place = (char *)"";
	m.demo = 1;
	if (meeting_validate(&m, demo_form_served, forms, 0, err,
	    sizeof(err)) != MEETING_OK ||
	    meeting_create(srv.store, &m, err, sizeof(err)) != 0) {
		fprintf(stderr, L_("recueild: impossible de créer la "
		    "rencontre de démonstration : %s\n"),
		    err);
		return;
	}
	if (store_meeting_demo_made(srv.store) < 0)
		fprintf(stderr, "recueild: %s\n", store_error(srv.store));
	fprintf(stderr, L_("recueild: réunion de démonstration créée : "
	    "%s/r/%s\n"), srv.base_url, m.code);
	/* A loopback address works only in a browser of this computer; a
	 * phone needs the daemon installed on a server. */
	if (strncmp(srv.base_url, "http://127.", 11) == 0 ||
	    strncmp(srv.base_url, "http://[::1]", 12) == 0 ||
	    strncmp(srv.base_url, "http://localhost", 16) == 0)
		fputs(_("recueild: cette adresse ne marche que dans un "
		    "navigateur de cet ordinateur ; pour répondre depuis un "
		    "téléphone, installez Recueil sur un serveur (README, "
		    "« Installer sur un serveur Debian »).\n"), stderr);
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

/* ---- settings ----------------------------------------------------------- */

enum { SETTINGS_RUN, SETTINGS_EXIT_OK, SETTINGS_USAGE, SETTINGS_BAD };

/*
 * Read the settings: the defaults, then -c FILE, then the flags, whatever
 * their order (so that flags override the file).  Returns SETTINGS_RUN,
 * SETTINGS_EXIT_OK (--help was printed), SETTINGS_USAGE (a bad flag, with
 * its message) or SETTINGS_BAD (the problems are in `d`).
 */
static int
read_settings(int argc, char **argv, struct config *cfg, int *check,
    int *demo, struct diag *d)
{
	const char *conf = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		const struct option *o = find_option(argv[i]);

		if (o != NULL && o->kind == OPT_CONFIG && i + 1 < argc)
			conf = argv[i + 1];
	}
	if (conf != NULL && config_load_file(cfg, conf, d) < 0)
		return SETTINGS_BAD;
	for (i = 1; i < argc; i++) {
		const struct option *o = find_option(argv[i]);
		const char *key, *v;
		char *kv = NULL, *eq;
		int rc;

		if (o == NULL || (o->arg != NULL && i + 1 >= argc)) {
			fprintf(stderr, o == NULL && i + 1 < argc ?
			    _("recueild : %s : option inconnue\n") :
			    _("recueild : %s : option inconnue ou valeur "
			    "manquante\n"), argv[i]);
			usage(stderr);
			return SETTINGS_USAGE;
		}
		switch (o->kind) {
		case OPT_HELP:
			usage(stdout);
			return SETTINGS_EXIT_OK;
		case OPT_CHECK:
			*check = 1;
			continue;
		case OPT_DEMO:
			*demo = 1;
			continue;
		case OPT_CONFIG:
			i++;
			continue;
		case OPT_KEY:
			key = o->key;
			v = argv[++i];
			break;
		case OPT_SET:
			v = argv[++i];
			kv = xstrdup(v);
			if ((eq = strchr(kv, '=')) == NULL) {
				fprintf(stderr, _("recueild : --set %s : CLÉ=VALEUR attendu\n"), v);
				free(kv);
				return SETTINGS_USAGE;
			}
			*eq = '\0';
			key = kv;
			v = eq + 1;
			break;
		default:
			continue;
		}
		rc = config_set(cfg, key, v, d, L_("ligne de commande"), 0);
		free(kv);
		if (rc < 0)
			return SETTINGS_BAD;
	}
	return SETTINGS_RUN;
}

/* ---- starting and stopping ----------------------------------------------- */

static struct retention *retention;
static struct event *ev_hup, *ev_term, *ev_int;

/*
 * The event loop.  epoll's changelist: a bufferevent enables EV_WRITE for
 * each reply and disables it once written; with keep-alive the next reply
 * often re-enables it within the same turn of the loop, and the changelist
 * folds both into no epoll_ctl(2) at all.  (Its one caveat, dup(2)'d
 * descriptors, does not apply here.)
 */
static struct event_base *
new_base(void)
{
	struct event_config *ec = event_config_new();
	struct event_base *base;

	if (ec == NULL)
		fatal(L_("impossible de créer la boucle d'événements"));
	event_config_set_flag(ec, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
	base = event_base_new_with_config(ec);
	event_config_free(ec);
	if (base == NULL)
		fatal(L_("impossible de créer la boucle d'événements"));
	return base;
}

/* The loop's connection, the token key, the public URL, the forms. */
static void
open_data(struct config *cfg)
{
	unsigned char key[TOKEN_KEY_LEN];
	char err[512];

	/* Create the database's folder for the default var/recueil.db. */
	if (strcmp(cfg->db, "var/recueil.db") == 0)
		mkdir("var", 0750);
	if ((srv.store = store_open(cfg->db, 0, err, sizeof(err))) == NULL)
		fatal("%s", err);
	if (store_secret(srv.store, "form-token", key, sizeof(key)) < 0)
		fatal("%s", store_error(srv.store));
	memcpy(srv.token_key, key, sizeof(key));
	sodium_memzero(key, sizeof(key));

	srv.cfg = cfg;
	srv.base_url = *cfg->base_url != '\0' ? xstrdup(cfg->base_url) : NULL;
	if (srv.base_url != NULL) {
		size_t n = strlen(srv.base_url);

		while (n > 0 && srv.base_url[n - 1] == '/')
			srv.base_url[--n] = '\0';
	}
	html_set_site(&(struct html_site){ cfg->privacy_controller,
	    cfg->privacy_contact, cfg->retention_days });
	forms = registry_new(cfg->forms);
	srv.forms = forms;
	reload_forms();
}

/* Everything up to the first turn of the loop; fatal() on failure. */
static void
start(struct config *cfg, int demo)
{
	char err[512];

	if (sodium_init() < 0)
		fatal(L_("impossible d'initialiser libsodium"));
	/*
	 * No evthread_use_pthreads(): libevent runs without locks.  Only the
	 * loop thread calls libevent; the job queues (jobq.h: the writer, the
	 * worker pool, the retention pass) and the export threads wake it
	 * through wake.h.
	 */
	signal(SIGPIPE, SIG_IGN);
	open_data(cfg);
	srv.base = new_base();
	/* Before the writer opens the database: the purge may VACUUM. */
	retention_run_now(cfg, forms);
	if ((retention = retention_start(srv.base, cfg, forms, err,
	    sizeof(err))) == NULL)
		fatal("%s", err);
	srv.writer = writer_start(cfg->db, srv.base, WRITER_MAX_BATCH, err,
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
	/* For `recueil meeting create`, which prints the meeting's link. */
	if (store_meta_set_text(srv.store, STORE_META_BASE_URL,
	    srv.base_url) < 0)
		fprintf(stderr, "recueild: %s\n", store_error(srv.store));
	if (demo) {
		demo_meeting();
		store_meeting_each(srv.store, print_meeting, NULL);
	}
}

/* After the loop: answer what is pending, then free in reverse order. */
static void
stop(void)
{
	writer_stop(srv.writer);
	web_stop();
	retention_stop(retention);
	http_free(&srv);
	event_free(ev_hup);
	event_free(ev_term);
	event_free(ev_int);
	event_base_free(srv.base);
	registry_free(forms);
	store_close(srv.store);
	free(srv.base_url);
	fprintf(stderr, "recueild: stopped\n");
}

int
main(int argc, char **argv)
{
	struct config cfg;
	struct diag d;
	int check = 0, demo = 0, rc = 0;

	util_progname = "recueild";
	/* The console speaks the environment's language (--help, settings'
	 * errors); the pages choose theirs per request (http.c), French
	 * unless the person chose English. */
	i18n_init(NULL);
	i18n_set_default(i18n_from_env());
	config_init(&cfg);
	diag_init(&d);
	switch (read_settings(argc, argv, &cfg, &check, &demo, &d)) {
	case SETTINGS_EXIT_OK:
		goto done;
	case SETTINGS_USAGE:
		rc = 2;
		goto done;
	case SETTINGS_BAD:
		print_diag(&d);
		rc = 2;
		goto done;
	}
	if (check) {
		config_print(&cfg, stdout);
		goto done;
	}
	start(&cfg, demo);
	event_base_dispatch(srv.base);
	stop();
done:
	diag_release(&d);
	config_release(&cfg);
	return rc;
}
