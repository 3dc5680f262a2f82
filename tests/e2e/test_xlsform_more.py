"""More of XLSForm answered on the public page (issue 13): `or_other`
(an « Autre » choice and a text question shown for it) and `calculate`
(computed on the server, stored, never shown nor taken from the client).
The form is uploaded through the staff page and published, then answered
and exported."""
import csv
import io
import re
import shutil

import pytest

from harness import ROOT, form_token
from test_admin import publish, session, staff, upload  # noqa: F401

FORM = ROOT / "tests" / "forms" / "valid" / "autre_calcul.csv"


def answer(daemon, code, fields):
    page = daemon.get(f"/r/{code}")
    assert page.status == 200
    return daemon.post(f"/r/{code}", dict(fields, _token=form_token(
        page.text)))


def responses(cli):
    out = cli.run("export", "responses", "--codes", "--form",
                  "autre_calcul").stdout.decode("utf-8")
    return list(csv.DictReader(io.StringIO(out)))


def test_or_other_and_calculate_through_upload_answer_and_export(
        daemon, staff, cli):
    alice = session(daemon, "alice")
    r = publish(alice, upload(alice, FORM.read_bytes(), "autre_calcul.csv"))
    assert r.status == 200 and "est publié" in r.text, r.text
    code = cli.meeting(form="autre_calcul")
    page = daemon.get(f"/r/{code}").text
    # "Autre" closes the list, with its text question; no field for the
    # calculations.
    assert re.search(r'name="role"[^>]*value="other"', page)
    assert "Autre" in page and 'name="role_other"' in page
    assert "Si autre, précisez" in page
    assert 'name="total"' not in page and 'name="famille"' not in page
    en = daemon.get(f"/r/{code}?lang=en").text
    assert "Other" in en and "If other, please specify:" in en
    # The text is kept when "other" is chosen, a forged total is ignored.
    r = answer(daemon, code, {"role": "other", "role_other": "Animatrice",
                              "envies": "visiter", "envies_other": "x",
                              "adultes": "2", "enfants": "1",
                              "total": "999", "precision": "Au centre"})
    assert r.status == 303, r.text
    # Without "other", its text question is irrelevant: not stored.
    r = answer(daemon, code, {"role": "habitant", "role_other": "oublié",
                              "adultes": "1", "enfants": "0"})
    assert r.status == 303, r.text
    rows = responses(cli)
    assert len(rows) == 2
    first, second = rows
    assert first["role"] == "other" and first["role_other"] == "Animatrice"
    assert first["envies_other"] == ""
    assert first["total"] == "3" and first["famille"] == "true"
    assert first["precision"] == "Au centre"
    assert second["role_other"] == "" and second["total"] == "1"
    assert second["famille"] == ""


def test_or_other_round_trips_through_forms_export(daemon, staff, cli,
                                                   forms_dir, tmp_path):
    shutil.copy(FORM, forms_dir / "autre_calcul.csv")
    for fmt in ("csv", "xlsx", "ods"):
        out = tmp_path / f"autre_calcul.{fmt}"
        cli.run("forms", "export", "autre_calcul", "--format", fmt,
                "-o", str(out))
        r = cli.run("forms", "check", str(out))
        assert b"ok: form 'autre_calcul'" in r.stdout, r.stderr
        assert b"0 warnings" in r.stdout, r.stderr


CASCADE = ROOT / "tests" / "forms" / "valid" / "cascade.csv"


def offered(page, name):
    """The values offered for question `name` on a page."""
    return re.findall(rf'name="{name}" id="[^"]*" value="([^"]*)"', page) + \
        re.findall(rf'<select name="{name}".*?</select>', page, re.S)


@pytest.fixture
def with_cascade(forms_dir):
    """The cascade form in the forms directory before the daemon starts."""
    shutil.copy(CASCADE, forms_dir / "cascade.csv")


def test_choice_filter_is_enforced_and_the_page_comes_back_filtered(
        with_cascade, daemon, staff, cli):
    code = cli.meeting(form="cascade")
    first = daemon.get(f"/r/{code}").text
    # Nothing answered yet: every commune is offered.
    assert set(offered(first, "commune")) >= {"bourges", "chateauroux"}
    # A commune of another département is refused, and the page comes back
    # with the communes of the chosen one only.
    r = answer(daemon, code, {"departement": "cher",
                              "commune": "chateauroux"})
    assert r.status == 422, r.text
    assert "Choisissez une des réponses proposées." in r.text
    assert offered(r.text, "commune") == ["bourges", "vierzon"]
    # (the commune typed, Châteauroux, is excluded by "name != ${commune}")
    assert offered(r.text, "autres") == ["le_blanc", "other"]
    r = answer(daemon, code, {"departement": "cher", "commune": "vierzon",
                              "autres": ["le_blanc", "other"],
                              "autres_other": "Issoudun"})
    assert r.status == 303, r.text
    out = cli.run("export", "responses", "--codes", "--form",
                  "cascade").stdout.decode("utf-8")
    row = list(csv.DictReader(io.StringIO(out)))[0]
    assert row["commune"] == "vierzon"
    assert row["autres_other"] == "Issoudun"
