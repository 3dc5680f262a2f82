/*
 * test_html_people.c - rendering of the centres, accounts and journal
 * pages and of the meeting form's lists (issue 19): every name escaped,
 * a retired name a meeting keeps still offered, actions in words.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "html_admin.h"
#include "html_people.h"
#include "store.h"

static char *
text_of(struct evbuffer *b)
{
	size_t n = evbuffer_get_length(b);
	char *s = malloc(n + 1);

	cr_assert_not_null(s);
	evbuffer_remove(b, s, n);
	s[n] = '\0';
	evbuffer_free(b);
	return s;
}

Test(html_people, select_offers_the_list_and_keeps_a_retired_current)
{
	const char *v[] = { "Vierzon", "Le Blanc" };
	struct evbuffer *b = evbuffer_new();
	char *s;

	html_people_select(b, "centre", "Centre", v, 2, "Ancien <centre>", "—");
	s = text_of(b);
	cr_expect_not_null(strstr(s, "<select id=\"centre\" name=\"centre\">"));
	cr_expect_not_null(strstr(s, "<option value=\"Vierzon\">Vierzon"));
	cr_expect_not_null(strstr(s, "<option value=\"Ancien &lt;centre&gt;\" "
	    "selected>Ancien &lt;centre&gt;</option>"));
	cr_expect_null(strstr(s, "<centre>"));
	free(s);
	b = evbuffer_new();
	html_people_select(b, "level", "Niveau", v, 2, "Le Blanc", "—");
	s = text_of(b);
	cr_expect_not_null(strstr(s, "<option value=\"Le Blanc\" selected>"));
	/* In the list once: not added again as a kept name. */
	cr_expect_null(strstr(strstr(s, "Le Blanc</option>") + 1,
	    "Le Blanc</option>"));
	free(s);
}

Test(html_people, journal_names_actions_in_words_and_escapes)
{
	struct html_admin_ctx ctx = { .user = "alice", .coordinator = 1, .csrf = "tok" };
	struct html_people_entry e[] = {
		{ .at = 1764600000, .who = (char *)"<bob>",
		  .action = (char *)JOURNAL_EXPORT,
		  .what = (char *)"stats.csv?from=<x>" },
		{ .at = 1764600000, .who = (char *)"alice",
		  .action = (char *)"mystery", .what = (char *)"" },
	};
	struct evbuffer *b = evbuffer_new();
	char *s;

	html_people_journal(b, &ctx, e, 2, 2, 3, 120);
	s = text_of(b);
	cr_expect_not_null(strstr(s, "&lt;bob&gt;</strong> a téléchargé "
	    "l&#39;export stats.csv?from=&lt;x&gt;"));
	cr_expect_not_null(strstr(s, "alice</strong> mystery"));
	cr_expect_not_null(strstr(s, "Page 2 sur 3"));
	cr_expect_not_null(strstr(s, "page=1\" rel=\"prev\""));
	cr_expect_not_null(strstr(s, "page=3\" rel=\"next\""));
	free(s);
	cr_expect_str_eq(html_people_action(JOURNAL_MEETING_CREATE),
	    "a créé la rencontre");
}

Test(html_people, accounts_page_offers_no_action_on_ones_own_account)
{
	struct html_admin_ctx ctx = { .user = "alice", .coordinator = 1, .csrf = "tok" };
	struct user u[] = {
		{ .id = 1, .name = (char *)"alice", .role = (char *)"coordinator" },
		{ .id = 2, .name = (char *)"bob", .role = (char *)"professional",
		  .disabled = 1 },
	};
	struct evbuffer *b = evbuffer_new();
	struct html_people_msg m = { .who = "bob", .secret = "abcd-efgh-jkmn" };
	char *s;

	html_people_accounts(b, &ctx, u, 2, &m);
	s = text_of(b);
	cr_expect_not_null(strstr(s, "<code id=\"secret\">abcd-efgh-jkmn"));
	cr_expect_null(strstr(s, "value=\"alice\""));
	cr_expect_not_null(strstr(s, "action=\"/admin/accounts/enable\""));
	cr_expect_null(strstr(s, "action=\"/admin/accounts/disable\""));
	free(s);
}
