/*
 * cli.h - subcommands of the `recueil` batch and admin tool.
 *
 * Each subcommand lives in src/cli_NAME.c and is one function taking the
 * arguments that follow its name (argv[0] is the subcommand's name).  It
 * returns the process exit status: 0 on success, 1 when the job failed,
 * 2 on bad usage (with a message naming the bad argument on stderr).
 */
#ifndef RECUEIL_CLI_H
#define RECUEIL_CLI_H

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Options shared by every subcommand, parsed before the subcommand name. */
struct cli {
	const char *db;        /* --db, else $RECUEIL_DB, else var/recueil.db */
	const char *forms;     /* --forms, else forms */
	const char *base_url;  /* --base-url, else http://127.0.0.1:8080 */
};

int cli_export(const struct cli *c, int argc, char **argv);
int cli_forms(const struct cli *c, int argc, char **argv);
int cli_meeting(const struct cli *c, int argc, char **argv);
int cli_user(const struct cli *c, int argc, char **argv);
int cli_backup(const struct cli *c, int argc, char **argv);
int cli_purge(const struct cli *c, int argc, char **argv);

#endif
