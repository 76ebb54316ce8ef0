"""Playwright fixtures: Debian's chromium, headless, on a phone-sized page, against the live demo site.

The browser is the system's (/usr/bin/chromium): nothing is downloaded. Where chromium or Playwright is
missing, browser tests are skipped with the reason; in CI (CI=true) they fail instead, since CI installs both.

Playwright's synchronous API keeps an event loop running in the test's thread, which makes Django refuse ORM
calls there; so the data is loaded before the browser starts, and the browser is closed before the database
is flushed (fixtures tear down in reverse order).
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def missing_browser():
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


def open_page(playwright, user_data_dir, *, viewport=PHONE, javascript=True, locale="ar-MA"):
    """A new chromium with an empty profile in user_data_dir, and its first page at the given size."""
    context = playwright.chromium.launch_persistent_context(
        str(user_data_dir),
        executable_path=CHROMIUM,
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=viewport,
        java_script_enabled=javascript,
        locale=locale,
        timezone_id="Africa/Casablanca",
    )
    context.set_default_timeout(10_000)
    return context.pages[0] if context.pages else context.new_page()


@pytest.fixture
def new_page():
    """Factory: new_page(viewport=PHONE, javascript=True, locale="ar-MA") → a page in a fresh chromium.

    Request it after the fixtures that load data, so the browser starts after them and closes before them.
    """
    reason = missing_browser()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: CI must run the browser tests")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    profiles = Path(tempfile.mkdtemp(prefix="qafila-chromium-"))
    pages = []

    def factory(**options):
        page = open_page(playwright, profiles / str(len(pages)), **options)
        pages.append(page)
        return page

    try:
        yield factory
    finally:
        for page in pages:
            page.context.close()
        playwright.stop()
        shutil.rmtree(profiles, ignore_errors=True)


@pytest.fixture
def phone_page(demo_site, new_page):
    """A 360×740 page on a Moroccan phone (Arabic), with JavaScript, the demo site running."""
    return new_page()


def horizontal_overflow(page):
    """How many pixels the page is wider than the screen: 0 means no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def save_screenshot(page, name):
    """A full-page PNG under test-artifacts/ (kept out of git), for a person to look at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, url, username, password="pw"):
    """Log a demo user in through the login form (the demo fixtures' users have the password "pw")."""
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
