/*
 * admin.h - the staff pages under /admin/ (accounts, meetings, results,
 * exports, forms): their route tables, registered by web.c, and their
 * start and stop.
 */
#ifndef RECUEIL_ADMIN_H
#define RECUEIL_ADMIN_H

#include <stddef.h>

#include "route.h"

struct server;

/* Login, logout and forms (admin.c). */
extern const struct route_table admin_routes;

/* The meetings: list, new, page, QR code, close... (admin_meeting.c). */
extern const struct route_table admin_meeting_routes;

/* The exports page and its downloads (admin_export.c). */
extern const struct route_table admin_export_routes;

/* The bilan and a meeting's paroles (admin_report.c). */
extern const struct route_table admin_report_routes;

/* Allow the bilan's style sheet in the CSP (before the server starts).
 * Returns 0. */
int admin_report_init(struct server *srv, char *err, size_t errlen);

/*
 * Set up what the staff pages need before http_start: their style sheets
 * in the CSP, the worker pool for logins and writes.  Returns 0, or -1
 * with a message in err.
 */
int admin_init(struct server *srv, char *err, size_t errlen);

/*
 * Finish the staff pages' pending work (logins, writes) and stop their
 * threads.  Call on the loop thread before freeing the loop.
 */
void admin_stop(void);

#endif
