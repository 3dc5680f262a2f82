/*
 * test_headers.c - the headers every reply carries (http_headers), checked
 * on a bare evhttp request; the end-to-end test checks them on the wire.
 */
#include <string.h>

#include <criterion/criterion.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>

#include "http.h"

static const char *
header(struct evhttp_request *req, const char *name)
{
	return evhttp_find_header(evhttp_request_get_output_headers(req), name);
}

Test(headers, csv_is_an_uncached_attachment)
{
	struct evhttp_request *req = evhttp_request_new(NULL, NULL);

	http_headers(req, HTTP_CSV);
	cr_assert_str_eq(header(req, "Content-Type"), HTTP_CSV);
	cr_assert(strncmp(header(req, "Content-Disposition"), "attachment",
	    10) == 0);
	cr_assert_str_eq(header(req, "Cache-Control"), "no-store");
	cr_assert_str_eq(header(req, "X-Content-Type-Options"), "nosniff");
	evhttp_request_free(req);
}

Test(headers, csv_inline_disposition_becomes_attachment)
{
	struct evhttp_request *req = evhttp_request_new(NULL, NULL);
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);

	evhttp_add_header(h, "Content-Disposition", "inline");
	http_headers(req, HTTP_CSV);
	cr_assert(strncmp(header(req, "Content-Disposition"), "attachment",
	    10) == 0);
	evhttp_request_free(req);
}

Test(headers, named_attachment_is_kept)
{
	struct evhttp_request *req = evhttp_request_new(NULL, NULL);
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);

	evhttp_add_header(h, "Content-Disposition",
	    "attachment; filename=\"recueil-stats.csv\"");
	http_headers(req, HTTP_CSV);
	cr_assert_str_eq(header(req, "Content-Disposition"),
	    "attachment; filename=\"recueil-stats.csv\"");
	evhttp_request_free(req);
}

Test(headers, csp_is_strict)
{
	struct evhttp_request *req = evhttp_request_new(NULL, NULL);
	const char *csp;

	http_headers(req, HTTP_HTML);
	csp = header(req, "Content-Security-Policy");
	cr_assert_not_null(csp);
	cr_assert_null(strstr(csp, "unsafe-inline"));
	cr_assert_not_null(strstr(csp, "default-src 'none'"));
	cr_assert_not_null(strstr(csp, "style-src 'sha256-"));
	cr_assert_not_null(strstr(csp, "object-src 'none'"));
	cr_assert_not_null(strstr(csp, "base-uri 'none'"));
	cr_assert_not_null(strstr(csp, "frame-ancestors 'none'"));
	cr_assert_not_null(strstr(csp, "form-action 'self'"));
	cr_assert_str_eq(header(req, "Referrer-Policy"), "no-referrer");
	cr_assert_null(header(req, "Content-Disposition"));
	evhttp_request_free(req);
}

Test(headers, cache_control_set_by_a_handler_is_kept)
{
	struct evhttp_request *req = evhttp_request_new(NULL, NULL);
	struct evkeyvalq *h = evhttp_request_get_output_headers(req);

	evhttp_add_header(h, "Cache-Control", "no-store, private");
	http_headers(req, HTTP_HTML);
	cr_assert_str_eq(header(req, "Cache-Control"), "no-store, private");
	evhttp_request_free(req);
}
