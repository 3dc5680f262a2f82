/*
 * meeting.h - creating meetings: checks the fields, draws a fresh code
 * (retrying on the rare collision) and stores the meeting.  Shared by the
 * CLI, the staff pages and the daemon's demo meeting.
 */
#ifndef RECUEIL_MEETING_H
#define RECUEIL_MEETING_H

#include <stddef.h>

#include "store.h"

/*
 * Validate and add `m` (form_id, title, date, level, centre, place; the
 * code is drawn here into m->code).  Returns 0 on success, 1 when a field
 * is invalid (message in err, for the person who typed it), -1 on a
 * storage error (message in err).
 */
int meeting_create(struct store *s, struct meeting *m, char *err,
    size_t errlen);

/* The network levels offered in forms and listings (NULL-terminated). */
extern const char *const meeting_levels[];

#endif
