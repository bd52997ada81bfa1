import re

from congress.models import Deputy
from suggestions.models import Suggestion

PHONE = re.compile(r"1[3-9]\d{9}")
ID_NUMBER = re.compile(r"\d{17}[\dX]")


def test_no_personal_data_in_any_suggestion_title(loaded, db):
    names = set(Deputy.objects.values_list("name", flat=True))
    titles = list(Suggestion.objects.values_list("title", flat=True))
    assert titles
    for title in titles:
        assert not PHONE.search(title) and not ID_NUMBER.search(title), title
        assert not any(name in title for name in names if len(name) >= 3), title


def test_deputies_have_complete_private_profiles(loaded, db):
    assert Deputy.objects.filter(term__number=14).count() == 945
    assert not Deputy.objects.filter(phone="").exists()
    assert not Deputy.objects.filter(id_number="").exists()
