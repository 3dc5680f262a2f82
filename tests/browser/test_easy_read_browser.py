"""The easy-read form on a phone (issue 16), with JavaScript: still one
question per screen, « Suivant » to the next, and sent at the end; its
satisfaction question (appearance likert) with faces, checked for
accessibility and answered with the keyboard alone, with and without
JavaScript."""
import sqlite3

import pytest
from selenium.common.exceptions import (NoSuchElementException,
                                        StaleElementReferenceException)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from a11y import A11Y, ax_names, focus_ring
from easy_read_forms import easy_form


def shown(drv):
    try:
        return [e.get_attribute("id") for e in drv.find_elements(
            By.CSS_SELECTOR, "form[data-easy] .q[id]") if e.is_displayed()]
    except (NoSuchElementException, StaleElementReferenceException):
        return None


def test_easy_read_with_javascript(browser, daemon, cli, forms_dir):
    easy_form(forms_dir)
    daemon.stop()
    daemon.start()
    code = cli.meeting("facile", "Atelier facile")
    drv = browser(360, 740, javascript=True)
    drv.get(f"{daemon.url}/r/{code}")
    assert shown(drv) == ["q-role-box"]
    assert drv.find_element(By.ID, "send").text == "Suivant"
    drv.find_element(By.CSS_SELECTOR,
                     "input[name='role'][value='habitant']").click()
    drv.find_element(By.ID, "send").click()
    WebDriverWait(drv, 10).until(lambda d: shown(d) == ["q-centre-box"])
    assert "Erreur" not in drv.title       # not an error before answering
    Select(drv.find_element(By.ID, "q-centre")).select_by_value("vierzon")
    drv.find_element(By.ID, "send").click()
    WebDriverWait(drv, 10).until(
        lambda d: shown(d) == ["q-premiere_fois-box"])
    drv.find_element(By.CSS_SELECTOR,
                     "input[name='premiere_fois'][value='oui']").click()
    for _ in range(10):
        if "Merci" in drv.title:
            break
        before = shown(drv)
        drv.find_element(By.ID, "send").click()
        WebDriverWait(drv, 10).until(
            lambda d, b=before: "Merci" in d.title or
            (shown(d) not in (None, b)))
    assert "Merci" in drv.title


def stored(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return dict(con.execute("SELECT question, value FROM answer"))
    finally:
        con.close()


def active(drv):
    return drv.switch_to.active_element


def next_step(drv, keys_after_tab=()):
    """From the page's start, Tab to the shown question's first control,
    press `keys_after_tab` there, then Tab on to « Suivant » and press
    Enter: the next step's page.  The keyboard alone."""
    old = drv.find_element(By.TAG_NAME, "html")
    drv.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    if keys_after_tab:
        active(drv).send_keys(*keys_after_tab)
    for _ in range(8):
        if active(drv).get_attribute("id") == "send":
            break
        active(drv).send_keys(Keys.TAB)
    assert active(drv).get_attribute("id") == "send"
    assert focus_ring(drv) == ["solid", "3px"]
    active(drv).send_keys(Keys.ENTER)
    WebDriverWait(drv, 10).until(
        lambda d: old != d.find_element(By.TAG_NAME, "html"))


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_likert_faces_with_the_keyboard_alone(browser, daemon, cli,
                                              forms_dir, js):
    """The satisfaction question with faces, at 360x740: checked as axe
    would, named by the browser's accessibility tree, answered with Tab,
    the arrow keys and Space."""
    easy_form(forms_dir)
    daemon.stop()
    daemon.start()
    code = cli.meeting("facile", "Atelier facile")
    drv = browser(360, 740, javascript=js)
    drv.get(f"{daemon.url}/r/{code}")
    next_step(drv, [Keys.SPACE])                 # role: habitant
    next_step(drv, ["Vierzon"])                  # centre: type-ahead
    next_step(drv, [Keys.SPACE])                 # premiere_fois: oui
    assert shown(drv) == ["q-satisfaction-box"]
    # The range's faces are images named by their words, the value after.
    assert ax_names(drv, "radio") == [
        "Pas du tout content 1", "Pas content 2", "Moyen 3", "Content 4",
        "Très content 5"]
    next_step(drv)                               # not required: left
    next_step(drv)                               # retiens: left empty
    assert shown(drv) == ["q-utile-box"]
    assert drv.execute_script(A11Y) == []
    # A group named by its legend; each radio by its choice's words
    # alone, the face beside it hidden from screen readers.
    assert ax_names(drv, "group") == ["Cette rencontre vous a été utile ?"]
    assert ax_names(drv, "radio") == [
        "Pas du tout utile", "Un peu utile", "Assez utile", "Très utile"]
    assert ax_names(drv, "image") == []
    faces = drv.find_elements(By.CSS_SELECTOR, "#q-utile-box label.opt i")
    assert [f.text for f in faces] == ["\U0001F61E", "\U0001F641",
                                       "\U0001F642", "\U0001F600"]
    # One face and its words per row, each row a 44 px tap target.
    rows = [r.rect for r in drv.find_elements(
        By.CSS_SELECTOR, "#q-utile-box label.opt")]
    assert all(r["height"] >= 44 and r["width"] >= 44 for r in rows)
    assert len({r["y"] for r in rows}) == 4
    # The keyboard alone: Tab into the group, Space picks the first,
    # the arrows move the choice, with a visible focus ring throughout.
    old = drv.find_element(By.TAG_NAME, "html")
    drv.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert active(drv).get_attribute("name") == "utile"
    assert focus_ring(drv) == ["solid", "3px"]
    active(drv).send_keys(Keys.SPACE)
    assert active(drv).get_attribute("value") == "pas_du_tout"
    assert active(drv).is_selected()
    active(drv).send_keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN)
    assert active(drv).get_attribute("value") == "tres"
    assert active(drv).is_selected()
    assert focus_ring(drv) == ["solid", "3px"]
    active(drv).send_keys(Keys.ARROW_UP)
    assert active(drv).get_attribute("value") == "assez"
    active(drv).send_keys(Keys.TAB)
    assert active(drv).get_attribute("id") == "send"
    active(drv).send_keys(Keys.ENTER)
    WebDriverWait(drv, 10).until(
        lambda d: old != d.find_element(By.TAG_NAME, "html"))
    for _ in range(4):
        if "Merci" in drv.title:
            break
        next_step(drv)
    assert "Merci" in drv.title
    assert stored(cli.db) == {"role": "habitant", "centre": "vierzon",
                              "premiere_fois": "oui", "utile": "assez"}
