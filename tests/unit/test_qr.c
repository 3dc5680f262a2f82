/*
 * test_qr.c - QR codes as SVG: well-formed, escaped, one dark rectangle
 * per run of modules, with the quiet zone.
 */
#include <criterion/criterion.h>
#include <event2/buffer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qr.h"

static char *
render(const char *text, const char *title, int standalone)
{
	struct evbuffer *b = evbuffer_new();
	size_t n;
	char *s;

	cr_assert_eq(qr_svg(b, text, title, standalone), 0);
	n = evbuffer_get_length(b);
	s = malloc(n + 1);
	evbuffer_remove(b, s, n);
	s[n] = '\0';
	evbuffer_free(b);
	return s;
}

Test(qr, modules_have_finder_patterns)
{
	int w = 0;
	unsigned char *m = qr_modules("http://127.0.0.1:8080/r/K7QX2MA", &w);

	cr_assert_not_null(m);
	cr_assert_geq(w, 21);
	cr_assert_eq((w - 21) % 4, 0);
	/* The three 7x7 finder patterns: dark corners, light ring inside. */
	cr_assert(m[0] && m[6] && m[6 * w] && m[6 * w + 6]);
	cr_assert(!m[1 * w + 1] && m[2 * w + 2] && m[3 * w + 3]);
	cr_assert(m[w - 1] && m[(w - 1) * w]);
	free(m);
}

Test(qr, svg_is_a_standalone_document_with_quiet_zone)
{
	char *s = render("http://example.org/r/ABCDEFG", "Titre", 1);
	int w = 0;
	unsigned char *m = qr_modules("http://example.org/r/ABCDEFG", &w);
	char want[64];

	cr_assert(strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "
	    "xmlns=\"http://www.w3.org/2000/svg\"", 69) == 0);
	snprintf(want, sizeof(want), "viewBox=\"0 0 %d %d\"", w + 8, w + 8);
	cr_assert_not_null(strstr(s, want), "%s", s);
	/* The top-left module is dark and sits after the 4-module margin. */
	cr_assert_not_null(strstr(s, "d=\"M4 4h7v1h-7z"));
	cr_assert(strstr(s, "</svg>\n") != NULL);
	cr_assert_null(strstr(s, "<script"));
	free(m);
	free(s);
}

Test(qr, title_is_escaped_and_inline_form_has_no_declaration)
{
	char *s = render("x", "a <b> & \"c\" 'd'", 0);

	cr_assert(strncmp(s, "<svg ", 5) == 0);
	cr_assert_not_null(strstr(s, "<title id=\"qr-title\">a &lt;b&gt; &amp; "
	    "&quot;c&quot; &#39;d&#39;</title>"));
	free(s);
}

Test(qr, too_long_text_is_refused_without_output)
{
	static char big[8000];
	struct evbuffer *b = evbuffer_new();

	memset(big, 'x', sizeof(big) - 1);
	cr_assert_eq(qr_svg(b, big, "t", 1), -1);
	cr_assert_eq(evbuffer_get_length(b), 0);
	evbuffer_free(b);
}
