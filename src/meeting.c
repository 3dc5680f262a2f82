/*
 * meeting.c - the meeting model (see meeting.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "i18n.h"
#include "meeting.h"
#include "store.h"
#include "util.h"

const char *const meeting_levels[] = {
	"départemental", "régional", "Berry", "commission technique", "visite",
	"autre", NULL
};

/* ---- rules as data ----------------------------------------------------- */

/* What can be wrong with a field, and what people are told. */
enum problem { P_MISSING, P_TOO_LONG, P_BAD_TEXT, P_INVALID, P_COUNT };

struct rule {
	enum meeting_field field;
	size_t offset;               /* of the char * in struct meeting */
	int required;
	const char *msg[P_COUNT];    /* the French message ids (N_) */
};

#define AT(f) offsetof(struct meeting, f)

static const struct rule rules[] = {
	{ MEETING_TITLE, AT(title), 1, {
	    N_("Donnez un titre à la rencontre."),
	    N_("Le titre est trop long (200 caractères au plus)."),
	    N_("Le titre contient des caractères non permis."),
	    NULL } },
	{ MEETING_DATE, AT(date), 1, {
	    N_("Indiquez la date de la rencontre (AAAA-MM-JJ)."),
	    N_("Indiquez la date de la rencontre (AAAA-MM-JJ)."),
	    N_("Indiquez la date de la rencontre (AAAA-MM-JJ)."),
	    N_("Cette date n'existe pas : indiquez un jour du calendrier "
	      "(AAAA-MM-JJ).") } },
	{ MEETING_FORM, AT(form_id), 1, {
	    N_("Choisissez un questionnaire de la liste."),
	    N_("Choisissez un questionnaire de la liste."),
	    N_("Choisissez un questionnaire de la liste."),
	    N_("Ce questionnaire n'est pas chargé : choisissez un "
	      "questionnaire de la liste.") } },
	{ MEETING_LEVEL, AT(level), 0, {
	    NULL,
	    N_("Choisissez un niveau de réseau de la liste."),
	    N_("Choisissez un niveau de réseau de la liste."),
	    N_("Choisissez un niveau de réseau de la liste.") } },
	{ MEETING_CENTRE, AT(centre), 0, {
	    NULL,
	    N_("Le nom du centre est trop long (200 caractères au plus)."),
	    N_("Le nom du centre contient des caractères non permis."),
	    NULL } },
	{ MEETING_PLACE, AT(place), 0, {
	    NULL,
	    N_("Le lieu est trop long (200 caractères au plus)."),
	    N_("Le lieu contient des caractères non permis."),
	    NULL } },
};

/* The field a rule is about. */
static char **
field_of(struct meeting *m, const struct rule *r)
{
	return (char **)((char *)m + r->offset);
}

/* Whether `v` is valid UTF-8 without control characters. */
static int
text_ok(const char *v)
{
	if (!utf8_valid(v, strlen(v), NULL))
		return 0;
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

/* ---- network levels ---------------------------------------------------- */

/*
 * Fold one character for level_eq: ASCII case, and the Latin letters with
 * accents of U+00C0-U+00FF (two bytes, 0xC3 then 0x80-0xBF) to their
 * base letter, so that "regional" or "REGIONAL" is "régional".
 */
static int
fold(const char **p)
{
	static const char latin[] = "aaaaaaaceeeeiiiidnooooo*ouuuuyts"
	    "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
	const unsigned char *u = (const unsigned char *)*p;

	if (u[0] == 0xc3 && u[1] >= 0x80 && u[1] <= 0xbf) {
		*p += 2;
		return latin[u[1] - 0x80];
	}
	*p += 1;
	return u[0] >= 'A' && u[0] <= 'Z' ? u[0] + 32 : u[0];
}

/* Whether two network levels are the same, ignoring case and accents. */
static int
level_eq(const char *a, const char *b)
{
	for (;;) {
		int ca = fold(&a), cb = fold(&b);

		if (ca != cb)
			return 0;
		if (ca == '\0')
			return 1;
	}
}

/* The canonical name of a typed level, or NULL when it is none. */
static const char *
level_canonical(const char *typed)
{
	for (size_t i = 0; meeting_levels[i] != NULL; i++)
		if (level_eq(typed, meeting_levels[i]))
			return meeting_levels[i];
	return NULL;
}

/* ---- validation -------------------------------------------------------- */

/* The problem of field `v` under rule `r`, or P_COUNT when it is fine. */
static enum problem
check(const struct rule *r, const char *v, meeting_form_served served,
    void *arg)
{
	if (v == NULL || *v == '\0')
		return r->required ? P_MISSING : P_COUNT;
	if (!text_ok(v))
		return P_BAD_TEXT;
	if (utf8_length(v) > MEETING_FIELD_MAX)
		return P_TOO_LONG;
	if (r->field == MEETING_DATE && !date_valid(v))
		return P_INVALID;
	if (r->field == MEETING_FORM && served != NULL && !served(v, arg))
		return P_INVALID;
	return P_COUNT;
}

enum meeting_field
meeting_validate(struct meeting *m, meeting_form_served served, void *arg,
    int english, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct rule *r = &rules[i];
		char **v = field_of(m, r);
		enum problem p = check(r, *v, served, arg);

		if (p != P_COUNT) {
			snprintf(err, errlen, "%s", i18n_gettext_in(english ?
			    I18N_EN : i18n_lang(), r->msg[p]));
			return r->field;
		}
		if (r->field == MEETING_LEVEL && *v != NULL && **v != '\0' &&
		    level_canonical(*v) != NULL)
			*v = (char *)level_canonical(*v);
	}
	return MEETING_OK;
}

