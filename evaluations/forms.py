"""The appraisal questionnaire (deputies) and the office's grades: the same three questions."""

from django import forms

from .models import QUESTIONS, Grade


class GradesForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for q, label in reversed(QUESTIONS):
            self.fields = {
                q: forms.ChoiceField(
                    label=label,
                    choices=Grade.choices,
                    widget=forms.RadioSelect,
                    error_messages={"required": f"请选择{label}的评价"},
                ),
                **self.fields,
            }


class AppraisalForm(GradesForm):
    comment = forms.CharField(
        label="意见建议（选填）", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OfficeScoreForm(GradesForm):
    note = forms.CharField(label="评议意见", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
