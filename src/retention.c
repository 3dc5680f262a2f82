/*
 * retention.c - the retention period's purge, at start and daily (see
 * retention.h).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <event2/event.h>

#include "config.h"
#include "form.h"
#include "i18n.h"
#include "jobq.h"
#include "registry.h"
#include "retention.h"
#include "store.h"
#include "util.h"

/* One pass: what to delete, built on the loop thread, freed by done. */
struct plan {
	struct jobq_job q;
	char *db;
	int server_days;
	int vacuum;
	size_t n;
	struct { char *form_id; int days; } *forms;
};

struct retention {
	const struct config *cfg;
	const struct registry *forms;
	struct event *timer;
	struct jobq *q;
};

#define PLAN(j) ((struct plan *)(void *)((char *)(j) - offsetof(struct plan, q)))

static struct plan *
plan_new(const struct config *cfg, const struct registry *forms, int vacuum)
{
	struct plan *p = xcalloc(1, sizeof(*p));
	size_t n = registry_count(forms);

	p->db = xstrdup(cfg->db);
	p->server_days = cfg->retention_days;
	p->vacuum = vacuum;
	p->forms = xcalloc(n > 0 ? n : 1, sizeof(*p->forms));
	for (size_t i = 0; i < n; i++) {
		const struct form *f = registry_at(forms, i);
		int days = form_retention(f, cfg->retention_days);

		if (days > 0 && days != cfg->retention_days) {
			p->forms[p->n].form_id = xstrdup(f->id);
			p->forms[p->n].days = days;
			p->n++;
		}
	}
	return p;
}

static void
plan_free(struct plan *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->forms[i].form_id);
	free(p->forms);
	free(p->db);
	free(p);
}

/* Delete what is older than `days` (of form_id, or of all when NULL). */
static int
purge_one(struct store *s, const char *form_id, int days, int64_t *total)
{
	int64_t n = 0;

	if (store_purge_before(s, (int64_t)time(NULL) - (int64_t)days * 86400,
	    form_id, &n) < 0)
		return -1;
	if (n > 0 && form_id != NULL)
		fprintf(stderr, LP_("recueild: conservation : %lld réponse de "
		    "plus de %d jours effacée du questionnaire %s\n",
		    "recueild: conservation : %lld réponses de plus de %d jours "
		    "effacées du questionnaire %s\n", n), (long long)n, days,
		    form_id);
	else if (n > 0)
		fprintf(stderr, LP_("recueild: conservation : %lld réponse de "
		    "plus de %d jours effacée\n", "recueild: conservation : "
		    "%lld réponses de plus de %d jours effacées\n", n),
		    (long long)n, days);
	*total += n;
	return 0;
}

static void
plan_run(const struct plan *p)
{
	struct store *s;
	int64_t total = 0;
	char err[512];

	if (p->server_days <= 0 && p->n == 0)
		return;
	if ((s = store_open(p->db, 0, err, sizeof(err))) == NULL) {
		fprintf(stderr, "recueild: retention: %s\n", err);
		return;
	}
	if (p->server_days > 0 &&
	    purge_one(s, NULL, p->server_days, &total) < 0)
		goto fail;
	for (size_t i = 0; i < p->n; i++)
		if (purge_one(s, p->forms[i].form_id, p->forms[i].days,
		    &total) < 0)
			goto fail;
	if (p->vacuum && total > 0 && store_vacuum(s) < 0)
		goto fail;
	store_close(s);
	return;
fail:
	fprintf(stderr, "recueild: retention: %s\n", store_error(s));
	store_close(s);
}

void
retention_run_now(const struct config *cfg, const struct registry *forms)
{
	struct plan *p = plan_new(cfg, forms, 1);

	plan_run(p);
	plan_free(p);
}

/* ---- the daily pass, on the queue's worker ----------------------------- */

static void
queue_run(void *arg, void *ctx, struct jobq_job *batch, size_t n)
{
	(void)arg;
	(void)ctx;
	(void)n;
	for (struct jobq_job *j = batch; j != NULL; j = j->next)
		plan_run(PLAN(j));
}

static void
queue_done(void *arg, struct jobq_job *j)
{
	(void)arg;
	plan_free(PLAN(j));
}

static const struct jobq_ops retention_ops = {
	NULL, NULL, queue_run, queue_done
};

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	struct retention *r = arg;
	struct plan *p = plan_new(r->cfg, r->forms, 0);

	(void)fd;
	(void)what;
	/* A pass still waiting covers this one. */
	if (jobq_submit(r->q, &p->q) < 0)
		plan_free(p);
}

struct retention *
retention_start(struct event_base *base, const struct config *cfg,
    const struct registry *forms, char *err, size_t errlen)
{
	struct retention *r = xcalloc(1, sizeof(*r));
	/* Forms may gain a retention period on reload: always daily. */
	struct timeval day = { 86400, 0 };

	r->cfg = cfg;
	r->forms = forms;
	/* One worker, at most one pass waiting behind the running one. */
	r->q = jobq_start(base, &retention_ops, r, 1, 1, 1, err, errlen);
	if (r->q == NULL)
		goto fail;
	r->timer = event_new(base, -1, EV_PERSIST, on_timer, r);
	if (r->timer == NULL || evtimer_add(r->timer, &day) < 0) {
		snprintf(err, errlen, L_("impossible de créer la minuterie "
		    "de conservation"));
		goto fail;
	}
	return r;
fail:
	retention_stop(r);
	return NULL;
}

void
retention_stop(struct retention *r)
{
	if (r == NULL)
		return;
	if (r->timer != NULL)
		event_free(r->timer);
	jobq_stop(r->q, NULL);
	free(r);
}
