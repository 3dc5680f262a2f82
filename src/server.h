/*
 * server.h - what every page handler needs: the event loop, the settings,
 * the loop thread's database connection, the forms, the writer and the
 * key of the form tokens.  One instance lives in recueild.c; the HTTP
 * layer (http.h) and the page modules borrow it.
 */
#ifndef RECUEIL_SERVER_H
#define RECUEIL_SERVER_H

#include "token.h"

struct config;
struct event_base;
struct evhttp;
struct registry;
struct store;
struct writer;

struct server {
	struct event_base *base;
	struct evhttp *http;        /* owned by http.c */
	const struct config *cfg;
	struct store *store;        /* the loop thread's connection (reads) */
	struct registry *forms;
	struct writer *writer;
	unsigned char token_key[TOKEN_KEY_LEN];
	char *base_url;             /* public base URL, without final '/' */
	int stopping;
};

#endif
