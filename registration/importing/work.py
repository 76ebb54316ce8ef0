"""The preview and the import of an uploaded list (a registration list, or a community's members' list: its
preview and its load), run by `qafila worker` instead of a web request: a 50,000-row list takes longer than a
server waits.

A job's state is a small file beside the upload (`state.json`: queued, running with rows done of rows, done,
refused or failed), and its report another (`report.json`): both 0600 in the upload's 0700 folder, gone with
it (`uploads.discard`). An import commits its rows in chunks: one stopped by a failure says which rows it
imported and where it stopped (`imported`, `stopped_at`, `cause`). A job run again after its worker died
starts over: a preview is a dry run, and an import run twice reports `unchanged` for what its first run saved.
"""

import json
import logging
import os

from django.contrib.auth import get_user_model
from django_tasks import task

from caravans.models import Caravan
from people.models import SoulaliyateCommunity

from . import uploads
from .lists import MAX_BYTES, MAX_ROWS, ImportRefused, ImportStopped, import_registrations
from .reading import is_blank, read_row, row_values
from .rightholders import load_right_holders, read_right_holders
from .spreadsheets import read_table

logger = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, REFUSED, FAILED = "queued", "running", "done", "refused", "failed"
PREVIEW, IMPORT, LOAD = "preview", "import", "load"  # LOAD: a members' list replacing its community's


def queue(folder, step):
    """Mark the upload in `folder` as waiting for its `step` (preview or import)."""
    _write(folder / "state.json", {"step": step, "status": QUEUED, "done": 0, "total": 0})


def state(folder):
    """The job's state ({"step", "status", "done", "total", "refusal"}), or None when there is none."""
    try:
        return json.loads((folder / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def report(folder):
    """What the finished job wrote (a registration list's: {"report", "names", "read_as"})."""
    return json.loads((folder / "report.json").read_text(encoding="utf-8"))


@task(priority=5)
def preview_list(caravan_id, token, name, actor_id):
    run(PREVIEW, caravan_id, token, name, actor_id)


@task(priority=5)
def import_list(caravan_id, token, name, actor_id, messages):
    run(IMPORT, caravan_id, token, name, actor_id, messages=messages)


@task(priority=5)
def preview_members(token, name):
    perform(
        PREVIEW, token, name, lambda path, progress: read_right_holders(path, progress=progress).outline()
    )


@task(priority=5)
def load_members(community_id, token, name, actor_id):
    community = SoulaliyateCommunity.objects.get(pk=community_id)
    actor = get_user_model().objects.filter(pk=actor_id).first()
    perform(
        LOAD,
        token,
        name,
        lambda path, progress: load_right_holders(community, path, actor, progress=progress),
    )


def run(step, caravan_id, token, name, actor_id, *, messages=False):
    """The registration list's job: the dry run (PREVIEW) or the import of the kept file."""
    caravan = Caravan.objects.get(pk=caravan_id)
    actor = get_user_model().objects.filter(pk=actor_id).first()

    def registrations(path, progress):
        result = import_registrations(
            caravan, path, actor=actor, dry_run=step == PREVIEW, messages=messages, progress=progress
        )
        names, read_as = _names(path)
        return {"report": result, "names": names, "read_as": read_as}

    perform(step, token, name, registrations)


def perform(step, token, name, work):
    """Run `work(path, progress)` on the kept file, its progress written as it goes, and what it returns
    (JSON) written as the job's report."""
    path = uploads.kept({"token": token, "name": name})
    if path is None:
        return  # discarded meanwhile (another file uploaded): nothing to do
    folder = path.parent

    def progress(done, total):
        _write(folder / "state.json", {"step": step, "status": RUNNING, "done": done, "total": total})

    try:
        progress(0, 0)
        result = work(path, progress)
    except ImportRefused as refusal:
        _finish(folder, step, REFUSED, refusal=str(refusal))
        return
    except ImportStopped as stopped:
        logger.exception("the import of an uploaded list stopped at row %s", stopped.stopped_at)
        done = stopped.report["rows"]
        imported = [done[0]["row"], done[-1]["row"]] if done else None
        _finish(folder, step, FAILED, imported=imported, stopped_at=stopped.stopped_at, cause=stopped.cause)
        raise
    except Exception:
        logger.exception("the %s of an uploaded list failed", step)
        _finish(folder, step, FAILED)
        raise
    _write(folder / "report.json", result)
    _finish(folder, step, DONE)


def _finish(folder, step, status, **more):
    if status != DONE or step != PREVIEW:
        for kept in folder.iterdir():  # the list itself: nothing more will read it
            if kept.name not in ("state.json", "report.json"):
                kept.unlink(missing_ok=True)
    _write(folder / "state.json", {"step": step, "status": status, **more})


def _names(path):
    """(row number → [Arabic name, Latin name], what each header was read as), read as the importer reads."""
    table = read_table(path, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    names = {}
    for number, cells in table.rows:
        raw = row_values(table.header, cells)
        if not is_blank(raw):
            row = read_row(raw)
            names[str(number)] = [row.full_name_ar, row.full_name_latin]
    return names, table.header.read_as()


def _write(path, content):
    """Write JSON readable by Qafila's user alone, replacing the file at once (a poll never reads half)."""
    partial = path.with_name(path.name + ".part")
    with os.fdopen(
        os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8"
    ) as out:
        json.dump(content, out, ensure_ascii=False, default=str)
    os.replace(partial, path)
