"""Shared fixtures of the browser tests: Debian's chromium driven by
chromium-driver through python3-selenium, headless.

`browser(width=360, height=740, javascript=True)` is a factory: each call
starts a fresh headless chromium with that viewport (a phone by default),
and every browser started is quit at the end of the test.  The daemon,
database and CLI fixtures come from tests/conftest.py.
"""
import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _make_driver(width, height, javascript):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-dev-shm-usage",
                "--disable-extensions", "--no-first-run",
                "--force-device-scale-factor=1",
                f"--window-size={width},{height}"):
        opts.add_argument(arg)
    if not javascript:
        opts.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(30)
    # --window-size sets the outer window; make the viewport itself the
    # asked size (what a phone of that size shows).
    try:
        drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1,
            "mobile": True})
    except Exception:  # noqa: BLE001 - older drivers: the window size stays
        pass
    return drv


@pytest.fixture
def browser():
    """Factory: browser(width=360, height=740, javascript=True) -> driver."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("chromium and chromium-driver are not installed")
    drivers = []

    def start(width=360, height=740, javascript=True):
        d = _make_driver(width, height, javascript)
        drivers.append(d)
        return d

    yield start
    for d in drivers:
        try:
            d.quit()
        except Exception:  # noqa: BLE001 - already gone
            pass