/* ---- the lists of the database ----------------------------------------- */

/*
 * The listed name of `typed` (a level or a centre, by store_*_find) into
 * *name (the caller frees it; NULL when `typed` is empty, or when it is
 * not listed and `free_text` allows that).  Returns 0, 1 when refused
 * (not listed, or retired and not `keep`), -1 on a storage error.
 */
static int
listed(struct store *s, int (*find)(struct store *, const char *, int64_t *,
    char **, int *), const char *typed, const char *keep, int free_text,
    char **name)
{
	int retired = 0, rc;

	*name = NULL;
	if (typed == NULL || *typed == '\0')
		return 0;
	rc = find(s, typed, NULL, name, &retired);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return free_text ? 0 : 1;
	if (retired && (keep == NULL || strcmp(keep, *name) != 0)) {
		free(*name);
		*name = NULL;
		return 1;
	}
	return 0;
}

int
meeting_resolve(struct store *s, struct meeting *m, const char *keep_level,
    const char *keep_centre, char **level, char **centre, char *err,
    size_t errlen)
{
	int rc;

	*level = *centre = NULL;
	rc = listed(s, store_network_find, m->level, keep_level, 0, level);
	if (rc == 1)
		snprintf(err, errlen, "%s", _("Choisissez un niveau de réseau de "
		    "la liste."));
	if (rc != 0)
		goto fail;
	rc = listed(s, store_centre_find, m->centre, keep_centre, 1, centre);
	if (rc == 1)
		snprintf(err, errlen, "%s", _("Ce centre a été retiré de la liste "
		    "des centres : choisissez-en un autre."));
	if (rc != 0)
		goto fail;
	if (*level != NULL)
		m->level = *level;
	if (*centre != NULL)
		m->centre = *centre;
	return 0;
fail:
	if (rc < 0)
		snprintf(err, errlen, "%s", store_error(s));
	free(*level);
	*level = NULL;
	return rc;
}

/* ---- creation ---------------------------------------------------------- */

int
meeting_create(struct store *s, struct meeting *m, char *err, size_t errlen)
{
	/* On a copy: the level may be canonicalised, m's strings are kept. */
	struct meeting c = *m;
	char *level = NULL, *centre = NULL;
	int rc = -1;

	if (meeting_validate(&c, NULL, NULL, 0, err, errlen) != MEETING_OK)
		return 1;
	if ((rc = meeting_resolve(s, &c, NULL, NULL, &level, &centre, err,
	    errlen)) != 0)
		return rc;
	rc = -1;
	/* A collision is rare (2^32 codes); a few draws always suffice. */
	for (int attempt = 0; attempt < 16; attempt++) {
		code_new(c.code);
		rc = store_meeting_add(s, &c);
		if (rc <= 0)
			break;
	}
	if (rc == 0 && store_meeting_link_centre(s, c.id) < 0)
		rc = -1;
	if (rc == 0) {
		memcpy(m->code, c.code, sizeof(m->code));
		m->id = c.id;
	} else {
		snprintf(err, errlen, "%s", rc < 0 ? store_error(s) :
		    _("impossible de tirer un code de rencontre libre"));
		rc = -1;
	}
	free(level);
	free(centre);
	return rc;
}

