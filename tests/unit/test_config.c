/*
 * test_config.c - defaults, every key of the configuration file, every
 * kind of bad value with its exact message, flags and config_print().
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "diag.h"
#include "i18n.h"

/*
 * The messages these tests spell out are the English of po/en.po (the
 * French message ids are checked end to end, tests/e2e/test_config.py).
 */
static void
english(void)
{
	cr_assert_eq(i18n_init(NULL), 0, "no catalogue near the test");
	i18n_set_lang(I18N_EN);
}

TestSuite(config, .init = english);

/* Write `text` to a fresh temporary file; the caller unlinks and frees. */
static char *
write_tmp(const char *text)
{
	char *path = strdup("/tmp/test_config.XXXXXX");
	int fd;
	size_t len = strlen(text);

	cr_assert_not_null(path);
	fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Load `text` on top of the defaults; returns config_load_file()'s result. */
static int
load(const char *text, struct config *c, struct diag *d)
{
	char *path = write_tmp(text);
	int rc;

	config_init(c);
	diag_init(d);
	rc = config_load_file(c, path, d);
	unlink(path);
	free(path);
	return rc;
}

/* config_print() into a string the caller frees. */
static char *
printed(const struct config *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	cr_assert_not_null(fp);
	config_print(c, fp);
	fclose(fp);
	return buf;
}

Test(config, defaults_are_those_of_the_header)
{
	struct config c;

	config_init(&c);
	cr_expect_str_eq(c.listen_addr, "127.0.0.1");
	cr_expect_eq(c.listen_port, 8080);
	cr_expect_str_eq(c.db, "var/recueil.db");
	cr_expect_str_eq(c.forms, "forms");
	cr_expect_str_eq(c.base_url, "");
	cr_expect_eq(c.cookie_secure, 0);
	cr_expect_eq(c.log_addresses, 0);
	cr_expect_eq(c.time_resolution, RES_DAY);
	cr_expect_eq(c.retention_days, 0);
	cr_expect_str_eq(c.privacy_contact, "");
	cr_expect_str_eq(c.privacy_controller, "le centre social");
	cr_expect_eq(c.max_header_size, 8192);
	cr_expect_eq(c.max_uri_length, 2048);
	cr_expect_eq(c.max_body_size, 65536);
	cr_expect_eq(c.max_upload_size, 1048576);
	cr_expect_eq(c.max_fields, 200);
	cr_expect_eq(c.max_answer_length, 4000);
	cr_expect_eq(c.idle_timeout, 30);
	cr_expect_eq(c.max_connections, 1000);
	cr_expect_eq(c.token_lifetime, 86400);
	cr_expect_eq(c.session_lifetime, 28800);
	cr_expect_eq(c.min_count, 0);
	config_release(&c);
}

/*
 * Every key with accepted spellings: the line read from a file, and the
 * line config_print() then writes for that key.
 */
static const struct {
	const char *in, *out;
} good[] = {
	{ "listen = 0.0.0.0:80", "listen = 0.0.0.0:80" },
	{ "listen = [::1]:8080", "listen = [::1]:8080" },
	{ "listen = [::]:0", "listen = [::]:0" },
	{ "listen = localhost:65535", "listen = localhost:65535" },
	{ "database = /var/lib/recueil/recueil.db",
	  "database = \"/var/lib/recueil/recueil.db\"" },
	{ "database = \"/srv/a b/recueil.db\"",
	  "database = \"/srv/a b/recueil.db\"" },
	{ "forms = /etc/recueil/forms", "forms = \"/etc/recueil/forms\"" },
	{ "base_url = https://recueil.example.org",
	  "base_url = \"https://recueil.example.org\"" },
	{ "base_url = https://example.org/recueil/",
	  "base_url = \"https://example.org/recueil\"" },
	{ "base_url = http://127.0.0.1:8080", "base_url = \"http://127.0.0.1:8080\"" },
	{ "base_url =", "base_url = \"\"" },
	{ "cookie_secure = yes", "cookie_secure = yes" },
	{ "cookie_secure = True", "cookie_secure = yes" },
	{ "cookie_secure = on", "cookie_secure = yes" },
	{ "cookie_secure = off", "cookie_secure = no" },
	{ "cookie_secure = false", "cookie_secure = no" },
	{ "log_client_addresses = yes", "log_client_addresses = yes" },
	{ "log_client_addresses = no", "log_client_addresses = no" },
	{ "time_resolution = hour", "time_resolution = hour" },
	{ "time_resolution = minute", "time_resolution = minute" },
	{ "time_resolution = SECOND", "time_resolution = second" },
	{ "time_resolution = day", "time_resolution = day" },
	{ "retention_days = 365", "retention_days = 365" },
	{ "retention_days = 0", "retention_days = 0" },
	{ "privacy_contact = rgpd@centre.example",
	  "privacy_contact = \"rgpd@centre.example\"" },
	{ "privacy_controller = \"Centre social du Val d'Auron\"",
	  "privacy_controller = \"Centre social du Val d'Auron\"" },
	{ "privacy_controller = 'le \"Rond-Point\"'",
	  "privacy_controller = \"le \\\"Rond-Point\\\"\"" },
	{ "privacy_controller = \"a \\\\ b\"", "privacy_controller = \"a \\\\ b\"" },
	{ "privacy_controller = Maison des Jeunes  # comment",
	  "privacy_controller = \"Maison des Jeunes\"" },
	{ "privacy_controller = C#", "privacy_controller = \"C#\"" },
	{ "max_header_size = 16k", "max_header_size = 16384" },
	{ "max_header_size = 4096", "max_header_size = 4096" },
	{ "max_uri_length = 4K", "max_uri_length = 4096" },
	{ "max_body_size = 1M", "max_body_size = 1048576" },
	{ "max_upload_size = 10M", "max_upload_size = 10485760" },
	{ "max_fields = 500", "max_fields = 500" },
	{ "max_answer_length = 8000", "max_answer_length = 8000" },
	{ "idle_timeout = 60", "idle_timeout = 60" },
	{ "max_connections = 256", "max_connections = 256" },
	{ "token_lifetime = 3600", "token_lifetime = 3600" },
	{ "session_lifetime = 600", "session_lifetime = 600" },
	{ "min_count = 5", "min_count = 5" },
	{ "  min_count\t=\t5\t", "min_count = 5" },
	{ "min_count=5\r", "min_count = 5" },
	{ "\xef\xbb\xbfmin_count = 5", "min_count = 5" },
};

Test(config, every_key_is_read_and_printed_back)
{
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct config c;
		struct diag d;
		char *out, want[256];

		cr_expect_eq(load(good[i].in, &c, &d), 0, "rejected: %s",
		    good[i].in);
		cr_expect_eq(d.n, 0, "messages for: %s", good[i].in);
		out = printed(&c);
		snprintf(want, sizeof(want), "\n%s\n", good[i].out);
		cr_expect_not_null(strstr(out, want), "%s: printed\n%s",
		    good[i].in, out);
		free(out);
		diag_release(&d);
		config_release(&c);
	}
}

