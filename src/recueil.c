/*
 * recueil - the batch and admin tool: one subcommand per job.
 *
 *   recueil [--db FILE] [--forms DIR] [--base-url URL] COMMAND [ARGS...]
 *
 * Exit status: 0 on success, 1 when the job failed, 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "cli.h"
#include "i18n.h"
#include "util.h"

static const struct cli_command commands[] = {
	{ "export", cli_export, 0,
	    N_("exports CSV ou classeur : réponses, statistiques, évaluation") },
	{ "report", cli_report, 0,
	    N_("le bilan imprimable (HTML) : évaluation, participation, "
	    "paroles") },
	{ "forms", cli_forms, 0, N_("vérifier les définitions des "
	    "questionnaires") },
	{ "meeting", cli_meeting, 0, N_("créer, lister, clore et rouvrir les "
	    "rencontres") },
	{ "user", cli_user, 0,
	    N_("ajouter, lister et retirer les comptes de l'équipe, changer les "
	    "mots de passe") },
	{ "backup", cli_backup, 0, N_("copier la base pendant que le service "
	    "tourne") },
	{ "purge", cli_purge, 0, N_("effacer pour de bon les réponses de plus "
	    "d'un jour") },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *fp)
{
	fputs(_("usage : recueil [--db FICHIER] [--forms DOSSIER] "
	    "[--base-url URL] [--lang fr|en] COMMANDE [ARGUMENTS...]\n"
	    "\n"
	    "commandes :\n"), fp);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name,
		    _(commands[i].help));
	fputs(_("\n"
	    "--db vaut par défaut $RECUEIL_DB, sinon var/recueil.db.\n"
	    "--lang : la langue des messages et des exports (par "
	    "défaut celle de LANGUAGE, LC_ALL, LC_MESSAGES ou LANG ; "
	    "le français sinon).\n"
	    "« recueil COMMANDE --help » donne les options d'une "
	    "commande.\n"), fp);
}

/* --lang fr|en, over the environment's choice. */
static int
set_lang(const char *code)
{
	if (strcmp(code, "fr") != 0 && strcmp(code, "en") != 0) {
		fprintf(stderr, _("recueil : --lang %s : choisissez fr ou en\n"), code);
		return -1;
	}
	i18n_set_default((enum i18n_lang)i18n_parse(code));
	return 0;
}

/* Each command reads its own options, --help included. */
static const struct cli_table top = {
	"recueil", N_("commande"), usage, CLI_HELP_NONE, commands, N_COMMANDS
};

int
main(int argc, char **argv)
{
	struct cli c = { NULL, "forms", NULL, NULL };
	int i;

	util_progname = "recueil";
	i18n_init(NULL);
	i18n_set_default(i18n_from_env());
	if (sodium_init() < 0) {
		fprintf(stderr, _("recueil : impossible d'initialiser libsodium\n"));
		return EXIT_FAIL;
	}
	c.db = getenv("RECUEIL_DB");
	if (c.db == NULL || *c.db == '\0')
		c.db = "var/recueil.db";
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (i + 1 >= argc || (strcmp(a, "--db") != 0 &&
		    strcmp(a, "--forms") != 0 && strcmp(a, "--base-url") != 0 &&
		    strcmp(a, "--lang") != 0)) {
			fprintf(stderr, _("recueil : %s : option inconnue ou valeur manquante\n"), a);
			usage(stderr);
			return EXIT_USAGE;
		}
		if (strcmp(a, "--lang") == 0) {
			if (set_lang(argv[++i]) < 0)
				return EXIT_USAGE;
		} else if (strcmp(a, "--db") == 0)
			c.db = argv[++i];
		else if (strcmp(a, "--forms") == 0)
			c.forms = argv[++i];
		else
			c.base_url = argv[++i];
	}
	/* As recueild does, create the folder of the default database. */
	if (strcmp(c.db, "var/recueil.db") == 0)
		mkdir("var", 0750);
	/* argv[i - 1] stands for the table's own name, as in a subcommand. */
	return cli_dispatch(&c, &top, argc - i + 1, argv + i - 1);
}
