"""A shared tablet at the door (issue 16): three people answer in a row on
one browser through the meeting's kiosk link.  After each « Merci ! » the
form comes back by itself, empty; nothing of the previous person can be
seen (fields, draft, Back) or sent again; the answers count as "kiosk".
"""
import csv
import io
import re

from selenium.common.exceptions import (NoSuchElementException,
                                        StaleElementReferenceException)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from phone_actions import tap

W, H = 360, 740
PEOPLE = [("habitant", "vierzon", "Premier avis très personnel"),
          ("benevole", "autre", "Deuxième avis, rien à voir"),
          ("professionnel", "le_blanc", "Troisième et dernier avis")]


def kiosk_url(daemon, cli, code):
    """The kiosk link, as a professional reads it on the staff page."""
    cli.run("user", "add", "bob", "--role", "professional",
            input=b"motdepasse-bob\n")
    page = daemon.get("/admin/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    cookie = re.match(r"(recueil_login=[^;]+);",
                      page.header("Set-Cookie")).group(1)
    r = daemon.post("/admin/login", {"username": "bob", "csrf": token,
                                     "password": "motdepasse-bob"},
                    headers={"Cookie": cookie})
    session = re.match(r"(recueil_session=[^;]+);",
                       r.header("Set-Cookie")).group(1)
    page = daemon.get(f"/admin/meetings/{code}/tablette",
                      headers={"Cookie": session})
    assert page.status == 200
    href = re.search(r'id="kiosk" href="([^"]+)"', page.text).group(1)
    href = href.replace("&amp;", "&")
    # The link is absolute when the daemon knows its public address.
    return daemon.url + href[href.index("/r/"):]


def shown_values(drv):
    """Every answer the page's form shows now."""
    return drv.execute_script("""
        const out = [];
        for (const el of document.querySelectorAll(
                'form[data-k] input, form[data-k] textarea,'
                + 'form[data-k] select')) {
            if (el.type === 'hidden')
                continue;
            if (el.type === 'radio' || el.type === 'checkbox') {
                if (el.checked) out.push(el.name + '=' + el.value);
            } else if (el.value !== '') out.push(el.name + '=' + el.value);
        }
        return out;""")


def on_form(drv):
    try:
        return bool(drv.find_elements(By.CSS_SELECTOR, "form[data-kiosk]"))
    except (NoSuchElementException, StaleElementReferenceException):
        return False


def answer(drv, role, centre, comment):
    tap(drv, drv.find_element(
        By.CSS_SELECTOR, f"input[name='role'][value='{role}']"))
    Select(drv.find_element(By.ID, "q-centre")).select_by_value(centre)
    if centre == "autre":
        drv.find_element(By.ID, "q-centre_autre").send_keys("Bourges")
    tap(drv, drv.find_element(
        By.CSS_SELECTOR, "input[name='premiere_fois'][value='oui']"))
    drv.find_element(By.ID, "q-commentaire").send_keys(comment)
    tap(drv, drv.find_element(By.ID, "send"))


def test_three_people_in_a_row_on_the_tablet(browser, daemon, cli):
    code = cli.meeting()
    url = kiosk_url(daemon, cli, code)
    drv = browser(W, H, javascript=True)
    drv.get(url)
    for i, (role, centre, comment) in enumerate(PEOPLE):
        WebDriverWait(drv, 30).until(on_form)
        assert shown_values(drv) == [], f"person {i + 1} sees {shown_values(drv)}"
        for _, _, before in PEOPLE[:i]:
            assert before not in drv.page_source
        answer(drv, role, centre, comment)
        WebDriverWait(drv, 15).until(lambda d: "Merci" in d.title)
        assert drv.find_element(By.XPATH, "//button[normalize-space()='Nouvelle réponse']")
        # No draft of anyone on the tablet.
        assert drv.execute_script(
            "return Object.keys(localStorage).length") == 0
        # Back to an empty form by itself, after a few seconds.
    WebDriverWait(drv, 30).until(on_form)
    assert shown_values(drv) == []
    # Back through the tablet's history: nothing of anyone comes back.
    for _ in range(4):
        drv.back()
        WebDriverWait(drv, 10).until(
            lambda d: d.execute_script("return document.readyState")
            == "complete")
        for _, _, comment in PEOPLE:
            assert comment not in drv.page_source
        if on_form(drv):
            assert shown_values(drv) == []
    # Whatever form is shown, sending it as it is stores nothing more.
    if on_form(drv):
        tap(drv, drv.find_element(By.ID, "send"))
        WebDriverWait(drv, 10).until(
            lambda d: "Erreur" in d.title or "Merci" in d.title)
    data = cli.run("export", "responses", "--meeting", code, "--codes",
                   "--header", "names").stdout.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    # Response ids say nothing of the order within a day: compare sets.
    assert sorted((r["channel"], r["role"], r["commentaire"])
                  for r in rows) == sorted(
        ("kiosk", role, comment) for role, _, comment in PEOPLE)


def test_the_tablet_without_javascript_offers_a_new_answer(browser, daemon,
                                                           cli):
    code = cli.meeting()
    url = kiosk_url(daemon, cli, code)
    drv = browser(W, H, javascript=False)
    drv.get(url)
    answer(drv, "habitant", "vierzon", "Sans script")
    WebDriverWait(drv, 15).until(lambda d: "Merci" in d.title)
    tap(drv, drv.find_element(By.XPATH, "//button[normalize-space()='Nouvelle réponse']"))
    WebDriverWait(drv, 10).until(on_form)
    assert shown_values(drv) == []
