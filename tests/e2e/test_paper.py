"""Paper, for those without a phone (issue 16): the staff print a meeting's
form on A4 and type each filled sheet in; the sheets go through the phone
form's rules, are numbered so that none is typed twice, and come out with
the channel "paper" in the responses export and in the stats.
"""
import csv
import io
import re

from harness import form_token
from test_admin import session, staff  # noqa: F401 - the fixture

SHEET = {"role": "habitant", "centre": "autre", "centre_autre": "Bourges",
         "premiere_fois": "oui", "satisfaction": "5",
         "retiens": "On s'est bien compris", "envies": ["visiter"]}


def export(cli, kind, *args):
    data = cli.run("export", kind, "--header", "names",
                   *args).stdout.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(data, newline="")))


def typing_page(s, code):
    page = s.get(f"/admin/meetings/{code}/saisie")
    assert page.status == 200, page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return page, csrf, form_token(page.text)


def test_the_paper_form_has_every_question_and_boxes(daemon, staff):
    code = staff.meeting(title="Rencontre à Vierzon")
    assert daemon.get(f"/admin/meetings/{code}/papier").status == 303
    s = session(daemon, "bob")
    page = s.get(f"/admin/meetings/{code}/papier")
    assert page.status == 200
    t = page.text
    assert "Rencontre à Vierzon" in t and "Feuille n°" in t
    assert "<svg" in t                         # the QR code, for phones
    for label in ("Vous êtes…", "De quel centre social venez-vous ?",
                  "Quel centre ?", "Un commentaire ?"):
        assert label in t
    # A box per choice: 4 roles, 9 centres, 2, 5 ratings, 4 wishes.
    assert t.count('<span class="box"></span>') == 4 + 9 + 2 + 5 + 4
    assert "Cochez une seule case." in t
    assert "Cochez une ou plusieurs cases." in t
    # When to answer the conditional question, in words.
    assert ("Seulement si vous avez répondu « Autre » ou « Un autre "
            "centre du réseau régional » à la question 2.") in t
    assert "Vos réponses sont anonymes" in t     # the privacy notice
    assert "@page{size:A4" in t


def test_two_sheets_typed_come_out_as_paper(daemon, staff):
    code = staff.meeting()
    s = session(daemon, "bob")
    page, csrf, token = typing_page(s, code)
    assert "Feuilles papier saisies pour cette rencontre : 0." in page.text
    assert 'name="_feuille"' in page.text and 'value="1"' in page.text
    r = s.post(f"/admin/meetings/{code}/saisie",
               dict(SHEET, csrf=csrf, _token=token, _feuille="1"))
    assert r.status == 303, r.text
    assert r.header("Location").endswith("/saisie?feuille=1")
    # A double click on the same page: stored once.
    r = s.post(f"/admin/meetings/{code}/saisie",
               dict(SHEET, csrf=csrf, _token=token, _feuille="1"))
    assert r.status == 303
    page = s.get(f"/admin/meetings/{code}/saisie?feuille=1")
    assert "Feuille n° 1 enregistrée." in page.text
    assert "Feuilles papier saisies pour cette rencontre : 1." in page.text
    assert re.search(r'id="q-_feuille"[^>]*value="2"', page.text)

    # Sheet 1 again: refused, everything typed kept.
    _, csrf, token = typing_page(s, code)
    again = dict(SHEET, role="benevole", centre="vierzon", csrf=csrf,
                 _token=token, _feuille="1")
    r = s.post(f"/admin/meetings/{code}/saisie", again)
    assert r.status == 422
    assert "Cette feuille est déjà saisie" in r.text
    assert 'value="benevole" checked' in r.text
    # The same rules as the phone form: the role is required.
    r = s.post(f"/admin/meetings/{code}/saisie",
               dict(again, role="", _feuille="2"))
    assert r.status == 422 and 'id="q-role-err"' in r.text
    r = s.post(f"/admin/meetings/{code}/saisie", dict(again, _feuille="2"))
    assert r.status == 303

    # A phone answer beside them.
    phone = daemon.get(f"/r/{code}")
    r = daemon.post(f"/r/{code}", dict(SHEET, _token=form_token(phone.text)))
    assert r.status == 303

    rows = export(staff, "responses", "--meeting", code, "--codes")
    # Rows of one period come in no particular order (ids do not tell it):
    # compare them as a sorted list.  Sheet 2's "centre_autre" was not
    # relevant (centre vierzon): not stored.
    assert sorted((r["channel"], r["role"], r["centre_autre"])
                  for r in rows) == [("paper", "benevole", ""),
                                     ("paper", "habitant", "Bourges"),
                                     ("phone", "habitant", "Bourges")]
    labels = export(staff, "responses", "--meeting", code)
    assert sorted(r["channel"] for r in labels) == ["papier", "papier",
                                                    "web"]
    stats = {(r["question"], r["choice"]): r["count"]
             for r in export(staff, "stats", "--meeting", code)}
    assert stats[("channel", "paper")] == "2"
    assert stats[("channel", "phone")] == "1"
    assert stats[("channel", "kiosk")] == "0"


def test_typing_needs_a_session_and_its_csrf_token(daemon, staff):
    code = staff.meeting()
    r = daemon.post(f"/admin/meetings/{code}/saisie",
                    dict(SHEET, _feuille="1"))
    assert r.status in (303, 403)
    s = session(daemon, "bob")
    _, _, token = typing_page(s, code)
    r = s.post(f"/admin/meetings/{code}/saisie",
               dict(SHEET, csrf="nope", _token=token, _feuille="1"))
    assert r.status == 403
    assert export(staff, "responses", "--meeting", code) == []
