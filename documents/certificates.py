"""Certificate PDFs: one document for many certificates, split when files are needed, and the batch job.

Speed (measured): WeasyPrint lays out ~30 pages/s within one document but makes only ~1.4 separate files/s (it
subsets the fonts for each file), so a batch is rendered as documents of CHUNK pages merged with pypdf, and
`split` cuts a document into one file per certificate (~2 ms a page). Chunks also bound memory (it grows with
the page count) and give the progress bar its steps. The batch is a job of `qafila worker` (`batch`): a web
server's restart does not lose it, and a worker's death has it run again from the start.
"""

import io
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django_tasks import task

from caravans.access import caravan_for
from caravans.models import Partnership
from certificates import jobs, services
from certificates.forms import BatchForm
from certificates.models import BatchJob, Certificate
from core.jobs import enqueue_on_commit
from people.gender import gendered

from .badges import qr_svg
from .render import render_pdf

logger = logging.getLogger(__name__)
CHUNK = 200  # certificates per rendered document in a batch
MANAGE = "certificate.manage"


def verify_url(number, base_url=None):
    """The public verification address of a certificate number (SITE_URL unless a base is given)."""
    base = (base_url or settings.SITE_URL).rstrip("/")
    return base + reverse("certificates:verify", args=[number])


def _partners(caravan):
    partnerships = list(caravan.partnerships.select_related("organisation"))
    organisers = [p.organisation for p in partnerships if p.role != Partnership.Role.PARTNER]
    return {"signatories": organisers[:3]}  # signing for the organisers until they name their signatories


def holder_words(person):
    """The lines around the holder's name, in the holder's gender: «للسيدة», «لمشاركتها»."""
    sex = person.sex
    return {
        "awarded_to": gendered(
            sex,
            female=pgettext_lazy("female", "This certificate is awarded to"),
            male=pgettext_lazy("male", "This certificate is awarded to"),
            neutral=_("This certificate is awarded to"),
        ),
        "taking_part": gendered(
            sex,
            female=pgettext_lazy("female", "for taking part in"),
            male=pgettext_lazy("male", "for taking part in"),
            neutral=_("for taking part in"),
        ),
    }


def pages(certificates, base_url=None):
    """What each page shows; call it in the certificates' language (the caravan's names are localised)."""
    by_caravan = {}
    result = []
    for certificate in certificates:
        caravan = certificate.caravan
        if caravan.pk not in by_caravan:
            by_caravan[caravan.pk] = _partners(caravan)
        url = verify_url(certificate.number, base_url)
        result.append({"certificate": certificate, "caravan": caravan, "url": url, "qr": qr_svg(url),
                       **holder_words(certificate.registration.person), **by_caravan[caravan.pk]})  # fmt: skip
    return result


def render_certificates(certificates, language, *, base_url=None):
    """One PDF, A4 landscape, one page per certificate (a page saying so when there is none)."""
    with translation.override(language):
        context = {"pages": pages(certificates, base_url)}
    return render_pdf("documents/certificates.html", context, language=language)


def split(pdf):
    """One PDF file per page of `pdf`."""
    from pypdf import PdfReader, PdfWriter

    files = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        writer = PdfWriter()
        writer.add_page(page)
        out = io.BytesIO()
        writer.write(out)
        files.append(out.getvalue())
    return files


def merge(pdfs):
    if len(pdfs) == 1:
        return pdfs[0]
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def for_caravan(caravan):
    """The caravan's valid certificates in number order, ready to render."""
    return list(
        Certificate.objects.valid()
        .filter(caravan=caravan)
        .select_related("caravan", "registration__person")
        .order_by("serial")
    )


def caravan_pdf(caravan, language, *, actor=None, base_url=None, chunk=CHUNK, progress=None):
    """Issue what is earned (idempotent), then every valid certificate of the caravan as one PDF."""
    services.issue_all(caravan, actor, language=language)
    certificates = for_caravan(caravan)
    if progress:
        progress.begin(len(certificates))
    parts = []
    for start in range(0, max(len(certificates), 1), chunk):
        part = certificates[start : start + chunk]
        parts.append(render_certificates(part, language, base_url=base_url))
        if progress:
            progress.advance(len(part))
    return merge(parts)


