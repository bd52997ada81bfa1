import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianyi.settings")
application = get_wsgi_application()

# A production start (DEBUG off, no DEMO) refuses to serve while an account has the demo password.
from accounts.security import refuse_demo_password  # noqa: E402 -- needs the apps loaded above

refuse_demo_password()

# The Chinese tokenizer's dictionary (about a second to load): loaded here, before gunicorn forks
# (`preload_app`), not by the first search or draft of every worker, nor again when a worker is recycled.
from assist.segment import warm  # noqa: E402

warm()

# Forked workers must not share the master's database connection (the check above opened one).
from django.db import connections  # noqa: E402

connections.close_all()

# Everything loaded by now (Django, the apps, the URL conf) lives as long as the process: frozen out
# of the garbage collector's sight, a request's collections no longer walk it (at 1M suggestions a
# list page spent a quarter of its time there). Before gunicorn forks, it also keeps pages shared.
gc.collect()
gc.freeze()