/* A file that is wrong, and the one message (line, column, text) expected. */
static const struct {
	const char *in;
	int line, column;
	const char *text;
} bad[] = {
	{ "lisen = 127.0.0.1:80", 1, 1,
	  "unknown key 'lisen'; did you mean 'listen'?" },
	{ "colour = blue", 1, 1, "unknown key 'colour'" },
	{ "# ok\n\n  db = x", 3, 3, "unknown key 'db'" },
	{ "base-url = https://x", 1, 1,
	  "unknown key 'base-url'; did you mean 'base_url'?" },
	{ "listen 127.0.0.1:80", 1, 8, "expected '=' after 'listen'" },
	{ "= 3", 1, 1, "expected 'key = value'" },
	{ "[server]", 1, 1, "expected 'key = value'" },
	{ "min_count = 1\nmin_count = 2", 2, 1,
	  "duplicate key 'min_count' (already set on line 1)" },
	{ "privacy_contact = \"abc", 1, 19,
	  "unterminated quoted value; add the closing \"" },
	{ "privacy_contact = 'abc", 1, 19,
	  "unterminated quoted value; add the closing '" },
	{ "privacy_contact = \"abc\" def", 1, 25,
	  "unexpected text after the closing quote" },
	{ "privacy_contact = \"a\x01\"", 1, 19,
	  "invalid value for 'privacy_contact': expected UTF-8 text without "
	  "control characters" },
	{ "privacy_contact = caf\xe9", 1, 19,
	  "invalid value for 'privacy_contact': expected UTF-8 text without "
	  "control characters" },
	{ "listen = 8080", 1, 10,
	  "invalid value '8080' for 'listen': expected ADDRESS:PORT, e.g. "
	  "127.0.0.1:8080 or [::1]:8080" },
	{ "listen = ::1:8080", 1, 10,
	  "invalid value '::1:8080' for 'listen': expected ADDRESS:PORT, e.g. "
	  "127.0.0.1:8080 or [::1]:8080" },
	{ "listen = [::1:8080", 1, 10,
	  "invalid value '[::1:8080' for 'listen': expected ADDRESS:PORT, e.g. "
	  "127.0.0.1:8080 or [::1]:8080" },
	{ "listen = [zz]:80", 1, 10,
	  "invalid value '[zz]:80' for 'listen': expected ADDRESS:PORT, e.g. "
	  "127.0.0.1:8080 or [::1]:8080" },
	{ "listen = a b:80", 1, 10,
	  "invalid value 'a b:80' for 'listen': expected ADDRESS:PORT, e.g. "
	  "127.0.0.1:8080 or [::1]:8080" },
	{ "listen = 127.0.0.1:65536", 1, 10,
	  "invalid port in '127.0.0.1:65536' for 'listen': expected 0 to 65535" },
	{ "listen = 127.0.0.1:", 1, 10,
	  "invalid port in '127.0.0.1:' for 'listen': expected 0 to 65535" },
	{ "listen = 127.0.0.1:-1", 1, 10,
	  "invalid port in '127.0.0.1:-1' for 'listen': expected 0 to 65535" },
	{ "database =", 1, 11, "'database' must not be empty" },
	{ "forms = \"\"", 1, 9, "'forms' must not be empty" },
	{ "base_url = recueil.example.org", 1, 12,
	  "invalid value 'recueil.example.org' for 'base_url': expected an "
	  "http:// or https:// URL without query or fragment" },
	{ "base_url = https://x/?a=1", 1, 12,
	  "invalid value 'https://x/?a=1' for 'base_url': expected an "
	  "http:// or https:// URL without query or fragment" },
	{ "base_url = https://", 1, 12,
	  "invalid value 'https://' for 'base_url': expected an "
	  "http:// or https:// URL without query or fragment" },
	{ "cookie_secure = maybe", 1, 17,
	  "invalid value 'maybe' for 'cookie_secure': expected yes or no" },
	{ "cookie_secure = 1", 1, 17,
	  "invalid value '1' for 'cookie_secure': expected yes or no" },
	{ "log_client_addresses = oui", 1, 24,
	  "invalid value 'oui' for 'log_client_addresses': expected yes or no" },
	{ "time_resolution = week", 1, 19,
	  "invalid value 'week' for 'time_resolution': expected day, hour, "
	  "minute or second" },
	{ "retention_days = -1", 1, 18,
	  "invalid value '-1' for 'retention_days': expected a whole number" },
	{ "retention_days = 1y", 1, 18,
	  "invalid value '1y' for 'retention_days': expected a whole number" },
	{ "retention_days = 36501", 1, 18,
	  "value 36501 for 'retention_days' is out of range: expected 0 to "
	  "36500" },
	{ "idle_timeout = 0", 1, 16,
	  "value 0 for 'idle_timeout' is out of range: expected 1 to 3600" },
	{ "idle_timeout = 1k", 1, 16,
	  "invalid value '1k' for 'idle_timeout': expected a whole number" },
	{ "max_connections = 99999999999999999999", 1, 19,
	  "invalid value '99999999999999999999' for 'max_connections': "
	  "expected a whole number" },
	{ "max_connections = 0", 1, 19,
	  "value 0 for 'max_connections' is out of range: expected 1 to "
	  "1000000" },
	{ "token_lifetime = 59", 1, 18,
	  "value 59 for 'token_lifetime' is out of range: expected 60 to "
	  "31536000" },
	{ "session_lifetime = 1.5", 1, 20,
	  "invalid value '1.5' for 'session_lifetime': expected a whole number" },
	{ "min_count = ", 1, 13,
	  "invalid value '' for 'min_count': expected a whole number" },
	{ "max_header_size = 8 k", 1, 19,
	  "invalid value '8 k' for 'max_header_size': expected a number, with "
	  "an optional k or M suffix" },
	{ "max_header_size = 2G", 1, 19,
	  "invalid value '2G' for 'max_header_size': expected a number, with "
	  "an optional k or M suffix" },
	{ "max_header_size = 512", 1, 19,
	  "value 512 for 'max_header_size' is out of range: expected 1024 to "
	  "1048576" },
	{ "max_uri_length = 1M", 1, 18,
	  "value 1M for 'max_uri_length' is out of range: expected 256 to "
	  "65536" },
	{ "max_body_size = 65m", 1, 17,
	  "invalid value '65m' for 'max_body_size': expected a number, with an "
	  "optional k or M suffix" },
	{ "max_upload_size = 1G", 1, 19,
	  "invalid value '1G' for 'max_upload_size': expected a number, with an "
	  "optional k or M suffix" },
	{ "max_fields = 0", 1, 14,
	  "value 0 for 'max_fields' is out of range: expected 1 to 100000" },
	{ "max_answer_length = 2M", 1, 21,
	  "value 2M for 'max_answer_length' is out of range: expected 1 to "
	  "1048576" },
};

