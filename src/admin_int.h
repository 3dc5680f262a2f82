/*
 * admin_int.h - internals shared by the files of the staff pages
 * (admin.c, admin_export.c).  Nothing else includes this.
 */
#ifndef RECUEIL_ADMIN_INT_H
#define RECUEIL_ADMIN_INT_H

#include <stddef.h>

#include "auth.h"
#include "html_admin.h"
#include "store.h"

struct server;
struct evhttp_request;
struct form;

/* The signed-in person of a request. */
struct admin_who {
	unsigned char id[AUTH_ID_LEN];          /* session id (token hash) */
	struct session session;
	enum auth_role role;
	char csrf[AUTH_TOKEN_TEXT_LEN + 1];     /* CSRF token, text form */
	struct html_admin_ctx ctx;              /* points into this struct */
};

/*
 * Every meeting, newest first: *v (free with admin_meetings_free) and *n.
 * Returns 0, or -1 on a database error.
 */
int admin_meetings(struct server *srv, struct meeting **v, size_t *n);
void admin_meetings_free(struct meeting *v, size_t n);

/* The current forms (borrowed), in a new array the caller frees. */
const struct form **admin_forms(struct server *srv, size_t *n);

/* GET /admin/export: the page, with `error` (may be NULL). */
void admin_export_page(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who, int status, const char *error);

/* GET /admin/export/KIND.csv?...: the streamed download. */
void admin_export_download(struct server *srv, struct evhttp_request *req,
    const struct admin_who *who, const char *name);

#endif
