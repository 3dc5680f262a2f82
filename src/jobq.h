/*
 * jobq.h - the one way off the event loop: a queue of jobs run by worker
 * threads and answered on the loop thread.
 *
 * Design.  The loop thread never waits on the database, on fsync or on a
 * password hash.  It hands such work to a queue (jobq_submit: a mutex-
 * protected append, never blocking) and goes on serving.  A worker thread
 * takes from the head of the queue up to `max_batch` jobs at once, runs
 * them with its own context (typically its own SQLite connection, which
 * the worker alone uses), then appends the whole batch to a list of
 * finished jobs and signals a wake (wake.h).  On the loop thread, the
 * queue's `done` callback then runs for each finished job, in the order
 * the worker finished them: that is where replies are sent.
 *
 * So a job's `done` always follows the end of the `run` of its own batch.
 * The group-commit writer (writer.c) relies on it: its `run` commits the
 * batch durably before returning, and only then can a reply leave.  The
 * staff pages' pool (pool.c) uses batches of one, the retention pass
 * (retention.c) one worker without context.  The streamed downloads
 * (http.c) use a queue without context (`open` NULL) and batches of one:
 * their `run` is the whole export, and the loop is woken for each chunk by
 * the stream's own wake; stopping cancels them first, so that no producer
 * waits for a client while the queue drains.
 *
 * Ordering.  With one worker, jobs run and are answered in the order they
 * were submitted, in consecutive batches.  With several workers, each
 * batch is answered when its worker finishes it.
 *
 * Bounds.  `max_queue` caps the jobs waiting to start (0: no cap); a full
 * queue refuses the job, and the caller answers "try again" (503) itself.
 * Jobs already running do not count.
 *
 * Stopping.  jobq_stop() refuses new jobs, lets the workers run every job
 * already queued (nothing accepted is lost, which SIGTERM relies on), joins
 * them, calls `done` for every finished job, and frees the queue.
 *
 * No libevent call is made off the loop thread: libevent runs without
 * locks (see wake.h).
 */
#ifndef RECUEIL_JOBQ_H
#define RECUEIL_JOBQ_H

#include <stddef.h>

struct event_base;
struct jobq;

/*
 * Embed in a job's struct; the queue owns `next` while it holds the job.
 * `lang` is the submitting thread's language (i18n.h), set by jobq_submit:
 * `run` is called with the first job's language and each `done` with its
 * job's, so a reply built later speaks the language of its request.
 */
struct jobq_job {
	struct jobq_job *next;
	int lang;
};

struct jobq_ops {
	/*
	 * Optional: make worker i's context (e.g. open its connection),
	 * called on the thread of jobq_start() before the worker starts.
	 * Returns 0, or -1 with a message in err (then jobq_start fails).
	 */
	int (*open)(void *arg, size_t i, void **ctx, char *err, size_t errlen);
	/* Optional: free a context made by open, after its worker ended. */
	void (*close)(void *arg, void *ctx);
	/*
	 * On a worker thread: run the `n` jobs of `batch` (linked by next,
	 * the last one's next is NULL).  Must not unlink them.
	 */
	void (*run)(void *arg, void *ctx, struct jobq_job *batch, size_t n);
	/* On the loop thread, once per job after its batch ran.  May free it. */
	void (*done)(void *arg, struct jobq_job *job);
};

/* Counters since start, read under the queue's lock. */
struct jobq_stats {
	unsigned long jobs;      /* jobs run */
	unsigned long batches;   /* batches run */
	unsigned long largest;   /* most jobs in one batch */
	size_t queued;           /* waiting to start now */
};

/*
 * Start `n_workers` threads (at least one) that run the jobs of `ops` with
 * `arg`, reporting on `base`.  `max_batch` (0 means 1) caps the jobs of a
 * batch; `max_queue` the jobs waiting (0: unbounded).  `ops` must outlive
 * the queue.  Returns NULL with a message in err on failure (every context
 * already opened is closed).  Loop thread.
 */
struct jobq *jobq_start(struct event_base *base, const struct jobq_ops *ops,
    void *arg, size_t n_workers, size_t max_batch, size_t max_queue,
    char *err, size_t errlen);

/*
 * Queue `job`.  Returns 0 (its `done` will run later on the loop thread),
 * or -1 when the queue is full or stopping (the job is untouched and still
 * the caller's).  Any thread; never blocks on a job.
 */
int jobq_submit(struct jobq *q, struct jobq_job *job);

/* Fill `st` with the counters since start.  Any thread. */
void jobq_stats(struct jobq *q, struct jobq_stats *st);

/*
 * Run every queued job, call every remaining `done`, stop the workers,
 * close their contexts and free `q` (NULL allowed).  When `last` is not
 * NULL, it receives the final counters (drained jobs included).  Loop
 * thread.
 */
void jobq_stop(struct jobq *q, struct jobq_stats *last);

#endif
