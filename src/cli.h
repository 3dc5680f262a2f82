/*
 * cli.h - subcommands of the `recueil` batch and admin tool.
 *
 * Each subcommand lives in src/cli_NAME.c and is one function taking the
 * arguments that follow its name (argv[0] is the subcommand's name).  It
 * returns the process exit status: 0 on success, 1 when the job failed,
 * 2 on bad usage (with a message naming the bad argument on stderr).
 *
 * Commands with subcommands of their own (meeting, user, forms) describe
 * them in a table (struct cli_table) and hand it to cli_dispatch(), as
 * recueil.c does for the commands: the help, the unknown names, the
 * arguments a subcommand refuses and the database connection are handled
 * there once.
 */
#ifndef RECUEIL_CLI_H
#define RECUEIL_CLI_H

#include <stdio.h>

struct store;

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Options shared by every subcommand, parsed before the subcommand name. */
struct cli {
	const char *db;        /* --db, else $RECUEIL_DB, else var/recueil.db */
	const char *forms;     /* --forms, else forms */
	const char *base_url;  /* --base-url, else NULL: see cli_base_url() */
	struct store *store;   /* open for a CLI_STORE subcommand, else NULL */
};

enum {
	CLI_STORE = 1,     /* open c->db read-write (c->store) for the call */
	CLI_NO_ARGS = 2    /* the subcommand takes no argument */
};

/* One (sub)command: its name, what it does, how it is run. */
struct cli_command {
	const char *name;
	int (*fn)(const struct cli *c, int argc, char **argv);
	int flags;                 /* CLI_STORE, CLI_NO_ARGS */
	const char *help;          /* one line, for a list of commands */
};

enum cli_help { CLI_HELP_NONE, CLI_HELP_FIRST, CLI_HELP_ANY };

struct cli_table {
	const char *prog;          /* "recueil meeting", for messages */
	const char *noun;          /* N_("commande de rencontre"): "« x »
	                              n'est pas une ..." */
	void (*usage)(FILE *fp);
	/*
	 * Where -h or --help after a subcommand's name shows the usage:
	 * nowhere (the subcommand reads it itself), as its first argument,
	 * or as any argument.
	 */
	enum cli_help help;
	const struct cli_command *cmds;
	size_t n;
};

/*
 * Run the subcommand of `t` named argv[1] (argv[0] is the table's own
 * name) with the arguments from argv[1] on.  No name: the usage on stderr
 * and 2.  -h, --help or help: the usage on stdout and 0.  An unknown name:
 * "PROG: 'NAME' is not a NOUN", the usage on stderr and 2.  Otherwise the
 * subcommand's exit status (1 when its database cannot be opened).
 */
int cli_dispatch(const struct cli *c, const struct cli_table *t, int argc,
    char **argv);

int cli_export(const struct cli *c, int argc, char **argv);
int cli_forms(const struct cli *c, int argc, char **argv);
int cli_report(const struct cli *c, int argc, char **argv);
int cli_meeting(const struct cli *c, int argc, char **argv);
int cli_user(const struct cli *c, int argc, char **argv);
int cli_backup(const struct cli *c, int argc, char **argv);
int cli_purge(const struct cli *c, int argc, char **argv);

#endif
