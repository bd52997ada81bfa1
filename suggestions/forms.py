"""Input of each step, validated the same way for the web pages and the API.

Every form takes the Context of the step (`ctx`) so that choices can depend on the suggestion.
"""

from django import forms
from django.forms.models import model_to_dict
from django.utils import timezone

from congress.models import Deputy, ReplyCategory, Unit
from jianyi.params import form_data

from . import uploads
from .models import (
    Assignment,
    HandlingRecord,
    NotSuggestionReason,
    Rating,
    ReassignmentRequest,
    Status,
    Suggestion,
)
from .uploads import UploadField
from .workflow import Context

# A suggestion may be merged into one of the same session that is still before its reply.
MERGE_TARGETS = (Status.SUBMITTED, Status.REGISTERED, Status.ASSIGNED, Status.HANDLING)


class StepForm(forms.Form):
    def __init__(self, *args, ctx: Context, **kwargs):
        self.ctx = ctx
        super().__init__(*args, **kwargs)


class EmptyForm(StepForm):
    pass


class NoteForm(StepForm):
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(StepForm):
    """签收, with the unit's optional word on whether the assignment was right (交办是否精准)."""

    accurate = forms.TypedChoiceField(
        label="交办是否精准",
        choices=[("", "不填写"), ("1", "精准"), ("0", "不精准")],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
        help_text="用于改进智能交办推荐；不精准且不应由本单位办理的，请改为申请改办",
    )


class RequiredNoteForm(StepForm):
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}))


class SuggestionForm(forms.ModelForm):
    """The deputy's own text: used to create a draft and by the `edit` step."""

    class Meta:
        model = Suggestion
        fields = ["title", "body", "field", "formed_by", "disclosure"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, ctx: Context | None = None, **kwargs):
        self.ctx = ctx
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = self.fields["field"].queryset.filter(is_active=True)
        self.fields["title"].widget.attrs["placeholder"] = "关于……的建议"


class InviteForm(StepForm):
    deputies = forms.ModelMultipleChoiceField(label="联名代表", queryset=Deputy.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        s = self.ctx.suggestion
        self.fields["deputies"].queryset = Deputy.objects.filter(term=s.lead_deputy.term_id).exclude(
            suggestion_links__suggestion=s
        )


class AttachForm(StepForm):
    file = UploadField(label="附件（调研报告、照片等）")


class MergeForm(StepForm):
    into = forms.ModelChoiceField(label="并入建议", queryset=Suggestion.objects.none())
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        s = self.ctx.suggestion
        self.fields["into"].queryset = Suggestion.objects.filter(
            session=s.session_id, status__in=MERGE_TARGETS
        ).exclude(pk=s.pk)


class RejectForm(StepForm):
    reason = forms.ChoiceField(label="原因", choices=NotSuggestionReason.choices)
    note = forms.CharField(label="向代表说明", widget=forms.Textarea(attrs={"rows": 3}))


class AssignForm(StepForm):
    lead_unit = forms.ModelChoiceField(label="主办单位", queryset=Unit.objects.filter(is_active=True))
    co_units = forms.ModelMultipleChoiceField(
        label="协办单位", queryset=Unit.objects.filter(is_active=True), required=False
    )
    is_complex = forms.BooleanField(label="复杂建议（6个月内答复）", required=False)

    def clean(self):
        data = super().clean()
        if data.get("lead_unit") and data.get("lead_unit") in (data.get("co_units") or []):
            self.add_error("co_units", "主办单位不能同时作为协办单位")
        return data


class ReassignRequestForm(StepForm):
    reason = forms.CharField(label="申请理由", widget=forms.Textarea(attrs={"rows": 3}))
    suggested_unit = forms.ModelChoiceField(
        label="建议改由", queryset=Unit.objects.filter(is_active=True), required=False
    )


class YesNoField(forms.TypedChoiceField):
    """A required yes/no choice that also understands JSON booleans and "true"/"false"."""

    def __init__(self, *, yes: str, no: str, **kwargs):
        super().__init__(choices=[("1", yes), ("0", no)], coerce=lambda v: v == "1", **kwargs)

    def to_python(self, value):
        normal = {True: "1", "true": "1", "True": "1", False: "0", "false": "0", "False": "0"}
        return super().to_python(normal.get(value, value) if isinstance(value, bool | str) else value)


def preselect_only_choice(form: forms.BaseForm, name: str) -> None:
    """A decision form opened for one pending request starts with it chosen (the usual case: there is one)."""
    field = form.fields[name]
    if form.is_bound or form.initial.get(name):
        return
    choices = list(field.queryset[:2])
    if len(choices) == 1:
        form.initial[name] = choices[0].pk
        field.empty_label = None


class ReassignDecisionForm(StepForm):
    request = forms.ModelChoiceField(label="改办申请", queryset=ReassignmentRequest.objects.none())
    grant = YesNoField(label="审批结果", yes="同意改办", no="不同意改办")
    new_unit = forms.ModelChoiceField(
        label="改由单位承办", queryset=Unit.objects.filter(is_active=True), required=False
    )
    note = forms.CharField(label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = _pending_requests(self.ctx)
        preselect_only_choice(self, "request")

    def clean(self):
        data = super().clean()
        request, new_unit = data.get("request"), data.get("new_unit")
        if data.get("grant") and request:
            if new_unit is None:
                self.add_error("new_unit", "同意改办时须指定新的承办单位")
            elif Assignment.objects.filter(suggestion=self.ctx.suggestion, unit=new_unit, is_active=True).exists():
                self.add_error("new_unit", "该单位已承办此建议")
        return data


def _pending_requests(ctx: Context):
    return ReassignmentRequest.objects.filter(
        assignment__suggestion=ctx.suggestion, decision=ReassignmentRequest.Decision.PENDING
    ).select_related("assignment__unit", "suggested_unit")


class AddCoUnitForm(StepForm):
    unit = forms.ModelChoiceField(label="增加协办单位", queryset=Unit.objects.none())
    request = forms.ModelChoiceField(
        label="同时答复的改办申请", queryset=ReassignmentRequest.objects.none(), required=False
    )
    note = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Assignment.objects.filter(suggestion=self.ctx.suggestion, is_active=True).values("unit_id")
        self.fields["unit"].queryset = Unit.objects.filter(is_active=True).exclude(pk__in=taken)
        self.fields["request"].queryset = _pending_requests(self.ctx)


class SwapLeadForm(StepForm):
    co_unit = forms.ModelChoiceField(label="改任主办的协办单位", queryset=Unit.objects.none())
    request = forms.ModelChoiceField(
        label="同时答复的改办申请", queryset=ReassignmentRequest.objects.none(), required=False
    )
    note = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        co = Assignment.objects.filter(suggestion=self.ctx.suggestion, is_active=True, role=Assignment.Role.CO)
        self.fields["co_unit"].queryset = Unit.objects.filter(pk__in=co.values("unit_id"))
        preselect_only_choice(self, "co_unit")
        self.fields["request"].queryset = _pending_requests(self.ctx)


class RecordForm(StepForm):
    kind = forms.ChoiceField(
        label="类型", choices=[c for c in HandlingRecord.Kind.choices if c[0] != HandlingRecord.Kind.CO_OPINION]
    )
    channel = forms.ChoiceField(label="沟通方式", choices=[("", "—")] + HandlingRecord.Channel.choices, required=False)
    happened_on = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 4}))
    attachment = UploadField(label="附件", required=False)

    def clean_happened_on(self):
        day = self.cleaned_data["happened_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天")
        # The unit's handling starts when the suggestion is assigned to it: nothing it did earlier counts.
        assigned = self.ctx.assignment.assigned_at if self.ctx.assignment else None
        if assigned and day < timezone.localdate(assigned):
            raise forms.ValidationError(
                f"日期不能早于本单位受交办的日期（{timezone.localdate(assigned):%Y年%-m月%-d日}）"
            )
        return day

    def clean(self):
        data = super().clean()
        if data.get("kind") == HandlingRecord.Kind.CONTACT and not data.get("channel"):
            self.add_error("channel", "请选择与代表沟通的方式")
        return data


