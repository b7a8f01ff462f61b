"""The web app in a real browser (headless Chromium, driven by Selenium): the preview follows
a record saved on disk without a reload, and the front desk form gives the patient's PDF."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import Running, normalise, read_pdf, replace_in

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER), reason="needs Chromium and ChromeDriver (see the README)"
)
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000",
)  # fmt: skip


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "plugins.always_open_pdf_externally": True},
    )
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(condition: object, seconds: float = 20.0) -> None:
    """Until ``condition()`` holds; the page may replace what it checks meanwhile."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return
        except (NoSuchElementException, StaleElementReferenceException):
            pass  # replaced while being read: look again
        time.sleep(0.1)
    raise AssertionError("the page did not change in time")


def test_the_preview_follows_a_saved_record(server: Running, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver: object = browser
    driver.get(f"{server.url}/clinics/harbour-dermatology/silicone-gel")  # type: ignore[attr-defined]
    heading = lambda: driver.find_element(By.ID, "preview-title").text  # type: ignore[attr-defined]  # noqa: E731
    wait_for(lambda: heading() == "Silicone gel for raised scars")
    loaded = "return document.querySelector('.pages img').naturalWidth"
    wait_for(lambda: driver.execute_script(loaded) > 0)  # type: ignore[attr-defined]
    wait_for(lambda: "DRAFT001" in driver.find_element(By.ID, "findings").text)  # type: ignore[attr-defined]
    wait_for(lambda: driver.execute_script("return document.body.dataset.live") == "yes")  # type: ignore[attr-defined]
    record = server.root / "data" / "treatments" / "silicone-gel.yaml"
    replace_in(record, "title: Silicone gel for raised scars", "title: Silicone gel, as edited")
    wait_for(lambda: heading() == "Silicone gel, as edited")
    replace_in(record, "title: Silicone gel, as edited", "titel: broken")
    wait_for(lambda: "Your last edit has a problem" in driver.find_element(By.ID, "status").text)  # type: ignore[attr-defined]
    assert driver.find_elements(By.CSS_SELECTOR, ".pages.stale img")  # type: ignore[attr-defined]


def test_the_front_desk_form_gives_the_patients_pdf(server: Running, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver: object = browser
    driver.get(f"{server.url}/front-desk/harbour-dermatology")  # type: ignore[attr-defined]
    find = driver.find_element  # type: ignore[attr-defined]
    find(By.CSS_SELECTOR, "input[value='silicone-gel']").click()
    find(By.CSS_SELECTOR, "input[value='scar-surgery']").click()
    find(By.ID, "name").send_keys("Leontyne Abara")
    find(By.ID, "note").send_keys("Keep the dressing dry for two days.")
    driver.execute_script("document.getElementById('next_visit').value = '2027-03-01'")  # type: ignore[attr-defined]
    find(By.CSS_SELECTOR, "button[type=submit]").click()
    downloads: Path = driver.downloads  # type: ignore[attr-defined]
    wait_for(lambda: [p for p in downloads.glob("*.pdf")])
    (pdf,) = downloads.glob("*.pdf")
    wait_for(lambda: pdf.stat().st_size > 0 and read_pdf(pdf.read_bytes()).pages > 1)
    cover = normalise(read_pdf(pdf.read_bytes()).page_texts[0])
    assert "Prepared for Leontyne Abara" in cover and "Keep the dressing dry" in cover
    assert "1 March 2027" in cover
