"""The form editor in a phone-sized browser (headless chromium, 360x740),
with and without JavaScript (issue 14): a coordinator builds a form from
scratch with a choice question, a question shown only after one of its
choices and an indicator, previews it, publishes it; a phone answers it;
the answer is in `recueil export stats` and in the evaluation table.
Each editor page is checked for what axe-core would check first (it
cannot be installed offline): every field labelled, every group of
radios in a fieldset with a legend, every button named, no positive
tabindex, Tab following the page's order with a visible focus ring,
nothing wider than the phone, and an edit made with the keyboard alone."""
import csv
import io
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from a11y import A11Y

W, H = 360, 740

# The focusable elements in page order, as Tab should visit them.
FOCUSABLE = """
return Array.from(document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea'))
    .filter(el => el.getClientRects().length > 0 && !el.disabled)
    .filter(el => el.type !== 'radio' || el.checked
            || !document.querySelector('input[name="' + el.name
                                       + '"]:checked'));
"""


def check_page(drv, tabs=12):
    """The accessibility checks of one page, and Tab's first steps."""
    problems = drv.execute_script(A11Y)
    assert problems == [], (drv.current_url, problems)
    order = drv.execute_script(FOCUSABLE)
    drv.execute_script("window.scrollTo(0, 0); document.activeElement.blur()")
    body = drv.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    for i in range(min(tabs, len(order))):
        active = drv.switch_to.active_element
        assert active == order[i], (drv.current_url, i,
                                    active.get_attribute("outerHTML")[:90])
        ring = drv.execute_script(
            "const s = getComputedStyle(document.activeElement);"
            "return [s.outlineStyle, s.outlineWidth];")
        assert ring == ["solid", "3px"], (i, ring)
        active.send_keys(Keys.TAB)


def click(drv, el):
    drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def submit(drv, action):
    """Press the button of `action`, and wait for the page it leads to."""
    old = drv.find_element(By.TAG_NAME, "html")
    click(drv, drv.find_element(By.CSS_SELECTOR,
                                f"button[name=action][value={action}]"))
    WebDriverWait(drv, 15).until(lambda d: old != d.find_element(
        By.TAG_NAME, "html"))
    assert "edit-error" not in drv.page_source, drv.find_element(
        By.ID, "edit-error").text


def login(drv, daemon):
    drv.get(daemon.url + "/admin/drafts")
    drv.find_element(By.ID, "username").send_keys("alice")
    drv.find_element(By.ID, "password").send_keys("password")
    drv.find_element(By.CSS_SELECTOR,
                     "form[action='/admin/login'] button").click()
    WebDriverWait(drv, 15).until(
        lambda d: d.current_url.endswith("/admin/drafts"))


def add_question(drv, type_, label, name, new_list=None):
    Select(drv.find_element(By.ID, "a-type")).select_by_value(type_)
    drv.find_element(By.ID, "a-label").send_keys(label)
    drv.find_element(By.ID, "a-name").send_keys(name)
    if new_list:
        drv.find_element(By.ID, "a-new-list").send_keys(new_list)
    submit(drv, "q_add")


def build(drv, daemon):
    login(drv, daemon)
    check_page(drv)
    drv.find_element(By.ID, "new-title").send_keys("Atelier cuisine")
    drv.find_element(By.ID, "new-id").send_keys("atelier-cuisine")
    click(drv, drv.find_element(By.ID, "create"))
    WebDriverWait(drv, 15).until(
        lambda d: re.search(r"/admin/drafts/\d+$", d.current_url))
    draft = drv.current_url
    check_page(drv)

    add_question(drv, "select_one", "Êtes-vous déjà venu ?", "venu",
                 new_list="oui_non")
    assert "/question?row=0" in drv.current_url      # to add its choices
    for name, label in (("oui", "Oui"), ("non", "Non")):
        drv.find_element(By.ID, "n-label").send_keys(label)
        drv.find_element(By.ID, "n-name").send_keys(name)
        submit(drv, "ch_add")
    check_page(drv)

    drv.get(draft)
    add_question(drv, "text", "Qu'est-ce qui vous a retenu ?", "pourquoi")
    click(drv, drv.find_element(By.CSS_SELECTOR, "#q-1 a.edit"))
    Select(drv.find_element(By.ID, "c-cond")).select_by_value("venu|=|non")
    submit(drv, "rel_build")
    assert drv.find_element(By.ID, "current-relevant").text == \
        "${venu} = 'non'"
    check_page(drv)

    drv.get(draft)
    drv.find_element(By.ID, "ia-objet").send_keys("Tisser des relations")
    drv.find_element(By.ID, "ia-indicateur").send_keys("Personnes revenues")
    Select(drv.find_element(By.ID, "ia-mesure")).select_by_value("count")
    Select(drv.find_element(By.ID, "ia-question")).select_by_value("venu")
    drv.find_element(By.ID, "ia-valeur").send_keys("non")
    submit(drv, "ind_add")
    assert "prêt à être publié" in drv.find_element(By.ID, "check").text
    return draft


