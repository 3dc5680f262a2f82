/*
 * admin_editor.h - the form editor's staff pages under /admin/drafts
 * (see admin_editor.c for the paths).
 */
#ifndef RECUEIL_ADMIN_EDITOR_H
#define RECUEIL_ADMIN_EDITOR_H

#include "route.h"

struct evbuffer;
struct page;

extern const struct route_table admin_editor_routes;

/*
 * The drafts, with who changed each last and when, and the form to start
 * one, as a section of the forms page (a new buffer the caller frees), or
 * NULL when they cannot be read (the page goes on without them).
 */
struct evbuffer *admin_editor_drafts(struct page *p);

#endif
