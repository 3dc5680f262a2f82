/*
 * meeting.c - creating meetings (see meeting.h).
 */
#include <stdio.h>
#include <string.h>

#include "code.h"
#include "meeting.h"
#include "util.h"

const char *const meeting_levels[] = {
	"départemental", "régional", "Berry", "commission technique", "visite",
	"autre", NULL
};

#define MAX_FIELD 200

static int
field_ok(const char *name, const char *v, int required, char *err,
    size_t errlen)
{
	if (v == NULL || *v == '\0') {
		if (!required)
			return 1;
		snprintf(err, errlen, "%s is required", name);
		return 0;
	}
	if (strlen(v) > MAX_FIELD) {
		snprintf(err, errlen, "%s is too long (at most %d bytes)", name,
		    MAX_FIELD);
		return 0;
	}
	if (!utf8_valid(v, strlen(v), NULL)) {
		snprintf(err, errlen, "%s is not valid UTF-8", name);
		return 0;
	}
	for (const char *p = v; *p; p++) {
		if ((unsigned char)*p < 0x20) {
			snprintf(err, errlen, "%s contains a control character",
			    name);
			return 0;
		}
	}
	return 1;
}

int
meeting_create(struct store *s, struct meeting *m, char *err, size_t errlen)
{
	if (!field_ok("form", m->form_id, 1, err, errlen) ||
	    !field_ok("title", m->title, 1, err, errlen) ||
	    !field_ok("date", m->date, 1, err, errlen) ||
	    !field_ok("level", m->level, 0, err, errlen) ||
	    !field_ok("centre", m->centre, 0, err, errlen) ||
	    !field_ok("place", m->place, 0, err, errlen))
		return 1;
	if (!date_valid(m->date)) {
		snprintf(err, errlen, "date '%s' is not a valid YYYY-MM-DD date",
		    m->date);
		return 1;
	}
	/* A collision is rare (2^32 codes); a few draws always suffice. */
	for (int attempt = 0; attempt < 16; attempt++) {
		int rc;

		code_new(m->code);
		rc = store_meeting_add(s, m);
		if (rc == 0)
			return 0;
		if (rc < 0) {
			snprintf(err, errlen, "%s", store_error(s));
			return -1;
		}
	}
	snprintf(err, errlen, "cannot draw a free meeting code");
	return -1;
}
