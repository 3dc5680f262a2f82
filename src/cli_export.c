/*
 * cli_export.c - `recueil export responses|stats|evaluation|workbook`:
 * the exports from the command line (a cron job, a script), byte for
 * byte what the staff pages download, as CSV or as a workbook.  The export
 * names and the options are parsed by export.c's tables
 * (export_kind_parse, export_option_set); --tmpdir is the command line's
 * own (a web page never chooses a server folder).
 *
 * With -o FILE the export goes to a temporary file beside FILE, which is
 * synced and renamed over FILE only once complete (cli_out.h): FILE is
 * either the old one or the whole new export, never half of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_out.h"
#include "export.h"
#include "i18n.h"
#include "tabout.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fputs(_("usage : recueil export responses|stats|evaluation|workbook [options]\n"
	    "\n"
	    "Quoi exporter (tout, par défaut) :\n"
	    "  --form ID         un questionnaire (obligatoire pour responses quand\n"
	    "                    la sélection a des réponses à plusieurs questionnaires)\n"
	    "  --meeting CODE    une rencontre\n"
	    "  --from DATE       les rencontres tenues le DATE ou après (AAAA-MM-JJ)\n"
	    "  --to DATE         les rencontres tenues le DATE ou avant (AAAA-MM-JJ)\n"
	    "  --period P        au lieu de --from/--to : 2026, 2026-S1, 2026-T1,\n"
	    "                    2026-03, ou un intervalle 2026-01..2026-06 ; répété\n"
	    "                    (ou 2025,2026) : les périodes de l'évaluation côte à côte\n"
	    "  --codes           les noms bruts des choix au lieu de leurs libellés\n"
	    "  --by meeting      stats : un bloc par rencontre\n"
	    "  --min-count N     stats : taire les effectifs inférieurs à N (vie privée)\n"
	    "\n"
	    "Comment l'écrire (RFC 4180 par défaut : UTF-8, ',', CRLF) :\n"
	    "  --sep , | ; | tab séparateur de champs\n"
	    "  --bom             commencer par une marque d'ordre d'octets UTF-8\n"
	    "  --decimal . | ,   séparateur décimal des nombres\n"
	    "  --excel-fr        Excel français : --sep ';' --bom --decimal ','\n"
	    "  --header H        labels (défaut) : les intitulés des colonnes dans la\n"
	    "                    langue choisie (--lang) ; names : leurs noms fixes\n"
	    "                    (response_id, submitted_at...), pour les scripts\n"
	    "  --format F        csv (défaut), xlsx ou ods ; sans lui, l'extension\n"
	    "                    de -o FICHIER ; workbook : xlsx ou ods\n"
	    "  --tmpdir DOSSIER  où les classeurs sont assemblés ($TMPDIR, /tmp)\n"
	    "  -o FICHIER        écrire FICHIER (d'un coup) au lieu de la sortie standard\n"
	    "\n"
	    "Les cellules CSV qui commencent par =, +, -, @, tabulation ou CR reçoivent\n"
	    "une ' en tête : les tableurs ne les exécutent jamais comme des formules ;\n"
	    "les cellules de texte d'un classeur ne sont jamais des formules et gardent\n"
	    "le texte tel quel.\n"), fp);
}

/*
 * Read the options after the kind into `o` and `out`.  Returns 0 to go
 * on, 1 when --help was printed, -1 after a usage error was printed.
 */
static int
parse_args(int argc, char **argv, struct export_options *o,
    const char **out)
{
	char err[1024];

	for (int i = 2; i < argc; i++) {
		const char *value;
		char name[32];

		switch (cli_out_arg("recueil export", argc, argv, &i, out, name,
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
		if (strcmp(name, "tmpdir") == 0) {
			if (value != NULL)
				o->tmpdir = value;
			else if (i + 1 < argc)
				o->tmpdir = argv[++i];
			if (o->tmpdir == NULL || *o->tmpdir == '\0') {
				fprintf(stderr, _("recueil export : --tmpdir demande "
				    "un dossier\n"));
				return -1;
			}
			continue;
		}
		/* export.c's table says whether it reads the next argument; an
		 * unknown name is reported by export_option_set. */
		if (value == NULL && export_option_takes_value(name) == 1) {
			if (i + 1 >= argc) {
				fprintf(stderr, _("recueil export : --%s demande une "
				    "valeur\n"), name);
				return -1;
			}
			value = argv[++i];
		}
		if (export_option_set(o, name, value, err, sizeof(err)) < 0) {
			fprintf(stderr, _("recueil export : %s\n"), err);
			return -1;
		}
	}

	/* -o bilan.xlsx says the format when --format does not. */
	if (!o->format_set && *out != NULL && strrchr(*out, '.') != NULL) {
		enum tabout_format f;

		if (tabout_format_parse(strrchr(*out, '.') + 1, &f) == 0 &&
		    export_option_set(o, "format", tabout_format_ext(f), err,
		    sizeof(err)) < 0) {
			fprintf(stderr, _("recueil export : %s\n"), err);
			return -1;
		}
	}
	return 0;
}

/* cli_out_job: the export of the options. */
static int
export_job(struct store *s, struct registry *reg, const void *opts,
    const struct export_sink *sink, char *err, size_t errlen)
{
	return export_run(s, reg, opts, sink, err, errlen);
}

int
cli_export(const struct cli *c, int argc, char **argv)
{
	struct export_options o;
	const char *out = NULL;
	char err[1024];
	enum export_kind kind;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (export_kind_parse(argv[1], &kind, err, sizeof(err)) < 0) {
		fprintf(stderr, _("recueil export : %s\n"), err);
		return EXIT_USAGE;
	}
	export_options_init(&o, kind);
	switch (parse_args(argc, argv, &o, &out)) {
	case 1:
		return EXIT_OK;
	case -1:
		return EXIT_USAGE;
	}
	return cli_out_run(c, out, export_job, &o,
	    _("recueil export : %s\n"));
}
