"""Badges and sign-in sheets for 1,000 participants, each as ONE PDF through `documents.render.render_pdf`.

On a fresh temporary SQLite database (never the dev database): the demo caravan and 1,000 accepted
registrations of `people.fakes` people. For each document, the whole path a view takes (query, sort, QR codes,
template, layout, PDF): its time against a limit of 60 s, and its time per page against the programme PDF's
time per page measured in the same run (the baseline: a short document of the same render path).
The measurement runs in a child process so that Django is set up on the temporary database whatever else the
bench run has set up. Knob (environment): BENCH_DOCUMENTS_PEOPLE (default 1000).
"""

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TIME_LIMIT = 60.0  # seconds for 1,000 participants, per document


def run(report):
    people = int(os.environ.get("BENCH_DOCUMENTS_PEOPLE", "1000"))
    with tempfile.TemporaryDirectory(prefix="qafila-bench-documents-") as directory:
        env = {
            **os.environ,
            "QAFILA_INSECURE_DEV": "1",
            "QAFILA_HTTPS": "0",
            "DJANGO_SETTINGS_MODULE": "qafila.settings",
            "DATABASE_URL": f"sqlite:///{Path(directory) / 'bench.sqlite3'}",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
        }
        code = f"import bench.bench_documents as b; b.child({people})"
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True, timeout=900
        )
        if done.returncode:
            raise RuntimeError(f"the documents benchmark failed:\n{done.stdout}\n{done.stderr}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
    baseline = figures["programme"]
    report.note(
        f"{people:,} accepted participants; programme PDF {baseline['pages']} pages in "
        f"{baseline['seconds']:.2f} s"
    )
    for name, label in [("badges", "badges, A4 sheets of 8"), ("sheet", "sign-in sheet, all columns")]:
        figure = figures[name]
        report.note(
            f"{label}: {figure['pages']} pages, {figure['bytes'] / 1024:,.0f} KB, "
            f"data {figure['data_seconds']:.2f} s + render {figure['render_seconds']:.2f} s"
        )
        report.measure(f"{label}, {people:,} people", figure["seconds"], "s", limit=TIME_LIMIT)
        report(
            f"  {name}: time per page vs programme PDF",
            figure["seconds"] / figure["pages"],
            baseline["seconds"] / baseline["pages"],
            "s/page",
            higher_is_better=False,
        )


def child(people):
    """In the child process: migrate, load the demo and the people, then time each document (best of 2)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation
    from pypdf import PdfReader

    from caravans.demo import load_demo_caravan
    from caravans.models import Partnership
    from documents import badges, sheets
    from documents.render import render_pdf
    from people import fakes
    from people.models import Person
    from places.models import Province
    from places.services import load_places
    from registration.models import Decision, Registration, new_badge_code

    call_command("migrate", verbosity=0)
    load_places()
    caravan = load_demo_caravan()
    provinces = {p.code: p for p in Province.objects.all()}
    seen = set()
    records = []
    for fake in fakes.people(people, seed=11):
        cin = fake.cin if fake.cin not in seen else ""  # random CINs may meet by chance
        seen.add(cin)
        records.append(
            Person(
                full_name_ar=fake.full_name_ar,
                full_name_latin=fake.full_name_latin,
                cin=cin,
                phone=fake.phone or "",
                province=provinces[fake.province],
            )
        )
    persons = Person.objects.bulk_create(records)
    Registration.objects.bulk_create(
        Registration(
            person=p,
            caravan=caravan,
            profile="project_holder",
            channel="import",
            decision=Decision.ACCEPTED,
            badge_code=new_badge_code(),
        )
        for p in persons
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
        return context, lambda: render_pdf("documents/programme.html", context, language="ar")

    def badge_sheets():
        with translation.override("ar"):
            context = badges.context(caravan, [badges.badge(r) for r in badges.for_caravan(caravan)])
        return context, lambda: render_pdf("documents/badges.html", context, language="ar")

    def sign_in_sheet():
        columns = sheets.columns_asked("", personal_data=True)
        with translation.override("ar"):
            context = sheets.context(
                caravan, sheets.listed(caravan), columns, language="ar", date=caravan.start_date
            )
        return context, lambda: render_pdf("documents/sign_in_sheet.html", context, language="ar")

    programme()[1]()  # warm-up: Pango, fonts, templates
    figures = {}
    for name, prepare in [("programme", programme), ("badges", badge_sheets), ("sheet", sign_in_sheet)]:
        best = None
        for _ in range(2):
            started = time.perf_counter()
            _context, render = prepare()
            prepared = time.perf_counter()
            pdf = render()
            done = time.perf_counter()
            if best is None or done - started < best["seconds"]:
                best = {
                    "seconds": done - started,
                    "data_seconds": prepared - started,
                    "render_seconds": done - prepared,
                    "pages": pages(pdf),
                    "bytes": len(pdf),
                }
        figures[name] = best
    print(json.dumps(figures))


if __name__ == "__main__":
    from bench.__main__ import Report

    run(Report())
