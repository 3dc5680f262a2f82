/*
 * backup.h - consistent copies of the live database.
 *
 * A backup is taken with SQLite's online backup API while the daemon keeps
 * writing: the copy is the database as it was at one commit, never a torn
 * file.  (Copying a live database file with cp(1) is not safe; see
 * PITFALLS.md.)  The copy is written to a temporary file beside the
 * destination, checked with PRAGMA integrity_check, fsynced, and only then
 * renamed over the destination, so the destination is always either the
 * previous backup or a complete new one.
 */
#ifndef RECUEIL_BACKUP_H
#define RECUEIL_BACKUP_H

#include <stddef.h>

/*
 * Copy the database `db` to `dest` (created with mode 0600, replaced when
 * it exists).  The source is opened read-only and never created, so a
 * backup run as another user does not leave files the daemon cannot use.
 * Refuses when `dest` is the database itself.  Returns 0, or -1 with a
 * message in err[0..errlen) (nothing is left at `dest` or beside it).
 */
int backup_run(const char *db, const char *dest, char *err, size_t errlen);

#endif