Test(config, every_bad_value_has_its_message)
{
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct config c;
		struct diag d;

		cr_expect_eq(load(bad[i].in, &c, &d), -1, "accepted: %s",
		    bad[i].in);
		cr_expect_eq(d.n, 1, "%zu messages for: %s", d.n, bad[i].in);
		if (d.n >= 1) {
			cr_expect_eq(d.msgs[0].level, DIAG_ERROR);
			cr_expect_eq(d.msgs[0].line, bad[i].line, "%s: line %d",
			    bad[i].in, d.msgs[0].line);
			cr_expect_eq(d.msgs[0].column, bad[i].column,
			    "%s: column %d", bad[i].in, d.msgs[0].column);
			cr_expect_str_eq(d.msgs[0].text, bad[i].text, "%s",
			    bad[i].in);
		}
		diag_release(&d);
		config_release(&c);
	}
}

Test(config, diagnostics_read_file_line_column)
{
	struct config c;
	struct diag d;
	char *path = write_tmp("# recueil\nlisten = 127.0.0.1:8080\nnope = 1\n");
	char *msg, want[256];

	config_init(&c);
	diag_init(&d);
	cr_expect_eq(config_load_file(&c, path, &d), -1);
	cr_assert_eq(d.n, 1);
	msg = diag_format(&d, 0);
	snprintf(want, sizeof(want), "%s:3:1: error: unknown key 'nope'", path);
	cr_expect_str_eq(msg, want);
	free(msg);
	unlink(path);
	free(path);
	diag_release(&d);
	config_release(&c);
}

