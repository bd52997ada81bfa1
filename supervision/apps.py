from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "督办"

    def ready(self):
        # The supervision steps are rows of workflow.TRANSITIONS; their functions and forms live
        # here, so suggestions/ does not import this app. Register them with the one write path.
        from suggestions import actions, forms, workflow

        from . import actions as supervision_actions
        from . import assigned, filing, reminded
        from . import forms as supervision_forms
        from . import views as supervision_views
        from .guards import GUARDS

        actions.STEPS.update(supervision_actions.STEPS)
        forms.FORMS.update(supervision_forms.FORMS)
        # Filing (备案): sending a reply files it in the same transaction; each body acknowledges it.
        actions.STEPS["acknowledge_filing"] = filing.acknowledge_filing
        actions.add_effect("send_reply", filing.file_reply)
        # 交办通知: every step that gives a suggestion to a unit tells that unit's people (a batch in one digest).
        for name in ("assign", "decide_reassignment", "add_co_unit", "swap_lead"):
            actions.add_effect(name, assigned.notify_assigned)
        # 催办通知: the people reminded hear it once per write (the day's scan: one digest per person).
        actions.add_effect("remind", reminded.notify_reminded)
        # What must hold before a supervision step, known to this app only (e.g. every commitment done).
        for name, guards in GUARDS.items():
            for guard in guards:
                workflow.add_guard(name, guard)
        # The files of the units' answers to inspections and review opinions, served by the one download view.
        from web import downloads

        downloads.KINDS["task-file"] = supervision_views.task_file
