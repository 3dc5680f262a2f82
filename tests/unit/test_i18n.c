/*
 * test_i18n.c - the language of a thread, the environment's choice, and
 * English read from build/locale without any English locale installed.
 */
#include <criterion/criterion.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

/* A message of po/en.po (src/errpage.c) and its English. */
#define FR_ID "Page introuvable"
#define EN_TEXT "Page not found"

Test(i18n, parse_names_and_codes)
{
	static const struct { const char *name; int lang; } cases[] = {
		{ "fr", I18N_FR }, { "en", I18N_EN }, { "EN", I18N_EN },
		{ "en_GB.UTF-8", I18N_EN }, { "en-US", I18N_EN },
		{ "fr_FR.UTF-8", I18N_FR }, { "fr_BE@euro", I18N_FR },
		{ "C", -1 }, { "POSIX", -1 }, { "C.UTF-8", -1 }, { "", -1 },
		{ "de_DE.UTF-8", -1 }, { "eng", -1 }, { "e", -1 }, { NULL, -1 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_eq(i18n_parse(cases[i].name), cases[i].lang, "%s",
		    cases[i].name ? cases[i].name : "(null)");
}

Test(i18n, environment_choice)
{
	static const struct {
		const char *language, *lc_all, *lc_messages, *lang;
		enum i18n_lang want;
	} cases[] = {
		{ NULL, NULL, NULL, NULL, I18N_FR },
		{ NULL, NULL, NULL, "C", I18N_FR },
		{ NULL, "POSIX", NULL, "en_US.UTF-8", I18N_FR },
		{ NULL, NULL, NULL, "en_US.UTF-8", I18N_EN },
		{ NULL, NULL, NULL, "de_DE.UTF-8", I18N_FR },
		{ NULL, "en_GB.UTF-8", NULL, "fr_FR.UTF-8", I18N_EN },
		{ NULL, NULL, "en_GB.UTF-8", "fr_FR.UTF-8", I18N_EN },
		{ "de:en", NULL, NULL, "de_DE.UTF-8", I18N_EN },
		{ "fr:en", NULL, NULL, "en_US.UTF-8", I18N_FR },
		{ "", NULL, NULL, "en_US.UTF-8", I18N_EN },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *names[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES",
		    "LANG" };
		const char *vals[] = { cases[i].language, cases[i].lc_all,
		    cases[i].lc_messages, cases[i].lang };

		for (int v = 0; v < 4; v++) {
			if (vals[v] == NULL)
				unsetenv(names[v]);
			else
				setenv(names[v], vals[v], 1);
		}
		cr_expect_eq(i18n_from_env(), cases[i].want, "case %zu", i);
	}
}

Test(i18n, french_without_init_and_codes)
{
	cr_expect_str_eq(_(FR_ID), FR_ID);
	i18n_set_lang(I18N_EN);
	/* No catalogue bound: English readers still get the French text. */
	cr_expect_str_eq(_(FR_ID), FR_ID);
	cr_expect_str_eq(i18n_code(I18N_EN), "en");
	cr_expect_str_eq(i18n_code(I18N_FR), "fr");
}

static void *
english_thread(void *arg)
{
	i18n_set_lang(I18N_EN);
	*(const char **)arg = _(FR_ID);
	return NULL;
}

/*
 * The unit binary runs from BUILD/tests/, and finds BUILD/locale; the
 * environment may name C only (no English locale on this machine).
 */
Test(i18n, english_per_thread_from_the_build_catalogue)
{
	const char *in_thread = NULL;
	pthread_t t;

	setenv("LC_ALL", "C", 1);
	unsetenv("RECUEIL_LOCALEDIR");
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test in %s",
	    i18n_localedir());
	cr_assert(strstr(i18n_localedir(), "locale") != NULL);
	cr_assert_eq(pthread_create(&t, NULL, english_thread, &in_thread), 0);
	cr_assert_eq(pthread_join(t, NULL), 0);
	cr_expect_str_eq(in_thread, EN_TEXT);
	/* This thread did not choose: the default, French. */
	cr_expect_str_eq(_(FR_ID), FR_ID);
	i18n_set_default(I18N_EN);
	cr_expect_str_eq(_(FR_ID), EN_TEXT);
	i18n_set_lang(I18N_FR);
	cr_expect_str_eq(_(FR_ID), FR_ID);
	/* The empty id is not the catalogue's header. */
	i18n_set_lang(I18N_EN);
	cr_expect_str_eq(_(""), "");
}

Test(i18n, a_missing_catalogue_leaves_french)
{
	cr_expect_eq(i18n_init("/nonexistent/locale"), -1);
	i18n_set_lang(I18N_EN);
	cr_expect_str_eq(_(FR_ID), FR_ID);
}