def keyboard_edit(drv, draft):
    """Move the second question up and back down with Tab and Enter."""
    drv.get(draft)
    names = lambda: [li.get_attribute("id") + ":" + li.find_element(
        By.TAG_NAME, "code").text for li in drv.find_elements(
        By.CSS_SELECTOR, "#question-list > li")]
    before = names()
    drv.execute_script("document.querySelector('#q-1 a.edit').focus()")
    drv.switch_to.active_element.send_keys(Keys.TAB)
    up = drv.switch_to.active_element
    assert up.get_attribute("value") == "q_up", up.get_attribute("outerHTML")
    old = drv.find_element(By.TAG_NAME, "html")
    up.send_keys(Keys.ENTER)
    WebDriverWait(drv, 15).until(lambda d: old != d.find_element(
        By.TAG_NAME, "html"))
    assert [n.split(":")[1] for n in names()] == ["pourquoi", "venu"]
    drv.execute_script("document.querySelector('#q-0 a.edit').focus()")
    for _ in range(2):
        drv.switch_to.active_element.send_keys(Keys.TAB)
    down = drv.switch_to.active_element
    assert down.get_attribute("value") == "q_down"
    old = drv.find_element(By.TAG_NAME, "html")
    down.send_keys(Keys.ENTER)
    WebDriverWait(drv, 15).until(lambda d: old != d.find_element(
        By.TAG_NAME, "html"))
    assert names() == before


def preview_and_publish(drv, draft):
    drv.get(draft)
    click(drv, drv.find_element(By.ID, "preview"))
    WebDriverWait(drv, 15).until(lambda d: "/publish" in d.current_url)
    main = drv.find_element(By.TAG_NAME, "main").text
    assert "Êtes-vous déjà venu ?" in main
    assert "Qu'est-ce qui vous a retenu ?" in main
    old = drv.find_element(By.TAG_NAME, "html")
    click(drv, drv.find_element(
        By.CSS_SELECTOR, "form[action='/admin/forms/publish'] button"))
    WebDriverWait(drv, 15).until(lambda d: old != d.find_element(
        By.TAG_NAME, "html"))


def answer(drv, daemon, code):
    """On the phone page: "non", then the question it shows."""
    drv.get(f"{daemon.url}/r/{code}")
    for _ in range(4):
        if "Merci" in drv.title:
            break
        radios = drv.find_elements(By.CSS_SELECTOR,
                                   "input[name=venu][value=non]")
        if radios and not radios[0].is_selected():
            click(drv, radios[0].find_element(By.XPATH, "ancestor::label[1]"))
        box = drv.find_elements(By.ID, "q-pourquoi")
        if box and box[0].is_displayed() and not box[0].get_attribute("value"):
            box[0].send_keys("Le bus ne passait plus")
        old = drv.find_element(By.TAG_NAME, "html")
        click(drv, drv.find_element(By.ID, "send"))     # Suivant, Envoyer
        WebDriverWait(drv, 15).until(lambda d: old != d.find_element(
            By.TAG_NAME, "html"))
    assert "Merci" in drv.title, drv.page_source[:2000]


@pytest.mark.parametrize("js", [True, False], ids=["js", "nojs"])
def test_a_form_built_in_the_editor_is_answered_and_counted(
        browser, daemon, cli, js):
    cli.run("user", "add", "alice", "--role", "coordinator",
            input=b"password\n")
    drv = browser(W, H, javascript=js)
    draft = build(drv, daemon)
    keyboard_edit(drv, draft)
    preview_and_publish(drv, draft)

    code = cli.meeting("atelier-cuisine", "Atelier du jeudi")
    answer(drv, daemon, code)

    stats = cli.run("export", "stats", "--form", "atelier-cuisine",
                    "--header", "names")
    rows = list(csv.reader(io.StringIO(stats.stdout.decode("utf-8"))))
    header = rows[0]
    non = [r for r in rows if "Non" in r]
    assert non and non[0][header.index("count")] == "1", rows
    texts = [r for r in rows if "Qu'est-ce qui vous a retenu ?" in r]
    assert texts and texts[0][header.index("count")] == "1", rows
    ev = cli.run("export", "evaluation", "--from", "2026-01-01",
                 "--to", "2026-12-31").stdout.decode("utf-8")
    ev_rows = list(csv.reader(io.StringIO(ev)))
    mine = [r for r in ev_rows if "Personnes revenues" in r]
    assert mine and mine[0][2] == "1", ev_rows
