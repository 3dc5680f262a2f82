/*
 * cli_meeting.c - `recueil meeting create|list|close|reopen`.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "code.h"
#include "diag.h"
#include "form.h"
#include "meeting.h"
#include "store.h"
#include "util.h"
#include "i18n.h"

static void
usage(FILE *fp)
{
	fputs(_("usage : recueil meeting create --form ID --title TEXTE "
	    "--date AAAA-MM-JJ\n"
	    "                [--level NIVEAU] [--centre NOM] [--place "
	    "TEXTE]\n"
	    "        recueil meeting list\n"
	    "        recueil meeting close CODE\n"
	    "        recueil meeting reopen CODE\n"
	    "\n"
	    "create écrit le code de la nouvelle rencontre sur la "
	    "première ligne et son\n"
	    "adresse publique sur la seconde.  NIVEAU est l'un de : "), fp);
	for (int i = 0; meeting_levels[i] != NULL; i++)
		fprintf(fp, "%s%s", i ? ", " : "", meeting_levels[i]);
	fputs(".\n", fp);
}

/*
 * The definition served under form_id `id`: forms/ID.csv, or any
 * definition of the forms directory whose form_id is ID (the daemon serves
 * a form under its form_id whatever the file's name), so that a meeting
 * never points to a form the daemon cannot serve.  NULL when none loads;
 * the caller frees it.
 */
static struct form *
form_find(const struct cli *c, const char *id)
{
	char *path = xasprintf("%s/%s.csv", c->forms, id);
	struct diag d;
	struct form *f;
	DIR *dh;
	struct dirent *de;

	/* The usual layout first: forms/ID.csv, with its errors shown. */
	diag_init(&d);
	f = form_load_file(path, &d);
	if (f == NULL && d.n_errors > 0 && access(path, F_OK) == 0) {
		for (size_t i = 0; i < d.n; i++) {
			char *m = diag_format(&d, i);

			fprintf(stderr, "%s\n", m);
			free(m);
		}
	}
	diag_release(&d);
	free(path);
	if (f != NULL && strcmp(f->id, id) == 0)
		return f;
	form_free(f);
	if ((dh = opendir(c->forms)) == NULL)
		return NULL;
	for (f = NULL; f == NULL && (de = readdir(dh)) != NULL;) {
		/* .csv, .xlsx and .ods, as the daemon reads them. */
		if (!form_is_definition_name(de->d_name))
			continue;
		path = xasprintf("%s/%s", c->forms, de->d_name);
		diag_init(&d);
		f = form_load_file(path, &d);
		if (f != NULL && strcmp(f->id, id) != 0) {
			form_free(f);
			f = NULL;
		}
		diag_release(&d);
		free(path);
	}
	closedir(dh);
	return f;
}

/* The meeting model's form check; keeps the form found for create(). */
struct form_check {
	const struct cli *c;
	struct form *found;
};

static int
form_served(const char *id, void *arg)
{
	struct form_check *fc = arg;

	form_free(fc->found);
	fc->found = form_find(fc->c, id);
	return fc->found != NULL;
}

/*
 * Where the meeting's link points: --base-url when given, else the
 * address the daemon last served this database on (it records it at each
 * start), else the default http://127.0.0.1:8080.
 */
static const char *
base_url(const struct cli *c, struct store *s, char *buf, size_t size)
{
	if (c->base_url != NULL)
		return c->base_url;
	if (store_meta_get_text(s, STORE_META_BASE_URL, buf, size) > 0)
		return buf;
	return "http://127.0.0.1:8080";
}

/*
 * create's options into `m`: -1 to go on, else the exit status (after
 * --help, or a message on stderr).
 */
static int
create_args(struct meeting *m, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char **dst = NULL;

		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(argv[i], "--form") == 0)
			dst = &m->form_id;
		else if (strcmp(argv[i], "--title") == 0)
			dst = &m->title;
		else if (strcmp(argv[i], "--date") == 0)
			dst = &m->date;
		else if (strcmp(argv[i], "--level") == 0)
			dst = &m->level;
		else if (strcmp(argv[i], "--centre") == 0)
			dst = &m->centre;
		else if (strcmp(argv[i], "--place") == 0)
			dst = &m->place;
		if (dst == NULL || i + 1 >= argc) {
			fprintf(stderr, dst == NULL ?
			    _("recueil meeting create : %s : option inconnue\n") :
			    _("recueil meeting create : %s : valeur manquante\n"),
			    argv[i]);
			return EXIT_USAGE;
		}
		*dst = argv[++i];
	}
	if (m->form_id == NULL || m->title == NULL || m->date == NULL) {
		fprintf(stderr, _("recueil meeting create : --form, --title et --date sont "
		    "obligatoires\n"));
		return EXIT_USAGE;
	}
	return -1;
}

