"""Export jobs: start (repeat-safe), run (once), and the querysets they export.

`run` is a plain function: the web view runs it in a thread for the embedded default, and
`python manage.py` or an RQ worker could run it just the same. Running it twice does nothing
the second time: it claims the job with a conditional UPDATE.
"""

import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from api.filters import SuggestionFilter
from ops import replica
from suggestions import access

from . import excel, figures
from .models import ExportJob

ACTIVE = [ExportJob.State.PENDING, ExportJob.State.RUNNING]


def queryset_for(job: ExportJob) -> QuerySet:
    visible = access.visible_to(job.requested_by)
    if job.kind == ExportJob.Kind.FILTERED:
        # The same filters, by the same names, as /api/v1/suggestions/.
        params = QueryDict(mutable=True)
        for key, value in job.params.items():
            params.setlist(key, value if isinstance(value, list) else [value])
        return SuggestionFilter(params, queryset=visible).qs
    return figures.scope(visible, **figures.filters_from(job.params))


def start(user, kind: str, params: dict) -> ExportJob:
    """Return the user's unfinished job for the same export, or queue a new one."""
    existing = ExportJob.objects.filter(requested_by=user, kind=kind, params=params, state__in=ACTIVE).first()
    if existing:
        return existing
    job = ExportJob.objects.create(requested_by=user, kind=kind, params=params)
    if getattr(settings, "STATS_EXPORT_IN_THREAD", True):
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
    else:
        run(job.pk)
        job.refresh_from_db()
    return job


def _run_in_thread(pk: int) -> None:
    close_old_connections()
    try:
        run(pk)
    finally:
        connection.close()


def export_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "exports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def run(pk: int) -> bool:
    """Build one export. False if another run already claimed it."""
    claimed = ExportJob.objects.filter(pk=pk, state=ExportJob.State.PENDING).update(state=ExportJob.State.RUNNING)
    if not claimed:
        return False
    job = ExportJob.objects.select_related("requested_by").get(pk=pk)
    qs = queryset_for(job)
    with replica.reading():  # the rows exported may come from a replica; the job's own row does not
        total = qs.count()
    ExportJob.objects.filter(pk=pk).update(total=total)

    def progress(n: int) -> None:
        ExportJob.objects.filter(pk=pk).update(done=n)

    final = export_dir() / f"export-{pk}.xlsx"
    fd, tmp = tempfile.mkstemp(suffix=".xlsx", dir=final.parent)
    os.close(fd)
    try:
        with replica.reading():
            if job.kind == ExportJob.Kind.B_LEDGER:
                excel.b_ledger(tmp, qs, progress=progress)
            elif job.kind == ExportJob.Kind.UNIT_LEDGERS:
                excel.unit_ledgers(tmp, qs, progress=progress)
            else:
                excel.ledger(tmp, qs, title=job.get_kind_display(), progress=progress)
        os.replace(tmp, final)
    except Exception as exc:  # noqa: BLE001 - the page shows the failure instead of spinning forever
        Path(tmp).unlink(missing_ok=True)
        ExportJob.objects.filter(pk=pk).update(
            state=ExportJob.State.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=pk).update(
        state=ExportJob.State.DONE, path=str(final), finished_at=timezone.now(), done=total
    )
    return True
