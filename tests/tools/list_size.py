#!/usr/bin/python3
"""list_size.py - the size of the staff meetings list with many meetings.

    RECUEIL_BUILD=build /usr/bin/python3 tests/tools/list_size.py [N]

Makes a fresh database with a coordinator and N meetings (2,000 by
default, inserted directly), starts the daemon of $RECUEIL_BUILD on
127.0.0.1, signs in and prints the size in bytes of GET /admin/ (the first
page of the list) and of the exports page, which offers every meeting.
Issue 19 measured 511 KB for 2,000 meetings before the list had pages.
"""
import pathlib
import random
import re
import shutil
import sqlite3
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from harness import ROOT, Cli, Daemon  # noqa: E402

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LEVELS = ["départemental", "régional", "Berry", "commission technique",
          "visite"]
CENTRES = ["La Chancellerie", "Le Val d'Auron", "Le Rond-Point",
           "Saint-Amand-Montrond", "Vierzon", "Châteauroux", "Le Blanc"]


def fill(db, n):
    rnd = random.Random(19)
    con = sqlite3.connect(db)
    codes = set()
    with con:
        for i in range(n):
            code = "".join(rnd.choice(ALPHABET) for _ in range(7))
            if code in codes:
                continue
            codes.add(code)
            con.execute(
                "INSERT INTO meeting (code, form_id, title, date, level, "
                "centre, place, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                (code, "rencontre-reseau", f"Rencontre du réseau n° {i + 1}",
                 f"20{20 + i % 7}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                 LEVELS[i % len(LEVELS)], CENTRES[i % len(CENTRES)],
                 "Salle polyvalente"))
    con.close()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="recueil-list-"))
    try:
        forms = tmp / "forms"
        shutil.copytree(ROOT / "forms", forms)
        db = tmp / "recueil.db"
        Cli(db, forms).run("user", "add", "alice", "--role", "coordinator",
                           input=b"password\n")
        fill(db, n)
        d = Daemon(db, forms, tmp).start()
        try:
            page = d.get("/admin/login")
            token = re.search(r'name="csrf" value="([^"]+)"', page.text)[1]
            cookie = re.match(r"(recueil_login=[^;]+);",
                              page.header("Set-Cookie"))[1]
            r = d.post("/admin/login", {"username": "alice",
                                        "password": "password",
                                        "csrf": token},
                       headers={"Cookie": cookie})
            session = re.match(r"(recueil_session=[^;]+);",
                               r.header("Set-Cookie"))[1]
            for path in ("/admin/", "/admin/export"):
                r = d.get(path, headers={"Cookie": session})
                assert r.status == 200, r.status
                print(f"{n} meetings: GET {path} {len(r.body)} bytes")
        finally:
            d.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
