/*
 * retention.h - deleting answers older than the retention period.
 *
 * The period is the server's retention_days for every form, shortened for
 * a form whose settings sheet says retention_days (form_retention()).
 * Answers older than that are deleted at start-up, then VACUUM (before
 * the writer opens the database), and once a day after that.
 *
 * The daily pass runs on a job queue (jobq.h) with one worker and its own
 * short-lived connection: the DELETE may wait on the writer's lock, and
 * SQLite's busy timeout sleeps in the calling thread, which must never be
 * the loop's.  It skips VACUUM (that would hold the write lock for as long
 * as it takes); secure_delete already overwrites the deleted rows, and the
 * next start vacuums.  The plan (which form keeps what) is built on the
 * loop thread, which owns the registry, and handed to the worker.
 *
 * Every pass logs "recueild: retention: N responses older than D days
 * deleted[ from form F]" when it deleted something.
 */
#ifndef RECUEIL_RETENTION_H
#define RECUEIL_RETENTION_H

struct config;
struct event_base;
struct registry;
struct retention;

/*
 * Delete now, on the calling thread, then VACUUM when anything was
 * deleted.  For start-up, before any other connection writes.  Problems
 * are logged; the daemon starts anyway.
 */
void retention_run_now(const struct config *cfg, const struct registry *forms);

/*
 * Start the daily pass on `base`.  `cfg` and `forms` are borrowed and must
 * outlive the result.  Returns NULL when the timer or the worker cannot be
 * created (the message is in err).  Loop thread.
 */
struct retention *retention_start(struct event_base *base,
    const struct config *cfg, const struct registry *forms, char *err,
    size_t errlen);

/*
 * Stop the timer, let the pass in progress (and one still waiting) finish,
 * free `r` (NULL allowed).  Loop thread.
 */
void retention_stop(struct retention *r);

#endif
