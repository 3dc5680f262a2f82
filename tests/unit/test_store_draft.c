/*
 * test_store_draft.c - the form editor's drafts in the database: a save
 * made from an older version is refused and changes nothing; listing,
 * deleting.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store.h"
#include "store_draft.h"
#include "testdb.h"

static int
count(const struct draft *d, void *arg)
{
	(void)d;
	(*(int *)arg)++;
	return 0;
}

Test(store_draft, a_stale_save_is_refused_and_changes_nothing)
{
	struct store *s = testdb_open();
	struct draft d;
	int64_t id;
	int n = 0;

	cr_assert_eq(store_draft_add(s, "T", "a", 1, "marie", 100, &id), 0);
	/* Marie and Paul both opened version 1; Marie saves first. */
	cr_assert_eq(store_draft_save(s, id, 1, "T", "marie", 5, "marie", 110), 0);
	cr_assert_eq(store_draft_save(s, id, 1, "T", "paul", 4, "paul", 120), 2);
	cr_assert_eq(store_draft_get(s, id, &d), 0);
	cr_assert_str_eq(d.source, "marie");
	cr_assert_eq(d.version, 2);
	cr_assert_str_eq(d.updated_by, "marie");
	cr_assert_str_eq(d.created_by, "marie");
	cr_assert_eq(d.updated_at, 110);
	store_draft_release(&d);
	cr_assert_eq(store_draft_save(s, id, 2, "T2", "paul", 4, "paul", 130), 0);
	cr_assert_eq(store_draft_each(s, count, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(store_draft_delete(s, id), 0);
	cr_assert_eq(store_draft_delete(s, id), 1);
	cr_assert_eq(store_draft_save(s, id, 3, "T", "x", 1, "paul", 140), 1);
	cr_assert_eq(store_draft_get(s, id, &d), 1);
	testdb_drop(s);
}
