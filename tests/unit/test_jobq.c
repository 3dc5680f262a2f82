/*
 * test_jobq.c - the job queue that takes work off the event loop: order,
 * batches, a `done` only after its batch ran and only on the loop thread,
 * the bounded queue, and a stop that drains everything accepted.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "i18n.h"
#include "jobq.h"

#define MAX_JOBS 256

struct job {
	struct jobq_job q;
	int id;
	int ran;              /* set by run, on the worker */
	size_t batch;         /* the batch number it ran in */
	int run_lang, done_lang;   /* i18n_lang() in run and in done */
};

/* What the test watches; the gate holds the worker inside `run`. */
struct watch {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int gate_closed, in_run;
	size_t batches;
	size_t batch_size[MAX_JOBS];
	int done_order[MAX_JOBS];
	size_t n_done;
	int done_before_run;  /* a done saw a job that had not run */
	int done_off_loop;    /* a done ran on another thread */
	pthread_t loop;
	int opened, closed;
};

#define JOB(j) ((struct job *)(void *)((char *)(j) - offsetof(struct job, q)))

static int
w_open(void *arg, size_t i, void **ctx, char *err, size_t errlen)
{
	struct watch *w = arg;

	(void)i;
	(void)err;
	(void)errlen;
	w->opened++;
	*ctx = w;
	return 0;
}

static void
w_close(void *arg, void *ctx)
{
	struct watch *w = arg;

	cr_assert_eq(ctx, w);
	w->closed++;
}

static void
w_run(void *arg, void *ctx, struct jobq_job *batch, size_t n)
{
	struct watch *w = arg;
	size_t k = 0, b;

	cr_assert_eq(ctx, w);
	pthread_mutex_lock(&w->lock);
	w->in_run = 1;
	pthread_cond_broadcast(&w->cond);
	while (w->gate_closed)
		pthread_cond_wait(&w->cond, &w->lock);
	b = w->batches++;
	w->batch_size[b] = n;
	pthread_mutex_unlock(&w->lock);
	for (struct jobq_job *j = batch; j != NULL; j = j->next, k++) {
		JOB(j)->ran = 1;
		JOB(j)->batch = b;
		JOB(j)->run_lang = (int)i18n_lang();
	}
	cr_assert_eq(k, n, "the batch holds %zu jobs, said %zu", k, n);
}

static void
w_done(void *arg, struct jobq_job *j)
{
	struct watch *w = arg;

	if (!JOB(j)->ran)
		w->done_before_run = 1;
	if (!pthread_equal(pthread_self(), w->loop))
		w->done_off_loop = 1;
	w->done_order[w->n_done++] = JOB(j)->id;
	JOB(j)->done_lang = (int)i18n_lang();
}

static const struct jobq_ops ops = { w_open, w_close, w_run, w_done };

static void
watch_init(struct watch *w)
{
	memset(w, 0, sizeof(*w));
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->loop = pthread_self();
}

static void
gate(struct watch *w, int closed)
{
	pthread_mutex_lock(&w->lock);
	w->gate_closed = closed;
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

/* Wait (bounded) until the worker is inside run. */
static void
wait_in_run(struct watch *w)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 30;
	pthread_mutex_lock(&w->lock);
	while (!w->in_run)
		if (pthread_cond_timedwait(&w->cond, &w->lock, &ts) != 0)
			break;
	pthread_mutex_unlock(&w->lock);
	cr_assert(w->in_run, "the worker never started a batch");
}

/* Run the loop until `n` jobs are answered, for at most about 30 s. */
static void
loop_until(struct event_base *base, struct watch *w, size_t n)
{
	for (int i = 0; i < 30000 && w->n_done < n; i++) {
		struct timeval ms = { 0, 1000 };

		event_base_loopexit(base, &ms);
		event_base_dispatch(base);
	}
	cr_assert_eq(w->n_done, n, "%zu jobs answered, expected %zu",
	    w->n_done, n);
}

static struct jobq *
start(struct event_base *base, struct watch *w, size_t workers,
    size_t max_batch, size_t max_queue)
{
	char err[256] = "";
	struct jobq *q = jobq_start(base, &ops, w, workers, max_batch,
	    max_queue, err, sizeof(err));

	cr_assert_not_null(q, "%s", err);
	return q;
}

Test(jobq, one_worker_answers_in_submission_order)
{
	struct event_base *base = event_base_new();
	struct watch w;
	struct job jobs[50];
	struct jobq *q;

	watch_init(&w);
	q = start(base, &w, 1, 4, 0);
	for (int i = 0; i < 50; i++) {
		jobs[i] = (struct job){ .id = i };
		cr_assert_eq(jobq_submit(q, &jobs[i].q), 0);
	}
	loop_until(base, &w, 50);
	for (int i = 0; i < 50; i++)
		cr_assert_eq(w.done_order[i], i, "job %d answered at %d",
		    w.done_order[i], i);
	cr_assert_not(w.done_before_run);
	cr_assert_not(w.done_off_loop);
	jobq_stop(q, NULL);
	cr_assert_eq(w.opened, 1);
	cr_assert_eq(w.closed, 1);
	event_base_free(base);
}

/*
 * A job runs and is answered in the language of the thread that submitted
 * it, whatever the loop thread speaks meanwhile (i18n.h).
 */
