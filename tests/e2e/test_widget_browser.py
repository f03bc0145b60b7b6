"""The web chat widget in headless Chromium, served by the real catalogue API and talking to the real bot.

Expected answers are asked from the bot directly (`bot_stack.ask`) and compared with what the page shows.
axe-core (vendored, tests/support/vendor/axe-core) checks accessibility; element screenshots of each card
type are saved under the test's var directory (`screenshots/`; the ones in docs/ were made this way).
"""

from __future__ import annotations

import json
import shutil
import threading
import uuid
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.stack import answer_card
from services_catalog.settings import REPO_ROOT, get_settings
from tests.conftest import assert_card_contract, settings_for, start_uvicorn, stop_process
from tests.support.channel_standins import not_understood, table_text

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
AXE = REPO_ROOT / "tests" / "support" / "vendor" / "axe-core" / "axe.min.js"
HOSTILE = "<img src=x onerror=alert(1)>"
QUESTIONS = {  # one per card type the widget draws, as a person would ask
    "term": "Mikä on Kela?",
    "service_list": "Etsin uimahallia",
    "geo_count": "Montako puuta on Kalliossa?",
    "geo_ranking": "Missä kaupunginosassa on eniten puita?",
    "programme": "Mitä Kokeilukiihdyttämö on?",
}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("needs Debian packages chromium and chromium-driver (scripts/apt-packages.txt)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1000,900", f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture()
def page(browser) -> Iterator:
    """A fresh window size and no remembered conversation for each test."""
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.set_window_size(1000, 900)
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    if browser.current_url.startswith("http"):
        browser.execute_script("sessionStorage.clear()")


def shadow(driver):  # noqa: ANN201 - a selenium ShadowRoot
    host = WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "citybot-widget"))
    # The widget shows itself once its stylesheet has loaded.
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return arguments[0].style.display !== 'none'", host))
    return host.shadow_root


def find(driver, css: str):  # noqa: ANN201
    return shadow(driver).find_element(By.CSS_SELECTOR, css)


def find_all(driver, css: str) -> list:
    return shadow(driver).find_elements(By.CSS_SELECTOR, css)


def js(driver, script: str, *args: Any) -> Any:
    """Run `script` with `root` bound to the widget's shadow root."""
    return driver.execute_script("const root = document.getElementById('citybot-widget').shadowRoot;" + script, *args)


def open_fresh(driver, url: str) -> None:
    driver.get(url)
    driver.execute_script("sessionStorage.clear()")
    driver.get(url)
    find(driver, ".launcher").click()
    WebDriverWait(driver, 10).until(lambda d: find(d, "#cb-panel").is_displayed())


def ask(driver, text: str) -> None:
    field = WebDriverWait(driver, 30).until(lambda d: (f := find(d, "#cb-input")).is_enabled() and f)
    field.send_keys(text, Keys.ENTER)


def settled(driver) -> bool:
    return js(driver, "return root.querySelector('.log').getAttribute('aria-busy') === 'false'")


def bot_bubbles(driver, count: int, timeout: float = 90.0) -> list:
    return WebDriverWait(driver, timeout).until(
        lambda d: settled(d) and len(found := find_all(d, ".msg.bot")) >= count and found)


def active_in_widget(driver) -> Any:
    return js(driver, "return root.activeElement")


def assert_no_alert(driver) -> None:
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 (property access raises when there is no alert)


def screenshot(element, name: str) -> None:
    target = get_settings().var_dir / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    element.screenshot(str(target / f"widget-{name}.png"))


def axe_violations(driver) -> list[dict]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));")
    assert isinstance(results, list), results
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in results if v["impact"] in ("serious", "critical")]


