/*
 * cli_purge.c - `recueil purge --before DATE [--form ID]`: delete the
 * answers submitted before a day, then VACUUM so that they leave the file.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "store.h"
#include "util.h"
#include "i18n.h"

static const char usage[] =
    N_("usage : recueil [--db FICHIER] purge --before AAAA-MM-JJ "
        "[--form ID]\n"
        "\n"
        "Efface chaque réponse envoyée avant le jour donné (heure "
        "locale), avec ses\n"
        "réponses aux questions, pour tous les questionnaires ou "
        "seulement ID, puis\n"
        "reconstruit la base (VACUUM) pour que les mots effacés "
        "quittent le fichier.\n"
        "Écrit le nombre de réponses effacées.  Peut tourner "
        "pendant que recueild\n"
        "sert ; les envois attendent les quelques instants que "
        "prend VACUUM.\n");

/* Local midnight starting `date` (valid YYYY-MM-DD) as unix time. */
static int64_t
day_start(const char *date)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = (date[0] - '0') * 1000 + (date[1] - '0') * 100 +
	    (date[2] - '0') * 10 + (date[3] - '0') - 1900;
	tm.tm_mon = (date[5] - '0') * 10 + (date[6] - '0') - 1;
	tm.tm_mday = (date[8] - '0') * 10 + (date[9] - '0');
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

int
cli_purge(const struct cli *c, int argc, char **argv)
{
	const char *before = NULL, *form = NULL;
	struct store *s = NULL;
	int64_t n = 0;
	char err[512];
	int rc = EXIT_FAIL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(_(usage), stdout);
			return EXIT_OK;
		}
		if ((strcmp(a, "--before") == 0 || strcmp(a, "--form") == 0) &&
		    i + 1 < argc) {
			if (a[2] == 'b')
				before = argv[++i];
			else
				form = argv[++i];
			continue;
		}
		fprintf(stderr, _("recueil purge : option inconnue ou valeur manquante « %s "
		    "»\n"
		    "%s"), a, _(usage));
		return EXIT_USAGE;
	}
	if (before == NULL) {
		fprintf(stderr, _("recueil purge : il manque --before AAAA-MM-JJ\n"
		    "%s"),
		    _(usage));
		return EXIT_USAGE;
	}
	if (!date_valid(before)) {
		fprintf(stderr, _("recueil purge : date invalide « %s » : AAAA-MM-JJ "
		    "attendu\n"), before);
		return EXIT_USAGE;
	}
	if ((s = store_open(c->db, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, _("recueil purge : %s\n"), err);
		return EXIT_FAIL;
	}
	if (store_purge_before(s, day_start(before), form, &n) < 0 ||
	    store_vacuum(s) < 0) {
		fprintf(stderr, _("recueil purge : %s\n"), store_error(s));
		goto done;
	}
	printf(P_("%lld réponse effacée\n", "%lld réponses effacées\n", n),
	    (long long)n);
	rc = EXIT_OK;
done:
	store_close(s);
	return rc;
}
