"""A real browser on the real server: headless Debian Chromium driving ttdn-web (waitress).

A staff member's morning: type a query, tick a province and apply, tick a
second one, open a report, go back. Screenshots go to test-artifacts/ (git
ignores it) for people to look at; any SEVERE entry in the browser console
(a JavaScript error, a CSP violation, a missing file) fails the test.
"""
from __future__ import annotations

import shutil
import tempfile
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import pytest

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=vi"]


@contextmanager
def chromium(javascript: bool = True):
    """Headless Debian Chromium with a fresh profile, its console log kept for the SEVERE check."""
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium/chromedriver not installed (make test installs them: tests/browser/ensure-chromium.sh)")
    profile = tempfile.mkdtemp(prefix="ttdn-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}", "--window-size=1280,900"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    ARTIFACTS.mkdir(exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    assert console_errors(driver) == [], f"browser console errors at {name}"


def result_count(driver) -> int:
    return int(driver.find_element(By.ID, "result-count").get_attribute("data-total"))


def query_params(driver) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(urllib.parse.urlsplit(driver.current_url).query)


def facet_rows(driver, key: str) -> dict[str, int]:
    rows = driver.find_elements(By.CSS_SELECTOR, f"#list-{key} li.fv")
    return {r.find_element(By.CSS_SELECTOR, "a.toggle span").text: int(r.find_element(By.CSS_SELECTOR, ".count").text.replace(".", ""))
            for r in rows if r.is_displayed()}


def wait_for_url(driver, predicate, timeout=15):
    WebDriverWait(driver, timeout).until(lambda d: predicate(query_params(d)))
    # Read in one script: the layout element is replaced by each in-place update.
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script(
        "var l = document.getElementById('layout'); return !!l && !l.hasAttribute('aria-busy');"))


def test_query_facets_document_and_back(browser, live_server):
    d = browser
    d.get(live_server + "/")
    assert d.switch_to.active_element.get_attribute("id") == "q", "the query box has the focus on arrival"
    assert d.find_element(By.CSS_SELECTOR, "[role=search] #q")
    everything = result_count(d)
    assert everything > 1
    shot(d, "01-browse-all")

    # Type a query without diacritics and press Enter.
    box = d.find_element(By.ID, "q")
    box.send_keys("thong tin doi ngoai", Keys.ENTER)
    wait_for_url(d, lambda p: p.get("q") == ["thong tin doi ngoai"])
    total = result_count(d)
    assert 0 < total <= everything
    assert d.find_elements(By.CSS_SELECTOR, ".snippet mark"), "query words are highlighted in the snippets"
    assert "thong tin doi ngoai" in d.title and str(total) in d.title
    provinces = facet_rows(d, "province")
    assert len(provinces) >= 2, provinces
    shot(d, "02-query")

    # Tick one province: nothing happens until "Áp dụng bộ lọc" is pressed.
    first, second = list(provinces)[:2]
    row = d.find_element(By.XPATH, f"//ul[@id='list-province']/li[.//a/span[text()='{first}']]")
    row.find_element(By.CSS_SELECTOR, "input[type=checkbox]").click()
    assert "province" not in query_params(d), "ticking a box must not submit by itself"
    d.find_element(By.ID, "apply").click()
    wait_for_url(d, lambda p: p.get("province") == [first])
    assert result_count(d) == provinces[first], "the count is the facet's count"
    assert facet_rows(d, "province")[second] == provinces[second], "province counts ignore the province filter"
    chips = [c.text for c in d.find_elements(By.CSS_SELECTOR, ".chips .chip")]
    assert any(first in c for c in chips)
    live = d.find_element(By.ID, "live")
    WebDriverWait(d, 5).until(lambda _: live.get_attribute("textContent").strip() != "")
    assert str(result_count(d)) in live.get_attribute("textContent"), "the new count is announced"
    assert first in d.title
    shot(d, "03-one-province")

    # A second province, by its toggle link: OR within the facet, so the hits add up.
    d.find_element(By.XPATH, f"//ul[@id='list-province']//a[span[text()='{second}']]").click()
    wait_for_url(d, lambda p: sorted(p.get("province", [])) == sorted([first, second]))
    both = result_count(d)
    assert both == provinces[first] + provinces[second]
    shot(d, "04-two-provinces")

    # Open the first report, then come back.
    link = d.find_element(By.CSS_SELECTOR, ".hit h3 a")
    title = link.text
    link.click()
    WebDriverWait(d, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article.document h1")))
    assert d.find_element(By.CSS_SELECTOR, "article.document h1").text == title
    assert d.find_elements(By.CSS_SELECTOR, ".document .body mark"), "query words are highlighted in the text"
    assert d.find_element(By.CSS_SELECTOR, "table.metadata").is_displayed()
    shot(d, "05-document")

    d.back()
    WebDriverWait(d, 15).until(EC.presence_of_element_located((By.ID, "result-count")))
    assert sorted(query_params(d)["province"]) == sorted([first, second])
    assert result_count(d) == both
    d.back()
    wait_for_url(d, lambda p: p.get("province") == [first])
    assert result_count(d) == provinces[first], "back restores the earlier state in place"
    shot(d, "06-back")


def test_timeline_bar_filters_by_year(browser, live_server):
    d = browser
    d.get(live_server + "/")
    bars = d.find_elements(By.CSS_SELECTOR, ".timeline a.bar:not(.empty)")
    if len(bars) < 2:
        pytest.skip("the sample corpus spans a single year")
    bar = bars[0]
    year = bar.get_attribute("aria-label").split(":")[0].split()[-1]
    bar.click()
    wait_for_url(d, lambda p: p.get("year") == [year])
    assert all(year == h.get_attribute("datetime")[:4]
               for h in d.find_elements(By.CSS_SELECTOR, ".hit .meta time"))
    shot(d, "07-timeline-year")


def test_keyboard_only_and_small_screen(browser, live_server):
    d = browser
    d.set_window_size(390, 844)
    try:
        d.get(live_server + "/?q=" + urllib.parse.quote("biên giới"))
        # Tab from the query box reaches the search button, then the filters: all by keyboard.
        d.switch_to.active_element.send_keys(Keys.TAB)
        assert d.switch_to.active_element.text == "Tìm kiếm"
        width = d.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390 + 1, "no horizontal scrolling on a phone"
        shot(d, "08-phone")
    finally:
        d.set_window_size(1280, 900)


def test_long_facet_filter_box_and_show_more_in_place(browser, wide_server):
    d = browser
    d.get(wide_server + "/?q=" + urllib.parse.quote("biên giới"))
    url = d.current_url
    hidden = d.find_elements(By.CSS_SELECTOR, "#list-province li[data-extra]")
    assert hidden and not any(li.is_displayed() for li in hidden)
    box = d.find_element(By.ID, "filter-province")
    assert box.is_displayed(), "the filter box appears once JavaScript runs"
    box.send_keys("dak")
    assert list(facet_rows(d, "province")) == ["Đắk Lắk"], "the filter ignores diacritics and shows hidden values"
    box.send_keys(Keys.ENTER)
    assert d.current_url == url, "typing in the filter box never submits"
    shot(d, "09-filter-box")
    box.clear()
    box.send_keys("x")
    box.send_keys(Keys.BACK_SPACE)
    more = d.find_element(By.CSS_SELECTOR, "#facet-province a.more")
    assert more.get_attribute("aria-expanded") == "false"
    more.click()
    assert more.get_attribute("aria-expanded") == "true" and more.text == "Thu gọn"
    assert all(li.is_displayed() for li in hidden)
    names = list(facet_rows(d, "province"))
    assert names.index("Đắk Lắk") < names.index("Yên Bái") and names.index("Đà Nẵng") < names.index("Gia Lai")
    assert d.current_url == url
    shot(d, "10-show-more")

    # Keyboard only: Space ticks a box, Enter on the apply button applies.
    checkbox = d.find_element(By.XPATH, "//ul[@id='list-province']/li[.//a/span[text()='Yên Bái']]//input")
    checkbox.send_keys(Keys.SPACE)
    assert checkbox.is_selected() and d.current_url == url
    d.find_element(By.ID, "apply").send_keys(Keys.ENTER)
    wait_for_url(d, lambda p: p.get("province") == ["Yên Bái"])
    assert result_count(d) == 1
    assert d.switch_to.active_element.get_attribute("id") == "apply", "focus stays where the user was"
    shot(d, "11-keyboard-apply")


def test_everything_works_without_javascript(wide_server):
    with chromium(javascript=False) as d:
        d.get(wide_server + "/")
        assert not d.find_element(By.ID, "filter-province").is_displayed(), "no JS: no filter box that cannot work"
        d.find_element(By.ID, "q").send_keys("bien gioi", Keys.ENTER)
        WebDriverWait(d, 15).until(lambda _: query_params(d).get("q") == ["bien gioi"])
        row = d.find_element(By.XPATH, "//ul[@id='list-province']/li[.//a/span[text()='Đắk Lắk']]")
        expected = int(row.find_element(By.CSS_SELECTOR, ".count").text)
        row.find_element(By.CSS_SELECTOR, "input").click()
        d.find_element(By.ID, "apply").click()
        WebDriverWait(d, 15).until(lambda _: query_params(d).get("province") == ["Đắk Lắk"])
        assert result_count(d) == expected
        d.find_element(By.CSS_SELECTOR, "#facet-province a.more").click()
        WebDriverWait(d, 15).until(lambda _: urllib.parse.urlsplit(d.current_url).path == "/facets/province")
        assert query_params(d) == {"q": ["bien gioi"], "province": ["Đắk Lắk"]}
        d.find_element(By.XPATH, "//ul[@id='list-province']/li[.//a/span[text()='Yên Bái']]//input").click()
        d.find_element(By.CSS_SELECTOR, "form.facet-page button").click()
        WebDriverWait(d, 15).until(lambda _: sorted(query_params(d).get("province", [])) == ["Yên Bái", "Đắk Lắk"])
        shot(d, "12-no-javascript")
