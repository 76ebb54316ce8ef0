"""Issue #11's "done means": a new caravan run by its team in a real chromium, only by clicking from /staff/.

The national coordinator creates the caravan of Chefchaouen and invites its organiser; the organiser builds the
team (an agent invited, a trainer who has an account) and the programme, and opens registration; five people
register on their phones in Arabic and one finds her status; the organiser imports a list with the name in two
columns; on the first day the agent checks people in, the trainer marks their session and opens a participant's
project, the organiser corrects a name and reprints the badge, issues the certificates and opens the report.

Then issue #14's, on the same caravan three months after its last day: the organiser gives the follow-up contact
due to the agent, who calls from their phone (once without an answer, then with the court registration and an
application for financing); the project's page shows its timeline; the organiser fills in the caravan's account
(a budget line, observations, a photo); the trainer drafts the project's story with the holder's consent and the
organiser publishes it on the public page; the report's funnel counts the cooperative and divides the cost.

The only addresses typed are the login page (which leads to /staff/), the public home page and the one-time links
the team page shows. The live server runs in this process, so moving the clock (time_machine) moves the server's
too.
"""

import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.utils import dateformat, timezone, translation
from PIL import Image

from caravans.models import months_after
from core.i18n import amount
from core.tests.browser import DESKTOP, PHONE, horizontal_overflow, log_in, save_screenshot
from core.tests.i18n import ar
from core.tests.jobs import run_jobs_once_queued
from documents.testing import pages_text

pytestmark = pytest.mark.browser

PASSWORD = "Chaouen-Zitoun-2026"
CASABLANCA = ZoneInfo("Africa/Casablanca")
TITLE_AR, TITLE_FR = "القافلة الدراسية لشفشاون", "Caravane d'étude de Chefchaouen"
COMMUNITY = "الجماعة السلالية بني أحمد"
# Who registers on the public form: Arabic name, CIN, date of birth, phone.
PEOPLE = [
    ("نعيمه الحمدوشي", "LA120001", "12/03/1990", "0612000001"),  # a slip: ه for ة, corrected later
    ("سعاد الخمليشي", "LA120002", "05/07/1985", "0612000002"),
    ("حليمة البقالي", "LA120003", "21/01/1979", "0612000003"),
    ("زينب العمراني", "LA120004", "30/09/1995", "0612000004"),
    ("مريم الطاهري", "LA120005", "17/11/1988", "0612000005"),
]
CORRECTED = "نعيمة الحمدوشي"
# The list an organiser brings: family name and given name in two columns, as many administrations write it.
LIST = [
    ("الاسم العائلي", "الاسم الشخصي", "رقم البطاقة الوطنية", "الجنس", "تاريخ الازدياد", "الهاتف",
     "العمالة أو الإقليم", "الجماعة السلالية", "الصفة", "فكرة المشروع"),
    ("الوزاني", "خديجة", "LA130001", "أنثى", "14/02/1987", "0661300001", "شفشاون", COMMUNITY, "حاملة مشروع",
     "تقطير ماء الورد"),
    ("الريفي", "رحمة", "LA130002", "أنثى", "03/06/1992", "0661300002", "شفشاون", COMMUNITY, "حاملة مشروع",
     "نسج الزرابي"),
    ("العلمي", "فاطمة الزهراء", "LA130003", "أنثى", "25/12/1983", "0661300003", "شفشاون", COMMUNITY,
     "حاملة مشروع", "جبن الماعز"),
]  # fmt: skip
# The same people as the registry writes them: the given name first.
IMPORTED = ["خديجة الوزاني", "رحمة الريفي", "فاطمة الزهراء العلمي"]
PROJECT = "تقطير ماء الورد"  # Khadija's idea, from the list: her project's title


def ar_n(singular, plural, count, **values):
    """The Arabic wording of a sentence with a count, as the pages show it."""
    with translation.override("ar"):
        return translation.ngettext(singular, plural, count) % {"count": count, "counter": count, **values}


