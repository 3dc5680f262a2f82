/*
 * pool.c - worker threads for the staff pages (see pool.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include <event2/event.h>

#include "pool.h"
#include "store.h"
#include "util.h"
#include "wake.h"

struct worker {
	pthread_t thread;
	struct store *store;
	struct pool *pool;
	int started;
};

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct pool_job *queue, **queue_tail;
	struct pool_job *finished, **fin_tail;
	size_t queued, max_queue;
	int stopping;
	struct wake *notify;
	struct worker *workers;
	size_t n_workers;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;

	for (;;) {
		struct pool_job *j;

		pthread_mutex_lock(&p->lock);
		while (p->queue == NULL && !p->stopping)
			pthread_cond_wait(&p->wake, &p->lock);
		if (p->queue == NULL) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		j = p->queue;
		p->queue = j->next;
		if (p->queue == NULL)
			p->queue_tail = &p->queue;
		p->queued--;
		pthread_mutex_unlock(&p->lock);

		j->next = NULL;
		j->run(j, w->store);

		pthread_mutex_lock(&p->lock);
		*p->fin_tail = j;
		p->fin_tail = &j->next;
		pthread_mutex_unlock(&p->lock);
		wake_signal(p->notify);
	}
	return NULL;
}

static void
deliver(struct pool *p)
{
	struct pool_job *j, *next;

	pthread_mutex_lock(&p->lock);
	j = p->finished;
	p->finished = NULL;
	p->fin_tail = &p->finished;
	pthread_mutex_unlock(&p->lock);
	for (; j != NULL; j = next) {
		next = j->next;
		j->next = NULL;
		j->done(j);
	}
}

static void
notify_cb(void *arg)
{
	deliver(arg);
}

struct pool *
pool_start(const char *db, struct event_base *base, size_t n,
    size_t max_queue, char *err, size_t errlen)
{
	struct pool *p = xcalloc(1, sizeof(*p));

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	p->queue_tail = &p->queue;
	p->fin_tail = &p->finished;
	p->max_queue = max_queue;
	p->workers = xcalloc(n, sizeof(*p->workers));
	p->n_workers = n;
	if ((p->notify = wake_new(base, notify_cb, p)) == NULL) {
		snprintf(err, errlen, "cannot create the pool's event");
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		struct worker *w = &p->workers[i];

		w->pool = p;
		if ((w->store = store_open(db, 0, err, errlen)) == NULL)
			goto fail;
		if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
			snprintf(err, errlen, "cannot start a worker thread");
			goto fail;
		}
		w->started = 1;
	}
	return p;
fail:
	pool_stop(p);
	return NULL;
}

int
pool_submit(struct pool *p, struct pool_job *job)
{
	int rc = -1;

	job->next = NULL;
	pthread_mutex_lock(&p->lock);
	if (p->queued < p->max_queue && !p->stopping) {
		*p->queue_tail = job;
		p->queue_tail = &job->next;
		p->queued++;
		pthread_cond_signal(&p->wake);
		rc = 0;
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}

void
pool_stop(struct pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = 1;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (size_t i = 0; i < p->n_workers; i++) {
		if (p->workers[i].started)
			pthread_join(p->workers[i].thread, NULL);
		store_close(p->workers[i].store);
	}
	deliver(p);
	wake_free(p->notify);
	free(p->workers);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	free(p);
}
