/*
 * qr.c - QR codes as SVG (see qr.h).
 */
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <qrencode.h>

#include "html.h"
#include "qr.h"
#include "util.h"

#define QUIET 4

unsigned char *
qr_modules(const char *text, int *width)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	unsigned char *m;
	size_t n;

	if (qr == NULL)
		return NULL;
	n = (size_t)qr->width * (size_t)qr->width;
	m = xmalloc(n);
	for (size_t i = 0; i < n; i++)
		m[i] = qr->data[i] & 1;
	*width = qr->width;
	QRcode_free(qr);
	return m;
}

int
qr_svg(struct evbuffer *out, const char *text, const char *title,
    int standalone)
{
	int w, size;
	unsigned char *m = qr_modules(text, &w);

	if (m == NULL)
		return -1;
	size = w + 2 * QUIET;
	if (standalone)
		evbuffer_add_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	evbuffer_add_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" "
	    "shape-rendering=\"crispEdges\" role=\"img\" "
	    "aria-labelledby=\"qr-title\"><title id=\"qr-title\">", size, size,
	    size * 8, size * 8);
	html_escape(out, title);
	evbuffer_add_printf(out, "</title><rect width=\"%d\" height=\"%d\" "
	    "fill=\"#fff\"/><path fill=\"#000\" d=\"", size, size);
	/* One path: each run of dark modules in a row is one rectangle. */
	for (int y = 0; y < w; y++) {
		for (int x = 0; x < w; x++) {
			int run = 0;

			if (!m[y * w + x])
				continue;
			while (x + run < w && m[y * w + x + run])
				run++;
			evbuffer_add_printf(out, "M%d %dh%dv1h-%dz", x + QUIET,
			    y + QUIET, run, run);
			x += run - 1;
		}
	}
	evbuffer_add_printf(out, "\"/></svg>%s", standalone ? "\n" : "");
	free(m);
	return 0;
}
