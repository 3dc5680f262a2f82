/*
 * cli_report.c - `recueil report`: the printable bilan (report.h) as one
 * HTML file, for cron or a script; the staff page /admin/report shows the
 * same page.  The selection's options are the exports' (export.c's table:
 * --form, --meeting, --from, --to, --period); --min-count is the stats
 * export's.  With -o FILE the page goes to a temporary file renamed over
 * FILE once complete (cli_out.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_out.h"
#include "report.h"
#include "i18n.h"

static void
usage(FILE *fp)
{
	fputs(_("usage : recueil report [options] [-o FICHIER]\n"
	    "\n"
	    "Écrit le bilan en une page HTML (graphiques SVG, feuille "
	    "de style\n"
	    "d'impression A4) : le tableau d'évaluation, la "
	    "participation par rencontre\n"
	    "et par centre d'accueil, les chiffres de chaque question "
	    "et les paroles\n"
	    "retenues sur les pages de l'équipe.  Imprimez-la en PDF "
	    "depuis n'importe\n"
	    "quel navigateur, ou avec\n"
	    "  chromium --headless --print-to-pdf=bilan.pdf "
	    "bilan.html\n"
	    "\n"
	    "Ce qu'il couvre (tout, par défaut) :\n"
	    "  --form ID         un questionnaire\n"
	    "  --meeting CODE    une rencontre\n"
	    "  --from DATE       les rencontres tenues le DATE ou "
	    "après (AAAA-MM-JJ)\n"
	    "  --to DATE         les rencontres tenues le DATE ou "
	    "avant\n"
	    "  --period P        une année (2026), un semestre "
	    "(2026-S1), un trimestre\n"
	    "                    (2026-T1), un mois (2026-03), un "
	    "jour, ou un intervalle\n"
	    "                    (2026-01..2026-06) ; répétez-le (ou "
	    "écrivez 2025,2026)\n"
	    "                    pour comparer des périodes côte à "
	    "côte dans le tableau\n"
	    "                    d'évaluation\n"
	    "  --min-count N     les effectifs de moins de N personnes "
	    "s'écrivent « < N »\n"
	    "  -o FICHIER        écrire FICHIER (d'un coup) au lieu de "
	    "la sortie standard\n"), fp);
}

/*
 * Read the options into `o` and `out`.  Returns 0 to go on, 1 when
 * --help was printed, -1 after a usage error was printed.
 */
static int
parse_args(int argc, char **argv, struct report_options *o, const char **out)
{
	char err[1024];

	for (int i = 1; i < argc; i++) {
		const char *value;
		char name[32];

		switch (cli_out_arg("recueil report", argc, argv, &i, out, name,
		    sizeof(name), &value)) {
		case CLI_OUT_ARG_HELP:
			usage(stdout);
			return 1;
		case CLI_OUT_ARG_ERROR:
			return -1;
		case CLI_OUT_ARG_OUTPUT:
			continue;
		case CLI_OUT_ARG_OPTION:
			break;
		}
		if (value == NULL && report_option_known(name) && i + 1 < argc)
			value = argv[++i];
		if (report_option_set(o, name, value, err, sizeof(err)) < 0) {
			fprintf(stderr, _("recueil report : %s\n"), err);
			return -1;
		}
	}
	return 0;
}

/* cli_out_job: the bilan of the options. */
static int
report_job(struct store *s, struct registry *reg, const void *opts,
    const struct export_sink *sink, char *err, size_t errlen)
{
	return report_run(s, reg, opts, sink, err, errlen);
}

int
cli_report(const struct cli *c, int argc, char **argv)
{
	struct report_options o;
	const char *out = NULL;

	report_options_init(&o);
	switch (parse_args(argc, argv, &o, &out)) {
	case 1:
		return EXIT_OK;
	case -1:
		return EXIT_USAGE;
	}
	return cli_out_run(c, out, report_job, &o,
	    _("recueil report : %s\n"));
}