def ar_date(day, pattern):
    """A date as an Arabic page writes it with the template filter `date:pattern`."""
    with translation.override("ar"):
        return dateformat.format(day, pattern)


@pytest.fixture
def site(demo_site, tmp_path):
    """The demo (a national coordinator, a trainer of Tangier with an account), a list to import, the dates."""
    from caravans.demo import load_demo_users
    from places.models import Province, Region
    from programmes.models import SupportProgramme
    from programmes.services import load_catalogue
    from projects.followup.worklist import step_labels

    load_demo_users(demo_site.caravan, password="pw")
    # Read now: the ORM is off limits once the browser runs.
    demo_site.region = Region.objects.get(code="MA-01").name_ar  # Tanger-Tétouan-Al Hoceïma
    demo_site.province = str(Province.objects.get(name_fr="Chefchaouen").pk)
    demo_site.start = timezone.localdate() + datetime.timedelta(days=3)  # a caravan of two days, soon
    demo_site.slug = f"chefchaouen-{demo_site.start.year}"
    # The support programmes' catalogue, as every installation loads it: a holder applies to one of them.
    load_catalogue()
    with translation.override("ar"):
        demo_site.programme = str(SupportProgramme.objects.get(key="indh_ariej").name)
    steps = step_labels("ar")
    demo_site.court_step, demo_site.odco_step = steps["local_register"], steps["central_register"]
    demo_site.photo = tmp_path / "yawm-awwal.jpg"  # a photo of the first day, as a phone takes it
    Image.new("RGB", (1200, 900), (196, 120, 90)).save(demo_site.photo, "JPEG")
    book = openpyxl.Workbook()
    for row in LIST:
        book.active.append(row)
    demo_site.list = tmp_path / "liste-chefchaouen.xlsx"
    book.save(demo_site.list)
    return demo_site


def click(page, name, *, within=None, exact=True):
    """Follow a link or press a button by what it says, and wait for the next page."""
    scope = within or page
    target = scope.get_by_role("link", name=name, exact=exact).or_(
        scope.get_by_role("button", name=name, exact=exact)
    )
    with page.expect_navigation():
        target.first.click()


def message(page):
    return page.locator(".messages").inner_text()


def to_hub(page, title=TITLE_AR):
    """From anywhere in the staff area: the staff home, then the caravan's hub."""
    click(page, ar("Staff area"))
    click(page, title, within=page.locator("article.card", has_text=title))
    assert page.locator("h1").inner_text() == title


def one_time_link(page):
    link = page.locator("#one-time-link").inner_text().strip()
    assert link.startswith("http") and "/accounts/set-password/" in link
    return link


