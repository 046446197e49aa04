"""The search page in a real headless Chromium (Debian's, driven by Playwright): search, read
the results, page to older ones, see markup in a title shown as text, on a phone's screen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.scraper.api.conftest import Served

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's chromium; Playwright's own browser download is not used (nor possible here)."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true requires {CHROMIUM} (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, java_script_enabled=True)
    page = context.new_page()
    yield page
    context.close()


def test_search_page_old_and_new(served: Served, page: Page, tmp_path: Path) -> None:
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(served.base_url + "/")
    page.fill("input[name=q]", "report")
    page.select_option("select[name=sort]", "newest")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    results = page.locator("ol.results > li")
    assert results.count() == 20
    assert page.locator("ol.results mark").first.inner_text().lower() == "report"
    first_page = results.all_inner_texts()

    assert page.locator("a[rel=next]").inner_text() == "Older →"
    page.click("a[rel=next]")
    page.wait_for_load_state()
    older = page.locator("ol.results > li").all_inner_texts()
    assert older and not set(older) & set(first_page)
    assert page.locator("a[rel=prev]").inner_text() == "← Newer"

    page.fill("input[name=q]", '"harbour notice"')
    page.click("button[type=submit]")
    page.wait_for_load_state()
    heading = page.locator("ol.results h2")
    assert heading.count() == 1
    assert heading.inner_text() == "<script>alert('x')</script> harbour notice"
    assert page.locator("ol.results script, ol.results b").count() == 0
    assert "Harbour <b>bold</b>" in page.locator("ol.results .snippet").inner_text()

    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the page scrolls sideways on a phone-sized screen"
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    assert (tmp_path / "search.png").stat().st_size > 0
    assert dialogs == []
    assert errors == []  # a blocked stylesheet or inline script would log a CSP error


def test_page_answers_with_a_csp_and_escapes(served: Served) -> None:
    response = httpx.get(served.base_url + "/", params={"q": "notice"}, timeout=30)
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in response.text
    assert "<script>" not in response.text


def test_a_bad_search_is_a_message_not_an_error_page(served: Served) -> None:
    response = httpx.get(served.base_url + "/", params={"q": '"open'}, timeout=30)
    assert response.status_code == 400
    assert "is not closed" in response.text
