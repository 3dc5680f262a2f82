/*
 * registry.c - the forms the daemon serves (see registry.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "form.h"
#include "registry.h"
#include "i18n.h"
#include "store.h"
#include "util.h"

struct registry {
	char *dir;
	struct form **current;     /* serving, sorted by id */
	size_t n_current;
	struct form **all;         /* every version ever loaded (owned) */
	size_t n_all;
	struct diag last;
};

struct registry *
registry_new(const char *dir)
{
	struct registry *r = xcalloc(1, sizeof(*r));

	r->dir = xstrdup(dir);
	diag_init(&r->last);
	return r;
}

void
registry_free(struct registry *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n_all; i++)
		form_free(r->all[i]);
	free(r->all);
	free(r->current);
	diag_release(&r->last);
	free(r->dir);
	free(r);
}

static void
keep(struct registry *r, struct form *f)
{
	r->all = xrealloc(r->all, (r->n_all + 1) * sizeof(*r->all));
	r->all[r->n_all++] = f;
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
by_id(const void *a, const void *b)
{
	const struct form *fa = *(struct form *const *)a;
	const struct form *fb = *(struct form *const *)b;

	return strcmp(fa->id, fb->id);
}

static void
copy_diag(struct diag *to, const struct diag *from)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct diag_msg *m = &from->msgs[i];
		struct diag_where w = { m->line, m->column, m->sheet,
		    m->sheet_no, m->row, m->col };

		diag_add_where(to, m->level, m->file, &w, "%s", m->text);
	}
}

/* The extensions of definition files: the CSV layout and workbooks. */
static const char *const def_exts[] = { ".csv", ".xlsx", ".ods" };

/*
 * The definition files of `dir` (FORM_ID.csv, .xlsx or .ods, not hidden),
 * sorted, into
 * *names (*n of them; free each and the array).  Returns 0, or -1 when
 * the directory cannot be read.
 */
static int
list_files(const char *dir, char ***names, size_t *n)
{
	DIR *dh = opendir(dir);
	struct dirent *de;

	*names = NULL;
	*n = 0;
	if (dh == NULL)
		return -1;
	while ((de = readdir(dh)) != NULL) {
		if (form_is_definition_name(de->d_name)) {
			*names = xrealloc(*names, (*n + 1) * sizeof(**names));
			(*names)[(*n)++] = xasprintf("%s/%s", dir, de->d_name);
		}
	}
	closedir(dh);
	if (*n > 1)
		qsort(*names, *n, sizeof(**names), by_name);
	return 0;
}

/*
 * Load file `name` and add it to next[0..*n_next): refused when it does
 * not load or its form_id is taken by an earlier file; an unchanged
 * definition keeps its loaded copy; a new one is recorded as a version.
 */
static void
load_one(struct registry *r, struct store *s, struct diag *d,
    const char *name, struct form **next, size_t *n_next)
{
	struct diag one;
	struct form *f;

	diag_init(&one);
	f = form_load_file(name, &one);
	copy_diag(d, &one);
	copy_diag(&r->last, &one);
	diag_release(&one);
	if (f == NULL)
		return;
	for (size_t k = 0; k < *n_next; k++) {
		if (strcmp(next[k]->id, f->id) != 0)
			continue;
		diag_add(d, DIAG_ERROR, name, 0, 0, _("l'identifiant « %s » "
		    "est déjà pris par un autre fichier : donnez à chaque "
		    "questionnaire son propre form_id"),
		    f->id);
		diag_add(&r->last, DIAG_ERROR, name, 0, 0, _("l'identifiant "
		    "« %s » est déjà pris par un autre fichier"), f->id);
		form_free(f);
		return;
	}
	/* An unchanged definition keeps its loaded copy. */
	for (size_t k = 0; k < r->n_current; k++) {
		if (strcmp(r->current[k]->id, f->id) == 0 &&
		    strcmp(r->current[k]->hash, f->hash) == 0) {
			form_free(f);
			f = r->current[k];
			break;
		}
	}
	if (f->version_id == 0) {
		if (store_form_version_put(s, f) < 0) {
			diag_add(d, DIAG_ERROR, name, 0, 0, _("impossible "
			    "d'enregistrer la version du questionnaire : "
			    "%s"), store_error(s));
			form_free(f);
			return;
		}
		keep(r, f);
	}
	next[(*n_next)++] = f;
}