@pytest.mark.e2e
def test_first_view_greets_offers_examples_languages_and_privacy_and_closes(bot_stack, page) -> None:
    page.get(bot_stack.api_url + "/")
    page.execute_script("sessionStorage.clear()")
    page.get(bot_stack.api_url + "/")
    launcher = find(page, ".launcher")
    assert not find(page, "#cb-panel").is_displayed() and launcher.get_attribute("aria-expanded") == "false"
    launcher.click()
    assert find(page, "#cb-panel").is_displayed() and launcher.get_attribute("aria-expanded") == "true"
    assert find(page, ".greeting").text.startswith("Hei!")
    assert "tallennetaan" in find(page, ".privacy").text
    assert [b.text for b in find_all(page, ".langs button")] == ["Suomi", "Svenska", "English"]
    assert find(page, ".langs button[aria-pressed='true']").get_attribute("data-lang") == "fi"
    assert find(page, ".log").get_attribute("role") == "log"
    screenshot(find(page, "#cb-panel"), "first-view")
    assert axe_violations(page) == []
    chips = find_all(page, ".intro .chip")
    assert 3 <= len(chips) <= 4
    # One example per capability: each is answered with a different kind of card.
    kinds = [answer_card(bot_stack.ask(chip.text))["type"] for chip in chips]
    assert kinds[:3] == ["term", "service_list", "geo_count"] and kinds[3] in ("campaign", "experiment"), kinds
    chips[0].click()
    answer = bot_bubbles(page, 1)[0]  # the answer; follow-ups (related services) may come after it
    assert answer.find_element(By.CSS_SELECTOR, ".card.term")
    find(page, ".close").click()
    assert not find(page, "#cb-panel").is_displayed()
    assert js(page, "return root.activeElement === root.querySelector('.launcher')")


@pytest.mark.e2e
def test_every_card_type_is_drawn_once_with_labels_in_its_language(bot_stack, page) -> None:
    open_fresh(page, bot_stack.api_url + "/")
    questions = {**QUESTIONS, "fallback": not_understood(bot_stack.ask)[0]}
    for kind, question in questions.items():
        messages = bot_stack.ask(question)
        expected = answer_card(messages)
        raw_text = next(m["text"] for m in messages if m.get("custom", {}).get("type"))
        before = len(find_all(page, ".msg.bot"))
        ask(page, question)
        answer = bot_bubbles(page, before + 1)[before]  # the reply's first message is the answer
        assert answer.find_element(By.CSS_SELECTOR, ".sr-only").get_attribute("textContent") == "Botti:"
        bubble = answer.find_element(By.CSS_SELECTOR, ".bubble")
        assert bubble.get_attribute("lang") == expected["lang"] == "fi"
        card = bubble.find_element(By.CSS_SELECTOR, ".card")
        assert expected["type"] in card.get_attribute("class").split()
        shown = bubble.text
        if kind == "term":
            assert card.find_element(By.TAG_NAME, "h3").text == expected["title"]
            link = card.find_element(By.CSS_SELECTOR, "a.out")
            assert link.text == f"{table_text('channel_more', 'fi')} (avautuu uuteen ikkunaan)"
            assert link.get_attribute("href").rstrip("/") == expected["url"].rstrip("/")
            assert expected["url"] not in shown, "the text's raw URL is not shown under the card"
        if kind == "service_list":
            items = card.find_elements(By.CSS_SELECTOR, ".services > li")
            assert [i.find_element(By.TAG_NAME, "h3").text for i in items] == [i["name"] for i in expected["items"]]
            # The bundled catalogue has no providers; a service that has one shows it.
            assert all(i["provider"] in shown for i in expected["items"] if i.get("provider"))
            assert shown.count(expected["items"][0]["name"]) == 1, "each service is shown once"
        if kind == "geo_count":
            image = card.find_element(By.CSS_SELECTOR, "figure.map img")
            assert image.get_attribute("alt") == expected["map_alt"] and str(expected["count"]) in expected["map_alt"]
            WebDriverWait(page, 30).until(lambda _, img=image: img.get_property("naturalWidth") == 640)
            assert card.find_element(By.CSS_SELECTOR, "a.out").text == "Näytä kartalla (avautuu uuteen ikkunaan)"
        if kind == "geo_ranking":
            rows = card.find_elements(By.CSS_SELECTOR, "tbody tr")
            assert [r.find_element(By.TAG_NAME, "th").text for r in rows] == [i["label"] for i in expected["items"]]
            assert card.find_element(By.CSS_SELECTOR, "figure.map img").get_attribute("alt") == expected["map_alt"]
        if kind == "programme":
            link = card.find_element(By.CSS_SELECTOR, "a.out")
            assert link.get_attribute("href") == expected["source_url"]
            assert shown.count(expected["source"]) == 1
        if kind == "fallback":
            assert shown.count(expected["contact"]) == 1
            chips = answer.find_elements(By.CSS_SELECTOR, ".choices .chip")
            assert [c.text for c in chips] == [s["title"] for s in expected["suggestions"]]
        for line in raw_text.splitlines():
            if line.strip():
                assert shown.count(line.strip()) <= 1, f"{line!r} is shown twice"
        rating = answer.find_elements(By.CSS_SELECTOR, ".feedback button")
        assert [b.get_attribute("aria-label") for b in rating] == ["Hyödyllinen", "Ei hyödyllinen"]
        screenshot(bubble, kind)
    assert axe_violations(page) == []


