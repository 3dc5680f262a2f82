/*
 * i18n.c - the language of each thread and the catalogues (see i18n.h).
 */
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "i18n.h"

#ifndef RECUEIL_LOCALEDIR
#define RECUEIL_LOCALEDIR "/usr/local/share/locale"
#endif

#define DOMAIN "recueil"

static enum i18n_lang default_lang = I18N_FR;
static _Thread_local int thread_lang = -1;   /* -1: the default */
static int english_ok;
static char localedir[PATH_MAX];
/* LANGUAGE as the environment gave it, before i18n_init() set it. */
static char env_language[256];
static int env_saved;

const char *
i18n_gettext(const char *msgid)
{
	if (msgid == NULL || *msgid == '\0')
		return msgid;   /* gettext("") is the catalogue's header */
	if (english_ok && i18n_lang() == I18N_EN)
		return dgettext(DOMAIN, msgid);
	return msgid;
}

const char *
i18n_gettext_in(enum i18n_lang lang, const char *msgid)
{
	if (msgid == NULL || *msgid == '\0')
		return msgid;
	if (english_ok && lang == I18N_EN)
		return dgettext(DOMAIN, msgid);
	return msgid;
}

const char *
i18n_ngettext_in(enum i18n_lang lang, const char *one, const char *many,
    unsigned long n)
{
	if (english_ok && lang == I18N_EN)
		return dngettext(DOMAIN, one, many, n);
	return n > 1 ? many : one;
}

const char *
i18n_ngettext(const char *one, const char *many, unsigned long n)
{
	if (english_ok && i18n_lang() == I18N_EN)
		return dngettext(DOMAIN, one, many, n);
	return n > 1 ? many : one;
}

enum i18n_lang
i18n_lang(void)
{
	return thread_lang < 0 ? default_lang : (enum i18n_lang)thread_lang;
}

void
i18n_set_lang(enum i18n_lang lang)
{
	thread_lang = lang < I18N_COUNT ? (int)lang : (int)I18N_FR;
}

void
i18n_set_default(enum i18n_lang lang)
{
	default_lang = lang < I18N_COUNT ? lang : I18N_FR;
}

enum i18n_lang
i18n_default(void)
{
	return default_lang;
}

const char *
i18n_code(enum i18n_lang lang)
{
	return lang == I18N_EN ? "en" : "fr";
}

const char *
i18n_localedir(void)
{
	return localedir;
}

int
i18n_parse(const char *name)
{
	if (name == NULL)
		return -1;
	/* "en", "en_GB.UTF-8", "en-US", "en@x": two letters, then an end. */
	if (strlen(name) >= 2 && strchr("_-.@", name[2]) != NULL) {
		if (strncasecmp(name, "en", 2) == 0)
			return I18N_EN;
		if (strncasecmp(name, "fr", 2) == 0)
			return I18N_FR;
	}
	return -1;
}

/* "fr" or "en" exactly: what a page's query or cookie may say. */
static int
page_code(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "fr") == 0)
		return I18N_FR;
	if (strcmp(s, "en") == 0)
		return I18N_EN;
	return -1;
}

enum i18n_lang
i18n_request_lang(const char *query, const char *cookie)
{
	int l = page_code(query);

	if (l < 0)
		l = page_code(cookie);
	return l < 0 ? I18N_FR : (enum i18n_lang)l;
}

/* The first entry of a LANGUAGE list that names a language we have. */
static int
from_language_list(const char *list)
{
	char entry[64];
	size_t n;

	for (int i = 0; list != NULL && *list != '\0' && i < 32; i++) {
		n = strcspn(list, ":");
		if (n < sizeof(entry)) {
			memcpy(entry, list, n);
			entry[n] = '\0';
			if (i18n_parse(entry) >= 0)
				return i18n_parse(entry);
		}
		list += n;
		if (*list == ':')
			list++;
	}
	return -1;
}

enum i18n_lang
i18n_from_env(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	int l = from_language_list(env_saved ? env_language :
	    getenv("LANGUAGE"));

	if (l >= 0)
		return (enum i18n_lang)l;
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v != NULL && *v != '\0') {
			l = i18n_parse(v);
			return l >= 0 ? (enum i18n_lang)l : I18N_FR;
		}
	}
	return I18N_FR;
}

/* Whether `dir` holds our English catalogue. */
static int
has_catalogue(const char *dir)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/en/LC_MESSAGES/" DOMAIN ".mo", dir);
	return access(path, R_OK) == 0;
}

/*
 * The catalogues next to the running program: DIR/locale (build/recueil),
 * DIR/../locale (the unit tests in build/tests/), DIR/../share/locale (an
 * installed PREFIX/bin/recueil or PREFIX/sbin/recueild, DESTDIR or not).
 */
static int
next_to_program(char *out, size_t len)
{
	static const char *const rel[] = {
		"locale", "../locale", "../share/locale"
	};
	char exe[PATH_MAX - 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0 || len < PATH_MAX)
		return -1;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash == NULL)
		return -1;
	*slash = '\0';
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(out, len, "%.*s/%s", (int)(PATH_MAX - 32), exe,
		    rel[i]);
		if (has_catalogue(out))
			return 0;
	}
	return -1;
}

static void
find_localedir(const char *dir)
{
	const char *env = getenv("RECUEIL_LOCALEDIR");

	if (dir == NULL && env != NULL && *env != '\0')
		dir = env;
	if (dir != NULL)
		snprintf(localedir, sizeof(localedir), "%s", dir);
	else if (next_to_program(localedir, sizeof(localedir)) < 0)
		snprintf(localedir, sizeof(localedir), "%s",
		    RECUEIL_LOCALEDIR);
}

int
i18n_init(const char *dir)
{
	static const char *const utf8[] = { "C.UTF-8", "C.utf8" };
	int have = 0;

	find_localedir(dir);
	if (!env_saved) {
		const char *v = getenv("LANGUAGE");

		snprintf(env_language, sizeof(env_language), "%s",
		    v != NULL ? v : "");
		env_saved = 1;
	}
	/* Only the messages' category: numbers keep their '.'. */
	for (size_t i = 0; i < sizeof(utf8) / sizeof(utf8[0]) && !have; i++)
		have = setlocale(LC_MESSAGES, utf8[i]) != NULL;
	if (bindtextdomain(DOMAIN, localedir) == NULL ||
	    bind_textdomain_codeset(DOMAIN, "UTF-8") == NULL ||
	    textdomain(DOMAIN) == NULL)
		have = 0;
	/* English is the only language read from a catalogue (i18n.h). */
	if (have && setenv("LANGUAGE", "en", 1) != 0)
		have = 0;
	english_ok = have && has_catalogue(localedir);
	return english_ok ? 0 : -1;
}
