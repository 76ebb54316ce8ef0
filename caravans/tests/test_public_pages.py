from caravans.models import Caravan, Session


def test_it_lists_public_caravans_but_not_drafts(client, demo):
    Caravan.objects.filter(pk=demo.pk).update(status=Caravan.Status.DRAFT)
    assert demo.title_ar not in client.get("/").content.decode()
    Caravan.objects.filter(pk=demo.pk).update(status=Caravan.Status.REGISTRATION_OPEN)
    assert demo.title_ar in client.get("/").content.decode()


def test_it_shows_the_caravan_in_arabic_right_to_left_by_default(client, demo):
    page = client.get("/caravans/tanger-2025/").content.decode()
    assert 'lang="ar" dir="rtl"' in page
    assert "قافلة دراسية وتحسيسية لدعم مشاريع التعاونيات السلالية" in page
    assert "آليات تطوير التعاونيات السلالية وتحسين أدائها" in page
    assert "مكتب تنمية التعاون" in page


def test_it_switches_to_french_and_remembers_it(client, demo):
    response = client.get("/language/fr/?next=/caravans/tanger-2025/")
    assert response.status_code == 302
    page = client.get("/caravans/tanger-2025/").content.decode()
    assert 'lang="fr" dir="ltr"' in page
    assert "Caravane d&#x27;étude et de sensibilisation pour les coopératives soulaliyates" in page
    assert "Office du Développement de la Coopération" in page


def test_it_shows_the_programme_day_by_day_in_time_order(client, demo):
    page = client.get("/caravans/tanger-2025/").content.decode()
    page = page[page.index('class="day"') :]
    days = [page.index(date) for date in ("2025-02-04", "2025-02-05", "2025-02-06")]
    assert days == sorted(days)
    assert page.index("09:30–10:15") < page.index("10:15–11:00")


def test_it_does_not_reveal_a_draft_caravan(client, demo):
    Caravan.objects.filter(pk=demo.pk).update(status=Caravan.Status.DRAFT)
    assert client.get("/caravans/tanger-2025/").status_code == 404
    assert client.get("/caravans/tanger-2025/programme.pdf").status_code == 404


def test_it_answers_404_for_an_unknown_caravan(client, demo):
    assert client.get("/caravans/nowhere/").status_code == 404


def test_it_renders_the_programme_in_a_fixed_number_of_queries(client, demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):  # with the success stories put on its sessions
        page = client.get("/caravans/tanger-2025/").content.decode()
    assert page.count('<li class="session ') == Session.objects.filter(day__caravan=demo).count() > 10
    # Rooms, speakers and partners come in those same queries.
    assert "قاعة الورشات 3" in page and "مؤطر مكتب تنمية التعاون" in page and "مكتب تنمية التعاون" in page


def test_it_shows_a_programme_change_at_once_to_anonymous_visitors(client, demo, django_user_model):
    from caravans.models import Session
    from caravans.programme import change_session

    assert "آليات التمويل" in client.get("/caravans/tanger-2025/").content.decode()
    session = Session.objects.get(day__caravan=demo, title_ar="آليات التمويل")
    session.title_ar = "آليات التمويل والضمان"
    change_session(django_user_model.objects.get(username="organiser"), session, list(session.speakers.all()))
    assert "آليات التمويل والضمان" in client.get("/caravans/tanger-2025/").content.decode()


def test_it_serves_anonymous_visitors_with_one_query(client, demo, django_assert_num_queries):
    first = client.get("/caravans/tanger-2025/")
    with django_assert_num_queries(1):
        again = client.get("/caravans/tanger-2025/")
    assert again.status_code == 200 and again.content == first.content
    assert "آليات التمويل" in again.content.decode()


def test_public_pages_set_no_per_visitor_cookie(client, demo):
    response = client.get("/caravans/tanger-2025/")
    assert not response.cookies  # nothing per visitor: the page can be shared from the cache


def test_the_language_link_never_sends_visitors_to_another_site(client):
    response = client.get("/language/fr/?next=https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["django_language"].value == "fr"
