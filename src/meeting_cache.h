/*
 * meeting_cache.h - the meetings of the public pages, kept in memory.
 *
 * Every GET and POST of /r/CODE read its meeting from SQLite: a read
 * transaction, a lookup and six strdups, 7.5% of a GET's profile plus the
 * shared-memory locks in the kernel.  The cache keeps the rows found by
 * code and answers from memory while the database has not changed:
 *
 * - a change through the loop's own connection (the staff pages) shows in
 *   sqlite3_total_changes64(), checked on every lookup (no I/O);
 * - a change by another connection (`recueil meeting close` in another
 *   process, the writer thread) shows in PRAGMA data_version, checked at
 *   most once per millisecond: a meeting closed elsewhere answers 410 no
 *   later than a millisecond after its commit.
 *
 * Any change empties the cache (the writer's commits too: under a mix of
 * submissions and page loads the cache simply refills).  Not-found codes
 * and errors are not cached.  Loop thread only.
 */
#ifndef RECUEIL_MEETING_CACHE_H
#define RECUEIL_MEETING_CACHE_H

#include "store.h"

/*
 * Like store_meeting_get(s, code, m): 0 and `m` filled, 1 when no such
 * meeting, -1 on error (store_error(s)).  On 0, `m`'s strings are borrowed
 * from the cache: never release them; they stay valid until the next
 * meeting_cache_get() or meeting_cache_clear().
 */
int meeting_cache_get(struct store *s, const char *code, struct meeting *m);

/* Forget every cached meeting (at exit, or to force a re-read). */
void meeting_cache_clear(void);

#endif
