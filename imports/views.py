"""Office pages for importing suggestions from Excel: upload, checking progress, preview, import."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from congress.models import Session
from disclosure.office import office_only
from suggestions import uploads
from suggestions.errors import Conflict
from web.downloads import attachment

from . import excel, services
from .models import ImportJob

PREVIEW_ROWS = 200


class UploadForm(forms.Form):
    session = forms.ModelChoiceField(Session.objects.all(), label="导入到会次", empty_label="请选择会次")
    file = uploads.UploadField(label="Excel 文件（.xlsx）", kinds=(uploads.XLSX,), zip_limits=excel.ZIP_LIMITS)


@office_only
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        try:
            job = services.start(
                f, session=form.cleaned_data["session"], actor=request.user, file_name=uploads.original_name(f)
            )
        except excel.BadWorkbook as e:
            form.add_error("file", str(e))
        else:
            return redirect("imports:job", pk=job.pk)
    jobs = ImportJob.objects.select_related("session", "created_by").defer("rows")[:10]
    return render(request, "imports/upload.html", {"form": form, "jobs": jobs})


def _job_context(job):
    errors = {e["row"]: e["messages"] for e in job.errors}
    rows = (
        job.rows[:PREVIEW_ROWS]
        if job.state != ImportJob.State.INVALID
        else [r for r in job.rows if r["row"] in errors][:PREVIEW_ROWS]
    )
    return {"job": job, "rows": [(r, errors.get(r["row"], [])) for r in rows], "shown": len(rows)}


@office_only
def job(request, pk):
    return render(request, "imports/job.html", _job_context(get_object_or_404(ImportJob, pk=pk)))


@office_only
def progress(request, pk):
    """Polled by the page while the rows are checked: each call checks the next chunk."""
    job = services.advance(get_object_or_404(ImportJob, pk=pk))
    return render(request, "imports/_status.html", _job_context(job))


@office_only
@require_POST
def run(request, pk):
    job = get_object_or_404(ImportJob, pk=pk)
    try:
        job = services.run(job, actor=request.user)
    except Conflict as e:
        messages.error(request, e.message)
    else:
        if job.state == ImportJob.State.IMPORTED:
            messages.success(request, f"已导入 {job.imported} 件建议")
        else:
            messages.error(request, "数据已有变化，重新检查发现错误，未导入任何建议")
    if request.htmx:
        return HttpResponseClientRedirect(reverse("imports:job", args=[job.pk]))
    return redirect("imports:job", pk=job.pk)


@office_only
def template(request):
    response = HttpResponse(
        excel.template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return attachment(response, "代表建议导入模板.xlsx")
