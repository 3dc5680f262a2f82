/*
 * multipart.h - a small strict parser for multipart/form-data request
 * bodies (RFC 7578), for the staff form upload.
 *
 * Parts point into the body buffer, which must outlive the result.  Only
 * Content-Disposition (name, filename) is read; other part headers are
 * skipped.  Anything malformed is refused as a whole.
 */
#ifndef RECUEIL_MULTIPART_H
#define RECUEIL_MULTIPART_H

#include <stddef.h>

struct multipart_part {
	char *name;            /* owned, NUL-terminated */
	char *filename;        /* owned, NULL when the part is not a file */
	const char *data;      /* borrowed from the body */
	size_t len;
};

struct multipart {
	struct multipart_part *parts;
	size_t n;
};

/*
 * Parse body[0..len) sent with `content_type` (which carries the
 * boundary).  At most max_parts parts.  Returns 0, or -1 when malformed
 * (release `mp` in both cases).
 */
int multipart_parse(struct multipart *mp, const char *content_type,
    const char *body, size_t len, size_t max_parts);

/* Free what multipart_parse allocated. */
void multipart_release(struct multipart *mp);

/* The first part named `name`, borrowed; NULL when absent. */
const struct multipart_part *multipart_get(const struct multipart *mp,
    const char *name);

#endif
