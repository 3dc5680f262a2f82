/*
 * pool.c - worker threads for the staff pages (see pool.h): a job queue
 * (jobq.h) whose workers each hold a read-write store connection.
 */
#include <stddef.h>
#include <stdlib.h>

#include "jobq.h"
#include "pool.h"
#include "store.h"
#include "util.h"

struct pool {
	char *db;
	struct jobq *q;
};

#define POOL_JOB(j) ((struct pool_job *)(void *)((char *)(j) - \
	offsetof(struct pool_job, q)))

static int
pool_open(void *arg, size_t i, void **ctx, char *err, size_t errlen)
{
	struct pool *p = arg;

	(void)i;
	*ctx = store_open(p->db, 0, err, errlen);
	return *ctx != NULL ? 0 : -1;
}

static void
pool_close(void *arg, void *ctx)
{
	(void)arg;
	store_close(ctx);
}

static void
pool_run(void *arg, void *ctx, struct jobq_job *batch, size_t n)
{
	(void)arg;
	(void)n;
	for (struct jobq_job *j = batch; j != NULL; j = j->next)
		POOL_JOB(j)->run(POOL_JOB(j), ctx);
}

static void
pool_done(void *arg, struct jobq_job *j)
{
	(void)arg;
	POOL_JOB(j)->done(POOL_JOB(j));
}

static const struct jobq_ops pool_ops = {
	pool_open, pool_close, pool_run, pool_done
};

struct pool *
pool_start(const char *db, struct event_base *base, size_t n,
    size_t max_queue, char *err, size_t errlen)
{
	struct pool *p = xcalloc(1, sizeof(*p));

	p->db = xstrdup(db);
	/* Batches of one: each job is a page's answer of its own. */
	p->q = jobq_start(base, &pool_ops, p, n, 1, max_queue, err, errlen);
	if (p->q == NULL) {
		free(p->db);
		free(p);
		return NULL;
	}
	return p;
}

int
pool_submit(struct pool *p, struct pool_job *job)
{
	return jobq_submit(p->q, &job->q);
}

void
pool_stop(struct pool *p)
{
	if (p == NULL)
		return;
	jobq_stop(p->q, NULL);
	free(p->db);
	free(p);
}