Test(config, every_problem_of_a_file_is_reported)
{
	struct config c;
	struct diag d;

	cr_expect_eq(load("a = 1\nlisten = 1.2.3.4:80\nidle_timeout = x\n"
	    "b = 2\n", &c, &d), -1);
	cr_expect_eq(d.n, 3);
	cr_expect_eq(d.n_errors, 3);
	cr_expect_eq(d.msgs[0].line, 1);
	cr_expect_eq(d.msgs[1].line, 3);
	cr_expect_eq(d.msgs[2].line, 4);
	/* Good lines still apply. */
	cr_expect_str_eq(c.listen_addr, "1.2.3.4");
	cr_expect_eq(c.listen_port, 80);
	diag_release(&d);
	config_release(&c);
}

Test(config, comments_and_blank_lines_are_skipped)
{
	struct config c;
	struct diag d;

	cr_expect_eq(load("# a comment\n\n   \n\t# indented comment\n"
	    "forms = forms-prod # trailing comment\n", &c, &d), 0);
	cr_expect_eq(d.n, 0);
	cr_expect_str_eq(c.forms, "forms-prod");
	diag_release(&d);
	config_release(&c);
}

Test(config, missing_file_is_an_error)
{
	struct config c;
	struct diag d;

	config_init(&c);
	diag_init(&d);
	cr_expect_eq(config_load_file(&c, "/nonexistent/recueil.conf", &d), -1);
	cr_assert_eq(d.n, 1);
	cr_expect_str_eq(d.msgs[0].file, "/nonexistent/recueil.conf");
	cr_expect_eq(d.msgs[0].line, 0);
	cr_expect_str_eq(d.msgs[0].text, "cannot open the configuration file: "
	    "No such file or directory");
	diag_release(&d);
	config_release(&c);
}