/*
 * Check the meeting, record its form's version (as the daemon does when
 * it loads a form: the evaluation and the bilan read a meeting's
 * indicators from it, even before the daemon has served the form), then
 * store the meeting.  Returns the exit status.
 */
static int
create_checked(const struct cli *c, struct store *s, struct meeting *m,
    struct form_check *fc)
{
	char err[512];
	int rc;

	switch (meeting_validate(m, form_served, fc, 0, err, sizeof(err))) {
	case MEETING_OK:
		break;
	case MEETING_FORM:
		/* A form id that names nothing served: the job fails. */
		fprintf(stderr, _("recueil meeting create : aucun questionnaire utilisable « "
		    "%s » dans %s/\n"), m->form_id, c->forms);
		return EXIT_FAIL;
	default:
		fprintf(stderr, _("recueil meeting create : %s\n"), err);
		return EXIT_USAGE;
	}
	if (fc->found != NULL && store_form_version_put(s, fc->found) < 0) {
		fprintf(stderr, _("recueil meeting create : %s\n"),
		    store_error(s));
		return EXIT_FAIL;
	}
	rc = meeting_create(s, m, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, _("recueil meeting create : %s\n"), err);
		return rc > 0 ? EXIT_USAGE : EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
create(const struct cli *c, struct store *s, int argc, char **argv)
{
	struct meeting m = { 0 };
	struct form_check fc = { c, NULL };
	char url[512];
	int rc;

	if ((rc = create_args(&m, argc, argv)) >= 0)
		return rc;
	rc = create_checked(c, s, &m, &fc);
	form_free(fc.found);
	if (rc == EXIT_OK)
		printf("%s\n%s/r/%s\n", m.code,
		    base_url(c, s, url, sizeof(url)), m.code);
	return rc;
}

static int
list_one(const struct meeting *m, void *arg)
{
	(void)arg;
	printf("%s\t%s\t%s\t%s\t%s\t%s\t%lld\t%s\n", m->code, m->date,
	    m->closed ? "closed" : "open", m->form_id, m->level, m->title,
	    (long long)m->n_responses, m->centre);
	return 0;
}

static int
set_closed(struct store *s, int argc, char **argv, int closed)
{
	char code[CODE_LEN + 1];
	int rc;

	if (argc != 2) {
		fprintf(stderr, _("recueil meeting %s : un CODE attendu\n"), argv[0]);
		return EXIT_USAGE;
	}
	if (code_normalize(argv[1], code) < 0) {
		fprintf(stderr, _("recueil meeting %s : « %s » n'est pas un code de "
		    "rencontre\n"), argv[0], argv[1]);
		return EXIT_USAGE;
	}
	rc = store_meeting_set_closed(s, code, closed);
	if (rc < 0) {
		fprintf(stderr, _("recueil : %s\n"), store_error(s));
		return EXIT_FAIL;
	}
	if (rc == 1) {
		fprintf(stderr, _("recueil meeting %s : aucune rencontre %s\n"), argv[0], code);
		return EXIT_FAIL;
	}
	printf("%s %s\n", code, closed ? "closed" : "open");
	return EXIT_OK;
}

static int
cmd_create(const struct cli *c, int argc, char **argv)
{
	return create(c, c->store, argc, argv);
}

static int
cmd_list(const struct cli *c, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return store_meeting_each(c->store, list_one, NULL) < 0 ? EXIT_FAIL :
	    EXIT_OK;
}

static int
cmd_close(const struct cli *c, int argc, char **argv)
{
	return set_closed(c->store, argc, argv, 1);
}

static int
cmd_reopen(const struct cli *c, int argc, char **argv)
{
	return set_closed(c->store, argc, argv, 0);
}

static const struct cli_command meeting_commands[] = {
	{ "create", cmd_create, CLI_STORE, N_("créer une rencontre") },
	{ "list", cmd_list, CLI_STORE | CLI_NO_ARGS, N_("lister les "
	    "rencontres") },
	{ "close", cmd_close, CLI_STORE, N_("clore une rencontre") },
	{ "reopen", cmd_reopen, CLI_STORE, N_("rouvrir une rencontre") },
};

static const struct cli_table meeting_table = {
	"recueil meeting", N_("commande de rencontre"), usage, CLI_HELP_FIRST,
	meeting_commands, sizeof(meeting_commands) / sizeof(meeting_commands[0])
};

int
cli_meeting(const struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, &meeting_table, argc, argv);
}
