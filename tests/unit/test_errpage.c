/*
 * test_errpage.c - the table of error pages: every kind has a status and
 * both languages' words, and no text is written twice where one will do.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "errpage.h"

Test(errpage, every_kind_is_complete)
{
	for (int k = 0; k < ERR_COUNT; k++) {
		const struct errpage_info *e = errpage_get((enum errpage)k);

		cr_expect(e->status >= 400 && e->status <= 599, "kind %d", k);
		cr_expect(e->title != NULL && *e->title != '\0', "kind %d", k);
		cr_expect(e->text != NULL && *e->text != '\0', "kind %d", k);
		/* Each kind is its own row: no row reused for another. */
		for (int j = 0; j < k; j++)
			cr_expect(errpage_get((enum errpage)j) != e, "%d, %d", j, k);
	}
}

Test(errpage, statuses_of_the_contract)
{
	static const struct { enum errpage kind; int status; } want[] = {
		{ ERR_NOT_FOUND, 404 }, { ERR_MEETING_UNKNOWN, 404 },
		{ ERR_MEETING_CLOSED, 410 }, { ERR_NOT_ALLOWED, 405 },
		{ ERR_FORBIDDEN, 403 }, { ERR_CSRF, 403 },
		{ ERR_UNAVAILABLE, 503 }, { ERR_URI_TOO_LONG, 414 },
		{ ERR_TIMEOUT, 408 }, { ERR_ANSWERS_NOT_FORM, 415 },
		{ ERR_TOKEN_STALE, 410 }, { ERR_EXPORT_USAGE, 400 },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		cr_expect_eq(errpage_get(want[i].kind)->status, want[i].status,
		    "kind %d", want[i].kind);
	/* The code box where a resident may have mistyped an address. */
	cr_expect(errpage_get(ERR_NOT_FOUND)->codebox);
	cr_expect(errpage_get(ERR_MEETING_UNKNOWN)->codebox);
	cr_expect(!errpage_get(ERR_STAFF_NOT_FOUND)->codebox);
}

Test(errpage, unavailable_is_written_once)
{
	int n = 0;

	for (int k = 0; k < ERR_COUNT; k++)
		n += strstr(errpage_get((enum errpage)k)->text,
		    "momentanément indisponible") != NULL;
	cr_expect_eq(n, 1);
}

Test(errpage, an_unknown_kind_is_a_503)
{
	cr_expect_eq(errpage_get(ERR_COUNT)->status, 503);
	cr_expect_eq(errpage_get((enum errpage)-1)->status, 503);
}
