"""A resident on a phone: headless chromium at 360x740 answers the bundled
form by tapping and typing, again with JavaScript disabled, and again with
the keyboard alone, and reaches the thank-you page each time.

Full-page screenshots land in $RECUEIL_BUILD/screenshots/ for a human look.
"""
import base64
import os
import pathlib
import sqlite3

import pytest
from selenium.common.exceptions import (NoSuchElementException,
                                        StaleElementReferenceException)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import BUILD
from phone_actions import tap

SHOTS = pathlib.Path(os.environ.get("RECUEIL_BUILD", BUILD)) / "screenshots"
W, H = 360, 740


def shot(drv, name):
    """A full-page PNG (beyond the viewport) for a human to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    m = drv.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = m.get("cssContentSize") or m["contentSize"]
    data = drv.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": W, "height": size["height"],
                 "scale": 1}})
    (SHOTS / f"{name}.png").write_bytes(base64.b64decode(data["data"]))


def stored(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT r.id, a.question, a.value FROM response r "
                           "JOIN answer a ON a.response_id = r.id").fetchall()
    finally:
        con.close()
    out = {}
    for rid, q, v in rows:
        out.setdefault(rid, {})[q] = v
    return list(out.values())


def wait_title(drv, text):
    WebDriverWait(drv, 10).until(lambda d: text in d.title)


def option(drv, name, value):
    """The label (the large tap target) around a radio or checkbox."""
    return drv.find_element(
        By.XPATH, f"//input[@name='{name}' and @value='{value}']/ancestor::"
        "label[1]")


def check_layout(drv):
    """Nothing wider than the phone; every tap target at least 44 px high."""
    assert drv.execute_script(
        "return document.documentElement.scrollWidth") <= W
    small = drv.execute_script("""
        const out = [];
        for (const el of document.querySelectorAll(
                'label.opt, select, textarea, button, input[type=text],'
                + 'input[type=date], #code')) {
            const r = el.getBoundingClientRect();
            if (el.getClientRects().length === 0)
                continue;       // not shown (hidden until needed)
            if (r.height < 44 || r.width < 44)
                out.push(el.outerHTML.slice(0, 80) + ' ' + r.width + 'x'
                         + r.height);
        }
        return out;""")
    assert small == []


def open_by_code(drv, daemon, code):
    drv.get(daemon.url + "/")
    box = drv.find_element(By.ID, "code")
    check_layout(drv)
    tap(drv, box)
    box.send_keys(code.lower())
    tap(drv, drv.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    WebDriverWait(drv, 10).until(lambda d: d.current_url.endswith(f"/r/{code}"))


def answer_by_tapping(drv, daemon, code, js):
    open_by_code(drv, daemon, code)
    check_layout(drv)
    shot(drv, f"form-{'js' if js else 'nojs'}")
    # First an incomplete answer: the page comes back with the errors.
    tap(drv, option(drv, "satisfaction", "4"))
    drv.find_element(By.ID, "q-retiens").send_keys("Les échanges entre centres")
    tap(drv, drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    wait_title(drv, "Erreur")
    summary = drv.find_element(By.ID, "erreurs")
    assert "3 réponses sont à corriger" in summary.text
    check_layout(drv)
    shot(drv, f"errors-{'js' if js else 'nojs'}")
    # What was typed and tapped is still there.
    assert drv.find_element(By.ID, "q-retiens").get_attribute("value") == \
        "Les échanges entre centres"
    assert drv.find_element(By.CSS_SELECTOR,
                            "input[name=satisfaction][value='4']").is_selected()
    # The summary's links lead to the fields.
    links = summary.find_elements(By.TAG_NAME, "a")
    assert [a.get_attribute("hash") for a in links] == \
        ["#q-role-0", "#q-centre", "#q-premiere_fois-0"]
    tap(drv, links[1])
    assert drv.current_url.endswith("#q-centre")
    # Now complete it.
    tap(drv, option(drv, "role", "benevole"))
    Select(drv.find_element(By.ID, "q-centre")).select_by_value("vierzon")
    tap(drv, option(drv, "premiere_fois", "non"))
    tap(drv, option(drv, "envies", "visiter"))
    tap(drv, option(drv, "envies", "preparer"))
    drv.find_element(By.ID, "q-commentaire").send_keys("Merci !")
    tap(drv, drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    wait_title(drv, "Merci")
    assert drv.current_url.endswith(f"/r/{code}/merci")
    assert "bien enregistrées" in drv.find_element(By.TAG_NAME, "main").text
    shot(drv, f"merci-{'js' if js else 'nojs'}")


EXPECTED = {"role": "benevole", "centre": "vierzon", "premiere_fois": "non",
            "satisfaction": "4", "retiens": "Les échanges entre centres",
            "envies": "visiter preparer", "commentaire": "Merci !"}


def test_answer_on_a_phone_by_tapping_and_typing(browser, daemon, cli):
    code = cli.meeting()
    drv = browser(W, H, javascript=True)
    answer_by_tapping(drv, daemon, code, js=True)
    assert stored(cli.db) == [EXPECTED]


def test_answer_on_a_phone_without_javascript(browser, daemon, cli):
    code = cli.meeting()
    drv = browser(W, H, javascript=False)
    # JavaScript really is off: a page's script does not run.
    drv.get("data:text/html,<p id=x>off</p><script>"
            "document.getElementById('x').textContent='on'</script>")
    assert drv.find_element(By.ID, "x").text == "off"
    answer_by_tapping(drv, daemon, code, js=False)
    assert stored(cli.db) == [EXPECTED]


def active(drv):
    return drv.switch_to.active_element


def press(drv, *keys):
    active(drv).send_keys(*keys)


def focus_ring(drv):
    return drv.execute_script(
        "const s = getComputedStyle(document.activeElement);"
        "return [s.outlineStyle, s.outlineWidth, s.outlineColor];")


def test_answer_with_the_keyboard_alone(browser, daemon, cli):
    code = cli.meeting()
    drv = browser(W, H, javascript=True)
    drv.get(daemon.url + "/")
    press_from_body = drv.find_element(By.TAG_NAME, "body")
    press_from_body.send_keys(Keys.TAB)
    assert active(drv).get_attribute("id") == "code"
    assert focus_ring(drv)[:2] == ["solid", "3px"]
    press(drv, code.lower(), Keys.ENTER)
    WebDriverWait(drv, 10).until(lambda d: d.current_url.endswith(f"/r/{code}"))

    drv.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    # Role: the first radio of the group; Space picks, arrows move.
    assert active(drv).get_attribute("name") == "role"
    assert focus_ring(drv)[:2] == ["solid", "3px"]
    press(drv, Keys.SPACE)
    press(drv, Keys.ARROW_DOWN)                  # habitant -> benevole
    press(drv, Keys.TAB)
    assert active(drv).get_attribute("id") == "q-centre"
    press(drv, "Vierzon")                        # type-ahead in the select
    press(drv, Keys.TAB)
    # "Quel centre ?" is only for "Autre": skipped (issue 16).
    assert not drv.find_element(By.ID, "q-centre_autre").is_displayed()
    assert active(drv).get_attribute("name") == "premiere_fois"
    press(drv, Keys.SPACE)                       # oui
    press(drv, Keys.TAB)
    assert active(drv).get_attribute("name") == "satisfaction"
    press(drv, Keys.SPACE, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT,
          Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)    # 1 -> 5
    press(drv, Keys.TAB)
    assert active(drv).get_attribute("id") == "q-retiens"
    press(drv, "Tout")
    press(drv, Keys.TAB, Keys.TAB)               # changer, then envies
    assert active(drv).get_attribute("name") == "envies"
    press(drv, Keys.SPACE)                       # visiter
    # On to the button, Tab after Tab.
    for _ in range(10):
        if active(drv).tag_name == "button":
            break
        press(drv, Keys.TAB)
    assert active(drv).text == "Envoyer mes réponses"
    assert focus_ring(drv)[:2] == ["solid", "3px"]
    shot(drv, "keyboard-focus-button")
    press(drv, Keys.ENTER)
    wait_title(drv, "Merci")
    assert stored(cli.db) == [{"role": "benevole", "centre": "vierzon",
                               "premiere_fois": "oui", "satisfaction": "5",
                               "retiens": "Tout", "envies": "visiter"}]


def test_bilingual_form_in_english_on_a_phone(browser, daemon, cli, forms_dir):
    import shutil
    from harness import ROOT

    shutil.copy(ROOT / "tests" / "forms" / "bilingue.csv", forms_dir)
    daemon.stop()
    daemon.start()
    code = cli.meeting("bilingue", "Atelier cuisine")
    drv = browser(W, H, javascript=False)
    drv.get(f"{daemon.url}/r/{code}")
    tap(drv, drv.find_element(By.LINK_TEXT, "English"))
    wait_title(drv, "Atelier")
    assert drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    check_layout(drv)
    shot(drv, "bilingue-en")
    tap(drv, option(drv, "venu", "oui"))
    tap(drv, option(drv, "clair", "4"))
    tap(drv, option(drv, "note", "9"))
    # Without JavaScript, the questions for those who came before are the
    # next step (issue 16).
    assert not drv.find_element(By.ID, "q-fois").is_displayed()
    next_ = drv.find_element(By.CSS_SELECTOR, "form button[type=submit]")
    assert next_.text == "Next"
    tap(drv, next_)
    # The next step is a new page: an element found while the old one was
    # still there goes stale; look again until the new one shows it.
    WebDriverWait(drv, 30, ignored_exceptions=(
        StaleElementReferenceException, NoSuchElementException)).until(
        lambda d: d.find_element(By.ID, "q-fois").is_displayed())
    check_layout(drv)
    drv.find_element(By.ID, "q-fois").send_keys("2")
    drv.find_element(By.ID, "q-quand").send_keys("03092025")
    tap(drv, drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    wait_title(drv, "Thank you")
    got = stored(cli.db)
    assert len(got) == 1
    assert got[0]["venu"] == "oui" and got[0]["note"] == "9"
    assert got[0]["quand"] in ("2025-03-09", "2025-09-03")
