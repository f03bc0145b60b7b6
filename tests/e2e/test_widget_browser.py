"""The web chat widget in headless Chromium, served by the real catalogue API and talking to the real bot."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.stack import free_port
from tests.conftest import settings_for, start_server, stop_process

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HOSTILE = "<img src=x onerror=alert(1)>"



@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("needs Debian packages chromium and chromium-driver (scripts/apt-packages.txt)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1000,760", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def ask(driver, text: str) -> None:
    field = WebDriverWait(driver, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, "#citybot input"))
    field.send_keys(text, Keys.ENTER)


def bot_bubbles(driver, count: int, timeout: float = 90.0) -> list:
    return WebDriverWait(driver, timeout).until(
        lambda d: (found := d.find_elements(By.CSS_SELECTOR, "#citybot .msg.bot")) and len(found) >= count and found
    )


def assert_no_alert(driver) -> None:
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 (property access raises when there is no alert)


@pytest.mark.e2e
def test_widget_answers_with_a_definition_and_shows_hostile_text_as_text(bot_stack, browser) -> None:
    browser.get(bot_stack.api_url + "/")
    ask(browser, "Mikä on Kela?")
    (answer,) = bot_bubbles(browser, 1)
    assert "Kansaneläkelaitos" in answer.text
    link = answer.find_element(By.CSS_SELECTOR, ".card a")
    assert link.get_attribute("href").rstrip("/") == "https://www.kela.fi" and link.text == "Lisätietoa"

    ask(browser, HOSTILE)
    bot_bubbles(browser, 2)
    users = browser.find_elements(By.CSS_SELECTOR, "#citybot .msg.user")
    assert users[-1].text == HOSTILE
    assert browser.find_elements(By.CSS_SELECTOR, "#citybot img") == []
    assert_no_alert(browser)


@pytest.fixture()
def widget_without_bot(tmp_path: Path) -> Iterator[str]:
    """The widget page whose configured Rasa URL is a closed port."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_server(
        [sys.executable, "-m", "uvicorn", "tests.support.channel_standins:widget_only_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        settings_for(tmp_path, rasa_public_url=f"http://127.0.0.1:{free_port()}"),
        url + "/health", lambda r: r.status_code == 200, timeout=30,
    )
    try:
        yield url + "/"
    finally:
        stop_process(process)


def test_widget_says_so_politely_when_the_bot_is_down(widget_without_bot: str, browser) -> None:
    browser.get(widget_without_bot)
    ask(browser, "Mikä on Kela?")
    error = WebDriverWait(browser, 20).until(lambda d: d.find_element(By.CSS_SELECTOR, "#citybot .error"))
    assert error.text == "Yhteys bottiin katkesi. Yritä hetken päästä uudelleen."
    assert browser.find_element(By.CSS_SELECTOR, "#citybot .msg.user").text == "Mikä on Kela?"
    assert browser.find_elements(By.CSS_SELECTOR, "#citybot .msg.bot") == []
