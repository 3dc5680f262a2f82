"""Workbooks end to end: `recueil export ... --format xlsx|ods`,
`recueil export workbook` and `recueil forms export`.

Every .xlsx is opened with openpyxl and every .ods with odfpy (the Debian
packages python3-openpyxl and python3-odf): cell types, labels, the frozen
header, the autofilter, the chart of each choice question (.xlsx), values
against the CSV export of the same selection, and no formula in any cell
whatever the answers held (the injection corpus of test_export.py).
"""
import csv
import datetime
import io
import shutil
import zipfile

import pytest
import openpyxl
from odf import opendocument, table, teletype, text

from harness import Cli

TZ = {"TZ": "Europe/Paris"}


# ---- reading workbooks ----------------------------------------------------

def xlsx_sheets(data):
    """{sheet: [[(value, kind)]]} where kind is s, n, d or None (empty)."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            cells = []
            for c in row:
                assert c.data_type != "f", f"formula in {ws.title}!{c.coordinate}"
                if c.value is None:
                    cells.append((None, None))
                elif c.data_type == "s":
                    cells.append((c.value, "s"))
                elif c.is_date:
                    cells.append((c.value, "d"))
                else:
                    assert c.data_type == "n", (ws.title, c.coordinate)
                    cells.append((c.value, "%" if "%" in c.number_format
                                  else "n"))
            rows.append(cells)
        out[ws.title] = rows
    # No formula element anywhere in the archive either.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                body = z.read(name)
                assert b"<f>" not in body and b"<f " not in body, name
    return out


def ods_cell(c):
    kind = c.getAttribute("valuetype")
    assert c.getAttribute("formula") is None, "formula in an .ods cell"
    if kind is None:
        return (None, None)
    if kind == "string":
        return ("\n".join(teletype.extractText(p)
                          for p in c.getElementsByType(text.P)), "s")
    if kind == "float":
        return (float(c.getAttribute("value")), "n")
    if kind == "percentage":
        return (float(c.getAttribute("value")), "%")
    if kind == "date":
        v = c.getAttribute("datevalue")
        return (datetime.datetime.fromisoformat(v) if "T" in v
                else datetime.datetime.fromisoformat(v + "T00:00:00"), "d")
    raise AssertionError(f"unexpected value type {kind}")


def ods_sheets(data):
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == \
            b"application/vnd.oasis.opendocument.spreadsheet"
        assert b"table:formula" not in z.read("content.xml")
    doc = opendocument.load(io.BytesIO(data))
    out = {}
    for t in doc.spreadsheet.getElementsByType(table.Table):
        rows = []
        for r in t.getElementsByType(table.TableRow):
            cells = []
            for c in r.getElementsByType(table.TableCell):
                n = int(c.getAttribute("numbercolumnsrepeated") or 1)
                cells.extend([ods_cell(c)] * n)
            rows.append(cells)
        out[t.getAttribute("name")] = rows
    return out


def sheets(fmt, data):
    return xlsx_sheets(data) if fmt == "xlsx" else ods_sheets(data)


def trim(rows):
    """Rows without their trailing empty cells (.ods pads nothing, openpyxl
    pads to the sheet's width)."""
    out = []
    for r in rows:
        r = list(r)
        while r and r[-1][1] is None:
            r.pop()
        out.append(r)
    return out


def parse_csv(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


# ---- forms export ---------------------------------------------------------

def csv_layout_sheets(data):
    """The sheets of an XLSForm CSV layout: {name: [header, rows...]}."""
    out, cur = {}, None
    for row in parse_csv(data):
        if row and row[0]:
            cur = out.setdefault(row[0], [])
        elif cur is not None and any(row[1:]):
            cells = row[1:]
            while cells and cells[-1] == "":
                cells.pop()
            cur.append(cells)
    return out


@pytest.mark.parametrize("form", ["rencontre-reseau", "visite-structure"])
def test_forms_export_csv_layout_loads_back(cli, tmp_path, form):
    out = tmp_path / "out" / f"{form}.csv"
    out.parent.mkdir()
    cli.run("forms", "export", form, "-o", out)
    p = cli.run("forms", "check", out)
    assert f"ok: form '{form}'" in p.stdout.decode()
    assert p.stderr == b"", p.stderr.decode()
    # Served as it is, the exported file gives the same form again.
    again = tmp_path / "again.csv"
    forms2 = tmp_path / "forms2"
    forms2.mkdir()
    shutil.copy(out, forms2 / f"{form}.csv")
    Cli(tmp_path / "x.db", forms2).run("forms", "export", form, "-o", again)
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_forms_export_workbook_has_the_csv_layouts_cells(cli, tmp_path, fmt):
    for form in ("rencontre-reseau", "visite-structure"):
        layout = csv_layout_sheets(
            cli.run("forms", "export", form, "--format", "csv").stdout)
        data = cli.run("forms", "export", form, "--format", fmt).stdout
        got = sheets(fmt, data)
        assert list(got) == ["survey", "choices", "settings",
                             "indicators"][:len(got)]
        assert set(got) == set(layout)
        for name, rows in layout.items():
            cells = [[v if v is not None else "" for v, _ in r]
                     for r in trim(got[name])]
            assert cells == rows, name
            for r in got[name]:
                assert all(k in ("s", None) for _, k in r), name


def test_forms_export_format_from_file_name_and_errors(cli, tmp_path):
    out = tmp_path / "f.ods"
    cli.run("forms", "export", "rencontre-reseau", "-o", out)
    assert out.read_bytes()[30:38] == b"mimetype"
    p = cli.run("forms", "export", "nope", check=False)
    assert p.returncode == 2 and "nope" in p.stderr.decode()
    p = cli.run("forms", "export", "rencontre-reseau", "--format", "xls",
                check=False)
    assert p.returncode == 2 and "xls" in p.stderr.decode()
    p = cli.run("forms", "export", check=False)
    assert p.returncode == 2
    p = cli.run("forms", "export", "rencontre-reseau", "-o",
                tmp_path / "missing" / "f.xlsx", check=False)
    assert p.returncode == 1
    assert not (tmp_path / "missing").exists()
