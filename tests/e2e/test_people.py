"""Issue 19, items 5 and 6, driven over HTTP as a coordinator would: the
network's centres and levels as lists kept on the staff pages, accounts
added, disabled, re-enabled and given a temporary password shown once,
one's own password, and the journal of staff actions."""
import csv
import io
import re
import sqlite3

import pytest

from test_admin import PASSWORDS, Session, answer, login, session, staff  # noqa: F401


def csrf_of(page):
    m = re.search(r'name="csrf" value="([A-Za-z0-9_-]+)"', page.text)
    assert m, page.text
    return m.group(1)


def post(s, path, fields, page="/admin/centres"):
    """POST `fields` with the CSRF token of `page`."""
    return s.post(path, dict(fields, csrf=s.csrf(page)))


def cookie_of(r):
    m = re.match(r"recueil_session=([A-Za-z0-9_-]+);", r.header("Set-Cookie"))
    assert m, r.header("Set-Cookie")
    return "recueil_session=" + m.group(1)


def journal_rows(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT who, action, what FROM journal "
                         "ORDER BY id").fetchall()


# ---- centres and levels ---------------------------------------------------

def test_the_centres_page_lists_the_seeds_centres_and_levels(staff, daemon):
    s = session(daemon, "alice")
    page = s.get("/admin/centres")
    assert page.status == 200
    for name in ("La Chancellerie", "Val d&#39;Auron", "Rond-Point",
                 "Saint-Amand-Montrond", "Vierzon", "Châteauroux",
                 "Le Blanc"):
        assert name in page.text or name.replace("&#39;", "'") in page.text
    for level in ("départemental", "régional", "Berry",
                  "commission technique"):
        assert f'value="{level}"' in page.text
    # Professionals do not keep the lists.
    assert session(daemon, "bob").get("/admin/centres").status == 403


def test_a_centre_is_added_renamed_retired_and_kept_on_its_meetings(
        staff, daemon, cli):
    s = session(daemon, "alice")
    r = post(s, "/admin/centres", {"name": "Issoudun", "town": "Issoudun",
                                   "network": ["2", "3"]})
    assert r.status == 200 and "est enregistré" in r.text
    # The same name, however spelt, is refused.
    r = post(s, "/admin/centres", {"name": "  ISSOUDUN ", "town": ""})
    assert r.status == 422 and "déjà dans la liste" in r.text
    assert post(s, "/admin/centres", {"name": " ", "town": ""}).status == 422
    cid = re.search(r'<strong id="c(\d+)">Issoudun</strong>', r.text)
    assert cid
    cid = cid.group(1)
    # A meeting picks it, by any spelling, and shows its listed name.
    code = cli.meeting("rencontre-reseau", "Rencontre à Issoudun",
                       "2026-11-20", "--centre", "issoudun")
    r = post(s, "/admin/centres/edit", {"id": cid, "name": "Centre social "
                                        "d'Issoudun", "town": "Issoudun",
                                        "network": "3"})
    assert r.status == 200, r.text
    assert "Centre social d&#39;Issoudun" in s.get(
        f"/admin/meetings/{code}").text
    r = post(s, "/admin/centres/retire", {"id": cid})
    assert r.status == 200 and "retiré de la liste" in r.text
    # Retired: not offered for a new meeting, still on the old one.
    assert "Issoudun" not in s.get("/admin/meetings/new").text
    assert "Centre social d&#39;Issoudun" in s.get(
        f"/admin/meetings/{code}").text
    p = cli.run("meeting", "create", "--form", "rencontre-reseau", "--title",
                "T", "--date", "2026-11-21", "--centre", "centre social "
                "d'issoudun", check=False)
    assert p.returncode == 2 and "retiré" in p.stderr.decode()
    r = post(s, "/admin/centres/restore", {"id": cid})
    assert r.status == 200
    assert "Centre social d&#39;Issoudun" in s.get("/admin/meetings/new").text
    assert post(s, "/admin/centres/retire", {"id": "99999"}).status == 422


