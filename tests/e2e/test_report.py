"""The printable bilan and what feeds it, against the real daemon and CLI:
`recueil report` and /admin/report/bilan.html (the same page), quotes kept
on a meeting's paroles page (CSRF, coordinators only, the answer never
changed), small groups shown as "< N", and evaluation tables of several
periods side by side (`--period`)."""
import csv
import html
import io
import pathlib
import re
import shutil

from harness import Cli, Daemon
from test_admin import (Session, answer, login, session,  # noqa: F401
                        staff)

FORM = "rencontre-reseau"


def session_as(daemon, name, password):
    r = login(daemon, name, password)
    assert r.status == 303, r.text
    m = re.match(r"recueil_session=([A-Za-z0-9_-]+);", r.header("Set-Cookie"))
    return Session(daemon, "recueil_session=" + m.group(1))


def text_of(page):
    """The visible text of an HTML page, tags dropped, entities decoded."""
    body = page[page.index("<body"):]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def two_years(cli, daemon):
    """A meeting in 2025 (two answers) and one in 2026 (three)."""
    a = cli.meeting(FORM, "Rencontre du Cher", "2025-05-01",
                    "--centre", "Vierzon", "--level", "départemental")
    b = cli.meeting(FORM, "Rencontre du Berry", "2026-03-12",
                    "--centre", "Le Blanc", "--level", "Berry")
    for code, role, sat, said in (
            (a, "habitant", "5", "On se sent moins seuls"),
            (a, "benevole", "4", "Un réseau qui <b>compte</b>"),
            (b, "habitant", "3", "Parole non retenue"),
            (b, "habitant", "4", "Des idées pour notre centre"),
            (b, "professionnel", "5", "")):
        answer(daemon, code, {"role": role, "centre": "vierzon",
                              "premiere_fois": "oui", "satisfaction": sat,
                              "retiens": said, "envies": "visiter"})
    return a, b


def paroles(s, code):
    """{answer text: (response id, kept, edit)} of a meeting's paroles."""
    page = s.get(f"/admin/meetings/{code}/paroles")
    assert page.status == 200, page.text
    out = {}
    for m in re.finditer(
            r'<article class="parole" id="p-(\d+)-retiens"><blockquote>'
            r'(.*?)</blockquote>(.*?)</article>', page.text, re.S):
        kept = " checked>" in m.group(3)
        edit = re.search(r"<textarea[^>]*>(.*?)</textarea>", m.group(3), re.S)
        out[html.unescape(m.group(2))] = (
            m.group(1), kept, html.unescape(edit.group(1)) if edit else None)
    return out


def keep(s, code, rid, keep=True, text="", csrf=None):
    fields = {"csrf": csrf if csrf is not None else
              s.csrf(f"/admin/meetings/{code}/paroles"),
              "response": rid, "question": "retiens", "text": text}
    if keep:
        fields["keep"] = "1"
    return s.post(f"/admin/meetings/{code}/paroles", fields)


def test_kept_quotes_reach_the_bilan_edited_and_nothing_else(
        daemon, cli, staff):  # noqa: F811
    a, b = two_years(cli, daemon)
    alice = session(daemon, "alice")
    said = paroles(alice, b)
    assert set(said) == {"Parole non retenue", "Des idées pour notre centre"}
    assert not any(kept for _, kept, _ in said.values())

    r = keep(alice, b, said["Des idées pour notre centre"][0],
             text="  Des idées  ")
    assert r.status == 303
    assert r.header("Location").endswith(
        f"/admin/meetings/{b}/paroles#p-{said['Des idées pour notre centre'][0]}"
        "-retiens")
    rid_a = paroles(alice, a)["Un réseau qui <b>compte</b>"][0]
    assert keep(alice, a, rid_a).status == 303
    now = paroles(alice, b)
    assert now["Des idées pour notre centre"][1:] == (True, "Des idées")
    assert now["Parole non retenue"][1] is False

    page = alice.get("/admin/report/bilan.html?period=2025,2026")
    assert page.status == 200, page.text
    assert page.header("Content-Type").startswith("text/html")
    assert page.header("Content-Disposition") is None
    text = text_of(page.text)
    quotes = text[text.index("Recueil des paroles de tous"):]
    assert "Des idées" in quotes and "Des idées pour" not in quotes
    assert "Un réseau qui <b>compte</b>" in quotes       # escaped, as typed
    assert "<b>compte</b>" not in page.text
    assert "Parole non retenue" not in page.text
    assert "On se sent moins seuls" not in page.text

    # The answer itself is never changed: the export keeps what was typed.
    rows = list(csv.DictReader(io.StringIO(cli.run(
        "export", "responses", "--form", FORM).stdout.decode())))
    assert "Des idées pour notre centre" in [row["retiens"] for row in rows]

    # Unkept: gone from the bilan, the answer still there.
    assert keep(alice, b, now["Des idées pour notre centre"][0],
                keep=False).status == 303
    page = alice.get("/admin/report/bilan.html?meeting=" + b)
    assert "Des idées" not in text_of(page.text).split(
        "Recueil des paroles de tous")[1]
    assert "Aucune parole retenue" in text_of(page.text)


