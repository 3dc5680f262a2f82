"""Forms as .xlsx and .ods workbooks, end to end: made by the test itself
with python3-openpyxl and python3-odf (tests/tools/csv2book.py), checked
with the real `recueil forms check`, uploaded through the staff page,
served to a phone; and the corpus of broken workbooks, each refused with
its exact messages."""
import os
import pathlib
import re
import subprocess

import pytest

from harness import ROOT
from test_admin import publish, session, staff, upload  # noqa: F401

BUILD = pathlib.Path(os.environ.get("RECUEIL_BUILD", ROOT / "build"))
RECUEIL = BUILD / "recueil"
CSV2BOOK = ROOT / "tests" / "tools" / "csv2book.py"
BROKEN = ROOT / "tests" / "forms" / "broken"
BUNDLED = ["rencontre-reseau", "visite-structure"]


def check(*args):
    return subprocess.run([str(RECUEIL), "forms", "check", *args], cwd=ROOT,
                          capture_output=True, timeout=60)


def book(src, out, *opts):
    subprocess.run(["/usr/bin/python3", str(CSV2BOOK), str(src), str(out),
                    *opts], check=True, timeout=60)
    return out


def summary(r):
    """The ok line of `forms check` without its file name."""
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout.decode().split(": ", 1)[1]


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("ext,opts", [
    ("xlsx", ()), ("xlsx", ("--numbers", "--hide", "choices")),
    ("ods", ()), ("ods", ("--numbers", "--case", "--hide", "settings"))])
def test_bundled_form_as_a_workbook_checks_like_its_csv(tmp_path, name, ext,
                                                        opts):
    wb = book(ROOT / "forms" / f"{name}.csv", tmp_path / f"{name}.{ext}",
              *opts)
    want = summary(check(f"forms/{name}.csv"))
    r = check(str(wb))
    assert r.stderr == b""
    assert summary(r) == want


@pytest.mark.parametrize("path", sorted(
    p for p in BROKEN.iterdir() if p.suffix in (".xlsx", ".ods")),
    ids=lambda p: p.name)
def test_broken_workbook_prints_exact_messages_and_exits_1(path):
    r = check(str(path.relative_to(ROOT)))
    assert r.returncode == 1
    assert r.stdout == b""
    want = path.with_suffix(".expected").read_text(encoding="utf-8")
    assert r.stderr.decode("utf-8") == want


def test_workbook_errors_name_the_sheet_and_cell(tmp_path):
    src = tmp_path / "erreurs.csv"
    src.write_text("survey,,,\n,type,name,label\n,text,a,A ?\n"
                   ",select_one couleurs,b,B ?\n,txt,c,C ?\n",
                   encoding="utf-8")
    for ext in ("xlsx", "ods"):
        wb = book(src, tmp_path / f"erreurs.{ext}")
        r = check(str(wb))
        assert r.returncode == 1
        lines = r.stderr.decode().splitlines()
        assert lines[0].startswith(f"{wb}:survey!A3: error: la liste de "
                                   "choix « couleurs » n'est pas définie"), lines
        assert lines[1].startswith(f"{wb}:survey!A4: error: type « txt » "
                                   "inconnu"), lines
    # The CSV layout names the line and column for editors, the cell for
    # people.
    r = check(str(src))
    assert r.stderr.decode().splitlines()[0].startswith(
        f"{src}:4:2: error: survey!B4: la liste de choix « couleurs »")


def test_upload_page_offers_workbooks(daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    page = alice.get("/admin/forms").text
    accept = re.search(r'name="file" accept="([^"]*)"', page).group(1)
    for what in (".xlsx", ".ods", ".csv",
                 "application/vnd.oasis.opendocument.spreadsheet",
                 "application/vnd.openxmlformats-officedocument."
                 "spreadsheetml.sheet"):
        assert what in accept.split(","), accept


def test_uploaded_workbooks_are_installed_and_served(daemon, staff,  # noqa
                                                      forms_dir, cli,
                                                      tmp_path):
    alice = session(daemon, "alice")
    csv_src = (forms_dir / "visite-structure.csv").read_text("utf-8")
    bis = tmp_path / "visite-bis.csv"
    bis.write_text(csv_src.replace("visite-structure", "visite-bis"),
                   encoding="utf-8")
    xlsx = book(bis, tmp_path / "visite-bis.xlsx", "--numbers")
    r = publish(alice, upload(alice, xlsx.read_bytes(), "visite-bis.xlsx"))
    assert r.status == 200, r.text
    assert "est publié" in r.text
    assert (forms_dir / "visite-bis.xlsx").read_bytes() == xlsx.read_bytes()
    # The same form again as .ods replaces the .xlsx: one file per form.
    ods = book(bis, tmp_path / "visite-bis.ods", "--case")
    r = publish(alice, upload(alice, ods.read_bytes(), "visite-bis.ods"))
    assert r.status == 200, r.text
    assert (forms_dir / "visite-bis.ods").exists()
    assert not (forms_dir / "visite-bis.xlsx").exists()
    assert not any(p.name.startswith(".") for p in forms_dir.iterdir())
    code = cli.meeting(form="visite-bis")
    page = daemon.get(f"/r/{code}")
    assert page.status == 200
    assert "De quel centre social venez-vous ?" in page.text


def test_upload_of_a_broken_workbook_names_the_cell(daemon, staff,  # noqa
                                                    forms_dir):
    alice = session(daemon, "alice")
    before = {p.name: p.read_bytes() for p in forms_dir.iterdir()}
    r = upload(alice, (BROKEN / "bad_cell.xlsx").read_bytes(),
               "bad_cell.xlsx")
    assert r.status == 422
    assert "bad_cell.xlsx:survey!A3: error: type « txt » inconnu" in r.text
    assert "NUL" not in r.text
    for name in ("zip_bomb.xlsx", "billion_laughs.xlsx",
                 "absurd_repeats.ods"):
        r = upload(alice, (BROKEN / name).read_bytes(), name)
        assert r.status == 422
        assert "classeur" in r.text or "répétée" in r.text
        assert daemon.get("/healthz").status == 200
    assert {p.name: p.read_bytes() for p in forms_dir.iterdir()} == before


def test_comment_rows_and_columns_are_skipped_in_workbooks(tmp_path):
    """Rows whose first cell starts with '#', and '#' columns, are comments
    in a workbook as in the CSV layout (issue 13, item 3)."""
    src = ROOT / "tests" / "forms" / "valid" / "comments.csv"
    plain = tmp_path / "comments.csv"
    # The CSV layout's own comment records (a '#' where sheet names go)
    # have no place in a workbook.
    plain.write_text("".join(line for line in src.read_text("utf-8")
                             .splitlines(keepends=True)
                             if not line.startswith("#")), "utf-8")
    want = summary(check(str(src)))
    assert want.endswith("3 questions, 0 indicateur, 0 avertissement\n"), want
    for ext in ("xlsx", "ods"):
        wb = book(plain, tmp_path / f"comments.{ext}")
        assert summary(check(str(wb))) == want
