"""The bilan printed to PDF by headless Chromium, read back with pdftotext
(poppler-utils): the staff page through the browser's own print (Selenium
print_page, A4), and the file of `recueil report` with chromium
--print-to-pdf, as a cron job would.  The PDF holds the evaluation
figures and the kept quote, and neither a quote that was not kept nor the
screen-only navigation and PDF note."""
import base64
import re
import shutil
import subprocess

import pytest
from selenium.common.exceptions import (NoSuchElementException,
                                        StaleElementReferenceException)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from harness import form_token

PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")
CHROMIUM = shutil.which("chromium")


def pdf_text(path):
    return subprocess.run([PDFTOTEXT, "-layout", str(path), "-"],
                          capture_output=True, check=True,
                          timeout=120).stdout.decode()


def pdf_pages(path):
    """(page count, page size line) of a PDF, from pdfinfo."""
    info = subprocess.run([PDFINFO, str(path)], capture_output=True,
                          check=True, timeout=120).stdout.decode()
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)
    return pages, size


def answers(daemon, cli):
    """Two years of answers; returns the 2026 meeting's code."""
    a = cli.meeting("rencontre-reseau", "Rencontre du Cher", "2025-05-01",
                    "--centre", "Vierzon")
    b = cli.meeting("rencontre-reseau", "Rencontre du Berry", "2026-03-12",
                    "--centre", "Le Blanc")
    for code, role, sat, said in (
            (a, "habitant", "5", "Nous avons appris du réseau"),
            (a, "benevole", "4", ""),
            (b, "habitant", "3", "Parole que personne ne retient"),
            (b, "professionnel", "4", "Accueillir le réseau chez nous")):
        page = daemon.get(f"/r/{code}")
        r = daemon.post(f"/r/{code}", {
            "_token": form_token(page.text), "role": role,
            "centre": "vierzon", "premiere_fois": "oui",
            "satisfaction": sat, "retiens": said})
        assert r.status == 303
    return b


def check_bilan(text):
    # Cells wrap in the PDF's layout: read words in order, spaces collapsed.
    flat = " ".join(text.split())
    assert "Évaluation" in text
    assert re.search(r"Satisfaction moyenne \(1 à (5\) )?4,50 3,50", flat), text
    assert re.search(r"Participant·es ayant (répondu )?2 2", flat), text
    assert "Recueil des paroles de tous" in text
    assert "Accueillir le réseau" in text           # kept, as edited
    assert "Accueillir le réseau chez nous" not in text
    assert "Parole que personne ne retient" not in text
    assert "Nous avons appris du réseau" not in text
    # Screen only: the navigation and the note on PDF.
    assert "Choisir un autre bilan" not in text
    assert "Télécharger en PDF" not in text


@pytest.mark.skipif(PDFTOTEXT is None or PDFINFO is None,
                    reason="poppler-utils is not installed")
def test_bilan_prints_to_a4_pdf_with_the_kept_quote_only(
        browser, daemon, cli, tmp_path):
    cli.run("user", "add", "alice", "--role", "coordinator",
            input=b"password\n")
    code = answers(daemon, cli)
    drv = browser(1280, 900, javascript=False)
    drv.get(daemon.url + "/admin/login")
    drv.find_element(By.ID, "username").send_keys("alice")
    drv.find_element(By.ID, "password").send_keys("password")
    drv.find_element(By.CSS_SELECTOR,
                     "form[action='/admin/login'] button").click()
    WebDriverWait(drv, 20).until(lambda d: "/admin/login" not in d.current_url)

    # Keep one quote, shortened, on the meeting's paroles page.
    drv.get(f"{daemon.url}/admin/meetings/{code}/paroles")
    block = drv.find_element(
        By.XPATH, "//article[blockquote='Accueillir le réseau chez nous']")
    block.find_element(By.NAME, "keep").click()
    block.find_element(By.NAME, "text").send_keys("Accueillir le réseau")
    block.find_element(By.TAG_NAME, "button").click()
    # The page saved is a new page: wait for the old one to go, then read
    # the new one (the old checkbox, ticked by hand, proves nothing).
    WebDriverWait(drv, 30).until(EC.staleness_of(block))
    WebDriverWait(drv, 30, ignored_exceptions=(
        StaleElementReferenceException, NoSuchElementException)).until(
        lambda d: "/paroles" in d.current_url and
        d.find_element(By.XPATH, "//article[blockquote='Accueillir le réseau "
                       "chez nous']//input[@name='keep']").is_selected())

    drv.get(daemon.url + "/admin/report/bilan.html?period=2025,2026")
    assert drv.find_element(By.TAG_NAME, "h1").text.startswith("Bilan")
    assert drv.find_element(By.TAG_NAME, "nav").is_displayed()
    opts = PrintOptions()
    opts.page_width = 21.0
    opts.page_height = 29.7
    pdf = tmp_path / "bilan-web.pdf"
    pdf.write_bytes(base64.b64decode(drv.print_page(opts)))
    pages, size = pdf_pages(pdf)
    assert "A4" in size and pages >= 2
    check_bilan(pdf_text(pdf))

    # On a phone, the page does not scroll sideways (wide tables scroll
    # inside their own box).
    phone = browser(360, 740, javascript=True)
    phone.get(daemon.url + "/admin/login")
    for c in drv.get_cookies():
        if c["name"] == "recueil_session":
            phone.add_cookie({"name": c["name"], "value": c["value"],
                              "path": "/admin"})
    phone.get(daemon.url + "/admin/report/bilan.html?period=2025,2026")
    assert phone.find_element(By.TAG_NAME, "h1").text.startswith("Bilan")
    width = phone.execute_script(
        "return document.documentElement.scrollWidth")
    wide = phone.execute_script(
        "return [...document.querySelectorAll('body *')].filter("
        "e => e.getBoundingClientRect().right > 362 && "
        "e.parentElement.getBoundingClientRect().right <= 362).slice(0, 8).map("
        "e => e.tagName + '.' + e.className + ':' + "
        "Math.round(e.getBoundingClientRect().right))")
    assert width <= 362, (width, wide)

    # The file `recueil report` writes, printed by chromium as cron would.
    html = tmp_path / "bilan.html"
    cli.run("report", "--period", "2025", "--period", "2026", "-o", html)
    out = tmp_path / "bilan-cli.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", html.as_uri()],
                   capture_output=True, timeout=300, check=True)
    assert "A4" in pdf_pages(out)[1]
    check_bilan(pdf_text(out))
