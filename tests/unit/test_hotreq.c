/*
 * test_hotreq.c - the requests the hot path answers itself: a whole, plain
 * keep-alive GET; anything else (incomplete, odd, with a body or a
 * cookie, another version or method) is left to evhttp.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "hotreq.h"

#define MAX 8192

static size_t
parse(const char *req, char *path, size_t pathlen)
{
	return hotreq_parse(req, strlen(req), MAX, path, pathlen);
}

static void
refused(const char *req)
{
	char path[64];

	cr_assert_eq(parse(req, path, sizeof(path)), 0, "accepted: %s", req);
}

Test(hotreq, a_plain_get_is_recognised_with_its_path_and_length)
{
	const char *req = "GET /r/K7QXM3A HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
	    "User-Agent: Mozilla/5.0 (X11; Linux)\r\nAccept: text/html,*/*;q=0.8"
	    "\r\nAccept-Language: fr-FR,fr;q=0.9\r\nX-Forwarded-For: 10.0.0.1"
	    "\r\nX-Empty:\r\nX-Tab:\tv\r\n\r\n";
	char path[64];

	cr_assert_eq(parse(req, path, sizeof(path)), strlen(req));
	cr_assert_str_eq(path, "/r/K7QXM3A");
	/* No header at all: HTTP/1.1 without Host is evhttp's business too. */
	cr_assert_eq(parse("GET /r/A HTTP/1.1\r\n\r\n", path, sizeof(path)),
	    strlen("GET /r/A HTTP/1.1\r\n\r\n"));
}

Test(hotreq, only_the_first_request_of_a_pipeline_is_counted)
{
	const char *one = "GET /r/A HTTP/1.1\r\nHost: x\r\n\r\n";
	char buf[256], path[64];

	snprintf(buf, sizeof(buf), "%sPOST /r/A HTTP/1.1\r\n", one);
	cr_assert_eq(parse(buf, path, sizeof(path)), strlen(one));
}

Test(hotreq, every_incomplete_prefix_is_left_waiting)
{
	const char *req = "GET /r/K7QXM3A HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n"
	    "\r\n";
	char path[64];

	for (size_t n = 0; n < strlen(req); n++)
		cr_assert_eq(hotreq_parse(req, n, MAX, path, sizeof(path)), 0,
		    "prefix of %zu bytes", n);
	cr_assert_eq(hotreq_parse(req, strlen(req), MAX, path, sizeof(path)),
	    strlen(req));
}

Test(hotreq, the_limit_on_the_head_is_kept)
{
	const char *req = "GET /r/A HTTP/1.1\r\nHost: x\r\n\r\n";
	char path[64];
	size_t n = strlen(req);

	cr_assert_eq(hotreq_parse(req, n, n, path, sizeof(path)), n);
	cr_assert_eq(hotreq_parse(req, n, n - 1, path, sizeof(path)), 0);
}

Test(hotreq, other_methods_versions_and_targets_are_refused)
{
	refused("HEAD /r/A HTTP/1.1\r\n\r\n");
	refused("POST /r/A HTTP/1.1\r\n\r\n");
	refused("get /r/A HTTP/1.1\r\n\r\n");
	refused("GET /r/A HTTP/1.0\r\n\r\n");
	refused("GET /r/A HTTP/2.0\r\n\r\n");
	refused("GET /r/A http/1.1\r\n\r\n");
	refused("GET /r/A\r\n\r\n");
	refused("GET  /r/A HTTP/1.1\r\n\r\n");
	refused("GET /r/A  HTTP/1.1\r\n\r\n");
	refused("GET /r/A HTTP/1.1 \r\n\r\n");
	refused("GET /r/A?lang=en HTTP/1.1\r\n\r\n");
	refused("GET /r/%41 HTTP/1.1\r\n\r\n");
	refused("GET /r/../admin HTTP/1.1\r\n\r\n");
	refused("GET http://x/r/A HTTP/1.1\r\n\r\n");
	refused("GET * HTTP/1.1\r\n\r\n");
	refused("\r\nGET /r/A HTTP/1.1\r\n\r\n");
}

Test(hotreq, a_path_too_long_for_the_buffer_is_refused)
{
	char path[8];

	cr_assert_eq(parse("GET /r/ABCDE HTTP/1.1\r\n\r\n", path, sizeof(path)),
	    0);
	cr_assert_neq(parse("GET /r/ABCD HTTP/1.1\r\n\r\n", path, sizeof(path)),
	    0);
	cr_assert_str_eq(path, "/r/ABCD");
}

Test(hotreq, headers_that_change_the_connection_or_the_page_are_refused)
{
	refused("GET /r/A HTTP/1.1\r\nConnection: close\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nConnection: keep-alive\r\n"
	    "Connection: close\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nConnection: Upgrade\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nConnection:\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nTRANSFER-ENCODING: chunked\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nExpect: 100-continue\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nUpgrade: websocket\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nCookie: recueil_lang=en\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nHost: x\r\ncookie: a=b\r\n\r\n");
}

Test(hotreq, connection_keep_alive_is_what_http_1_1_does_anyway)
{
	static const char *const ok[] = {
		"GET /r/A HTTP/1.1\r\nConnection: keep-alive\r\n\r\n",
		"GET /r/A HTTP/1.1\r\nconnection:Keep-Alive \r\n\r\n",
		"GET /r/A HTTP/1.1\r\nCONNECTION: \tkeep-alive\r\nHost: x\r\n\r\n",
	};
	char path[64];

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		cr_assert_eq(parse(ok[i], path, sizeof(path)), strlen(ok[i]),
		    "%s", ok[i]);
}

Test(hotreq, malformed_header_lines_are_left_to_evhttp)
{
	refused("GET /r/A HTTP/1.1\nHost: x\r\n\r\n");          /* bare LF */
	refused("GET /r/A HTTP/1.1\r\nHost: x\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nHost: x\r\n\n");
	refused("GET /r/A HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\n\tHost: x\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nHost x\r\n\r\n");          /* no colon */
	refused("GET /r/A HTTP/1.1\r\nHost : x\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\n: x\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nHo\"st: x\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nHost: a\rb\r\n\r\n");      /* bare CR */
	refused("GET /r/A HTTP/1.1\r\nHost: a\x01" "b\r\n\r\n");
	refused("GET /r/A HTTP/1.1\r\nHost: a\x7f\r\n\r\n");
}

Test(hotreq, a_nul_byte_anywhere_is_refused)
{
	static const char req[] = "GET /r/A HTTP/1.1\r\nHost: x\r\n\r\n";
	char buf[sizeof(req)], path[64];

	for (size_t i = 0; i + 1 < sizeof(req); i++) {
		memcpy(buf, req, sizeof(req));
		buf[i] = '\0';
		cr_assert_eq(hotreq_parse(buf, sizeof(req) - 1, MAX, path,
		    sizeof(path)), 0, "NUL at %zu", i);
	}
}

Test(hotreq, at_most_so_many_header_lines)
{
	char buf[4096], path[64];
	size_t n = (size_t)snprintf(buf, sizeof(buf), "GET /r/A HTTP/1.1\r\n");

	for (int i = 0; i < HOTREQ_MAX_HEADERS; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "X-%d: v\r\n", i);
	memcpy(buf + n, "\r\n", 3);
	cr_assert_eq(hotreq_parse(buf, n + 2, MAX, path, sizeof(path)), n + 2);
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "X-last: v\r\n\r\n");
	cr_assert_eq(hotreq_parse(buf, n, MAX, path, sizeof(path)), 0);
}
