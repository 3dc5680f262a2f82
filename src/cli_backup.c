/*
 * cli_backup.c - `recueil backup FILE`: an online, consistent copy of the
 * database while the daemon keeps running (see backup.h).
 */
#include <stdio.h>
#include <string.h>

#include "backup.h"
#include "cli.h"

static const char usage[] =
    "usage: recueil [--db FILE] backup FILE\n"
    "\n"
    "Copy the database to FILE while the daemon keeps running, with\n"
    "SQLite's online backup API.  The copy is checked with\n"
    "PRAGMA integrity_check, written to a temporary file beside FILE,\n"
    "synced to disk and renamed over FILE (mode 0600).\n"
    "\n"
    "To restore: stop recueild, remove the database's -wal and -shm files,\n"
    "copy the backup over the database, start recueild (see recueil(1)).\n";

int
cli_backup(const struct cli *c, int argc, char **argv)
{
	const char *dest = NULL;
	char err[1024];
	int i, only_args = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!only_args && (strcmp(a, "--help") == 0 ||
		    strcmp(a, "-h") == 0)) {
			fputs(usage, stdout);
			return EXIT_OK;
		}
		if (!only_args && strcmp(a, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (!only_args && a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "recueil backup: unknown option '%s'\n"
			    "usage: recueil [--db FILE] backup FILE\n", a);
			return EXIT_USAGE;
		}
		if (dest != NULL) {
			fprintf(stderr, "recueil backup: unexpected argument "
			    "'%s'\nusage: recueil [--db FILE] backup FILE\n", a);
			return EXIT_USAGE;
		}
		dest = a;
	}
	if (dest == NULL || dest[0] == '\0') {
		fputs("recueil backup: missing the backup FILE\n"
		    "usage: recueil [--db FILE] backup FILE\n", stderr);
		return EXIT_USAGE;
	}
	if (backup_run(c->db, dest, err, sizeof(err)) < 0) {
		fprintf(stderr, "recueil backup: %s\n", err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
