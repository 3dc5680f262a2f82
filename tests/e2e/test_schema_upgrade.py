"""Upgrades lose nothing: every released schema opens and migrates forward.

tests/e2e/fixtures/schema-vN.db was written by release N's own programs
(tests/tools/make_schema_fixture.py; how to add one at each release:
tests/e2e/fixtures/README).  Each test copies one, starts today's recueild
on it, and checks that every answer reads back through today's export
exactly as the release exported it, that the release's accounts still
sign in, that its meetings are intact and still take answers, and that the
schema is the newest: the one a fresh database gets (never a hard-coded
number, since other changes add migrations).
"""
import csv
import io
import json
import pathlib
import re
import shutil
import sqlite3

import pytest

from harness import Cli, Daemon, form_token

FIXTURES = pathlib.Path(__file__).resolve().parent / "fixtures"
RELEASES = sorted(p.stem for p in FIXTURES.glob("schema-v*.db"))


def test_there_is_a_fixture_of_each_released_schema():
    versions = sorted(int(r[len("schema-v"):]) for r in RELEASES)
    assert versions[:2] == [1, 2], versions


def parse(data):
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def user_version(db):
    c = sqlite3.connect(db)
    try:
        return c.execute("PRAGMA user_version").fetchone()[0]
    finally:
        c.close()


def export_args(cli):
    """Machine names in the header, however today's default is spelled."""
    text = cli.run("export", "--help", check=False)
    text = (text.stdout + text.stderr).decode("utf-8", "replace")
    return ["--header", "names"] if "--header" in text else []


@pytest.fixture(params=RELEASES)
def upgraded(request, tmp_path):
    """(manifest, fixture dir, cli, daemon) on a copy of release N's db."""
    name = request.param
    src = FIXTURES / name
    manifest = json.loads((src / "manifest.json").read_text("utf-8"))
    db = tmp_path / "recueil.db"
    shutil.copyfile(FIXTURES / f"{name}.db", db)
    forms = tmp_path / "forms"
    shutil.copytree(src / "forms", forms)
    assert user_version(db) == manifest["schema_version"]
    d = Daemon(db, forms, tmp_path)
    d.start()
    yield manifest, src, Cli(db, forms), d
    d.stop()


def test_schema_is_the_newest(upgraded, tmp_path):
    manifest, _, cli, _ = upgraded
    fresh = tmp_path / "fresh.db"
    Cli(fresh, cli.forms).run("user", "list")
    assert user_version(cli.db) == user_version(fresh)
    assert user_version(fresh) >= manifest["schema_version"]


def rows_by_old_header(old, new):
    """new's rows cut to old's columns, with the response id left out."""
    oh, nh = old[0], new[0]
    missing = [c for c in oh if c not in nh]
    assert not missing, f"columns gone after the upgrade: {missing}"
    cols = [nh.index(c) for c in oh if c != "response_id"]
    return [[r[i] for i in cols] for r in new[1:]]


@pytest.mark.parametrize("form", ["rencontre-reseau", "visite-structure"])
def test_every_answer_reads_back_as_the_release_exported_it(upgraded, form):
    manifest, src, cli, _ = upgraded
    old = parse((src / f"responses-{form}.csv").read_bytes())
    new = parse(cli.run("export", "responses", "--codes", "--form", form,
                        *export_args(cli), env={"TZ": "UTC"}).stdout)
    # The release wrote its times in its own zone; compare instants.
    old_rows = [[c for h, c in zip(old[0], r) if h != "response_id"]
                for r in old[1:]]
    new_rows = rows_by_old_header(old, new)
    assert len(new_rows) == len(old_rows) > 0
    at = [h for h in old[0] if h != "response_id"].index("submitted_at")
    for rows in (old_rows, new_rows):
        for r in rows:
            r[at] = instant(r[at])
    # Row order within one period is not kept (ids may be rewritten):
    # the same rows, each exactly once.
    assert sorted(new_rows) == sorted(old_rows)
    ids = [r[new[0].index("response_id")] for r in new[1:]]
    assert len(set(ids)) == len(ids)
    # Rows come by submission period.
    times = [r[at] for r in new_rows]
    assert times == sorted(times)


def instant(iso):
    """Seconds since the epoch of 2026-12-02T01:00:00+01:00."""
    import datetime
    return int(datetime.datetime.fromisoformat(iso).timestamp())


