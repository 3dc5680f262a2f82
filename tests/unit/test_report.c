/*
 * test_report.c - the bilan's options (report.h): the selection's options
 * are the exports' (form, meeting, from, to, period, with their checks),
 * min-count is the stats export's, anything else is refused by name.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "report.h"
#include "i18n.h"

/* The messages spelt out here are the English of po/en.po. */
static void
english(void)
{
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
	i18n_set_lang(I18N_EN);
}

TestSuite(report, .init = english);

struct option_case {
	const char *name, *value;
	int ok;
	const char *why;          /* a part of the message when refused */
};

static const struct option_case option_cases[] = {
	{ "form", "rencontre-reseau", 1, NULL },
	{ "meeting", "k7qx-3ma", 1, NULL },
	{ "meeting", "ZZZZZZZ", 0, "meeting" },
	{ "meeting", "K7QX2MA", 0, "not a meeting code" },   /* 2: not in the alphabet */
	{ "from", "2026-01-01", 1, NULL },
	{ "to", "2026-02-30", 0, "2026-02-30" },
	{ "period", "2025,2026", 1, NULL },
	{ "period", "2026-13", 0, "not a period" },
	{ "min-count", "5", 1, NULL },
	{ "min-count", "-1", 0, "--min-count" },
	{ "min-count", "x", 0, "--min-count" },
	{ "min-count", NULL, 0, "needs a value" },
	{ "format", "xlsx", 0, "unknown option '--format'" },
	{ "codes", "1", 0, "unknown option '--codes'" },
	{ "by", "meeting", 0, "unknown option" },
	{ "nope", "1", 0, "unknown option '--nope'" },
};

Test(report, options)
{
	for (size_t i = 0; i < sizeof(option_cases) / sizeof(*option_cases);
	    i++) {
		const struct option_case *c = &option_cases[i];
		struct report_options o;
		char err[512] = "";
		int rc;

		report_options_init(&o);
		rc = report_option_set(&o, c->name, c->value, err, sizeof(err));
		if (c->ok) {
			cr_expect_eq(rc, 0, "--%s %s: %s", c->name, c->value, err);
			continue;
		}
		cr_expect_eq(rc, -1, "--%s %s accepted", c->name,
		    c->value != NULL ? c->value : "(none)");
		cr_expect_not_null(strstr(err, c->why), "--%s: %s", c->name, err);
	}
}

Test(report, options_fill_the_selection)
{
	struct report_options o;
	char err[512] = "";

	report_options_init(&o);
	cr_assert_eq(report_option_set(&o, "form", "visite", err, sizeof(err)),
	    0);
	cr_assert_eq(report_option_set(&o, "period", "2025", err, sizeof(err)),
	    0);
	cr_assert_eq(report_option_set(&o, "period", "2026-S1", err,
	    sizeof(err)), 0);
	cr_assert_eq(report_option_set(&o, "min-count", "3", err, sizeof(err)),
	    0);
	cr_expect_str_eq(o.sel.form_id, "visite");
	cr_expect_eq(o.sel.n_periods, 2);
	cr_expect_str_eq(o.sel.periods[1].from, "2026-01-01");
	cr_expect_str_eq(o.sel.periods[1].to, "2026-06-30");
	cr_expect_eq(o.min_count, 3);
	cr_expect_eq(o.staff, 0);
	cr_expect(report_option_known("period"));
	cr_expect(!report_option_known("sep"));
}
