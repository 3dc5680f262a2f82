/*
 * backup.h - consistent copies of the live database.
 *
 * A backup is taken with SQLite's online backup API while the daemon keeps
 * writing: the copy is the database as it was at one commit, never a torn
 * file.  The copy is written to a temporary file beside the destination,
 * checked with PRAGMA integrity_check, fsynced, and only then renamed over
 * the destination, so the destination is always either the previous backup
 * or a complete new one.
 *
 * SQLite traps that shaped this module:
 * - Never copy a live database file (cp(1), rsync): the database is the
 *   file AND its WAL, and a copy taken between two writes is torn.
 * - sqlite3_backup_step() restarts from the first page whenever another
 *   connection writes to the source between two steps; copying everything
 *   in one step (-1) holds a read transaction instead, which cannot be
 *   restarted, and only delays the WAL's checkpoint for as long as the copy
 *   takes.
 * - The other consistent copy, VACUUM INTO, also drops deleted content but
 *   does not fsync what it writes: the caller must fsync and rename.
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
