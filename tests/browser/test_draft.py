"""Nothing lost when the network drops (issue 16), on a phone-sized
screen with JavaScript: what is typed is kept in the phone's own storage
and comes back on a reload; a submission that fails for the network says
so in plain French and is sent again, once, when the network is back; the
thank-you page erases the draft.
"""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from phone_actions import displayed, exported, radio, tap

W, H = 360, 740
COMMENT = "Revenir au printemps"


def answer(drv):
    tap(drv, radio(drv, "role", "professionnel"))
    Select(drv.find_element(By.ID, "q-centre")).select_by_value("autre")
    drv.find_element(By.ID, "q-centre_autre").send_keys("Bourges")
    tap(drv, radio(drv, "premiere_fois", "oui"))
    tap(drv, radio(drv, "envies", "accueillir"))
    drv.find_element(By.ID, "q-commentaire").send_keys(COMMENT)


def offline(drv, on):
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": on, "latency": 0, "downloadThroughput": -1,
        "uploadThroughput": -1})


def test_a_reload_before_sending_restores_the_answers(browser, daemon, cli):
    code = cli.meeting()
    drv = browser(W, H, javascript=True)
    drv.get(f"{daemon.url}/r/{code}")
    answer(drv)
    drv.refresh()
    WebDriverWait(drv, 10).until(lambda d: displayed(d, "q-centre_autre"))
    assert radio(drv, "role", "professionnel").is_selected()
    assert Select(drv.find_element(By.ID, "q-centre")) \
        .first_selected_option.get_attribute("value") == "autre"
    assert drv.find_element(By.ID, "q-centre_autre") \
        .get_attribute("value") == "Bourges"
    assert radio(drv, "envies", "accueillir").is_selected()
    assert drv.find_element(By.ID, "q-commentaire") \
        .get_attribute("value") == COMMENT
    # Kept in this phone's storage only, under the meeting's code.
    assert COMMENT in drv.execute_script(
        f"return localStorage.getItem('recueil:{code}')")
    tap(drv, drv.find_element(By.ID, "send"))
    WebDriverWait(drv, 15).until(lambda d: "Merci" in d.title)
    # The thank-you page erased it.
    assert drv.execute_script(
        f"return localStorage.getItem('recueil:{code}')") is None
    assert len(exported(cli, code, "--codes")) == 1


def test_a_send_without_network_is_kept_and_sent_once(browser, daemon, cli):
    code = cli.meeting()
    drv = browser(W, H, javascript=True)
    drv.get(f"{daemon.url}/r/{code}")
    answer(drv)
    offline(drv, True)
    tap(drv, drv.find_element(By.ID, "send"))
    WebDriverWait(drv, 15).until(lambda d: displayed(d, "net"))
    msg = drv.find_element(By.ID, "net").text
    assert "Pas de réseau" in msg and "pas perdues" in msg
    assert drv.find_element(By.ID, "q-commentaire") \
        .get_attribute("value") == COMMENT
    assert exported(cli, code, "--codes") == []
    # Tapped again while still offline: the message stays, nothing lost.
    tap(drv, drv.find_element(By.ID, "resend"))
    WebDriverWait(drv, 15).until(lambda d: displayed(d, "net"))
    offline(drv, False)
    # Back online: sent by itself, or with the button.
    try:
        WebDriverWait(drv, 5).until(lambda d: "Merci" in d.title)
    except Exception:  # noqa: BLE001 - no "online" event in this browser
        tap(drv, drv.find_element(By.ID, "resend"))
        WebDriverWait(drv, 15).until(lambda d: "Merci" in d.title)
    rows = exported(cli, code, "--codes")
    assert len(rows) == 1, rows
    assert rows[0]["commentaire"] == COMMENT
    assert rows[0]["centre_autre"] == "Bourges"


def test_a_reply_lost_on_the_way_back_is_stored_once(browser, daemon, cli):
    """The answers reached the server but the phone never saw the reply;
    the page is reloaded and sent again: the draft kept the form's token,
    so the server recognises them and stores nothing twice."""
    code = cli.meeting()
    drv = browser(W, H, javascript=True)
    drv.get(f"{daemon.url}/r/{code}")
    answer(drv)
    token = drv.find_element(By.NAME, "_token").get_attribute("value")
    # What a send that failed on the way back leaves: the draft with its
    # token, and the answers stored.
    drv.execute_script(
        "const f = document.querySelector('form[data-k]');"
        "return fetch(f.action, {method: 'POST',"
        " body: new URLSearchParams(new FormData(f))}).then(r => r.status)")
    drv.execute_script(
        f"const k = 'recueil:{code}', d = JSON.parse(localStorage.getItem(k));"
        f"d.k = '{token}'; localStorage.setItem(k, JSON.stringify(d));")
    assert len(exported(cli, code, "--codes")) == 1
    drv.refresh()
    WebDriverWait(drv, 10).until(lambda d: displayed(d, "q-centre_autre"))
    assert drv.find_element(By.NAME, "_token").get_attribute("value") == token
    tap(drv, drv.find_element(By.ID, "send"))
    WebDriverWait(drv, 15).until(lambda d: "Merci" in d.title)
    assert len(exported(cli, code, "--codes")) == 1