def test_levels_are_added_renamed_and_meetings_follow(staff, daemon, cli):
    s = session(daemon, "alice")
    r = post(s, "/admin/levels", {"name": "Fédéral"})
    assert r.status == 200, r.text
    assert post(s, "/admin/levels", {"name": "federal"}).status == 422
    lid = re.search(r'id="l(\d+)-name" name="name" maxlength="200" required '
                    r'value="Fédéral"', r.text)
    assert lid, r.text
    new = s.get("/admin/meetings/new")
    assert '<option value="Fédéral">' in new.text
    r = s.post("/admin/meetings/new", {
        "csrf": csrf_of(new), "title": "Rencontre fédérale",
        "date": "2026-12-01", "form": "rencontre-reseau",
        "level": "Fédéral", "centre": "Vierzon"})
    assert r.status == 303, r.text
    code = r.header("Location").rsplit("/", 1)[1]
    r = post(s, "/admin/levels/rename", {"id": lid.group(1),
                                         "name": "fédération"})
    assert r.status == 200
    assert "fédération" in s.get(f"/admin/meetings/{code}").text
    post(s, "/admin/levels/retire", {"id": lid.group(1)})
    new = s.get("/admin/meetings/new")
    assert "fédération" not in new.text
    r = s.post("/admin/meetings/new", {
        "csrf": csrf_of(new), "title": "Encore", "date": "2026-12-02",
        "form": "rencontre-reseau", "level": "fédération"})
    assert r.status == 422 and "niveau de réseau" in r.text


def test_the_centres_download_as_an_xlsform_choice_list(staff, daemon):
    s = session(daemon, "alice")
    r = s.get("/admin/centres/choices.csv")
    assert r.status == 200
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["choices", "list_name", "name", "label"]
    assert ["", "centres", "saint_amand_montrond",
            "Saint-Amand-Montrond"] in rows
    assert ["", "centres", "chateauroux", "Châteauroux"] in rows
    assert len(rows) == 8


def test_centres_represented_are_counted_by_identity(staff, daemon, cli):
    for i, typed in enumerate(("Vierzon", "VIERZON", "vierzon ",
                               "Centre X", "centre  x")):
        cli.meeting("rencontre-reseau", f"R{i}", f"2026-11-{10 + i}",
                    "--centre", typed)
    out = cli.run("export", "evaluation", "--header", "names", check=False)
    if out.returncode != 0:     # before the i18n's --header option
        out = cli.run("export", "evaluation")
    rows = list(csv.reader(io.StringIO(out.stdout.decode())))
    hit = [r for r in rows if any("représentés" in c for c in r)]
    assert hit, rows
    # Vierzon (three spellings) and "Centre X" (two): two centres.
    assert "2" in hit[0], hit


# ---- accounts --------------------------------------------------------------

def test_a_new_account_gets_a_temporary_password_shown_once(staff, daemon):
    s = session(daemon, "alice")
    r = post(s, "/admin/accounts", {"name": "carol", "role": "professional"},
             page="/admin/accounts")
    assert r.status == 200, r.text
    secret = re.search(r'<code id="secret">([a-z0-9-]+)</code>', r.text)
    assert secret
    secret = secret.group(1)
    assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", secret)
    # Shown once: not on the page afterwards, not in the database.
    assert secret not in s.get("/admin/accounts").text
    with sqlite3.connect(daemon.db) as c:
        assert secret.encode() not in b"".join(
            str(row).encode() for row in c.execute("SELECT * FROM user"))
    assert post(s, "/admin/accounts", {"name": "carol", "role": "coordinator"},
                page="/admin/accounts").status == 422
    # Carol signs in with it and must choose her own first.
    r = login(daemon, "carol", secret)
    assert r.status == 303 and r.header("Location") == "/admin/password"
    carol = Session(daemon, cookie_of(r))
    for path in ("/admin/", "/admin/export"):
        r = carol.get(path)
        assert r.status == 303 and r.header("Location") == "/admin/password"
    page = carol.get("/admin/password")
    assert page.status == 200 and "temporaire" in page.text
    r = carol.post("/admin/password", {"csrf": csrf_of(page),
                                        "current": secret,
                                        "new": "le-mien-a-moi",
                                        "again": "le-mien-a-moi"})
    assert r.status == 303, r.text
    assert r.header("Location") == "/admin/password?done=1"
    # The old session ended; the new cookie works everywhere.
    assert carol.get("/admin/").status == 303
    carol = Session(daemon, cookie_of(r))
    assert carol.get("/admin/").status == 200
    assert login(daemon, "carol", secret).status == 401
    assert login(daemon, "carol", "le-mien-a-moi").header(
        "Location") == "/admin/"


