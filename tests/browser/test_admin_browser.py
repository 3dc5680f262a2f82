"""A coordinator in a real browser (headless chromium, no JavaScript
needed): logs in, creates a meeting, opens its results page once answers
have arrived."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness import form_token


def test_coordinator_logs_in_creates_a_meeting_and_reads_results(
        browser, daemon, cli):
    cli.run("user", "add", "alice", "--role", "coordinator",
            input=b"password\n")
    drv = browser(1280, 800, javascript=False)

    # Anonymous: sent to the login page, and back after login.
    drv.get(daemon.url + "/admin/meetings/new")
    assert "/admin/login" in drv.current_url
    drv.find_element(By.ID, "username").send_keys("alice")
    drv.find_element(By.ID, "password").send_keys("password")
    drv.find_element(By.CSS_SELECTOR, "form[action='/admin/login'] button").click()
    WebDriverWait(drv, 10).until(
        lambda d: d.current_url == daemon.url + "/admin/meetings/new")

    drv.find_element(By.ID, "title").send_keys("Réseau du Cher")
    # A date input: typed as the browser's locale shows it; set the value
    # through the keyboard in ISO order, which chromium accepts headless.
    date = drv.find_element(By.ID, "date")
    date.send_keys("11202026")
    if not date.get_attribute("value"):
        date.send_keys("2026-11-20")
    Select(drv.find_element(By.ID, "form")).select_by_value(
        "rencontre-reseau")
    Select(drv.find_element(By.ID, "level")).select_by_value("départemental")
    # The host centre is picked from the centres' list (issue 19).
    Select(drv.find_element(By.ID, "centre")).select_by_value("Vierzon")
    drv.find_element(By.CSS_SELECTOR,
                     "form[action='/admin/meetings/new'] button").click()
    # The POST answers 303 to the meeting's page: wait for it.
    WebDriverWait(drv, 10).until(lambda d: re.search(
        r"/admin/meetings/[A-Z0-9]{7}$", d.current_url))
    m = re.search(r"/admin/meetings/([A-Z0-9]{7})$", drv.current_url)
    assert m, drv.current_url
    code = m.group(1)
    assert drv.find_element(By.TAG_NAME, "h1").text == "Réseau du Cher"
    assert f"{daemon.url}/r/{code}" in drv.page_source
    assert drv.find_element(By.ID, "count").text == "0"

    # Two phones answer.
    for role, sat in (("habitant", "5"), ("benevole", "4")):
        page = daemon.get(f"/r/{code}")
        r = daemon.post(f"/r/{code}", {
            "_token": form_token(page.text), "role": role,
            "centre": "vierzon", "premiere_fois": "oui",
            "satisfaction": sat, "retiens": f"Paroles de {role}"})
        assert r.status == 303

    drv.refresh()
    assert drv.find_element(By.ID, "count").text == "2"
    charts = drv.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) >= 3
    assert all(c.size["width"] > 100 for c in charts)
    quotes = [q.text for q in drv.find_elements(By.TAG_NAME, "blockquote")]
    assert "Paroles de habitant" in quotes and "Paroles de benevole" in quotes
    # The QR code is inline and visible.
    qr = drv.find_element(By.CSS_SELECTOR, "main svg[role=img]")
    assert qr.size["width"] >= 150

    # Close the meeting: its link asks first, the answer is a POST with
    # the CSRF token (2026-12-02, issue 19).
    drv.find_element(By.LINK_TEXT, "Clore la rencontre").click()
    WebDriverWait(drv, 10).until(lambda d: d.current_url.endswith("/close"))
    drv.find_element(By.XPATH,
                     "//button[contains(., 'Oui, clore la rencontre')]").click()
    WebDriverWait(drv, 10).until(
        lambda d: "Cette rencontre est close" in d.page_source)
    assert daemon.get(f"/r/{code}").status == 410
