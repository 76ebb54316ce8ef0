"""Batch jobs' life: queued → running (progress) → done with a PDF, or failed with the error.

The work itself (issuing, then rendering) is `documents.certificates.run_batch`, a plain function tests call
directly; the staff view queues it for `qafila worker` once the job row is committed.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit

from .models import BatchJob, Certificate
from .services import CertificateError


def latest(caravan):
    return BatchJob.objects.filter(caravan=caravan).first()


def queue(caravan, actor, *, language, base_url=""):
    """A new queued job for the caravan; refused while another one is still running."""
    if language not in Certificate.Language.values:
        raise CertificateError(_("Choose Arabic or French."), code="bad_language")
    with transaction.atomic():
        running = [job for job in BatchJob.objects.filter(caravan=caravan)[:5] if job.is_active]
        if running:
            raise CertificateError(
                _("Certificates are already being prepared for this caravan: wait until they are ready."),
                code="batch_running",
            )
        job = BatchJob.objects.create(
            caravan=caravan, language=language, started_by=actor, base_url=base_url[:200]
        )
        audit.record(actor, "certificate.batch_started", job, language=language)
    return job


def begin(job, total):
    """Counting from zero: a batch run again after its worker died starts over."""
    BatchJob.objects.filter(pk=job.pk).update(
        status=BatchJob.Status.RUNNING, total=total, done=0, updated_at=timezone.now()
    )


def advance(job, count):
    BatchJob.objects.filter(pk=job.pk).update(done=F("done") + count, updated_at=timezone.now())


def finish(job, pdf):
    job.refresh_from_db()
    job.result.save(f"{job.caravan.slug}-{job.pk}-{job.language}.pdf", ContentFile(pdf), save=False)
    job.status, job.done = BatchJob.Status.DONE, job.total
    job.save(update_fields=["result", "status", "done", "updated_at"])


def fail(job, error):
    BatchJob.objects.filter(pk=job.pk).update(
        status=BatchJob.Status.FAILED, error=str(error)[:2000], updated_at=timezone.now()
    )