def test_a_temporary_password_is_reset_by_a_coordinator(staff, daemon):
    s = session(daemon, "alice")
    r = post(s, "/admin/accounts/reset", {"name": "bob"},
             page="/admin/accounts")
    assert r.status == 200
    secret = re.search(r'<code id="secret">([a-z0-9-]+)</code>', r.text)
    assert login(daemon, "bob").status == 401
    r = login(daemon, "bob", secret.group(1))
    assert r.header("Location") == "/admin/password"
    # One's own account is changed on the password page only.
    r = post(s, "/admin/accounts/reset", {"name": "alice"},
             page="/admin/accounts")
    assert r.status == 422
    assert post(s, "/admin/accounts/disable", {"name": "alice"},
                page="/admin/accounts").status == 422


def test_a_disabled_account_cannot_sign_in_until_re_enabled(staff, daemon,
                                                           cli):
    s = session(daemon, "alice")
    bob = session(daemon, "bob")
    assert bob.get("/admin/").status == 200
    r = post(s, "/admin/accounts/disable", {"name": "bob"},
             page="/admin/accounts")
    assert r.status == 200 and "désactivé" in r.text
    # Its session ended, and signing in is refused.
    assert bob.get("/admin/").status == 303
    r = login(daemon, "bob")
    assert r.status == 403 and "désactivé" in r.text
    assert "Set-Cookie" not in r.headers or "recueil_session" not in (
        r.header("Set-Cookie") or "")
    assert login(daemon, "bob", "wrong-password").status == 401
    assert re.search(r"^bob\tprofessional\t\S+\tdisabled$",
                     cli.run("user", "list").stdout.decode(), re.M)
    r = post(s, "/admin/accounts/enable", {"name": "bob"},
             page="/admin/accounts")
    assert r.status == 200
    assert login(daemon, "bob").status == 303
    assert re.search(r"^bob\tprofessional\t\S+$",
                     cli.run("user", "list").stdout.decode(), re.M)


def test_everyone_changes_their_own_password_with_the_current_one(
        staff, daemon):
    bob = session(daemon, "bob")
    page = bob.get("/admin/password")
    assert page.status == 200
    tok = csrf_of(page)
    for fields, why in (
            ({"current": "nope-nope", "new": "nouveau-mdp",
              "again": "nouveau-mdp"}, "actuel"),
            ({"current": PASSWORDS["bob"], "new": "court",
              "again": "court"}, "trop court"),
            ({"current": PASSWORDS["bob"], "new": "nouveau-mdp",
              "again": "nouveau-mdX"}, "diffèrent")):
        r = bob.post("/admin/password", dict(fields, csrf=tok))
        assert r.status == 422 and why in r.text, r.text
    r = bob.post("/admin/password", {"csrf": tok,
                                     "current": PASSWORDS["bob"],
                                     "new": "nouveau-mdp",
                                     "again": "nouveau-mdp"})
    assert r.status == 303
    assert login(daemon, "bob").status == 401
    assert login(daemon, "bob", "nouveau-mdp").status == 303


STATE_CHANGING = ["/admin/centres", "/admin/centres/edit",
                  "/admin/centres/retire", "/admin/centres/restore",
                  "/admin/levels", "/admin/levels/rename",
                  "/admin/levels/retire", "/admin/levels/restore",
                  "/admin/accounts", "/admin/accounts/disable",
                  "/admin/accounts/enable", "/admin/accounts/reset",
                  "/admin/password"]


