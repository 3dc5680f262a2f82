/*
 * admin_int.h - what the files of the staff pages (admin.c,
 * admin_export.c) share.  Nothing else includes this.
 */
#ifndef RECUEIL_ADMIN_INT_H
#define RECUEIL_ADMIN_INT_H

#include <stddef.h>

#include "store.h"

struct server;
struct form;

/*
 * Every meeting, newest first: *v (free with admin_meetings_free) and *n.
 * Returns 0, or -1 on a database error.
 */
int admin_meetings(struct server *srv, struct meeting **v, size_t *n);
void admin_meetings_free(struct meeting *v, size_t n);

/*
 * Run `job` on the staff pages' worker pool (pool.h), where writes go.
 * Returns 0, or -1 when it cannot run (the caller replies 503 and frees
 * the job).
 */
struct pool_job;
int admin_pool_submit(struct server *srv, struct pool_job *job);

/* The current forms (borrowed), in a new array the caller frees. */
const struct form **admin_forms(struct server *srv, size_t *n);

#endif
