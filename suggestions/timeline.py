"""How timeline entries read to people."""

from .workflow import TRANSITIONS

EXTRA_LABELS = {
    "create": "起草建议",
    "merged_in": "并入其他建议",
    "rehandle": "代表不满意，重新办理",
    "import": "从Excel导入并立案",
    "publish_reply": "答复已公开",
    "withhold_reply": "答复不予公开",
}


def event_label(name: str) -> str:
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    tr = TRANSITIONS.get(name)
    return tr.label if tr else name
