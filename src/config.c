/*
 * config.c - settings of recueild and recueil: defaults, the `key = value`
 * configuration file and command-line overrides.
 *
 * The file format is deliberately small (see recueil.conf(5)): one setting
 * a line, `#` starts a comment line, blank lines are skipped, values may be
 * quoted with "..." (escapes \" and \\) or '...' (taken literally).  An
 * unquoted value ends at a `#` that follows a space or tab.  Every problem
 * is reported, not only the first, so an admin fixes the file in one go.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "diag.h"
#include "i18n.h"
#include "netaddr.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* The table of settings                                              */
/* ------------------------------------------------------------------ */

enum kind {
	K_LISTEN,     /* ADDR:PORT into listen_addr and listen_port */
	K_PATH,       /* non-empty string */
	K_TEXT,       /* any string, possibly empty */
	K_URL,        /* empty, or an http(s) URL without query or fragment */
	K_BOOL,       /* int 0/1 */
	K_RES,        /* enum time_resolution */
	K_INT,        /* int within [min, max] */
	K_SIZE,       /* size_t within [min, max], optional k or M suffix */
	K_NETS        /* a list of IP networks (netaddr.h), possibly empty */
};

struct key {
	const char *name;
	enum kind kind;
	size_t off;
	long long min, max;
};

#define OFF(f) offsetof(struct config, f)