def test_every_change_needs_the_sessions_csrf_token(staff, daemon):
    s = session(daemon, "alice")
    fields = {"id": "1", "name": "bob", "role": "coordinator",
              "current": "password", "new": "x" * 12, "again": "x" * 12}
    for path in STATE_CHANGING:
        for bad in ({}, {"csrf": "A" * 43}):
            r = s.post(path, dict(fields, **bad))
            assert r.status == 403, (path, bad, r.status)
    # Nothing changed: bob still signs in, Vierzon is still listed.
    assert login(daemon, "bob").status == 303
    assert login(daemon, "alice").status == 303
    with sqlite3.connect(daemon.db) as c:
        assert c.execute("SELECT retired FROM centre WHERE id = 1"
                         ).fetchone() == (0,)
    assert journal_rows(daemon.db) == []


def test_professionals_cannot_keep_lists_accounts_or_read_the_journal(
        staff, daemon):
    bob = session(daemon, "bob")
    tok = bob.csrf("/admin/password")
    for path in ("/admin/centres", "/admin/accounts", "/admin/journal",
                 "/admin/centres/choices.csv"):
        assert bob.get(path).status == 403, path
    for path in STATE_CHANGING[:-1]:
        r = bob.post(path, {"csrf": tok, "id": "1", "name": "alice"})
        assert r.status == 403, path
    assert login(daemon, "alice").status == 303


# ---- the journal ------------------------------------------------------------

def test_the_journal_says_who_did_what_without_any_answer(staff, daemon, cli):
    s = session(daemon, "alice")
    new = s.get("/admin/meetings/new")
    r = s.post("/admin/meetings/new", {
        "csrf": csrf_of(new), "title": "Rencontre du Berry",
        "date": "2026-11-20", "form": "rencontre-reseau", "level": "Berry",
        "centre": "Le Blanc"})
    assert r.status == 303
    code = r.header("Location").rsplit("/", 1)[1]
    answer(daemon, code, {"role": "habitant", "centre": "vierzon",
                          "premiere_fois": "oui",
                          "retiens": "texte-secret-d-un-habitant"})
    tok = s.csrf(f"/admin/meetings/{code}")
    assert s.post(f"/admin/meetings/{code}/close",
                  {"csrf": tok}).status == 303
    bob = session(daemon, "bob")
    assert bob.get("/admin/export/responses.csv?form=rencontre-reseau"
                   ).status == 200
    post(s, "/admin/accounts/disable", {"name": "bob"}, page="/admin/accounts")
    rows = journal_rows(daemon.db)
    actions = [(w, a) for w, a, _ in rows]
    for want in (("alice", "meeting-create"), ("alice", "meeting-close"),
                 ("bob", "export"), ("alice", "account-disable")):
        assert want in actions, rows
    page = s.get("/admin/journal")
    assert page.status == 200
    assert "a créé la rencontre « Rencontre du Berry » (" + code in page.text
    assert "a téléchargé l&#39;export responses.csv?form=rencontre-reseau" \
        in page.text
    assert "texte-secret" not in page.text
    assert all("texte-secret" not in str(r) for r in rows)


def test_the_journal_comes_in_pages_newest_first(staff, daemon):
    with sqlite3.connect(daemon.db) as c:
        c.executemany("INSERT INTO journal (at, who, action, what) "
                      "VALUES (?, 'alice', 'export', ?)",
                      [(1764600000 + i, f"fichier-{i}.csv")
                       for i in range(120)])
    s = session(daemon, "alice")
    p1 = s.get("/admin/journal")
    assert "fichier-119.csv" in p1.text and "fichier-70.csv" in p1.text
    assert "fichier-69.csv" not in p1.text
    assert "Page 1 sur 3" in p1.text and "page=2" in p1.text
    p3 = s.get("/admin/journal?page=3")
    assert "fichier-0.csv" in p3.text and "fichier-20.csv" not in p3.text
    assert s.get("/admin/journal?page=99").status == 200
    assert s.get("/admin/journal?page=-1").status == 200


