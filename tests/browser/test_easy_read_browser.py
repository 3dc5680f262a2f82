"""The easy-read form on a phone (issue 16), with JavaScript: still one
question per screen, « Suivant » to the next, and sent at the end."""
from selenium.common.exceptions import (NoSuchElementException,
                                        StaleElementReferenceException)
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

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
