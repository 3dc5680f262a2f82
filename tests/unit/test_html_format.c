/*
 * test_html_format.c - dates and numbers on the pages (html.c): « 1 déc.
 * 2026 » and « 3,42 » in French, "1 Dec 2026" and "3.42" in English, never
 * broken across lines, anything else escaped as it is.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>

#include "html.h"
#include "i18n.h"

#define NB "\xc2\xa0"

static char *
drain(struct evbuffer *b)
{
	size_t n = evbuffer_get_length(b);
	char *s = malloc(n + 1);

	evbuffer_remove(b, s, n);
	s[n] = '\0';
	evbuffer_free(b);
	return s;
}

static char *
date_of(const char *iso, int markup)
{
	struct evbuffer *b = evbuffer_new();

	if (markup)
		html_date(b, iso);
	else
		html_date_text(b, iso);
	return drain(b);
}

static char *
number_of(double v, int digits)
{
	struct evbuffer *b = evbuffer_new();

	if (digits < 0)
		html_number(b, v);
	else
		html_decimal(b, v, digits);
	return drain(b);
}

static const struct { const char *iso, *fr, *en; } dates[] = {
	{ "2026-12-01", "1" NB "déc." NB "2026", "1" NB "Dec" NB "2026" },
	{ "2026-05-20", "20" NB "mai" NB "2026", "20" NB "May" NB "2026" },
	{ "2024-02-29", "29" NB "févr." NB "2024", "29" NB "Feb" NB "2024" },
	{ "2026-02-30", "2026-02-30", "2026-02-30" },
	{ "<b>", "&lt;b&gt;", "&lt;b&gt;" },
	{ "", "", "" },
};

Test(html_format, dates_in_both_languages)
{
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		for (int en = 0; en < 2; en++) {
			char *t, *m;

			i18n_set_lang(en ? I18N_EN : I18N_FR);
			t = date_of(dates[i].iso, 0);
			m = date_of(dates[i].iso, 1);
			cr_expect_str_eq(t, en ? dates[i].en : dates[i].fr);
			if (strcmp(dates[i].iso, dates[i].fr) == 0 ||
			    dates[i].iso[0] == '<' || dates[i].iso[0] == '\0')
				cr_expect_str_eq(m, t, "no <time> for %s",
				    dates[i].iso);
			else
				cr_expect(strncmp(m, "<time datetime=\"", 16) == 0 &&
				    strstr(m, t) != NULL &&
				    strstr(m, dates[i].iso) != NULL, "%s", m);
			/* No ordinary space: the cell never wraps it. */
			cr_expect(strchr(t, ' ') == NULL, "%s", t);
			free(t);
			free(m);
		}
	}
}

Test(html_format, numbers_in_both_languages)
{
	static const struct {
		double v;
		int digits;
		const char *fr, *en;
	} cases[] = {
		{ 3.4216, 2, "3,42", "3.42" },
		{ 4, 2, "4,00", "4.00" },
		{ 2.5, -1, "2,5", "2.5" },
		{ 30, -1, "30", "30" },
		{ -1.25, 1, "\xe2\x88\x92" "1,2", "\xe2\x88\x92" "1.2" },
	};

	i18n_init(NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		for (int en = 0; en < 2; en++) {
			char *s;

			i18n_set_lang(en ? I18N_EN : I18N_FR);
			s = number_of(cases[i].v, cases[i].digits);
			cr_expect_str_eq(s, en ? cases[i].en : cases[i].fr);
			free(s);
		}
	}
}