@pytest.mark.e2e
def test_buttons_keep_the_conversation_language(bot_stack, page) -> None:
    open_fresh(page, bot_stack.api_url + "/")  # the widget in Finnish, the person writes Swedish
    ask(page, "Var kan jag simma?")
    (answer,) = bot_bubbles(page, 1)
    assert answer.find_element(By.CSS_SELECTOR, ".bubble").get_attribute("lang") == "sv"
    more = next(c for c in answer.find_elements(By.CSS_SELECTOR, ".choices .chip")
                if c.text == table_text("services_show_more", "sv"))
    more.click()  # its payload is "/show_more": no language of its own
    answer = bot_bubbles(page, 2)[-1]
    assert answer.find_element(By.CSS_SELECTOR, ".bubble").get_attribute("lang") == "sv"
    assert answer.find_element(By.CSS_SELECTOR, ".card.service_list")
    first = find_all(page, ".msg.bot")[0].find_elements(By.CSS_SELECTOR, ".choices .chip")
    assert first and all(not c.is_enabled() for c in first), "answered quick replies leave the tab order"
    user = find_all(page, ".msg.user")[-1]
    assert user.find_element(By.CSS_SELECTOR, ".sr-only").get_attribute("textContent") == "Sinä:"
    assert user.find_element(By.CSS_SELECTOR, ".bubble").get_attribute("lang") == "sv"
    assert user.find_element(By.CSS_SELECTOR, ".bubble").text == table_text("services_show_more", "sv")


def click_opens_window(driver, link) -> str:
    """Click `link`; the address of the window it opened (which is then closed again)."""
    home, before = driver.current_window_handle, set(driver.window_handles)
    link.click()
    (opened,) = WebDriverWait(driver, 10).until(lambda d: set(d.window_handles) - before or None)
    driver.switch_to.window(opened)
    # current_url: the address asked for, also when (no network here) Chromium shows its error page there.
    address = WebDriverWait(driver, 10).until(lambda d: d.current_url != "about:blank" and d.current_url)
    driver.close()
    driver.switch_to.window(home)
    return address


