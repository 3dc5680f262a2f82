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

static const char usage[] =
    "usage: recueil [--db FILE] purge --before YYYY-MM-DD [--form ID]\n"
    "\n"
    "Delete every response submitted before the given day (local time),\n"
    "with its answers, for all forms or only form ID, then rebuild the\n"
    "database (VACUUM) so that the deleted words leave the file.  Prints\n"
    "the number of responses deleted.  It can run while recueild serves;\n"
    "submissions wait for the few moments VACUUM takes.\n";

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
			fputs(usage, stdout);
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
		fprintf(stderr, "recueil purge: unknown option or missing value "
		    "'%s'\n%s", a, usage);
		return EXIT_USAGE;
	}
	if (before == NULL) {
		fprintf(stderr, "recueil purge: missing --before YYYY-MM-DD\n%s",
		    usage);
		return EXIT_USAGE;
	}
	if (!date_valid(before)) {
		fprintf(stderr, "recueil purge: invalid date '%s': expected "
		    "YYYY-MM-DD\n", before);
		return EXIT_USAGE;
	}
	if ((s = store_open(c->db, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "recueil purge: %s\n", err);
		return EXIT_FAIL;
	}
	if (store_purge_before(s, day_start(before), form, &n) < 0 ||
	    store_vacuum(s) < 0) {
		fprintf(stderr, "recueil purge: %s\n", store_error(s));
		goto done;
	}
	printf("%lld response%s deleted\n", (long long)n, n == 1 ? "" : "s");
	rc = EXIT_OK;
done:
	store_close(s);
	return rc;
}
