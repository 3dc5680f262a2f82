#!/usr/bin/python3
"""Write the corpus of broken workbooks, tests/forms/broken/: each file is
a hostile or damaged .xlsx or .ods, and FILE.expected holds the messages
`recueil forms check` must print for it.  The archives are written by hand
(zipfile, raw XML) so that each one is exactly as broken as it says.

    make_broken.py DIR [VALID_DIR]

With VALID_DIR, also writes repeats.ods there: a valid workbook written
as LibreOffice writes them (empty rows and cells repeated to the end of
the sheet, values repeated, comments, several paragraphs in a cell).
"""
import os
import sys
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def col_letters(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(rows):
    """rows: list of lists of strings (inline strings), or raw XML."""
    if isinstance(rows, str):
        return rows
    out = [f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
           "<sheetData>"]
    for i, r in enumerate(rows, 1):
        out.append(f'<row r="{i}">')
        for j, v in enumerate(r, 1):
            if v != "":
                out.append(f'<c r="{col_letters(j)}{i}" t="inlineStr"><is>'
                           f"<t>{esc(v)}</t></is></c>")
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def xlsx(path, sheets, extra=None, strings=None):
    """sheets: [(name, rows or raw XML)]."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        wb = [f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}"'
              f' xmlns:r="{REL}"><sheets>']
        rels = [f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
                f'xmlns="{PKG}">']
        for i, (name, rows) in enumerate(sheets, 1):
            wb.append(f'<sheet name="{esc(name)}" sheetId="{i}" '
                      f'r:id="rId{i}"/>')
            rels.append(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" '
                        f'Target="worksheets/sheet{i}.xml"/>')
            z.writestr(f"xl/worksheets/sheet{i}.xml", sheet_xml(rows))
        if strings is not None:
            rels.append(f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" '
                        'Target="sharedStrings.xml"/>')
            z.writestr("xl/sharedStrings.xml", strings)
        wb.append("</sheets></workbook>")
        rels.append("</Relationships>")
        z.writestr("xl/workbook.xml", "".join(wb))
        z.writestr("xl/_rels/workbook.xml.rels", "".join(rels))
        for name, data in (extra or {}).items():
            z.writestr(name, data)


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods(path, tables):
    """tables: [(name, raw rows XML)]."""
    body = "".join(f'<table:table table:name="{esc(n)}">{rows}</table:table>'
                   for n, rows in tables)
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content'
               f' {ODS_NS}><office:body><office:spreadsheet>{body}'
               "</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"),
                   "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)


def ods_row(cells, rep=1):
    out = [f'<table:table-row table:number-rows-repeated="{rep}">'
           if rep > 1 else "<table:table-row>"]
    for c in cells:
        if isinstance(c, tuple):
            v, n = c
            out.append(f'<table:table-cell table:number-columns-repeated="{n}"'
                       + (f' office:value-type="string"><text:p>{esc(v)}'
                          "</text:p></table:table-cell>" if v else "/>"))
        elif c:
            out.append('<table:table-cell office:value-type="string"><text:p>'
                       f"{esc(c)}</text:p></table:table-cell>")
        else:
            out.append("<table:table-cell/>")
    out.append("</table:table-row>")
    return "".join(out)


SURVEY = [["type", "name", "label"], ["text", "nom", "Votre nom ?"]]
CHOICES = [["list_name", "name", "label"]]


def valid(d):
    """Valid workbooks written as LibreOffice does: empty rows and cells
    repeated up to the end of the sheet, values repeated, covered cells,
    several paragraphs, spaces, comments."""
    rows = (ods_row(["type", "name", "label", "hint", ("", 16000)])
            + ods_row(["text", "nom", "Votre nom ?", "", ("", 16000)])
            + '<table:table-row><table:table-cell office:value-type="string">'
            '<text:p>note</text:p></table:table-cell>'
            '<table:table-cell office:value-type="string"><text:p>n'
            '<office:annotation><text:p>un commentaire</text:p>'
            '</office:annotation></text:p></table:table-cell>'
            '<table:table-cell office:value-type="string"><text:p>Bonjour'
            '<text:s text:c="2"/>à <text:span>vous</text:span></text:p>'
            '<text:p>et merci</text:p></table:table-cell>'
            '<table:covered-table-cell/>'
            '<table:table-cell office:value-type="float" office:value="3"/>'
            "</table:table-row>"
            + ods_row(["", ("", 1024)], rep=1048000))
    choices = ods_row(["list_name", "name", "label"]) + ods_row(
        [("x", 3)]) + ods_row([("", 100)], rep=1000000)
    ods(os.path.join(d, "repeats.ods"), [("survey", rows),
                                         ("choices", choices)])


def main(d):
    os.makedirs(d, exist_ok=True)
    p = lambda n: os.path.join(d, n)
    # A workbook without a survey sheet (the questions are elsewhere).
    xlsx(p("bad_sheet.xlsx"), [("Questions", SURVEY), ("choices", CHOICES)])
    # Cells at fault: an unknown type, a list that does not exist.
    xlsx(p("bad_cell.xlsx"), [("survey", [
        ["type", "name", "label", "relevant"],
        ["text", "nom", "Votre nom ?", ""],
        ["txt", "age", "Votre âge ?", ""],
        ["select_one couleurs", "couleur", "Couleur ?", "${nom} = "]])])
    # A zip bomb: 40 MB of spaces in the survey sheet, a few KB packed.
    bomb = (f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'
            + " " * (40 * 1024 * 1024) + "</sheetData></worksheet>")
    xlsx(p("zip_bomb.xlsx"), [("survey", bomb)])
    # Billion laughs in the shared strings.
    laughs = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "ha">'
              + "".join(f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10
                        + '">' for i in range(9))
              + f']><sst xmlns="{MAIN}"><si><t>&j;</t></si></sst>')
    xlsx(p("billion_laughs.xlsx"), [("survey", SURVEY)], strings=laughs)
    # A row of values repeated a million times, and a cell repeated past
    # the last column.
    rows = (ods_row(["type", "name", "label"])
            + ods_row(["text", "nom", "Votre nom ?"])
            + ods_row(["note", "n", "Bonjour"], rep=1000000))
    ods(p("absurd_repeats.ods"), [("survey", rows)])
    rows = (ods_row(["type", "name", "label"])
            + ods_row(["text", "nom", ("Votre nom ?", 100000)]))
    ods(p("absurd_columns.ods"), [("survey", rows)])
    # A cell far to the right of any sheet.
    xlsx(p("far_cell.xlsx"), [("survey", (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>type</t></is></c>'
        '<c r="ZZZ1" t="inlineStr"><is><t>x</t></is></c></row>'
        "</sheetData></worksheet>"))])
    # A ZIP archive that is no workbook, and a cut one.
    with zipfile.ZipFile(p("not_a_workbook.xlsx"), "w") as z:
        z.writestr("notes.txt", "bonjour")
    xlsx(p("truncated.xlsx"), [("survey", SURVEY)])
    data = open(p("truncated.xlsx"), "rb").read()
    open(p("truncated.xlsx"), "wb").write(data[:len(data) // 2])
    # Not well-formed XML in a sheet.
    xlsx(p("bad_xml.xlsx"), [("survey", '<?xml version="1.0"?><worksheet>'
                              "<sheetData><row></sheetData></worksheet>")])


if __name__ == "__main__":
    main(sys.argv[1])
    if len(sys.argv) > 2:
        valid(sys.argv[2])
