/*
 * fuzz_workbook.c - libFuzzer harness for the workbook readers (.xlsx and
 * .ods through form_parse): any bytes must give a form or diagnostics,
 * never a crash, a leak or undefined behaviour.
 *
 * Mutated archives rarely get past the ZIP checksums, so the first byte
 * chooses what the rest is: 0, the archive itself (seeds: small real
 * workbooks); 1, the content.xml of an .ods; 2, the survey sheet of an
 * .xlsx; 3, its shared strings.  The archive around the XML is built here,
 * stored uncompressed with the right checksums, so that the fuzzer works
 * on the XML readers directly.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "diag.h"
#include "form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct zbuf {
	unsigned char *p;
	size_t n, alloc;
};

static void
put(struct zbuf *b, const void *s, size_t n)
{
	/* Nothing to add: memcpy to a NULL buffer is undefined even for 0. */
	if (n == 0)
		return;
	if (b->n + n > b->alloc) {
		b->alloc = (b->n + n) * 2 + 256;
		b->p = realloc(b->p, b->alloc);
		if (b->p == NULL)
			abort();
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void
put16(struct zbuf *b, unsigned v)
{
	unsigned char c[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	put(b, c, 2);
}

static void
put32(struct zbuf *b, unsigned long v)
{
	put16(b, (unsigned)(v & 0xFFFF));
	put16(b, (unsigned)(v >> 16));
}

struct entry {
	const char *name;
	const char *data;
	size_t len;
};

/* A ZIP archive of stored entries. */
static void
zip_write(struct zbuf *b, const struct entry *e, size_t n)
{
	struct zbuf cd = { NULL, 0, 0 };
	unsigned long offs[8], crc;
	size_t i, nl;

	for (i = 0; i < n; i++) {
		nl = strlen(e[i].name);
		crc = crc32(0, (const unsigned char *)e[i].data, (uInt)e[i].len);
		offs[i] = (unsigned long)b->n;
		put32(b, 0x04034b50);
		put16(b, 20); put16(b, 0); put16(b, 0); put16(b, 0); put16(b, 0);
		put32(b, crc); put32(b, e[i].len); put32(b, e[i].len);
		put16(b, (unsigned)nl); put16(b, 0);
		put(b, e[i].name, nl);
		put(b, e[i].data, e[i].len);
		put32(&cd, 0x02014b50);
		put16(&cd, 20); put16(&cd, 20); put16(&cd, 0); put16(&cd, 0);
		put16(&cd, 0); put16(&cd, 0);
		put32(&cd, crc); put32(&cd, e[i].len); put32(&cd, e[i].len);
		put16(&cd, (unsigned)nl); put16(&cd, 0); put16(&cd, 0);
		put16(&cd, 0); put16(&cd, 0); put32(&cd, 0); put32(&cd, offs[i]);
		put(&cd, e[i].name, nl);
	}
	offs[n] = (unsigned long)b->n;
	put(b, cd.p, cd.n);
	put32(b, 0x06054b50);
	put16(b, 0); put16(b, 0); put16(b, (unsigned)n); put16(b, (unsigned)n);
	put32(b, cd.n); put32(b, offs[n]); put16(b, 0);
	free(cd.p);
}

static const char workbook[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
    "main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"><sheets><sheet name=\"survey\" sheetId=\"1\" "
    "r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
    "relationships\"><Relationship Id=\"rId1\" Type=\"x/worksheet\" "
    "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" "
    "Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "</Relationships>";
static const char sheet[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
    "<c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c><c r=\"B2\" t=\"s\">"
    "<v>4</v></c><c r=\"C2\" t=\"s\"><v>5</v></c></row></sheetData>"
    "</worksheet>";
static const char strings[] =
    "<sst><si><t>type</t></si><si><t>name</t></si><si><t>label</t></si>"
    "<si><t>text</t></si><si><t>a</t></si><si><r><t>A</t></r><r><t> ?</t>"
    "</r></si></sst>";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zbuf b = { NULL, 0, 0 };
	struct diag d;
	struct form *f;
	const char *in = (const char *)data + 1;
	size_t len = size > 0 ? size - 1 : 0;
	struct entry e[4];

	if (size == 0)
		return 0;
	switch (data[0] % 4) {
	case 0:
		put(&b, in, len);
		break;
	case 1:
		e[0] = (struct entry){ "mimetype",
		    "application/vnd.oasis.opendocument.spreadsheet", 46 };
		e[1] = (struct entry){ "content.xml", in, len };
		zip_write(&b, e, 2);
		break;
	default:
		e[0] = (struct entry){ "xl/workbook.xml", workbook,
		    sizeof(workbook) - 1 };
		e[1] = (struct entry){ "xl/_rels/workbook.xml.rels", rels,
		    sizeof(rels) - 1 };
		e[2] = (struct entry){ "xl/worksheets/sheet1.xml",
		    data[0] % 4 == 2 ? in : sheet,
		    data[0] % 4 == 2 ? len : sizeof(sheet) - 1 };
		e[3] = (struct entry){ "xl/sharedStrings.xml",
		    data[0] % 4 == 3 ? in : strings,
		    data[0] % 4 == 3 ? len : sizeof(strings) - 1 };
		zip_write(&b, e, 4);
		break;
	}
	diag_init(&d);
	f = form_parse("fuzz.xlsx", b.p != NULL ? (const char *)b.p : "", b.n,
	    &d);
	if (f == NULL && d.n_errors == 0)
		abort();   /* a refusal must say why */
	form_free(f);
	diag_release(&d);
	free(b.p);
	return 0;
}
