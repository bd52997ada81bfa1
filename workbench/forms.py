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