Test(jobq, run_and_done_speak_the_submitters_language)
{
	struct event_base *base = event_base_new();
	struct watch w;
	struct job jobs[8];
	struct jobq *q;

	watch_init(&w);
	q = start(base, &w, 2, 1, 0);
	for (int i = 0; i < 8; i++) {
		jobs[i] = (struct job){ .id = i, .run_lang = -1,
		    .done_lang = -1 };
		i18n_set_lang(i % 2 ? I18N_EN : I18N_FR);
		cr_assert_eq(jobq_submit(q, &jobs[i].q), 0);
	}
	i18n_set_lang(I18N_FR);
	loop_until(base, &w, 8);
	for (int i = 0; i < 8; i++) {
		int want = i % 2 ? I18N_EN : I18N_FR;

		cr_expect_eq(jobs[i].run_lang, want, "job %d ran in %d", i,
		    jobs[i].run_lang);
		cr_expect_eq(jobs[i].done_lang, want, "job %d answered in %d",
		    i, jobs[i].done_lang);
	}
	jobq_stop(q, NULL);
	event_base_free(base);
}

/* Jobs queued while a batch runs form the next batches, max_batch each. */
Test(jobq, waiting_jobs_run_together_in_batches_of_at_most_max_batch)
{
	struct event_base *base = event_base_new();
	struct watch w;
	struct job jobs[11];
	struct jobq_stats st;
	struct jobq *q;

	watch_init(&w);
	gate(&w, 1);
	q = start(base, &w, 1, 4, 0);
	jobs[0] = (struct job){ .id = 0 };
	cr_assert_eq(jobq_submit(q, &jobs[0].q), 0);
	wait_in_run(&w);
	for (int i = 1; i < 11; i++) {
		jobs[i] = (struct job){ .id = i };
		cr_assert_eq(jobq_submit(q, &jobs[i].q), 0);
	}
	gate(&w, 0);
	loop_until(base, &w, 11);
	/* 1 alone (it was running), then 4 + 4 + 2 in order. */
	cr_assert_eq(w.batches, 4);
	cr_assert_eq(w.batch_size[0], 1);
	cr_assert_eq(w.batch_size[1], 4);
	cr_assert_eq(w.batch_size[2], 4);
	cr_assert_eq(w.batch_size[3], 2);
	for (int i = 1; i < 11; i++)
		cr_assert_eq(jobs[i].batch, (size_t)(1 + (i - 1) / 4));
	jobq_stats(q, &st);
	cr_assert_eq(st.jobs, 11);
	cr_assert_eq(st.batches, 4);
	cr_assert_eq(st.largest, 4);
	cr_assert_eq(st.queued, 0);
	jobq_stop(q, NULL);
	event_base_free(base);
}

Test(jobq, a_full_queue_refuses_and_frees_a_place_when_a_job_starts)
{
	struct event_base *base = event_base_new();
	struct watch w;
	struct job jobs[5];
	struct jobq *q;

	watch_init(&w);
	gate(&w, 1);
	q = start(base, &w, 1, 1, 3);
	jobs[0] = (struct job){ .id = 0 };
	cr_assert_eq(jobq_submit(q, &jobs[0].q), 0);
	wait_in_run(&w);
	/* Job 0 runs: it no longer counts; three may wait, not four. */
	for (int i = 1; i < 4; i++) {
		jobs[i] = (struct job){ .id = i };
		cr_assert_eq(jobq_submit(q, &jobs[i].q), 0, "job %d refused", i);
	}
	jobs[4] = (struct job){ .id = 4 };
	cr_assert_eq(jobq_submit(q, &jobs[4].q), -1);
	cr_assert_not(jobs[4].ran);
	gate(&w, 0);
	loop_until(base, &w, 4);
	cr_assert_eq(jobq_submit(q, &jobs[4].q), 0);
	loop_until(base, &w, 5);
	jobq_stop(q, NULL);
	event_base_free(base);
}

/* SIGTERM's promise: what was accepted runs and is answered. */
Test(jobq, stop_runs_and_answers_every_queued_job)
{
	struct event_base *base = event_base_new();
	struct watch w;
	struct job *jobs = calloc(200, sizeof(*jobs));
	struct jobq_stats st;
	struct jobq *q;

	watch_init(&w);
	gate(&w, 1);
	q = start(base, &w, 3, 8, 0);
	for (int i = 0; i < 200; i++) {
		jobs[i].id = i;
		cr_assert_eq(jobq_submit(q, &jobs[i].q), 0);
	}
	gate(&w, 0);
	/* No loop turn: everything is answered inside jobq_stop. */
	jobq_stop(q, &st);
	cr_assert_eq(w.n_done, 200);
	cr_assert_eq(st.jobs, 200);
	for (int i = 0; i < 200; i++)
		cr_assert(jobs[i].ran, "job %d never ran", i);
	cr_assert_not(w.done_before_run);
	cr_assert_not(w.done_off_loop);
	cr_assert_eq(w.opened, 3);
	cr_assert_eq(w.closed, 3);
	free(jobs);
	event_base_free(base);
}

static int
fail_open(void *arg, size_t i, void **ctx, char *err, size_t errlen)
{
	struct watch *w = arg;

	if (i == 1) {
		snprintf(err, errlen, "cannot open worker %zu", i);
		return -1;
	}
	w->opened++;
	*ctx = w;
	return 0;
}

Test(jobq, a_failing_open_fails_the_start_and_closes_what_was_opened)
{
	static const struct jobq_ops bad = { fail_open, w_close, w_run, w_done };
	struct event_base *base = event_base_new();
	struct watch w;
	char err[64] = "";

	watch_init(&w);
	cr_assert_null(jobq_start(base, &bad, &w, 3, 1, 0, err, sizeof(err)));
	cr_assert_str_eq(err, "cannot open worker 1");
	cr_assert_eq(w.opened, 1);
	cr_assert_eq(w.closed, 1);
	event_base_free(base);
}
