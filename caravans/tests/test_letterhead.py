"""The letterhead page: organisers set the authorities, signatories and partner logos their documents print."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from caravans.letterhead import KINGDOM, LOGO_BOX, letterhead_of, logo_png
from caravans.models import Partnership, Signatory
from caravans.tests.factories import organiser_of_another_caravan
from core.models import AuditEntry

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def image_file(name="logo.png", size=(1200, 900), format="PNG", colour="#1d6f42"):
    data = io.BytesIO()
    Image.new("RGB", size, colour).save(data, format=format)
    return SimpleUploadedFile(name, data.getvalue())


def page(slug):
    return reverse("caravans:letterhead", args=[slug])


def odco(demo):
    return demo.partnerships.get(organisation__acronym="ODCO")


def logo_url(demo):
    return reverse("caravans:logo_upload", args=[demo.slug, odco(demo).pk])


def test_it_prints_the_kingdom_then_the_ministry_directorate_and_prefecture_of_the_demo(demo):
    with translation.override("ar"):  # the letterhead speaks the language active when it is read
        head = letterhead_of(demo, Signatory.Document.CERTIFICATE)
        assert head.kingdom == KINGDOM == ("المملكة المغربية", "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ", "Royaume du Maroc")
        assert head.authorities == ["وزارة الداخلية", "مديرية الشؤون القروية", "عمالة طنجة-أصيلة"]
        assert head.authorities_fr[2] == "Préfecture de Tanger-Assilah"
        # The directorate and the prefecture are the letterhead's authorities: not repeated among the partners.
        assert [p.name for p in head.partners][:2] == [
            "مكتب تنمية التعاون",
            "المبادرة الوطنية للتنمية البشرية - قسم العمل الاجتماعي بالعمالة",
        ]
        assert [s.title for s in head.signatories] == [
            "مدير الشؤون القروية",
            "والي جهة طنجة-تطوان-الحسيمة، عامل عمالة طنجة-أصيلة",
        ]


def test_organisers_change_the_authorities_and_it_is_audited(personas, demo):
    response = personas["organiser"].post(
        page(demo.slug),
        {
            "ministry_ar": "وزارة الداخلية",
            "ministry_fr": "Ministère de l'Intérieur",
            "directorate_ar": "مديرية الشؤون القروية",
            "directorate_fr": "Direction des Affaires Rurales",
            "territory_ar": "عمالة المضيق-الفنيدق",
            "territory_fr": "Préfecture de M'diq-Fnideq",
        },
    )
    assert response.status_code == 302
    with translation.override("fr"):
        assert letterhead_of(demo, "programme").authorities[2] == "Préfecture de M'diq-Fnideq"
    assert AuditEntry.objects.filter(action="caravan.letterhead_changed").exists()


def test_organisers_add_and_remove_a_signatory_for_one_kind_of_document(personas, demo):
    organiser = personas["organiser"]
    fields = {"document": "sign_in_sheet", "title_ar": "رئيسة قسم دعم التنمية القروية",
              "title_fr": "Cheffe de la division d'appui au développement rural", "name_fr": "N. Q.", "order": 0}  # fmt: skip
    assert organiser.post(reverse("caravans:signatory_add", args=[demo.slug]), fields).status_code == 302
    signatory = demo.signatories.get(document="sign_in_sheet")
    assert [s.pk for s in letterhead_of(demo, "sign_in_sheet").signatories] == [signatory.pk]
    assert letterhead_of(demo, "programme").signatories == []
    remove = reverse("caravans:signatory_remove", args=[demo.slug, signatory.pk])
    assert organiser.post(remove).status_code == 302
    assert organiser.post(remove).status_code == 302  # a second click changes nothing
    assert not demo.signatories.filter(document="sign_in_sheet").exists()


def test_a_logo_is_stored_as_a_png_no_larger_than_a_letterhead_needs(personas, demo):
    response = personas["organiser"].post(logo_url(demo), {"logo": image_file("logo.jpg", format="JPEG")})
    assert response.status_code == 302
    partnership = odco(demo)
    with partnership.logo.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert image.width <= LOGO_BOX[0] and image.height <= LOGO_BOX[1]
    assert letterhead_of(demo, "programme").partners[0].logo.startswith("data:image/png;base64,")
    assert AuditEntry.objects.filter(action="caravan.partner_logo_set").exists()


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("logo.svg", SVG), "logo_svg"),
        (SimpleUploadedFile("logo.png", b"\xef\xbb\xbf  " + SVG), "logo_svg"),
        (SimpleUploadedFile("logo.png", b"this is not an image at all"), "logo_type"),
        (image_file("logo.gif", format="GIF"), "logo_type"),
        (SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024)), "logo_too_large"),
    ],
)
def test_it_refuses_what_is_not_a_small_png_or_jpeg(upload, code):
    with pytest.raises(ValidationError) as refusal:
        logo_png(upload)
    assert refusal.value.code == code


def test_a_refused_logo_is_explained_and_nothing_is_saved(personas, demo):
    with translation.override("ar"):
        response = personas["organiser"].post(
            logo_url(demo), {"logo": SimpleUploadedFile("logo.svg", SVG)}, HTTP_ACCEPT_LANGUAGE="ar"
        )
    assert response.status_code == 400
    assert "SVG" in response.content.decode()
    assert not odco(demo).logo
    assert not Partnership.objects.filter(caravan=demo).exclude(logo="").exists()


def test_it_refuses_the_page_to_trainers_agents_and_other_caravans_organisers(personas, demo):
    for persona in ("trainer", "agent"):
        assert personas[persona].get(page(demo.slug)).status_code == 403
        assert personas[persona].post(logo_url(demo), {"logo": image_file()}).status_code == 403
    assert organiser_of_another_caravan(demo).get(page(demo.slug)).status_code == 403
    assert personas["anonymous"].get(page(demo.slug)).status_code == 302
    assert not odco(demo).logo


def test_the_hub_links_organisers_to_the_letterhead(personas, demo):
    hub = reverse("caravan_hub", args=[demo.slug])
    assert page(demo.slug) in personas["organiser"].get(hub).content.decode()
    assert page(demo.slug) not in personas["agent"].get(hub).content.decode()
    assert personas["organiser"].get(page(demo.slug)).status_code == 200
