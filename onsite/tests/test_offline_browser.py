"""Issue 15's "done means", in two real chromiums at 360 px in Arabic: two agents prepare their phones for the
day, lose the network, scan overlapping badges (typed as a USB scanner does), find someone by name, mark a
door scan and register a walk-in; back online, their phones sync, the server holds each person once and both
agents see the badge they both scanned; an organiser revokes one phone, whose next sync wipes its roster."""

import datetime
import os
import re
from contextlib import contextmanager
from unittest import mock

import pytest
from django.utils import timezone

from core.tests.browser import DESKTOP, horizontal_overflow, log_in, save_screenshot
from core.tests.i18n import ar

pytestmark = pytest.mark.browser

PAGE = "/staff/caravans/tanger-2025/offline/"
DATABASE = "qafila-offline/tanger-2025"
WALK_IN_CIN = "LB112233"


@contextmanager
def database():
    """The ORM from the test's thread while Playwright's event loop idles there (see core.tests.jobs)."""
    with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
        yield


@pytest.fixture
def site(demo_site):
    """The demo caravan moved to start today, with its users, its registrations, a second agent, a training
    that takes attendance all day, and four accepted participants to scan; read before the browsers start."""
    from django.contrib.auth import get_user_model

    from caravans.demo import load_demo_users
    from caravans.models import Day, Session, StaffAssignment
    from core.text import fold
    from people.models import SoulaliyateCommunity
    from registration.demo import load_demo_registrations
    from registration.models import Registration

    caravan = demo_site.caravan
    load_demo_users(caravan, password="pw")
    second = get_user_model().objects.create_user("agent2", password="pw", first_name="خديجة")
    StaffAssignment.objects.create(user=second, caravan=caravan, role="agent")
    load_demo_registrations(caravan)
    shift = timezone.localdate() - caravan.start_date
    for day in Day.objects.filter(caravan=caravan).order_by("-date" if shift.days > 0 else "date"):
        day.date += shift
        day.save()
    caravan.start_date += shift
    caravan.end_date += shift
    caravan.save()
    training = Session.objects.create(
        day=Day.objects.get(caravan=caravan, date=caravan.start_date),
        kind=Session.Kind.TRAINING,
        title_ar="التدبير المالي للتعاونية",
        title_fr="Gestion financière de la coopérative",
        starts_at=datetime.time(0, 0),
        ends_at=datetime.time(23, 59),
    )
    accepted = Registration.objects.accepted().filter(caravan=caravan).select_related("person")
    names = {}
    for registration in accepted:
        names.setdefault(registration.person.full_name_ar, []).append(registration)
    unique = [found[0] for found in names.values() if len(found) == 1]
    folded = [fold(r.person.full_name_ar) for r in accepted]
    # D is found by name: nobody else's name holds theirs.
    found_by_name = next(r for r in unique[3:] if sum(fold(r.person.full_name_ar) in f for f in folded) == 1)
    # A and B are scanned on both phones, C on phone 2 (and at a session's door on phone 1), D on phone 1.
    demo_site.people = [*unique[:3], found_by_name]
    demo_site.accepted = len(folded)
    # The walk-in's community, one whose members' list is not loaded (so the rules take her word for it).
    community = SoulaliyateCommunity.objects.filter(
        province__region=caravan.region, members_list_loaded_at=None
    ).select_related("province")[0]
    demo_site.walk_in_place = (community.province.name_ar, community.name_ar)
    demo_site.training = training
    demo_site.day = caravan.start_date
    return demo_site


def prepare(page, site, username, label):
    page.set_default_timeout(30_000)  # two phones' chromiums on a shared machine
    log_in(page, site.url, username)
    page.goto(site.url + PAGE)
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
    page.fill("#offline-label", label)
    page.get_by_role("button", name=ar("Prepare this phone for the day")).click()
    page.locator("[data-prepared]").wait_for()
    assert page.locator("[data-network]").inner_text() == ar("Online")


def scan(page, code):
    """A USB scanner: the code typed into the focused box, then Enter."""
    page.keyboard.type(code)
    page.keyboard.press("Enter")


