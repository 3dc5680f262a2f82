/*
 * meeting.h - the meeting model: what a meeting is, every rule its fields
 * follow, and its creation.  The staff pages, `recueil meeting create` and
 * the daemon's demo meeting all go through meeting_validate(), so a
 * meeting is accepted or refused the same way wherever it is typed.
 */
#ifndef RECUEIL_MEETING_H
#define RECUEIL_MEETING_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* A meeting (rencontre): a form, a title, a date, a network level... */
struct meeting {
	int64_t id;
	char code[16];
	char *form_id;
	char *title;
	char *date;     /* YYYY-MM-DD */
	char *level;    /* network level, may be "" */
	char *centre;   /* host centre, may be "" */
	char *place;    /* may be "" */
	int closed;
	int64_t created_at;
	int64_t n_responses; /* filled by store_meeting_each; -1 from _get */
	int demo;       /* a demonstration: never in statistics or exports */
};

/*
 * The network levels a new database starts with (NULL-terminated); the
 * coordinators then keep the list on the staff pages (store_centre.c).
 */
extern const char *const meeting_levels[];

/* Longest title, centre or place, in characters. */
#define MEETING_FIELD_MAX 200

/* Which field a validation refused (MEETING_OK when none). */
enum meeting_field {
	MEETING_OK = 0,
	MEETING_TITLE,
	MEETING_DATE,
	MEETING_FORM,
	MEETING_LEVEL,
	MEETING_CENTRE,
	MEETING_PLACE
};

/*
 * Whether form `id` is loaded and served (the daemon's registry, the
 * CLI's forms directory).  Returns 1 or 0.
 */
typedef int (*meeting_form_served)(const char *id, void *arg);

/*
 * Check every field of `m` (form_id, title, date, level, centre, place;
 * NULL counts as empty): form, title and date are required; each field is
 * valid UTF-8 without control characters and at most MEETING_FIELD_MAX
 * characters; the date is a day of the calendar (YYYY-MM-DD, 2026-02-31
 * is refused); the level, when it is one of meeting_levels[] ignoring
 * case and accents ("berry", "DEPARTEMENTAL"), is set to the canonical
 * (static) name (whether a level is listed is the database's to say:
 * meeting_resolve, called by meeting_create); the form is served, asked to `served`
 * (skipped when NULL).  Returns MEETING_OK, or the first field refused
 * with a message for the person who typed it in err: French (a message id
 * of i18n.h), English when `english` is set.
 */
enum meeting_field meeting_validate(struct meeting *m,
    meeting_form_served served, void *arg, int english, char *err,
    size_t errlen);

/*
 * Check m's level and host centre against the database's lists (the
 * lists the coordinators keep, store_centre.c), ignoring case, accents
 * and punctuation: the level must be a listed one, the centre a listed
 * one or free text that names none (from `recueil meeting create`, kept
 * as typed); neither may be retired, unless it is `keep_level` or
 * `keep_centre` (the meeting's own, when it is edited; may be NULL).  On
 * success m->level and m->centre point to the listed names, new strings
 * in *level and *centre that the caller frees after using m (NULL when
 * unchanged).  Returns 0, 1 when refused (message for the person who
 * typed it in err), -1 on a storage error (message in err).
 */
int meeting_resolve(struct store *s, struct meeting *m, const char *keep_level,
    const char *keep_centre, char **level, char **centre, char *err,
    size_t errlen);

/*
 * Add `m`, which passed meeting_validate(): its rules are checked again
 * here (without the form) so that nothing unchecked is stored; the code is
 * drawn here into m->code; the level and the centre are checked against
 * the database's lists and take their listed names (meeting_resolve).
 * Returns 0 on success, 1 when a field is invalid (message in err, for
 * the person who typed it), -1 on a storage error (message in err).
 */
int meeting_create(struct store *s, struct meeting *m, char *err,
    size_t errlen);

/*
 * The same day of the next month of `date` (YYYY-MM-DD) into out, the
 * last day of that month when it is shorter ("2026-01-31" gives
 * "2026-02-28"): the date a duplicated meeting ("the same meeting next
 * month") is offered.  Returns 0, or -1 when `date` is not a valid date.
 */
int meeting_next_month(const char *date, char out[11]);

/*
 * Change the meeting of code m->code to the fields of `m` (form, title,
 * date, level, centre, place), which passed meeting_validate(): checked
 * again here, then, in one write transaction, the form may change only
 * while the meeting has no response (answers keep the form they were
 * given against).  Returns 0, 1 when a rule refuses (message in err, for
 * the person who typed it), 2 when the meeting no longer exists, -1 on a
 * storage error (message in err).
 */
int meeting_update(struct store *s, struct meeting *m, char *err,
    size_t errlen);

/*
 * Whether a meeting with `n_responses` answers may be deleted: one
 * without answers, or a demonstration (its answers are trials).
 */
int meeting_deletable(const struct meeting *m, int64_t n_responses);

/*
 * Delete the meeting of `code` when meeting_deletable() allows it, with
 * its responses, in one write transaction.  Returns 0, 1 when the rule
 * refuses (message in err), 2 when no such meeting, -1 on a storage error.
 */
int meeting_delete(struct store *s, const char *code, char *err,
    size_t errlen);

#endif
