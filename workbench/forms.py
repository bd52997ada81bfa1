"""Forms of the workbench pages that are not lifecycle steps (those live in suggestions.forms)."""

from django import forms

from congress.models import Unit

from .models import SavedView


class BatchAssignForm(forms.Form):
    """The central assignment meeting: one lead unit (or each row's own) and shared co-units."""

    MODES = [("common", "统一交办给所选主办单位"), ("per_row", "按各行选定的主办单位分组交办")]

    mode = forms.ChoiceField(label="交办方式", choices=MODES, initial="common", widget=forms.RadioSelect)
    lead_unit = forms.ModelChoiceField(label="主办单位", queryset=Unit.objects.filter(is_active=True), required=False)
    co_units = forms.ModelMultipleChoiceField(
        label="协办单位", queryset=Unit.objects.filter(is_active=True), required=False
    )
    is_complex = forms.BooleanField(label="复杂建议（6个月内答复）", required=False)

    def clean(self):
        data = super().clean()
        lead, co = data.get("lead_unit"), data.get("co_units") or []
        if data.get("mode") == "common" and lead is None:
            self.add_error("lead_unit", "请选择主办单位")
        if lead and lead in co:
            self.add_error("co_units", "主办单位不能同时作为协办单位")
        return data


class SavedViewForm(forms.ModelForm):
    class Meta:
        model = SavedView
        fields = ["name", "query"]
        widgets = {"query": forms.HiddenInput}


class ReviewChainForm(forms.Form):
    """A unit's review chain (四级把关): up to `review.MAX_LEVELS` rows of a name and who holds the level.

    Empty rows are skipped. Who holds a level: a role of the unit ("role:unit_leader") or one of its
    people by name ("user:<id>"). The rows must be passable by different people (`review.unfillable`).
    """

    def __init__(self, *args, unit, **kwargs):
        from accounts.models import User
        from suggestions import review

        super().__init__(*args, **kwargs)
        self.unit = unit
        people = User.objects.filter(unit=unit, is_active=True, role__in=list(review.HOLDER_ROLES)).order_by(
            "role", "username"
        )
        self.people = {u.pk: u for u in people}
        choices = [("", "—")]
        choices += [(f"role:{role}", f"{label}（任一人）") for role, label in review.HOLDER_ROLES.items()]
        choices += [(f"user:{u.pk}", f"{u.get_full_name() or u.username}（{u.get_role_display()}）") for u in people]
        self.rows = []
        for i in range(1, review.MAX_LEVELS + 1):
            self.fields[f"label_{i}"] = forms.CharField(label=f"第{i}级名称", max_length=20, required=False)
            self.fields[f"holder_{i}"] = forms.ChoiceField(label=f"第{i}级审核人", choices=choices, required=False)
            self.rows.append((i, self[f"label_{i}"], self[f"holder_{i}"]))

    def clean(self):
        from suggestions import review

        data = super().clean()
        levels, persons = [], set()
        for i in range(1, review.MAX_LEVELS + 1):
            label, holder = (data.get(f"label_{i}") or "").strip(), data.get(f"holder_{i}") or ""
            if not label and not holder:
                continue
            if not label:
                self.add_error(f"label_{i}", f"请填写第{i}级的名称（如：处室负责人）")
                continue
            if not holder:
                self.add_error(f"holder_{i}", f"请选择“{label}”由谁审核")
                continue
            kind, _sep, value = holder.partition(":")
            if kind == "user":
                person = self.people[int(value)]
                if person.pk in persons:
                    self.add_error(f"holder_{i}", f"{person.get_full_name()}已审核前面一级，同一人不能审核两级")
                    continue
                persons.add(person.pk)
                levels.append({"label": label, "role": "", "person": person.pk})
            else:
                levels.append({"label": label, "role": value, "person": None})
        if self.errors:
            return data
        if not levels:
            raise forms.ValidationError("请至少设置一级审核；最后一级即签发")
        labels = [lv["label"] for lv in levels]
        if len(set(labels)) != len(labels):
            raise forms.ValidationError("各级名称不能重复")
        if reason := review.unfillable(self.unit, levels):
            raise forms.ValidationError(reason)
        data["levels"] = levels
        return data

    @classmethod
    def initial_for(cls, levels: list[dict]) -> dict:
        initial = {}
        for i, lv in enumerate(levels, 1):
            initial[f"label_{i}"] = lv["label"]
            initial[f"holder_{i}"] = f"user:{lv['person']}" if lv["person"] else f"role:{lv['role']}"
        return initial
