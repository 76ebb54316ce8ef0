"""Every page a role may use is reachable from `/staff/` by following links, as that role.

Which pages a role may use is the permission matrix's table (test_permission_matrix.EXPECTED), which every URL
must have: so a page added to the URLconf that no page links to fails here, for every role that may use it,
unless it is listed below with the reason it has no link by design. The walk follows GET links only (links,
GET forms, images, htmx `hx-get`), on this site, fetching at most a few addresses of each URL name, and checks
on the way that every link it follows opens for the role."""

import datetime
from collections import Counter, deque
from dataclasses import dataclass, field

import pytest
from django.urls import Resolver404, resolve, reverse

from certificates.services import issue_all
from certificates.tests.factories import participant
from onsite.groups.demo import load_demo_groups
from onsite.models import GroupAssignment
from programmes.tests.factories import saved_programme
from projects.tests.factories import project
from registration.models import Registration

from .links import links
from .test_permission_matrix import (
    EXPECTED,
    OK,
    POST_JSON,
    POST_ONLY,
    ROUTES,
    a_budget_line,
    a_duplicate_pair,
    a_finished_batch,
    a_follow_up,
    a_photo,
    a_published_story,
)

ROLES = ("coordinator", "organiser", "trainer", "agent")
# Pages no link leads to, on purpose, and why.
NO_LINK = {
    "login": "a signed-in user is never sent to the login page",
    "registration:self_register": "public: the caravan's public page links it while registration is open "
    "(the demo caravan's days are over)",
    "registration:self_register_done": "public: the answer to the registration form, after it is sent (POST)",
    "registration:status_cancel": "public: a participant's status page links it once they have found their "
    "registration, a lookup that is POSTed",
    "onsite:attendance_scan": "public: the session's QR code opens it on a participant's phone",
    "surveys:answer": "public: a survey's QR code or printed address opens it on a participant's phone",
    "surveys:thanks": "public: the answer to a survey, after it is sent (POST)",
    "projects:open_link": "public: a holder's one-time personal link, handed to them, never shown again",
    "projects:questionnaire": "public: reached from the follow-up SMS's one-time link, sent to the holder only",
    "certificates:verify": "public: the QR code printed on a certificate opens it",
    "accounts:password_reset": "for someone who cannot sign in: the login page links it",
    "accounts:password_reset_sent": "the answer to the password reset form, after it is sent (POST)",
    "accounts:set_password": "a one-time link, handed to the account's owner (invitation or reset)",
    "accounts:password_set": "the answer to the set-password form, after it is sent (POST)",
    "documents:certificates_batch_progress": "htmx polls it while a certificate batch is being prepared; "
    "once it is done the page links the batch's PDF instead",
    "registration:staff_import_status": "htmx polls it while the worker previews or imports a list; the "
    "import page sends there once the file is accepted (POST)",
    "registration:staff_members_list_status": "htmx polls it while the worker previews or loads a members' "
    "list; the members' list page sends there once the file is accepted (POST)",
    "accounts:two_factor_verify": "the login asks for the code there, after the password (POST)",
    "messaging_public:opt_out": "public: the signed link in a message opens it",
    "programmes:finder": "public: the QR code on the printed programme opens it",
    "programmes:finder_answer": "public: the finder's questions, one screen after the other (GET forms)",
    "programmes:finder_result": "public: the finder's last question sends there; its short link is shared",
    "documents:finder_pdf": "public: the finder's result page links it",
    "finder_callback": "public: the finder's result page links it",
    "onsite:offline_sw": "the offline check-in page's script registers it as the page's service worker",
    "onsite:offline_manifest": "the offline check-in page names it in <link rel=manifest>, for installing",
}


def checked_in(client, caravan):
    """The check-in desk's answer to a scanned badge."""
    code = Registration.objects.accepted().filter(caravan=caravan).values_list("badge_code", flat=True)[0]
    url = reverse("onsite:checkin", args=[caravan.slug])
    return client.post(url, {"q": code, "day": caravan.start_date.isoformat()})


def found_by_name(client, caravan):
    """The groups page's search for a participant by name."""
    day = GroupAssignment.objects.filter(day__caravan=caravan).select_related("registration__person")[0]
    url = reverse("onsite:groups_find", args=[caravan.slug, day.day_id])
    return client.post(url, {"q": day.registration.person.full_name_ar})


