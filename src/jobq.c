/*
 * jobq.c - worker threads behind one queue, answered on the loop thread
 * (design in jobq.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "jobq.h"
#include "util.h"
#include "wake.h"

struct worker {
	pthread_t thread;
	void *ctx;
	int opened, started;
	struct jobq *q;
};

struct jobq {
	const struct jobq_ops *ops;
	void *arg;
	size_t max_batch, max_queue;

	pthread_mutex_t lock;
	pthread_cond_t ready;                    /* the queue grew or stops */
	struct jobq_job *queue, **queue_tail;    /* submitted, not started */
	struct jobq_job *finished, **fin_tail;   /* run, not answered */
	size_t queued;
	int stopping;
	struct jobq_stats stats;

	struct wake *notify;                     /* signalled when finished grows */
	struct worker *workers;
	size_t n_workers;
};

/*
 * Take up to max_batch jobs from the head of the queue, under the lock.
 * Returns the first, with *last and *n set.
 */
static struct jobq_job *
take_batch(struct jobq *q, struct jobq_job **last, size_t *n)
{
	struct jobq_job *batch = q->queue, *l = batch;
	size_t k = 1;

	while (k < q->max_batch && l->next != NULL) {
		l = l->next;
		k++;
	}
	q->queue = l->next;
	if (q->queue == NULL)
		q->queue_tail = &q->queue;
	q->queued -= k;
	l->next = NULL;
	*last = l;
	*n = k;
	return batch;
}

static void *
worker_main(void *p)
{
	struct worker *w = p;
	struct jobq *q = w->q;

	for (;;) {
		struct jobq_job *batch, *last;
		size_t n;

		pthread_mutex_lock(&q->lock);
		while (q->queue == NULL && !q->stopping)
			pthread_cond_wait(&q->ready, &q->lock);
		if (q->queue == NULL) {
			/* Stopping, and nothing is left to run. */
			pthread_mutex_unlock(&q->lock);
			break;
		}
		batch = take_batch(q, &last, &n);
		pthread_mutex_unlock(&q->lock);

		i18n_set_lang((enum i18n_lang)batch->lang);
		q->ops->run(q->arg, w->ctx, batch, n);

		pthread_mutex_lock(&q->lock);
		*q->fin_tail = batch;
		q->fin_tail = &last->next;
		q->stats.jobs += n;
		q->stats.batches++;
		if (n > q->stats.largest)
			q->stats.largest = n;
		pthread_mutex_unlock(&q->lock);
		wake_signal(q->notify);
	}
	return NULL;
}

/* On the loop thread: answer every finished job. */
static void
deliver(void *p)
{
	struct jobq *q = p;
	struct jobq_job *j, *next;

	pthread_mutex_lock(&q->lock);
	j = q->finished;
	q->finished = NULL;
	q->fin_tail = &q->finished;
	pthread_mutex_unlock(&q->lock);
	for (; j != NULL; j = next) {
		next = j->next;
		j->next = NULL;
		i18n_set_lang((enum i18n_lang)j->lang);
		q->ops->done(q->arg, j);
	}
}

struct jobq *
jobq_start(struct event_base *base, const struct jobq_ops *ops, void *arg,
    size_t n_workers, size_t max_batch, size_t max_queue, char *err,
    size_t errlen)
{
	struct jobq *q = xcalloc(1, sizeof(*q));

	q->ops = ops;
	q->arg = arg;
	q->max_batch = max_batch > 0 ? max_batch : 1;
	q->max_queue = max_queue;
	q->queue_tail = &q->queue;
	q->fin_tail = &q->finished;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->ready, NULL);
	q->n_workers = n_workers > 0 ? n_workers : 1;
	q->workers = xcalloc(q->n_workers, sizeof(*q->workers));
	if ((q->notify = wake_new(base, deliver, q)) == NULL) {
		snprintf(err, errlen, L_("impossible de créer l'événement "
		    "de la file"));
		goto fail;
	}
	for (size_t i = 0; i < q->n_workers; i++) {
		struct worker *w = &q->workers[i];

		w->q = q;
		if (ops->open != NULL) {
			if (ops->open(arg, i, &w->ctx, err, errlen) < 0)
				goto fail;
			w->opened = 1;
		}
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			snprintf(err, errlen, L_("impossible de démarrer un "
			    "fil de travail"));
			goto fail;
		}
		w->started = 1;
	}
	return q;
fail:
	jobq_stop(q, NULL);
	return NULL;
}

int
jobq_submit(struct jobq *q, struct jobq_job *job)
{
	int rc = -1;

	job->next = NULL;
	job->lang = (int)i18n_lang();
	pthread_mutex_lock(&q->lock);
	if (!q->stopping && (q->max_queue == 0 || q->queued < q->max_queue)) {
		*q->queue_tail = job;
		q->queue_tail = &job->next;
		q->queued++;
		pthread_cond_signal(&q->ready);
		rc = 0;
	}
	pthread_mutex_unlock(&q->lock);
	return rc;
}

void
jobq_stats(struct jobq *q, struct jobq_stats *st)
{
	pthread_mutex_lock(&q->lock);
	*st = q->stats;
	st->queued = q->queued;
	pthread_mutex_unlock(&q->lock);
}

void
jobq_stop(struct jobq *q, struct jobq_stats *last)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->lock);
	q->stopping = 1;
	pthread_cond_broadcast(&q->ready);
	pthread_mutex_unlock(&q->lock);
	for (size_t i = 0; i < q->n_workers; i++)
		if (q->workers[i].started)
			pthread_join(q->workers[i].thread, NULL);
	/* Every worker is gone: what they finished is answered here. */
	deliver(q);
	if (last != NULL)
		jobq_stats(q, last);
	for (size_t i = 0; i < q->n_workers; i++)
		if (q->workers[i].opened && q->ops->close != NULL)
			q->ops->close(q->arg, q->workers[i].ctx);
	wake_free(q->notify);
	free(q->workers);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->ready);
	free(q);
}
