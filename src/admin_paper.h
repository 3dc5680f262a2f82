/*
 * admin_paper.h - the staff pages of paper answers (issue 16):
 *   GET  /admin/meetings/CODE/papier   the printable A4 form
 *   GET  /admin/meetings/CODE/saisie   type a paper sheet in
 *   POST /admin/meetings/CODE/saisie   store it (channel "paper")
 *   GET  /admin/meetings/CODE/tablette the kiosk link (kiosk.h)
 */
#ifndef RECUEIL_ADMIN_PAPER_H
#define RECUEIL_ADMIN_PAPER_H

#include "route.h"

extern const struct route_table admin_paper_routes;

/* Allow the paper pages' style sheet in the CSP; before http_start. */
void admin_paper_init(void);

#endif
