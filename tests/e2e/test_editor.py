"""The form editor's staff pages (issue 14): drafts in the database, edits
as plain POSTs with the CSRF token and the draft's version, a stale save
refused, publishing as a new version, round trips through the workbook
formats, columns the editor does not show kept as they are."""
import csv
import io
import re
import signal
import subprocess
import time
import zipfile

import pytest

from harness import ROOT, form_token
from test_admin import multipart, session, staff  # noqa: F401 - fixtures

EDITOR_POSTS = ["/admin/drafts/new", "/admin/drafts/{id}",
                "/admin/drafts/{id}/publish", "/admin/drafts/{id}/delete"]


def version(page):
    m = re.search(r'name="version" value="(\d+)"', page.text)
    assert m, "no version on the page"
    return m.group(1)


class Editor:
    """A coordinator driving one draft with plain POSTs."""

    def __init__(self, s, draft):
        self.s = s
        self.path = f"/admin/drafts/{draft}"
        self.token = s.csrf("/admin/drafts")

    def page(self):
        p = self.s.get(self.path)
        assert p.status == 200, p.text
        return p

    def act(self, expect=303, **fields):
        v = fields.pop("version", None) or version(self.page())
        r = self.s.post(self.path, dict(fields, csrf=self.token, version=v))
        assert r.status == expect, r.text[:2000]
        return r


def new_draft(s, **fields):
    token = s.csrf("/admin/drafts")
    r = s.post("/admin/drafts/new", dict(fields, csrf=token))
    assert r.status == 303, r.text[:2000]
    m = re.match(r"/admin/drafts/(\d+)$", r.header("Location"))
    assert m, r.header("Location")
    return int(m.group(1))


def publish(ed):
    """Prévisualiser, then Publier on the preview page."""
    r = ed.s.post(ed.path + "/publish", {"csrf": ed.token,
                                         "version": version(ed.page())})
    assert r.status == 200, r.text[:2000]
    assert 'action="/admin/forms/publish"' in r.text     # the preview
    hash_ = re.search(r'name="hash" value="([0-9a-f]+)"', r.text).group(1)
    r = ed.s.post("/admin/forms/publish", {"csrf": ed.token, "hash": hash_})
    assert r.status in (200, 303), r.text[:2000]
    return r


def build_form(ed):
    """A choice question, a question shown only after "non", an
    indicator: what the browser test builds too."""
    r = ed.act(action="q_add", type="select_one", new_list="oui_non",
               name="venu", label="Êtes-vous déjà venu ?")
    assert r.header("Location").endswith("/question?row=0")
    ed.act(action="ch_add", list="oui_non", name="oui", label="Oui", row="0")
    ed.act(action="ch_add", list="oui_non", name="non", label="Non", row="0")
    ed.act(action="q_add", type="text", name="pourquoi",
           label="Qu'est-ce qui vous a retenu ?")
    ed.act(action="rel_build", row="1", cond="venu|=|non", combine="replace")
    ed.act(action="ind_add", objet="Tisser des relations",
           indicateur="Personnes déjà venues", mesure="count",
           question="venu", valeur="oui")


def test_a_draft_built_from_scratch_is_published_answered_and_counted(
        daemon, staff, cli):  # noqa: F811
    alice = session(daemon, "alice")
    draft = new_draft(alice, form_title="Atelier cuisine",
                      form_id="atelier-cuisine")
    ed = Editor(alice, draft)
    build_form(ed)
    page = ed.page()
    assert "Vérifié : le questionnaire est prêt" in page.text
    assert "ce sera un nouveau questionnaire" in page.text
    assert "${venu} = &#39;non&#39;" in page.text
    # Nothing is served before publishing.
    assert cli.run("meeting", "create", "--form", "atelier-cuisine",
                   "--title", "x", "--date", "2026-11-20",
                   check=False).returncode != 0
    publish(ed)
    code = cli.meeting("atelier-cuisine", "Atelier du 20")
    form = daemon.get(f"/r/{code}")
    assert form.status == 200 and "Êtes-vous déjà venu ?" in form.text
    r = daemon.post(f"/r/{code}", {"_token": form_token(form.text),
                                   "venu": "oui"})
    assert r.status == 303, r.text
    form = daemon.get(f"/r/{code}")
    r = daemon.post(f"/r/{code}", {"_token": form_token(form.text),
                                   "venu": "non", "pourquoi": "Le bus"})
    assert r.status == 303, r.text
    stats = cli.run("export", "stats", "--form", "atelier-cuisine")
    rows = list(csv.reader(io.StringIO(stats.stdout.decode("utf-8"))))
    assert any("Oui" in row and "1" in row for row in rows), rows
    ev = cli.run("export", "evaluation", "--from", "2026-01-01",
                 "--to", "2026-12-31").stdout.decode("utf-8")
    line = [l for l in ev.splitlines() if "Personnes déjà venues" in l]
    assert line and line[0].split(",")[2].strip('"') == "1", ev


