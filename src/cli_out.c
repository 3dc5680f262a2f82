/*
 * cli_out.c - a command's output file, written atomically (see cli_out.h).
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
#include "cli_out.h"
#include "diag.h"
#include "registry.h"
#include "store.h"
#include "util.h"
#include "i18n.h"

static int
out_write(void *arg, const void *buf, size_t len)
{
	struct cli_out *o = arg;

	return fwrite(buf, 1, len, o->fp) == len ? 0 : -1;
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
cli_out_open(struct cli_out *o, const char *path, char *err, size_t errlen)
{
	char *dcopy, *bcopy;
	int fd;

	memset(o, 0, sizeof(*o));
	o->fp = stdout;
	o->path = path;
	o->sink.write = out_write;
	o->sink.arg = o;
	if (path == NULL)
		return 0;
	dcopy = xstrdup(path);
	bcopy = xstrdup(path);
	o->tmp = xasprintf("%s/.%s.XXXXXX", dirname(dcopy), basename(bcopy));
	free(dcopy);
	free(bcopy);
	if ((fd = mkstemp(o->tmp)) < 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, _("impossible de créer un fichier à côté de « %s » : %s"),
		    path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		o->fp = NULL;
		return -1;
	}
	return 0;
}

int
cli_out_commit(struct cli_out *o, char *err, size_t errlen)
{
	mode_t mask;

	if (o->fp == NULL)
		return -1;
	if (fflush(o->fp) != 0 || ferror(o->fp)) {
		snprintf(err, errlen, _("écriture impossible dans %s : %s"), o->path ? o->path :
		    _("la sortie"), strerror(errno));
		cli_out_abort(o);
		return -1;
	}
	if (o->path == NULL)
		return 0;
	mask = umask(0);
	umask(mask);
	if (fchmod(fileno(o->fp), 0666 & ~mask) < 0 ||
	    fsync(fileno(o->fp)) < 0) {
		snprintf(err, errlen, _("écriture impossible dans « %s » : %s"), o->path,
		    strerror(errno));
		cli_out_abort(o);
		return -1;
	}
	if (fclose(o->fp) != 0) {
		o->fp = NULL;
		snprintf(err, errlen, _("écriture impossible dans « %s » : %s"), o->path,
		    strerror(errno));
		cli_out_abort(o);
		return -1;
	}
	o->fp = NULL;
	if (rename(o->tmp, o->path) < 0) {
		snprintf(err, errlen, _("impossible de renommer en « %s » : %s"), o->path,
		    strerror(errno));
		cli_out_abort(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	sync_dir(o->path);
	return 0;
}

void
cli_out_abort(struct cli_out *o)
{
	if (o->path != NULL && o->fp != NULL)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp != NULL) {
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
	}
}

int
cli_out_run(const struct cli *c, const char *path, cli_out_job *job,
    const void *opts, const char *fail)
{
	struct cli_out co;
	struct store *s;
	struct registry *reg;
	struct diag d;
	char err[1024];
	int rc = EXIT_FAIL, ret;

	if ((s = store_open(c->db, STORE_READONLY, err, sizeof(err))) == NULL) {
		fprintf(stderr, _("recueil : %s\n"), err);
		return EXIT_FAIL;
	}
	diag_init(&d);
	reg = registry_new(c->forms);
	registry_load(reg, s, &d);
	if (cli_out_open(&co, path, err, sizeof(err)) < 0) {
		fprintf(stderr, fail, err);
		goto done;
	}
	if ((ret = job(s, reg, opts, &co.sink, err, sizeof(err))) < 0) {
		fprintf(stderr, fail, err);
		rc = ret == EXPORT_USAGE ? EXIT_USAGE : EXIT_FAIL;
	} else if (cli_out_commit(&co, err, sizeof(err)) < 0) {
		fprintf(stderr, fail, err);
	} else {
		rc = EXIT_OK;
	}
	cli_out_abort(&co);
done:
	registry_free(reg);
	store_close(s);
	diag_release(&d);
	return rc;
}

enum cli_out_arg
cli_out_arg(const char *prog, int argc, char **argv, int *i,
    const char **out, char *name, size_t namelen, const char **value)
{
	const char *a = argv[*i], *eq;

	*value = NULL;
	if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
		return CLI_OUT_ARG_HELP;
	if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
		if (*i + 1 >= argc || argv[*i + 1][0] == '\0') {
			fprintf(stderr, _("%s : %s demande un nom de fichier\n"),
			    prog, a);
			return CLI_OUT_ARG_ERROR;
		}
		*out = argv[++*i];
		return CLI_OUT_ARG_OUTPUT;
	}
	if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
		fprintf(stderr, _("%s : argument inattendu « %s » (voir --help)\n"),
		    prog, a);
		return CLI_OUT_ARG_ERROR;
	}
	a += 2;
	if ((eq = strchr(a, '=')) != NULL) {
		snprintf(name, namelen, "%.*s", (int)(eq - a), a);
		*value = eq + 1;
	} else {
		snprintf(name, namelen, "%s", a);
	}
	return CLI_OUT_ARG_OPTION;
}