/*
 * A form whose file is now broken keeps serving its previous version.
 * A form whose file was removed stops serving.
 */
static void
keep_broken(struct registry *r, struct diag *d, char **names, size_t n_names,
    struct form **next, size_t *n_next)
{
	for (size_t k = 0; k < r->n_current; k++) {
		struct form *old = r->current[k];
		int found = 0, file_exists = 0;
		char *path = xasprintf("%s/%s.csv", r->dir, old->id);

		for (size_t i = 0; i < *n_next; i++)
			if (strcmp(next[i]->id, old->id) == 0)
				found = 1;
		for (size_t i = 0; i < n_names; i++)
			if (strcmp(names[i], path) == 0)
				file_exists = 1;
		free(path);
		if (!found && file_exists) {
			diag_add(d, DIAG_WARNING, r->dir, 0, 0, _("le "
			    "questionnaire « %s » reste servi dans sa "
			    "version précédente jusqu'à ce que son fichier "
			    "soit corrigé"),
			    old->id);
			next[(*n_next)++] = old;
		}
	}
}

int
registry_load(struct registry *r, struct store *s, struct diag *d)
{
	char **names = NULL;
	size_t n_names = 0, n_next = 0;
	struct form **next;

	diag_release(&r->last);
	diag_init(&r->last);
	if (list_files(r->dir, &names, &n_names) < 0) {
		diag_add(d, DIAG_ERROR, r->dir, 0, 0, _("impossible de lire "
		    "le dossier des questionnaires : %s"), strerror(errno));
		copy_diag(&r->last, d);
		return -1;
	}
	next = xcalloc(n_names + r->n_current + 1, sizeof(*next));
	for (size_t i = 0; i < n_names; i++)
		load_one(r, s, d, names[i], next, &n_next);
	keep_broken(r, d, names, n_names, next, &n_next);
	if (n_next > 1)
		qsort(next, n_next, sizeof(*next), by_id);
	free(r->current);
	r->current = next;
	r->n_current = n_next;
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	free(names);
	return (int)n_next;
}

const struct form *
registry_get(struct registry *r, const char *id)
{
	for (size_t i = 0; i < r->n_current; i++)
		if (strcmp(r->current[i]->id, id) == 0)
			return r->current[i];
	return NULL;
}

const struct form *
registry_version(struct registry *r, struct store *s, int64_t version_id)
{
	char *src = NULL, *name = NULL;
	size_t len = 0;
	struct diag d;
	struct form *f;

	for (size_t i = 0; i < r->n_all; i++)
		if (r->all[i]->version_id == version_id)
			return r->all[i];
	if (store_form_version_source(s, version_id, &src, &len) != 0)
		return NULL;
	diag_init(&d);
	name = xasprintf("version-%lld.csv", (long long)version_id);
	f = form_parse(name, src, len, &d);
	diag_release(&d);
	free(name);
	free(src);
	if (f == NULL)
		return NULL;
	f->version_id = version_id;
	keep(r, f);
	return f;
}

size_t
registry_count(const struct registry *r)
{
	return r->n_current;
}

const struct form *
registry_at(const struct registry *r, size_t i)
{
	return i < r->n_current ? r->current[i] : NULL;
}

const struct diag *
registry_last_diag(const struct registry *r)
{
	return &r->last;
}

const char *
registry_dir(const struct registry *r)
{
	return r->dir;
}

