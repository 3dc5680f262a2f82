#!/usr/bin/python3
"""print_pages.py - how many sheets a meeting's results page prints on.

    RECUEIL_BUILD=$PWD/build /usr/bin/python3 tests/tools/print_pages.py

($RECUEIL_FORMS names another forms directory: an older build's own.)

Starts the daemon of $RECUEIL_BUILD on a fresh database, creates a meeting
of the bundled network-meeting form with 12 answers (each with its written
words), signs in with headless chromium, prints the meeting's page to PDF
as a browser does (A4, chromium's print-to-pdf through the DevTools
protocol) and prints the PDF's page count (pdfinfo, poppler-utils) and
whether the navigation and buttons were printed.  Issue 19 counted 7
pages with the navigation and buttons before the print style sheet.
"""
import base64
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "browser"))

from harness import ROOT, Cli, Daemon, form_token  # noqa: E402
from conftest import _make_driver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROLES = ["habitant", "benevole", "professionnel"]


def meeting_with_answers(d, cli, n=12):
    code = cli.run("meeting", "create", "--form", "rencontre-reseau",
                   "--title", "Rencontre du réseau départemental du Cher",
                   "--date", "2026-11-20", "--level", "départemental",
                   "--centre", "La Chancellerie").stdout.decode().split()[0]
    for i in range(n):
        page = d.get(f"/r/{code}")
        r = d.post(f"/r/{code}", {
            "_token": form_token(page.text), "role": ROLES[i % 3],
            "centre": "vierzon", "premiere_fois": "oui" if i % 2 else "non",
            "satisfaction": str(1 + i % 5), "envies": "visiter",
            "retiens": f"Ce que je retiens, réponse {i + 1} : des échanges "
                       "riches entre centres, à refaire au printemps.",
            "changer": f"Pratique {i + 1} : mieux accueillir les nouveaux."})
        assert r.status == 303, r.text
    return code


def pdf_of(drv, url, path):
    drv.get(url)
    pdf = drv.execute_cdp_cmd("Page.printToPDF", {
        "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": False})
    path.write_bytes(base64.b64decode(pdf["data"]))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True,
                          check=True, text=True).stdout
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                          check=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), text


def main():
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="recueil-print-"))
    d = drv = None
    try:
        forms = tmp / "forms"
        shutil.copytree(os.environ.get("RECUEIL_FORMS", ROOT / "forms"),
                        forms)
        db = tmp / "recueil.db"
        cli = Cli(db, forms)
        cli.run("user", "add", "alice", "--role", "coordinator",
                input=b"password\n")
        d = Daemon(db, forms, tmp).start()
        code = meeting_with_answers(d, cli)
        drv = _make_driver(1280, 900, False)
        drv.get(d.url + "/admin/login")
        drv.find_element("id", "username").send_keys("alice")
        drv.find_element("id", "password").send_keys("password")
        drv.find_element("css selector", "form[action='/admin/login'] "
                         "button").click()
        WebDriverWait(drv, 30).until(
            lambda x: "/admin/login" not in x.current_url)
        pages, text = pdf_of(drv, f"{d.url}/admin/meetings/{code}",
                             tmp / "results.pdf")
        assert "Recueil des paroles" in text, "not the results page"
        nav = "Se déconnecter" in text or "Questionnaires" in text
        print(f"results page of a meeting with 12 answers: {pages} pages "
              f"(A4); navigation and buttons printed: {'yes' if nav else 'no'}")
    finally:
        if drv is not None:
            drv.quit()
        if d is not None:
            d.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
