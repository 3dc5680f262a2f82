/*
 * admin.c - the staff pages (see admin.h).
 */
#include "admin.h"
#include "http.h"

void
admin_handle(struct server *srv, struct evhttp_request *req, const char *path)
{
	(void)srv;
	(void)path;
	http_error(req, 404, "Page introuvable",
	    "Les pages de l'équipe ne sont pas encore disponibles.", 0);
}
