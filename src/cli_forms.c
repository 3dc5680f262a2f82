/*
 * cli_forms.c - `recueil forms check FILE...`: load form definitions and
 * print every problem, as a coordinator would before publishing a form;
 * `recueil forms export ID`: write a served form as an XLSForm workbook
 * or CSV layout to start a new form from, or to edit it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_out.h"
#include "diag.h"
#include "form.h"
#include "formout.h"
#include "i18n.h"
#include "tabout.h"
#include "util.h"

static const char forms_usage[] =
    N_("usage : recueil forms check FICHIER...\n"
        "        recueil forms export ID [--format xlsx|ods|csv] "
        "[-o FICHIER]\n"
        "\n"
        "Vérifie des questionnaires XLSForm : classeurs .xlsx ou "
        ".ods, ou\n"
        "disposition CSV en un fichier.  Chaque erreur et chaque "
        "avertissement\n"
        "s'affiche sur stderr, avec la cellule :\n"
        "  FICHIER:FEUILLE!C7: error: message          (classeur)\n"
        "  FICHIER:LIGNE:COLONNE: error: FEUILLE!C7: message   "
        "(CSV)\n"
        "(warning: pour un avertissement).  Chaque fichier sans "
        "erreur a une\n"
        "ligne sur stdout.  Sortie 0 quand aucun fichier n'a "
        "d'erreur, 1 sinon,\n"
        "2 pour un usage incorrect.\n");

/*
 * The line of a file without errors: one sentence whose counts are each
 * a phrase of their own ("3 questions"), so that both translate whole.
 */
static void
ok_line(const char *file, const struct form *f, size_t n_q, size_t n_warn)
{
	char *q = xasprintf(P_("%zu question", "%zu questions", n_q), n_q);
	char *ind = xasprintf(P_("%zu indicateur", "%zu indicateurs",
	    f->n_indicators), f->n_indicators);
	char *w = xasprintf(P_("%zu avertissement", "%zu avertissements",
	    n_warn), n_warn);

	/* TRANSLATORS: file, form id, version, then the three counts. */
	printf(_("%s : ok : questionnaire « %s » version %s, %s, %s, %s\n"),
	    file, f->id, f->version ? f->version : "-", q, ind, w);
	free(q);
	free(ind);
	free(w);
}

static int
forms_check(int argc, char **argv)
{
	struct diag d;
	struct form *f;
	char **files = NULL;
	size_t from, n_q, i;
	int status = EXIT_OK, k, n_files = 0, opts_done = 0;

	diag_init(&d);
	files = calloc((size_t)argc, sizeof(*files));
	if (files == NULL) {
		fputs(_("recueil forms check : mémoire épuisée\n"), stderr);
		status = EXIT_FAIL;
		goto done;
	}
	for (k = 1; k < argc; k++) {
		if (!opts_done && strcmp(argv[k], "--") == 0) {
			opts_done = 1;
		} else if (!opts_done && (strcmp(argv[k], "--help") == 0 ||
		    strcmp(argv[k], "-h") == 0)) {
			fputs(_(forms_usage), stdout);
			goto done;
		} else if (!opts_done && argv[k][0] == '-' &&
		    argv[k][1] != '\0') {
			fprintf(stderr, _("recueil forms check : option inconnue « %s »\n"
			    "%s"), argv[k], _(forms_usage));
			status = EXIT_USAGE;
			goto done;
		} else {
			files[n_files++] = argv[k];
		}
	}
	if (n_files == 0) {
		fprintf(stderr, _("recueil forms check : aucun fichier donné\n"
		    "%s"),
		    _(forms_usage));
		status = EXIT_USAGE;
		goto done;
	}
	for (k = 0; k < n_files; k++) {
		from = d.n;
		f = form_load_file(files[k], &d);
		diag_print(&d, from, stderr);
		if (f == NULL) {
			status = EXIT_FAIL;
			continue;
		}
		n_q = 0;
		for (i = 0; i < f->n_questions; i++)
			if (f->questions[i].type != Q_BEGIN_GROUP &&
			    f->questions[i].type != Q_END_GROUP &&
			    f->questions[i].type != Q_NOTE)
				n_q++;
		/* Every message of a loaded form is a warning. */
		ok_line(files[k], f, n_q, d.n - from);
		form_free(f);
	}
done:
	fflush(stdout);
	free(files);
	diag_release(&d);
	return status;
}

/* ---- forms export ---------------------------------------------------------- */

