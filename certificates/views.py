"""Certificates: the staff page (rule, who earns one and why, issue, revoke, reissue) and the public check.

The batch PDF (start, progress, download) is served by documents.certificates: rendering lives there.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from caravans.access import caravan_for

from . import jobs, numbers, services
from .forms import BatchForm, RevokeForm, RuleForm
from .models import Certificate
from .standings import rows, rule_for

MANAGE = "certificate.manage"


def _page(request, caravan, rule_form=None, status=200):
    rule = rule_for(caravan)
    if rule_form is None:
        initial = {
            "min_days": rule.min_days,
            "min_sessions": rule.min_sessions,
            "number_prefix": rule.number_prefix,
        }
        rule_form = RuleForm(initial=initial, day_count=len(caravan.dates()))
    people = rows(caravan, rule)
    context = {
        "caravan": caravan,
        "rule": rule,
        "rule_form": rule_form,
        "rows": people,
        "earned": sum(row.standing.earned for row in people),
        "issued": sum(row.certificate is not None for row in people),
        "revoked": Certificate.objects.filter(caravan=caravan).exclude(revoked_at=None).count(),
        "job": jobs.latest(caravan),
        "batch_form": BatchForm(initial={"language": request.LANGUAGE_CODE[:2]}),
        "revoke_form": RevokeForm(),
    }
    return render(request, "certificates/staff.html", context, status=status)


@require_safe
@login_required
def staff(request, slug):
    """The caravan's certificates: the rule, who earns one (and why not), the numbers issued, the batch PDF."""
    return _page(request, caravan_for(request.user, slug, MANAGE))


@require_POST
@login_required
def save_rule(request, slug):
    caravan = caravan_for(request.user, slug, MANAGE)
    form = RuleForm(request.POST, day_count=len(caravan.dates()))
    if not form.is_valid():
        return _page(request, caravan, rule_form=form, status=400)
    services.save_rule(caravan, request.user, **form.cleaned_data)
    messages.success(request, _("The rule is saved."))
    return redirect("certificates:staff", caravan.slug)


@require_POST
@login_required
def issue(request, slug):
    """Issue a numbered certificate to everyone who earns one and has none yet (a repeat issues nothing).
    Before the caravan's last day, only once the organiser has confirmed it."""
    caravan = caravan_for(request.user, slug, MANAGE)
    today = timezone.localdate()
    if today < caravan.end_date and "confirmed" not in request.POST:
        context = {
            "caravan": caravan,
            "day": (today - caravan.start_date).days + 1,
            "days": len(caravan.dates()),
        }
        return render(request, "certificates/confirm_issue.html", context)
    issued = services.issue_all(caravan, request.user, language=request.LANGUAGE_CODE[:2])
    messages.success(request, _("Certificates issued: %(count)d.") % {"count": len(issued)})
    return redirect("certificates:staff", caravan.slug)


@require_POST
@login_required
def revoke(request, slug, pk):
    caravan = caravan_for(request.user, slug, MANAGE)
    certificate = get_object_or_404(Certificate, caravan=caravan, pk=pk)
    form = RevokeForm(request.POST)
    try:
        services.revoke(certificate, request.user, form.data.get("reason", ""))
        messages.success(request, _("Certificate %(number)s is revoked.") % {"number": certificate.number})
    except services.CertificateError as error:
        messages.error(request, error.message)
    return redirect("certificates:staff", caravan.slug)


@require_POST
@login_required
def reissue(request, slug, pk):
    caravan = caravan_for(request.user, slug, MANAGE)
    certificate = get_object_or_404(Certificate, caravan=caravan, pk=pk)
    try:
        new = services.reissue(certificate, request.user)
        messages.success(request, _("Reissued as %(number)s.") % {"number": new.number})
    except services.CertificateError as error:
        messages.error(request, error.message)
    return redirect("certificates:staff", caravan.slug)


@require_safe
@never_cache
def verify(request, number):
    """Public: is this certificate genuine? Valid or revoked, the holder's name, the caravan, the dates; nothing
    else (the revoking reason stays internal). Not indexed by search engines."""
    number = numbers.normalise(number)
    certificate = (
        Certificate.objects.select_related("caravan", "registration__person").filter(number=number).first()
        if numbers.is_well_formed(number)
        else None
    )
    response = render(
        request,
        "certificates/verify.html",
        {"certificate": certificate, "number": number},
        status=200 if certificate else 404,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