def test_a_backup_keeps_the_journal(staff, daemon, cli, tmp_path):
    s = session(daemon, "alice")
    post(s, "/admin/levels", {"name": "inter-réseaux"})
    out = tmp_path / "copie.db"
    cli.run("backup", str(out))
    assert ("alice", "level-add", "inter-réseaux") in journal_rows(out)


def test_names_are_escaped_on_every_page(staff, daemon):
    s = session(daemon, "alice")
    evil = '<img src=x onerror="alert(1)">'
    assert post(s, "/admin/centres", {"name": evil, "town": evil}
                ).status == 200
    assert post(s, "/admin/levels", {"name": evil + "!"}).status == 200
    for path in ("/admin/centres", "/admin/meetings/new", "/admin/journal"):
        page = s.get(path)
        assert evil not in page.text, path
        assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page.text
    # Control characters are refused.
    assert post(s, "/admin/centres", {"name": "a\x01b"}).status == 422


def test_guesses_of_the_current_password_are_limited(staff, daemon):
    bob = session(daemon, "bob")
    tok = bob.csrf("/admin/password")
    for _ in range(5):
        r = bob.post("/admin/password", {"csrf": tok, "current": "devine-1",
                                         "new": "nouveau-mdp",
                                         "again": "nouveau-mdp"})
        assert r.status == 422 and "actuel" in r.text
    r = bob.post("/admin/password", {"csrf": tok,
                                     "current": PASSWORDS["bob"],
                                     "new": "nouveau-mdp",
                                     "again": "nouveau-mdp"})
    assert r.status == 422 and "Trop de tentatives" in r.text
    assert login(daemon, "bob").status == 429


def test_a_released_database_links_its_host_centres(tmp_path, forms_dir):
    """The round 1 fixture (schema version 1): its meetings' host centres,
    typed as free text, are kept and linked to the listed centres."""
    import shutil
    from harness import ROOT, Daemon
    db = tmp_path / "old.db"
    shutil.copy(ROOT / "tests/e2e/fixtures/schema-v1.db", db)
    d = Daemon(db, ROOT / "tests/e2e/fixtures/schema-v1/forms", tmp_path)
    d.start()
    try:
        with sqlite3.connect(db) as c:
            rows = dict((code, (centre, name)) for code, centre, name in
                        c.execute("SELECT m.code, m.centre, c.name FROM "
                                  "meeting m LEFT JOIN centre c "
                                  "ON c.id = m.centre_id"))
    finally:
        d.stop()
    assert rows["J9CCVHW"] == ("Val d'Auron", "Val d'Auron")
    assert rows["47QXJNF"] == ("Rond-Point", "Rond-Point")
    assert rows["RPM9DCM"] == ("", None)


def test_editing_and_deleting_a_meeting_go_to_the_journal(staff, daemon):
    s = session(daemon, "alice")
    new = s.get("/admin/meetings/new")
    r = s.post("/admin/meetings/new", {
        "csrf": csrf_of(new), "title": "Avant", "date": "2026-11-20",
        "form": "rencontre-reseau", "level": "Berry", "centre": "Le Blanc"})
    code = r.header("Location").rsplit("/", 1)[1]
    tok = s.csrf(f"/admin/meetings/{code}/edit")
    r = s.post(f"/admin/meetings/{code}/edit", {
        "csrf": tok, "title": "Après", "date": "2026-11-21",
        "form": "rencontre-reseau", "level": "régional",
        "centre": "Châteauroux", "place": ""})
    assert r.status == 303, r.text
    r = s.post(f"/admin/meetings/{code}/delete", {"csrf": s.csrf()})
    assert r.status == 303
    rows = journal_rows(daemon.db)
    assert ("alice", "meeting-edit", f"« Après » ({code})") in rows
    assert [r for r in rows if r[1] == "meeting-delete" and code in r[2]]
    page = s.get("/admin/journal").text
    assert f"alice</strong> a modifié la rencontre « Après » ({code})" in page
