"""How timeline entries read to people."""

from .workflow import TRANSITIONS

EXTRA_LABELS = {
    "create": "起草建议",
    # On the suggestion that absorbed another one; the absorbed one records "merge" (并入其他建议).
    "merged_in": "其他代表的建议并入本件（并案办理）",
    "rehandle": "代表不满意，重新办理",
    "import": "从Excel导入并立案",
    "publish_reply": "答复已公开",
    "withhold_reply": "答复不予公开",
}


def event_label(name: str, payload: dict | None = None) -> str:
    """The entry's label; with the event's payload, the merged suggestion names its target."""
    payload = payload or {}
    if name == "merge" and payload.get("into_number"):
        return f"并入{payload['into_number']}建议（并案办理）"
    if name in ("approve_reply", "return_reply") and payload.get("label"):
        return f"{TRANSITIONS[name].label}（第{payload['level']}级·{payload['label']}）"
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name]
    tr = TRANSITIONS.get(name)
    label = tr.label if tr else name
    if payload.get("meeting"):  # decided at a coordination meeting (协调会)
        label = f"{label}（{payload['meeting']}决定）"
    return label