class _Progress:
    def __init__(self, job):
        self.job = job

    def begin(self, total):
        jobs.begin(self.job, total)

    def advance(self, count):
        jobs.advance(self.job, count)


def run_batch(job_id, *, chunk=CHUNK):
    """The batch job: issue, render in chunks with progress, store the PDF; on any error, mark it failed."""
    job = BatchJob.objects.select_related("caravan", "started_by").get(pk=job_id)
    if job.status in (BatchJob.Status.DONE, BatchJob.Status.FAILED):
        return  # its worker died after the end: nothing to do again
    try:
        pdf = caravan_pdf(
            job.caravan,
            job.language,
            actor=job.started_by,
            base_url=job.base_url,
            chunk=chunk,
            progress=_Progress(job),
        )
        jobs.finish(job, pdf)
    except Exception as error:  # a failed job must say so on the page, never stay "running"
        logger.exception("certificate batch %s failed", job_id)
        jobs.fail(job, error)


# Ahead of the queue's messages: someone is waiting at the staff page for this PDF.
@task(priority=10)
def batch(job_id):
    run_batch(job_id)


# --- Views ---------------------------------------------------------------------------------------------------


@require_POST
@login_required
def batch_start(request, slug):
    """Queue the batch for the worker once its row is committed; htmx gets the progress panel."""
    caravan = caravan_for(request.user, slug, MANAGE)
    form = BatchForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else request.LANGUAGE_CODE[:2]
    try:
        job = jobs.queue(caravan, request.user, language=language, base_url=request.build_absolute_uri("/"))
    except services.CertificateError as error:
        messages.error(request, error.message)
        return redirect("certificates:staff", caravan.slug)
    enqueue_on_commit(batch, job.pk)
    if request.htmx:
        return render(
            request, "certificates/_batch.html", {"caravan": caravan, "job": job, "batch_form": form}
        )
    return redirect("certificates:staff", caravan.slug)


@require_safe
@login_required
def batch_progress(request, slug, pk):
    """The progress panel, polled every 2 s by htmx while the job runs."""
    caravan = caravan_for(request.user, slug, MANAGE)
    job = get_object_or_404(BatchJob, caravan=caravan, pk=pk)
    context = {"caravan": caravan, "job": job, "batch_form": BatchForm(initial={"language": job.language})}
    return render(request, "certificates/_batch.html", context)


@require_safe
@login_required
def batch_pdf(request, slug, pk):
    caravan = caravan_for(request.user, slug, MANAGE)
    job = get_object_or_404(BatchJob, caravan=caravan, pk=pk, status=BatchJob.Status.DONE)
    if not job.result:
        raise Http404(pk)
    filename = f"certificates-{caravan.slug}-{job.language}.pdf"
    return FileResponse(job.result.open("rb"), content_type="application/pdf", filename=filename)


@require_safe
@login_required
def certificate_pdf(request, slug, pk):
    """One valid certificate, in its language or `?lang=ar|fr` (a reprint: same number)."""
    caravan = caravan_for(request.user, slug, MANAGE)
    certificate = get_object_or_404(
        Certificate.objects.valid().select_related("caravan", "registration__person"), caravan=caravan, pk=pk
    )
    language = request.GET.get("lang")
    language = language if language in Certificate.Language.values else certificate.language
    pdf = render_certificates([certificate], language, base_url=request.build_absolute_uri("/"))
    response = FileResponse(io.BytesIO(pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.number}.pdf"'
    return response


urlpatterns = [
    path("staff/caravans/<slug:slug>/certificates/batch", batch_start, name="certificates_batch"),
    path(
        "staff/caravans/<slug:slug>/certificates/batch/<int:pk>",
        batch_progress,
        name="certificates_batch_progress",
    ),
    path(
        "staff/caravans/<slug:slug>/certificates/batch/<int:pk>.pdf", batch_pdf, name="certificates_batch_pdf"
    ),
    path("staff/caravans/<slug:slug>/certificates/<int:pk>.pdf", certificate_pdf, name="certificate_pdf"),
]
