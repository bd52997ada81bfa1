"""Input of the hand-off steps (the same for the web page and the API) and of the organisation page."""

from datetime import date

from django import forms
from django.utils import timezone

from accounts.models import User
from suggestions.forms import StepForm, preselect_only_choice

from . import handoffs as rules
from .models import Division, Handoff

ROLE_CHOICES = [("", "不参与"), *Handoff.Role.choices]


class HandoffsWidget(forms.Widget):
    """One row per business division: its part (主办/协办/不参与), the responsible person, the due date.

    A browser posts `handoffs-<division>-role`, `-responsible`, `-due_date`; the API posts `handoffs`,
    a list of {division, role, responsible, due_date}. Both reach the field as that list.
    """

    template_name = "units/widgets/handoffs.html"
    rows: list = []

    def value_from_datadict(self, data, files, name):
        if name in data and not hasattr(data, "getlist"):
            return data[name]
        items = []
        for division, _people in self.rows:
            role = data.get(f"{name}-{division.pk}-role")
            if role:
                items.append(
                    {
                        "division": division.pk,
                        "role": role,
                        "responsible": data.get(f"{name}-{division.pk}-responsible") or None,
                        "due_date": data.get(f"{name}-{division.pk}-due_date") or None,
                    }
                )
        return items

    def value_omitted_from_data(self, data, files, name):
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        given = {}
        for item in value if isinstance(value, list) else []:
            if isinstance(item, dict):
                given[str(item.get("division"))] = item
        rows = []
        for division, people in self.rows:
            item = given.get(str(division.pk), {})
            responsible = str(item.get("responsible") or (division.head_id or ""))
            due = item.get("due_date") or ""
            rows.append(
                {
                    "division": division,
                    "people": people,
                    "role": item.get("role") or "",
                    "responsible": responsible,
                    "due_date": due.isoformat() if isinstance(due, date) else due,
                }
            )
        context["widget"].update(rows=rows, roles=ROLE_CHOICES)
        return context


class HandoffsField(forms.Field):
    widget = HandoffsWidget

    def to_python(self, value):
        if value in (None, "", []):
            return []
        if not isinstance(value, list):
            raise forms.ValidationError("格式有误：应为处室、分工、责任人、内部办理期限的列表")
        items = []
        for n, item in enumerate(value, 1):
            try:
                division, role = int(item["division"]), str(item["role"])
                responsible = int(item["responsible"])
                due = item["due_date"]
                due = due if isinstance(due, date) else date.fromisoformat(str(due).strip())
            except (KeyError, TypeError, ValueError):
                raise forms.ValidationError(f"第{n}项须包含处室、分工、责任人和内部办理期限（如2026-03-31）") from None
            if role not in Handoff.Role.values:
                raise forms.ValidationError(f"第{n}项的分工须为主办处室或协办处室")
            items.append({"division": division, "role": role, "responsible": responsible, "due_date": due})
        return items


class HandToDivisionsForm(StepForm):
    handoffs = HandoffsField(label="交办处室")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        assignment = self.ctx.assignment
        unit_id = assignment.unit_id if assignment else None
        self.divisions = {
            d.pk: d for d in Division.objects.filter(unit=unit_id, is_office=False).select_related("head")
        }
        self.people = {u.pk: u for u in User.objects.filter(unit=unit_id, is_active=True).order_by("pk")}
        members = {}
        for u in User.objects.filter(division_membership__division__in=list(self.divisions)).values(
            "pk", "division_membership__division"
        ):
            members.setdefault(u["division_membership__division"], []).append(u["pk"])
        field = self.fields["handoffs"]
        # Each division offers its own people first, then the rest of the unit.
        field.widget.rows = [
            (d, sorted(self.people.values(), key=lambda u, d=d: (u.pk not in members.get(d.pk, []), u.pk)))
            for d in self.divisions.values()
        ]
        deadline = rules.unit_deadline(assignment) if assignment else None
        field.help_text = (
            f"本单位办理期限：{deadline.due_date:%Y-%m-%d}，各处室的内部办理期限须在此之前"
            if deadline
            else "为每个参与的处室选择分工、责任人和内部办理期限"
        )
        if not self.divisions:
            field.help_text = "本单位尚未设置业务处室：请单位负责人先在“内设处室”页面设置"

    def clean_handoffs(self):
        items, errors = [], []
        for n, item in enumerate(self.cleaned_data["handoffs"], 1):
            division = self.divisions.get(item["division"])
            responsible = self.people.get(item["responsible"])
            if division is None:
                errors.append(f"第{n}项的处室不是本单位的业务处室")
            elif responsible is None:
                errors.append(f"{division}的责任人须为本单位人员")
            else:
                items.append({**item, "division": division, "responsible": responsible})
        if errors:
            raise forms.ValidationError(errors)
        if found := rules.problems(self.ctx.assignment, items, timezone.localdate()):
            raise forms.ValidationError(found)
        return items


class HandBackForm(StepForm):
    # Optional when the person holds one hand-off of this suggestion (the usual case): that one.
    handoff = forms.ModelChoiceField(label="退回的交办", queryset=Handoff.objects.none(), required=False)
    reason = forms.CharField(label="退回理由", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user, assignment = self.ctx.user, self.ctx.assignment
        qs = Handoff.objects.none()
        if user is not None and assignment is not None:
            qs = Handoff.objects.active().filter(assignment=assignment).of_person(user).select_related("division")
        self.fields["handoff"].queryset = qs
        self.fields["handoff"].label_from_instance = lambda h: f"{h.division}（{h.get_role_display()}）"
        preselect_only_choice(self, "handoff")

    def clean_handoff(self):
        handoff = self.cleaned_data["handoff"]
        if handoff is None:
            held = list(self.fields["handoff"].queryset[:2])
            if len(held) != 1:
                raise forms.ValidationError("请选择要退回的交办")
            handoff = held[0]
        return handoff

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请填写退回理由")
        return reason


FORMS = {"hand_to_divisions": HandToDivisionsForm, "hand_back": HandBackForm}


# --- The organisation page ------------------------------------------------------------------------


class DivisionForm(forms.Form):
    name = forms.CharField(label="处室名称", max_length=50)
    is_office = forms.BooleanField(label="办公室（负责综合协调、交办处室）", required=False)
    head = forms.ModelChoiceField(
        label="处室负责人", queryset=User.objects.none(), required=False, empty_label="未指定"
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = User.objects.filter(unit=unit, is_active=True).order_by("pk")


class PlaceForm(forms.Form):
    user = forms.ModelChoiceField(label="人员", queryset=User.objects.none())
    division = forms.ModelChoiceField(
        label="所在处室", queryset=Division.objects.none(), required=False, empty_label="未分配"
    )

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(unit=unit)
        self.fields["division"].queryset = Division.objects.filter(unit=unit)
