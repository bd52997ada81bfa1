from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = "单位内部分工"

    def ready(self):
        # The hand-off steps are rows of workflow.TRANSITIONS; their functions, forms and the parties
        # they need (the unit's office, a division) live here, so suggestions/ does not import this app.
        from suggestions import actions, forms, workflow

        from . import actions as unit_actions
        from . import forms as unit_forms
        from .parties import unit_parties

        actions.STEPS.update(unit_actions.STEPS)
        forms.FORMS.update(unit_forms.FORMS)
        workflow.add_party_rule(unit_parties, frozenset({workflow.Party.UNIT_OFFICE, workflow.Party.DIVISION}))
