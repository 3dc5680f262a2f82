/*
 * test_multipart.c - the multipart/form-data parser of the form upload:
 * fields and files, every truncation, every prefix of the delimiter inside
 * a part's data at every position, the boundary parameter's forms and
 * limits, and the shapes that must be refused as a whole.
 *
 * The parser takes a whole body, so "every chunk split" here is every
 * length the body can be cut at and every place a near-delimiter can
 * fall.  Bodies are copied to buffers of their exact size, so that a read
 * past the end shows under `make check-asan`.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

#define CT "multipart/form-data; boundary=XyZ"

/* Parse a heap copy of exactly `len` bytes; returns the result. */
static int
parse_exact(struct multipart *mp, const char *ct, const char *body,
    size_t len, size_t max_parts, char **copy)
{
	*copy = malloc(len ? len : 1);
	cr_assert_not_null(*copy);
	memcpy(*copy, body, len);
	return multipart_parse(mp, ct, *copy, len, max_parts);
}

static const char two_parts[] =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
    "tok\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"file\"; "
    "filename=\"a \\\"b\\\".csv\"\r\n"
    "Content-Type: text/csv\r\n\r\n"
    "survey,,\r\n,type,name\r\n--X\r\n"
    "\r\n--XyZ--\r\n";

Test(multipart, parses_a_field_and_a_file)
{
	struct multipart mp;
	const struct multipart_part *p;
	char *copy;

	cr_assert_eq(parse_exact(&mp, CT, two_parts, sizeof(two_parts) - 1, 8,
	    &copy), 0);
	cr_assert_eq(mp.n, 2);
	p = multipart_get(&mp, "csrf");
	cr_assert_not_null(p);
	cr_assert_eq(p->len, 3);
	cr_assert_eq(memcmp(p->data, "tok", 3), 0);
	cr_assert_null(p->filename);
	p = multipart_get(&mp, "file");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->filename, "a \"b\".csv");
	cr_assert_eq(p->len, strlen("survey,,\r\n,type,name\r\n--X\r\n"));
	cr_assert_eq(memcmp(p->data, "survey,,\r\n,type,name\r\n--X\r\n",
	    p->len), 0);
	cr_assert_null(multipart_get(&mp, "text"));
	multipart_release(&mp);
	free(copy);
}

/* Cut anywhere before the closing delimiter: refused, never overread. */
Test(multipart, every_truncation_is_refused)
{
	size_t len = sizeof(two_parts) - 1;

	/* The last two bytes are the optional CRLF after "--XyZ--". */
	for (size_t n = 0; n + 2 < len; n++) {
		struct multipart mp;
		char *copy;

		cr_assert_eq(parse_exact(&mp, CT, two_parts, n, 8, &copy), -1,
		    "accepted when cut at %zu of %zu", n, len);
		multipart_release(&mp);
		free(copy);
	}
	for (size_t n = len - 2; n <= len; n++) {
		struct multipart mp;
		char *copy;

		cr_assert_eq(parse_exact(&mp, CT, two_parts, n, 8, &copy), 0,
		    "refused when cut at %zu", n);
		cr_assert_eq(mp.n, 2);
		multipart_release(&mp);
		free(copy);
	}
}

/*
 * Every proper prefix of the delimiter "\r\n--XyZ", at every position of
 * a file's data, is data: the part keeps it whole and ends only at the
 * full delimiter.
 */
Test(multipart, a_partial_delimiter_anywhere_in_the_data_is_data)
{
	static const char delim[] = "\r\n--XyZ";
	static const char text[] = "0123456789";

	for (size_t plen = 1; plen < sizeof(delim) - 1; plen++) {
		for (size_t at = 0; at <= sizeof(text) - 1; at++) {
			char data[64], body[256];
			struct multipart mp;
			const struct multipart_part *p;
			size_t dl, bl;
			char *copy;

			dl = (size_t)snprintf(data, sizeof(data), "%.*s%.*s%s",
			    (int)at, text, (int)plen, delim, text + at);
			bl = (size_t)snprintf(body, sizeof(body), "--XyZ\r\n"
			    "Content-Disposition: form-data; name=\"f\"; "
			    "filename=\"f.csv\"\r\n\r\n%s\r\n--XyZ--", data);
			cr_assert_eq(parse_exact(&mp, CT, body, bl, 4, &copy), 0,
			    "prefix %zu at %zu refused", plen, at);
			p = multipart_get(&mp, "f");
			cr_assert_not_null(p);
			cr_assert_eq(p->len, dl, "prefix %zu at %zu: %zu bytes, "
			    "expected %zu", plen, at, p->len, dl);
			cr_assert_eq(memcmp(p->data, data, dl), 0);
			multipart_release(&mp);
			free(copy);
		}
	}
}

/* A part of each length from empty to a few bytes, then the delimiter. */
Test(multipart, parts_of_every_small_length)
{
	for (size_t n = 0; n < 8; n++) {
		char body[256];
		struct multipart mp;
		const struct multipart_part *p;
		size_t bl;
		char *copy;

		bl = (size_t)snprintf(body, sizeof(body), "--XyZ\r\n"
		    "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
		    "%.*s\r\n--XyZ--\r\n", (int)n, "\r\n\r\n--X");
		cr_assert_eq(parse_exact(&mp, CT, body, bl, 4, &copy), 0,
		    "length %zu", n);
		p = multipart_get(&mp, "a");
		cr_assert_eq(p->len, n);
		cr_assert_eq(memcmp(p->data, "\r\n\r\n--X", n), 0);
		multipart_release(&mp);
		free(copy);
	}
}

