"""How timeline entries read to people."""

from .workflow import TRANSITIONS

EXTRA_LABELS = {
    "create": "起草建议",
    "merged_in": "并入其他建议",
    "rehandle": "代表不满意，重新办理",
}


def event_label(name: str) -> str:
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    tr = TRANSITIONS.get(name)
    return tr.label if tr else name
