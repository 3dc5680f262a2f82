/*
 * writer.h - the group-commit writer.
 *
 * Design.  Every durable write of a submission goes through one writer
 * thread that owns its own SQLite connection: a job queue (jobq.h) with
 * one worker and large batches.  The event loop hands it a job
 * (writer_submit, never blocking: a mutex-protected queue append) and
 * goes on serving.  The writer thread takes everything queued at once (up
 * to max_batch), writes it in ONE transaction, commits with
 * synchronous=FULL (one fsync of the WAL for the whole batch) and only
 * then hands the finished jobs back to the loop (the queue answers a batch
 * after its `run` returned); their `done` callbacks run on the loop thread
 * and send the replies.  So an acknowledgement always follows the durable
 * commit of its own batch, the loop never waits on fsync, and a room of
 * phones submitting together shares fsyncs instead of queueing behind one
 * each: while one batch is being committed, the next one accumulates.
 *
 * On writer_stop the thread drains the queue (pending jobs are written and
 * answered) before it exits: SIGTERM loses nothing that was accepted.  It
 * then logs "recueild: writer: N submissions in M batches (largest K)",
 * which shows group commit at work (tests read it), and the distribution
 * of batch sizes by powers of two: "recueild: writer: batch sizes 1: 12,
 * 2-3: 40, 4-7: 9" (make bench quotes it).
 *
 * Exactly once.  Each job carries its form instance's nonce, and the
 * response table is UNIQUE on it (INSERT ... ON CONFLICT DO NOTHING): a
 * double tap, a retry after a lost reply or two racing submissions of the
 * same instance store one response, whichever batch or position in a
 * batch they land in; the others come back WRITER_DUPLICATE once their own
 * batch has committed, i.e. after the original is durable too (batches
 * commit in order), and get the same thank-you page.
 *
 * Failures.  A batch is first written without savepoints (the fast path).
 * When a job fails, the batch is rolled back and written again with a
 * savepoint per job, so the bad job fails alone; a failing BEGIN or COMMIT
 * then fails the whole batch (every job WRITER_FAILED: a 503 asking to
 * send again, never an acknowledgement).  A job reported failed whose
 * commit did reach the disk anyway is harmless: its retry carries the same
 * nonce and comes back WRITER_DUPLICATE.
 */
#ifndef RECUEIL_WRITER_H
#define RECUEIL_WRITER_H

#include <stddef.h>

#include "jobq.h"
#include "store.h"

struct event_base;
struct writer;

/* Result of a job, passed to its done callback. */
enum writer_result {
	WRITER_STORED = 0,      /* committed durably */
	WRITER_DUPLICATE = 1,   /* the token was already stored: nothing new */
	WRITER_FAILED = -1      /* not stored; the client should retry */
};

struct writer_job {
	struct submission sub;  /* must stay valid until done is called */
	void (*done)(struct writer_job *job, enum writer_result r);
	void *arg;
	enum writer_result result;
	struct jobq_job q;      /* private to the writer */
};

/*
 * Open `db` (it must already be migrated) in a new writer thread that
 * reports completions on `base`.  `max_batch` caps a transaction's jobs.
 * Returns NULL with a message in err on failure.  The thread never calls
 * libevent: it wakes the loop through wake.h (no evthread locks needed).
 */
struct writer *writer_start(const char *db, struct event_base *base,
    size_t max_batch, char *err, size_t errlen);

/*
 * Queue a job; its done callback will run later on the loop thread.  The
 * queue has no cap, so this cannot refuse a job before writer_stop.
 */
void writer_submit(struct writer *w, struct writer_job *job);

/*
 * Write everything still queued, call the remaining done callbacks, stop
 * the thread and free the writer.  Call on the loop thread.
 */
void writer_stop(struct writer *w);

/* Counters since start, for logs and benchmarks. */
void writer_stats(struct writer *w, unsigned long *jobs,
    unsigned long *batches);

/* The most jobs committed in one transaction since start. */
unsigned long writer_largest_batch(struct writer *w);

#endif
