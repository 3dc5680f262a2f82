"""Meetings as a coordinator keeps them (issue 19): the demo meeting that
stays a demo, editing, duplicating, deleting, closing after a question,
the list searched and filtered in pages, the projector page with its live
count, and downloads named after what they hold -- against the real
daemon and CLI."""
import csv
import io
import json
import random
import re
import sqlite3
import time
import urllib.parse

import pytest

from harness import Daemon
from test_admin import answer, session, staff  # noqa: F401 - fixture

SAT = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui",
       "satisfaction": "4", "retiens": "Une idée"}


def code_of(r):
    assert r.status == 303, r.text
    return r.header("Location").rsplit("/", 1)[1]


def new_meeting(alice, **fields):
    base = {"csrf": alice.csrf("/admin/meetings/new"), "title": "Réseau",
            "date": "2026-11-20", "form": "rencontre-reseau",
            "level": "départemental", "centre": "Vierzon", "place": ""}
    base.update(fields)
    return code_of(alice.post("/admin/meetings/new", base))


# ---- the demo stays a demo --------------------------------------------------

@pytest.fixture
def demo_daemon(db_path, forms_dir, tmp_path, staff):  # noqa: F811
    d = Daemon(db_path, forms_dir, tmp_path, ["--demo"])
    d.start()
    yield d
    d.stop()


