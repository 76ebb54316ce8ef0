"""Stories, the staff pages: a caravan's stories and the followed projects to tell; one story's page (texts,
consent, photos, review, publication, withdrawal, the programmes that show it).

The public pages are in public.py; the PDF in documents/stories.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from caravans.access import caravan_for, roles_by_caravan, roles_for
from caravans.models import Caravan, Session
from core.forms import add_errors
from core.permissions import allowed, require
from projects.followup.state import standings

from . import services
from .access import may, projects_for, stories_for, story_for
from .forms import ConsentForm, FeatureForm, PhotoForm, StoryForm, WithdrawForm
from .models import Story, StoryPhoto

EDIT, PUBLISH = "story.edit", "story.publish"


@require_safe
@login_required
def staff(request, slug):
    """The caravan's stories, and the projects the follow-up reached that have none yet."""
    caravan = caravan_for(request.user, slug, EDIT)
    stories = stories_for(request.user, caravan).select_related("project")
    told = {story.project_id for story in stories}
    projects = list(
        projects_for(request.user, caravan)
        .filter(follow_ups__caravan=caravan, follow_ups__status="reached")
        .distinct()
        .select_related("holder", "cooperative")
    )
    state = standings(caravan, [project.pk for project in projects])
    candidates = [(project, state[project.pk]) for project in projects if project.pk not in told]
    context = {"caravan": caravan, "stories": stories, "candidates": candidates}
    return render(request, "stories/staff.html", context)


@require_POST
@login_required
def draft(request, slug, pk):
    """A new story of the project `pk`, its first draft written from the project's follow-up."""
    caravan = caravan_for(request.user, slug, EDIT)
    found = get_object_or_404(projects_for(request.user, caravan), pk=pk)
    try:
        story = services.draft(request.user, caravan, found)
    except services.StoryError as error:
        messages.error(request, error.message)
        return redirect("stories:staff", caravan.slug)
    messages.success(request, _("A first draft is written from the project's follow-up: complete it."))
    return redirect("stories:edit", caravan.slug, story.pk)


def later_sessions(user, story):
    """Sessions of later caravans whose programme `user` may edit: where the story can be put."""
    national, per_caravan = roles_by_caravan(user)
    later = Caravan.objects.filter(start_date__gt=story.caravan.end_date)
    if not allowed(national, "programme.edit"):
        later = later.filter(
            pk__in=[pk for pk, roles in per_caravan.items() if allowed(roles, "programme.edit")]
        )
    return (
        Session.objects.filter(day__caravan__in=later)
        .exclude(kind__in=Session.NO_ATTENDANCE)
        .select_related("day__caravan")
        .order_by("day__date", "starts_at")
    )


