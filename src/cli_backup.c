/*
 * cli_backup.c - `recueil backup FILE`: an online, consistent copy of the
 * database while the daemon keeps running (see backup.h).
 */
#include <stdio.h>
#include <string.h>

#include "backup.h"
#include "cli.h"
#include "i18n.h"

static const char usage[] =
    N_("usage : recueil [--db FICHIER] backup FICHIER\n"
        "\n"
        "Copie la base dans FICHIER pendant que le service tourne, "
        "avec l'API de\n"
        "sauvegarde en ligne de SQLite.  La copie est vérifiée "
        "par\n"
        "PRAGMA integrity_check, écrite dans un fichier temporaire "
        "à côté de\n"
        "FICHIER, écrite sur le disque puis renommée en FICHIER "
        "(mode 0600).\n"
        "\n"
        "Pour restaurer : arrêtez recueild, retirez les fichiers "
        "-wal et -shm de la\n"
        "base, copiez la sauvegarde sur la base, démarrez recueild "
        "(voir recueil(1)).\n");

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
			fputs(_(usage), stdout);
			return EXIT_OK;
		}
		if (!only_args && strcmp(a, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (!only_args && a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, _("recueil backup : option inconnue « %s »\n"
			    "usage : recueil [--db FICHIER] backup FICHIER\n"), a);
			return EXIT_USAGE;
		}
		if (dest != NULL) {
			fprintf(stderr, _("recueil backup : argument inattendu « %s »\n"
			    "usage : recueil [--db FICHIER] backup FICHIER\n"), a);
			return EXIT_USAGE;
		}
		dest = a;
	}
	if (dest == NULL || dest[0] == '\0') {
		fputs(_("recueil backup : il manque le FICHIER de sauvegarde\n"
		    "usage : recueil [--db FICHIER] backup FICHIER\n"), stderr);
		return EXIT_USAGE;
	}
	if (backup_run(c->db, dest, err, sizeof(err)) < 0) {
		fprintf(stderr, _("recueil backup : %s\n"), err);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
