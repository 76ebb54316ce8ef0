"""Retake the README's screenshots from a running Qafila (the demo): `.venv/bin/python docs/screenshots.py [URL]`.

Uses the browser tests' chromium setup (Debian's /usr/bin/chromium, nothing downloaded). Each picture is reduced
to a 64-colour palette so it stays small in git (< 150 KB).
"""

import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.tests.browser import DESKTOP, PHONE, open_page  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
CARAVAN = "/caravans/tanger-2025/"
STAFF = "/staff/caravans/tanger-2025/"


def staff_page(playwright, profile, base_url, username, password, viewport):
    page = open_page(playwright, profile, viewport=viewport)
    page.goto(base_url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    return page


def shrink(path):
    image = Image.open(path).convert("RGB")
    image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path.stat().st_size


def main(base_url="http://127.0.0.1:8000", password=None):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profiles:
        phone = open_page(playwright, Path(profiles) / "phone", viewport=PHONE)
        phone.goto(base_url + CARAVAN)
        phone.screenshot(path=str(OUT / "caravan-ar-360.png"))

        desktop = open_page(playwright, Path(profiles) / "desktop", viewport=DESKTOP)
        desktop.goto(base_url + CARAVAN)
        with desktop.expect_navigation():
            desktop.get_by_role("link", name="Français").click()
        desktop.screenshot(path=str(OUT / "caravan-fr-desktop.png"))
        names = ["caravan-ar-360.png", "caravan-fr-desktop.png"]
        if password:  # the demo password printed by `make demo`: the staff pages too
            agent = staff_page(playwright, Path(profiles) / "agent", base_url, "agent", password, PHONE)
            agent.goto(base_url + STAFF + "check-in/")
            agent.fill("input[name=q]", "فاطمة")
            agent.press("input[name=q]", "Enter")  # htmx swaps the result panel in place
            agent.wait_for_load_state("networkidle")
            agent.screenshot(path=str(OUT / "checkin-ar-360.png"))
            organiser = staff_page(
                playwright, Path(profiles) / "organiser", base_url, "organiser", password, DESKTOP
            )
            organiser.goto(base_url + STAFF + "report/")
            organiser.screenshot(path=str(OUT / "report-ar-desktop.png"))
            trainer = staff_page(playwright, Path(profiles) / "trainer", base_url, "trainer", password, PHONE)
            trainer.goto(base_url + STAFF + "projects/")
            with trainer.expect_navigation():
                trainer.locator("main a[href^='/projects/']").first.click()
            trainer.goto(trainer.url + "finance/")
            trainer.screenshot(path=str(OUT / "finance-ar-360.png"))
            names += ["checkin-ar-360.png", "report-ar-desktop.png", "finance-ar-360.png"]
            for page in (agent, organiser, trainer):
                page.context.close()
        for page in (phone, desktop):
            page.context.close()
    for name in names:
        print(f"{OUT / name}: {shrink(OUT / name) // 1024} KB")


if __name__ == "__main__":
    main(*sys.argv[1:])
