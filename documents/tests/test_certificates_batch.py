import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import jobs
from certificates.models import BatchJob, Certificate
from certificates.tests.factories import participant
from core.tests.jobs import run_due_jobs
from documents.certificates import caravan_pdf, run_batch
from documents.testing import pages_text


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def present(demo):
    return [participant(demo, days=2, full_name_latin=f"Salma Idrissi {n}") for n in range(5)] + [
        participant(demo, days=1, full_name_latin="Absent Once")
    ]


def start_url(demo):
    return reverse("documents:certificates_batch", args=[demo.slug])


class Steps:
    """Records the progress a batch reports, as the job's row would."""

    def __init__(self):
        self.total, self.done = None, []

    def begin(self, total):
        self.total = total

    def advance(self, count):
        self.done.append(count)


def test_it_renders_the_batch_in_chunks_reporting_progress(demo, present):
    steps = Steps()
    pdf = caravan_pdf(demo, "fr", chunk=2, progress=steps)
    assert (steps.total, steps.done) == (5, [2, 2, 1])
    pages = pages_text(pdf)
    assert len(pages) == 5  # one per certificate, chunks merged in number order
    numbers = list(Certificate.objects.order_by("serial").values_list("number", flat=True))
    assert [n for page in pages for n in numbers if n in page] == numbers
    assert "Absent Once" not in " ".join(pages)


def test_the_job_function_issues_renders_and_records_its_progress(personas, demo, present):
    response = personas["organiser"].post(start_url(demo), {"language": "ar"})
    assert response.status_code == 302
    job = BatchJob.objects.get()
    assert (job.status, job.language, job.done) == ("queued", "ar", 0)
    run_batch(job.pk, chunk=2)  # what the worker's job runs
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.percent) == ("done", 5, 5, 100)
    assert len(pages_text(job.result.read())) == 5
    assert Certificate.objects.valid().count() == 5


def test_it_queues_the_job_for_the_worker_after_commit_and_shows_progress_to_htmx(
    personas, demo, present, django_capture_on_commit_callbacks
):
    client = personas["organiser"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(start_url(demo), {"language": "fr"}, HTTP_HX_REQUEST="true")
    assert not run_due_jobs()  # queued only once the job row is committed
    for callback in callbacks:
        callback()
    assert 'hx-trigger="every 2s"' in response.content.decode()
    job = BatchJob.objects.get()
    progress = reverse("documents:certificates_batch_progress", args=[demo.slug, job.pk])
    assert "every 2s" in client.get(progress).content.decode()
    assert [ran.task_path for ran in run_due_jobs()] == ["documents.certificates.batch"]
    html = client.get(progress).content.decode()
    assert "every 2s" not in html
    download = reverse("documents:certificates_batch_pdf", args=[demo.slug, job.pk])
    assert download in html
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert len(pages_text(b"".join(response.streaming_content))) == 5


def test_it_refuses_a_second_batch_while_one_runs(personas, demo, present):
    client = personas["organiser"]
    client.post(start_url(demo), {"language": "fr"})
    client.post(start_url(demo), {"language": "fr"})
    assert BatchJob.objects.count() == 1


def test_a_job_that_cannot_store_its_pdf_is_marked_failed(personas, demo, present, settings, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked  # the disk refuses the file: the job must not stay "running"
    job = BatchJob.objects.create(caravan=demo, language="fr")
    run_batch(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error and not job.is_active
    progress = reverse("documents:certificates_batch_progress", args=[demo.slug, job.pk])
    html = personas["organiser"].get(progress).content.decode()
    assert 'role="alert"' in html and "every 2s" not in html


def test_it_prints_one_certificate_again_with_the_same_number(personas, demo, present):
    personas["organiser"].post(reverse("certificates:issue", args=[demo.slug]))
    certificate = Certificate.objects.first()
    url = reverse("documents:certificate_pdf", args=[demo.slug, certificate.pk]) + "?lang=fr"
    response = personas["organiser"].get(url)
    (text,) = pages_text(b"".join(response.streaming_content))
    assert certificate.number in text and certificate.holder_name_latin in text


@pytest.mark.parametrize("persona, status", [("trainer", 403), ("agent", 403), ("anonymous", 302)])
def test_it_refuses_batches_and_pdfs_to_those_who_do_not_manage_certificates(
    personas, demo, present, persona, status
):
    job = BatchJob.objects.create(caravan=demo, language="fr")
    run_batch(job.pk)
    certificate = Certificate.objects.first()
    client = personas[persona]
    assert client.post(start_url(demo), {"language": "fr"}).status_code == status
    for name, args in [
        ("certificates_batch_progress", [job.pk]),
        ("certificates_batch_pdf", [job.pk]),
        ("certificate_pdf", [certificate.pk]),
    ]:
        assert client.get(reverse(f"documents:{name}", args=[demo.slug, *args])).status_code == status
    assert BatchJob.objects.count() == 1


def test_a_job_lost_with_its_server_lets_a_new_one_start(personas, demo, present):
    job = BatchJob.objects.create(caravan=demo, language="fr", status="running")
    BatchJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=11))
    personas["organiser"].post(start_url(demo), {"language": "fr"})
    assert BatchJob.objects.count() == 2
    html = personas["organiser"].get(reverse("certificates:staff", args=[demo.slug])).content.decode()
    assert "every 2s" in html  # the new one is polled; the lost one no longer blocks


def test_a_batch_run_again_after_its_worker_died_counts_its_progress_from_zero(demo):
    job = BatchJob.objects.create(caravan=demo, language="fr", status="running", total=5, done=4)
    jobs.begin(job, 5)  # the second run starts
    job.refresh_from_db()
    assert (job.status, job.done, job.percent) == ("running", 0, 0)


def test_a_finished_batch_run_again_is_left_as_it_is(demo, present):
    job = BatchJob.objects.create(caravan=demo, language="fr")
    run_batch(job.pk)
    job.refresh_from_db()
    run_batch(job.pk)  # its worker died between the end and the job's own record of it
    assert BatchJob.objects.get().updated_at == job.updated_at