def test_keeping_a_quote_needs_a_coordinator_and_the_csrf_token(
        daemon, cli, staff):  # noqa: F811
    _, b = two_years(cli, daemon)
    alice = session(daemon, "alice")
    rid = paroles(alice, b)["Parole non retenue"][0]
    assert keep(alice, b, rid, csrf="x" * 43).status == 403
    bob = session(daemon, "bob")
    page = bob.get(f"/admin/meetings/{b}/paroles")
    assert page.status == 200 and "Parole non retenue" in page.text
    assert "<form method=\"post\" action=\"/admin/meetings/" not in page.text
    assert keep(bob, b, rid, csrf=bob.csrf()).status == 403
    # Not an answer of this meeting's text questions: refused, nothing kept.
    assert keep(alice, b, rid + "0").status == 404
    r = alice.post(f"/admin/meetings/{b}/paroles", {
        "csrf": alice.csrf(), "response": rid, "question": "role",
        "keep": "1"})
    assert r.status == 400
    assert keep(alice, b, rid, text="x" * 2001).status == 400
    # 2,000 characters are fine, even of four bytes each.
    assert keep(alice, b, rid, keep=False, text="🙂" * 2000).status == 303
    assert not any(k for _, k, _ in paroles(alice, b).values())


def test_cli_report_and_staff_page_say_the_same(daemon, cli, staff):  # noqa
    a, b = two_years(cli, daemon)
    alice = session(daemon, "alice")
    keep(alice, a, paroles(alice, a)["On se sent moins seuls"][0])
    page = alice.get("/admin/report/bilan.html?period=2026&form=" + FORM)
    out = cli.run("report", "--period", "2026", "--form", FORM).stdout.decode()
    # The staff page adds its navigation bar (not printed), nothing else.
    assert re.sub(r"<nav .*?</nav>", "", page.text) == out
    text = text_of(out)
    assert "Bilan : Après la rencontre du réseau" in text
    assert "Période : 2026" in text
    assert "Rencontre du Berry" in text and "Rencontre du Cher" not in text
    assert "1 rencontre, 3 réponses au questionnaire" in text
    # The kept quote is from 2025: not in a 2026 bilan.
    assert "On se sent moins seuls" not in text
    assert "On se sent moins seuls" in cli.run(
        "report", "--period", "2025").stdout.decode()

    cli.run("report", "--period", "2026", "--form", FORM,
            "-o", str(cli.db.parent / "b.html"))
    assert (cli.db.parent / "b.html").read_text() == out


def test_small_groups_read_less_than_n(daemon, cli, staff):  # noqa: F811
    two_years(cli, daemon)
    out = cli.run("report", "--min-count", "3").stdout.decode()
    text = text_of(out)
    # The 2025 meeting had 2 answers, 2026's three: "< 3" and 3.
    row = re.search(r"Rencontre du Cher\s+départemental\s+Vierzon\s+(\S+ ?\S*)",
                    text)
    assert row and row.group(1).startswith("< 3"), text
    assert re.search(r"Rencontre du Berry\s+Berry\s+Le Blanc\s+3\b", text)
    # One bénévole and one professionnel: hidden, and their bars not drawn.
    assert "Bénévole" in out
    roles = text[text.index("Vous êtes…"):text.index("De quel centre")]
    assert roles.count("< 3") >= 2 and "(20 %)" not in roles
    # The daemon's min_count is a floor for the staff page.
    daemon.stop()
    d = Daemon(daemon.db, daemon.forms, daemon.workdir,
               ["--set", "min_count=3"]).start()
    try:
        page = session(d, "bob").get("/admin/report/bilan.html?min-count=1")
        assert "« < 3 »" in text_of(page.text)
    finally:
        d.stop()


