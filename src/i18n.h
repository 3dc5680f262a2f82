/*
 * i18n.h - user-facing strings through GNU gettext.
 *
 * Every string a person reads (pages, CLI messages, errors, export headers)
 * is written _("...") where it is used, or N_("...") where it sits in a
 * table and is translated when read with _(p).  The message ids are the
 * French text: French is the default language, and a missing or unreadable
 * catalogue still leaves people with French, never with an id.  The
 * catalogues are po/fr.po and po/en.po; `make po-update` extracts the
 * strings (xgettext, keywords _, N_ and P_) into po/recueil.pot and merges
 * them into both; the build compiles them to BUILD/locale/LL/LC_MESSAGES/
 * recueil.mo and `make install` to $(LOCALEDIR).
 *
 * The language is chosen per thread, for the daemon's workers serve
 * people who chose different languages at the same time:
 * i18n_set_lang() sets the calling thread's language (a _Thread_local),
 * and _() reads it.  French returns the message id itself; English asks
 * dgettext("recueil", id).  How English is found without an English
 * locale (a fresh Debian 12 has only C, C.UTF-8 and POSIX): i18n_init()
 * sets LC_MESSAGES (only that category, so numbers keep their '.') to
 * C.UTF-8, which glibc does not treat as "C", and sets LANGUAGE=en once,
 * before any thread starts; glibc then reads LOCALEDIR/en/LC_MESSAGES/
 * recueil.mo whatever the environment said.  Nothing writes the
 * environment after i18n_init(), so the lookups are thread-safe.  po/fr.po
 * is the complete French catalogue with each msgstr equal to its msgid
 * (tests/e2e/test_i18n.py checks it): French text is corrected in the
 * source.
 *
 * Where the catalogues are (i18n_init(NULL)): $RECUEIL_LOCALEDIR when set;
 * else, next to the running program DIR/NAME, the first of DIR/locale
 * (build/recueil finds build/locale: the tree works uninstalled),
 * DIR/../locale (unit tests in build/tests/) and DIR/../share/locale (an
 * installed PREFIX/bin/recueil or PREFIX/sbin/recueild, where `make
 * install` puts them, so PREFIX given only at install time still works);
 * else the LOCALEDIR compiled in.
 */
#ifndef RECUEIL_I18N_H
#define RECUEIL_I18N_H

#include <libintl.h>

enum i18n_lang { I18N_FR, I18N_EN, I18N_COUNT };

/* format_arg: printf(_("%d ..."), n) is still checked against its id. */
const char *i18n_gettext(const char *msgid) __attribute__((format_arg(1)));

#define _(s)  i18n_gettext(s)
#define N_(s) (s)

/*
 * `msgid` in language `lang`, whatever the thread's: a form's page and
 * its messages speak the form's language, not the reader's choice.
 */
const char *i18n_gettext_in(enum i18n_lang lang, const char *msgid)
    __attribute__((format_arg(2)));

/* The same for a count (see P_ below). */
const char *i18n_ngettext_in(enum i18n_lang lang, const char *one,
    const char *many, unsigned long n)
    __attribute__((format_arg(2), format_arg(3)));

/*
 * The daemon's log speaks the operator's language, the process default
 * (i18n_set_default(), from the environment), whatever language the last
 * request served on the thread chose: L_("...") and LP_(one, many, n),
 * extracted by xgettext like _() and P_().
 */
#define L_(s) i18n_gettext_in(i18n_default(), (s))
#define LP_(one, many, n) \
	i18n_ngettext_in(i18n_default(), (one), (many), (unsigned long)(n))

/*
 * One of two forms by a count: P_("%d réponse", "%d réponses", n).
 * French uses the plural from 2 (0 and 1 take the singular), English
 * from its catalogue's Plural-Forms.
 */
const char *i18n_ngettext(const char *one, const char *many,
    unsigned long n) __attribute__((format_arg(1), format_arg(2)));
#define P_(one, many, n) i18n_ngettext((one), (many), (unsigned long)(n))

/*
 * Find and bind the catalogues (`dir`, or as said above when NULL) and
 * make English readable.  Call once from main() before any thread.
 * Returns 0, or -1 when English is not available (then every language
 * reads French).
 */
int i18n_init(const char *dir);

/* The directory i18n_init() bound, or "" before it. */
const char *i18n_localedir(void);

/* The calling thread's language (the process default until set). */
enum i18n_lang i18n_lang(void);
void i18n_set_lang(enum i18n_lang lang);

/* The language new threads (and the main one) read; set from main(). */
void i18n_set_default(enum i18n_lang lang);
enum i18n_lang i18n_default(void);

/* "fr", "en" */
const char *i18n_code(enum i18n_lang lang);

/*
 * The language a code or locale name names: "en", "en_GB.UTF-8", "EN"
 * -> English; "fr", "fr_FR" -> French; -1 for anything else (C, POSIX,
 * "", "de_DE", NULL).
 */
int i18n_parse(const char *name);

/*
 * The language the environment asks for, the way gettext reads it:
 * the first of LANGUAGE's colon-separated entries that names a language
 * we have (when LANGUAGE is set), then the first set of LC_ALL,
 * LC_MESSAGES and LANG; French when none names one we have (unset, C,
 * POSIX or another language).  After i18n_init(), LANGUAGE is read as it
 * was before i18n_init() set it.
 */
enum i18n_lang i18n_from_env(void);

/*
 * The language of a page request: the query's ?lang= when it is "fr" or
 * "en", else the lang cookie's when it is, else French.  Either may be
 * NULL.  Accept-Language is not read: a French network's pages are French
 * unless the person chooses English (the link on every page).
 */
enum i18n_lang i18n_request_lang(const char *query, const char *cookie);

#endif
