/*
 * cli_export.c - `recueil export responses|stats|evaluation`: the CSV
 * exports from the command line (a cron job, a script), byte for byte
 * what the staff pages download.  The export names and the options are
 * parsed by export.c's tables (export_kind_parse, export_option_set).
 *
 * With -o FILE the export goes to a temporary file beside FILE, which is
 * synced and renamed over FILE only once complete: FILE is either the old
 * one or the whole new export, never half of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "diag.h"
#include "export.h"
#include "registry.h"
#include "store.h"
#include "util.h"

static void
usage(FILE *fp)
{
	fputs("usage: recueil export responses|stats|evaluation [options]\n"
	    "\n"
	    "What to export (all of it by default):\n"
	    "  --form ID         one form (required for responses when the\n"
	    "                    selection holds answers to several forms)\n"
	    "  --meeting CODE    one meeting\n"
	    "  --from DATE       meetings held on or after DATE (YYYY-MM-DD)\n"
	    "  --to DATE         meetings held on or before DATE (YYYY-MM-DD)\n"
	    "  --codes           raw choice names instead of labels (responses)\n"
	    "  --by meeting      stats: one block per meeting\n"
	    "  --min-count N     stats: leave out counts below N (privacy)\n"
	    "\n"
	    "How to write it (RFC 4180 by default: UTF-8, ',', CRLF):\n"
	    "  --sep , | ; | tab field separator\n"
	    "  --bom             start with a UTF-8 byte order mark\n"
	    "  --decimal . | ,   decimal mark of numbers\n"
	    "  --excel-fr        French Excel: --sep ';' --bom --decimal ','\n"
	    "  -o FILE           write FILE (atomically) instead of stdout\n"
	    "\n"
	    "Cells starting with =, +, -, @, tab or CR get a leading ' so that\n"
	    "spreadsheets never run them as formulas.\n", fp);
}

struct file_sink {
	FILE *fp;
};

static int
sink_write(void *arg, const void *buf, size_t len)
{
	struct file_sink *fs = arg;

	return fwrite(buf, 1, len, fs->fp) == len ? 0 : -1;
}

/* Sync the directory holding `path`, so the rename itself is durable. */
static void
sync_dir(const char *path)
{
	char *copy = xstrdup(path);
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

int
cli_export(const struct cli *c, int argc, char **argv)
{
	struct export_options o;
	struct export_sink sink;
	struct file_sink fs = { stdout };
	struct store *s = NULL;
	struct registry *reg = NULL;
	struct diag d;
	const char *out = NULL;
	char *tmp = NULL;
	char err[1024];
	int rc = EXIT_USAGE, fd = -1, ret;
	enum export_kind kind;

	diag_init(&d);
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (export_kind_parse(argv[1], &kind, err, sizeof(err)) < 0) {
		fprintf(stderr, "recueil export: %s\n", err);
		return EXIT_USAGE;
	}
	export_options_init(&o, kind);
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *value = NULL;
		char name[32];
		const char *eq;

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return EXIT_OK;
		}
		if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (i + 1 >= argc || argv[i + 1][0] == '\0') {
				fprintf(stderr, "recueil export: %s needs a file name\n", a);
				return EXIT_USAGE;
			}
			out = argv[++i];
			continue;
		}
		if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
			fprintf(stderr, "recueil export: unexpected argument '%s' "
			    "(see --help)\n", a);
			return EXIT_USAGE;
		}
		a += 2;
		if ((eq = strchr(a, '=')) != NULL) {
			snprintf(name, sizeof(name), "%.*s", (int)(eq - a), a);
			value = eq + 1;
		} else {
			snprintf(name, sizeof(name), "%s", a);
			/* export.c's table says whether it reads the next
			 * argument; an unknown name is reported by
			 * export_option_set. */
			if (export_option_takes_value(name) == 1) {
				if (i + 1 >= argc) {
					fprintf(stderr, "recueil export: --%s needs a "
					    "value\n", name);
					return EXIT_USAGE;
				}
				value = argv[++i];
			}
		}
		if (export_option_set(&o, name, value, err, sizeof(err)) < 0) {
			fprintf(stderr, "recueil export: %s\n", err);
			return EXIT_USAGE;
		}
	}

	if ((s = store_open(c->db, STORE_READONLY, err, sizeof(err))) == NULL) {
		fprintf(stderr, "recueil: %s\n", err);
		return EXIT_FAIL;
	}
	/* Forms whose definition is not stored yet cannot have answers: a
	 * read-only store refusing to record them is harmless here. */
	reg = registry_new(c->forms);
	registry_load(reg, s, &d);

	if (out != NULL) {
		char *dcopy = xstrdup(out), *bcopy = xstrdup(out);

		tmp = xasprintf("%s/.%s.XXXXXX", dirname(dcopy), basename(bcopy));
		free(dcopy);
		free(bcopy);
		if ((fd = mkstemp(tmp)) < 0 ||
		    (fs.fp = fdopen(fd, "w")) == NULL) {
			fprintf(stderr, "recueil export: cannot create a file "
			    "beside '%s': %s\n", out, strerror(errno));
			rc = EXIT_FAIL;
			goto done;
		}
		fd = -1;
	}
	sink.write = sink_write;
	sink.arg = &fs;
	ret = export_run(s, reg, &o, &sink, err, sizeof(err));
	if (ret < 0) {
		fprintf(stderr, "recueil export: %s\n", err);
		rc = ret == EXPORT_USAGE ? EXIT_USAGE : EXIT_FAIL;
		goto done;
	}
	if (fflush(fs.fp) != 0 || ferror(fs.fp)) {
		fprintf(stderr, "recueil export: cannot write %s: %s\n",
		    out ? out : "the output", strerror(errno));
		rc = EXIT_FAIL;
		goto done;
	}
	if (out != NULL) {
		mode_t mask = umask(0);

		umask(mask);
		if (fchmod(fileno(fs.fp), 0666 & ~mask) < 0 || fsync(fileno(fs.fp)) < 0 ||
		    fclose(fs.fp) != 0) {
			fs.fp = NULL;
			fprintf(stderr, "recueil export: cannot write '%s': %s\n",
			    out, strerror(errno));
			rc = EXIT_FAIL;
			goto done;
		}
		fs.fp = NULL;
		if (rename(tmp, out) < 0) {
			fprintf(stderr, "recueil export: cannot rename to '%s': %s\n",
			    out, strerror(errno));
			rc = EXIT_FAIL;
			goto done;
		}
		free(tmp);
		tmp = NULL;
		sync_dir(out);
	}
	rc = EXIT_OK;
done:
	if (out != NULL && fs.fp != NULL)
		fclose(fs.fp);
	if (fd >= 0)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	registry_free(reg);
	store_close(s);
	diag_release(&d);
	return rc;
}
