"""Every step's form speaks Chinese to its user: no "ReassignmentRequest object (26)" in a select."""

import re

from suggestions.actions import STEPS
from suggestions.forms import form_for
from suggestions.models import ReassignmentRequest
from suggestions.workflow import available, context_for
from supervision.models import ExtensionRequest
from tests.core.scenarios import PERSONAS, SITUATIONS

DEVELOPER_LABEL = re.compile(r"\w+ object \(\d+\)")


def test_no_step_form_shows_a_model_repr(world):
    rendered = set()
    for situation, build in SITUATIONS.items():
        s = build(world)
        for name in PERSONAS:
            for tr, blocked in available(context_for(getattr(world, name), s)):
                if blocked or tr.name not in STEPS:
                    continue
                html = str(form_for(tr.name, context_for(getattr(world, name), s)))
                assert not DEVELOPER_LABEL.search(html), (situation, name, tr.name, DEVELOPER_LABEL.search(html))
                rendered.add(tr.name)
    assert {"decide_reassignment", "decide_extension", "report_progress", "merge"} <= rendered


def test_decision_forms_preselect_the_pending_request_and_name_unit_and_reason(world):
    s = SITUATIONS["assigned/reassignment_pending"](world)
    form = form_for("decide_reassignment", context_for(world.office, s))
    request = ReassignmentRequest.objects.get()
    assert form["request"].value() == request.pk
    label = str(request)
    assert "省教育厅（主办）" in label and "不属于本单位职责" in label
    assert f'<option value="{request.pk}" selected>{label}</option>' in str(form["request"])

    s = SITUATIONS["handling/extension_pending"](world)
    form = form_for("decide_extension", context_for(world.office, s))
    ext = ExtensionRequest.objects.get()
    assert form["request"].value() == ext.pk
    assert "省教育厅申请延期至" in str(form["request"]) and "需开展全省调研" in str(form["request"])