def _page(request, story, status=200, **forms):
    """The story's page; `forms` replace the blank ones (a form sent back with its errors)."""
    initial = {
        "on": story.consent_on,
        "collected_by": story.consent_collected_by or request.user.get_full_name() or request.user.username,
        "covers_text": story.consent_text,
        "covers_photos": story.consent_photos,
    }
    context = {
        "caravan": story.caravan,
        "story": story,
        "form": StoryForm(instance=story),
        "consent_form": ConsentForm(initial=initial),
        "photo_form": PhotoForm(),
        "withdraw_form": WithdrawForm(initial={"on": timezone.localdate()}),
        "feature_form": FeatureForm(sessions=later_sessions(request.user, story)),
        "featured": story.sessions.select_related("day__caravan"),
        "photos": story.photos.all(),
        "may_publish": may(request.user, story, PUBLISH),
        **forms,
    }
    return render(request, "stories/edit.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request, slug, pk):
    story = story_for(request.user, slug, pk, EDIT)
    if request.method != "POST":
        return _page(request, story)
    form = StoryForm(request.POST, instance=Story.objects.get(pk=story.pk))
    if not form.is_valid():
        return _page(request, story, status=400, form=form)
    try:
        services.edit(request.user, story, **{name: form.cleaned_data[name] for name in services.TEXT_FIELDS})
    except services.StoryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The story is saved."))
    return redirect("stories:edit", slug, pk)


@require_POST
@login_required
def consent(request, slug, pk):
    story = story_for(request.user, slug, pk, EDIT)
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consent(
                request.user,
                story,
                on=data["on"],
                collected_by=data["collected_by"],
                covers_text=data["covers_text"],
                covers_photos=data["covers_photos"],
                scan=data["scan"],
            )
        except services.StoryError as error:
            add_errors(form, error)
    if form.errors:
        return _page(request, story, status=400, consent_form=form)
    messages.success(request, _("The consent is recorded."))
    return redirect("stories:edit", slug, pk)


@require_safe
@login_required
def consent_scan(request, slug, pk):
    story = story_for(request.user, slug, pk, EDIT)
    if not story.consent_scan:
        raise Http404(pk)
    response = FileResponse(story.consent_scan.open("rb"))
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def photo_add(request, slug, pk):
    story = story_for(request.user, slug, pk, EDIT)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_photo(
                request.user,
                story,
                data["image"],
                caption_ar=data["caption_ar"],
                caption_fr=data["caption_fr"],
            )
        except services.StoryError as error:
            form.add_error("image", error)
    if form.errors:
        return _page(request, story, status=400, photo_form=form)
    messages.success(request, _("The photo is added."))
    return redirect("stories:edit", slug, pk)


@require_POST
@login_required
def photo_remove(request, slug, pk, photo):
    story = story_for(request.user, slug, pk, EDIT)
    found = StoryPhoto.objects.filter(story=story, pk=photo).first()
    if found is not None:  # a repeat (a double tap) finds it gone: nothing more to do
        services.remove_photo(request.user, found)
    messages.success(request, _("The photo is removed."))
    return redirect("stories:edit", slug, pk)


def _act(request, slug, pk, action, do, done):
    """Run a one-button action on the story and come back to its page with its answer."""
    story = story_for(request.user, slug, pk, action)
    try:
        do(request.user, story)
    except services.StoryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("stories:edit", slug, pk)


@require_POST
@login_required
def submit(request, slug, pk):
    return _act(request, slug, pk, EDIT, services.submit, _("The story is sent for review."))


@require_POST
@login_required
def publish(request, slug, pk):
    return _act(request, slug, pk, PUBLISH, services.publish, _("The story is published."))


@require_POST
@login_required
def withdraw(request, slug, pk):
    """The holder withdrew their consent: recorded, and the story leaves the public pages at once."""
    story = story_for(request.user, slug, pk, EDIT)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _page(request, story, status=400, withdraw_form=form)
    services.withdraw_consent(request.user, story, on=form.cleaned_data["on"], note=form.cleaned_data["note"])
    messages.success(request, _("The withdrawal is recorded: the story is no longer public."))
    return redirect("stories:edit", slug, pk)


@require_POST
@login_required
def feature(request, slug, pk):
    """Put the story on a later caravan's programme (a session whose programme the user may edit)."""
    story = story_for(request.user, slug, pk, EDIT)
    form = FeatureForm(request.POST, sessions=later_sessions(request.user, story))
    if not form.is_valid():
        return _page(request, story, status=400, feature_form=form)
    try:
        services.feature(request.user, story, form.cleaned_data["session"])
    except services.StoryError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The story is on that caravan's programme."))
    return redirect("stories:edit", slug, pk)


@require_POST
@login_required
def unfeature(request, slug, pk, session):
    """Take the story off a caravan's programme (a repeat finds it off already: nothing more to do)."""
    story = story_for(request.user, slug, pk, EDIT)
    found = get_object_or_404(Session.objects.select_related("day__caravan"), pk=session)
    require(roles_for(request.user, found.day.caravan), "programme.edit")
    services.unfeature(request.user, story, found)
    messages.success(request, _("The story is off that caravan's programme."))
    return redirect("stories:edit", slug, pk)