@pytest.mark.e2e
def test_clicking_service_links_the_map_link_and_a_fallback_suggestion(bot_stack, page) -> None:
    open_fresh(page, bot_stack.api_url + "/")
    services = answer_card(bot_stack.ask(QUESTIONS["service_list"]))
    ask(page, QUESTIONS["service_list"])
    card = bot_bubbles(page, 1)[0].find_element(By.CSS_SELECTOR, ".card.service_list")
    first = services["items"][0]
    link = card.find_element(By.CSS_SELECTOR, ".services > li h3 a")
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")
    assert click_opens_window(page, link).rstrip("/") == first["url"].rstrip("/")

    geo = answer_card(bot_stack.ask(QUESTIONS["geo_count"]))
    before = len(find_all(page, ".msg.bot"))
    ask(page, QUESTIONS["geo_count"])
    card = bot_bubbles(page, before + 1)[before].find_element(By.CSS_SELECTOR, ".card.geo_count")
    image = card.find_element(By.CSS_SELECTOR, "figure.map img")
    WebDriverWait(page, 30).until(lambda _: image.get_property("naturalWidth") > 0)
    assert image.get_attribute("src").endswith(geo["map_image_url"])  # the API's own image, drawn offline
    assert click_opens_window(page, card.find_element(By.CSS_SELECTOR, "a.out")) == geo["map_url"]

    # Gibberish gets a fallback without suggestions; the page's fetch hands this one question the bot's real
    # fallback reply with the suggestion it makes for a near miss of a term (the payload is asked for real).
    fallback = next(m for m in not_understood(bot_stack.ask)[1] if (m.get("custom") or {}).get("type"))
    suggestion = {"id": "kela", "title": "Kela", "payload": "Mikä on Kela?"}
    fallback = {**fallback, "buttons": [{"title": suggestion["title"], "payload": suggestion["payload"]}],
                "custom": {**fallback["custom"], "suggestions": [suggestion]}}
    assert_card_contract([fallback])
    page.execute_script("""
        const reply = arguments[0], realFetch = window.fetch;
        window.fetch = (url, init) => init && init.body && JSON.parse(init.body).message === 'near-miss'
            ? Promise.resolve(new Response(JSON.stringify(reply), {status: 200}))
            : realFetch(url, init);""", [fallback])
    before = len(find_all(page, ".msg.bot"))
    ask(page, "near-miss")
    answer = bot_bubbles(page, before + 1)[before]
    assert answer.find_element(By.CSS_SELECTOR, ".card.fallback")
    chips = answer.find_elements(By.CSS_SELECTOR, ".choices .chip")
    assert [c.text for c in chips] == ["Kela"]
    before = len(find_all(page, ".msg.bot"))
    chips[0].click()
    reply = bot_bubbles(page, before + 1)[before]
    expected = answer_card(bot_stack.ask(suggestion["payload"], metadata={"channel": "widget", "lang": "fi"}))
    assert reply.find_element(By.CSS_SELECTOR, ".bubble").get_attribute("lang") == expected["lang"] == "fi"
    assert reply.find_element(By.CSS_SELECTOR, f".card.{expected['type']} h3").text == expected["title"]
    user = find_all(page, ".msg.user")[-1].find_element(By.CSS_SELECTOR, ".bubble")
    assert user.text == "Kela", "the chip's title is shown, not its payload"
    assert not any(c.is_enabled() for c in answer.find_elements(By.CSS_SELECTOR, ".choices .chip"))
    assert_no_alert(page)


@pytest.mark.e2e
def test_the_language_switch_changes_the_labels_and_the_conversation_language(bot_stack, page) -> None:
    open_fresh(page, bot_stack.api_url + "/")
    find(page, ".langs button[data-lang='sv']").click()
    assert find(page, ".send").text == "Skicka" and find(page, ".greeting").text.startswith("Hej!")
    assert find(page, "#cb-panel").get_attribute("lang") == "sv"
    assert [c.text for c in find_all(page, ".intro .chip")][0] == "Vad är FPA?"
    ask(page, "Kela")  # a bare name: the chosen language decides
    answer = bot_bubbles(page, 1)[0]
    assert answer.find_element(By.CSS_SELECTOR, ".bubble").get_attribute("lang") == "sv"
    assert answer.find_element(By.CSS_SELECTOR, ".sr-only").get_attribute("textContent") == "Boten:"
    find(page, ".langs button[data-lang='en']").click()
    before = len(find_all(page, ".msg.bot"))
    ask(page, "Kela")
    answer = bot_bubbles(page, before + 1)[before]
    assert answer.find_element(By.CSS_SELECTOR, ".bubble").get_attribute("lang") == "en"


