/*
 * test_meeting.c - the meeting model's rules (meeting_validate): the
 * same for the staff pages, the CLI and the demo meeting.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "i18n.h"
#include "meeting.h"

static int
served(const char *id, void *arg)
{
	(void)arg;
	return strcmp(id, "rencontre-reseau") == 0;
}

struct want {
	const char *form, *title, *date, *level, *centre, *place;
	enum meeting_field field;       /* MEETING_OK or the refused one */
	const char *canonical;          /* the level afterwards, when OK */
	const char *fr;                 /* part of the French message */
};

#define FORM "rencontre-reseau"
#define DAY "2026-11-20"

static const struct want cases[] = {
	{ FORM, "Réseau", DAY, NULL, NULL, NULL, MEETING_OK, NULL, NULL },
	{ FORM, "Réseau", DAY, "", "", "", MEETING_OK, "", NULL },
	/* Levels: case and accents folded to the canonical name. */
	{ FORM, "T", DAY, "départemental", NULL, NULL, MEETING_OK,
	    "départemental", NULL },
	{ FORM, "T", DAY, "DEPARTEMENTAL", NULL, NULL, MEETING_OK,
	    "départemental", NULL },
	{ FORM, "T", DAY, "Régional", NULL, NULL, MEETING_OK, "régional", NULL },
	{ FORM, "T", DAY, "RÉGIONAL", NULL, NULL, MEETING_OK, "régional", NULL },
	{ FORM, "T", DAY, "berry", NULL, NULL, MEETING_OK, "Berry", NULL },
	{ FORM, "T", DAY, "Commission Technique", NULL, NULL, MEETING_OK,
	    "commission technique", NULL },
	/*
	 * Any other level passes the model's rules as text: since issue 19
	 * the levels are a list the coordinators keep in the database, which
	 * meeting_create checks (tests/unit/test_store_centre.c).
	 */
	{ FORM, "T", DAY, "national", NULL, NULL, MEETING_OK, "national",
	    NULL },
	{ FORM, "T", DAY, "berr", NULL, NULL, MEETING_OK, "berr", NULL },
	/* Required fields, in the order the page shows them. */
	{ FORM, NULL, DAY, NULL, NULL, NULL, MEETING_TITLE, NULL, "titre" },
	{ FORM, "", DAY, NULL, NULL, NULL, MEETING_TITLE, NULL, "titre" },
	{ FORM, "T", NULL, NULL, NULL, NULL, MEETING_DATE, NULL, "AAAA-MM-JJ" },
	{ NULL, "T", DAY, NULL, NULL, NULL, MEETING_FORM, NULL,
	    "questionnaire" },
	{ NULL, NULL, NULL, NULL, NULL, NULL, MEETING_TITLE, NULL, "titre" },
	/* Dates that really exist. */
	{ FORM, "T", "2026-02-31", NULL, NULL, NULL, MEETING_DATE, NULL,
	    "n'existe pas" },
	{ FORM, "T", "2025-02-29", NULL, NULL, NULL, MEETING_DATE, NULL,
	    "n'existe pas" },
	{ FORM, "T", "2024-02-29", NULL, NULL, NULL, MEETING_OK, NULL, NULL },
	{ FORM, "T", "20-11-2026", NULL, NULL, NULL, MEETING_DATE, NULL,
	    "AAAA-MM-JJ" },
	{ FORM, "T", "2026-13-01", NULL, NULL, NULL, MEETING_DATE, NULL, NULL },
	/* The form must be served. */
	{ "inconnu", "T", DAY, NULL, NULL, NULL, MEETING_FORM, NULL,
	    "pas chargé" },
	/* Text: UTF-8, no control characters, 200 characters at most. */
	{ FORM, "a\tb", DAY, NULL, NULL, NULL, MEETING_TITLE, NULL,
	    "non permis" },
	{ FORM, "\xff", DAY, NULL, NULL, NULL, MEETING_TITLE, NULL,
	    "non permis" },
	{ FORM, "T", DAY, NULL, "Centre\n", NULL, MEETING_CENTRE, NULL,
	    "centre" },
	{ FORM, "T", DAY, NULL, NULL, "\xc3", MEETING_PLACE, NULL, "lieu" },
};

