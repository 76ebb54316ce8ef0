"""Photos of the caravan's days: checked by their content, kept smaller and without what the camera recorded,
private on disk and shown only to those who may read the report."""

import io
import random
import stat
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from caravans.account import PHOTO_FOLDER
from caravans.models import CaravanPhoto
from caravans.tests.factories import organiser_of_another_caravan
from core.models import AuditEntry

ORIENTATION, MAKE, GPS = 0x0112, 0x010F, 0x8825


def phone_photo(size=(2400, 1800)):
    """A JPEG as a phone writes it: taken sideways (EXIF orientation 6), with its maker and a GPS position."""
    exif = Image.Exif()
    exif[ORIENTATION], exif[MAKE] = 6, "PhoneMaker"
    exif[GPS] = {1: "N", 2: (35.0, 46.0, 0.0)}
    data = io.BytesIO()
    Image.new("RGB", size, "#b5651d").save(data, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("IMG_0001.jpg", data.getvalue(), content_type="image/jpeg")


def blank_png(width, height):
    """A real black-and-white PNG of `width` x `height`, written by hand: zlib packs its rows of zeros a
    thousand to one, as a decompression bomb does (Pillow would take seconds to write it)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = zlib.compress(b"\0" * ((width + 7) // 8 + 1) * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit per pixel, greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def cut_png():
    """A PNG of noise (which does not compress) cut in the middle of its pixels."""
    data = io.BytesIO()
    Image.frombytes("RGB", (100, 100), random.Random(14).randbytes(30000)).save(data, format="PNG")
    return data.getvalue()[:15000]


def upload(client, demo, file, **fields):
    url = reverse("caravans:account_photo_add", args=[demo.slug])
    return client.post(url, {"image": file, "caption": "", "day": "", **fields})


def stored_files():
    folder = Path(settings.MEDIA_ROOT) / PHOTO_FOLDER
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_a_phone_photo_is_kept_upright_smaller_and_without_its_exif(personas, demo):
    response = upload(personas["organiser"], demo, phone_photo(), caption="ورشة الثلاثاء", day="2025-02-05")
    assert response.status_code == 302 and response["Location"].endswith("#photos")
    photo = CaravanPhoto.objects.get(caravan=demo)
    assert (photo.width, photo.height) == (1200, 1600)  # turned upright, then 1600 px on its long side
    assert (photo.caption, str(photo.day), photo.uploaded_by.username) == (
        "ورشة الثلاثاء",
        "2025-02-05",
        "organiser",
    )
    [path] = stored_files()
    with Image.open(path) as kept:
        assert (kept.format, kept.size) == ("JPEG", (1200, 1600))
        assert not dict(kept.getexif()) and "exif" not in kept.info  # no maker, no position, no turn left
    assert b"PhoneMaker" not in path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    entry = AuditEntry.objects.get(action="account.photo_added")
    assert entry.actor.username == "organiser" and entry.details["photo"] == photo.pk


@pytest.mark.parametrize(
    "name,content,code",
    [
        ("photo.jpg", b"This is a text file that calls itself a photo.\n" * 20, "photo_unreadable"),
        ("photo.png", cut_png(), "photo_unreadable"),
        ("bomb.png", blank_png(15000, 15000), "photo_too_large"),  # 28 kB that unpack into 225 Mpx
        ("huge.png", blank_png(8000, 8000), "photo_too_large"),  # 64 Mpx: more than any phone takes
        ("animation.jpg", b"GIF89a" + b"\0" * 64, "photo_unreadable"),
        ("too-heavy.jpg", b"\xff\xd8\xff" + b"\0" * (8 * 1024 * 1024), "photo_too_large"),
    ],
    ids=["text-named-jpg", "truncated", "decompression-bomb", "huge-png", "broken-gif", "over-8-mb"],
)
def test_a_hostile_upload_is_refused_with_a_clear_error_and_nothing_is_kept(
    personas, demo, name, content, code
):
    response = upload(personas["organiser"], demo, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    form = response.context["photo_form"]
    assert [error.code for error in form.non_field_errors().as_data()] == [code]
    assert form.non_field_errors()[0] in response.content.decode()
    assert not CaravanPhoto.objects.exists() and not stored_files()
    assert not AuditEntry.objects.filter(action="account.photo_added").exists()


def test_a_gif_is_refused_for_its_format_whatever_its_name(personas, demo):
    data = io.BytesIO()
    Image.new("RGB", (50, 50)).save(data, format="GIF")
    response = upload(personas["organiser"], demo, SimpleUploadedFile("photo.jpg", data.getvalue()))
    assert response.status_code == 400
    assert [e.code for e in response.context["photo_form"].non_field_errors().as_data()] == ["photo_type"]


@pytest.mark.parametrize("format", ["PNG", "WEBP"])
def test_a_transparent_png_or_webp_is_kept_on_white(personas, demo, format):
    data = io.BytesIO()
    Image.new("RGBA", (400, 300), (0, 0, 0, 0)).save(data, format=format, lossless=True)
    response = upload(personas["organiser"], demo, SimpleUploadedFile("drawing", data.getvalue()))
    assert response.status_code == 302
    [path] = stored_files()
    with Image.open(path) as kept:
        assert (
            kept.format == "JPEG" and kept.size == (400, 300) and kept.getpixel((10, 10)) == (255, 255, 255)
        )


def test_the_photo_is_shown_to_those_who_read_the_report_and_to_nobody_else(personas, demo):
    upload(personas["organiser"], demo, phone_photo())
    photo = CaravanPhoto.objects.get()
    url = reverse("caravans:account_photo", args=[demo.slug, photo.pk])
    for persona in ("organiser", "coordinator"):
        response = personas[persona].get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, max-age=3600"
        assert response.content == stored_files()[0].read_bytes()
    for persona in ("trainer", "agent"):
        assert personas[persona].get(url).status_code == 403
    assert organiser_of_another_caravan(demo).get(url).status_code == 403
    assert "/accounts/login/" in personas["anonymous"].get(url)["Location"]


def test_deleting_a_photo_deletes_its_file(personas, demo, django_capture_on_commit_callbacks):
    upload(personas["organiser"], demo, phone_photo())
    photo = CaravanPhoto.objects.get()
    url = reverse("caravans:account_photo_delete", args=[demo.slug, photo.pk])
    assert personas["trainer"].post(url).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert personas["organiser"].post(url).status_code == 302
    assert not CaravanPhoto.objects.exists() and not stored_files()
    assert AuditEntry.objects.filter(action="account.photo_deleted", actor__username="organiser").exists()
