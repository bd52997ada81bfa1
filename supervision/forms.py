"""Input of the supervision steps (validated the same way for web pages and the API) and of its own pages."""

import re
from datetime import date

from django import forms
from django.utils import timezone

from congress.models import Term, Unit
from suggestions import uploads
from suggestions.forms import StepForm, preselect_only_choice
from suggestions.models import Assignment, Deadline, Suggestion

from .filing import pending_for
from .models import (
    LOOKBACK_FINDINGS,
    Commitment,
    ExtensionRequest,
    Filing,
    Inspection,
    LookBack,
    Notification,
    RedoItem,
    ReviewOpinion,
)

REPLY_KINDS = [Deadline.Kind.REPLY, Deadline.Kind.REPLY_COMPLEX, Deadline.Kind.RE_REPLY]


def _assigned_units(ctx):
    return Unit.objects.filter(
        pk__in=Assignment.objects.filter(suggestion=ctx.suggestion, is_active=True).values("unit_id")
    )


class RemindForm(StepForm):
    unit = forms.ModelChoiceField(
        label="催办单位", queryset=Unit.objects.none(), required=False, empty_label="全部承办单位"
    )
    message = forms.CharField(label="催办内容", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _assigned_units(self.ctx)


class InstructForm(RemindForm):
    message = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].label = "送达单位"


class ExtensionRequestForm(StepForm):
    requested_date = forms.DateField(label="申请延期至", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 4}))

    def clean_requested_date(self):
        day = self.cleaned_data["requested_date"]
        current = Deadline.objects.open().filter(suggestion=self.ctx.suggestion, kind__in=REPLY_KINDS).first()
        if current and day <= current.due_date:
            raise forms.ValidationError(f"延期日期须晚于现答复期限{current.due_date:%Y-%m-%d}")
        return day


class ExtensionDecisionForm(StepForm):
    request = forms.ModelChoiceField(label="延期申请", queryset=ExtensionRequest.objects.none())
    grant = forms.TypedChoiceField(
        label="审批结果", choices=[("1", "同意延期"), ("0", "不同意延期")], coerce=lambda v: v in ("1", "true", True)
    )
    note = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = ExtensionRequest.objects.filter(
            suggestion=self.ctx.suggestion, decision=ExtensionRequest.Decision.PENDING
        ).select_related("unit")
        preselect_only_choice(self, "request")


class MarkKeyForm(StepForm):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    leader = forms.CharField(label="牵头督办的常委会领导", max_length=50)
    committee = forms.CharField(label="督办的专门委员会", max_length=100)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class CommitmentsField(forms.Field):
    """A list of {what, due_date, responsible}: JSON from the API, or one per line "事项 | 2025-06-30 | 责任人"."""

    widget = forms.Textarea(attrs={"rows": 5, "placeholder": "承诺事项 | 2025-06-30 | 责任人（每行一项）"})

    def to_python(self, value):
        if value in (None, "", []):
            return []
        if isinstance(value, str):
            rows = []
            for n, line in enumerate(value.strip().splitlines(), 1):
                if not line.strip():
                    continue
                parts = [p.strip() for p in line.replace("｜", "|").split("|")]
                if len(parts) != 3:
                    raise forms.ValidationError(f"第{n}行格式应为：承诺事项 | 完成日期 | 责任人")
                rows.append({"what": parts[0], "due_date": parts[1], "responsible": parts[2]})
            value = rows
        if not isinstance(value, list):
            raise forms.ValidationError("格式有误")
        items = []
        for n, item in enumerate(value, 1):
            try:
                what, due, who = str(item["what"]).strip(), item["due_date"], str(item["responsible"]).strip()
                due = due if isinstance(due, date) else date.fromisoformat(str(due).strip())
            except (KeyError, TypeError, ValueError):
                raise forms.ValidationError(f"第{n}项须包含承诺事项、完成日期（如2025-06-30）和责任人") from None
            if not what or not who:
                raise forms.ValidationError(f"第{n}项的承诺事项和责任人不能为空")
            items.append({"what": what, "due_date": due, "responsible": who})
        return items

    def validate(self, value):
        super().validate(value)
        if self.required and not value:
            raise forms.ValidationError("请至少填写一项承诺")


class CommitmentsForm(StepForm):
    commitments = CommitmentsField(label="办理承诺")


