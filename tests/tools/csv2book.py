#!/usr/bin/python3
"""Turn a form in the single-file CSV layout into an .xlsx (openpyxl) or
.ods (odfpy) workbook with one sheet per CSV sheet, as a coordinator's
spreadsheet would hold it.  Used by the tests to make workbook versions of
the bundled forms and of the corpus; `--hide choices` hides a sheet,
`--numbers` stores cells that read as numbers as numbers, `--case`
capitalises sheet names.

    csv2book.py FORM.csv OUT.xlsx|OUT.ods [--hide SHEET] [--numbers] [--case]
"""
import csv
import io
import sys


def read_layout(path):
    """[(sheet name, [rows])]: the CSV layout split into its sheets."""
    raw = open(path, "rb").read().decode("utf-8-sig")
    first = raw.splitlines()[0] if raw else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    sheets = []
    for rec in csv.reader(io.StringIO(raw, newline=""), delimiter=sep):
        rec = [c.strip() for c in rec]
        if not any(rec):
            continue
        if rec[0]:
            sheets.append((rec[0], []))
            if any(rec[1:]):
                sheets[-1][1].append(rec[1:])
        elif sheets:
            sheets[-1][1].append(rec[1:])
    return sheets


def as_number(v):
    try:
        f = float(v)
    except ValueError:
        return v
    if not v or v.strip() != v or v.lower() in ("nan", "inf", "-inf"):
        return v
    return int(f) if f.is_integer() and "." not in v and "e" not in v.lower() else f


def write_xlsx(sheets, out, hide, numbers):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append([as_number(v) if numbers else v for v in r])
        if name.lower() in hide:
            ws.sheet_state = "hidden"
    wb.save(out)


def write_ods(sheets, out, hide, numbers):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import Table, TableRow, TableCell
    from odf.text import P
    doc = OpenDocumentSpreadsheet()
    hidden = Style(name="hiddentable", family="table")
    hidden.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden)
    for name, rows in sheets:
        kw = {"stylename": hidden} if name.lower() in hide else {}
        t = Table(name=name, **kw)
        for r in rows:
            tr = TableRow()
            for v in r:
                n = as_number(v) if numbers else v
                if isinstance(n, (int, float)) and not isinstance(n, bool):
                    c = TableCell(valuetype="float", value=n)
                else:
                    c = TableCell(valuetype="string")
                for i, line in enumerate(v.split("\n")):
                    if v:
                        c.addElement(P(text=line))
                tr.addElement(c)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(out)


def main(argv):
    src, out = argv[1], argv[2]
    hide = set()
    numbers = "--numbers" in argv
    if "--hide" in argv:
        hide.add(argv[argv.index("--hide") + 1].lower())
    sheets = read_layout(src)
    if "--case" in argv:
        sheets = [(n.capitalize(), rows) for n, rows in sheets]
    if out.endswith(".xlsx"):
        write_xlsx(sheets, out, hide, numbers)
    else:
        write_ods(sheets, out, hide, numbers)


if __name__ == "__main__":
    main(sys.argv)
