"""What the demo loads, table by table: a faster load must write exactly the same rows.

The counts were taken from the load before it was made faster (issue 9, "a fast first start": fewer
queries per step, reference rows read once, no savepoint per step); a change that drops or adds
content shows here as the table that differs. Content itself (numbers, titles, histories) is
compared between two loads by test_determinism.py. When the demo is given new content on purpose,
update the table below with what the new load writes.
"""

from django.apps import apps

from tests.demo.conftest import SCALE

# demo.load(scale=0.01): the rows of every table it writes.
ROWS = {
    "accounts.User": 1787,
    "assist.HistoryState": 1,
    "assist.SearchDocument": 55,
    "assist.SearchTerm": 199,
    "assist.TermUnitHistory": 144,
    "audit.AuditRecord": 971,
    "audit.ChainHead": 1,
    "congress.DeadlineRule": 9,
    "congress.Delegation": 19,
    "congress.Deputy": 1324,
    "congress.Field": 11,
    "congress.Policy": 1,
    "congress.ReplyCategory": 4,
    "congress.Session": 2,
    "congress.Term": 2,
    "congress.Unit": 103,
    "disclosure.Publication": 26,
    "evaluations.Appraisal": 1,
    "evaluations.AppraisalAnswer": 35,
    "evaluations.OfficeScore": 12,
    "meetings.Item": 8,
    "meetings.Meeting": 2,
    "stats.FigureCount": 66,
    "stats.FiguresClock": 1,
    "stats.SuggestionFacts": 53,
    "suggestions.Assignment": 70,
    "suggestions.Deadline": 261,
    "suggestions.Evaluation": 45,
    "suggestions.Event": 871,
    "suggestions.HandlingRecord": 144,
    "suggestions.NumberSeries": 3,
    "suggestions.ReassignmentRequest": 8,
    "suggestions.Reply": 35,
    "suggestions.ReplySignoff": 133,
    "suggestions.ReviewChain": 5,
    "suggestions.ReviewLevel": 19,
    "suggestions.Suggestion": 55,
    "suggestions.SuggestionDeputy": 84,
    "supervision.Commitment": 3,
    "supervision.CommitmentProgress": 1,
    "supervision.Filing": 66,
    "supervision.FilingBody": 2,
    "supervision.Inspection": 1,
    "supervision.LookBack": 1,
    "supervision.LookBackCampaign": 1,
    "supervision.LookBackVersion": 1,
    "supervision.Notification": 428,
    "supervision.RedoItem": 1,
    "supervision.ReminderScan": 2,
    "supervision.ReviewOpinion": 2,
    "supervision.TaskAnswer": 3,
    "supervision.TaskAnswerFile": 2,
    "supervision.TaskReminder": 17,
    "units.Division": 24,
    "units.Handoff": 8,
    "units.Membership": 43,
}


def test_the_demo_writes_the_same_rows_in_every_table(loaded, db):
    assert SCALE == 0.01  # the counts above are of this scale
    written = {label: apps.get_model(label)._default_manager.count() for label in ROWS}
    differ = {label: (ROWS[label], n) for label, n in written.items() if n != ROWS[label]}
    assert not differ, f"(expected, loaded) per table: {differ}"
