"""Paper, in a real browser (issue 16): the printed form checked as a PDF
(chromium's print to PDF, then pdftotext), and a professional typing two
sheets in on a phone-sized screen, without JavaScript."""
import base64
import csv
import io
import subprocess

from selenium.common.exceptions import (NoSuchElementException,
                                        StaleElementReferenceException)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from phone_actions import tap


def log_in(drv, daemon, path):
    drv.get(daemon.url + path)
    drv.find_element(By.ID, "username").send_keys("bob")
    drv.find_element(By.ID, "password").send_keys("motdepasse-bob")
    drv.find_element(By.CSS_SELECTOR,
                     "form[action='/admin/login'] button").click()
    WebDriverWait(drv, 10).until(
        lambda d: d.current_url == daemon.url + path)


def body(drv):
    """The page's text, "" while a page loads."""
    try:
        return drv.find_element(By.TAG_NAME, "body").text
    except (NoSuchElementException, StaleElementReferenceException):
        return ""


def test_the_printed_form_is_an_a4_pdf_with_every_question(browser, daemon,
                                                           cli, tmp_path):
    cli.run("user", "add", "bob", "--role", "professional",
            input=b"motdepasse-bob\n")
    code = cli.meeting("rencontre-reseau", "Rencontre du Cher à Vierzon")
    drv = browser(1280, 900, javascript=True)
    log_in(drv, daemon, f"/admin/meetings/{code}/papier")
    pdf = drv.execute_cdp_cmd("Page.printToPDF", {
        "preferCSSPageSize": True, "printBackground": False})
    path = tmp_path / "papier.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    assert "(A4)" in info, info
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True,
                          timeout=60).stdout
    for words in ("Rencontre du Cher à Vierzon", "Feuille n°",
                  "Vous êtes…", "Habitant·e / adhérent·e",
                  "De quel centre social venez-vous ?", "Quel centre ?",
                  "Seulement si vous avez répondu", "Cochez une seule case.",
                  "Vos réponses sont anonymes"):
        assert words in text, words
    assert "Saisir les feuilles remplies" not in text    # screen only


def test_two_sheets_typed_on_a_phone(browser, daemon, cli):
    cli.run("user", "add", "bob", "--role", "professional",
            input=b"motdepasse-bob\n")
    code = cli.meeting()
    drv = browser(360, 740, javascript=False)
    log_in(drv, daemon, f"/admin/meetings/{code}/saisie")
    assert drv.execute_script(
        "return document.documentElement.scrollWidth") <= 360
    for sheet, role in (("1", "habitant"), ("2", "professionnel")):
        box = drv.find_element(By.ID, "q-_feuille")
        assert box.get_attribute("value") == sheet
        tap(drv, drv.find_element(
            By.CSS_SELECTOR, f"input[name='role'][value='{role}']"))
        Select(drv.find_element(By.ID, "q-centre")).select_by_value(
            "vierzon")
        tap(drv, drv.find_element(
            By.CSS_SELECTOR, "input[name='premiere_fois'][value='non']"))
        tap(drv, drv.find_element(By.CSS_SELECTOR,
                                  "form[action$='/saisie'] button[type=submit]"))
        WebDriverWait(drv, 10).until(
            lambda d, s=sheet: f"Feuille n° {s} enregistrée" in body(d))
    assert "saisies pour cette rencontre : 2." in drv.find_element(
        By.ID, "typed").text
    data = cli.run("export", "responses", "--meeting", code,
                   "--codes", "--header", "names").stdout.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data, newline="")))
    assert sorted((r["channel"], r["role"]) for r in rows) == [
        ("paper", "habitant"), ("paper", "professionnel")]
