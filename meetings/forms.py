from django import forms

from congress.models import Session, Unit

from .models import Item, Meeting


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["session", "title", "held_on", "place", "note"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.order_by("-start_date")
        self.fields["session"].empty_label = None  # the latest session is the usual one
        self.fields["place"].widget.attrs["placeholder"] = "如：省人大常委会机关第三会议室"


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="决定", choices=[c for c in Item.Decision.choices if c[0]])
    unit = forms.ModelChoiceField(
        label="单位",
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        empty_label="（改办、增加协办、互换时选择）",
    )
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