struct shape {
	const char *what;
	const char *ct;
	const char *body;
	int rc;            /* expected result */
	size_t n;          /* parts when accepted */
};

static const struct shape shapes[] = {
	{ "quoted boundary", "multipart/form-data; boundary=\"XyZ\"",
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"
	    "\r\n--XyZ--", 0, 1 },
	{ "boundary after another parameter",
	    "multipart/form-data; charset=utf-8; boundary=XyZ",
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"
	    "\r\n--XyZ--", 0, 1 },
	{ "upper-case header and parameter names", CT,
	    "--XyZ\r\ncontent-disposition: form-data; NAME=\"a\"\r\n\r\n1"
	    "\r\n--XyZ--", 0, 1 },
	{ "preamble before the first delimiter", CT,
	    "ignored text\r\n--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"a\"\r\n\r\n1\r\n--XyZ--", 0, 1 },
	{ "epilogue after the closing delimiter", CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"
	    "\r\n--XyZ--\r\nignored\r\n", 0, 1 },
	{ "other part headers are skipped", CT,
	    "--XyZ\r\nX-Other: 1\r\nContent-Disposition: form-data; "
	    "name=\"a\"\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--", 0, 1 },
	{ "unquoted name", CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n1"
	    "\r\n--XyZ--", 0, 1 },
	{ "the longest boundary (70)",
	    "multipart/form-data; boundary="
	    "0123456789012345678901234567890123456789012345678901234567890123456789",
	    "--0123456789012345678901234567890123456789012345678901234567890123456789"
	    "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--"
	    "0123456789012345678901234567890123456789012345678901234567890123456789"
	    "--", 0, 1 },
	{ "a boundary of 71", "multipart/form-data; boundary="
	    "01234567890123456789012345678901234567890123456789012345678901234567890",
	    "--01234567890123456789012345678901234567890123456789012345678901234567890"
	    "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--"
	    "01234567890123456789012345678901234567890123456789012345678901234567890"
	    "--", -1, 0 },
	{ "no boundary", "multipart/form-data",
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"
	    "\r\n--XyZ--", -1, 0 },
	{ "empty boundary", "multipart/form-data; boundary=",
	    "--\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n----",
	    -1, 0 },
	{ "unterminated quoted boundary", "multipart/form-data; boundary=\"XyZ",
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"
	    "\r\n--XyZ--", -1, 0 },
	{ "no part at all", CT, "--XyZ--\r\n", -1, 0 },
	{ "empty body", CT, "", -1, 0 },
	{ "no delimiter", CT, "just text", -1, 0 },
	{ "a part without a name", CT,
	    "--XyZ\r\nContent-Disposition: form-data; filename=\"a\"\r\n\r\n1"
	    "\r\n--XyZ--", -1, 0 },
	{ "a part without Content-Disposition", CT,
	    "--XyZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XyZ--", -1, 0 },
	{ "an unterminated quoted name", CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\n1"
	    "\r\n--XyZ--", -1, 0 },
	{ "bare LF line ends", CT,
	    "--XyZ\nContent-Disposition: form-data; name=\"a\"\n\n1"
	    "\n--XyZ--", -1, 0 },
	{ "garbage after a delimiter", CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"
	    "\r\n--XyZx\r\n--XyZ--", -1, 0 },
	{ "a part that never ends", CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1",
	    -1, 0 },
	{ "headers that never end", CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n--XyZ--",
	    -1, 0 },
};

Test(multipart, each_shape_is_accepted_or_refused_as_a_whole)
{
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		const struct shape *s = &shapes[i];
		struct multipart mp;
		char *copy;
		int rc = parse_exact(&mp, s->ct, s->body, strlen(s->body), 8,
		    &copy);

		cr_expect_eq(rc, s->rc, "%s: %d, expected %d", s->what, rc,
		    s->rc);
		if (rc == 0 && s->rc == 0) {
			cr_expect_eq(mp.n, s->n, "%s: %zu parts", s->what, mp.n);
			cr_expect_not_null(multipart_get(&mp, "a"), "%s", s->what);
		}
		multipart_release(&mp);
		free(copy);
	}
}

Test(multipart, max_parts_is_a_hard_limit)
{
	struct multipart mp;
	char *copy;
	size_t len = sizeof(two_parts) - 1;

	cr_assert_eq(parse_exact(&mp, CT, two_parts, len, 2, &copy), 0);
	cr_assert_eq(mp.n, 2);
	multipart_release(&mp);
	free(copy);
	cr_assert_eq(parse_exact(&mp, CT, two_parts, len, 1, &copy), -1);
	multipart_release(&mp);
	free(copy);
}

Test(multipart, the_first_of_two_parts_with_one_name_wins)
{
	static const char body[] =
	    "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1"
	    "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n22"
	    "\r\n--XyZ--";
	struct multipart mp;
	char *copy;

	cr_assert_eq(parse_exact(&mp, CT, body, sizeof(body) - 1, 8, &copy), 0);
	cr_assert_eq(mp.n, 2);
	cr_assert_eq(multipart_get(&mp, "a")->len, 1);
	multipart_release(&mp);
	free(copy);
}
