"""The next person never sees the previous one's answers: on a shared
phone, a resident answers (with a private comment), reaches « Merci ! »
and hands the phone over; the next person presses Back.  Chromium would
restore the previous answers into the form (its form-state restoration
and back/forward cache) unless the page is sent with Cache-Control:
no-store and its form says autocomplete="off".  The form must come back
empty, and sending it again must not store the first person's answers a
second time.
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from phone_actions import exported, radio, tap

W, H = 360, 740
SECRET = "Mon voisin me fait peur"


def answer(drv):
    tap(drv, radio(drv, "role", "benevole"))
    Select(drv.find_element(By.ID, "q-centre")).select_by_value("vierzon")
    tap(drv, radio(drv, "premiere_fois", "non"))
    tap(drv, radio(drv, "satisfaction", "4"))
    drv.find_element(By.ID, "q-retiens").send_keys("Les échanges")
    tap(drv, radio(drv, "envies", "visiter"))
    drv.find_element(By.ID, "q-commentaire").send_keys(SECRET)
    tap(drv, drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    WebDriverWait(drv, 10).until(lambda d: "Merci" in d.title)


def what_is_shown(drv):
    """Every answer the form shows now: checked boxes, chosen options and
    typed text (the form's own values, read from the live page)."""
    return drv.execute_script("""
        const out = [];
        for (const el of document.querySelectorAll(
                'form[method=post] input, form[method=post] textarea,'
                + 'form[method=post] select')) {
            if (el.type === 'hidden' || el.type === 'submit')
                continue;
            if (el.type === 'radio' || el.type === 'checkbox') {
                if (el.checked)
                    out.push(el.name + '=' + el.value);
            } else if (el.tagName === 'SELECT') {
                if (el.value !== '')
                    out.push(el.name + '=' + el.value);
            } else if (el.value !== '') {
                out.push(el.name + '=' + el.value);
            }
        }
        return out;""")


@pytest.mark.parametrize("javascript", [True, False],
                         ids=["js", "nojs"])
def test_back_after_thanks_shows_an_empty_form(browser, daemon, cli,
                                               javascript):
    code = cli.meeting()
    drv = browser(W, H, javascript=javascript)
    drv.get(f"{daemon.url}/r/{code}")
    # The form starts empty (the bundled form has no defaults).
    assert what_is_shown(drv) == []
    answer(drv)
    rows = exported(cli, code)
    assert [r["commentaire"] for r in rows] == [SECRET]

    # The next person presses Back.
    drv.back()
    WebDriverWait(drv, 10).until(
        lambda d: d.current_url.endswith(f"/r/{code}")
        and d.find_elements(By.CSS_SELECTOR, "form button[type=submit]"))
    # Let a restoration that would come late (after load) happen first.
    drv.execute_script("return document.readyState")
    shown = what_is_shown(drv)
    assert shown == [], f"the previous person's answers are shown: {shown}"
    assert SECRET not in drv.find_element(By.TAG_NAME, "body").text
    assert SECRET not in drv.page_source

    # Sending the form as it came back stores nothing of the first person:
    # at most one response carries the private comment.
    tap(drv, drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    WebDriverWait(drv, 10).until(
        lambda d: "Erreur" in d.title or "Merci" in d.title)
    rows = exported(cli, code)
    assert len(rows) == 1, f"a second response was stored: {rows}"
    assert rows[0]["commentaire"] == SECRET


def test_back_after_a_corrected_answer_shows_nothing(browser, daemon, cli):
    """The first person sent an incomplete answer (422, the form shown
    again with what was typed), corrected it and reached « Merci ! »: Back
    leads to that POST's page, which the browser did not keep (no-store),
    so nothing of the first person is shown, and the form reached from
    there is empty."""
    code = cli.meeting()
    drv = browser(W, H, javascript=True)
    drv.get(f"{daemon.url}/r/{code}")
    drv.find_element(By.ID, "q-commentaire").send_keys(SECRET)
    tap(drv, drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    WebDriverWait(drv, 10).until(lambda d: "Erreur" in d.title)
    assert SECRET in drv.page_source      # kept for this person, as before
    answer_rest = [("role", "benevole"), ("premiere_fois", "non")]
    for name, value in answer_rest:
        tap(drv, radio(drv, name, value))
    Select(drv.find_element(By.ID, "q-centre")).select_by_value("vierzon")
    tap(drv, drv.find_element(By.CSS_SELECTOR, "form button[type=submit]"))
    WebDriverWait(drv, 10).until(lambda d: "Merci" in d.title)
    assert [r["commentaire"] for r in exported(cli, code)] == [SECRET]

    drv.back()
    WebDriverWait(drv, 10).until(lambda d: "Merci" not in d.title)
    assert SECRET not in drv.page_source
    shown = what_is_shown(drv) if drv.find_elements(
        By.CSS_SELECTOR, "form[method=post]") else []
    assert shown == [], f"the previous person's answers are shown: {shown}"
    # Back once more: the first, empty form.
    drv.back()
    WebDriverWait(drv, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "form[method=post]"))
    assert what_is_shown(drv) == []
    assert SECRET not in drv.page_source
    assert len(exported(cli, code)) == 1