def screenshot(page, name):
    """The whole page, seen from its top (the status bar sticks to the top of the screen)."""
    page.evaluate("window.scrollTo(0, 0)")
    save_screenshot(page, name)


def waiting(page, count):
    """Wait until the status bar says `count` scans wait (it is updated once they are stored)."""
    page.locator("[data-waiting]").filter(has_text=re.compile(f"^{count}$")).wait_for()


def synced(page):
    waiting(page, 0)
    page.locator("[data-history] [data-state=waiting]").first.wait_for(state="detached")


def stored(page):
    """How many records this phone's IndexedDB holds (roster, queue, device), and how many caches it keeps."""
    return page.evaluate(
        """async name => {
        const known = (await indexedDB.databases()).some(d => d.name === name);
        let records = 0;
        if (known) {
          const db = await new Promise((ok, ko) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = ko; });
          for (const store of db.objectStoreNames) {
            records += await new Promise(ok => { const r = db.transaction(store).objectStore(store).count(); r.onsuccess = () => ok(r.result); });
          }
          db.close();
        }
        return {records, caches: (await caches.keys()).filter(k => k.startsWith(name + "/")).length};
      }""",
        DATABASE,
    )


def test_two_phones_check_in_offline_and_the_server_counts_each_person_once(site, new_page):
    a, b, c, d = (r.badge_code for r in site.people)
    d_name = site.people[3].person.full_name_ar
    one, two = new_page(), new_page()
    prepare(one, site, "agent", "هاتف أمينة")
    prepare(two, site, "agent2", "هاتف خديجة")
    assert f" {site.accepted}،" in one.locator("[data-prepared]").inner_text()
    assert stored(one)["records"] > site.accepted and stored(one)["caches"] == 1
    assert one.evaluate("document.documentElement.dir") == "rtl" and horizontal_overflow(one) <= 0
    screenshot(one, "offline-prepared-ar-360.png")

    # The network goes: the page opens again from the phone itself, and says so.
    for page in (one, two):
        page.context.set_offline(True)
    one.reload()
    one.locator("[data-prepared]").wait_for()
    assert one.evaluate("navigator.serviceWorker.controller !== null")  # served by the page's worker
    assert one.locator("[data-network]").inner_text() == ar("No network: the scans wait on this phone")

    # Phone 1 scans A and B; phone 2 scans B (later), A and C: A and B on both phones.
    scan(one, a)
    one.locator('#result [data-kind="checked_in"]').wait_for()
    scan(one, b.lower())
    scan(two, b)
    scan(two, a)
    scan(two, c)
    # The same badge again on the same phone: said at once, not queued twice.
    scan(one, a)
    one.locator('#result [data-kind="already_here"]').wait_for()
    # D by name, as heard (no hamza, ه for ة), then the person's button.
    heard = d_name.replace("أ", "ا").replace("إ", "ا").replace("ة", "ه")
    scan(one, heard)
    person = one.locator("#result .found li", has_text=d_name)
    person.get_by_role("button", name=ar("Check in")).click()
    one.locator('#result [data-kind="checked_in"]', has_text=d_name).wait_for()
    # At the training's door, phone 1 scans C's badge.
    one.get_by_role("button", name=ar("Attendance at a session")).click()
    one.select_option("[data-session]", str(site.training.pk))
    scan(one, c)
    one.locator('#result [data-kind="present"]').wait_for()
    waiting(one, 4)
    waiting(two, 3)
    assert horizontal_overflow(one) <= 0
    screenshot(one, "offline-scans-waiting-ar-360.png")

    # Phone 2 registers a walk-in without network.
    two.get_by_role("button", name=ar("Register a walk-in")).click()
    two.fill("#walkin_full_name_ar", "سعاد الإدريسي")
    two.fill("#walkin_full_name_latin", "Souad Idrissi")
    two.fill("#walkin_cin", WALK_IN_CIN)
    two.check("input[name=sex][value=female]")
    two.fill("#walkin_birth_date", "12/03/1990")
    two.fill("#walkin_phone", "0612345678")
    province, community = site.walk_in_place
    two.fill("#walkin_province", province)
    two.fill("#walkin_community", community)
    two.check("input[name=profile][value=project_holder]")
    two.fill("#walkin_project_idea", "تربية النحل")
    two.check("#walkin_consent")
    two.get_by_role("button", name=ar("Register the walk-in")).click()
    two.locator('#result [data-kind="walk_in"]').wait_for()
    waiting(two, 4)
    assert horizontal_overflow(two) <= 0
    screenshot(two, "offline-walk-in-queued-ar-360.png")

    # Back online, phone 2 first: its B is recorded, until phone 1's earlier scan of B arrives.
    two.context.set_offline(False)
    synced(two)
    one.context.set_offline(False)
    synced(one)
    two.get_by_role("button", name=ar("Send now")).click()  # phone 2 hears of phone 1's earlier scans
    for page in (one, two):
        conflicts = page.locator("[data-history] [data-state=conflict]")
        conflicts.first.wait_for()
        assert conflicts.count() == 2  # A and B
        assert ar("Also scanned on another phone: counted once, at %(time)s").split(":")[0] in (
            conflicts.first.inner_text()
        )
    walk_in = two.locator("[data-history] li", has_text="سعاد الإدريسي")
    screenshot(one, "offline-synced-conflicts-phone1-ar-360.png")
    screenshot(two, "offline-synced-conflicts-phone2-ar-360.png")

    with database():
        from onsite.models import CheckIn, SessionAttendance
        from onsite.offline.models import Device
        from registration.models import Decision, Registration

        phone_one = Device.objects.get(label="هاتف أمينة")
        for registration in site.people:
            checkins = CheckIn.objects.active().filter(registration=registration, day=site.day)
            assert checkins.count() == 1, registration.person.full_name_ar
        for registration in site.people[:2]:  # phone 1 scanned A and B first: its scans are the check-ins
            assert (
                CheckIn.objects.active().get(registration=registration, day=site.day).device_id
                == phone_one.pk
            )
        assert (
            SessionAttendance.objects.filter(session=site.training, registration=site.people[2]).count() == 1
        )
        walked_in = Registration.objects.get(caravan=site.caravan, person__cin=WALK_IN_CIN)
        assert walked_in.decision == Decision.ACCEPTED, walked_in.reasons  # by the caravan's rules
        assert CheckIn.objects.active().filter(registration=walked_in, day=site.day).count() == 1
        before = CheckIn.objects.count()
    assert ar("Accepted and checked in: badge %(code)s", code=walked_in.badge_code) in walk_in.inner_text()

    # Sending again records nothing new.
    one.get_by_role("button", name=ar("Send now")).click()
    synced(one)
    with database():
        assert CheckIn.objects.count() == before

    # An organiser revokes phone 2 from the devices page; its next sync wipes the list and the queue.
    office = new_page(viewport=DESKTOP)
    log_in(office, site.url, "organiser")
    office.goto(site.url + "/staff/caravans/tanger-2025/devices/")
    office.locator("tr", has_text="هاتف خديجة").get_by_role("button", name=ar("Revoke")).click()
    office.locator("tr", has_text="هاتف خديجة").locator("form").wait_for(state="detached")
    save_screenshot(office, "offline-devices-revoked-ar.png")
    two.get_by_role("button", name=ar("Send now")).click()
    two.locator("[data-prepare]").wait_for()
    assert ar("This phone's list and waiting scans were erased.") in two.locator("[data-notice]").inner_text()
    assert stored(two) == {"records": 0, "caches": 0}
    assert stored(one)["records"] > site.accepted  # the other phone keeps its own
    screenshot(two, "offline-wiped-ar-360.png")

    # Phone 1's agent logs out: nothing of the caravan stays on the phone.
    with one.expect_navigation():
        one.get_by_role("button", name=ar("Log out")).click()
    assert stored(one) == {"records": 0, "caches": 0}
