"""Loading a soulaliyate community's members' list (ذوو الحقوق) from the staff pages: the community chosen among
those of the caravan's region, the file uploaded, a preview of its rows (read, or skipped and why) with
nothing saved, then the load, by the code of `qafila import-right-holders` (`rightholders`). As for a
registration list (`views`), the upload checks the file at once, the preview and the load are jobs of
`qafila worker` (`work`) whose progress the page polls, and the file is kept between the steps (`uploads`).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caravans.access import caravan_for
from core.jobs import enqueue_on_commit
from people.models import SoulaliyateCommunity

from ..entry_forms import region_provinces
from . import uploads, work
from .reading import NAME_COLUMNS
from .rightholders import MAX_BYTES, MAX_ROWS, ImportRefused
from .spreadsheets import read_table

ACTION = "community.import"
USED_COLUMNS = NAME_COLUMNS | {"cin"}  # what a members' list keeps of a row


def communities_of(caravan):
    """The soulaliyate communities of the caravan's region, with the size of their loaded list."""
    return (
        SoulaliyateCommunity.objects.filter(province__in=region_provinces(caravan))
        .select_related("province")
        .annotate(holders=Count("right_holders"))
        .order_by("province__name_ar", "name_ar")
    )


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, community):
        return f"{community.name} — {community.province.name}"


class MembersListForm(forms.Form):
    community = CommunityChoiceField(
        queryset=SoulaliyateCommunity.objects.none(), label=gettext_lazy("Soulaliyate community")
    )
    file = forms.FileField(
        label=gettext_lazy("Members' list (Excel or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.txt"}),
    )

    def __init__(self, caravan, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities_of(caravan)

    def clean_file(self):
        return uploads.within_size(self.cleaned_data["file"], MAX_BYTES)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def members_upload(request, slug):
    caravan = caravan_for(request.user, slug, ACTION)
    form = MembersListForm(caravan, request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _upload_page(request, caravan, form)
    community = form.cleaned_data["community"]
    uploads.discard(request, _key(caravan))
    uploads.forget_stale()
    path = uploads.store(form.cleaned_data["file"])
    try:
        read_table(path, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)  # a file that cannot be used: said at once
    except ImportRefused as refusal:
        uploads.remove(path)
        return _upload_page(
            request, caravan, MembersListForm(caravan, initial={"community": community}), refusal
        )
    token = path.parent.name
    request.session[_key(caravan)] = {"token": token, "name": path.name, "community": community.pk}
    work.queue(path.parent, work.PREVIEW)
    enqueue_on_commit(work.preview_members, token, path.name)
    return redirect("registration:staff_members_list_status", slug=caravan.slug)


@require_GET
@login_required
def members_status(request, slug):
    """The preview or the load in the worker: its progress (polled by htmx), then the preview or what was
    loaded."""
    caravan = caravan_for(request.user, slug, ACTION)
    pending = request.session.get(_key(caravan)) or {}
    folder = uploads.folder_of(pending)
    job = work.state(folder) if folder else None
    community = communities_of(caravan).filter(pk=pending.get("community")).first() if job else None
    if community is None:
        return redirect("registration:staff_members_list", slug=caravan.slug)
    if job["status"] in (work.QUEUED, work.RUNNING):
        template = (
            "registration/import/_progress.html"
            if request.htmx
            else "registration/import/members_working.html"
        )
        percent = 100 * job["done"] // job["total"] if job["total"] else 0
        return render(request, template, {"caravan": caravan, "job": job, "percent": percent})
    if request.htmx:  # finished: the whole page shows the outcome
        return HttpResponse(headers={"HX-Refresh": "true"})
    if job["status"] != work.DONE:
        uploads.discard(request, _key(caravan))
        refusal = ImportRefused(job.get("refusal") or "") if job["status"] == work.REFUSED else None
        form = MembersListForm(caravan, initial={"community": community})
        return _upload_page(request, caravan, form, refusal, failed=refusal is None)
    done = work.report(folder)
    if job["step"] == work.PREVIEW:
        context = {
            "caravan": caravan,
            "community": community,
            "token": pending["token"],
            "name": pending["name"],
        }
        return render(request, "registration/import/members_preview.html", {**context, **_shown(done)})
    uploads.discard(request, _key(caravan))
    loaded = ngettext(
        "%(count)d right-holder loaded for %(community)s.",
        "%(count)d right-holders loaded for %(community)s.",
        done["loaded"],
    ) % {"count": done["loaded"], "community": community.name}
    messages.success(request, loaded)
    return redirect("registration:staff_members_list", slug=caravan.slug)


@require_POST
@login_required
def members_confirm(request, slug):
    caravan = caravan_for(request.user, slug, ACTION)
    pending = request.session.get(_key(caravan))
    path = uploads.kept(pending)
    job = work.state(path.parent) if path else None
    previewed = job and job["step"] == work.PREVIEW and job["status"] == work.DONE
    community = communities_of(caravan).filter(pk=pending.get("community")).first() if previewed else None
    if community is None or request.POST.get("token") != pending["token"]:
        messages.error(
            request,
            _("This list is no longer waiting to be loaded (loaded already, or another file uploaded since): "
              "upload it again."),
        )  # fmt: skip
        return redirect("registration:staff_members_list", slug=caravan.slug)
    work.queue(path.parent, work.LOAD)
    enqueue_on_commit(work.load_members, community.pk, pending["token"], path.name, request.user.pk)
    return redirect("registration:staff_members_list_status", slug=caravan.slug)


def _upload_page(request, caravan, form, refusal=None, *, failed=False):
    context = {"caravan": caravan, "form": form, "communities": communities_of(caravan), "failed": failed}
    context["limit_mb"] = MAX_BYTES // (1024 * 1024)
    if refusal is not None:
        context["refusal"] = uploads.refusal_sentence(str(refusal))
        context["refusal_detail"] = str(refusal)
    return render(request, "registration/import/members_upload.html", context)


def _shown(outline):
    """The preview as the page shows it, in the reader's language (`outline`: what the job wrote)."""
    lang = "fr" if (get_language() or "").startswith("fr") else "ar"
    rows = [{**row, "cin": _cin_read(row["cin"])} for row in outline["rows"]]
    read_as = uploads.read_as_words(outline["read_as"], lang, used=USED_COLUMNS)
    return {**outline, "read_as": read_as, "rows": rows}


def _cin_read(read):
    if read == "dropped":
        return _("Unreadable, left out: the name alone counts")
    return pgettext("CIN", "Read") if read == "read" else _("No CIN")


def _key(caravan):
    return f"community.import.{caravan.pk}"
