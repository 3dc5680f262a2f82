"""An uploaded form is previewed before it is published (issue 13, item 5):
the form as a phone shows it in each of its languages, what changed
against the version served, then "Publier" (CSRF) installs it and
"Annuler" discards it.  Nothing reaches residents before "Publier"."""
import html
import re

from harness import ROOT
from test_admin import (publish, session, staff,  # noqa: F401 (fixture)
                        upload)


def diff_lines(page):
    m = re.search(r'<ul id="preview-diff">(.*?)</ul>', page, re.S)
    assert m, page
    return [html.unescape(x) for x in re.findall(r"<li[^>]*>(.*?)</li>",
                                                  m.group(1))]


def changed_form(forms_dir):
    src = (forms_dir / "rencontre-reseau.csv").read_text("utf-8")
    src = src.replace("Ce que je retiens", "Ce que je retiens de la journée")
    # A question removed, one added, a choice added and one relabelled.
    src = re.sub(r"\n,text,commentaire,[^\n]*", "", src)
    src = src.replace("\nchoices,", "\n,integer,age,Votre âge ?,,,,,,,,,"
                      "\nchoices,", 1)
    src = src.replace(",oui_non,non,Non,", ",oui_non,non,Non merci,")
    src = src.replace(",oui_non,oui,Oui,", ",oui_non,oui,Oui,,,,,,,,\n"
                      ",oui_non,nsp,Je ne sais pas,")
    return src.encode()


def test_upload_shows_a_preview_and_changes_nothing_before_publier(
        daemon, staff, cli, forms_dir):
    alice = session(daemon, "alice")
    before = (forms_dir / "rencontre-reseau.csv").read_bytes()
    code = cli.meeting(form="rencontre-reseau")
    r = upload(alice, changed_form(forms_dir), "rencontre-reseau.csv")
    assert r.status == 200, r.text
    assert "Aperçu avant publication" in r.text
    lines = diff_lines(r.text)
    text = "\n".join(lines)
    assert "Question ajoutée : « Votre âge ? » (age, integer)." in lines
    assert any(x.startswith("Question retirée : « Un commentaire ?")
               for x in lines), text
    assert "« retiens » : libellé modifié : « Ce que je retiens » devient " \
        "« Ce que je retiens de la journée »." in lines, text
    assert "« premiere_fois » : choix ajoutés : « Je ne sais pas »." in \
        lines, text
    assert "« premiere_fois » : le choix « Non » s'appelle maintenant " \
        "« Non merci »." in lines, text
    # The form as residents will see it, with its new question.
    assert 'id="pv0-age"' in r.text and "Votre âge ?" in r.text
    # Nothing is served yet.
    assert (forms_dir / "rencontre-reseau.csv").read_bytes() == before
    assert "Votre âge ?" not in daemon.get(f"/r/{code}").text
    # The preview can be shown again (reload, back button).
    again = alice.get("/admin/forms/preview")
    assert again.status == 200 and diff_lines(again.text) == lines
    # Publier installs it.
    done = publish(alice, r)
    assert done.status == 200, done.text
    assert "est publié" in done.text
    assert (forms_dir / "rencontre-reseau.csv").read_bytes() != before
    assert "Votre âge ?" in daemon.get(f"/r/{code}").text
    # It is no longer pending.
    gone = alice.get("/admin/forms/preview")
    assert gone.status == 303 and gone.header("Location") == "/admin/forms"
    assert publish(alice, r).status == 409


def test_a_form_in_two_languages_is_previewed_in_both(daemon, staff,
                                                      forms_dir):
    alice = session(daemon, "alice")
    src = (ROOT / "tests" / "forms" / "bilingue.csv").read_bytes()
    r = upload(alice, src, "bilingue.csv")
    assert r.status == 200, r.text
    assert diff_lines(r.text) == [
        "Nouveau questionnaire : aucune version n'est servie sous "
        "l'identifiant « bilingue »."]
    assert 'class="phone" lang="fr"' in r.text
    assert 'class="phone" lang="en"' in r.text
    assert "Êtes-vous déjà venu·e ?" in r.text
    assert "Have you been here before?" in r.text
    # Each language has its own ids: none repeats on the page.
    ids = re.findall(r' id="([^"]+)"', r.text)
    assert len(ids) == len(set(ids))
    assert not (forms_dir / "bilingue.csv").exists()
    assert publish(alice, r).status == 200
    assert (forms_dir / "bilingue.csv").read_bytes() == src


def test_annuler_discards_the_pending_version(daemon, staff, forms_dir):
    alice = session(daemon, "alice")
    before = sorted(p.name for p in forms_dir.iterdir())
    r = upload(alice, changed_form(forms_dir), "rencontre-reseau.csv")
    assert r.status == 200
    m = re.search(r'action="/admin/forms/cancel"><input type="hidden" '
                  r'name="csrf" value="([^"]+)"', r.text)
    c = alice.post("/admin/forms/cancel", {"csrf": m.group(1)})
    assert c.status == 303 and c.header("Location") == "/admin/forms"
    assert alice.get("/admin/forms/preview").status == 303
    assert publish(alice, r).status == 409
    assert sorted(p.name for p in forms_dir.iterdir()) == before


def test_publier_needs_the_csrf_token_and_the_previewed_version(
        daemon, staff, forms_dir):
    alice = session(daemon, "alice")
    before = (forms_dir / "rencontre-reseau.csv").read_bytes()
    r = upload(alice, changed_form(forms_dir), "rencontre-reseau.csv")
    token = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    hash_ = re.search(r'name="hash" value="([0-9a-f]{64})"', r.text).group(1)
    bad = alice.post("/admin/forms/publish", {"csrf": "x" * 43, "hash": hash_})
    assert bad.status == 403
    # Another upload replaced the pending version since this page was shown.
    upload(alice, changed_form(forms_dir).replace(b"Votre \xc3\xa2ge",
                                                  b"Votre ann\xc3\xa9e"),
           "rencontre-reseau.csv")
    stale = alice.post("/admin/forms/publish", {"csrf": token, "hash": hash_})
    assert stale.status == 409
    assert "a changé depuis l'affichage" in html.unescape(stale.text)
    assert "Votre année ?" in stale.text
    assert (forms_dir / "rencontre-reseau.csv").read_bytes() == before
    # A professional may not publish.
    bob = session(daemon, "bob")
    assert bob.get("/admin/forms/preview").status == 403


def test_the_pending_version_ends_with_its_session(daemon, staff, forms_dir):
    alice = session(daemon, "alice")
    r = upload(alice, changed_form(forms_dir), "rencontre-reseau.csv")
    assert r.status == 200
    token = re.search(r'name="csrf" value="([^"]+)"', r.text).group(1)
    assert alice.post("/admin/logout", {"csrf": token}).status == 303
    alice = session(daemon, "alice")
    assert alice.get("/admin/forms/preview").status == 303
    # Another session never sees someone else's pending version.
    other = session(daemon, "alice")
    upload(alice, changed_form(forms_dir), "rencontre-reseau.csv")
    assert other.get("/admin/forms/preview").status == 303
    assert alice.get("/admin/forms/preview").status == 200
