"""Issue 19, items 5 and 6, in a real browser on a 360 px phone screen
(headless chromium): a coordinator adds a centre and an account, the new
person signs in with the temporary password and chooses their own; every
one of these staff pages fits the screen without horizontal scrolling."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

PAGES = ["/admin/centres", "/admin/accounts", "/admin/journal",
         "/admin/password", "/admin/meetings/new"]


def sign_in(drv, daemon, name, password):
    drv.get(daemon.url + "/admin/login")
    drv.find_element(By.ID, "username").send_keys(name)
    drv.find_element(By.ID, "password").send_keys(password)
    drv.find_element(By.CSS_SELECTOR,
                     "form[action='/admin/login'] button").click()
    WebDriverWait(drv, 10).until(lambda d: "/admin/login" not in
                                 d.current_url)


def no_horizontal_scroll(drv):
    width = drv.execute_script("return document.documentElement.scrollWidth")
    inner = drv.execute_script("return window.innerWidth")
    return width <= inner, (width, inner)


def submit(drv, action):
    drv.find_element(By.CSS_SELECTOR,
                     f"form[action='{action}'] button[type=submit]").click()


def test_centres_and_accounts_on_a_phone(browser, daemon, cli):
    cli.run("user", "add", "alice", "--role", "coordinator",
            input=b"password\n")
    drv = browser(360, 740, javascript=False)
    sign_in(drv, daemon, "alice", "password")
    for path in PAGES:
        drv.get(daemon.url + path)
        ok, sizes = no_horizontal_scroll(drv)
        assert ok, (path, sizes)

    # A centre, with two of its networks ticked.
    drv.get(daemon.url + "/admin/centres")
    drv.find_element(By.ID, "new-name").send_keys("Issoudun")
    drv.find_element(By.ID, "new-town").send_keys("Issoudun")
    drv.find_element(By.ID, "new-n2").click()
    drv.find_element(By.ID, "new-n3").click()
    submit(drv, "/admin/centres")
    WebDriverWait(drv, 10).until(
        lambda d: "est enregistré" in d.page_source)
    item = drv.find_element(By.XPATH, "//li[.//strong[text()='Issoudun']]")
    assert "régional, Berry" in item.text
    ok, sizes = no_horizontal_scroll(drv)
    assert ok, sizes
    drv.get(daemon.url + "/admin/meetings/new")
    Select(drv.find_element(By.ID, "centre")).select_by_value("Issoudun")

    # An account; its temporary password is shown once.
    drv.get(daemon.url + "/admin/accounts")
    drv.find_element(By.ID, "new-user").send_keys("carol")
    submit(drv, "/admin/accounts")
    secret = WebDriverWait(drv, 10).until(
        lambda d: d.find_element(By.ID, "secret")).text
    assert re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", secret)
    ok, sizes = no_horizontal_scroll(drv)
    assert ok, sizes
    drv.get(daemon.url + "/admin/journal")
    assert "alice a créé le compte carol" in drv.find_element(
        By.TAG_NAME, "main").text.replace("\n", " ")
    drv.find_element(By.CSS_SELECTOR,
                     "form[action='/admin/logout'] button").click()

    # Carol, on her phone: the temporary password, then her own.
    sign_in(drv, daemon, "carol", secret)
    assert drv.current_url == daemon.url + "/admin/password"
    drv.get(daemon.url + "/admin/")
    assert drv.current_url == daemon.url + "/admin/password"
    drv.find_element(By.ID, "current").send_keys(secret)
    drv.find_element(By.ID, "new").send_keys("mon-mot-de-passe")
    drv.find_element(By.ID, "again").send_keys("mon-mot-de-passe")
    submit(drv, "/admin/password")
    WebDriverWait(drv, 10).until(
        lambda d: "Votre mot de passe est changé" in d.page_source)
    drv.get(daemon.url + "/admin/")
    assert drv.current_url == daemon.url + "/admin/"