class CoOpinionForm(StepForm):
    summary = forms.CharField(label="协办意见", widget=forms.Textarea(attrs={"rows": 6}))
    attachment = UploadField(label="附件", required=False)


class ReplyDraftForm(StepForm):
    body = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 14}))
    category = forms.ModelChoiceField(label="答复类别", queryset=ReplyCategory.objects.filter(is_active=True))


class SendReplyForm(StepForm):
    letter = UploadField(label="答复函（签章扫描件）", kinds=uploads.DOCUMENTS)


class RateForm(StepForm):
    result = forms.ChoiceField(label="对办理结果", choices=Rating.choices, widget=forms.RadioSelect)
    attitude = forms.ChoiceField(label="对办理态度", choices=Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("result") == Rating.UNSATISFIED and not data.get("comment", "").strip():
            self.add_error("comment", "不满意时请说明理由，以便承办单位重新办理")
        return data


FORMS: dict[str, type[forms.BaseForm]] = {
    "edit": SuggestionForm,
    "invite_cosigners": InviteForm,
    "attach": AttachForm,
    "withdraw": NoteForm,
    "return": RequiredNoteForm,
    "register": NoteForm,
    "merge": MergeForm,
    "reject": RejectForm,
    "mark_complex": NoteForm,
    "assign": AssignForm,
    "sign": SignForm,
    "sign_as_co": SignForm,
    "request_reassignment": ReassignRequestForm,
    "decide_reassignment": ReassignDecisionForm,
    "add_co_unit": AddCoUnitForm,
    "swap_lead": SwapLeadForm,
    "record": RecordForm,
    "send_co_opinion": CoOpinionForm,
    "draft_reply": ReplyDraftForm,
    "approve_reply": NoteForm,
    "return_reply": RequiredNoteForm,
    "send_reply": SendReplyForm,
    "rate": RateForm,
    "close": NoteForm,
}


def form_for(name: str, ctx: Context, data=None, files=None, *, initial=None) -> forms.BaseForm:
    """The step's form; `initial` prefills an unbound one (a page links to a step with `?request=26`)."""
    form_class = FORMS.get(name, EmptyForm)
    data = form_data(data, form_class.base_fields)  # JSON from the API: a number where a date is due is a 400
    if form_class is SuggestionForm:
        # Editing may send only the fields that changed (an autosave); keep the rest as they are.
        if data is not None:
            current = model_to_dict(ctx.suggestion, fields=SuggestionForm._meta.fields)
            data = {**current, **{k: data[k] for k in data}}
        return SuggestionForm(data, files, instance=ctx.suggestion, ctx=ctx)
    return form_class(data, files, ctx=ctx, initial=initial)
