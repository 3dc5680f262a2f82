"""More of XLSForm answered on the public page (issue 13): `or_other`
(an « Autre » choice and a text question shown for it) and `calculate`
(computed on the server, stored, never shown nor taken from the client).
The form is uploaded through the staff page and published, then answered
and exported."""
import csv
import io
import re
import shutil

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
