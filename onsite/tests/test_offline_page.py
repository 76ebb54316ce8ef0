"""The offline check-in page and what installs it on a phone: each role gets the modes it may use, the manifest
names the app in Arabic, the service worker's scope covers the page and it keeps the page's files, and the
page stays light for a phone on a weak network."""

import gzip
import json
import re

import pytest
from django.contrib.staticfiles import finders

from core.tests.i18n import ar

PAGE = "/staff/caravans/tanger-2025/offline/"
WORKER = PAGE + "sw.js"
MANIFEST = PAGE + "manifest.webmanifest"


def words(response):
    html = response.content.decode()
    return json.loads(re.search(r'id="offline-words" type="application/json">(.*?)</script>', html).group(1))


def test_it_gives_an_agent_check_in_door_scans_and_walk_ins(personas):
    response = personas["agent"].get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-mode="checkin"' in html and 'data-mode="attendance"' in html
    assert "data-walk-in-form" in html and 'name="cin"' in html
    assert 'rel="manifest" href="/staff/caravans/tanger-2025/offline/manifest.webmanifest"' in html
    assert 'data-enrol="/staff/caravans/tanger-2025/offline/enrol/"' in html
    assert words(response)["checked_in"] == ar("Checked in")


def test_it_gives_a_trainer_the_door_scans_only(personas):
    html = personas["trainer"].get(PAGE).content.decode()
    assert 'data-mode="attendance"' in html
    assert 'data-mode="checkin"' not in html and "data-walk-in-form" not in html


def test_it_sends_an_anonymous_visitor_to_the_login_page(personas):
    response = personas["anonymous"].get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_manifest_names_the_app_in_arabic_and_opens_the_page(client, demo):
    response = client.get(MANIFEST)
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == ar("Qafila: offline check-in") and manifest["lang"] == "ar"
    assert manifest["dir"] == "rtl" and manifest["display"] == "standalone"
    assert manifest["start_url"] == manifest["scope"] == PAGE
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]


def test_the_service_worker_covers_the_page_and_keeps_its_files(client, demo):
    response = client.get(WORKER)
    assert response["Content-Type"].startswith("text/javascript")
    # A worker's scope is at most the folder it is served from: the page's own.
    assert PAGE.startswith(WORKER.rsplit("/", 1)[0] + "/")
    settings = json.loads(re.match(r"self\.QAFILA = (.*);\n", response.content.decode()).group(1))
    assert settings["page"] == PAGE and settings["slug"] == "tanger-2025"
    assert "/static/onsite/offline/app.js" in settings["assets"]
    assert "/static/onsite/vendor/jsqr-1.4.0/jsQR.js" in settings["assets"]  # the camera, offline too
    assert re.fullmatch(r"[0-9a-f]{12}", settings["version"])


def test_the_page_stays_light(personas):
    """What a phone downloads to open the page, compressed as the server sends it, the camera's library aside."""
    html = personas["agent"].get(PAGE).content
    files = [
        "qafila/site.css",
        "onsite/checkin.css",
        "onsite/offline/offline.css",
        "onsite/checkin.js",
        "onsite/offline/fold.js",
        "onsite/offline/app.js",
    ]
    sizes = [len(gzip.compress(html))] + [
        len(gzip.compress(open(finders.find(name), "rb").read())) for name in files
    ]
    raw = len(html) + sum(len(open(finders.find(name), "rb").read()) for name in files)
    print(f"offline page: {sum(sizes) / 1024:.1f} KB compressed, {raw / 1024:.1f} KB raw")  # noqa: T201
    assert sum(sizes) < 30 * 1024


@pytest.mark.parametrize("path", [MANIFEST, WORKER])
def test_the_install_files_hold_no_data_and_need_no_login(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "tanger-2025" in response.content.decode()
