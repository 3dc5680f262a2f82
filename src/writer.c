/*
 * writer.c - the group-commit writer thread (design in writer.h): a job
 * queue (jobq.h) with one worker whose batches are transactions.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "i18n.h"
#include "jobq.h"
#include "util.h"
#include "writer.h"

/*
 * Batch sizes, by powers of two: sizes[k] counts the batches of 2^k to
 * 2^(k+1) - 1 jobs, the last bucket everything larger.  Written by the
 * writer thread only, read after it has stopped.
 */
#define WRITER_BUCKETS 10

struct writer {
	char *db;
	struct jobq *q;              /* one worker, its own connection */
	unsigned long sizes[WRITER_BUCKETS];
};

#define WRITER_JOB(j) ((struct writer_job *)(void *)((char *)(j) - \
	offsetof(struct writer_job, q)))

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
write_fast(struct store *s, struct jobq_job *batch)
{
	struct jobq_job *q;

	if (store_begin(s) < 0)
		return -1;
	for (q = batch; q != NULL; q = q->next) {
		struct writer_job *j = WRITER_JOB(q);
		int rc = store_response_add(s, &j->sub);

		if (rc < 0) {
			fprintf(stderr, L_("recueild: writer : %s ; le lot "
			    "est réécrit réponse par réponse\n"), store_error(s));
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

/* On the writer thread: the queue's `run`. */
static void
write_batch(void *arg, void *ctx, struct jobq_job *batch, size_t n)
{
	struct writer *w = arg;
	struct store *s = ctx;
	struct jobq_job *q;
	size_t k = 0;

	while (k + 1 < WRITER_BUCKETS && n >> (k + 1) != 0)
		k++;
	w->sizes[k]++;
	if (write_fast(s, batch) == 0)
		return;
	if (store_begin(s) < 0)
		goto fail_all;
	for (q = batch; q != NULL; q = q->next) {
		struct writer_job *j = WRITER_JOB(q);
		int rc;

		if (store_savepoint(s) < 0)
			goto fail_all;
		rc = store_response_add(s, &j->sub);
		if (rc < 0) {
			fprintf(stderr, "recueild: writer: %s\n", store_error(s));
			j->result = WRITER_FAILED;
			if (store_savepoint_rollback(s) < 0)
				goto fail_all;
			continue;
		}
		j->result = rc == 1 ? WRITER_DUPLICATE : WRITER_STORED;
		if (store_savepoint_release(s) < 0)
			goto fail_all;
	}
	if (store_commit(s) < 0)
		goto fail_all;
	return;
fail_all:
	fprintf(stderr, L_("recueild: writer : lot non enregistré : %s\n"),
	    store_error(s));
	store_rollback(s);
	for (q = batch; q != NULL; q = q->next)
		WRITER_JOB(q)->result = WRITER_FAILED;
}

/* On the loop thread, after the batch's commit: the reply. */
static void
writer_done(void *arg, struct jobq_job *q)
{
	struct writer_job *j = WRITER_JOB(q);

	(void)arg;
	j->done(j, j->result);
}

static int
writer_open(void *arg, size_t i, void **ctx, char *err, size_t errlen)
{
	struct writer *w = arg;

	(void)i;
	*ctx = store_open(w->db, 0, err, errlen);
	return *ctx != NULL ? 0 : -1;
}

static void
writer_close(void *arg, void *ctx)
{
	(void)arg;
	store_close(ctx);
}

static const struct jobq_ops writer_ops = {
	writer_open, writer_close, write_batch, writer_done
};

struct writer *
writer_start(const char *db, struct event_base *base, size_t max_batch,
    char *err, size_t errlen)
{
	struct writer *w = xcalloc(1, sizeof(*w));

	w->db = xstrdup(db);
	/* One worker: batches commit, and are answered, in order. */
	w->q = jobq_start(base, &writer_ops, w, 1, max_batch ? max_batch : 1,
	    0, err, errlen);
	if (w->q == NULL) {
		free(w->db);
		free(w);
		return NULL;
	}
	return w;
}

void
writer_submit(struct writer *w, struct writer_job *job)
{
	job->result = WRITER_FAILED;
	/* Unbounded and not stopping: only a misuse can be refused. */
	if (jobq_submit(w->q, &job->q) < 0)
		job->done(job, WRITER_FAILED);
}

void
writer_stop(struct writer *w)
{
	struct jobq_stats st;
	char line[256];
	size_t len = 0;

	if (w == NULL)
		return;
	jobq_stop(w->q, &st);
	/* Shows that group commit happens: batches of more than one job. */
	fprintf(stderr, "recueild: writer: %lu submission%s in %lu batch%s "
	    "(largest %lu)\n", st.jobs, st.jobs == 1 ? "" : "s",
	    st.batches, st.batches == 1 ? "" : "es", st.largest);
	/* And how much: "batch sizes 1: 12, 2-3: 40, 512+: 1". */
	for (size_t k = 0; k < WRITER_BUCKETS && st.batches > 0; k++) {
		unsigned long lo = 1UL << k, hi = (1UL << (k + 1)) - 1;
		int n;

		if (w->sizes[k] == 0)
			continue;
		if (k + 1 == WRITER_BUCKETS)
			n = snprintf(line + len, sizeof(line) - len, "%s%lu+: %lu",
			    len ? ", " : "", lo, w->sizes[k]);
		else if (lo == hi)
			n = snprintf(line + len, sizeof(line) - len, "%s%lu: %lu",
			    len ? ", " : "", lo, w->sizes[k]);
		else
			n = snprintf(line + len, sizeof(line) - len,
			    "%s%lu-%lu: %lu", len ? ", " : "", lo, hi, w->sizes[k]);
		if (n < 0 || (size_t)n >= sizeof(line) - len)
			break;
		len += (size_t)n;
	}
	if (len > 0)
		fprintf(stderr, "recueild: writer: batch sizes %s\n", line);
	free(w->db);
	free(w);
}

void
writer_stats(struct writer *w, unsigned long *jobs, unsigned long *batches)
{
	struct jobq_stats st;

	jobq_stats(w->q, &st);
	*jobs = st.jobs;
	*batches = st.batches;
}

unsigned long
writer_largest_batch(struct writer *w)
{
	struct jobq_stats st;

	jobq_stats(w->q, &st);
	return st.largest;
}