/* In the order config_print() writes them. */
static const struct key keys[] = {
	{ "listen", K_LISTEN, 0, 0, 0 },
	{ "database", K_PATH, OFF(db), 0, 0 },
	{ "forms", K_PATH, OFF(forms), 0, 0 },
	{ "base_url", K_URL, OFF(base_url), 0, 0 },
	{ "cookie_secure", K_BOOL, OFF(cookie_secure), 0, 1 },
	{ "log_client_addresses", K_BOOL, OFF(log_addresses), 0, 1 },
	{ "time_resolution", K_RES, OFF(time_resolution), 0, 0 },
	{ "retention_days", K_INT, OFF(retention_days), 0, 36500 },
	{ "privacy_contact", K_TEXT, OFF(privacy_contact), 0, 0 },
	{ "privacy_controller", K_TEXT, OFF(privacy_controller), 0, 0 },
	{ "max_header_size", K_SIZE, OFF(max_header_size), 1024, 1048576 },
	{ "max_uri_length", K_SIZE, OFF(max_uri_length), 256, 65536 },
	{ "max_body_size", K_SIZE, OFF(max_body_size), 1024, 67108864 },
	{ "max_upload_size", K_SIZE, OFF(max_upload_size), 1024, 268435456 },
	{ "max_fields", K_SIZE, OFF(max_fields), 1, 100000 },
	{ "max_answer_length", K_SIZE, OFF(max_answer_length), 1, 1048576 },
	{ "idle_timeout", K_INT, OFF(idle_timeout), 1, 3600 },
	{ "max_connections", K_INT, OFF(max_connections), 1, 1000000 },
	{ "token_lifetime", K_INT, OFF(token_lifetime), 60, 31536000 },
	{ "session_lifetime", K_INT, OFF(session_lifetime), 60, 31536000 },
	{ "min_count", K_INT, OFF(min_count), 0, 1000000 },
	{ "trusted_proxies", K_NETS, OFF(trusted_proxies), 0, 0 },
	{ "first_byte_timeout", K_INT, OFF(first_byte_timeout), 1, 3600 },
	{ "max_connections_per_address", K_INT, OFF(max_conns_per_addr), 0,
	    1000000 },
	{ "login_limit_entries", K_INT, OFF(login_limit_entries), 10, 100000000 },
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const res_names[] = { "day", "hour", "minute", "second" };

/* Other spellings accepted by config_set() only, for flags like --db. */
static const struct {
	const char *alias, *name;
} aliases[] = {
	{ "db", "database" },
	{ "log_addresses", "log_client_addresses" },
};

static void
set_string(char **dst, const char *s)
{
	char *p = xstrdup(s);

	free(*dst);
	*dst = p;
}

void
config_init(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->listen_addr = xstrdup("127.0.0.1");
	c->listen_port = 8080;
	c->db = xstrdup("var/recueil.db");
	c->forms = xstrdup("forms");
	c->base_url = xstrdup("");
	c->cookie_secure = 0;
	c->log_addresses = 0;
	c->time_resolution = RES_DAY;
	c->retention_days = 0;
	c->privacy_contact = xstrdup("");
	/* HTML_CONTROLLER (html.h): the notice reads it in its language. */
	c->privacy_controller = xstrdup(N_("le centre social"));
	c->max_header_size = 8192;
	c->max_uri_length = 2048;
	c->max_body_size = 65536;
	c->max_upload_size = 1048576;
	c->max_fields = 200;
	c->max_answer_length = 4000;
	c->idle_timeout = 30;
	c->max_connections = 1000;
	c->token_lifetime = 86400;
	c->session_lifetime = 28800;
	c->min_count = 0;
	c->trusted_proxies = xstrdup("");
	c->first_byte_timeout = 10;
	c->max_conns_per_addr = 0;
	c->login_limit_entries = 10000;
}

void
config_release(struct config *c)
{
	free(c->listen_addr);
	free(c->db);
	free(c->forms);
	free(c->base_url);
	free(c->privacy_contact);
	free(c->privacy_controller);
	free(c->trusted_proxies);
	c->trusted_proxies = NULL;
	c->listen_addr = c->db = c->forms = c->base_url = NULL;
	c->privacy_contact = c->privacy_controller = NULL;
}

/* ------------------------------------------------------------------ */
/* Values                                                             */
/* ------------------------------------------------------------------ */

/* Where a setting came from, for messages. */
struct where {
	struct diag *d;
	const char *file;
	int line;
	int col;    /* column of the value; 0 for flags */
};

static int bad(const struct where *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
bad(const struct where *w, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(w->d, DIAG_ERROR, w->file, w->line, w->col, "%s", msg);
	return -1;
}

static int
parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on" };
	static const char *const no[] = { "no", "false", "off" };
	size_t i;

	for (i = 0; i < 3; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

/*
 * Parse a decimal number of at most 18 digits (no sign, no spaces), with
 * an optional k (1024) or M (1048576) suffix when `suffix` is set.
 * Returns 0, or -1 when the text is not such a number.
 */
static int
parse_number(const char *v, int suffix, long long *out)
{
	long long n = 0, mult = 1;
	const char *p = v;
	int digits = 0;

	while (*p >= '0' && *p <= '9') {
		if (++digits > 18)
			return -1;
		n = n * 10 + (*p - '0');
		p++;
	}
	if (digits == 0)
		return -1;
	if (suffix && (*p == 'k' || *p == 'K')) {
		mult = 1024;
		p++;
	} else if (suffix && *p == 'M') {
		mult = 1048576;
		p++;
	}
	if (*p != '\0')
		return -1;
	if (n > LLONG_MAX / mult)
		return -1;
	*out = n * mult;
	return 0;
}

/* A host name made of letters, digits, dots and hyphens. */
static int
is_hostname(const char *s)
{
	if (*s == '\0' || *s == '.' || *s == '-')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-')
			return 0;
	return 1;
}

/*
 * Split "ADDR:PORT" or "[V6ADDR]:PORT".  On success, *addr is the address
 * without brackets (the caller frees it) and *port the port.  Returns 0,
 * -1 on a bad shape or address, -2 on a bad port.
 */
static int
parse_listen(const char *v, char **addr, int *port)
{
	const char *colon, *ps;
	char *a = NULL;
	long long n;
	size_t alen;
	unsigned char buf[16];

	if (v[0] == '[') {
		const char *close = strchr(v, ']');

		if (close == NULL || close[1] != ':')
			return -1;
		alen = (size_t)(close - v - 1);
		ps = close + 2;
		a = strndup(v + 1, alen);
		if (a == NULL)
			abort();
		if (inet_pton(AF_INET6, a, buf) != 1)
			goto fail;
	} else {
		colon = strrchr(v, ':');
		if (colon == NULL || colon == v)
			return -1;
		alen = (size_t)(colon - v);
		ps = colon + 1;
		a = strndup(v, alen);
		if (a == NULL)
			abort();
		if (strchr(a, ':') != NULL)   /* IPv6 needs brackets */
			goto fail;
		if (inet_pton(AF_INET, a, buf) != 1 && !is_hostname(a))
			goto fail;
	}
	if (parse_number(ps, 0, &n) < 0 || n > 65535) {
		free(a);
		return -2;
	}
	*addr = a;
	*port = (int)n;
	return 0;
fail:
	free(a);
	return -1;
}

/* Empty, or http(s)://HOST[...] with no space, query or fragment. */
static int
valid_url(const char *v)
{
	const char *host;

	if (*v == '\0')
		return 1;
	if (strncmp(v, "https://", 8) == 0)
		host = v + 8;
	else if (strncmp(v, "http://", 7) == 0)
		host = v + 7;
	else
		return 0;
	if (*host == '\0' || *host == '/')
		return 0;
	for (; *v != '\0'; v++)
		if ((unsigned char)*v <= ' ' || *v == '?' || *v == '#' ||
		    *v == '"' || *v == '<' || *v == '>' || *v == '\\')
			return 0;
	return 1;
}

/* Valid UTF-8 without control characters (tab allowed). */
static int
valid_text(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
			return 0;
	return utf8_valid(s, strlen(s), NULL);
}

static const struct key *
find_key(const char *name)
{
	size_t i;

	for (i = 0; i < N_KEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int
apply_listen(struct config *c, const char *v, const struct where *w)
{
	char *addr = NULL;
	int port = 0, rc;

	rc = parse_listen(v, &addr, &port);
	if (rc == -2)
		return bad(w, _("port invalide dans « %s » pour « listen » "
		    ": attendu de 0 à 65535"), v);
	if (rc < 0)
		return bad(w, _("valeur « %s » invalide pour « listen » : "
		    "attendu ADRESSE:PORT, par exemple 127.0.0.1:8080 ou "
		    "[::1]:8080"), v);
	free(c->listen_addr);
	c->listen_addr = addr;
	c->listen_port = port;
	return 0;
}

static int
apply_url(char **dst, const struct key *k, const char *v,
    const struct where *w)
{
	char *u;
	size_t len;

	if (!valid_url(v))
		return bad(w, _("valeur « %s » invalide pour « %s » : "
		    "attendu une adresse http:// ou https:// sans « ? » ni "
		    "« # »"), v, k->name);
	/* Links are built as base_url + "/r/CODE". */
	u = xstrdup(v);
	len = strlen(u);
	/* The host is not empty, so this stops after "://". */
	while (len > 0 && u[len - 1] == '/')
		u[--len] = '\0';
	free(*dst);
	*dst = u;
	return 0;
}

/* K_INT and K_SIZE: a number within the key's range. */
static int
apply_number(void *dst, const struct key *k, const char *v,
    const struct where *w)
{
	long long n;

	if (parse_number(v, k->kind == K_SIZE, &n) < 0) {
		if (k->kind == K_SIZE)
			return bad(w, _("valeur « %s » invalide pour « %s » "
			    ": attendu un nombre, suivi ou non de k ou M"), v, k->name);
		return bad(w, _("valeur « %s » invalide pour « %s » : "
		    "attendu un nombre entier"), v, k->name);
	}
	if (n < k->min || n > k->max)
		return bad(w, _("valeur %s hors limites pour « %s » : "
		    "attendu de %lld à %lld"), v, k->name, k->min, k->max);
	if (k->kind == K_SIZE)
		*(size_t *)dst = (size_t)n;
	else
		*(int *)dst = (int)n;
	return 0;
}

/* Apply value `v` to setting `k`; report a problem at `w`. */
static int
apply(struct config *c, const struct key *k, const char *v,
    const struct where *w)
{
	char *base = (char *)c;
	size_t i;
	int b;

	if (!valid_text(v))
		return bad(w, _("valeur invalide pour « %s » : attendu du "
		    "texte UTF-8 sans caractère de contrôle"), k->name);

	switch (k->kind) {
	case K_LISTEN:
		return apply_listen(c, v, w);
	case K_PATH:
		if (*v == '\0')
			return bad(w, _("« %s » ne doit pas être vide"), k->name);
		set_string((char **)(void *)(base + k->off), v);
		return 0;
	case K_TEXT:
		set_string((char **)(void *)(base + k->off), v);
		return 0;
	case K_NETS: {
		struct netaddr_list nets;
		char why[160];

		if (netaddr_list_parse(v, &nets, why, sizeof(why)) < 0)
			return bad(w, _("valeur invalide pour « %s » : %s"),
			    k->name, why);
		set_string((char **)(void *)(base + k->off), v);
		return 0;
	}
	case K_URL:
		return apply_url((char **)(void *)(base + k->off), k, v, w);
	case K_BOOL:
		if (parse_bool(v, &b) < 0)
			return bad(w, _("valeur « %s » invalide pour « %s » "
			    ": attendu yes ou no"), v, k->name);
		*(int *)(void *)(base + k->off) = b;
		return 0;
	case K_RES:
		for (i = 0; i < 4; i++) {
			if (strcasecmp(v, res_names[i]) == 0) {
				*(enum time_resolution *)(void *)(base + k->off) =
				    (enum time_resolution)i;
				return 0;
			}
		}
		return bad(w, _("valeur « %s » invalide pour « %s » : "
		    "attendu day, hour, minute ou second"), v, k->name);
	case K_INT:
	case K_SIZE:
		return apply_number(base + k->off, k, v, w);
	}
	return -1;
}

/* Edit distance, for "did you mean"; keys are short. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64], prev, tmp;

	if (lb >= sizeof(row) / sizeof(row[0]) || la >= 64)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

static void
unknown_key(struct diag *d, const char *file, int line, int col,
    const char *name)
{
	const char *best = NULL;
	size_t i, dist, best_dist = 3;

	for (i = 0; i < N_KEYS; i++) {
		dist = distance(name, keys[i].name);
		if (dist < best_dist) {
			best_dist = dist;
			best = keys[i].name;
		}
	}
	if (best != NULL)
		diag_add(d, DIAG_ERROR, file, line, col,
		    _("réglage « %s » inconnu ; vouliez-vous dire « %s » ?"),
		    name, best);
	else
		diag_add(d, DIAG_ERROR, file, line, col,
		    _("réglage « %s » inconnu"), name);
}

int
config_set(struct config *c, const char *key, const char *value,
    struct diag *d, const char *file, int line)
{
	struct where w = { d, file, line, 0 };
	const struct key *k;
	char *name;
	size_t i;
	int rc;

	/* Flags are spelt with hyphens (--base-url): accept both. */
	name = xstrdup(key);
	for (i = 0; name[i] != '\0'; i++)
		if (name[i] == '-')
			name[i] = '_';
	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(name, aliases[i].alias) == 0)
			set_string(&name, aliases[i].name);
	k = find_key(name);
	if (k == NULL) {
		unknown_key(d, file, line, 0, key);
		rc = -1;
	} else {
		rc = apply(c, k, value, &w);
	}
	free(name);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The file                                                           */
/* ------------------------------------------------------------------ */

static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static int
is_key_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.';
}

/*
 * Read the value starting at `p` (after the blanks that follow '='),
 * unquoting it in place.  Returns the value, or NULL after reporting a
 * problem at column `col`.
 */
static char *
read_value(char *p, struct diag *d, const char *file, int line, int col)
{
	char *out, *end;

	if (*p == '"' || *p == '\'') {
		char q = *p++;

		out = end = p;
		for (;;) {
			if (*p == '\0') {
				diag_add(d, DIAG_ERROR, file, line, col,
				    _("valeur entre guillemets non fermée : "
				    "ajoutez le %c final"), q);
				return NULL;
			}
			if (*p == q)
				break;
			if (q == '"' && *p == '\\' &&
			    (p[1] == '"' || p[1] == '\\'))
				p++;
			*end++ = *p++;
		}
		p++;
		while (is_blank(*p))
			p++;
		if (*p != '\0' && *p != '#') {
			diag_add(d, DIAG_ERROR, file, line,
			    col + (int)(p - out) + 1,
			    _("texte inattendu après le guillemet fermant"));
			return NULL;
		}
		*end = '\0';
		return out;
	}
	out = p;
	end = p;
	for (; *p != '\0'; p++) {
		if (*p == '#' && p > out && is_blank(p[-1]))
			break;
		if (!is_blank(*p))
			end = p + 1;
	}
	*end = '\0';
	return out;
}

/*
 * Apply one line of the file (NUL-free, its line end removed).  `seen`
 * holds the line where each key was set.  Returns 0 for a setting, a
 * comment or a blank line, -1 after reporting a problem.
 */
static int
load_line(struct config *c, char *line, const char *path, int lineno,
    int seen[N_KEYS], struct diag *d)
{
	char *p = line, *key, *value;
	const struct key *k;
	struct where w = { d, path, lineno, 0 };
	int kcol;

	while (is_blank(*p))
		p++;
	if (*p == '\0' || *p == '#')
		return 0;
	key = p;
	kcol = (int)(key - line) + 1;
	while (is_key_char(*p))
		p++;
	if (p == key) {
		diag_add(d, DIAG_ERROR, path, lineno, kcol,
		    _("attendu « réglage = valeur »"));
		return -1;
	}
	value = p;
	while (is_blank(*p))
		p++;
	if (*p != '=') {
		diag_add(d, DIAG_ERROR, path, lineno, (int)(p - line) + 1,
		    _("attendu « = » après « %.*s »"), (int)(value - key), key);
		return -1;
	}
	*value = '\0';
	p++;
	while (is_blank(*p))
		p++;
	w.col = (int)(p - line) + 1;
	if ((k = find_key(key)) == NULL) {
		unknown_key(d, path, lineno, kcol, key);
		return -1;
	}
	if (seen[k - keys] != 0) {
		diag_add(d, DIAG_ERROR, path, lineno, kcol,
		    _("réglage « %s » en double (déjà donné ligne %d)"),
		    k->name, seen[k - keys]);
		return -1;
	}
	seen[k - keys] = lineno;
	if ((value = read_value(p, d, path, lineno, w.col)) == NULL)
		return -1;
	return apply(c, k, value, &w);
}

int
config_load_file(struct config *c, const char *path, struct diag *d)
{
	FILE *fp = NULL;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, rc = -1, errors = 0;
	int seen[N_KEYS];

	memset(seen, 0, sizeof(seen));
	fp = fopen(path, "r");
	if (fp == NULL) {
		diag_add(d, DIAG_ERROR, path, 0, 0,
		    _("impossible d'ouvrir le fichier de configuration : %s"),
		    strerror(errno));
		goto done;
	}
	while ((len = getline(&buf, &cap, fp)) != -1) {
		char *line = buf;

		lineno++;
		if ((size_t)len != strlen(buf)) {
			diag_add(d, DIAG_ERROR, path, lineno, 0,
			    _("octet NUL dans la ligne"));
			errors++;
			continue;
		}
		while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
			buf[--len] = '\0';
		/* A byte order mark, as some Windows editors write. */
		if (lineno == 1 && strncmp(line, "\xef\xbb\xbf", 3) == 0)
			line += 3;
		if (load_line(c, line, path, lineno, seen, d) < 0)
			errors++;
	}
	if (ferror(fp)) {
		diag_add(d, DIAG_ERROR, path, 0, 0,
		    _("impossible de lire le fichier de configuration : %s"),
		    strerror(errno));
		goto done;
	}
	if (errors == 0)
		rc = 0;
done:
	if (fp != NULL)
		fclose(fp);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Printing                                                           */
/* ------------------------------------------------------------------ */

static void
print_quoted(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

void
config_print(const struct config *c, FILE *fp)
{
	const char *base = (const char *)c;
	size_t i;

	fputs(_("# Réglages en vigueur de Recueil (voir recueil.conf(5)).\n"),
	    fp);
	for (i = 0; i < N_KEYS; i++) {
		const struct key *k = &keys[i];
		const void *f = base + k->off;

		fprintf(fp, "%s = ", k->name);
		switch (k->kind) {
		case K_LISTEN:
			if (strchr(c->listen_addr, ':') != NULL)
				fprintf(fp, "[%s]:%d", c->listen_addr,
				    c->listen_port);
			else
				fprintf(fp, "%s:%d", c->listen_addr,
				    c->listen_port);
			break;
		case K_PATH:
		case K_TEXT:
		case K_URL:
		case K_NETS:
			print_quoted(fp, *(char *const *)f);
			break;
		case K_BOOL:
			fputs(*(const int *)f ? "yes" : "no", fp);
			break;
		case K_RES:
			fputs(res_names[*(const enum time_resolution *)f], fp);
			break;
		case K_INT:
			fprintf(fp, "%d", *(const int *)f);
			break;
		case K_SIZE:
			fprintf(fp, "%zu", *(const size_t *)f);
			break;
		}
		fputc('\n', fp);
	}
}
