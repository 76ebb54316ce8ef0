"""Certificates for 1,000 participants: issuing the numbers, then the batch PDF, against a limit of 60 s.

On a fresh temporary SQLite database (never the dev database): the demo caravan and 1,000 accepted
registrations of `people.fakes` people, each checked in on two of the three days. Figures: issuing 1,000
numbers (`certificates.services.issue_all`), rendering them as the batch job does (`documents.certificates.
caravan_pdf`: documents of CHUNK pages merged with pypdf), splitting that PDF into one file per certificate,
and the time per page against the programme PDF's (the baseline, measured in the same run through the same
render path). Runs in a child process so that Django is set up on the temporary database.
Knob (environment): BENCH_CERTIFICATES_PEOPLE (default 1000).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIME_LIMIT = 60.0  # seconds for 1,000 certificates, numbers and PDF together


def run(report):
    people = int(os.environ.get("BENCH_CERTIFICATES_PEOPLE", "1000"))
    with tempfile.TemporaryDirectory(prefix="qafila-bench-certificates-") as directory:
        env = {
            **os.environ,
            "QAFILA_INSECURE_DEV": "1",
            "QAFILA_HTTPS": "0",
            "DJANGO_SETTINGS_MODULE": "qafila.settings",
            "DATABASE_URL": f"sqlite:///{Path(directory) / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(Path(directory) / "media"),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }
        code = f"import bench.bench_certificates as b; b.child({people})"
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=900
        )
        if done.returncode:
            raise RuntimeError(f"the certificates benchmark failed:\n{done.stdout}\n{done.stderr}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
    baseline, batch = figures["programme"], figures["batch"]
    report.note(
        f"{people:,} participants, {batch['pages']} certificates, chunks of {figures['chunk']} pages; "
        f"programme PDF {baseline['pages']} pages in {baseline['seconds']:.2f} s"
    )
    report.note(
        f"issue numbers {figures['issue_seconds']:.2f} s; render {batch['seconds']:.2f} s "
        f"({batch['bytes'] / 1024:,.0f} KB); split into files {figures['split_seconds']:.2f} s"
    )
    # CPU time says what the render costs when the two cores are shared with other work (wall time then grows).
    report.note(
        f"render CPU time {batch['cpu_seconds']:.2f} s ({batch['pages'] / batch['cpu_seconds']:.1f} pages/s)"
    )
    total = figures["issue_seconds"] + batch["seconds"]
    report.measure(f"certificates, {people:,} people (numbers + PDF)", total, "s", limit=TIME_LIMIT)
    report(
        "  certificates: time per page vs programme PDF",
        batch["seconds"] / batch["pages"],
        baseline["seconds"] / baseline["pages"],
        "s/page",
        higher_is_better=False,
    )


def child(people):
    """In the child process: migrate, load the demo, people and check-ins, then time each step."""
    import datetime
    import io
    import time

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from pypdf import PdfReader

    from caravans.demo import load_demo_caravan
    from caravans.models import Partnership
    from certificates import services
    from documents import certificates
    from documents.render import render_pdf
    from onsite.models import CheckIn
    from people import fakes
    from people.models import Person
    from places.models import Province
    from places.services import load_places
    from registration.models import Decision, Registration, new_badge_code

    call_command("migrate", verbosity=0, skip_checks=True)
    load_places()
    caravan = load_demo_caravan()
    provinces = {p.code: p for p in Province.objects.all()}
    persons = Person.objects.bulk_create(
        Person(full_name_ar=f.full_name_ar, full_name_latin=f.full_name_latin, province=provinces[f.province])
        for f in fakes.people(people, seed=7)
    )
    registrations = Registration.objects.bulk_create(
        Registration(person=p, caravan=caravan, profile="project_holder", channel="import",
                     decision=Decision.ACCEPTED, badge_code=new_badge_code())
        for p in persons
    )  # fmt: skip
    now = timezone.now()
    CheckIn.objects.bulk_create(
        CheckIn(registration=r, day=day, at=now + datetime.timedelta(seconds=i))
        for i, r in enumerate(registrations)
        for day in caravan.dates()[:2]
    )

    def pages(pdf):
        return len(PdfReader(io.BytesIO(pdf)).pages)

    def programme():
        partnerships = list(caravan.partnerships.select_related("organisation"))
        context = {
            "caravan": caravan,
            "days": caravan.programme(),
            "organisers": [p for p in partnerships if p.role != Partnership.Role.PARTNER],
            "partners": [p for p in partnerships if p.role == Partnership.Role.PARTNER],
            "venues": caravan.venues.all(),
        }
        return render_pdf("documents/programme.html", context, language="ar")

    programme()  # warm-up: Pango, fonts, templates
    started = time.perf_counter()
    programme_pdf = programme()
    figures = {"programme": {"seconds": time.perf_counter() - started, "pages": pages(programme_pdf)}}
    started = time.perf_counter()
    issued = services.issue_all(caravan, None)
    figures["issue_seconds"] = time.perf_counter() - started
    assert len(issued) == people, len(issued)
    started, cpu = time.perf_counter(), time.process_time()
    pdf = certificates.caravan_pdf(caravan, "ar")  # what the batch job does (the numbers exist: none added)
    figures["batch"] = {
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "pages": pages(pdf),
        "bytes": len(pdf),
    }
    started = time.perf_counter()
    files = certificates.split(pdf)
    figures["split_seconds"] = time.perf_counter() - started
    assert len(files) == people
    figures["chunk"] = certificates.CHUNK
    print(json.dumps(figures))


if __name__ == "__main__":
    from bench.__main__ import Report

    run(Report())
