"""The office keeps the holiday calendar (节假日安排): a year's schedule, and the deadlines it moves."""

import chinese_calendar.constants
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from congress.calendar import schedule_text
from congress.models import CalendarYear
from suggestions import holidays

from .common import office_only

# The last year the installed chinese-calendar release knows.
BUILT_IN_UNTIL = max(d.year for d in chinese_calendar.constants.holidays)


class ScheduleForm(forms.Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    notice = forms.CharField(label="通知文号", max_length=100, required=False, help_text="如：国办发明电〔2026〕7号")
    schedule = forms.CharField(
        label="放假与调休安排",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="每行一项：放假写“节日 开始日期 至 结束日期”，调休上班写“上班 日期”。",
    )


@office_only
def holidays_page(request):
    if request.method == "POST":
        form = ScheduleForm(request.POST)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                moved = holidays.publish_year(
                    year, form.cleaned_data["schedule"], notice=form.cleaned_data["notice"], actor=request.user
                )
            except ValidationError as exc:
                form.add_error("schedule", exc)
            else:
                messages.success(request, f"已保存{year}年节假日安排，{moved}项未到期的办理期限已按新安排重新计算。")
                return redirect("workbench:holidays")
    else:
        initial = {"year": BUILT_IN_UNTIL + 1}
        if request.GET.get("year", "").isascii() and request.GET.get("year", "").isdecimal():
            entered = CalendarYear.objects.filter(year=int(request.GET["year"][:4])).first()
            if entered:
                initial = {"year": entered.year, "notice": entered.notice, "schedule": schedule_text(entered)}
        form = ScheduleForm(initial=initial)
    years = CalendarYear.objects.select_related("entered_by").prefetch_related("days")
    return render(
        request,
        "workbench/office_holidays.html",
        {"form": form, "years": years, "built_in_until": BUILT_IN_UNTIL, "tab": "holidays"},
    )
