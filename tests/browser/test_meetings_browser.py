"""A coordinator's meetings in a real browser (issue 19): every staff page
fits a 360 px phone without sideways scrolling; the meetings are created,
edited, duplicated, closed after a question and deleted by tapping,
without JavaScript; the projector page's count follows the answers with
JavaScript; the results page prints without the navigation and buttons.

Full-page screenshots land in $RECUEIL_BUILD/screenshots/ (the guide du
coordinateur, doc/guide-coordinateur.md, shows some of them).
"""
import base64
import os
import pathlib
import re
import subprocess
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import BUILD, Daemon, form_token
from phone_actions import tap

SHOTS = pathlib.Path(os.environ.get("RECUEIL_BUILD", BUILD)) / "screenshots"
W, H = 360, 740
ANSWER = {"role": "habitant", "centre": "vierzon", "premiere_fois": "oui",
          "satisfaction": "4", "envies": "visiter",
          "retiens": "Des échanges très riches entre les centres du réseau, "
                     "à refaire au printemps avec les habitant·es."}


def shot(drv, name, width=W, height=4000):
    """A full-page PNG (at most `height` px) for a human, and for the
    guide: doc/img/ holds copies of the guide-*.png ones."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    m = drv.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = m.get("cssContentSize") or m["contentSize"]
    data = drv.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width,
                 "height": min(size["height"], height), "scale": 1}})
    (SHOTS / f"{name}.png").write_bytes(base64.b64decode(data["data"]))


def answer(daemon, code, fields=None):
    page = daemon.get(f"/r/{code}")
    r = daemon.post(f"/r/{code}", dict(fields or ANSWER,
                                       _token=form_token(page.text)))
    assert r.status == 303, r.text


def login(drv, daemon, name="alice", password="password"):
    drv.get(daemon.url + "/admin/login")
    drv.find_element(By.ID, "username").send_keys(name)
    drv.find_element(By.ID, "password").send_keys(password)
    drv.find_element(By.CSS_SELECTOR,
                     "form[action='/admin/login'] button").click()
    WebDriverWait(drv, 20).until(lambda d: "/admin/login" not in d.current_url)


def wide_elements(drv):
    return drv.execute_script("""
        const out = [];
        for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.right > window.innerWidth + 1 && !e.closest('.sr')
                && !e.closest('[role=region]'))
                out.push(e.tagName + '.' + e.className + ' ' + r.right);
        }
        return out.slice(0, 5);""")


def unreachable_scrollers(drv):
    """Regions that scroll sideways but that a keyboard cannot reach: no
    tabindex and nothing focusable inside (axe's
    scrollable-region-focusable)."""
    return drv.execute_script("""
        const out = [];
        const focusable = 'a[href], button, input, select, textarea, '
            + '[tabindex]';
        for (const e of document.querySelectorAll('body *')) {
            const o = getComputedStyle(e).overflowX;
            if ((o === 'auto' || o === 'scroll')
                && e.scrollWidth > e.clientWidth
                && !e.hasAttribute('tabindex')
                && !e.querySelector(focusable))
                out.push(e.tagName + '.' + e.className);
        }
        return out;""")


@pytest.fixture
def room(db_path, forms_dir, tmp_path, cli):
    """A daemon with its demo meeting, a coordinator and a meeting with
    answers and a long title."""
    cli.run("user", "add", "alice", "--role", "coordinator",
            input=b"password\n")
    d = Daemon(db_path, forms_dir, tmp_path, ["--demo"]).start()
    code = cli.meeting("rencontre-reseau",
                       "Rencontre du réseau départemental du Cher à La "
                       "Chancellerie avec les centres de Vierzon",
                       "2026-11-20", "--level", "départemental",
                       "--centre", "Saint-Amand-Montrond")
    for _ in range(3):
        answer(d, code)
    yield d, code
    d.stop()


# ---- every staff page at 360 px ---------------------------------------------

# The pages the guide du coordinateur shows.
GUIDE = {"nouvelle", "rencontre", "exports", "questionnaires"}


def staff_pages(code):
    m = f"/admin/meetings/{code}"
    return [
        ("liste", "/admin/"), ("liste-filtree", "/admin/?q=r%C3%A9seau&"
                               "state=open&from=2026-01-01"),
        ("nouvelle", "/admin/meetings/new"), ("rencontre", m),
        ("direct", m + "?live=1"), ("modifier", m + "/edit"),
        ("dupliquer", m + "/duplicate"), ("supprimer", m + "/delete"),
        ("clore", m + "/close"), ("projeter", m + "/projector"),
        ("imprimer", m + "/print"), ("paroles", m + "/paroles"),
        ("questionnaires", "/admin/forms"), ("exports", "/admin/export"),
        ("bilan", "/admin/report"),
        ("bilan-rencontre", f"/admin/report/bilan.html?meeting={code}"),
        ("comptes", "/admin/accounts"), ("centres", "/admin/centres"),
        ("journal", "/admin/journal"), ("mot-de-passe", "/admin/password"),
        ("brouillons", "/admin/drafts"),
    ]


def test_every_staff_page_fits_a_phone(browser, room):
    daemon, code = room
    drv = browser(W, H)
    drv.get(daemon.url + "/admin/login")
    assert drv.execute_script(
        "return document.documentElement.scrollWidth") <= W
    login(drv, daemon)
    for name, path in staff_pages(code):
        drv.get(daemon.url + path)
        assert "/admin/login" not in drv.current_url, path
        width = drv.execute_script(
            "return document.documentElement.scrollWidth")
        assert width <= W, (path, width, wide_elements(drv))
        assert unreachable_scrollers(drv) == [], path
        shot(drv, f"staff-{name}")
        if name in GUIDE:
            shot(drv, f"guide-{name}", height=1400)
    # The forms page's wide table scrolls in a region the keyboard reaches.
    drv.get(daemon.url + "/admin/forms")
    assert drv.find_element(By.CSS_SELECTOR, ".wrap").get_attribute(
        "tabindex") == "0"
    # No page of a meeting refreshes itself (axe's meta-refresh).
    for path in (f"/admin/meetings/{code}?live=1",
                 f"/admin/meetings/{code}/projector"):
        drv.get(daemon.url + path)
        assert not drv.find_elements(By.CSS_SELECTOR,
                                     "meta[http-equiv=refresh]")


# ---- a coordinator's week, without JavaScript -------------------------------

def test_coordinator_keeps_meetings_by_tapping(browser, room):
    daemon, code = room
    drv = browser(W, H, javascript=False)
    login(drv, daemon)

    # The demo is shown as such, and goes after a question.
    drv.get(daemon.url + "/admin/")
    assert "démonstration" in drv.find_element(By.CSS_SELECTOR,
                                                ".list").text
    tap(drv, drv.find_element(By.LINK_TEXT, "Supprimer la démonstration"))
    tap(drv, drv.find_element(By.XPATH,
                              "//button[contains(., 'Oui, supprimer')]"))
    WebDriverWait(drv, 20).until(lambda d: "deleted=1" in d.current_url)
    assert "La rencontre a été supprimée." in drv.page_source
    assert "démonstration" not in drv.find_element(By.CSS_SELECTOR,
                                                    ".list").text

    # Edit: the meeting has answers, so its form stays; the rest changes.
    drv.get(f"{daemon.url}/admin/meetings/{code}")
    tap(drv, drv.find_element(By.LINK_TEXT, "Modifier"))
    assert drv.find_element(By.ID, "form").get_attribute("readonly")
    title = drv.find_element(By.ID, "title")
    title.clear()
    title.send_keys("Réseau du Cher, novembre")
    Select(drv.find_element(By.ID, "level")).select_by_visible_text("Berry")
    tap(drv, drv.find_element(By.XPATH, "//button[contains(., "
                              "'Enregistrer les modifications')]"))
    WebDriverWait(drv, 20).until(lambda d: d.current_url.endswith(code))
    assert drv.find_element(By.TAG_NAME, "h1").text.startswith(
        "Réseau du Cher, novembre")
    assert "Berry" in drv.find_element(By.CSS_SELECTOR, "p.meta").text

    # Duplicate: the same meeting next month, a new code.
    tap(drv, drv.find_element(By.LINK_TEXT, "Dupliquer pour le mois prochain"))
    assert drv.find_element(By.ID, "date").get_attribute("value") == \
        "2026-12-20"
    shot(drv, "guide-dupliquer", height=1400)
    tap(drv, drv.find_element(By.XPATH,
                              "//button[contains(., 'Créer la rencontre')]"))
    WebDriverWait(drv, 20).until(lambda d: re.search(
        r"/admin/meetings/[A-Z0-9]{7}$", d.current_url) and
        not d.current_url.endswith(code))
    copy = drv.current_url.rsplit("/", 1)[1]

    # Close the original, after the question.
    drv.get(f"{daemon.url}/admin/meetings/{code}")
    tap(drv, drv.find_element(By.LINK_TEXT, "Clore la rencontre"))
    shot(drv, "guide-clore", height=1400)
    tap(drv, drv.find_element(By.XPATH, "//button[contains(., "
                              "'Oui, clore la rencontre')]"))
    WebDriverWait(drv, 20).until(
        lambda d: "Cette rencontre est close" in d.page_source)
    assert daemon.get(f"/r/{code}").status == 410

    # The copy has no answer: it may go.
    drv.get(f"{daemon.url}/admin/meetings/{copy}")
    tap(drv, drv.find_element(By.LINK_TEXT, "Supprimer"))
    tap(drv, drv.find_element(By.XPATH,
                              "//button[contains(., 'Oui, supprimer')]"))
    WebDriverWait(drv, 20).until(lambda d: "deleted=1" in d.current_url)
    assert daemon.get(f"/r/{copy}").status == 404

    # The list, filtered: closed meetings only.
    Select(drv.find_element(By.ID, "state")).select_by_value("closed")
    tap(drv, drv.find_element(By.XPATH, "//button[contains(., 'Filtrer')]"))
    WebDriverWait(drv, 20).until(lambda d: "state=closed" in d.current_url)
    items = drv.find_elements(By.CSS_SELECTOR, ".list li")
    assert len(items) == 1 and code in items[0].text
    shot(drv, "guide-liste", height=1400)


# ---- in the room ------------------------------------------------------------

def test_projector_count_follows_the_answers(browser, room):
    daemon, code = room
    drv = browser(1280, 720)
    login(drv, daemon)
    drv.get(f"{daemon.url}/admin/meetings/{code}/projector")
    count = drv.find_element(By.ID, "count")
    assert count.text == "3"
    # Readable from the back of the room: big code, big QR code.
    assert drv.find_element(By.CSS_SELECTOR, "p.big").text == code
    size = drv.execute_script("return parseFloat(getComputedStyle("
                              "document.querySelector('p.big')).fontSize)")
    assert size >= 60, size
    assert drv.find_element(By.CSS_SELECTOR, ".proj svg").size["height"] \
        >= 500
    shot(drv, "guide-projeter", width=1280, height=800)
    answer(daemon, code)
    # The page asks every 10 seconds; a loaded machine gets a minute.
    WebDriverWait(drv, 60, poll_frequency=0.5).until(
        lambda d: d.find_element(By.ID, "count").text == "4")
    assert drv.find_element(By.ID, "count-label").text == "réponses reçues"
    # The live results page reloads itself on a new answer.
    drv.get(f"{daemon.url}/admin/meetings/{code}?live=1")
    assert drv.find_element(By.ID, "count").text == "4"
    answer(daemon, code)
    WebDriverWait(drv, 60, poll_frequency=0.5).until(
        lambda d: d.find_element(By.ID, "count").text == "5")


def test_results_page_prints_without_navigation(browser, room, tmp_path):
    daemon, code = room
    for _ in range(9):
        answer(daemon, code)
    drv = browser(1280, 900, javascript=False)
    login(drv, daemon)
    drv.get(f"{daemon.url}/admin/meetings/{code}")
    pdf = tmp_path / "resultats.pdf"
    data = drv.execute_cdp_cmd("Page.printToPDF", {
        "paperWidth": 8.27, "paperHeight": 11.69})
    pdf.write_bytes(base64.b64decode(data["data"]))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                          text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    # 12 answers with their words: 3 A4 pages (5 with the navigation and
    # buttons before the print style sheet; tests/tools/print_pages.py).
    assert pages <= 4, pages
    for word in ("Se déconnecter", "Modifier", "Clore la rencontre",
                 "Projeter dans la salle", "Suivre en direct"):
        assert word not in text, word
    assert "Réseau" in text or "Rencontre du réseau" in text
    assert "Des échanges très riches" in text
    time.sleep(0)