@pytest.mark.e2e
def test_reload_keeps_the_conversation_and_new_conversation_resets_the_server(bot_stack, page) -> None:
    open_fresh(page, bot_stack.api_url + "/")
    ask(page, "Tarvitsen asumistukea")
    bot_bubbles(page, 1)
    before = [m.text for m in find_all(page, ".msg")]
    sender = page.execute_script("return Object.entries(sessionStorage).map(([k, v]) => JSON.parse(v))[0].sender")
    tracker = httpx.get(f"{bot_stack.rasa_url}/conversations/{sender}/tracker",
                        params={"token": bot_stack.rasa_token}, timeout=10).json()
    assert tracker["slots"].get("service_query"), "the server holds the conversation"
    page.refresh()
    assert find(page, "#cb-panel").is_displayed()
    assert [m.text for m in find_all(page, ".msg")] == before
    find(page, ".new").click()
    assert find_all(page, ".msg") == [] and find(page, ".greeting").is_displayed()

    def forgotten(_: Any) -> bool:
        state = httpx.get(f"{bot_stack.rasa_url}/conversations/{sender}/tracker",
                          params={"token": bot_stack.rasa_token, "include_events": "ALL"}, timeout=10).json()
        return any(e["event"] == "restart" for e in state["events"]) and not state["slots"].get("service_query")

    WebDriverWait(page, 30).until(forgotten)
    new_sender = page.execute_script(
        "return Object.entries(sessionStorage).map(([k, v]) => JSON.parse(v))[0].sender")
    assert new_sender != sender


@pytest.mark.e2e
def test_keyboard_only(bot_stack, page) -> None:
    page.get(bot_stack.api_url + "/")
    page.execute_script("sessionStorage.clear()")
    page.get(bot_stack.api_url + "/")
    shadow(page)
    keys = ActionChains(page)
    for _ in range(5):
        keys.send_keys(Keys.TAB).perform()
        if js(page, "return root.activeElement && root.activeElement.classList.contains('launcher')"):
            break
    assert js(page, "return root.activeElement.classList.contains('launcher')")
    keys.send_keys(Keys.ENTER).perform()
    assert js(page, "return root.activeElement && root.activeElement.id === 'cb-input'")
    keys.send_keys("Mikä on Kela?", Keys.ENTER).perform()
    bot_bubbles(page, 1)
    WebDriverWait(page, 10).until(lambda d: js(d, "return root.activeElement && root.activeElement.id === 'cb-input'"))
    for _ in range(12):
        keys.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        if js(page, "return !!(root.activeElement && root.activeElement.classList.contains('up'))"):
            break
    assert js(page, "return root.activeElement.classList.contains('up')"), "the rating buttons are reachable"
    keys.send_keys(Keys.ENTER).perform()
    # The widget announces the real API's verdict (role="status"): the rating reached the logged answer.
    # The widget replaces the whole row when the API answers: a status found a moment before may be gone.
    said = WebDriverWait(page, 20, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda d: find(d, ".rated").text)
    assert said == "Kiitos palautteesta!"
    assert find(page, ".rated").get_attribute("role") == "status"
    keys.send_keys(Keys.ESCAPE).perform()
    assert not find(page, "#cb-panel").is_displayed()
    assert js(page, "return root.activeElement.classList.contains('launcher')")


def no_horizontal_overflow(driver) -> bool:
    return js(driver, """
        const panel = root.querySelector('#cb-panel');
        const wide = [...panel.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1
            && getComputedStyle(e).overflowX !== 'hidden' && e.clientWidth > 0);
        return panel.scrollWidth <= panel.clientWidth && wide.length === 0
            && panel.getBoundingClientRect().right <= window.innerWidth;""")


@pytest.mark.e2e
@pytest.mark.parametrize("width, height, label", [(320, 640, "320px"), (320, 256, "zoom400")])
def test_small_screens_and_400_percent_zoom(bot_stack, page, width: int, height: int, label: str) -> None:
    # 400 % zoom of a 1280 x 1024 window leaves a 320 x 256 CSS pixel viewport.
    page.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    open_fresh(page, bot_stack.api_url + "/")
    assert all(c.size["height"] >= 44 for c in find_all(page, ".chip"))
    ask(page, "Montako puuta on Kalliossa?")
    bot_bubbles(page, 1)
    assert no_horizontal_overflow(page)
    for css in ("#cb-input", ".send", ".close"):
        rect = js(page, f"const e = root.querySelector('{css}'); e.scrollIntoView(); "
                        "const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom];")
        # Within the viewport; a scroll position may round to a fraction of a pixel.
        assert -1 < rect[0] and rect[1] < width + 1 and -1 < rect[2] and rect[3] < height + 1, (css, rect)
    assert all(b.size["height"] >= 44 and b.size["width"] >= 44
               for b in find_all(page, "button") if b.is_displayed())
    screenshot(find(page, "#cb-panel"), f"geo-{label}")
    find(page, ".close").click()
    assert find(page, ".launcher").is_displayed() and not find(page, "#cb-panel").is_displayed()