def meetings(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT count(*) FROM meeting").fetchone()[0]
    finally:
        con.close()


def demo_code(daemon):
    """The demo's code, from the log line printed after `listening on`."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        m = re.search(r"démonstration créée : \S+/r/([A-Z0-9]{7})",
                      daemon.log())
        if m:
            return m.group(1)
        time.sleep(0.1)
    raise AssertionError(daemon.log())


def test_the_demo_is_shown_as_such_counts_nowhere_and_goes_in_one_click(
        demo_daemon, staff):  # noqa: F811
    daemon = demo_daemon
    demo = demo_code(daemon)
    for _ in range(2):
        answer(daemon, demo, SAT)
    real = staff.meeting("rencontre-reseau", "Rencontre réelle", "2026-11-20")
    answer(daemon, real, SAT)
    alice = session(daemon, "alice")

    # Shown as such: in the list and on its page.
    home = alice.get("/admin/").text
    assert re.search(rf'{demo}.*?class="badge">démonstration<', home, re.S) \
        or re.search(rf'démonstration</span>.*?{demo}', home, re.S)
    page = alice.get(f"/admin/meetings/{demo}").text
    assert 'class="demo"' in page and "aucune statistique" in page

    # Never counted: the CLI's and the pages' exports leave it out.
    out = staff.run("export", "responses").stdout.decode()
    assert real in out and demo not in out
    ev = staff.run("export", "evaluation").stdout.decode()
    row = [r for r in csv.reader(io.StringIO(ev)) if any(
        "Nombre de réunions" in c for c in r)]
    assert row and row[0][2] == "1", ev
    stats_one = staff.run("export", "stats", "--meeting", demo).stdout
    assert b"Une id" not in stats_one
    web = alice.get("/admin/export/responses.csv")
    assert demo not in web.text and real in web.text
    assert demo not in alice.get("/admin/export").text

    # Removed in one click: a question, then a POST with the token.
    ask = alice.get(f"/admin/meetings/{demo}/delete")
    assert ask.status == 200 and "2 réponses d&#39;essai" in ask.text
    assert alice.post(f"/admin/meetings/{demo}/delete", {}).status == 403
    r = alice.post(f"/admin/meetings/{demo}/delete",
                   {"csrf": alice.csrf()})
    assert r.status == 303 and r.header("Location") == "/admin/?deleted=1"
    assert "La rencontre a été supprimée." in alice.get(
        r.header("Location")).text
    assert alice.get(f"/admin/meetings/{demo}").status == 404
    assert daemon.get(f"/r/{demo}").status == 404
    assert real in staff.run("meeting", "list").stdout.decode()

    # A removed demo stays removed, even once every meeting is gone.
    daemon.stop()
    con = sqlite3.connect(daemon.db)
    with con:
        con.execute("DELETE FROM meeting")
    con.close()
    daemon.start()
    assert daemon.get("/healthz").status == 200    # after the demo's turn
    assert meetings(daemon.db) == 0


def test_a_fresh_database_gets_its_demo_once(db_path, forms_dir, tmp_path):
    d = Daemon(db_path, forms_dir, tmp_path, ["--demo"])
    d.start()
    try:
        demo_code(d)
        d.stop()
        d.start()
        assert d.get("/healthz").status == 200
        assert meetings(db_path) == 1
    finally:
        d.stop()


def test_an_old_demo_is_marked_by_the_migration(cli, db_path):
    """A database of schema 7 holding the demo earlier versions made."""
    cli.run("meeting", "list")
    con = sqlite3.connect(db_path)
    with con:
        con.executescript(
            "DROP INDEX meeting_date; ALTER TABLE meeting DROP COLUMN demo; "
            "DELETE FROM meta WHERE key = 'demo-made'; "
            "INSERT INTO meeting (code, form_id, title, date, level, centre, "
            "place, created_at) VALUES ('DEMO234', 'rencontre-reseau', "
            "'Rencontre de démonstration', '2026-11-02', 'départemental', "
            "'Centre social', '', 0), ('REAL234', 'rencontre-reseau', "
            "'Rencontre de démonstration du réseau', '2026-11-03', '', "
            "'Vierzon', 'Salle', 0); PRAGMA user_version = 7;")
    con.close()
    cli.run("meeting", "list")         # opens read-write: migrates
    con = sqlite3.connect(db_path)
    got = dict(con.execute("SELECT code, demo FROM meeting"))
    made = con.execute("SELECT count(*) FROM meta WHERE key = 'demo-made'")
    assert got == {"DEMO234": 1, "REAL234": 0}
    assert made.fetchone()[0] == 1
    con.close()


# ---- edit, duplicate, delete, close -----------------------------------------

def test_coordinator_edits_a_meeting_and_its_form_only_without_answers(
        daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    code = new_meeting(alice)
    page = alice.get(f"/admin/meetings/{code}/edit")
    assert page.status == 200 and 'name="form"' in page.text
    token = alice.csrf(f"/admin/meetings/{code}/edit")
    fields = {"csrf": token, "title": "Réseau du Cher", "date": "2026-12-03",
              "form": "visite-structure", "level": "Berry",
              "centre": "le blanc", "place": "Salle 1"}
    r = alice.post(f"/admin/meetings/{code}/edit", fields)
    assert r.status == 303 and r.header("Location").endswith(code)
    page = alice.get(f"/admin/meetings/{code}").text
    for text in ("Réseau du Cher", "2026-12-03", "Berry", "Le Blanc",
                 "Salle 1", "visite-structure"):
        assert text in page, text
    # Refused: the form again with what was typed and why.
    bad = dict(fields, date="2026-02-30", title="Autre titre")
    r = alice.post(f"/admin/meetings/{code}/edit", bad)
    assert r.status == 422 and "Cette date n&#39;existe pas" in r.text
    assert 'value="Autre titre"' in r.text
    # Once answered, the form is shown, not offered, and stays.
    r = alice.post(f"/admin/meetings/{code}/edit",
                   dict(fields, form="rencontre-reseau"))
    assert r.status == 303
    answer(daemon, code, SAT)
    page = alice.get(f"/admin/meetings/{code}/edit").text
    assert "son questionnaire ne change plus" in page
    assert 'name="form"' not in page
    r = alice.post(f"/admin/meetings/{code}/edit",
                   dict(fields, form="visite-structure", title="Titre 3"))
    assert r.status == 303
    page = alice.get(f"/admin/meetings/{code}").text
    assert "Titre 3" in page and "rencontre-reseau" in page
    # Professionals look, never edit.
    bob = session(daemon, "bob")
    assert bob.get(f"/admin/meetings/{code}/edit").status == 403
    assert bob.post(f"/admin/meetings/{code}/edit",
                    dict(fields, csrf=bob.csrf())).status == 403


def test_duplicate_is_the_same_meeting_next_month(daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    code = new_meeting(alice, title="Commission technique", date="2026-01-31",
                       level="commission technique", place="Salle 2")
    page = alice.get(f"/admin/meetings/{code}/duplicate")
    assert page.status == 200
    assert 'value="2026-02-28"' in page.text          # no 31 February
    assert 'value="Commission technique"' in page.text
    assert 'action="/admin/meetings/new"' in page.text
    copy = new_meeting(alice, title="Commission technique",
                       date="2026-02-28", level="commission technique",
                       place="Salle 2")
    assert copy != code
    listing = staff.run("meeting", "list").stdout.decode()
    assert code in listing and copy in listing


def test_only_a_meeting_without_answers_is_deleted(daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    empty = new_meeting(alice, title="Vide")
    full = new_meeting(alice, title="Pleine")
    answer(daemon, full, SAT)
    assert "Supprimer</a>" in alice.get(f"/admin/meetings/{empty}").text
    assert "/delete" not in alice.get(f"/admin/meetings/{full}").text
    ask = alice.get(f"/admin/meetings/{full}/delete")
    assert "ne peut pas être supprimée" in ask.text
    assert f'action="/admin/meetings/{full}/delete"' not in ask.text
    r = alice.post(f"/admin/meetings/{full}/delete", {"csrf": alice.csrf()})
    assert r.status == 409 and "ne peut pas être supprimée" in r.text
    assert alice.get(f"/admin/meetings/{full}").status == 200
    r = alice.post(f"/admin/meetings/{empty}/delete", {"csrf": alice.csrf()})
    assert r.status == 303
    assert alice.get(f"/admin/meetings/{empty}").status == 404


def test_closing_asks_first(daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    code = new_meeting(alice)
    ask = alice.get(f"/admin/meetings/{code}/close")
    assert ask.status == 200 and "Clore la rencontre ?" in ask.text
    assert f'action="/admin/meetings/{code}/close"' in ask.text
    assert daemon.get(f"/r/{code}").status == 200     # asking closes nothing
    r = alice.post(f"/admin/meetings/{code}/close", {"csrf": alice.csrf()})
    assert r.status == 303
    assert daemon.get(f"/r/{code}").status == 410
    # Closed: the question leads back to the meeting.
    r = alice.get(f"/admin/meetings/{code}/close")
    assert r.status == 303 and r.header("Location").endswith(code)


# ---- the list ------------------------------------------------------------

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def fill(db, n, seed=19):
    rnd = random.Random(seed)
    con = sqlite3.connect(db)
    with con:
        for i in range(n):
            code = "".join(rnd.choice(ALPHABET) for _ in range(7))
            con.execute(
                "INSERT OR IGNORE INTO meeting (code, form_id, title, date, "
                "level, centre, place, closed, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",
                (code, "visite-structure" if i % 10 == 0 else
                 "rencontre-reseau", f"Rencontre n° {i}",
                 f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                 "Berry" if i % 3 == 0 else "départemental",
                 "Vierzon" if i % 2 else "Le Blanc", "Salle", i % 4 == 0))
    con.close()


def test_the_list_is_searched_filtered_and_cut_in_pages(daemon, staff,  # noqa: F811
                                                       db_path):
    fill(db_path, 2000)
    alice = session(daemon, "alice")
    home = alice.get("/admin/")
    # 2,000 meetings were a 511 KB page: now 50 of them.
    assert len(home.body) < 40_000, len(home.body)
    assert "2000 rencontres" in home.text and "Page 1 sur 40" in home.text
    assert home.text.count('class="t"') == 50
    # Filters, and their links to the next page keep them.
    q = {"q": "n° 12", "level": "Berry", "centre": "vierzon",
         "from": "2026-01-01", "to": "2026-06-30", "state": "open"}
    r = alice.get("/admin/?" + urllib.parse.urlencode(q))
    con = sqlite3.connect(db_path)
    want = con.execute(
        "SELECT count(*) FROM meeting WHERE instr(title, 'n° 12') > 0 AND "
        "level = 'Berry' AND centre = 'Vierzon' AND date BETWEEN "
        "'2026-01-01' AND '2026-06-30' AND closed = 0").fetchone()[0]
    shown = re.findall(r'class="t" href="/admin/meetings/([A-Z0-9]+)"',
                       r.text)
    assert len(shown) == min(want, 50) and want > 0
    closed = con.execute("SELECT count(*) FROM meeting WHERE closed = 1 "
                         "AND form_id = 'visite-structure'").fetchone()[0]
    con.close()
    r = alice.get("/admin/?state=closed&form=visite-structure")
    assert f"{closed} rencontres" in r.text
    nxt = re.search(r'rel="next" href="([^"]+)"', r.text)
    assert nxt and "state=closed" in nxt.group(1) and \
        "form=visite-structure" in nxt.group(1)
    page2 = alice.get(nxt.group(1).replace("&amp;", "&"))
    assert "Page 2 sur" in page2.text and 'rel="prev"' in page2.text
    # What the page does not offer is dropped, never an error.
    r = alice.get("/admin/?state=x&level=nope&from=2026-13-01&page=-3")
    assert r.status == 200 and "2000 rencontres" in r.text
    assert alice.get("/admin/?q=%ZZ").status == 200


# ---- in the room --------------------------------------------------------------

def test_projector_page_and_live_count(daemon, staff):  # noqa: F811
    code = staff.meeting()
    bob = session(daemon, "bob")                       # professionals too
    page = bob.get(f"/admin/meetings/{code}/projector")
    assert page.status == 200
    host = daemon.url.split("://", 1)[1]
    assert f"{host}/r/{code}" in page.text             # the short address
    assert f'<p class="big">{code}</p>' in page.text
    assert "<svg" in page.text and "<script>" in page.text
    assert "http-equiv" not in page.text and page.header("Refresh") is None
    assert f'href="/admin/meetings/{code}/projector"' in page.text  # no JS
    csp = page.header("Content-Security-Policy")
    assert "script-src 'sha256-" in csp and "connect-src 'self'" in csp
    count = bob.get(f"/admin/meetings/{code}/count.json")
    assert count.header("Content-Type").startswith("application/json")
    assert json.loads(count.text) == {"responses": 0, "closed": False,
                                      "label": "réponse reçue"}
    answer(daemon, code, SAT)
    answer(daemon, code, SAT)
    assert json.loads(bob.get(f"/admin/meetings/{code}/count.json").text)[
        "responses"] == 2
    # Not for anyone: the count is staff-only, like the page.
    assert daemon.get(f"/admin/meetings/{code}/count.json").status == 303


def test_downloads_are_named_after_what_they_hold(daemon, staff):  # noqa: F811
    alice = session(daemon, "alice")
    code = new_meeting(alice, title="Réseau d'Été", date="2026-07-02")
    cases = [
        ("stats.csv?form=rencontre-reseau&from=2026-01-01&to=2026-12-31",
         'attachment; filename="stats-rencontre-reseau-2026.csv"'),
        ("responses.xlsx?from=2026-01-01&to=2026-06-30",
         'attachment; filename="reponses-2026-01-01-au-2026-06-30.xlsx"'),
        ("evaluation.csv?from=2026-03-01",
         'attachment; filename="evaluation-depuis-2026-03-01.csv"'),
        (f"responses.csv?meeting={code}",
         'attachment; filename="reponses-reseau-d-ete-2026-07-02.csv"; '
         "filename*=UTF-8''reponses-r%C3%A9seau-d-%C3%A9t%C3%A9-2026-07-02.csv"),
        ("stats.csv", 'attachment; filename="recueil-stats.csv"'),
    ]
    for path, want in cases:
        r = alice.get("/admin/export/" + path)
        assert r.status == 200, (path, r.text)
        assert r.header("Content-Disposition") == want, path
