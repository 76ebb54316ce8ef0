"""Every staff page fits a 360 px phone in Arabic: no sideways scrolling, on the whole demo (as `make demo`).

The pages are those an organiser reaches from `/staff/` by following links (the walk of test_links_walk, one
address per URL name), and the agent's check-in desk. One browser, one page, the demo live server."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from core.tests.browser import PHONE, log_in, save_screenshot

from .test_links_walk import walk

pytestmark = pytest.mark.browser

# Where the sideways overflow starts: the outermost element past the screen's edge (either side, for right to
# left) that no scrolling box of its own holds.
WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const past = (el) => { const r = el.getBoundingClientRect(); return Math.max(r.right - width, -r.left); };
  const held = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  let worst = null;
  for (const el of document.body.querySelectorAll("*")) {
    const by = past(el);
    if (by < 1 || held(el) || (el.parentElement && past(el.parentElement) >= by)) continue;
    if (!worst || by > worst.by) worst = {el, by};
  }
  if (!worst) return "?";
  const el = worst.el;
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    [...el.classList].map((c) => "." + c).join("");
  return `${name} (${Math.round(el.getBoundingClientRect().width)} px: ${el.textContent.trim().slice(0, 40)})`;
}"""


@pytest.fixture
def full_demo(demo_site):
    """The live demo with what `make demo` loads, and the pages to open: the organiser's walk, the agent's desk."""
    from caravans.demo import load_demo_users
    from certificates.services import issue_all
    from onsite.demo import load_demo_attendance
    from onsite.groups.demo import load_demo_groups
    from programmes.services import load_catalogue
    from projects.demo import load_demo_projects
    from registration.demo import load_demo_registrations
    from surveys.demo import load_demo_surveys

    caravan = demo_site.caravan
    load_demo_users(caravan, password="pw")
    load_demo_registrations(caravan)
    load_demo_groups(caravan)
    load_demo_attendance(caravan)
    load_catalogue()
    load_demo_projects(caravan)
    load_demo_surveys(caravan)
    issue_all(caravan, None)
    organiser = Client()
    organiser.force_login(get_user_model().objects.get(username="organiser"))
    demo_site.pages = walk(organiser, visits=1).pages  # read now: no ORM once the browser runs
    return demo_site


def test_every_staff_page_fits_a_phone_in_arabic(full_demo, new_page):
    page = new_page(viewport=PHONE)
    too_wide = []

    def check(path, shot):
        page.goto(full_demo.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{path}: {width} px, from {page.evaluate(WIDEST)}")
            save_screenshot(page, f"narrow-{shot}.png")

    log_in(page, full_demo.url, "organiser")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    for number, path in enumerate(full_demo.pages):
        check(path, number)
    page.context.clear_cookies()
    log_in(page, full_demo.url, "agent")
    check(f"/staff/caravans/{full_demo.caravan.slug}/check-in/", "agent-checkin")
    assert len(full_demo.pages) > 50  # the walk went through the staff area, not just its home
    assert not too_wide, "Pages wider than a 360 px phone:\n" + "\n".join(too_wide)
