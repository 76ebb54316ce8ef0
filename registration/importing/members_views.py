"""Loading a soulaliyate community's members' list (ذوو الحقوق) from the staff pages: the community chosen among
those of the caravan's region, the file uploaded, a preview of its rows (read, or skipped and why) with
nothing saved, then the load, by the code of `qafila import-right-holders` (`rightholders`). The file is kept
between the two steps as a registration list's is (`uploads`).
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy, ngettext, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caravans.access import caravan_for
from people.models import SoulaliyateCommunity

from ..entry_forms import region_provinces
from . import uploads
from .reading import NAME_COLUMNS
from .rightholders import MAX_BYTES, ImportRefused, load_right_holders, read_right_holders

ACTION = "community.import"
SHOWN_ROWS = 100  # rows read shown in the preview (a community's list may hold tens of thousands)
SHOWN_SKIPPED = 500
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
        members = read_right_holders(path)
    except ImportRefused as refusal:
        uploads.remove(path)
        return _upload_page(
            request, caravan, MembersListForm(caravan, initial={"community": community}), refusal
        )
    token = path.parent.name
    request.session[_key(caravan)] = {"token": token, "name": path.name, "community": community.pk}
    context = {"caravan": caravan, "community": community, "token": token, "name": path.name}
    return render(request, "registration/import/members_preview.html", {**context, **_shown(members)})


@require_POST
@login_required
def members_confirm(request, slug):
    caravan = caravan_for(request.user, slug, ACTION)
    pending = request.session.get(_key(caravan))
    path = uploads.kept(pending)
    community = communities_of(caravan).filter(pk=pending.get("community")).first() if path else None
    if community is None or request.POST.get("token") != pending["token"]:
        messages.error(
            request,
            _("This list is no longer waiting to be loaded (loaded already, or another file uploaded since): "
              "upload it again."),
        )  # fmt: skip
        return redirect("registration:staff_members_list", slug=caravan.slug)
    try:
        report = load_right_holders(community, path, request.user)
    except ImportRefused as refusal:  # the file is the previewed one: only if the disk failed in between
        return _upload_page(request, caravan, MembersListForm(caravan), refusal)
    finally:
        uploads.discard(request, _key(caravan))
    loaded = ngettext(
        "%(count)d right-holder loaded for %(community)s.",
        "%(count)d right-holders loaded for %(community)s.",
        report["loaded"],
    ) % {"count": report["loaded"], "community": community.name}
    messages.success(request, loaded)
    return redirect("registration:staff_members_list", slug=caravan.slug)


def _upload_page(request, caravan, form, refusal=None):
    context = {"caravan": caravan, "form": form, "communities": communities_of(caravan)}
    context["limit_mb"] = MAX_BYTES // (1024 * 1024)
    if refusal is not None:
        context["refusal"] = uploads.refusal_sentence(str(refusal))
        context["refusal_detail"] = str(refusal)
    return render(request, "registration/import/members_upload.html", context)


def _shown(members):
    """The preview: counts, what each column was read as, the rows skipped and the first rows read."""
    lang = "fr" if (get_language() or "").startswith("fr") else "ar"
    read = [row for row in members.rows if row.holder is not None]
    skipped = members.skipped
    return {
        "read_count": len(read),
        "skipped_count": len(skipped),
        "read_as": uploads.read_as_words(members.header.read_as(), lang, used=USED_COLUMNS),
        "sheet": members.sheet,
        "skipped": skipped[:SHOWN_SKIPPED],
        "rows": [
            {
                "number": row.number,
                "name_ar": row.holder.full_name_ar,
                "name_latin": row.holder.full_name_latin,
                "cin": _cin_read(row),
            }
            for row in read[:SHOWN_ROWS]
        ],
    }


def _cin_read(row):
    if row.cin_dropped:
        return _("Unreadable, left out: the name alone counts")
    return pgettext("CIN", "Read") if row.holder.cin else _("No CIN")


def _key(caravan):
    return f"community.import.{caravan.pk}"
