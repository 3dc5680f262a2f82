/*
 * backup.c - online backup of the database (see backup.h).
 *
 * With the storage module, this is the only module that talks to SQLite
 * (make check-layers enforces it): the backup is a copy of pages, not of
 * rows, and must not depend on the schema, so it uses SQLite's backup API
 * directly and only runs PRAGMAs on the copy.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backup.h"
#include "i18n.h"

/* Pages copied per step: 1024 pages of 4 KiB are 4 MiB. */
enum { PAGES_PER_STEP = 1024, BUSY_MS = 5000, MAX_RESTARTS = 3 };

static void errf(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
errf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* fsync a file or directory by path.  Returns 0 or -1 with errno. */
static int
sync_path(const char *path, int dir)
{
	int fd, rc, saved;

	fd = open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

/* Remove a temporary database and the files SQLite may put beside it. */
static void
remove_tmp(const char *tmp)
{
	static const char *const sfx[] = { "", "-journal", "-wal", "-shm" };
	char path[PATH_MAX + 16];
	size_t i;

	for (i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", tmp, sfx[i]);
		unlink(path);
	}
}

/*
 * Copy every page of `src` into `dst`.  Steps of PAGES_PER_STEP pages let
 * the daemon keep committing in between; SQLite restarts the copy when the
 * source changes under it.  When it had to restart a few times (a steady
 * stream of answers), the rest is copied in one step, inside one read
 * transaction, which in WAL mode does not block writers.
 */
static int
copy_pages(sqlite3 *src, sqlite3 *dst, char *err, size_t errlen)
{
	sqlite3_backup *b;
	int rc, restarts = 0, remaining = -1, step = PAGES_PER_STEP;

	b = sqlite3_backup_init(dst, "main", src, "main");
	if (b == NULL) {
		errf(err, errlen, _("impossible de commencer la sauvegarde "
		    ": %s"),
		    sqlite3_errmsg(dst));
		return -1;
	}
	for (;;) {
		rc = sqlite3_backup_step(b, step);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
			sqlite3_sleep(50);
			continue;
		}
		if (rc != SQLITE_OK)
			break;
		if (remaining >= 0 && sqlite3_backup_remaining(b) > remaining &&
		    ++restarts >= MAX_RESTARTS)
			step = -1;
		remaining = sqlite3_backup_remaining(b);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		errf(err, errlen, _("la sauvegarde a échoué : %s"), sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

/* PRAGMA integrity_check on the copy: the single row "ok" or a failure. */
static int
check_copy(sqlite3 *dst, char *err, size_t errlen)
{
	sqlite3_stmt *st = NULL;
	int rc, ok = 0, rows = 0;

	if (sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &st,
	    NULL) != SQLITE_OK) {
		errf(err, errlen, _("impossible de vérifier la copie : %s"),
		    sqlite3_errmsg(dst));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		if (rows++ == 0) {
			ok = t != NULL && strcmp((const char *)t, "ok") == 0;
			if (!ok)
				errf(err, errlen, _("la copie est abîmée : "
				    "%s"),
				    t != NULL ? (const char *)t : "?");
		}
	}
	if (rc != SQLITE_DONE) {
		errf(err, errlen, _("impossible de vérifier la copie : %s"),
		    sqlite3_errmsg(dst));
		ok = 0;
	}
	sqlite3_finalize(st);
	return ok && rows == 1 ? 0 : -1;
}

/*
 * Refuse what cannot be backed up before anything is opened: a database
 * that is not a regular file, a destination that is a directory or the
 * database itself.
 */
static int
check_paths(const char *db, const char *dest, char *err, size_t errlen)
{
	char rdb[PATH_MAX], rdest[PATH_MAX];
	struct stat st;

	if (stat(db, &st) < 0) {
		errf(err, errlen, _("impossible d'ouvrir la base « %s » : "
		    "%s"), db,
		    strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		errf(err, errlen, _("« %s » n'est pas un fichier de base de "
		    "données"), db);
		return -1;
	}
	if (stat(dest, &st) == 0 && S_ISDIR(st.st_mode)) {
		errf(err, errlen, _("« %s » est un dossier : donnez un nom "
		    "de fichier"),
		    dest);
		return -1;
	}
	if (realpath(db, rdb) != NULL && realpath(dest, rdest) != NULL &&
	    strcmp(rdb, rdest) == 0) {
		errf(err, errlen, _("« %s » est la base elle-même : "
		    "choisissez un autre fichier"), dest);
		return -1;
	}
	return 0;
}

/*
 * Make the copy one self-contained file (a WAL source gives a WAL copy),
 * check it before it replaces anything, and close it.  `dst` is closed
 * in every case.
 */
static int
finish_copy(sqlite3 *dst, char *err, size_t errlen)
{
	int rc = -1;

	if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL,
	    NULL) != SQLITE_OK) {
		errf(err, errlen, _("impossible de terminer la copie : %s"),
		    sqlite3_errmsg(dst));
		goto done;
	}
	if (check_copy(dst, err, errlen) < 0)
		goto done;
	rc = 0;
done:
	if (sqlite3_close(dst) != SQLITE_OK) {
		if (rc == 0)
			errf(err, errlen, _("impossible de fermer la copie "
			    ": %s"),
			    sqlite3_errmsg(dst));
		sqlite3_close_v2(dst);
		rc = -1;
	}
	return rc;
}

int
backup_run(const char *db, const char *dest, char *err, size_t errlen)
{
	sqlite3 *src = NULL, *dst = NULL;
	char tmp[PATH_MAX], dir[PATH_MAX];
	int fd = -1, rc = -1, have_tmp = 0;

	if (check_paths(db, dest, err, errlen) < 0)
		goto done;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", dest) >=
	    (int)sizeof(tmp) || snprintf(dir, sizeof(dir), "%s", dest) >=
	    (int)sizeof(dir)) {
		errf(err, errlen, _("nom de fichier trop long : « %s »"), dest);
		goto done;
	}

	/* Read-only: never create the database, its -wal or its -shm. */
	if (sqlite3_open_v2(db, &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		errf(err, errlen, _("impossible d'ouvrir la base « %s » : "
		    "%s"), db,
		    src != NULL ? sqlite3_errmsg(src) : _("mémoire épuisée"));
		goto done;
	}
	sqlite3_busy_timeout(src, BUSY_MS);

	fd = mkstemp(tmp);
	if (fd < 0) {
		errf(err, errlen, _("impossible de créer « %s » : %s"), tmp,
		    strerror(errno));
		goto done;
	}
	have_tmp = 1;
	close(fd);
	fd = -1;
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		errf(err, errlen, _("impossible d'ouvrir « %s » : %s"), tmp,
		    dst != NULL ? sqlite3_errmsg(dst) : _("mémoire épuisée"));
		goto done;
	}
	sqlite3_busy_timeout(dst, BUSY_MS);
	if (copy_pages(src, dst, err, errlen) < 0)
		goto done;
	sqlite3_close(src);
	src = NULL;

	rc = finish_copy(dst, err, errlen);
	dst = NULL;
	if (rc < 0)
		goto done;
	rc = -1;

	if (sync_path(tmp, 0) < 0) {
		errf(err, errlen, _("impossible d'écrire sur le disque « %s "
		    "» : %s"), tmp, strerror(errno));
		goto done;
	}
	if (rename(tmp, dest) < 0) {
		errf(err, errlen, _("impossible de renommer « %s » en « %s "
		    "» : %s"), tmp, dest,
		    strerror(errno));
		goto done;
	}
	have_tmp = 0;
	if (sync_path(dirname(dir), 1) < 0) {
		errf(err, errlen, _("impossible d'écrire sur le disque le "
		    "dossier de « %s » : %s"),
		    dest, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	if (src != NULL)
		sqlite3_close(src);
	if (dst != NULL)
		sqlite3_close(dst);
	if (have_tmp)
		remove_tmp(tmp);
	return rc;
}
