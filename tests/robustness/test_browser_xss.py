"""In a real browser (headless Debian Chromium): hostile documents and queries show as text, no script
of theirs runs, and the Content-Security-Policy blocks nothing of the app's own (issue 7)."""
from __future__ import annotations

import shutil
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import webserver

import hostile_corpus
from indexer.build import build

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

PAYLOAD = "<script>alert(1)</script>"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("xss-browser")
    corpus = hostile_corpus.markup_corpus(tmp / "corpus", PAYLOAD)
    build([corpus], tmp / "index", workers=1)
    with webserver.running(tmp / "index") as url:
        yield url


@pytest.fixture(scope="module")
def driver():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium/chromedriver not installed (tests/browser/ensure-chromium.sh installs them)")
    profile = tempfile.mkdtemp(prefix="ttdn-xss-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    d.set_page_load_timeout(30)
    yield d
    d.quit()
    shutil.rmtree(profile, ignore_errors=True)


PAGES = [("/", {"q": PAYLOAD}), ("/", {"q": "rbxss01"}), ("/", {"q": "rbxss02"}),
         ("/documents/hostile/bao-cao", {"q": PAYLOAD}), ("/documents/hostile/trang", {"q": "script alert"}),
         ("/facets/province", {"q": "", "fq": PAYLOAD}), ("/", {"page": PAYLOAD}), (f"/documents/{PAYLOAD}", {})]


@pytest.mark.parametrize("path,params", PAGES)
def test_hostile_markup_stays_text_in_the_browser(hostile_server, driver, path, params):
    driver.get(f"{hostile_server}{urllib.parse.quote(path)}?{urllib.parse.urlencode(params)}")
    try:
        WebDriverWait(driver, 0.3).until(EC.alert_is_present())
        alert = driver.switch_to.alert
        text = alert.text
        alert.dismiss()
        raise AssertionError(f"a script from the page ran: alert({text!r})")
    except TimeoutException:
        pass
    problems = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"
                and "favicon" not in e["message"] and "status of 4" not in e["message"]]
    assert not problems, problems  # a CSP violation would mean markup got in (or the app needs inline code)
    shown = driver.find_element(By.TAG_NAME, "body").text
    if params.get("q") == "rbxss01" or path.startswith("/documents/hostile"):  # pages that show the markup
        assert "<script>alert(1)</script>" in shown or "<img src=x onerror=alert(2)>" in shown
    assert not driver.find_elements(By.CSS_SELECTOR, "main img[src='x'], main iframe, main svg[onload]")