Test(config, printed_settings_read_back_the_same)
{
	struct config c, c2;
	struct diag d;
	char *first, *second, *path;

	cr_assert_eq(load("listen = [::1]:9090\ndatabase = '/srv/x \"y\"/r.db'\n"
	    "privacy_controller = \"a\\\\b # c\"\ncookie_secure = yes\n"
	    "time_resolution = minute\nmax_body_size = 128k\n", &c, &d), 0);
	first = printed(&c);
	path = write_tmp(first);
	config_init(&c2);
	cr_expect_eq(config_load_file(&c2, path, &d), 0);
	second = printed(&c2);
	cr_expect_str_eq(first, second);
	cr_expect_str_eq(c2.db, "/srv/x \"y\"/r.db");
	cr_expect_str_eq(c2.privacy_controller, "a\\b # c");
	unlink(path);
	free(path);
	free(first);
	free(second);
	diag_release(&d);
	config_release(&c);
	config_release(&c2);
}

Test(config, defaults_print_as_a_valid_file)
{
	struct config c;
	struct diag d;
	char *out, *again;

	config_init(&c);
	out = printed(&c);
	config_release(&c);
	cr_expect_not_null(strstr(out, "\nlisten = 127.0.0.1:8080\n"));
	cr_expect_not_null(strstr(out, "\ndatabase = \"var/recueil.db\"\n"));
	cr_expect_not_null(strstr(out, "\ntime_resolution = day\n"));
	cr_expect_eq(load(out, &c, &d), 0);
	again = printed(&c);
	cr_expect_str_eq(out, again);
	free(out);
	free(again);
	diag_release(&d);
	config_release(&c);
}

Test(config, flags_override_with_their_own_spelling)
{
	struct config c;
	struct diag d;

	config_init(&c);
	diag_init(&d);
	cr_expect_eq(config_set(&c, "listen", "[::1]:0", &d, "--listen", 0), 0);
	cr_expect_str_eq(c.listen_addr, "::1");
	cr_expect_eq(c.listen_port, 0);
	cr_expect_eq(config_set(&c, "db", "/tmp/x.db", &d, "--db", 0), 0);
	cr_expect_str_eq(c.db, "/tmp/x.db");
	cr_expect_eq(config_set(&c, "base-url", "https://e.org/", &d,
	    "--base-url", 0), 0);
	cr_expect_str_eq(c.base_url, "https://e.org");
	cr_expect_eq(config_set(&c, "forms", "f2", &d, "--forms", 0), 0);
	cr_expect_str_eq(c.forms, "f2");
	cr_expect_eq(config_set(&c, "log-addresses", "yes", &d, "flag", 0), 0);
	cr_expect_eq(c.log_addresses, 1);
	cr_expect_eq(d.n, 0);

	cr_expect_eq(config_set(&c, "listen", "nowhere", &d, "--listen", 0), -1);
	cr_expect_eq(config_set(&c, "colour", "x", &d, "-o", 0), -1);
	cr_assert_eq(d.n, 2);
	cr_expect_str_eq(d.msgs[0].file, "--listen");
	cr_expect_eq(d.msgs[0].line, 0);
	cr_expect_eq(d.msgs[0].column, 0);
	cr_expect_str_eq(d.msgs[0].text, "invalid value 'nowhere' for 'listen': "
	    "expected ADDRESS:PORT, e.g. 127.0.0.1:8080 or [::1]:8080");
	cr_expect_str_eq(d.msgs[1].text, "unknown key 'colour'");
	/* A failed setting leaves the previous value. */
	cr_expect_str_eq(c.listen_addr, "::1");
	diag_release(&d);
	config_release(&c);
}

Test(config, file_then_flags_take_priority)
{
	struct config c;
	struct diag d;

	cr_assert_eq(load("database = /var/lib/recueil/recueil.db\n"
	    "idle_timeout = 10\n", &c, &d), 0);
	cr_expect_eq(config_set(&c, "idle_timeout", "20", &d, "flag", 0), 0);
	cr_expect_eq(c.idle_timeout, 20);
	cr_expect_str_eq(c.db, "/var/lib/recueil/recueil.db");
	diag_release(&d);
	config_release(&c);
}

Test(config, a_very_long_line_is_read_whole)
{
	struct config c;
	struct diag d;
	size_t n = 100000;
	char *text = malloc(n + 32);

	cr_assert_not_null(text);
	strcpy(text, "privacy_contact = ");
	memset(text + strlen(text), 'a', n);
	text[18 + n] = '\0';
	cr_expect_eq(load(text, &c, &d), 0);
	cr_expect_eq(strlen(c.privacy_contact), n);
	free(text);
	diag_release(&d);
	config_release(&c);
}
