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
    assert f"ok : questionnaire « {form} »" in p.stdout.decode()
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


# ---- exports ----------------------------------------------------------------



def gen(db, forms, *args):
    import subprocess
    from harness import BUILD
    subprocess.run([str(BUILD / "tools" / "gen"), "--db", str(db),
                    "--forms", str(forms), *[str(a) for a in args]],
                   check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def gen_cli(tmp_path_factory):
    """52 generated responses to the two bundled forms, in 7 meetings."""
    from harness import ROOT
    d = tmp_path_factory.mktemp("wb")
    forms = d / "forms"
    shutil.copytree(ROOT / "tests" / "e2e" / "fixtures" / "export-forms",
                    forms)
    gen(d / "g.db", forms, "--seed", 3, "--responses", 40, "--meetings", 5,
        "--form", "rencontre-reseau")
    gen(d / "g.db", forms, "--seed", 4, "--responses", 12, "--meetings", 2,
        "--form", "visite-structure")
    return Cli(d / "g.db", forms)


SHEET = {"responses": "Réponses", "stats": "Statistiques",
         "evaluation": "Évaluation"}


def unneutralise(cell):
    if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return cell[1:]
    return cell


def same_cell(csv_cell, wb_cell, where):
    """A workbook cell holds what the CSV cell says, with its type."""
    value, kind = wb_cell
    if kind is None:
        assert csv_cell == "", where
    elif kind == "s":
        # Line breaks are one LF in a workbook cell.
        assert value == unneutralise(csv_cell).replace("\r\n", "\n") \
            .replace("\r", "\n"), where
    elif kind == "n":
        assert value == pytest.approx(float(csv_cell), abs=1e-9), where
    elif kind == "%":
        assert value * 100 == pytest.approx(float(csv_cell), abs=1e-9), where
    elif kind == "d":
        if "T" in csv_cell:
            assert value == datetime.datetime.fromisoformat(
                csv_cell[:19]), where
        else:
            assert value == datetime.datetime.fromisoformat(
                csv_cell + "T00:00:00"), where
    else:
        raise AssertionError(where)


def check_against_csv(csv_rows, wb_rows, name):
    wb_rows = trim(wb_rows)
    assert len(wb_rows) == len(csv_rows), name
    for i, (c, w) in enumerate(zip(csv_rows, wb_rows)):
        assert len(w) <= len(c), (name, i)
        w = w + [(None, None)] * (len(c) - len(w))
        for j, (a, b) in enumerate(zip(c, w)):
            same_cell(a, b, f"{name} row {i + 1} col {j + 1}")
    # The header row is text.
    assert all(k == "s" for _, k in wb_rows[0] if k is not None)


EXPORTS = [
    ["responses", "--form", "rencontre-reseau"],
    ["responses", "--form", "visite-structure", "--codes"],
    ["stats"],
    ["stats", "--by", "meeting"],
    ["stats", "--form", "rencontre-reseau", "--min-count", "5"],
    ["evaluation"],
    ["evaluation", "--from", "2026-01-01", "--to", "2026-06-30"],
]


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
@pytest.mark.parametrize("args", EXPORTS, ids=lambda a: "-".join(a))
def test_workbook_export_holds_the_csv_values_typed(gen_cli, fmt, args):
    csv_rows = parse_csv(gen_cli.run("export", *args, env=TZ).stdout)
    data = gen_cli.run("export", *args, "--format", fmt, env=TZ).stdout
    got = sheets(fmt, data)
    assert list(got) == [SHEET[args[0]]]
    rows = got[SHEET[args[0]]]
    check_against_csv(csv_rows, rows, " ".join(args))
    kinds = {k for r in rows[1:] for _, k in r}
    if args[0] == "responses":
        assert {"s", "n", "d"} <= kinds
    if args[0] == "stats":
        assert {"s", "n", "%"} <= kinds


def choice_questions(csv_rows, by_meeting):
    """(block, question) pairs of choice questions in a stats CSV."""
    head = csv_rows[0]
    q, t = head.index("question"), head.index("type")
    lead = 4 if by_meeting else 1
    return {(tuple(r[:lead]), r[q]) for r in csv_rows[1:]
            if r[t] in ("select_one", "select_multiple")}


@pytest.mark.parametrize("args", [["stats"], ["stats", "--by", "meeting"]])
def test_xlsx_stats_has_a_bar_chart_per_choice_question(gen_cli, args):
    csv_rows = parse_csv(gen_cli.run("export", *args, "--header", "names",
                                     env=TZ).stdout)
    want = len(choice_questions(csv_rows, len(args) > 1))
    data = gen_cli.run("export", *args, "--format", "xlsx", env=TZ).stdout
    ws = openpyxl.load_workbook(io.BytesIO(data))["Statistiques"]
    assert want > 0 and len(ws._charts) == want
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == want
        body = z.read(charts[0]).decode()
        assert "<c:barChart>" in body and "Statistiques" in body


@pytest.mark.parametrize("kind", ["responses", "stats", "evaluation"])
def test_xlsx_header_frozen_with_autofilter_and_widths(gen_cli, kind):
    data = gen_cli.run("export", kind, "--form", "rencontre-reseau",
                       "--format", "xlsx", env=TZ).stdout
    ws = openpyxl.load_workbook(io.BytesIO(data))[SHEET[kind]]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    assert all(ws.column_dimensions[ws.cell(1, c).column_letter].width >= 8
               for c in range(1, ws.max_column + 1))
    assert ws["A1"].font.b


def test_ods_header_frozen_with_autofilter(gen_cli):
    data = gen_cli.run("export", "responses", "--form", "rencontre-reseau",
                       "--format", "ods", env=TZ).stdout
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        settings = z.read("settings.xml").decode()
        content = z.read("content.xml").decode()
    assert 'config:name="Réponses"><config:config-item ' \
        'config:name="VerticalSplitMode" config:type="short">2' in settings
    assert "table:display-filter-buttons=\"true\"" in content


def test_format_csv_is_the_default_bytes(gen_cli):
    for args in EXPORTS:
        a = gen_cli.run("export", *args, env=TZ).stdout
        b = gen_cli.run("export", *args, "--format", "csv", env=TZ).stdout
        assert a == b


def test_same_export_same_bytes(gen_cli):
    for fmt in ("xlsx", "ods"):
        a = gen_cli.run("export", "workbook", "--format", fmt, env=TZ).stdout
        b = gen_cli.run("export", "workbook", "--format", fmt, env=TZ).stdout
        assert a == b


def test_bad_format_and_csv_workbook_are_usage_errors(gen_cli):
    p = gen_cli.run("export", "stats", "--format", "xls", check=False)
    assert p.returncode == 2 and "xls" in p.stderr.decode()
    p = gen_cli.run("export", "workbook", "--format", "csv", check=False)
    assert p.returncode == 2


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_export_workbook_holds_every_table_and_the_paroles(gen_cli, fmt,
                                                           tmp_path):
    out = tmp_path / f"bilan.{fmt}"
    gen_cli.run("export", "workbook", "--form", "rencontre-reseau", "-o", out,
                env=TZ)
    got = sheets(fmt, out.read_bytes())
    assert list(got) == ["Réponses", "Statistiques", "Évaluation", "Paroles"]
    for kind in ("responses", "stats", "evaluation"):
        csv_rows = parse_csv(gen_cli.run("export", kind, "--form",
                                         "rencontre-reseau", env=TZ).stdout)
        check_against_csv(csv_rows, got[SHEET[kind]], kind)
    # Paroles: every non-empty free-text answer, nothing that identifies.
    responses = parse_csv(gen_cli.run("export", "responses", "--form",
                                      "rencontre-reseau", env=TZ).stdout)
    head = responses[0]
    texts = sorted(unneutralise(r[head.index(q)]).replace("\r\n", "\n")
                   for r in responses[1:]
                   for q in ("retiens", "changer", "commentaire", "centre_autre")
                   if r[head.index(q)] != "")
    paroles = trim(got["Paroles"])
    header = [v for v, _ in paroles[0]]
    assert header == ["rencontre", "date", "question", "réponse"]
    assert sorted(r[3][0] for r in paroles[1:]) == texts
    assert all(r[1][1] == "d" for r in paroles[1:])
    assert len(texts) > 0


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_workbooks_keep_what_residents_typed_and_hold_no_formula(
        daemon, cli, fmt):
    from test_export import TRICKY, answer
    code = cli.meeting("rencontre-reseau", "Réunion \"test\", =1+1",
                       "2026-11-20")
    for i, t in enumerate(TRICKY):
        answer(daemon, code, {"role": "habitant", "centre": "vierzon",
                              "premiere_fois": "oui",
                              "satisfaction": str(1 + i % 5), "retiens": t,
                              "changer": t[::-1], "envies": ["non"]})
    data = cli.run("export", "workbook", "--format", fmt).stdout
    got = sheets(fmt, data)   # asserts no formula anywhere
    rows = got["Réponses"]
    head = [v for v, _ in rows[0]]
    retiens = [r[head.index("retiens")] for r in rows[1:]]
    assert {kind for _, kind in retiens} == {"s"}
    # Rows of one period come in no particular order (issue 17).
    assert sorted(value for value, _ in retiens) == \
        sorted(t.strip().replace("\r\n", "\n") for t in TRICKY)
    assert rows[1][head.index("Rencontre")] == \
        ("Réunion \"test\", =1+1", "s")
    paroles = {r[3][0] for r in got["Paroles"][1:]}
    assert {t.strip().replace("\r\n", "\n") for t in TRICKY} <= paroles
    for sheet in got.values():
        for r in sheet:
            for v, k in r:
                assert not (k == "s" and v[:1] == "'"), v


# ---- the staff exports page ---------------------------------------------------

def test_staff_downloads_are_the_cli_workbooks(daemon, cli):
    from test_admin import answer as staff_answer, session
    cli.run("user", "add", "bob", "--role", "professional",
            input=b"motdepasse-bob\n")
    code = cli.meeting("rencontre-reseau", "Réseau", "2026-10-01")
    staff_answer(daemon, code, {"role": "habitant", "centre": "vierzon",
                                "premiere_fois": "oui", "satisfaction": "4",
                                "retiens": "=1+2, \"citation\"\nligne",
                                "envies": ["visiter"]})
    bob = session(daemon, "bob")
    page = bob.get("/admin/export")
    for needle in ('name="format" value="xlsx"', 'name="format" value="ods"',
                   'formaction="/admin/export/workbook.xlsx"'):
        assert needle in page.text
    cases = [
        ("responses.xlsx", ["responses", "--format", "xlsx"],
         "recueil-reponses.xlsx"),
        ("stats.ods", ["stats", "--format", "ods"], "recueil-stats.ods"),
        ("evaluation.csv?format=xlsx", ["evaluation", "--format", "xlsx"],
         "recueil-evaluation.xlsx"),
        ("workbook.xlsx?format=csv&by=meeting",
         ["workbook", "--by", "meeting"], "recueil-classeur.xlsx"),
        ("workbook.ods", ["workbook", "--format", "ods"],
         "recueil-classeur.ods"),
    ]
    for path, args, name in cases:
        r = bob.get("/admin/export/" + path)
        assert r.status == 200, (path, r.text)
        assert r.body == cli.run("export", *args).stdout, path
        assert r.header("Content-Disposition") == \
            f'attachment; filename="{name}"'
        ext = name.rsplit(".", 1)[1]
        assert r.header("Content-Type").startswith(
            "application/vnd.openxmlformats" if ext == "xlsx" else
            "application/vnd.oasis.opendocument.spreadsheet")
        sheets(ext, r.body)
    assert bob.get("/admin/export/workbook.csv").status == 404
    assert bob.get("/admin/export/stats.xls").status == 404
    assert bob.get("/admin/export/stats.xlsx?format=doc").status == 400


def test_long_ods_export_is_whole_past_the_width_sample(tmp_path):
    """An .ods sheet's first 1000 rows set its column widths; the rows
    after them are streamed: every one must still be there."""
    from harness import ROOT
    forms = tmp_path / "forms"
    shutil.copytree(ROOT / "tests" / "e2e" / "fixtures" / "export-forms",
                    forms)
    gen(tmp_path / "l.db", forms, "--seed", 5, "--responses", 1300,
        "--meetings", 3, "--form", "rencontre-reseau")
    cli = Cli(tmp_path / "l.db", forms)
    args = ["responses", "--form", "rencontre-reseau"]
    csv_rows = parse_csv(cli.run("export", *args, env=TZ).stdout)
    assert len(csv_rows) == 1301
    data = cli.run("export", *args, "--format", "ods", env=TZ).stdout
    check_against_csv(csv_rows, ods_sheets(data)["Réponses"], "long ods")


def test_staff_forms_page_downloads_each_form_as_the_cli_does(daemon, cli):
    from test_admin import session
    cli.run("user", "add", "alice", "--role", "coordinator",
            input=b"password\n")
    alice = session(daemon, "alice")
    page = alice.get("/admin/forms")
    assert page.status == 200
    for form in ("rencontre-reseau", "visite-structure"):
        for fmt in ("xlsx", "ods", "csv"):
            assert f'href="/admin/forms/{form}.{fmt}"' in page.text
            r = alice.get(f"/admin/forms/{form}.{fmt}")
            assert r.status == 200, r.text
            assert r.body == cli.run("forms", "export", form, "--format",
                                     fmt).stdout
            assert r.header("Content-Disposition") == \
                f'attachment; filename="{form}.{fmt}"'
    assert alice.get("/admin/forms/nope.xlsx").status == 404
    assert alice.get("/admin/forms/rencontre-reseau.pdf").status == 404