/* ---- the meeting as it goes ------------------------------------------- */

int
meeting_next_month(const char *date, char out[11])
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, mo, d, last;

	if (date == NULL || !date_valid(date) ||
	    sscanf(date, "%4d-%2d-%2d", &y, &mo, &d) != 3)
		return -1;
	if (++mo > 12) {
		mo = 1;
		y++;
	}
	if (y < 1 || y > 9999 || d < 1 || d > 31)
		return -1;
	last = days[mo - 1];
	if (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		last = 29;
	if (d > last)
		d = last;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)mo % 13u, (unsigned)d % 32u);
	return 0;
}

/* A demonstration's answers are trials: they go with it. */
int
meeting_deletable(const struct meeting *m, int64_t n_responses)
{
	return n_responses == 0 || m->demo;
}

/* Run `fn` on the meeting of `code` inside one write transaction. */
static int
in_transaction(struct store *s, const char *code,
    int (*fn)(struct store *, struct meeting *, void *, char *, size_t),
    void *arg, char *err, size_t errlen)
{
	struct meeting cur = { 0 };
	int rc, got;

	if (store_begin(s) < 0)
		goto fail;
	got = store_meeting_get(s, code, &cur);
	if (got < 0)
		goto fail;
	if (got > 0) {
		(void)store_rollback(s);
		snprintf(err, errlen, "%s", _("Cette rencontre n'existe plus."));
		return 2;
	}
	if (store_response_count(s, cur.id, &cur.n_responses) < 0)
		goto fail;
	rc = fn(s, &cur, arg, err, errlen);
	if (rc != 0) {
		(void)store_rollback(s);
		store_meeting_release(&cur);
		return rc;
	}
	store_meeting_release(&cur);
	if (store_commit(s) < 0)
		goto fail;
	return 0;
fail:
	snprintf(err, errlen, "%s", store_error(s));
	(void)store_rollback(s);
	store_meeting_release(&cur);
	return -1;
}

static int
update_one(struct store *s, struct meeting *cur, void *arg, char *err,
    size_t errlen)
{
	struct meeting m = *(struct meeting *)arg;
	char *level = NULL, *centre = NULL;
	int rc;

	/* Answers were given against the form: it stays theirs. */
	if (cur->n_responses > 0 && strcmp(cur->form_id, m.form_id) != 0) {
		snprintf(err, errlen, "%s", _("Le questionnaire ne peut plus "
		    "être changé : la rencontre a déjà reçu des réponses."));
		return 1;
	}
	/* Its own level and centre stay allowed, even retired since. */
	if ((rc = meeting_resolve(s, &m, cur->level, cur->centre, &level,
	    &centre, err, errlen)) != 0)
		return rc;
	if ((rc = store_meeting_update(s, &m)) == 0 &&
	    store_meeting_link_centre(s, cur->id) < 0)
		rc = -1;
	if (rc != 0)
		snprintf(err, errlen, "%s", rc < 0 ? store_error(s) :
		    _("Cette rencontre n'existe plus."));
	free(level);
	free(centre);
	return rc < 0 ? -1 : rc > 0 ? 2 : 0;
}

int
meeting_update(struct store *s, struct meeting *m, char *err, size_t errlen)
{
	struct meeting c = *m;

	if (meeting_validate(&c, NULL, NULL, 0, err, errlen) != MEETING_OK)
		return 1;
	return in_transaction(s, m->code, update_one, &c, err, errlen);
}

static int
delete_one(struct store *s, struct meeting *cur, void *arg, char *err,
    size_t errlen)
{
	int rc;

	(void)arg;
	if (!meeting_deletable(cur, cur->n_responses)) {
		snprintf(err, errlen, "%s", _("Cette rencontre a reçu des "
		    "réponses : elle ne peut pas être supprimée. Vous pouvez la "
		    "clore."));
		return 1;
	}
	if ((rc = store_meeting_delete(s, cur->code)) != 0) {
		snprintf(err, errlen, "%s", rc < 0 ? store_error(s) :
		    _("Cette rencontre n'existe plus."));
		return rc < 0 ? -1 : 2;
	}
	return 0;
}

int
meeting_delete(struct store *s, const char *code, char *err, size_t errlen)
{
	return in_transaction(s, code, delete_one, NULL, err, errlen);
}

