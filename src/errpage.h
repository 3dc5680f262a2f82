/*
 * errpage.h - every error a person can meet on our pages, as data.
 *
 * One row per kind: the HTTP status, a title and a text in French (the
 * message ids of i18n.h, English in po/en.po), and whether the page offers the
 * box to type a meeting code.  http_fail() (http.h) renders a row as a
 * human page; no handler writes an error message of its own.  The table
 * is pure data: no libevent, no database, so a unit test can read it.
 */
#ifndef RECUEIL_ERRPAGE_H
#define RECUEIL_ERRPAGE_H

enum errpage {
	/* Any page. */
	ERR_UNAVAILABLE,          /* 503: a database or thread failure */
	ERR_STOPPING,             /* 503: SIGTERM received */
	ERR_URI_TOO_LONG,         /* 414 */
	ERR_TIMEOUT,              /* 408: written raw by connlimit.c */
	ERR_NOT_ALLOWED,          /* 405 */
	/* Public pages. */
	ERR_NOT_FOUND,            /* 404, with the code box */
	ERR_MEETING_UNKNOWN,      /* 404, with the code box */
	ERR_MEETING_CLOSED,       /* 410 */
	ERR_FORM_UNAVAILABLE,     /* 503: the meeting's form is not loaded */
	ERR_ANSWERS_NOT_FORM,     /* 415 */
	ERR_ANSWERS_TOO_LARGE,    /* 413: the whole body */
	ERR_ANSWER_TOO_LONG,      /* 413: one answer */
	ERR_ANSWERS_MALFORMED,    /* 400 */
	ERR_TOKEN_STALE,          /* 410: the form instance expired */
	ERR_TOKEN_BAD,            /* 400: the form instance is not ours */
	ERR_NOT_STORED,           /* 503: the writer failed */
	/* Staff pages. */
	ERR_STAFF_NOT_FOUND,      /* 404 */
	ERR_FORBIDDEN,            /* 403: the role does not allow the page */
	ERR_CSRF,                 /* 403: the form's CSRF token is wrong */
	ERR_POST_NOT_FORM,        /* 415 */
	ERR_POST_TOO_LARGE,       /* 413 */
	ERR_POST_MALFORMED,       /* 400 */
	ERR_UPLOAD_TOO_LARGE,     /* 413 */
	ERR_UPLOAD_MALFORMED,     /* 400 */
	ERR_STAFF_MEETING_UNKNOWN, /* 404 */
	ERR_QR_TOO_LONG,          /* 500 */
	ERR_EXPORT_UNKNOWN,       /* 404 */
	ERR_EXPORT_BUSY,          /* 503 */
	ERR_EXPORT_USAGE,         /* 400, followed by the export's message */
	ERR_EXPORT_FAILED,        /* 500 */
	ERR_COUNT
};

struct errpage_info {
	int status;
	const char *title, *text;           /* French message ids: _(title) */
	int codebox;                        /* offer the code box */
};

/* The row of `kind` (borrowed, static); ERR_UNAVAILABLE's when unknown. */
const struct errpage_info *errpage_get(enum errpage kind);

#endif