def set_password_and_log_in(page, link, username):
    """A new member opens the link they were given, chooses a password, then logs in."""
    page.goto(link)
    assert page.locator("h1").inner_text() == ar("Choose your password")
    assert username in page.locator("main").inner_text()
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    click(page, ar("Save my password"))
    assert page.locator("h1").inner_text() == ar("Your password is saved")
    click(page, ar("Log in"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    click(page, ar("Log in"))
    assert page.url.endswith("/staff/")


def checklist_done(page, step):
    return "✓" in page.locator(f"li[data-step={step}]").inner_text()


def test_a_new_caravan_is_run_by_its_team_only_by_clicking(site, new_page, time_machine):
    start, end = site.start, site.start + datetime.timedelta(days=1)

    # 1. The national coordinator creates the caravan, opens its hub and invites its organiser.
    coordinator = new_page(viewport=DESKTOP)
    log_in(coordinator, site.url, "coordinator")
    click(coordinator, ar("New caravan"))
    coordinator.fill("#id_slug", site.slug)
    coordinator.fill("#id_title_ar", TITLE_AR)
    coordinator.fill("#id_title_fr", TITLE_FR)
    coordinator.select_option("#id_region", label=site.region)
    coordinator.fill("#id_city_ar", "شفشاون")
    coordinator.fill("#id_city_fr", "Chefchaouen")
    coordinator.fill("#id_start_date", start.isoformat())
    coordinator.fill("#id_end_date", end.isoformat())
    coordinator.fill("#id_capacity", "30")
    click(coordinator, ar("Create the caravan"))
    assert message(coordinator) == ar("The caravan was created as a draft. Now add its programme.")
    to_hub(coordinator)
    assert coordinator.locator(".phases [aria-current=step]").inner_text() == ar("Draft")
    assert not checklist_done(coordinator, "team")
    click(coordinator, ar("Team"))
    invite = coordinator.locator("form[action*='/team/invite/']")
    invite.locator("[name=full_name]").fill("سلمى الإدريسي")
    invite.locator("[name=username]").fill("salma")
    invite.locator("[name=role]").select_option("organiser")
    click(coordinator, ar("Create the account and add it"))
    organiser_link = one_time_link(coordinator)

    # 2. The organiser sets her password, builds the team and the programme, and opens registration.
    organiser = new_page(viewport=DESKTOP)
    set_password_and_log_in(organiser, organiser_link, "salma")
    to_hub(organiser)
    click(organiser, ar("Team"))
    invite = organiser.locator("form[action*='/team/invite/']")
    assert invite.locator("[name=role] option").all_inner_texts() == [ar("Trainer"), ar("Check-in agent")]
    invite.locator("[name=full_name]").fill("يوسف البقالي")
    invite.locator("[name=username]").fill("youssef")
    invite.locator("[name=role]").select_option("agent")
    click(organiser, ar("Create the account and add it"))
    agent = new_page()  # the agent's phone: the link is passed on by SMS
    set_password_and_log_in(agent, one_time_link(organiser), "youssef")
    click(organiser, ar("Back"))
    add = organiser.locator("form[action*='/team/add/']")
    add.locator("[name=username]").fill("trainer")
    add.locator("[name=role]").select_option("trainer")
    click(organiser, ar("Add to the team"))
    said = {"name": "Formateur ODCO", "role": ar("Trainer")}
    assert message(organiser) == ar("Added to the team: %(name)s (%(role)s).", **said)
    team = organiser.locator("table").inner_text()
    assert all(name in team for name in ["سلمى الإدريسي", "يوسف البقالي", "Formateur ODCO"])

    to_hub(organiser)
    assert checklist_done(organiser, "team") and not checklist_done(organiser, "programme")
    click(organiser, ar("Programme"))
    click(organiser, ar("Add a speaker or trainer"))
    organiser.fill("#id_role_ar", "مكون في التسويق")
    organiser.fill("#id_role_fr", "Formateur en commercialisation")
    organiser.select_option("#id_user", label="Formateur ODCO")
    click(organiser, ar("Save"))
    days = organiser.locator("#programme article.card")
    assert days.count() == 2  # one day per date, made with the caravan
    for day, (title_ar, title_fr, speaker) in enumerate(
        [("تسويق المنتوجات المحلية", "Commercialiser les produits du terroir", True),
         ("تأسيس التعاونية خطوة بخطوة", "Fonder sa coopérative pas à pas", False)]
    ):  # fmt: skip
        click(organiser, ar("Add a session to this day"), within=days.nth(day))
        organiser.fill("#id_title_ar", title_ar)
        organiser.fill("#id_title_fr", title_fr)
        if speaker:
            organiser.get_by_label("مكون في التسويق", exact=False).check()
        click(organiser, ar("Save"))
        assert title_ar in days.nth(day).inner_text()
    assert "Formateur ODCO" in organiser.locator("#speakers").inner_text()

    click(organiser, ar("Settings and status"))
    registration_open = ar("Registration open")
    click(organiser, ar("Move to: %(label)s", label=registration_open))
    public = ar("The caravan's page and programme become public: anyone with the address can see them.")
    assert public in organiser.locator("main").inner_text()  # what the move will do, to confirm
    click(organiser, ar("Move to: %(label)s", label=registration_open))
    assert message(organiser) == ar("Status: %(status)s.", status=registration_open)
    to_hub(organiser)
    assert organiser.locator(".phases [aria-current=step]").inner_text() == ar("Registration")
    assert checklist_done(organiser, "programme") and checklist_done(organiser, "registration")

    # 3. Five people register on their phones, in Arabic; each gets a reference, and one looks up her status.
    phone = new_page()
    references = []
    for name, cin, born, number in PEOPLE:
        phone.context.clear_cookies()  # another person's phone
        phone.goto(site.url + "/")
        click(phone, TITLE_AR)
        click(phone, ar("Register"))
        phone.fill("#id_full_name_ar", name)
        phone.fill("#id_cin", cin)
        phone.check("#id_sex_0")
        phone.fill("#id_birth_date", born)
        phone.fill("#id_phone", number)
        phone.select_option("#id_province", site.province)
        phone.fill("#id_community", COMMUNITY)
        phone.check("#id_profile_1")
        phone.fill("#id_project_idea", "تربية النحل وبيع العسل")
        phone.check("#id_consent")
        click(phone, ar("Send my registration"))
        assert phone.get_by_text(ar("You are accepted.")).is_visible()
        references.append(phone.locator(".reference .code").inner_text().strip())
        assert horizontal_overflow(phone) <= 0
    save_screenshot(phone, "real-caravan-registered-ar-360.png")
    assert len(set(references)) == 5 and all(ref.startswith("QF-") for ref in references)

    phone.context.clear_cookies()  # days later, Naima finds her registration again
    phone.goto(site.url + "/")
    click(phone, TITLE_AR)
    click(phone, ar("Already registered? See your registration"))
    phone.fill("#id_code", references[0])
    phone.fill("#id_birth_date", PEOPLE[0][2])
    click(phone, ar("See my registration"))
    assert phone.get_by_text(ar("You are accepted.")).is_visible()
    badge_code = phone.locator("[aria-labelledby=badge-title] .code").inner_text().strip()
    assert badge_code and phone.locator("svg.qr").is_visible()
    assert horizontal_overflow(phone) <= 0
    save_screenshot(phone, "real-caravan-status-ar-360.png")

    # 4. The organiser imports a list with the family and given names in two columns: preview, then import.
    to_hub(organiser)
    click(organiser, ar("Import a list"))
    organiser.set_input_files("input[type=file]", site.list)
    click(organiser, ar("Preview the import"))
    run_jobs_once_queued()  # the worker reads the list; the page follows its progress and shows the preview
    organiser.get_by_text(ar("Nothing has been saved yet.")).wait_for()
    rows = organiser.locator("table.import-rows").inner_text()
    assert all(name in rows for name in IMPORTED)
    new = f"{ar('New registration')}: 3"
    assert new in organiser.locator(".counts").first.inner_text()
    click(organiser, ar("Import these rows"))
    run_jobs_once_queued()
    organiser.locator("h1", has_text=ar("Import done")).wait_for()
    assert new in organiser.locator(".counts").first.inner_text()
    assert f"{ar('Accepted')}: 3" in organiser.locator(".counts").nth(1).inner_text()

    # The first day of the caravan, in the morning.
    time_machine.move_to(datetime.datetime.combine(start, datetime.time(8, 30), CASABLANCA))

    # 5. The agent checks people in: Naima by the code on her phone's screen, two others found by name.
    click(agent, ar("Check-in"), within=agent.locator("article.card", has_text=TITLE_AR))
    assert agent.locator(".day").inner_text() == ar("Today, %(day)s", day=ar_date(start, "l j F"))
    agent.fill("[name=q]", badge_code)
    agent.press("[name=q]", "Enter")
    agent.locator('#result [data-kind="checked_in"]', has_text=PEOPLE[0][0]).wait_for()
    for name in [IMPORTED[0], PEOPLE[1][0]]:
        agent.fill("[name=q]", name)
        agent.press("[name=q]", "Enter")
        found = agent.locator("#result .found li", has_text=name)
        found.get_by_role("button", name=ar("Check in")).click()
        agent.locator('#result [data-kind="checked_in"]', has_text=name).wait_for()
    count = ar_n("%(counter)s person checked in on %(day)s", "%(counter)s people checked in on %(day)s", 3,
                 day=ar_date(start, "j F"))  # fmt: skip
    assert agent.locator("p.count").inner_text() == count
    assert horizontal_overflow(agent) <= 0
    save_screenshot(agent, "real-caravan-checkin-ar-360.png")

    # 6. The trainer marks their session: everyone who arrived at the venue is in the room.
    trainer = new_page()
    log_in(trainer, site.url, "trainer")
    click(trainer, ar("Session attendance"), within=trainer.locator("article.card", has_text=TITLE_AR))
    assert trainer.get_by_text("تأسيس التعاونية خطوة بخطوة").count() == 0  # not their session
    click(trainer, ar("Mark attendance"))
    click(trainer, ar("All present"))
    assert message(trainer) == ar_n("%(count)d person marked present.", "%(count)d people marked present.", 3)
    tally = "Present: %(present)s of %(expected)s expected. Arrived at the venue that day: %(arrived)s."
    assert trainer.locator(".tally").inner_text() == ar(tally, present=3, expected=8, arrived=3)

    # 7. Between two sessions the trainer opens Khadija's project on their phone: from her registration, its idea
    # as she gave it becomes the title; she writes the first part of its canvas with the trainer, and the dossier
    # prints with her name.
    to_hub(trainer)
    click(trainer, ar("Projects"))
    click(trainer, ar("New project"))
    trainer.select_option("#id_registration", label=IMPORTED[0])
    click(trainer, ar("Create and open the canvas"))
    trainer.locator("textarea").fill("نساء الجماعة يقطفن الورد البلدي ولا يبعنه إلا طريا بثمن زهيد.")
    click(trainer, ar("Save and continue"))
    click(trainer, PROJECT)
    assert trainer.locator("h1").inner_text() == PROJECT
    assert horizontal_overflow(trainer) <= 0
    save_screenshot(trainer, "real-caravan-project-ar-360.png")
    dossier = trainer.get_by_role("link", name=ar("Project dossier (PDF)"))
    response = trainer.request.get(site.url + dossier.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = " ".join(pages_text(response.body()))
    assert PROJECT in text and IMPORTED[0] in text

    # 8. The organiser corrects Naima's name from her registration and reprints her badge.
    to_hub(organiser)
    click(organiser, ar("Registrations"))
    click(organiser, PEOPLE[0][0])
    click(organiser, ar("Correct the person (name, CIN, phone…)"))
    organiser.fill("#id_full_name_ar", CORRECTED)
    click(organiser, ar("Save the corrections"))
    shown = organiser.locator("main").inner_text()
    assert CORRECTED in shown and PEOPLE[0][0] not in shown
    badge = organiser.get_by_role("link", name=ar("Print the badge again"))
    response = organiser.request.get(site.url + badge.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = " ".join(pages_text(response.body()))
    assert CORRECTED in text and PEOPLE[0][0] not in text and badge_code in text

    # 9. Certificates, a day before the end (one day present earns one at this stop), then the report.
    to_hub(organiser)
    click(organiser, ar("Certificates"))
    organiser.fill("#id_min_days", "1")
    click(organiser, ar("Save the rule"))
    assert message(organiser) == ar("The rule is saved.")
    click(organiser, ar("Issue the certificates"))
    assert organiser.locator("h1").inner_text() == ar("Issue the certificates now?")
    assert ar("Today is day %(day)s of %(days)s: the caravan is not over.", day=1, days=2) in (
        organiser.locator("main").inner_text()
    )
    click(organiser, ar("Issue the certificates now"))
    assert message(organiser) == ar("Certificates issued: %(count)d.", count=3)
    earners = organiser.locator(".people > li").filter(has=organiser.locator("div.earned"))
    assert sorted(earners.locator(".name").all_inner_texts()) == sorted(
        [CORRECTED, IMPORTED[0], PEOPLE[1][0]]
    )

    to_hub(organiser)
    assert organiser.locator(".phases [aria-current=step]").inner_text() == ar("The days")
    assert checklist_done(organiser, "certificates")
    click(organiser, ar("Report"))
    assert organiser.locator("h1").inner_text().startswith(ar("Caravan report"))
    figures = {
        label: organiser.locator(".headlines li", has_text=label).locator(".value").inner_text()
        for label in [ar("Registrations"), ar("Participants (accepted)"), ar("Came at least one day")]
    }
    assert list(figures.values()) == ["8", "8", "3"]
    save_screenshot(organiser, "real-caravan-report-ar-desktop.png")

    # After the caravan (issue #14): its projects followed to their outcomes, its account, a story, the funnel.
    # 10. Three months and a day after the last day. The sessions have long expired: the organiser logs in again,
    # opens the follow-up from the hub (which plans the contacts at 3, 6 and 12 months) and gives the one due now
    # to the agent.
    due = months_after(end, 3)
    time_machine.move_to(
        datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time(10), CASABLANCA)
    )
    log_in(organiser, site.url, "salma", PASSWORD)
    to_hub(organiser)
    assert organiser.locator(".phases [aria-current=step]").inner_text() == ar("After")
    click(organiser, ar("Follow-up after the caravan"))
    tabs = organiser.locator("ul.tabs").inner_text()
    assert f"{ar('To contact now')}: 1" in tabs and f"{ar('Coming')}: 2" in tabs
    row = organiser.locator("ul.contacts > li", has_text=PROJECT)
    row.get_by_label(ar("Choose this contact")).check()
    organiser.select_option("#id_user", label="يوسف البقالي")
    click(organiser, ar("Give the chosen contacts"))
    assert message(organiser) == ar("Contacts given out: %(count)s.", count=1)
    assert f"{ar('in charge:')} يوسف البقالي" in row.inner_text()
    save_screenshot(organiser, "real-caravan-follow-up-organiser-ar-desktop.png")

    # 11. The agent, on their phone, sees only the contact in their charge and Khadija's number to call. No
    # answer the first time; the next day she says the cooperative is registered at the court and has applied
    # to a programme.
    log_in(agent, site.url, "youssef", PASSWORD)
    to_hub(agent)
    click(agent, ar("Follow-up after the caravan"))
    assert agent.get_by_text(ar("The contacts put in your charge.")).is_visible()
    mine = agent.locator("ul.contacts > li")
    assert mine.count() == 1 and PROJECT in mine.inner_text() and IMPORTED[0] in mine.inner_text()
    call = mine.locator("a.call")
    assert call.get_attribute("href") == "tel:+212661300001" and "06 61 30 00 01" in call.inner_text()
    assert horizontal_overflow(agent) <= 0
    save_screenshot(agent, "real-caravan-follow-up-ar-360.png")
    click(agent, ar("Record the contact"))
    assert agent.locator("h1").inner_text() == PROJECT
    assert agent.locator("a.call").get_attribute("href") == "tel:+212661300001"
    click(agent, ar("Not reached: note one more attempt"))
    assert message(agent) == ar("The contact was recorded.")
    assert ar_n("%(counter)s attempt", "%(counter)s attempts", 1) in mine.inner_text()

    time_machine.move_to(
        datetime.datetime.combine(due + datetime.timedelta(days=2), datetime.time(11), CASABLANCA)
    )
    click(agent, ar("Record the contact"))
    founding = agent.locator("#section-founding")
    founding.locator("summary").click()
    agent.select_option("#id_step", label=site.court_step)
    founding.get_by_label(ar("Completed")).check()
    agent.fill("#id_reference", "RC-CHF-118")
    agent.fill("#id_step_on", (due - datetime.timedelta(days=12)).isoformat())
    financing = agent.locator("#section-financing")
    financing.locator("summary").click()
    agent.select_option("#id_programme", label=site.programme)
    financing.get_by_label(ar("Applied for")).check()
    agent.fill("#id_evidence", "وصل الإيداع بالمحكمة")
    assert horizontal_overflow(agent) <= 0
    save_screenshot(agent, "real-caravan-outcome-ar-360.png")
    click(agent, ar("Save the contact"))
    assert message(agent) == ar("The contact was recorded.")
    assert agent.locator("ul.contacts").inner_text() == ar("No contact here.")  # nothing left to call

    # 12. The organiser opens Khadija's project: its timeline says what the agent heard, and what is planned next.
    to_hub(organiser)
    click(organiser, ar("Projects"))
    click(organiser, PROJECT)
    timeline = organiser.locator("ol.timeline").inner_text()
    assert ar("Contact made") in timeline
    assert ar_n("%(counter)s attempt", "%(counter)s attempts", 2) in timeline
    assert site.court_step in timeline and "RC-CHF-118" in timeline and ar("Completed") in timeline
    assert site.programme in timeline and ar("Applied for") in timeline
    assert ar("recorded by %(who)s", who="يوسف البقالي") in timeline
    planned = organiser.locator("section[aria-labelledby=follow-up-title] ul").inner_text()
    assert all(ar_n("%(counter)s month after", "%(counter)s months after", n) in planned for n in (6, 12))
    blocking = organiser.locator("p.card", has_text=ar("Blocking now:")).inner_text()
    assert site.odco_step in blocking  # the step after the court's, now that the cooperative is registered
    save_screenshot(organiser, "real-caravan-project-timeline-ar-desktop.png")

    # 13. The organiser fills in the caravan's account: what the venue and meals cost, what was seen, a photo.
    to_hub(organiser)
    click(organiser, ar("The caravan's account"))
    organiser.select_option("#id_category", label=ar("Venue"))
    organiser.fill("#id_label", "قاعة دار الشباب ووجبات اليومين")
    organiser.fill("#id_planned_mad", "30 000")
    organiser.fill("#id_spent_mad", "24000")
    click(organiser, ar("Add the line"))
    assert message(organiser) == ar("The budget line was added.")
    organiser.fill("#id_observations", "حضور جيد في اليوم الأول، وغياب في اليوم الثاني بسبب موسم جني الورد.")
    organiser.fill("#id_recommendations", "تفادي موسم الجني في القوافل المقبلة.")
    click(organiser, ar("Save the observations and recommendations"))
    assert message(organiser) == ar("The observations and recommendations were saved.")
    organiser.set_input_files("#id_image", site.photo)
    organiser.fill("#id_caption", "ورشة التسويق")
    organiser.select_option("#id_day", label=ar_date(start, "l j F Y"))
    click(organiser, ar("Add the photo"))
    assert message(organiser) == ar("The photo was added.")
    photo = organiser.locator(".account-photos img")
    assert photo.count() == 1 and photo.evaluate("img => img.naturalWidth") > 0
    save_screenshot(organiser, "real-caravan-account-ar-desktop.png")
    organiser.set_viewport_size(PHONE)
    assert horizontal_overflow(organiser) <= 0
    organiser.set_viewport_size(DESKTOP)

    # 14. The trainer drafts Khadija's story on their phone from what the follow-up found, writes it in French
    # too, records her written consent and sends it for review; the organiser publishes it.
    log_in(trainer, site.url, "trainer")
    to_hub(trainer)
    click(trainer, ar("Success stories"))
    waiting = trainer.locator("section[aria-labelledby=projects-title] li", has_text=PROJECT)
    assert ar("Cooperative founded") in waiting.inner_text()
    assert horizontal_overflow(trainer) <= 0
    click(trainer, ar("Draft a story"), within=waiting)
    assert message(trainer) == ar("A first draft is written from the project's follow-up: complete it.")
    trainer.fill("#id_title_fr", "L'eau de rose de Khadija")
    trainer.fill("#id_quote", "كنا نبيع الورد بثمن زهيد، واليوم نقطره في تعاونيتنا.")
    click(trainer, ar("Save"))
    assert message(trainer) == ar("The story is saved.")
    consent = trainer.locator("form[action$='/consent']")
    consent.get_by_label(ar("Signed on")).fill((due + datetime.timedelta(days=2)).isoformat())
    consent.get_by_label(ar("The story and the holder's words")).check()
    consent.get_by_label(ar("Photos")).check()
    click(trainer, ar("Record the consent"))
    assert message(trainer) == ar("The consent is recorded.")
    click(trainer, ar("Send for review"))
    assert message(trainer) == ar("The story is sent for review.")
    review = "Waiting for review: one of the caravan's organisers reads the story and publishes it."
    assert trainer.get_by_text(ar(review)).is_visible()
    assert horizontal_overflow(trainer) <= 0
    save_screenshot(trainer, "real-caravan-story-ar-360.png")

    to_hub(organiser)
    click(organiser, ar("Success stories"))
    click(organiser, PROJECT)
    click(organiser, ar("Publish"))
    assert message(organiser) == ar("The story is published.")

    # 15. Anyone finds the story from the public home page, on a phone.
    phone.context.clear_cookies()
    phone.goto(site.url + "/")
    click(phone, ar("Success stories"))
    click(phone, PROJECT, within=phone.locator("main"))
    story = phone.locator("main").inner_text()
    assert phone.locator("h1").inner_text() == PROJECT and "نقطره في تعاونيتنا" in story
    assert horizontal_overflow(phone) <= 0
    save_screenshot(phone, "real-caravan-story-public-ar-360.png")

    # 16. The report counts the cooperative founded and the application, and divides the 24,000 dirhams spent
    # by the 8 participants (and by the one cooperative founded); the organiser reads it on a phone too.
    to_hub(organiser)
    click(organiser, ar("Report"))
    funnel = organiser.locator(
        "section", has=organiser.locator("h3", has_text=ar("From the idea to the cooperative"))
    )

    def step(label):
        return funnel.locator("tr", has=organiser.locator("th", has_text=label)).locator("td.n").inner_text()

    counts = [ar("Projects of the caravan"), ar("Reached by the follow-up"), ar("Cooperative founded"),
              ar("Financing applied for"), ar("Financing obtained")]  # fmt: skip
    assert [step(label) for label in counts] == ["1", "1", "1", "1", "0"]
    costs = organiser.locator("section", has=organiser.locator("h3", has_text=ar("What the caravan cost")))

    def cost(label):
        return costs.locator("tr", has=organiser.locator("th", has_text=label)).locator("td.n").inner_text()

    assert cost(ar("Cost per participant")) == amount(3000, "ar")
    assert cost(ar("Cost per cooperative founded")) == amount(24000, "ar")
    assert ar("Cost: what was spent, from the caravan's budget lines.") in costs.inner_text()
    report = organiser.locator("main").inner_text()
    assert "تفادي موسم الجني في القوافل المقبلة." in report and PROJECT in report  # recommendation, story
    photo = organiser.locator("#account .account-photos img")
    photo.scroll_into_view_if_needed()  # loaded lazily, as a phone would
    assert photo.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    save_screenshot(organiser, "real-caravan-report-after-ar-desktop.png")
    organiser.set_viewport_size(PHONE)
    assert horizontal_overflow(organiser) <= 0
    save_screenshot(organiser, "real-caravan-report-after-ar-360.png")
    organiser.set_viewport_size(DESKTOP)

    # 17. Behind the cooperative counted: Khadija's project. The report's PDF says the same as its page.
    with organiser.expect_navigation():
        funnel.locator("tr", has=organiser.locator("th", has_text=ar("Cooperative founded"))).locator(
            "a"
        ).click()
    behind = organiser.locator("ul.people > li")
    assert behind.count() == 1 and PROJECT in behind.inner_text() and IMPORTED[0] in behind.inner_text()
    to_hub(organiser)
    pdf = organiser.get_by_role("link", name=ar("Report (PDF)"))
    response = organiser.request.get(site.url + pdf.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = " ".join(pages_text(response.body()))
    assert all(
        ar(heading) in text for heading in ["What the caravan cost", "Observations", "Success stories"]
    )
    assert "تفادي موسم الجني في القوافل المقبلة" in text and PROJECT in text
