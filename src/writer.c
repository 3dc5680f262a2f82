/*
 * writer.c - the group-commit writer thread (design in writer.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <sqlite3.h>

#include "store_int.h"
#include "util.h"
#include "wake.h"
#include "writer.h"

struct writer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct writer_job *queue, **queue_tail;   /* submitted, not started */
	struct writer_job *finished, **fin_tail;  /* written, not answered */
	int stopping;
	size_t max_batch;
	struct store *store;
	struct wake *notify;         /* signalled when `finished` grows */
	unsigned long n_jobs, n_batches, largest;
};

static const char sql_savepoint[] = "SAVEPOINT job";
static const char sql_release[] = "RELEASE job";
static const char sql_rollback_to[] = "ROLLBACK TO job";

static int
run(struct store *s, const char *sql)
{
	sqlite3_stmt *st = store_stmt(s, sql);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : store_fail(s, sql);
}

/*
 * Write one batch in one transaction; set each job's result.
 *
 * Fast path: the jobs one after the other, no savepoint (a SAVEPOINT and a
 * RELEASE per job were two of the nine statements of a submission).  A
 * duplicate token is not an error (ON CONFLICT DO NOTHING), so a job fails
 * only on a real error; then the batch is rolled back and written again
 * with a savepoint per job, so that one bad job fails alone.
 */
static int
write_fast(struct writer *w, struct writer_job *batch)
{
	struct store *s = w->store;
	struct writer_job *j;

	if (store_begin(s) < 0)
		return -1;
	for (j = batch; j != NULL; j = j->next) {
		int rc = store_response_add(s, &j->sub);

		if (rc < 0) {
			fprintf(stderr, "recueild: writer: %s; writing the batch "
			    "again job by job\n", store_error(s));
			store_rollback(s);
			return -1;
		}
		j->result = rc == 1 ? WRITER_DUPLICATE : WRITER_STORED;
	}
	if (store_commit(s) < 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

static void
write_batch(struct writer *w, struct writer_job *batch)
{
	struct store *s = w->store;
	struct writer_job *j;

	if (write_fast(w, batch) == 0)
		return;
	if (store_begin(s) < 0)
		goto fail_all;
	for (j = batch; j != NULL; j = j->next) {
		int rc;

		if (run(s, sql_savepoint) < 0)
			goto fail_all;
		rc = store_response_add(s, &j->sub);
		if (rc < 0) {
			fprintf(stderr, "recueild: writer: %s\n", store_error(s));
			j->result = WRITER_FAILED;
			if (run(s, sql_rollback_to) < 0 || run(s, sql_release) < 0)
				goto fail_all;
			continue;
		}
		j->result = rc == 1 ? WRITER_DUPLICATE : WRITER_STORED;
		if (run(s, sql_release) < 0)
			goto fail_all;
	}
	if (store_commit(s) < 0)
		goto fail_all;
	return;
fail_all:
	fprintf(stderr, "recueild: writer: batch not stored: %s\n",
	    store_error(s));
	store_rollback(s);
	for (j = batch; j != NULL; j = j->next)
		j->result = WRITER_FAILED;
}

static void *
writer_main(void *arg)
{
	struct writer *w = arg;

	for (;;) {
		struct writer_job *batch, *last;
		size_t n = 0;

		pthread_mutex_lock(&w->lock);
		while (w->queue == NULL && !w->stopping)
			pthread_cond_wait(&w->wake, &w->lock);
		if (w->queue == NULL && w->stopping) {
			pthread_mutex_unlock(&w->lock);
			break;
		}
		/* Take up to max_batch jobs from the head of the queue. */
		batch = last = w->queue;
		for (n = 1; n < w->max_batch && last->next != NULL; n++)
			last = last->next;
		w->queue = last->next;
		if (w->queue == NULL)
			w->queue_tail = &w->queue;
		last->next = NULL;
		pthread_mutex_unlock(&w->lock);

		write_batch(w, batch);

		pthread_mutex_lock(&w->lock);
		*w->fin_tail = batch;
		w->fin_tail = &last->next;
		w->n_jobs += n;
		w->n_batches++;
		if (n > w->largest)
			w->largest = n;
		pthread_mutex_unlock(&w->lock);
		wake_signal(w->notify);
	}
	return NULL;
}

/* On the loop thread: answer every finished job. */
static void
deliver(struct writer *w)
{
	struct writer_job *j, *next;

	pthread_mutex_lock(&w->lock);
	j = w->finished;
	w->finished = NULL;
	w->fin_tail = &w->finished;
	pthread_mutex_unlock(&w->lock);
	for (; j != NULL; j = next) {
		next = j->next;
		j->next = NULL;
		j->done(j, j->result);
	}
}

static void
notify_cb(void *arg)
{
	deliver(arg);
}

struct writer *
writer_start(const char *db, struct event_base *base, size_t max_batch,
    char *err, size_t errlen)
{
	struct writer *w = xcalloc(1, sizeof(*w));

	w->queue_tail = &w->queue;
	w->fin_tail = &w->finished;
	w->max_batch = max_batch ? max_batch : 1;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	if ((w->store = store_open(db, 0, err, errlen)) == NULL)
		goto fail;
	w->notify = wake_new(base, notify_cb, w);
	if (w->notify == NULL) {
		snprintf(err, errlen, "cannot create the writer's event");
		goto fail;
	}
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		snprintf(err, errlen, "cannot start the writer thread");
		goto fail;
	}
	return w;
fail:
	wake_free(w->notify);
	store_close(w->store);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
	return NULL;
}

void
writer_submit(struct writer *w, struct writer_job *job)
{
	job->next = NULL;
	job->result = WRITER_FAILED;
	pthread_mutex_lock(&w->lock);
	*w->queue_tail = job;
	w->queue_tail = &job->next;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void
writer_stop(struct writer *w)
{
	if (w == NULL)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = 1;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	deliver(w);
	/* Shows that group commit happens: batches of more than one job. */
	fprintf(stderr, "recueild: writer: %lu submission%s in %lu batch%s "
	    "(largest %lu)\n", w->n_jobs, w->n_jobs == 1 ? "" : "s",
	    w->n_batches, w->n_batches == 1 ? "" : "es", w->largest);
	wake_free(w->notify);
	store_close(w->store);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w);
}

void
writer_stats(struct writer *w, unsigned long *jobs, unsigned long *batches)
{
	pthread_mutex_lock(&w->lock);
	*jobs = w->n_jobs;
	*batches = w->n_batches;
	pthread_mutex_unlock(&w->lock);
}

unsigned long
writer_largest_batch(struct writer *w)
{
	unsigned long n;

	pthread_mutex_lock(&w->lock);
	n = w->largest;
	pthread_mutex_unlock(&w->lock);
	return n;
}
