/*
 * cli.c - the table-driven dispatch of `recueil` and its subcommands
 * (see cli.h).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "store.h"
#include "i18n.h"

static int
is_help(const char *a)
{
	return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 ||
	    strcmp(a, "help") == 0;
}

static const struct cli_command *
find(const struct cli_table *t, const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->cmds[i].name, name) == 0)
			return &t->cmds[i];
	return NULL;
}

int
cli_dispatch(const struct cli *c, const struct cli_table *t, int argc,
    char **argv)
{
	const struct cli_command *cmd;
	struct cli sub = *c;
	char err[512];
	int rc;

	if (argc < 2) {
		t->usage(stderr);
		return EXIT_USAGE;
	}
	if (is_help(argv[1])) {
		t->usage(stdout);
		return EXIT_OK;
	}
	if ((cmd = find(t, argv[1])) == NULL) {
		fprintf(stderr, _("%s : « %s » n'est pas une %s\n"), t->prog,
		    argv[1], _(t->noun));
		t->usage(stderr);
		return EXIT_USAGE;
	}
	for (int i = 2; i < argc && t->help != CLI_HELP_NONE; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			t->usage(stdout);
			return EXIT_OK;
		}
		if (t->help == CLI_HELP_FIRST)
			break;
	}
	if ((cmd->flags & CLI_NO_ARGS) && argc > 2) {
		fprintf(stderr, _("%s %s : argument inattendu « %s »\n"), t->prog, cmd->name, argv[2]);
		return EXIT_USAGE;
	}
	if (cmd->flags & CLI_STORE) {
		sub.store = store_open(c->db, 0, err, sizeof(err));
		if (sub.store == NULL) {
			fprintf(stderr, _("recueil : %s\n"), err);
			return EXIT_FAIL;
		}
	}
	rc = cmd->fn(&sub, argc - 1, argv + 1);
	store_close(sub.store);
	return rc;
}
