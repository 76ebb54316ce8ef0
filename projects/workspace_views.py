"""The guided workspace: the canvas one block per screen, saved as you go, and the founding checklist's steps.

Plain form POSTs that work without JavaScript; with htmx, the text is also saved while typing and only the
"saved" line is swapped."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import canvas, founding, services
from .access import project_of, staff_or_personal_link
from .forms import CanvasBlockForm, FoundingStepForm
from .models import FoundingStep
from .views import actor, require_get_or_post

MOVES = {"previous": 0, "next": 1}


@require_safe
@staff_or_personal_link
def canvas_start(request, pk):
    """Open the workspace on the first block still empty (the first one when all are written)."""
    project = project_of(request, pk, "project.edit")
    empty = [key for key in canvas.KEYS if not project.canvas.get(key, "").strip()]
    return redirect("projects:canvas", project.pk, (empty or canvas.KEYS)[0])


@require_get_or_post
@staff_or_personal_link
def canvas_block(request, pk, key):
    project = project_of(request, pk, "project.edit")
    block = canvas.BY_KEY.get(key)
    if block is None:
        raise Http404(key)
    previous, following = canvas.neighbours(key)
    initial = {"text": project.canvas.get(key, "")}
    form = CanvasBlockForm(request.POST or None, initial=initial, block=block)
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            services.save_canvas_block(actor(request), project, key, form.cleaned_data["text"])
        except services.ProjectError as error:
            form.add_error("text", error)
        else:
            saved = True
            go = request.POST.get("go")
            if request.htmx and go not in MOVES:
                return render(request, "projects/_saved.html", {"saved_at": timezone.localtime()})
            if go == "previous" and previous:
                return redirect("projects:canvas", project.pk, previous)
            if go == "next" and following:
                return redirect("projects:canvas", project.pk, following)
            if go == "done":
                return redirect("projects:detail", project.pk)
    context = {
        "project": project,
        "part": block,
        "form": form,
        "number": canvas.KEYS.index(key) + 1,
        "total": len(canvas.KEYS),
        "previous": previous,
        "next": following,
        "steps": [(b, bool(project.canvas.get(b.key, "").strip())) for b in canvas.BLOCKS],
        "saved_at": timezone.localtime() if saved else None,
    }
    if request.htmx and request.method == "POST":
        return render(request, "projects/_saved.html", {"errors": form.errors.get("text")}, status=422)
    return render(request, "projects/canvas.html", context)


@require_get_or_post
@staff_or_personal_link
def founding_step(request, pk, step):
    project = project_of(request, pk, "project.edit")
    if step not in founding.STEP_IDS:
        raise Http404(step)
    saved = FoundingStep.objects.filter(project=project, step=step).first()
    row = next(
        r for r in founding.checklist({step: saved} if saved else {}, timezone.localdate()) if r.id == step
    )
    documents = [(key, label) for key, label, _gathered in row.documents]
    initial = {"status": row.status, "on": row.on, "note": row.note}
    initial["documents"] = [key for key, _label, gathered in row.documents if gathered]
    form = FoundingStepForm(request.POST or None, initial=initial, documents=documents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_founding_step(
                actor(request),
                project,
                step,
                status=data["status"],
                on=data["on"],
                documents=data.get("documents", []),
                note=data["note"],
            )
        except services.ProjectError as error:
            form.add_error(None, error)
        else:
            return redirect(f"{project.get_absolute_url()}#step-{step}")
    return render(request, "projects/founding_step.html", {"project": project, "row": row, "form": form})
