/*
 * cli_forms.c - `recueil forms check FILE...`: load form definitions and
 * print every problem, as a coordinator would before publishing a form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "diag.h"
#include "form.h"

static const char forms_usage[] =
    "usage: recueil forms check FILE...\n"
    "\n"
    "Check form definitions (XLSForm single-file CSV).  Every error and\n"
    "warning is printed on stderr as FILE:LINE:COLUMN: error: message\n"
    "(or warning: message);\n"
    "each file without errors gets one line on stdout.  Exits 0 when every\n"
    "file is free of errors, 1 otherwise, 2 on bad usage.\n";

static int
forms_check(int argc, char **argv)
{
	struct diag d;
	struct form *f;
	char **files = NULL;
	size_t from, n_q, i;
	int status = EXIT_OK, k, n_files = 0, opts_done = 0;

	diag_init(&d);
	files = calloc((size_t)argc, sizeof(*files));
	if (files == NULL) {
		fputs("recueil forms check: out of memory\n", stderr);
		status = EXIT_FAIL;
		goto done;
	}
	for (k = 1; k < argc; k++) {
		if (!opts_done && strcmp(argv[k], "--") == 0) {
			opts_done = 1;
		} else if (!opts_done && (strcmp(argv[k], "--help") == 0 ||
		    strcmp(argv[k], "-h") == 0)) {
			fputs(forms_usage, stdout);
			goto done;
		} else if (!opts_done && argv[k][0] == '-' &&
		    argv[k][1] != '\0') {
			fprintf(stderr, "recueil forms check: unknown option "
			    "'%s'\n%s", argv[k], forms_usage);
			status = EXIT_USAGE;
			goto done;
		} else {
			files[n_files++] = argv[k];
		}
	}
	if (n_files == 0) {
		fprintf(stderr, "recueil forms check: no file given\n%s",
		    forms_usage);
		status = EXIT_USAGE;
		goto done;
	}
	for (k = 0; k < n_files; k++) {
		from = d.n;
		f = form_load_file(files[k], &d);
		diag_print(&d, from, stderr);
		if (f == NULL) {
			status = EXIT_FAIL;
			continue;
		}
		n_q = 0;
		for (i = 0; i < f->n_questions; i++)
			if (f->questions[i].type != Q_BEGIN_GROUP &&
			    f->questions[i].type != Q_END_GROUP &&
			    f->questions[i].type != Q_NOTE)
				n_q++;
		/* Every message of a loaded form is a warning. */
		printf("%s: ok: form '%s' version %s, %zu question%s, "
		    "%zu indicator%s, %zu warning%s\n", files[k], f->id,
		    f->version ? f->version : "-", n_q, n_q == 1 ? "" : "s",
		    f->n_indicators, f->n_indicators == 1 ? "" : "s",
		    d.n - from, d.n - from == 1 ? "" : "s");
		form_free(f);
	}
done:
	fflush(stdout);
	free(files);
	diag_release(&d);
	return status;
}

static int
forms_check_cmd(const struct cli *c, int argc, char **argv)
{
	(void)c;
	return forms_check(argc, argv);
}

static void
forms_usage_to(FILE *fp)
{
	fputs(forms_usage, fp);
}

static const struct cli_command forms_commands[] = {
	{ "check", forms_check_cmd, 0, "check form definitions" },
};

/* `check` reads its own --help (and `--` before file names). */
static const struct cli_table forms_table = {
	"recueil forms", "forms command", forms_usage_to, CLI_HELP_NONE,
	forms_commands, sizeof(forms_commands) / sizeof(forms_commands[0])
};

int
cli_forms(const struct cli *c, int argc, char **argv)
{
	return cli_dispatch(c, &forms_table, argc, argv);
}