def hostile_messages() -> list[dict]:
    """One message of every card type with script, markup and bad links in every text field."""
    h = HOSTILE
    bad = "javascript:alert(1)"
    messages = [
        {"text": h, "buttons": [{"title": h, "payload": h}],
         "custom": {"type": "term", "lang": "fi", "id": h, "title": h, "text": h, "url": bad, "related_services": [h],
                    "answer_id": "x" * 8}},
        {"text": h, "custom": {"type": "service_list", "lang": "sv", "query": h, "offset": 0, "total": 1,
                               "related_terms": [{"id": h, "title": h}],
                               "items": [{"id": h, "name": h, "summary": h, "provider": h, "url": bad, "lang": "en",
                                          "channels": [{"phone": h, "email": h, "address": h, "url": bad}]}]}},
        {"text": h, "custom": {"type": "geo_count", "lang": "en", "dataset": h, "filter": {"field": h, "value": h,
                               "label": h}, "division": h, "area": h, "area_id": h, "count": 1, "source": h,
                               "map_url": bad, "map_image_url": bad, "map_alt": h}},
        {"text": h, "custom": {"type": "geo_ranking", "lang": "fi", "items": [{"label": h, "count": 2}], "dataset": h,
                               "division": h, "area": h, "field": h, "source": h, "map_image_url": bad,
                               "map_alt": h}},
        {"text": h, "custom": {"type": "campaign", "lang": "fi", "id": h, "facts": {h: h}, "source": h,
                               "source_url": bad}},
        {"text": h, "custom": {"type": "experiment", "lang": "fi", "id": h, "facts": {h: [h]}, "source": h,
                               "source_url": bad}},
        {"text": h, "buttons": [{"title": h, "payload": h}],
         "custom": {"type": "fallback", "lang": "fi", "suggestions": [{"id": h, "title": h, "payload": h}],
                    "contact": h}},
        {"text": h, "custom": {"type": "message", "lang": "fi", "id": h}},
    ]
    assert_card_contract(messages)
    return messages


