/*
 * i18n.h - user-facing strings through GNU gettext.
 *
 * Every string a person reads (pages, CLI messages, errors, export headers)
 * is written _("...") where it is used, or N_("...") where it sits in a
 * table and is translated when read.  The message ids are the French text:
 * French is the default language, and a missing or unreadable catalogue
 * still leaves people with French, never with an id.  The catalogues live
 * in po/ (fr.po, en.po); xgettext finds the strings by these two keywords.
 */
#ifndef RECUEIL_I18N_H
#define RECUEIL_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

#endif
