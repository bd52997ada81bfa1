"""The audit administrator's page: search the audit log and export what was found as CSV.

Only `audit_admin` reads the log (三权分立: the system and security administrators are
themselves audited here). Every export is itself recorded.
"""

from datetime import datetime, time

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from stats import cells

from . import log
from .models import AuditRecord, Kind, Outcome


def audit_admin_only(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if request.user.role != Role.AUDIT_ADMIN:
            raise PermissionDenied("只有安全审计员可以查看审计日志")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


class SearchForm(forms.Form):
    who = forms.CharField(label="操作人", required=False, max_length=150)
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部")] + Kind.choices)
    what = forms.CharField(label="操作或对象", required=False, max_length=200)
    outcome = forms.ChoiceField(label="结果", required=False, choices=[("", "全部")] + Outcome.choices)
    ip = forms.CharField(label="地址", required=False, max_length=45)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("起始日期不能晚于截止日期")
        return data


def search(data: dict) -> QuerySet[AuditRecord]:
    qs = AuditRecord.objects.select_related("actor")
    if who := data.get("who"):
        qs = qs.filter(
            Q(username__icontains=who) | Q(actor__last_name__icontains=who) | Q(actor__first_name__icontains=who)
        )
    if kind := data.get("kind"):
        qs = qs.filter(kind=kind)
    if what := data.get("what"):
        qs = qs.filter(Q(action__icontains=what) | Q(target__icontains=what))
    if outcome := data.get("outcome"):
        qs = qs.filter(outcome=outcome)
    if ip := data.get("ip"):
        qs = qs.filter(ip=ip) if _is_ip(ip) else qs.none()
    tz = timezone.get_current_timezone()
    if since := data.get("since"):
        qs = qs.filter(at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until := data.get("until"):
        qs = qs.filter(at__lte=datetime.combine(until, time.max, tzinfo=tz))
    return qs.order_by("-seq")


def _is_ip(text: str) -> bool:
    from ipaddress import ip_address

    try:
        ip_address(text)
    except ValueError:
        return False
    return True


@audit_admin_only
def index(request):
    form = SearchForm(request.GET or None)
    records = (
        search(form.cleaned_data) if form.is_valid() else AuditRecord.objects.none() if form.is_bound else search({})
    )
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/index.html", {"form": form, "page": page, "query": query.urlencode()})


@audit_admin_only
def export(request):
    form = SearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponse(
            "筛选条件有误：" + "；".join(e for errs in form.errors.values() for e in errs),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    records = search(form.cleaned_data if form.is_bound else {})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    response.write("\ufeff")
    writer = cells.writer(response)
    writer.writerow(["序号", "时间", "操作人", "地址", "类别", "操作", "对象", "结果", "详情", "哈希"])
    count = 0
    for r in records.iterator(chunk_size=1000):
        writer.writerow(
            [
                v
                for v in (
                    r.seq,
                    timezone.localtime(r.at).strftime("%Y-%m-%d %H:%M:%S"),
                    r.username,
                    r.ip or "",
                    r.get_kind_display(),
                    r.action,
                    r.target,
                    r.get_outcome_display(),
                    r.detail,
                    r.hash,
                )
            ]
        )
        count += 1
    log.record(
        Kind.EXPORT,
        "audit_export",
        request=request,
        target="audit.auditrecord",
        detail={"rows": count, "query": request.GET.urlencode()[:500]},
    )
    return response
