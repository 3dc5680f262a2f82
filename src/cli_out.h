/*
 * cli_out.h - where a `recueil` command writes a file: stdout, or with
 * -o FILE a temporary file beside FILE, synced and renamed over FILE only
 * once complete, so that FILE is either the old one or the whole new
 * one, never half of it.  Shared by `export`, `report` and `forms export`.
 */
#ifndef RECUEIL_CLI_OUT_H
#define RECUEIL_CLI_OUT_H

#include <stddef.h>
#include <stdio.h>

#include "export.h"

struct cli;
struct registry;
struct store;

struct cli_out {
	FILE *fp;              /* where to write */
	const char *path;      /* -o FILE (borrowed), NULL for stdout */
	char *tmp;             /* the temporary file beside it */
	struct export_sink sink; /* writes to fp */
};

/*
 * Open the output: `path` (borrowed), or stdout when NULL.  Returns 0, or
 * -1 with a message in err.
 */
int cli_out_open(struct cli_out *o, const char *path, char *err,
    size_t errlen);

/*
 * Complete the output: flush, and for a file sync it, give it the usual
 * permissions (0666 less the umask) and rename it over the path.  Returns
 * 0, or -1 with a message in err (the temporary file is removed).
 */
int cli_out_commit(struct cli_out *o, char *err, size_t errlen);

/* Give up: remove the temporary file.  Safe after commit, and twice. */
void cli_out_abort(struct cli_out *o);

/* What cli_out_arg read. */
enum cli_out_arg {
	CLI_OUT_ARG_ERROR = -1,  /* a usage error, printed */
	CLI_OUT_ARG_OPTION,      /* --NAME or --NAME=VALUE */
	CLI_OUT_ARG_HELP,        /* -h or --help */
	CLI_OUT_ARG_OUTPUT       /* -o FILE or --output FILE, in *out */
};

/*
 * Read argv[*i], an argument of a command writing a file (`prog`: "recueil
 * export"): -h or --help; -o FILE or --output FILE (*out, and *i moves on
 * to FILE); or --NAME[=VALUE], NAME in name (cut to namelen) and VALUE in
 * *value (NULL without '=': the command's table says whether it reads the
 * next argument).  Anything else is a usage error, printed.
 */
enum cli_out_arg cli_out_arg(const char *prog, int argc, char **argv, int *i,
    const char **out, char *name, size_t namelen, const char **value);

/* A command's job on the database and the forms (export_run, report_run
 * for `opts`): 0, or < 0 with a message (EXPORT_USAGE: bad usage). */
typedef int cli_out_job(struct store *s, struct registry *reg,
    const void *opts, const struct export_sink *sink, char *err,
    size_t errlen);

/*
 * Run `job` as `recueil export` and `recueil report` do: open c->db
 * read-only and load the forms directory's registry (forms whose
 * definition is not stored yet cannot have answers: a read-only store
 * refusing to record them is harmless), then write to `path` (or stdout
 * when NULL) with cli_out_open and cli_out_commit.  A failure is printed
 * with `fail`, a translated format with one %s ("recueil export : %s\n").
 * Returns the exit status (cli.h).
 */
int cli_out_run(const struct cli *c, const char *path, cli_out_job *job,
    const void *opts, const char *fail);

#endif
