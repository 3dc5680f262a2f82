/*
 * admin_int.h - what the files of the staff pages (admin.c,
 * admin_meeting.c, admin_export.c) share.  Nothing else includes this.
 */
#ifndef RECUEIL_ADMIN_INT_H
#define RECUEIL_ADMIN_INT_H

#include <stddef.h>

#include "store.h"

struct server;
struct form;
struct diag;
struct page;
struct pool_job;

/*
 * Every meeting, newest first: *v (free with admin_meetings_free) and *n.
 * Returns 0, or -1 on a database error.
 */
int admin_meetings(struct server *srv, struct meeting **v, size_t *n);
void admin_meetings_free(struct meeting *v, size_t n);

/* The current forms (borrowed), in a new array the caller frees. */
const struct form **admin_forms(struct server *srv, size_t *n);

/*
 * Submit a job to the staff pages' worker pool (started on first use).
 * Returns 0, or -1 when the job cannot run (the caller replies 503 and
 * frees the job).
 */
int admin_pool_run(struct server *srv, struct pool_job *job);

/*
 * Reply with the forms page: the served forms, the problems of an upload
 * (`upload`, may be NULL), a `notice` (may be NULL) and the pasted `text`
 * kept in its box (may be NULL).
 */
void admin_forms_page(struct page *p, int status, const struct diag *upload,
    const char *notice, const char *text);

#endif
