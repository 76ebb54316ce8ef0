"""A badge names one workshop group per time slot: on a day with groups at two times, each line says when."""

import datetime

from caravans.models import Session
from documents.testing import pages_text
from onsite.models import GroupAssignment

from .test_badges import accept, badge_url, pdf_of


def test_it_prints_the_time_of_each_group_on_a_day_of_groups_at_two_times(personas, demo):
    day = demo.days.order_by("date")[0]
    morning, afternoon = (
        Session.objects.create(
            day=day, kind=Session.Kind.WORKSHOP, title_ar=title, title_fr=title, starts_at=datetime.time(hour, 0),
            ends_at=datetime.time(hour + 2, 0),
        )
        for hour, title in ((9, "Miel"), (14, "Safran"))
    )  # fmt: skip
    registration = accept(demo)
    for session in (afternoon, morning):
        GroupAssignment.objects.create(registration=registration, day=day, session=session)
    (text,) = pages_text(pdf_of(personas["agent"].get(badge_url(registration, lang="fr"))))
    assert text.index("09:00") < text.index("Miel") < text.index("14:00") < text.index("Safran")
