/*
 * public_media.h - the pictures of the forms (XLSForm media::image on
 * questions and choices), served to the public pages.
 *
 * GET /media/NAME serves the file NAME of the forms directory when NAME
 * is an image name the loader accepts (form_image_name: letters, digits,
 * '-', '_', '.', an image extension; so never a path) and a served form
 * uses it, at most FORM_IMAGE_MAX bytes, with its own content type and
 * Cache-Control: public, max-age=86400.  Anything else is a 404.
 */
#ifndef RECUEIL_PUBLIC_MEDIA_H
#define RECUEIL_PUBLIC_MEDIA_H

#include "route.h"

extern const struct route_table public_media_routes;

#endif