class ProgressForm(StepForm):
    commitment = forms.ModelChoiceField(label="承诺事项", queryset=Commitment.objects.none())
    note = forms.CharField(label="进展情况", widget=forms.Textarea(attrs={"rows": 3}))
    done = forms.BooleanField(label="已落实", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = Commitment.objects.current().filter(
            suggestion=self.ctx.suggestion, status=Commitment.Status.OPEN
        )


class SecondReplyForm(StepForm):
    body = forms.CharField(label="二次答复内容", widget=forms.Textarea(attrs={"rows": 8}))
    letter = uploads.UploadField(label="答复函（签章扫描件）", kinds=uploads.DOCUMENTS, required=False)


class AcknowledgeFilingForm(StepForm):
    filing = forms.ModelChoiceField(label="备案", queryset=Filing.objects.none())
    note = forms.CharField(label="确认意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filing"].queryset = pending_for(self.ctx.user, self.ctx.suggestion).select_related("body", "reply")
        self.fields["filing"].label_from_instance = (
            lambda f: f"{f.body}：第{f.reply.round}次答复（{timezone.localtime(f.filed_at):%Y-%m-%d}备案）"
        )
        preselect_only_choice(self, "filing")


class ConvertForm(StepForm):
    note = forms.CharField(label="销号说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


FORMS = {
    "remind": RemindForm,
    "request_extension": ExtensionRequestForm,
    "decide_extension": ExtensionDecisionForm,
    "mark_key": MarkKeyForm,
    "instruct": InstructForm,
    "record_commitments": CommitmentsForm,
    "report_progress": ProgressForm,
    "second_reply": SecondReplyForm,
    "convert_to_a": ConvertForm,
    "acknowledge_filing": AcknowledgeFilingForm,
}


# --- The office's own records (not steps of one suggestion) ------------------------------------


class LookBackForm(forms.ModelForm):
    class Meta:
        model = LookBack
        fields = ["unit", "year", "ledger_kept", "promises_done", "follow_up_continuous", "second_reply_given", "note"]
        labels = {"unit": "承办单位"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class InspectionForm(forms.ModelForm):
    class Meta:
        model = Inspection
        fields = ["title", "visited_on", "units", "body", "due_date"]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}),
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 5}),
            "units": forms.SelectMultiple(attrs={"size": 8}),
        }


class ReviewOpinionForm(forms.ModelForm):
    class Meta:
        model = ReviewOpinion
        fields = ["title", "meeting", "units", "body", "due_date"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "body": forms.Textarea(attrs={"rows": 6}),
            "units": forms.SelectMultiple(attrs={"size": 8}),
        }


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class UploadsField(uploads.UploadField):
    """Several files in one input, each checked by `uploads.check` like a single upload."""

    MAX_FILES = 5

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if len(items) > self.MAX_FILES:
            raise forms.ValidationError(f"最多上传{self.MAX_FILES}个文件")
        if not items:
            if self.required:
                raise forms.ValidationError("请上传文件")
            return []
        return [super(UploadsField, self).clean(d, initial) for d in items]


class TaskAnswerForm(forms.Form):
    body = forms.CharField(label="落实情况", widget=forms.Textarea(attrs={"rows": 8}), max_length=20000)
    files = UploadsField(label="附件（可选，可多选）", required=False)


class DeliverySettingsForm(forms.Form):
    """A person's own phone and email, and which notifications also go by SMS and by email."""

    phone = forms.CharField(label="手机号", required=False, max_length=20, help_text="11位手机号，可带空格或短横线")
    email = forms.EmailField(label="电子邮箱", required=False, error_messages={"invalid": "请输入正确的电子邮箱地址"})
    sms_kinds = forms.MultipleChoiceField(
        label="短信提醒", required=False, choices=Notification.Kind.choices, widget=forms.CheckboxSelectMultiple
    )
    email_kinds = forms.MultipleChoiceField(
        label="邮件提醒", required=False, choices=Notification.Kind.choices, widget=forms.CheckboxSelectMultiple
    )

    def clean_phone(self):
        phone = "".join(ch for ch in self.cleaned_data["phone"] if ch not in " -")
        if phone and not re.fullmatch(r"1[3-9]\d{9}", phone):
            raise forms.ValidationError("请输入11位手机号，例如 139 0000 0001")
        return phone

    def clean(self):
        data = super().clean()
        if data.get("sms_kinds") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "选择了短信提醒，请填写手机号")
        if data.get("email_kinds") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", "选择了邮件提醒，请填写电子邮箱")
        return data


# --- The look-back campaign (supervision/lookbacks.py) ---------------------------------------------


class CampaignForm(forms.Form):
    term = forms.ModelChoiceField(label="届次", queryset=Term.objects.all(), empty_label=None)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=200, required=False, help_text="不填则按届次和年度生成")
    note = forms.CharField(label="工作要求", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ChecksForm(forms.ModelForm):
    """The office's answer to the four checks of one unit, each with its findings."""

    class Meta:
        model = LookBack
        fields = [
            "ledger_kept",
            "ledger_finding",
            "promises_done",
            "promises_finding",
            "follow_up_continuous",
            "follow_up_finding",
            "second_reply_given",
            "second_reply_finding",
            "note",
        ]
        widgets = {f: forms.Textarea(attrs={"rows": 2}) for f in (*LOOKBACK_FINDINGS, "note")}


class RedoItemForm(forms.ModelForm):
    class Meta:
        model = RedoItem
        fields = ["aspect", "suggestion", "what", "responsible", "due_date"]
        widgets = {"what": forms.Textarea(attrs={"rows": 2}), "due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, lookback: LookBack, **kwargs):
        super().__init__(*args, **kwargs)
        ids = Commitment.objects.filter(
            unit=lookback.unit, term_id=lookback.campaign.term_id if lookback.campaign_id else None
        )
        self.fields["suggestion"].queryset = Suggestion.objects.filter(pk__in=ids.values("suggestion_id")).order_by(
            "number"
        )
        self.fields["suggestion"].required = False


class RedoDoneForm(forms.Form):
    note = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 2}))
