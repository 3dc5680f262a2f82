/*
 * config.h - settings of recueild and recueil, with their defaults.
 *
 * Settings come, in increasing priority, from the built-in defaults, the
 * configuration file (`key = value` lines, `#` comments; see
 * recueil.conf(5)) and command-line flags.  The file parser is pure: it
 * reports problems as "FILE:LINE:COLUMN: message" in a struct diag.
 */
#ifndef RECUEIL_CONFIG_H
#define RECUEIL_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "diag.h"

enum time_resolution { RES_DAY, RES_HOUR, RES_MINUTE, RES_SECOND };

struct config {
	char *listen_addr;        /* listen = 127.0.0.1:8080 (address part) */
	int listen_port;          /* (port part; 0 picks a free port) */
	char *db;                 /* database = var/recueil.db */
	char *forms;              /* forms = forms */
	char *base_url;           /* base_url = "" (derived from listen) */
	int cookie_secure;        /* cookie_secure = no */
	int log_addresses;        /* log_client_addresses = no */
	enum time_resolution time_resolution; /* time_resolution = day */
	int retention_days;       /* retention_days = 0 (keep forever) */
	char *privacy_contact;    /* privacy_contact = "" */
	char *privacy_controller; /* privacy_controller = "le centre social" */
	/* limits */
	size_t max_header_size;   /* max_header_size = 8192 */
	size_t max_uri_length;    /* max_uri_length = 2048 */
	size_t max_body_size;     /* max_body_size = 65536 (public forms) */
	size_t max_upload_size;   /* max_upload_size = 1048576 (staff uploads) */
	size_t max_fields;        /* max_fields = 200 */
	size_t max_answer_length; /* max_answer_length = 4000 */
	int idle_timeout;         /* idle_timeout = 30 (seconds) */
	int max_connections;      /* max_connections = 1000 */
	int token_lifetime;       /* token_lifetime = 86400 (seconds) */
	int session_lifetime;     /* session_lifetime = 28800 (seconds) */
	int min_count;            /* min_count = 0 (stats suppression) */
	/* clients and proxies */
	char *trusted_proxies;    /* trusted_proxies = "" (netaddr.h list) */
	int first_byte_timeout;   /* first_byte_timeout = 10 (seconds) */
	int max_conns_per_addr;   /* max_connections_per_address = 0 (none) */
	int login_limit_entries;  /* login_limit_entries = 10000 */
};

/* Fill `c` with the built-in defaults (allocates the strings). */
void config_init(struct config *c);

/* Free the strings of `c`. */
void config_release(struct config *c);

/*
 * Read `path` and apply its settings on top of `c`.  Unknown keys and bad
 * values are errors in `d` with their line number.  Returns 0 when the
 * file was clean, -1 otherwise (and then `c` may be partly updated).
 */
int config_load_file(struct config *c, const char *path, struct diag *d);

/*
 * Apply one `key = value` setting (as from a flag).  Returns 0, or -1 with
 * a message in `d` (file and line as given, column 0).  Keys are those of
 * the file; hyphens may stand for underscores ("base-url") and "db" for
 * "database", so a flag's own name can be passed.  A rejected value leaves
 * the previous one in place.
 */
int config_set(struct config *c, const char *key, const char *value,
    struct diag *d, const char *file, int line);

/*
 * Print the effective settings as a valid configuration file on `fp`
 * (used by `recueild --check-config`).
 */
void config_print(const struct config *c, FILE *fp);

#endif
