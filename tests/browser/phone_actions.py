"""What the browser tests do on a phone-sized page (not a test file):
tap an element, find a radio button, see whether an element shows, and
read a meeting's responses back as the real CLI exports them."""
import csv
import io

from selenium.common.exceptions import (NoSuchElementException,
                                        StaleElementReferenceException)
from selenium.webdriver.common.by import By


def exported(cli, code, *options):
    """The meeting's responses as `recueil export responses` writes them
    (with `options`, e.g. "--codes"), as dicts."""
    data = cli.run("export", "responses", "--meeting", code,
                   *options).stdout
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"),
                                           newline="")))


def tap(drv, el):
    """Scroll an element into view and tap it like a finger would."""
    drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()


def radio(drv, name, value):
    return drv.find_element(
        By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']")


def displayed(drv, eid):
    """Whether the element is displayed (False while a page loads)."""
    try:
        return drv.find_element(By.ID, eid).is_displayed()
    except (NoSuchElementException, StaleElementReferenceException):
        return False
