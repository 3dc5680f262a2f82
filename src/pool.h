/*
 * pool.h - a small pool of worker threads for the staff pages' slow or
 * writing work: password checks (argon2id, about 80 ms and 64 MiB each),
 * sessions, meetings.
 *
 * The pool is a job queue (jobq.h) with batches of one: pool_submit()
 * appends a job and returns.  Each worker owns its own read-write store
 * connection, runs the job's `run` there (where sleeping on a busy
 * database or hashing is fine), then hands the job back to the loop; the
 * job's `done` runs on the loop thread and sends the reply, as writer.c
 * does for submissions.  The number of threads caps concurrent hashes.
 */
#ifndef RECUEIL_POOL_H
#define RECUEIL_POOL_H

#include <stddef.h>

#include "jobq.h"

struct event_base;
struct store;
struct pool;

struct pool_job {
	/* On a worker thread, with the worker's connection. */
	void (*run)(struct pool_job *job, struct store *s);
	/* Then on the loop thread; frees the job. */
	void (*done)(struct pool_job *job);
	struct jobq_job q;       /* private to the pool */
};

/*
 * Start `n` workers, each with a connection to `db` (already migrated),
 * reporting on `base`; at most `max_queue` jobs wait.  Returns NULL with
 * a message in err on failure.
 */
struct pool *pool_start(const char *db, struct event_base *base, size_t n,
    size_t max_queue, char *err, size_t errlen);

/*
 * Queue a job.  Returns 0, or -1 when the queue already holds max_queue
 * jobs (the caller replies 503 and keeps the job).
 */
int pool_submit(struct pool *p, struct pool_job *job);

/* Finish queued jobs, call their done callbacks, stop and free. */
void pool_stop(struct pool *p);

#endif