def test_evaluation_compares_periods_side_by_side(daemon, cli, staff):  # noqa
    two_years(cli, daemon)
    out = cli.run("export", "evaluation", "--period", "2025",
                  "--period", "2026").stdout.decode()
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["objet", "indicateur", "2025", "2026"]
    got = {r[1]: r[2:] for r in rows[1:]}
    assert got["Participant·es ayant répondu"] == ["2", "3"]
    assert got["Satisfaction moyenne (1 à 5)"] == ["4.5", "4"]
    assert got["Rencontres par niveau de réseau : départemental"] == ["1", ""]
    assert got["Rencontres par niveau de réseau : Berry"] == ["", "1"]
    # One period is --from/--to: the usual columns.
    one = list(csv.reader(io.StringIO(cli.run(
        "export", "evaluation", "--period", "2026-S1").stdout.decode())))
    assert one[0] == ["objet", "indicateur", "valeur", "période"]
    assert one[1][3] == "2026-01-01/2026-06-30"
    # The staff download takes the same option, byte for byte.
    bob = session(daemon, "bob")
    web = bob.get("/admin/export/evaluation.csv?period=2025%2C2026")
    assert web.status == 200 and web.body.decode() == out
    page = bob.get("/admin/report/bilan.html?period=2025-01..2025-06,2026")
    assert page.status == 200
    head = re.search(r"<table id=\"evaluation\"><thead>(.*?)</thead>",
                     page.text).group(1)
    assert "2025-01..2025-06" in head and ">2026<" in head
    # Participation per period too: meetings and responses of each.
    per = " ".join(re.sub(r"<[^>]+>", " ", re.search(
        r'<table id="periodes">.*?</table>', page.text, re.S).group(0)).split())
    assert re.search(r"2025-01..2025-06\s+1\s+2\s+2026\s+1\s+3", per), per


def test_bad_periods_are_refused_clearly(daemon, cli, staff):  # noqa: F811
    for args, msg in (
            (["--period", "2026-13"], "« 2026-13 » n'est pas une période"),
            (["--period", "2026-S3"], "n'est pas une période"),
            (["--period", "2026-06..2026-01"], "finit avant de commencer"),
            (["--period", "2026", "--from", "2026-01-01"],
             "--period et --from/--to"),
            (["--period", ",,"], "aucune période")):
        p = cli.run("export", "evaluation", *args, check=False)
        assert p.returncode == 2 and msg in p.stderr.decode(), p.stderr
    p = cli.run("export", "stats", "--period", "2025,2026", check=False)
    assert p.returncode == 2 and "seul le tableau d'évaluation" in p.stderr.decode()
    p = cli.run("report", "--meeting", "K7QX3MA", check=False)
    assert p.returncode == 2 and "aucune rencontre" in p.stderr.decode()
    page = session(daemon, "bob").get("/admin/report/bilan.html?period=20x6")
    assert page.status == 400 and "Bilan impossible" in page.text


def test_quotes_are_kept_on_a_database_of_an_older_release(tmp_path):
    """schema-v2.db, written by an earlier release: migrated when the daemon
    starts (test_schema_upgrade.py checks every answer), it takes kept
    quotes, and the answer stays as it was written."""
    fixtures = pathlib.Path(__file__).resolve().parent / "fixtures"
    db = tmp_path / "recueil.db"
    shutil.copyfile(fixtures / "schema-v2.db", db)
    shutil.copytree(fixtures / "schema-v2" / "forms", tmp_path / "forms")
    said = "Des échanges très riches entre habitant·es et professionnel·les."
    d = Daemon(db, tmp_path / "forms", tmp_path).start()
    try:
        cli = Cli(db, tmp_path / "forms")
        s = session_as(d, "claire", "mot de passe é 1")
        rid = paroles(s, "PHMQPY4")[said][0]
        assert keep(s, "PHMQPY4", rid, text="Des échanges très riches").status \
            == 303
        text = text_of(cli.run("report", "--meeting", "PHMQPY4").stdout
                       .decode())
        assert "Des échanges très riches" in text and said not in text
        rows = csv.DictReader(io.StringIO(cli.run(
            "export", "responses", "--form", FORM).stdout.decode()))
        assert said in [r["retiens"] for r in rows]
    finally:
        d.stop()


def test_meeting_results_page_shows_small_groups_as_less_than_n(
        db_path, forms_dir, tmp_path, staff):  # noqa: F811
    d = Daemon(db_path, forms_dir, tmp_path,
               ["--set", "min_count=3"]).start()
    try:
        code = staff.meeting()
        for role in ("habitant", "habitant", "habitant", "benevole"):
            answer(d, code, {"role": role, "centre": "vierzon",
                             "premiere_fois": "oui", "satisfaction": "4"})
        page = session(d, "bob").get(f"/admin/meetings/{code}")
        assert page.status == 200
        svg = re.search(r'<svg class="chart".*?</svg>', page.text, re.S).group(0)
        # Habitant·e: 3, drawn; Bénévole: 1, "< 3" and no bar of its length.
        assert re.search(r'width="300"[^>]*/><text[^>]*>3</text>', svg), svg
        assert re.search(r'width="1"[^>]*/><text[^>]*>&lt; 3</text>', svg)
        assert ">1</text>" not in svg
        # The table for screen readers is in a visually hidden box
        # (2026-12-02: a table does not shrink to 1 px on a phone).
        table = re.search(r'<div class="sr"><table.*?</table>', page.text,
                          re.S).group(0)
        assert "&lt; 3</td><td class=\"n\"></td>" in table
        # Four answers to the scale: its mean is shown.
        assert "moyenne 4,00" in page.text
    finally:
        d.stop()