/* ---- installing a definition ------------------------------------------ */

/* Whether a form_id is safe as a file name in the forms directory. */
static int
id_safe(const char *id)
{
	if (id == NULL || *id == '\0' || strlen(id) > 100 || id[0] == '.')
		return 0;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
			return 0;
	return 1;
}

/*
 * Write buf to DIR/ID.EXT atomically: a hidden temporary file (the
 * registry skips dot files), fsync, rename, fsync the directory.  The
 * same id in another format (ID.csv replaced by ID.xlsx) is removed, so
 * that one file only defines the form.
 */
static int
save_file(const char *dir, const char *id, const char *ext, const char *buf,
    size_t len, char *err, size_t errlen)
{
	char *tmp = xasprintf("%s/.%s%s.tmp", dir, id, ext);
	char *path = xasprintf("%s/%s%s", dir, id, ext);
	int fd = -1, dfd = -1, rc = -1;
	size_t off = 0;

	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		goto fail;
	while (off < len) {
		ssize_t w = write(fd, buf + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto fail;
		off += (size_t)w;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(def_exts) / sizeof(*def_exts); i++) {
		char *other;

		if (strcmp(def_exts[i], ext) == 0)
			continue;
		other = xasprintf("%s/%s%s", dir, id, def_exts[i]);
		if (unlink(other) < 0 && errno != ENOENT)
			fprintf(stderr, L_("recueild: impossible de "
			    "supprimer « %s » : %s\n"),
			    other, strerror(errno));
		free(other);
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
	goto done;
fail:
	snprintf(err, errlen, _("impossible d'écrire « %s » : %s"), path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
done:
	free(tmp);
	free(path);
	return rc;
}

int
registry_install(struct registry *r, struct store *s, const struct form *f,
    const char *buf, size_t len, struct diag *d, char *err, size_t errlen)
{
	if (!id_safe(f->id)) {
		snprintf(err, errlen, _("le form_id « %s » ne peut contenir "
		    "que des lettres, des chiffres, « - », « _ » et « . »"), f->id);
		return 1;
	}
	if (save_file(r->dir, f->id, form_format_ext(f->format), buf, len,
	    err, errlen) < 0)
		return -1;
	if (registry_load(r, s, d) < 0)
		fprintf(stderr, L_("recueild: impossible de relire les "
		    "questionnaires de %s\n"),
		    r->dir);
	return 0;
}

int
registry_save(const char *dir, struct store *s, struct form *f,
    const char *buf, size_t len, char *err, size_t errlen)
{
	if (!id_safe(f->id)) {
		snprintf(err, errlen, _("le form_id « %s » ne peut contenir "
		    "que des lettres, des chiffres, « - », « _ » et « . »"), f->id);
		return 1;
	}
	if (save_file(dir, f->id, form_format_ext(f->format), buf, len, err,
	    errlen) < 0)
		return -1;
	if (store_form_version_put(s, f) < 0) {
		snprintf(err, errlen, _("impossible d'enregistrer la "
		    "version du questionnaire : %s"),
		    store_error(s));
		return -1;
	}
	return 0;
}

const struct form *
registry_adopt(struct registry *r, struct form *f)
{
	size_t k;

	for (k = 0; k < r->n_current; k++)
		if (strcmp(r->current[k]->id, f->id) == 0)
			break;
	/* The same definition is serving already: keep its loaded copy. */
	if (k < r->n_current && strcmp(r->current[k]->hash, f->hash) == 0) {
		form_free(f);
		return r->current[k];
	}
	keep(r, f);
	if (k == r->n_current) {
		r->current = xrealloc(r->current, (r->n_current + 1) *
		    sizeof(*r->current));
		r->current[r->n_current++] = f;
		if (r->n_current > 1)
			qsort(r->current, r->n_current, sizeof(*r->current), by_id);
	} else {
		r->current[k] = f;
	}
	return f;
}