# Pages that some roles reach only through a form sent with POST: (those roles, why, the POST that links them).
BEHIND_A_POST = {
    "documents:badge_pdf": (
        {"agent"},
        "an agent reprints a badge from the check-in desk's answer: a scan or a search is POSTed, so that "
        "nothing personal goes in an address",
        checked_in,
    ),
    "onsite:groups_preferences": (
        set(ROLES),
        "a participant is found by name to enter their choices: POSTed, so that no name goes in an address",
        found_by_name,
    ),
}
POST = POST_ONLY | POST_JSON  # a form's button, never a link
DOCUMENTS = (".pdf", ".xlsx", ".csv")  # reached when linked; not fetched (the matrix opens each one)
NOT_FETCHED = {"set_language"}  # a GET that changes the session's language: reached, not followed
VISITS_PER_NAME = 2  # addresses fetched per URL name: two registrations, not all 232
BOUND = 400  # pages fetched per walk, at most


def without_link_by_design(persona, name):
    if name in BEHIND_A_POST and persona in BEHIND_A_POST[name][0]:
        return True
    return name.startswith("api:") or name in POST or name in NO_LINK


def usable(persona):
    """The URL names the matrix lets `persona` use, minus those with no link by design."""
    return {
        name
        for name, _ in ROUTES
        if EXPECTED.get(name, {}).get(persona) == OK and not without_link_by_design(persona, name)
    }


def name_of(url):
    try:
        return resolve(url.split("?")[0]).view_name
    except Resolver404:
        return None


@dataclass
class Walk:
    reached: set = field(default_factory=set)  # URL names linked from the pages walked
    broken: list = field(default_factory=list)  # (address, the page linking it, status) of links that fail
    pages: list = field(default_factory=list)  # the HTML pages fetched, in the order walked


def walk(client, visits=VISITS_PER_NAME):
    """Follow `client`'s GET links from /staff/, breadth first, fetching at most `visits` addresses a name."""
    done, fetched = Walk(), Counter()
    queue, seen = deque([("/staff/", "—")]), {"/staff/"}
    while queue and len(done.pages) < BOUND:
        url, source = queue.popleft()
        name = name_of(url)
        if name is None:
            done.broken.append((url, source, 404))
            continue
        done.reached.add(name)
        if url.split("?")[0].endswith(DOCUMENTS) or name in NOT_FETCHED or url.startswith("/admin/"):
            continue
        if fetched[name] >= visits:
            continue
        fetched[name] += 1
        response = client.get(url)
        if response.status_code in (301, 302):
            found = [response["Location"]]
        elif response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            done.pages.append(url)
            found = links(response.content.decode(), "http://testserver" + url)
        else:
            if response.status_code != 200:
                done.broken.append((url, source, response.status_code))
            continue
        for link in found:
            if link not in seen:
                seen.add(link)
                queue.append((link, url))
    return done


@pytest.fixture
def caravan_at_work(demo_surveys, demo):
    """The demo caravan with every kind of page filled: groups, a certificate and its batch, a project and a
    follow-up contact in the agent's charge, duplicates, and a last date still without its programme day (so the
    programme offers to add one)."""
    load_demo_groups(demo)
    participant(demo, days=3)
    issue_all(demo, None)
    a_finished_batch(demo)
    project(demo)
    a_follow_up(demo)
    a_duplicate_pair(demo)
    a_budget_line(demo)
    a_photo(demo)
    saved_programme()
    a_published_story(demo)
    demo.end_date += datetime.timedelta(days=1)
    demo.save()
    return demo


@pytest.mark.parametrize("persona", ROLES)
def test_every_page_a_role_may_use_is_linked_from_the_staff_home(caravan_at_work, personas, persona):
    walked = walk(personas[persona])
    assert not walked.broken, (
        f"{persona} follows links that fail (address, found on, status): {walked.broken}"
    )
    missing = sorted(usable(persona) - walked.reached)
    assert not missing, (
        f"{persona} may use these pages but no link leads there from /staff/ ({len(walked.pages)} pages walked, "
        f"at most {BOUND}): {missing}. Link them (the caravan hub, qafila/hub.py, lists every page of a "
        "caravan), or list them in NO_LINK with the reason."
    )


@pytest.mark.parametrize("name", sorted(BEHIND_A_POST))
def test_the_pages_behind_a_post_are_linked_from_its_answer(caravan_at_work, personas, name):
    roles, _why, post = BEHIND_A_POST[name]
    for persona in roles:
        if EXPECTED[name][persona] == OK:
            response = post(personas[persona], caravan_at_work)
            assert response.status_code == 200, persona
            html = response.content.decode()
            assert name in {name_of(url) for url in links(html, "http://testserver/")}, persona


def test_each_page_without_a_link_exists_and_says_why():
    names = {name for name, _ in ROUTES}
    for name, reason in [*NO_LINK.items(), *((name, why) for name, (_, why, _post) in BEHIND_A_POST.items())]:
        assert name in names and len(reason) > 20, name
