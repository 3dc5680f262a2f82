/*
 * public.h - the public pages: GET / (the code box), GET /r?code=,
 * GET|POST /r/CODE (the form and its answers), GET /r/CODE/merci and
 * GET /healthz.
 */
#ifndef RECUEIL_PUBLIC_H
#define RECUEIL_PUBLIC_H

#include "route.h"

/* Their routes, registered by web.c. */
extern const struct route_table public_routes;

#endif
