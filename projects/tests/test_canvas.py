import pytest
from django.urls import reverse
from django.utils.html import escape

from core.models import AuditEntry
from core.tests.i18n import ar

from .. import canvas
from ..services import ProjectError, save_canvas_block
from .factories import project

pytestmark = pytest.mark.django_db


def block_url(made, key):
    return reverse("projects:canvas", args=[made.pk, key])


def test_it_opens_the_workspace_on_the_first_empty_block(personas, demo):
    made = project(demo, canvas={"need": "طلب على الجبن", "offer": "جبن طري"})
    response = personas["trainer"].get(reverse("projects:canvas_start", args=[made.pk]))
    assert response.url == block_url(made, "customers")


def test_it_shows_one_block_per_screen_with_its_question(personas, demo):
    made = project(demo)
    page = personas["trainer"].get(block_url(made, "channels"))
    assert page.status_code == 200
    assert ar("Step %(number)s of %(total)s", number=4, total=len(canvas.BLOCKS)) in page.text
    channels, need = canvas.BY_KEY["channels"], canvas.BY_KEY["need"]
    assert escape(str(channels.title)) in page.text and escape(str(channels.question)) in page.text
    assert escape(str(need.question)) not in page.text


def test_it_saves_a_block_and_moves_to_the_next_one(personas, demo):
    made = project(demo)
    response = personas["trainer"].post(
        block_url(made, "need"), {"text": "  المحلات تطلب جبن الماعز  ", "go": "next"}
    )
    assert response.status_code == 302 and response.url == block_url(made, "offer")
    made.refresh_from_db()
    assert made.canvas == {"need": "المحلات تطلب جبن الماعز"}
    assert AuditEntry.objects.get(action="project.canvas_saved").details == {"block": "need"}


def test_it_saves_before_going_back(personas, demo):
    made = project(demo)
    response = personas["trainer"].post(block_url(made, "offer"), {"text": "جبن", "go": "previous"})
    assert response.url == block_url(made, "need")
    made.refresh_from_db()
    assert made.canvas["offer"] == "جبن"


def test_it_finishes_on_the_project_page_after_the_last_block(personas, demo):
    made = project(demo)
    response = personas["organiser"].post(
        block_url(made, "impact"), {"text": "دخل لثماني نساء", "go": "done"}
    )
    assert response.url == reverse("projects:detail", args=[made.pk])


def test_it_saves_as_you_type_with_htmx_and_answers_with_the_saved_line_only(personas, demo):
    made = project(demo)
    response = personas["trainer"].post(
        block_url(made, "costs"), {"text": "معدات 60000 درهم"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "<html" not in response.text
    made.refresh_from_db()
    assert made.canvas["costs"] == "معدات 60000 درهم"


def test_it_keeps_the_other_blocks_when_one_is_saved(demo):
    made = project(demo, canvas={"need": "أ"})
    stale = type(made).objects.get(pk=made.pk)
    save_canvas_block(None, made, "offer", "ب")
    save_canvas_block(None, stale, "revenues", "ج")  # a second tab that loaded the project earlier
    made.refresh_from_db()
    assert made.canvas == {"need": "أ", "offer": "ب", "revenues": "ج"}


def test_it_refuses_a_text_too_long_and_saves_nothing(personas, demo):
    made = project(demo)
    response = personas["trainer"].post(
        block_url(made, "need"), {"text": "x" * (canvas.MAX_LENGTH + 1), "go": "next"}
    )
    assert response.status_code == 200
    made.refresh_from_db()
    assert made.canvas == {}


def test_it_refuses_an_unknown_block(demo):
    with pytest.raises(ProjectError) as refused:
        save_canvas_block(None, project(demo), "dreams", "…")
    assert refused.value.code == "unknown_block"


def test_it_answers_404_for_an_unknown_block_page(personas, demo):
    assert personas["trainer"].get(block_url(project(demo), "dreams")).status_code == 404


def test_it_refuses_the_workspace_to_the_agent(personas, demo):
    made = project(demo)
    assert personas["agent"].post(block_url(made, "need"), {"text": "x", "go": "next"}).status_code == 403
    made.refresh_from_db()
    assert made.canvas == {}
