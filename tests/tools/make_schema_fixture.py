#!/usr/bin/python3
"""Make the fixture database of a released schema with THAT release's binaries.

    git worktree add /tmp/rN <release commit> && make -C /tmp/rN -j2
    /usr/bin/python3 tests/tools/make_schema_fixture.py \\
        --build /tmp/rN/build --forms /tmp/rN/forms \\
        --out tests/e2e/fixtures/schema-vN

writes, next to each other:
    schema-vN.db                 the database, as the release left it
    schema-vN/forms/*.csv        the forms it was made with (the last version)
    schema-vN/manifest.json      users and passwords, meetings, how many
                                 responses, the release's schema version
    schema-vN/responses-FORM.csv the release's own `export responses --codes`
    schema-vN/stats.csv          the release's own `export stats`

Only the release's own programs write the database: `recueil` makes the
users and meetings, `recueild` receives the answers over HTTP exactly as a
phone would send them.  Two passes: first with time_resolution = day, then
with a second version of rencontre-reseau (one more question, one more
choice) and time_resolution = second, a second apart, so that the database
holds several submission times and responses that span form versions.
tests/e2e/test_schema_upgrade.py opens the result with today's programs.
Everything is loopback traffic; nothing is downloaded.
"""
import argparse
import http.client
import json
import os
import pathlib
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse

USERS = [("claire", "coordinator", "mot de passe é 1"),
         ("bruno", "professional", "Pro-fessionnel·le 2")]

# Free texts that have broken exporters before: accents, quotes, commas,
# line breaks (LF and CRLF), formula openings, tabs, spaces, non-Latin.
TEXTS = [
    "Des échanges très riches entre habitant·es et professionnel·les.",
    'On a parlé "participation", virgules, et\nretours à la ligne',
    "=SOMME(A1:A2)",
    "+33 2 48 00 00 00",
    "-- rien à ajouter --",
    "@tous : merci pour l'accueil !",
    "Trop court…\r\nMais bien.",
    "\tindenté",
    "  espaces autour  ",
    "€ – « guillemets » — 日本語 — 🙂",
    "Çà et là ; point-virgule",
]

ROLES = ["habitant", "benevole", "professionnel", "autre"]
CENTRES = ["la_chancellerie", "val_dauron", "rond_point", "saint_amand",
           "vierzon", "autre"]
ENVIES = [["visiter"], ["visiter", "accueillir"],
          ["accueillir", "preparer", "visiter"], ["non"], []]


def rencontre(i, v2=False):
    """The i-th answer to rencontre-reseau: some optional fields empty."""
    f = {"role": ROLES[i % len(ROLES)], "centre": CENTRES[i % len(CENTRES)],
         "premiere_fois": "oui" if i % 3 else "non"}
    if f["centre"] == "autre":
        f["centre_autre"] = "Maison de quartier d'Éguzon"
    if i % 4 != 3:
        f["satisfaction"] = str(1 + i % 5)
    if i % 2 == 0:
        f["retiens"] = TEXTS[i % len(TEXTS)]
    if i % 3 == 1:
        f["changer"] = TEXTS[(i + 5) % len(TEXTS)]
    if ENVIES[i % len(ENVIES)]:
        f["envies"] = ENVIES[i % len(ENVIES)]
    if i % 5 == 2:
        f["commentaire"] = TEXTS[(i + 3) % len(TEXTS)][::-1]
    if v2 and i % 2:
        f["transport"] = ["bus", "voiture"] if i % 4 == 1 else ["velo"]
    if v2 and i % 2 == 0 and f.get("envies") and "non" not in f["envies"]:
        f["envies"] = f["envies"] + ["former"]
    return f


def visite(i):
    f = {"centre": CENTRES[(i + 2) % len(CENTRES)], "role": ROLES[i % 4]}
    if f["centre"] == "autre":
        f["centre_autre"] = "Centre « Les Tilleuls », Bourges"
    if i % 2:
        f["decouvert"] = TEXTS[(i + 1) % len(TEXTS)]
    if i % 3:
        f["satisfaction"] = str(5 - i % 5)
    if i % 4 != 1:
        f["revenir"] = ["oui", "non", "peut_etre"][i % 3]
    return f


