/*
 * admin_editor.h - the form editor's staff pages under /admin/drafts
 * (see admin_editor.c for the paths).
 */
#ifndef RECUEIL_ADMIN_EDITOR_H
#define RECUEIL_ADMIN_EDITOR_H

#include "route.h"

extern const struct route_table admin_editor_routes;

#endif