static const char export_usage[] =
    N_("usage : recueil forms export ID [--format xlsx|ods|csv] "
        "[-o FICHIER]\n"
        "\n"
        "Écrit le formulaire ID servi depuis le dossier des "
        "formulaires\n"
        "(--forms) en XLSForm : un classeur (feuilles survey, "
        "choices,\n"
        "settings, indicators) ou la disposition CSV en un "
        "fichier.  Le\n"
        "fichier se recharge en le même formulaire.  Sans "
        "--format, le\n"
        "format suit l'extension de FICHIER, sinon csv.\n");

/* The form `id` of the forms directory (caller frees), or NULL. */
static struct form *
find_form(const char *dir, const char *id)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct form *found = NULL;

	if (d == NULL)
		return NULL;
	while (found == NULL && (de = readdir(d)) != NULL) {
		const char *dot = strrchr(de->d_name, '.');
		struct diag diag;
		struct form *f;
		char *path;

		if (de->d_name[0] == '.' || dot == NULL ||
		    (strcmp(dot, ".csv") != 0 && strcmp(dot, ".xlsx") != 0 &&
		    strcmp(dot, ".ods") != 0))
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		diag_init(&diag);
		f = form_load_file(path, &diag);
		diag_release(&diag);
		free(path);
		if (f != NULL && strcmp(f->id, id) == 0)
			found = f;
		else
			form_free(f);
	}
	closedir(d);
	return found;
}

static int
forms_export(const struct cli *c, int argc, char **argv)
{
	struct tabout_options o;
	struct tabout *t = NULL;
	struct form *f = NULL;
	struct cli_out out;
	const char *id = NULL, *path = NULL, *format = NULL;
	char err[1024];
	int rc = EXIT_USAGE, opened = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(_(export_usage), stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
		    strcmp(a, "--format") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0') {
				fprintf(stderr, _("recueil forms export : %s "
				    "demande une valeur\n"), a);
				return EXIT_USAGE;
			}
			if (strcmp(a, "--format") == 0)
				format = argv[++i];
			else
				path = argv[++i];
		} else if (strncmp(a, "--format=", 9) == 0) {
			format = a + 9;
		} else if (a[0] == '-' || id != NULL) {
			fprintf(stderr, _("recueil forms export : argument "
			    "inattendu « %s »\n%s"), a, _(export_usage));
			return EXIT_USAGE;
		} else
			id = a;
	}
	if (id == NULL) {
		fprintf(stderr, _("recueil forms export : quel formulaire ? "
		    "Donnez son identifiant (form_id)\n%s"), _(export_usage));
		return EXIT_USAGE;
	}
	tabout_options_init(&o);
	o.raw = 1;
	if (format == NULL && path != NULL && strrchr(path, '.') != NULL)
		tabout_format_parse(strrchr(path, '.') + 1, &o.format);
	if (format != NULL && tabout_format_parse(format, &o.format) < 0) {
		fprintf(stderr, _("recueil forms export : format « %s » "
		    "inconnu : xlsx, ods ou csv\n"), format);
		return EXIT_USAGE;
	}
	if ((f = find_form(c->forms, id)) == NULL) {
		fprintf(stderr, _("recueil forms export : aucun formulaire "
		    "« %s » dans %s/ (voir recueil forms check)\n"), id,
		    c->forms);
		return EXIT_USAGE;
	}
	rc = EXIT_FAIL;
	if (cli_out_open(&out, path, err, sizeof(err)) < 0) {
		fprintf(stderr, _("recueil forms export : %s\n"), err);
		goto done;
	}
	opened = 1;
	t = tabout_new(&o, &out.sink);
	if (formout_write(f, t) < 0) {
		fprintf(stderr, _("recueil forms export : %s\n"), tabout_error(t));
		goto done;
	}
	if (cli_out_commit(&out, err, sizeof(err)) < 0) {
		fprintf(stderr, _("recueil forms export : %s\n"), err);
		goto done;
	}
	rc = EXIT_OK;
done:
	if (opened)
		cli_out_abort(&out);
	tabout_free(t);
	form_free(f);
	return rc;
}

static int
forms_check_cmd(const struct cli *c, int argc, char **argv)
{
	(void)c;
	return forms_check(argc, argv);
}

static void
forms_usage_to(FILE *fp)
{
	fputs(_(forms_usage), fp);
}

static const struct cli_command forms_commands[] = {
	{ "check", forms_check_cmd, 0, N_("vérifier des définitions de "
	    "questionnaire") },
	{ "export", forms_export, 0, N_("réécrire un questionnaire en "
	    "XLSForm") },
};

/* Each subcommand reads its own --help (and check `--` before files). */
static const struct cli_table forms_table = {
	"recueil forms", N_("commande de questionnaire"), forms_usage_to,
	CLI_HELP_NONE,
	forms_commands, sizeof(forms_commands) / sizeof(forms_commands[0])
};

int
cli_forms(const struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, &forms_table, argc, argv);
}