@pytest.mark.e2e
def test_hostile_content_in_a_message_and_in_every_card_field_stays_text(bot_stack, page) -> None:
    open_fresh(page, bot_stack.api_url + "/")
    ask(page, HOSTILE)
    bot_bubbles(page, 1)
    assert find_all(page, ".msg.user .bubble")[-1].text == HOSTILE
    # The bot's own replies cannot carry such fields, so the page's fetch answers this one question with them.
    page.execute_script("""
        const hostile = arguments[0], realFetch = window.fetch;
        window.fetch = (url, init) => init && init.body && JSON.parse(init.body).message === 'hostile-cards'
            ? Promise.resolve(new Response(JSON.stringify(hostile), {status: 200}))
            : realFetch(url, init);""", hostile_messages())
    ask(page, "hostile-cards")
    bot_bubbles(page, 1 + len(hostile_messages()))
    assert_no_alert(page)
    assert js(page, "return root.querySelectorAll('img').length") == 0
    assert js(page, "return [...root.querySelectorAll('*')].filter(e => [...e.attributes].some("
                    "a => a.name.startsWith('on'))).length") == 0
    hrefs = js(page, "return [...root.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    assert all(h.startswith(("http://", "https://", "tel:", "mailto:")) for h in hrefs), hrefs
    assert not any("alert" in h for h in hrefs)
    assert js(page, "return root.querySelector('.log').textContent").count(HOSTILE) >= 10
    assert page.execute_script("return document.querySelectorAll('img').length") == 0


@pytest.fixture()
def widget_without_bot(tmp_path: Path, closed_url: str) -> Iterator[str]:
    """The widget page whose configured Rasa URL is a closed port."""
    process, url = start_uvicorn("tests.support.channel_standins:widget_only_app",
                                 settings_for(tmp_path, rasa_public_url=closed_url), timeout=30, factory=True)
    try:
        yield url + "/"
    finally:
        stop_process(process)


def test_widget_says_so_politely_when_the_bot_is_down_and_offers_a_retry(widget_without_bot: str, page) -> None:
    open_fresh(page, widget_without_bot)
    ask(page, "Mikä on Kela?")
    error = WebDriverWait(page, 20).until(lambda d: find(d, ".error"))
    assert error.get_attribute("role") == "alert"
    assert error.find_element(By.TAG_NAME, "p").text == "Yhteys bottiin katkesi."
    assert find(page, ".msg.user .bubble").text == "Mikä on Kela?"
    assert find_all(page, ".msg.bot") == [] and find(page, "#cb-input").is_enabled()
    retry = error.find_element(By.CSS_SELECTOR, ".retry")
    assert js(page, "return root.activeElement.classList.contains('retry')")
    retry.click()
    WebDriverWait(page, 20).until(lambda d: len(find_all(d, ".error")) == 1 and settled(d))
    assert len(find_all(page, ".msg.user")) == 1, "a retry sends the same question again, not a new one"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *_: Any) -> None:
        pass


@pytest.fixture()
def host_site(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """Another web site (another origin) that embeds the widget: (its directory, its URL)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.e2e
def test_one_script_tag_embeds_it_on_another_site_without_taking_or_leaking_styles(bot_stack, page,
                                                                                   host_site: tuple) -> None:
    site, site_url = host_site
    (site / "index.html").write_text(f"""<!doctype html><html lang="sv"><head><meta charset="utf-8">
<style>* {{ font-size: 40px !important; color: #c00 !important; }} button {{ display: none !important; }}
body {{ margin: 13px; background: #ffd; }} main {{ padding: 7px; }}</style></head>
<body><main><h1>Stadens sida</h1></main>
<script src="{bot_stack.api_url}/widget.js" data-api="{bot_stack.api_url}" data-rasa="{bot_stack.rasa_url}"
 data-title="Testbot" data-color="#006400" data-privacy-url="https://www.example.fi/dataskydd" async></script>
</body></html>""", encoding="utf-8")
    open_fresh(page, site_url + f"index.html?{uuid.uuid4().hex[:6]}")
    assert find(page, "#cb-title").text == "Testbot"
    assert find(page, "#cb-panel").get_attribute("lang") == "sv", "the page's language is the default"
    assert find(page, ".launcher").value_of_css_property("background-color") == "rgba(0, 100, 0, 1)"
    assert find(page, ".send").value_of_css_property("font-size") == "16px"
    assert find(page, ".send").is_displayed()
    link = find(page, ".privacy a")
    assert link.get_attribute("href") == "https://www.example.fi/dataskydd" and link.get_attribute("target") == "_blank"
    body = json.loads(page.execute_script(
        "const b = getComputedStyle(document.body), m = getComputedStyle(document.querySelector('main'));"
        "return JSON.stringify([b.marginTop, m.paddingTop, document.styleSheets.length])"))
    assert body == ["13px", "7px", 1], "the widget adds no style to the page"
    # The shared stack's Rasa lets only the widget's own page in (CITYBOT_CORS_ORIGINS, set by the city for
    # its pages): this page's origin is not listed, so the browser refuses the answer and the widget says so.
    ask(page, "Vad är FPA?")
    error = WebDriverWait(page, 30).until(lambda d: find(d, ".error"))
    assert error.get_attribute("role") == "alert" and error.find_element(By.CSS_SELECTOR, ".retry").is_displayed()
    assert find(page, ".msg.user .bubble").get_attribute("lang") == "sv"
