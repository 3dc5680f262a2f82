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
	{ "export", cli_export, 0, "CSV exports: responses, stats, evaluation" },
	{ "report", cli_report, 0,
	    "the printable bilan (HTML): evaluation, participation, quotes" },
	{ "forms", cli_forms, 0, "check form definitions" },
	{ "meeting", cli_meeting, 0, "create, list, close and reopen meetings" },
	{ "user", cli_user, 0,
	    "add, list and remove staff accounts, set passwords" },
	{ "backup", cli_backup, 0, "copy the database while the daemon runs" },
	{ "purge", cli_purge, 0, "delete answers older than a day, for good" },
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
usage(FILE *fp)
{
	fputs("usage: recueil [--db FILE] [--forms DIR] [--base-url URL] "
	    "[--lang fr|en] COMMAND [ARGS...]\n\ncommands:\n", fp);
	for (size_t i = 0; i < N_COMMANDS; i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].help);
	fputs("\n--db defaults to $RECUEIL_DB, then var/recueil.db.\n"
	    "Run 'recueil COMMAND --help' for a command's options.\n", fp);
}

/* --lang fr|en, over the environment's choice. */
static int
set_lang(const char *code)
{
	if (strcmp(code, "fr") != 0 && strcmp(code, "en") != 0) {
		fprintf(stderr, "recueil: --lang %s: choose fr or en\n", code);
		return -1;
	}
	i18n_set_default((enum i18n_lang)i18n_parse(code));
	return 0;
}

/* Each command reads its own options, --help included. */
static const struct cli_table top = {
	"recueil", "command", usage, CLI_HELP_NONE, commands, N_COMMANDS
};

int
main(int argc, char **argv)
{
	struct cli c = { NULL, "forms", "http://127.0.0.1:8080", NULL };
	int i;

	util_progname = "recueil";
	i18n_init(NULL);
	i18n_set_default(i18n_from_env());
	if (sodium_init() < 0) {
		fprintf(stderr, "recueil: cannot initialise libsodium\n");
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
			fprintf(stderr, "recueil: %s: unknown option or missing "
			    "value\n", a);
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