def test_a_stale_save_is_refused_and_the_current_draft_shown(
        daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    alice2 = session(daemon, "alice")          # the same draft, two tabs
    draft = new_draft(alice, form_title="Essai", form_id="essai")
    a, b = Editor(alice, draft), Editor(alice2, draft)
    seen = version(a.page())
    assert version(b.page()) == seen
    a.act(action="q_add", type="text", name="premiere",
          label="Première question", version=seen)
    r = b.act(expect=409, action="q_add", type="text", name="seconde",
              label="Seconde question", version=seen)
    assert "n&#39;a pas été enregistrée" in r.text
    assert "Première question" in r.text      # the current draft
    assert "Seconde question" not in r.text
    assert version(r) == str(int(seen) + 1)
    # Retried from the page it was shown, the edit goes through.
    b.act(action="q_add", type="text", name="seconde",
          label="Seconde question", version=version(r))
    assert "Seconde question" in a.page().text


def test_every_editor_post_needs_the_csrf_token(daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    draft = new_draft(alice, form_title="Essai", form_id="essai")
    ed = Editor(alice, draft)
    before = ed.page().text
    v = version(ed.page())
    for path in EDITOR_POSTS:
        p = path.format(id=draft)
        for token in (None, "x" * 43, ""):
            fields = {"version": v, "action": "q_add", "type": "text",
                      "name": "q", "label": "Q", "form_title": "T",
                      "form_id": "t"}
            if token is not None:
                fields["csrf"] = token
            r = alice.post(p, fields)
            assert r.status == 403, (p, token, r.status)
    assert ed.page().text == before
    assert "Essai" in alice.get("/admin/drafts").text


def test_professionals_cannot_reach_the_editor(daemon, staff):  # noqa: F811
    bob = session(daemon, "bob")
    assert bob.get("/admin/drafts").status == 403
    assert bob.post("/admin/drafts/new", {"csrf": bob.csrf()}).status == 403


def test_refused_edits_change_nothing_and_say_why(daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    ed = Editor(alice, new_draft(alice, form_title="Essai", form_id="essai"))
    ed.act(action="q_add", type="text", name="q1", label="Une")
    v = version(ed.page())
    r = ed.act(expect=422, action="q_add", type="text", name="q1",
               label="Doublon")
    assert "déjà pris" in r.text and version(r) == v
    # What was typed is there again, to correct rather than retype.
    assert re.search(r'id="a-label" name="label" value="Doublon"', r.text)
    r = ed.act(expect=422, action="q_save", row="0", type="text",
               name="mauvais nom", **{"label.0": "Texte corrigé"})
    assert 'value="mauvais nom"' in r.text and "Texte corrigé" in r.text
    assert "Une" not in re.search(r'<textarea id="f-label-0".*?</textarea>',
                                  r.text, re.S).group(0)
    r = ed.act(expect=422, action="settings", form_title="T",
               form_id="pas un id")
    assert version(r) == v
    ed.act(expect=400, action="rien")


def test_questions_move_duplicate_and_delete(daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    ed = Editor(alice, new_draft(alice, form_title="Essai", form_id="essai"))
    for n in ("a", "b"):
        ed.act(action="q_add", type="integer", name=n, label=f"Nombre {n}")
    ed.act(action="q_down", row="0")
    text = ed.page().text
    assert text.index("Nombre b") < text.index("Nombre a")
    ed.act(action="q_dup", row="1")
    assert "a_2" in ed.page().text
    ed.act(action="q_del", row="2")
    assert "a_2" not in ed.page().text
    # Renaming a question follows it into the conditions.
    ed.act(action="rel_build", row="1", cond="b|=|", value="3",
           combine="replace")
    assert "${b} = 3" in ed.page().text
    ed.act(action="q_save", row="0", type="integer", name="enfants",
           **{"label.0": "Nombre d'enfants"})
    page = ed.page().text
    assert "${enfants} = 3" in page and "Nombre d&#39;enfants" in page


def test_a_workbook_opens_in_the_editor_with_nothing_lost(
        daemon, staff, forms_dir, cli, tmp_path):  # noqa: F811
    """A served .xlsx with a column the editor has no field for: it is
    listed "conservé tel quel", rides along in the draft and its
    downloads, and is still there once published.  (The workbook readers
    do not read sheets other than the model's four: a sheet of another
    tool is not kept.)"""
    text = (ROOT / "forms" / "visite-structure.csv").read_text("utf-8")
    lines = text.splitlines()
    lines[1] += ",x_couleur"
    lines[2] += ",bleu"
    text = "\n".join(lines).replace("visite-structure", "visite-copie")
    text += "\nnotes_internes\n,quoi\n,garder ceci\n"
    (tmp_path / "visite-copie.csv").write_text(text, "utf-8")
    subprocess.run(["/usr/bin/python3", str(ROOT / "tests/tools/csv2book.py"),
                    str(tmp_path / "visite-copie.csv"),
                    str(forms_dir / "visite-copie.xlsx")], check=True)
    daemon.signal(signal.SIGHUP)
    alice = session(daemon, "alice")
    deadline = time.monotonic() + 60
    while "visite-copie" not in alice.get("/admin/drafts").text:
        assert time.monotonic() < deadline, "the workbook was not loaded"
        time.sleep(0.2)
    ed = Editor(alice, new_draft(alice, **{"from": "visite-copie"}))
    page = ed.page().text
    assert "Conservé tel quel" in page
    assert "il remplace « Après la visite de notre centre » (visite-copie)" \
        in page                                   # a new version of it
    assert "x_couleur" in page
    assert "notes_internes" not in page          # nothing of it was read
    got = alice.get(ed.path + "/download?format=ods")
    assert got.status == 200
    content = zipfile.ZipFile(io.BytesIO(got.body)).read("content.xml")
    assert b"x_couleur" in content and b"bleu" in content
    got = alice.get(ed.path + "/download?format=csv")
    assert b",bleu" in got.body
    publish(ed)
    assert not (forms_dir / "visite-copie.xlsx").exists()
    served = (forms_dir / "visite-copie.csv").read_text("utf-8")
    assert ",x_couleur" in served and ",bleu" in served


@pytest.mark.parametrize("fmt", ["ods", "xlsx", "csv"])
def test_a_downloaded_draft_loads_back(daemon, staff, cli, tmp_path,
                                       fmt):  # noqa: F811
    alice = session(daemon, "alice")
    ed = Editor(alice, new_draft(alice, form_title="Atelier",
                                 form_id="atelier"))
    build_form(ed)
    got = alice.get(ed.path + f"/download?format={fmt}")
    assert got.status == 200
    path = tmp_path / f"atelier.{fmt}"
    path.write_bytes(got.body)
    r = cli.run("forms", "check", str(path))
    assert b"ok" in r.stdout, r.stdout + r.stderr


def test_a_deleted_draft_is_gone(daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    draft = new_draft(alice, form_title="Jetable", form_id="jetable")
    assert "Jetable" in alice.get("/admin/drafts").text
    # Listed on the forms page too, with who changed it last and when.
    forms = alice.get("/admin/forms").text
    row = re.search(r"<tr><td><a href=\"/admin/drafts/%d\">Jetable</a></td>"
                    r"<td>alice</td><td>\d\d/\d\d/\d{4} \d\d:\d\d</td>"
                    % draft, forms)
    assert row, forms
    token = alice.csrf("/admin/drafts")
    # First the question, then the deletion.
    r = alice.post(f"/admin/drafts/{draft}/delete", {"csrf": token})
    assert r.status == 200 and "Supprimer définitivement" in r.text
    assert "Jetable" in alice.get("/admin/drafts").text
    r = alice.post(f"/admin/drafts/{draft}/delete",
                   {"csrf": token, "confirm": "1"})
    assert r.status == 303
    assert "Jetable" not in alice.get("/admin/drafts").text
    assert "Jetable" not in alice.get("/admin/forms").text
    assert alice.get(f"/admin/drafts/{draft}").status == 404


def upload_draft(s, name, data, token=None):
    body, ctype = multipart({"csrf": token or s.csrf("/admin/drafts")},
                            {"file": (name, data)})
    return s.post("/admin/drafts/upload", body,
                  headers={"Content-Type": ctype})


def test_a_workbook_opened_as_a_draft_round_trips(daemon, staff,
                                                  tmp_path):  # noqa: F811
    """A workbook opened in the editor (not published), downloaded as
    .xlsx, .ods and CSV and opened again, gives the same draft."""
    text = (ROOT / "forms" / "rencontre-reseau.csv").read_text("utf-8")
    lines = text.splitlines()
    lines[1] += ",x_note_interne"
    lines[2] += ",à revoir"
    (tmp_path / "r.csv").write_text("\n".join(lines) + "\n", "utf-8")
    subprocess.run(["/usr/bin/python3", str(ROOT / "tests/tools/csv2book.py"),
                    str(tmp_path / "r.csv"), str(tmp_path / "r.xlsx")],
                   check=True)
    alice = session(daemon, "alice")
    r = upload_draft(alice, "r.xlsx", (tmp_path / "r.xlsx").read_bytes())
    assert r.status == 303, r.text[:2000]
    first = r.header("Location")
    page = alice.get(first).text
    assert "x_note_interne" in page and "Conservé tel quel" in page
    want = alice.get(first + "/download?format=csv").body
    assert "à revoir".encode() in want
    for fmt in ("xlsx", "ods", "csv"):
        data = alice.get(first + f"/download?format={fmt}").body
        r = upload_draft(alice, f"copie.{fmt}", data)
        assert r.status == 303, (fmt, r.text[:2000])
        got = alice.get(r.header("Location") + "/download?format=csv").body
        assert got == want, fmt


def test_an_upload_that_is_no_form_is_refused(daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    r = upload_draft(alice, "x.xlsx", b"PK\x03\x04 not a zip")
    assert r.status == 422
    assert "ne s&#39;ouvre pas" in r.text
    r = upload_draft(alice, "x.csv", b"", )
    assert r.status == 422
    # Without the CSRF token, nothing is opened.
    r = upload_draft(alice, "r.csv", b"survey\n,type,name,label\n",
                     token="x" * 43)
    assert r.status == 403
    assert "<tbody>" not in alice.get("/admin/drafts").text


def test_easy_read_is_a_setting_of_the_editor(daemon, staff, cli,
                                              forms_dir):  # noqa: F811
    """« Version facile à lire » writes style=facile, which the published
    form is served with; unticking it takes it off again."""
    alice = session(daemon, "alice")
    ed = Editor(alice, new_draft(alice, form_title="Atelier",
                                 form_id="atelier-facile"))
    ed.act(action="q_add", type="text", name="idee", label="Une idée ?")
    assert 'id="s-style" name="style" value="facile">' in ed.page().text
    ed.act(action="settings", form_title="Atelier", form_id="atelier-facile",
           style="facile")
    assert 'id="s-style" name="style" value="facile" checked' in \
        ed.page().text
    publish(ed)
    assert ",facile" in (forms_dir / "atelier-facile.csv").read_text("utf-8")
    code = cli.meeting("atelier-facile", "Atelier facile")
    assert 'data-easy="1"' in daemon.get(f"/r/{code}").text
    ed.act(action="settings", form_title="Atelier", form_id="atelier-facile")
    assert 'value="facile" checked' not in ed.page().text
