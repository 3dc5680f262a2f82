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
#include "util.h"

static const struct {
	const char *name;
	int (*fn)(const struct cli *, int, char **);
	const char *help;
} commands[] = {
	{ "export", cli_export, "CSV exports: responses, stats, evaluation" },
	{ "forms", cli_forms, "check form definitions" },
	{ "meeting", cli_meeting, "create, list, close and reopen meetings" },
	{ "user", cli_user, "add, list and remove staff accounts, set passwords" },
	{ "backup", cli_backup, "copy the database while the daemon runs" },
	{ "purge", cli_purge, "delete answers older than a day, for good" },
};

static void
usage(FILE *fp)
{
	fputs("usage: recueil [--db FILE] [--forms DIR] [--base-url URL] "
	    "COMMAND [ARGS...]\n\ncommands:\n", fp);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].help);
	fputs("\n--db defaults to $RECUEIL_DB, then var/recueil.db.\n"
	    "Run 'recueil COMMAND --help' for a command's options.\n", fp);
}

int
main(int argc, char **argv)
{
	struct cli c = { NULL, "forms", "http://127.0.0.1:8080" };
	int i;

	util_progname = "recueil";
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
		    strcmp(a, "--forms") != 0 && strcmp(a, "--base-url") != 0)) {
			fprintf(stderr, "recueil: %s: unknown option or missing "
			    "value\n", a);
			usage(stderr);
			return EXIT_USAGE;
		}
		if (strcmp(a, "--db") == 0)
			c.db = argv[++i];
		else if (strcmp(a, "--forms") == 0)
			c.forms = argv[++i];
		else
			c.base_url = argv[++i];
	}
	/* As recueild does, create the folder of the default database. */
	if (strcmp(c.db, "var/recueil.db") == 0)
		mkdir("var", 0750);
	if (i == argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			return commands[k].fn(&c, argc - i, argv + i);
	fprintf(stderr, "recueil: '%s' is not a command\n", argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}
