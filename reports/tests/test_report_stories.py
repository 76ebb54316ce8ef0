"""The caravan's published success stories in its report, on the page and in the PDF; drafts never."""

from django.urls import reverse

from documents.testing import pages_text
from reports.pdf import render_report
from stories import services
from stories.tests.factories import a_story


def test_the_report_lists_the_published_stories_and_not_the_drafts(demo, personas):
    published = services.publish(None, a_story(demo))
    a_story(demo, title_fr="Brouillon du miel", title_ar="مسودة العسل")
    page = personas["organiser"].get(
        reverse("reports:caravan_report", args=[demo.slug]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert published.title_fr in page.content.decode() and "Brouillon du miel" not in page.content.decode()
    french = " ".join(pages_text(render_report(demo, "fr")))
    assert "Histoires de réussite" in french
    assert "Le fromage de chèvre arrive dans les boutiques de Tanger" in french and "Brouillon" not in french
    arabic = " ".join(pages_text(render_report(demo, "ar")))
    assert "جبن الماعز يصل إلى محلات طنجة" in arabic and "مسودة" not in arabic
