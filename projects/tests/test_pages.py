import pytest
from django.urls import reverse

from core.models import AuditEntry

from ..models import Project
from .factories import project, registration

pytestmark = pytest.mark.django_db


def test_it_lists_a_caravans_projects_for_its_organiser_with_stage_and_sector_filters(personas, demo):
    project(demo, title="خلايا جبل بوهاشم", sector="honey", stage="founding")
    project(demo, title="جبنة دوار الزينات", sector="goat_cheese")
    url = reverse("projects:list", args=[demo.slug])
    page = personas["organiser"].get(url)
    assert page.status_code == 200
    assert "خلايا جبل بوهاشم" in page.text and "جبنة دوار الزينات" in page.text
    filtered = personas["organiser"].get(url, {"stage": "founding"})
    assert "خلايا جبل بوهاشم" in filtered.text and "جبنة دوار الزينات" not in filtered.text
    by_sector = personas["organiser"].get(url, {"sector": "goat_cheese"})
    assert "جبنة دوار الزينات" in by_sector.text and "خلايا جبل بوهاشم" not in by_sector.text


def test_it_refuses_the_list_to_the_check_in_agent_and_sends_strangers_to_log_in(personas, demo):
    url = reverse("projects:list", args=[demo.slug])
    assert personas["agent"].get(url).status_code == 403
    assert personas["anonymous"].get(url).status_code == 302


def test_it_creates_a_project_from_a_registration_and_opens_its_canvas(personas, demo):
    entry = registration(demo)
    response = personas["trainer"].post(
        reverse("projects:create", args=[demo.slug]), {"registration": entry.pk}
    )
    made = Project.objects.get(holder=entry.person)
    assert response.status_code == 302 and response.url == reverse("projects:canvas", args=[made.pk, "need"])
    assert made.title == "جبن الماعز" and made.sector == "livestock"
    assert list(made.caravans.all()) == [demo]
    assert AuditEntry.objects.filter(action="project.created", object_id=str(made.pk)).exists()


def test_it_makes_one_project_per_participant_and_caravan_however_often_it_is_asked(personas, demo):
    entry = registration(demo)
    url = reverse("projects:create", args=[demo.slug])
    personas["organiser"].post(url, {"registration": entry.pk})
    personas["organiser"].post(url, {"registration": entry.pk})
    assert Project.objects.filter(holder=entry.person).count() == 1


def test_it_refuses_project_creation_to_the_agent(personas, demo):
    entry = registration(demo)
    response = personas["agent"].post(
        reverse("projects:create", args=[demo.slug]), {"registration": entry.pk}
    )
    assert response.status_code == 403
    assert not Project.objects.exists()


def test_it_shows_a_project_with_its_canvas_and_the_founding_procedure(personas, demo):
    made = project(demo, canvas={"need": "الجبن المحلي مطلوب في طنجة"})
    page = personas["trainer"].get(reverse("projects:detail", args=[made.pk]))
    assert page.status_code == 200
    assert "الجبن المحلي مطلوب في طنجة" in page.text
    assert reverse("projects:founding_step", args=[made.pk, "prepare_project"]) in page.text


def test_it_refuses_a_project_page_to_the_agent_and_sends_strangers_to_log_in(personas, demo):
    made = project(demo)
    url = reverse("projects:detail", args=[made.pk])
    assert personas["agent"].get(url).status_code == 403
    response = personas["anonymous"].get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_changes_the_stage_and_records_who_did_it(personas, demo):
    made = project(demo)
    url = reverse("projects:edit", args=[made.pk])
    data = {"title": "جبن الماعز", "sector": "livestock", "stage": "founding"}
    assert personas["organiser"].post(url, data).status_code == 302
    made.refresh_from_db()
    assert made.stage == "founding"
    entry = AuditEntry.objects.get(action="project.changed")
    assert entry.actor.username == "organiser" and entry.details["changes"]["stage"] == ["idea", "founding"]


def test_it_refuses_an_unknown_stage_without_saving(personas, demo):
    made = project(demo)
    data = {"title": "x", "sector": "", "stage": "millionaire"}
    response = personas["organiser"].post(reverse("projects:edit", args=[made.pk]), data)
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.stage == "idea"