Test(meeting, validate_applies_every_rule)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct want *w = &cases[i];
		struct meeting m = { 0 };
		char err[256] = "";
		enum meeting_field f;

		m.form_id = (char *)w->form;
		m.title = (char *)w->title;
		m.date = (char *)w->date;
		m.level = (char *)w->level;
		m.centre = (char *)w->centre;
		m.place = (char *)w->place;
		f = meeting_validate(&m, served, NULL, 0, err, sizeof(err));
		cr_expect_eq(f, w->field, "case %zu: field %d, not %d (%s)", i, f,
		    w->field, err);
		if (f == MEETING_OK && w->canonical != NULL)
			cr_expect_str_eq(m.level, w->canonical, "case %zu", i);
		if (f != MEETING_OK)
			cr_expect_neq(err[0], '\0', "case %zu", i);
		if (w->fr != NULL)
			cr_expect_not_null(strstr(err, w->fr), "case %zu: %s", i,
			    err);
	}
}

Test(meeting, lengths_count_characters_not_bytes)
{
	char title[2 * MEETING_FIELD_MAX + 3], err[256];
	struct meeting m = { 0 };

	/* 200 'é' (400 bytes) is a valid title; 201 is not. */
	for (size_t i = 0; i < MEETING_FIELD_MAX; i++)
		memcpy(title + 2 * i, "\xc3\xa9", 2);
	title[2 * MEETING_FIELD_MAX] = '\0';
	m.form_id = (char *)FORM;
	m.title = title;
	m.date = (char *)DAY;
	cr_assert_eq(meeting_validate(&m, served, NULL, 0, err, sizeof(err)),
	    MEETING_OK, "%s", err);
	memcpy(title + 2 * MEETING_FIELD_MAX, "\xc3\xa9", 3);
	cr_assert_eq(meeting_validate(&m, served, NULL, 0, err, sizeof(err)),
	    MEETING_TITLE);
	cr_assert_not_null(strstr(err, "200"));
}

/* English from po/en.po, as the daemon reads it. */
static void
catalogues(void)
{
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
}

Test(meeting, messages_follow_the_page_language, .init = catalogues)
{
	struct meeting m = { 0 };
	char err[256];

	m.form_id = (char *)FORM;
	m.date = (char *)DAY;
	cr_assert_eq(meeting_validate(&m, served, NULL, 1, err, sizeof(err)),
	    MEETING_TITLE);
	cr_assert_str_eq(err, "Give the meeting a title.");
	cr_assert_eq(meeting_validate(&m, served, NULL, 0, err, sizeof(err)),
	    MEETING_TITLE);
	cr_assert_str_eq(err, "Donnez un titre à la rencontre.");
}

Test(meeting, without_a_form_check_any_form_id_passes)
{
	struct meeting m = { 0 };
	char err[256];

	m.form_id = (char *)"autre-questionnaire";
	m.title = (char *)"T";
	m.date = (char *)DAY;
	cr_assert_eq(meeting_validate(&m, NULL, NULL, 0, err, sizeof(err)),
	    MEETING_OK, "%s", err);
}

Test(meeting, every_level_is_its_own_canonical_name)
{
	for (size_t i = 0; meeting_levels[i] != NULL; i++) {
		struct meeting m = { 0 };
		char err[256];

		m.form_id = (char *)FORM;
		m.title = (char *)"T";
		m.date = (char *)DAY;
		m.level = (char *)meeting_levels[i];
		cr_expect_eq(meeting_validate(&m, served, NULL, 0, err,
		    sizeof(err)), MEETING_OK, "%s: %s", meeting_levels[i], err);
		cr_expect_eq(m.level, meeting_levels[i]);
	}
}

/* "The same meeting next month": the same day, or the month's last. */
Test(meeting, next_month)
{
	static const char *const months[][2] = {
		{ "2026-11-20", "2026-12-20" }, { "2026-12-15", "2027-01-15" },
		{ "2026-01-31", "2026-02-28" }, { "2028-01-30", "2028-02-29" },
		{ "2026-03-31", "2026-04-30" }, { "2026-02-30", NULL },
		{ "20261120", NULL }, { "", NULL },
	};

	for (size_t i = 0; i < sizeof(months) / sizeof(months[0]); i++) {
		char out[11];
		int rc = meeting_next_month(months[i][0], out);

		if (months[i][1] == NULL) {
			cr_expect_eq(rc, -1, "%s", months[i][0]);
		} else {
			cr_expect_eq(rc, 0, "%s", months[i][0]);
			cr_expect_str_eq(out, months[i][1]);
		}
	}
}

/* Only a meeting without answers may be deleted, or a demonstration. */
Test(meeting, deletable)
{
	struct meeting m = { 0 };

	cr_expect(meeting_deletable(&m, 0));
	cr_expect(!meeting_deletable(&m, 1));
	m.demo = 1;
	cr_expect(meeting_deletable(&m, 12));
}