def form_v2(src):
    """rencontre-reseau version 2: one more choice, one more question."""
    text = src.read_text(encoding="utf-8")
    text, n = re.subn(r"^(,rencontre-reseau,[^,\n]*,)([^,\n]*)", r"\1\2-b",
                      text, count=1, flags=re.M)
    assert n == 1, "no settings row in rencontre-reseau"
    lines = text.split("\n")
    out = []
    for line in lines:
        out.append(line)
        if line.startswith(",select_multiple envies,envies,"):
            out.append(",select_multiple transport,transport,"
                       "Comment êtes-vous venu·e ?,,,,,,,,")
        if line.startswith(",envies,preparer,"):
            out.append(",envies,former,Me former à l'animation,,,,,,,,")
            out.append(",transport,bus,En bus,,,,,,,,")
            out.append(",transport,voiture,En voiture,,,,,,,,")
            out.append(",transport,velo,À vélo,,,,,,,,")
    return "\n".join(out)


class Daemon:
    def __init__(self, build, db, forms, workdir, extra):
        args = [str(build / "recueild"), "--listen", "127.0.0.1:0",
                "--db", str(db), "--forms", str(forms), *extra]
        self.proc = subprocess.Popen(args, stderr=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL, cwd=workdir)
        self.port = None
        deadline = time.monotonic() + 60
        lines = []
        while time.monotonic() < deadline and self.port is None:
            line = self.proc.stderr.readline().decode("utf-8", "replace")
            if not line:
                break
            lines.append(line)
            m = re.match(r"listening on http://127\.0\.0\.1:(\d+)/$",
                         line.rstrip("\n"))
            if m:
                self.port = int(m.group(1))
        if self.port is None:
            self.proc.kill()
            sys.exit("recueild did not start:\n" + "".join(lines))

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            hdrs = dict(headers or {})
            if isinstance(body, dict):
                body = urllib.parse.urlencode(body, doseq=True).encode()
                hdrs["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=hdrs)
            r = conn.getresponse()
            return r.status, dict((k.lower(), v) for k, v in r.getheaders()), \
                r.read().decode("utf-8", "replace")
        finally:
            conn.close()

    def answer(self, code, fields):
        status, _, page = self.request("GET", f"/r/{code}")
        assert status == 200, (code, status)
        token = re.search(r'name="_token" value="([A-Za-z0-9_-]+)"', page)
        assert token, "no token in the form page"
        status, _, body = self.request(
            "POST", f"/r/{code}", dict(fields, _token=token.group(1)))
        assert status == 303, (status, fields, body[:2000])

    def login(self, name, password, expect=303):
        """Sign in once, so that the database holds a session too (and,
        with a wrong password, a failed attempt where they are stored)."""
        status, hdrs, page = self.request("GET", "/admin/login")
        assert status == 200
        token = re.search(r'name="csrf" value="([A-Za-z0-9_-]+)"', page)
        cookie = re.match(r"(recueil_login=[A-Za-z0-9_-]+);",
                          hdrs.get("set-cookie", ""))
        assert token and cookie
        status, _, _ = self.request(
            "POST", "/admin/login",
            {"username": name, "password": password, "csrf": token.group(1)},
            headers={"Cookie": cookie.group(1)})
        assert (status == 303) == (expect == 303), status

    def stop(self):
        self.proc.terminate()
        assert self.proc.wait(timeout=60) == 0


def cli(build, db, forms, *args, stdin=None):
    p = subprocess.run([str(build / "recueil"), "--db", str(db), "--forms",
                        str(forms), *[str(a) for a in args]],
                       input=stdin, capture_output=True, timeout=300,
                       env=dict(os.environ, TZ="Europe/Paris"))
    if p.returncode != 0:
        sys.exit(f"recueil {' '.join(map(str, args))}: "
                 f"{p.stderr.decode('utf-8', 'replace')}")
    return p.stdout


MEETINGS = [
    # form, title, date, level, centre, place
    ("rencontre-reseau", "Rencontre du réseau départemental", "2026-11-20",
     "départemental", "Val d'Auron", "Salle « Les Tilleuls », Bourges"),
    ("visite-structure", "Visite de notre centre", "2026-11-21",
     "visite", "Rond-Point", ""),
    ("rencontre-reseau", "Journée \"Faire ensemble\", =1+1", "2026-11-25",
     "régional", "", "Vierzon"),
]


def pass_one(build, db, forms, work, codes):
    d = Daemon(build, db, forms, work, [])
    try:
        for i in range(9):
            d.answer(codes[0], rencontre(i))
        for i in range(6):
            d.answer(codes[1], visite(i))
        for i in range(9, 14):
            d.answer(codes[2], rencontre(i))
        d.login(*USERS[0][::2])
        d.login(USERS[1][0], "pas le bon", expect=401)
    finally:
        d.stop()
    return 20


def pass_two(build, db, forms, work, codes):
    d = Daemon(build, db, forms, work, ["--set", "time_resolution=second"])
    try:
        for i in range(14, 20):
            d.answer(codes[0], rencontre(i, v2=True))
            time.sleep(1.1)
        for i in range(6, 9):
            d.answer(codes[1], visite(i))
            time.sleep(1.1)
    finally:
        d.stop()
    return 9


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", required=True, type=pathlib.Path)
    ap.add_argument("--forms", required=True, type=pathlib.Path)
    ap.add_argument("--out", required=True, type=pathlib.Path)
    o = ap.parse_args()
    build, out = o.build.resolve(), o.out.resolve()
    db = out.with_suffix(".db")
    if db.exists() or out.exists():
        sys.exit(f"{db} or {out} exists: remove them first")
    work = pathlib.Path(tempfile.mkdtemp(prefix="recueil-fixture-"))
    forms = work / "forms"
    shutil.copytree(o.forms, forms)
    wdb = work / "recueil.db"
    for name, role, password in USERS:
        cli(build, wdb, forms, "user", "add", name, "--role", role,
            stdin=(password + "\n").encode())
    codes = []
    for form, title, date, level, centre, place in MEETINGS:
        args = ["meeting", "create", "--form", form, "--title", title,
                "--date", date, "--level", level]
        if centre:
            args += ["--centre", centre]
        if place:
            args += ["--place", place]
        codes.append(cli(build, wdb, forms, *args).decode().split("\n")[0])
    n = pass_one(build, wdb, forms, work, codes)
    v2 = form_v2(forms / "rencontre-reseau.csv")
    (forms / "rencontre-reseau.csv").write_text(v2, encoding="utf-8")
    n += pass_two(build, wdb, forms, work, codes)
    cli(build, wdb, forms, "meeting", "close", codes[2])
    c = sqlite3.connect(wdb)
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    version = c.execute("PRAGMA user_version").fetchone()[0]
    c.close()
    out.mkdir(parents=True)
    shutil.copytree(forms, out / "forms")
    for form in ("rencontre-reseau", "visite-structure"):
        (out / f"responses-{form}.csv").write_bytes(cli(
            build, wdb, forms, "export", "responses", "--codes",
            "--form", form))
    (out / "stats.csv").write_bytes(cli(build, wdb, forms, "export", "stats"))
    listing = cli(build, wdb, forms, "meeting", "list").decode()
    manifest = {
        "schema_version": version,
        "made_by": "tests/tools/make_schema_fixture.py",
        "responses": n,
        "users": [{"name": u, "role": r, "password": p}
                  for u, r, p in USERS],
        "meetings": [{"code": code, "form": m[0], "title": m[1],
                      "date": m[2], "level": m[3], "centre": m[4],
                      "place": m[5], "closed": code == codes[2]}
                     for code, m in zip(codes, MEETINGS)],
        "meeting_list": listing,
    }
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8")
    wal = pathlib.Path(str(wdb) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        sys.exit(f"{wal} left over: the copy would be incomplete")
    shutil.copyfile(wdb, db)
    shutil.rmtree(work)
    print(f"{db}: schema version {version}, {n} responses")


if __name__ == "__main__":
    main()
