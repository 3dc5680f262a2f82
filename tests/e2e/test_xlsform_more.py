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
    # Rows of one day come in no particular order (issue 17).
    first, second = sorted(rows, key=lambda r: r["role"] != "other")
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
        assert "ok : questionnaire « autre_calcul »".encode() in r.stdout, \
            r.stderr
        assert b"0 avertissement" in r.stdout, r.stderr


CASCADE = ROOT / "tests" / "forms" / "valid" / "cascade.csv"


def offered(page, name):
    """The values offered for question `name` on a page."""
    radios = re.findall(rf'name="{name}"(?: id="[^"]*")? value="([^"]*)"',
                        page)
    return radios + re.findall(rf'<select name="{name}".*?</select>', page,
                               re.S)


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


IMAGES = ROOT / "tests" / "forms" / "valid" / "images.csv"
# The smallest PNG: 1x1, transparent.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44"
    "ae426082")


@pytest.fixture
def with_images(forms_dir):
    shutil.copy(IMAGES, forms_dir / "images.csv")
    for name in ("visage.png", "face.png", "smiley-1.png", "smiley-2.PNG",
                 "inutile.png"):
        (forms_dir / name).write_bytes(PNG)
    (forms_dir / "secret.txt").write_text("secret")
    (forms_dir / "gros.png").write_bytes(b"\0" * (512 * 1024 + 1))


def test_images_are_shown_and_served_with_their_type(with_images, daemon,
                                                     staff, cli):
    code = cli.meeting(form="images")
    page = daemon.get(f"/r/{code}").text
    # The question's picture says what its label says; a choice's picture
    # sits beside its label.
    assert '<img class="img" src="/media/visage.png" alt="Comment allez-' \
        'vous ?">' in page
    assert 'src="/media/smiley-1.png" alt=""' in page
    assert 'src="/media/face.png"' in daemon.get(f"/r/{code}?lang=en").text
    r = daemon.get("/media/smiley-2.PNG")
    assert r.status == 200 and r.body == PNG
    assert r.header("Content-Type") == "image/png"
    assert r.header("Cache-Control") == "public, max-age=86400"
    assert r.header("X-Content-Type-Options") == "nosniff"
    # Only the pictures a served form shows, never another file.
    for path in ("/media/inutile.png", "/media/secret.txt",
                 "/media/..%2fimages.csv", "/media/images.csv",
                 "/media/absent.png", "/media/"):
        assert daemon.get(path).status == 404, path


@pytest.fixture
def with_big_image(forms_dir):
    src = IMAGES.read_text("utf-8").replace("visage.png", "gros.png")
    (forms_dir / "images.csv").write_text(src, "utf-8")
    (forms_dir / "smiley-1.png").write_bytes(PNG)
    (forms_dir / "gros.png").write_bytes(b"\0" * (512 * 1024 + 1))


def test_an_image_over_the_cap_is_not_served(with_big_image, daemon, cli):
    code = cli.meeting(form="images")
    assert 'src="/media/gros.png"' in daemon.get(f"/r/{code}").text
    assert daemon.get("/media/smiley-1.png").status == 200
    assert daemon.get("/media/gros.png").status == 404
