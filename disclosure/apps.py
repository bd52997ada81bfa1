from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "信息公开"

    def ready(self):
        # publish_reply and withhold_reply are rows of workflow.TRANSITIONS; their functions and
        # form live here, so suggestions/ does not import this app (as supervision does).
        from suggestions import actions, forms

        from . import publishing

        actions.STEPS.update(publishing.STEPS)
        forms.FORMS.update(publishing.FORMS)
