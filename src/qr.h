/*
 * qr.h - QR codes as SVG (libqrencode), for the meeting pages.
 *
 * The SVG is self-contained (no script, no external reference), scales
 * to any size, has a 4-module quiet zone and a title for screen readers.
 */
#ifndef RECUEIL_QR_H
#define RECUEIL_QR_H

struct evbuffer;

/*
 * Append to `out` an SVG document (with an XML declaration when
 * `standalone`, else an inline <svg> element for an HTML page) of the QR
 * code of `text` (error correction M, 8-bit), labelled `title`.  Returns
 * 0, or -1 when the text cannot be encoded (too long) and nothing was
 * appended.
 */
int qr_svg(struct evbuffer *out, const char *text, const char *title,
    int standalone);

/*
 * The modules of the QR code of `text`: *width and a width * width array
 * of 0/1 bytes, row by row, that the caller frees with free(3).  NULL when
 * it cannot be encoded.  (For tests and other renderings.)
 */
unsigned char *qr_modules(const char *text, int *width);

#endif