def test_every_response_is_counted(upgraded):
    manifest, _, cli, _ = upgraded
    total = 0
    for form in ("rencontre-reseau", "visite-structure"):
        data = cli.run("export", "responses", "--form", form,
                       *export_args(cli)).stdout
        total += len(parse(data)) - 1
    assert total == manifest["responses"]


def signin(daemon, name, password):
    page = daemon.get("/admin/login")
    assert page.status == 200
    token = re.search(r'name="csrf" value="([A-Za-z0-9_-]+)"', page.text)
    cookie = re.match(r"(recueil_login=[A-Za-z0-9_-]+);",
                      page.header("Set-Cookie") or "")
    return daemon.post("/admin/login", {"username": name, "csrf":
                       token.group(1), "password": password},
                       headers={"Cookie": cookie.group(1)})


def test_release_accounts_sign_in(upgraded):
    manifest, _, cli, d = upgraded
    for u in manifest["users"]:
        r = signin(d, u["name"], u["password"])
        assert r.status == 303, r.text
        m = re.match(r"(recueil_session=[A-Za-z0-9_-]+);",
                     r.header("Set-Cookie"))
        home = d.get("/admin/", headers={"Cookie": m.group(1)})
        assert home.status == 200
        assert u["name"] in home.text
        assert signin(d, u["name"], u["password"] + "x").status != 303
    listing = cli.run("user", "list").stdout.decode()
    for u in manifest["users"]:
        line = next(x for x in listing.splitlines() if u["name"] in x)
        assert u["role"] in line


def test_meetings_are_intact_and_open_ones_take_answers(upgraded):
    manifest, _, cli, d = upgraded
    listing = cli.run("meeting", "list").stdout.decode().splitlines()
    assert len(listing) == len(manifest["meetings"])
    for m in manifest["meetings"]:
        line = next(x for x in listing if x.split("\t")[0] == m["code"])
        for field in ("date", "form", "title", "level"):
            assert m[field] in line.split("\t"), (field, line)
        assert ("closed" in line.split("\t")) == m["closed"]
        page = d.get(f"/r/{m['code']}")
        if m["closed"]:
            assert 'name="_token"' not in page.text
            continue
        assert page.status == 200 and m["title"] in page.text
    # The upgraded database still takes an answer, next to the old ones.
    m = next(x for x in manifest["meetings"]
             if not x["closed"] and x["form"] == "visite-structure")
    page = d.get(f"/r/{m['code']}")
    r = d.post(f"/r/{m['code']}", {"_token": form_token(page.text),
                                   "centre": "vierzon", "role": "autre",
                                   "decouvert": "Après la mise à jour"})
    assert r.status == 303, r.text
    data = cli.run("export", "responses", "--form", "visite-structure",
                   "--meeting", m["code"], *export_args(cli)).stdout
    assert "Après la mise à jour" in data.decode()


def test_response_ids_tell_no_more_than_submitted_at(upgraded):
    """Issue 17 item 5: after the upgrade, no id keeps the order of
    submission (ids were 1, 2, 3...): each is submitted_at * 2^31 plus
    random bits, and every answer still belongs to its response."""
    manifest, _, cli, d = upgraded
    d.stop()
    c = sqlite3.connect(cli.db)
    try:
        rows = c.execute("SELECT id, submitted_at FROM response").fetchall()
        assert len(rows) == manifest["responses"]
        assert all(i >> 31 == at for i, at in rows)
        assert not c.execute("PRAGMA foreign_key_check").fetchall()
        assert c.execute("SELECT count(*) FROM answer WHERE response_id "
                         "NOT IN (SELECT id FROM response)").fetchone() == (0,)
        assert max(i for i, _ in rows) > 2 ** 31
    finally:
        c.close()
    d.start()


def test_workbook_ids_are_exact(upgraded, tmp_path):
    """Ids above 2^53 would come back rounded from a spreadsheet's number
    cells (two responses, one id): in a workbook they are text."""
    openpyxl = pytest.importorskip("openpyxl")
    _, _, cli, _ = upgraded
    form = "rencontre-reseau"
    csv_ids = [r[0] for r in parse(cli.run(
        "export", "responses", "--form", form, *export_args(cli)).stdout)]
    out = tmp_path / "r.xlsx"
    cli.run("export", "responses", "--form", form, "--format", "xlsx",
            "-o", out, *export_args(cli))
    ws = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    xlsx_ids = [str(row[0]) for row in ws.iter_rows(values_only=True)]
    assert xlsx_ids == csv_ids
    assert len(set(xlsx_ids)) == len(xlsx_ids)
