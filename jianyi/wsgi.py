import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianyi.settings")
application = get_wsgi_application()

# A production start (DEBUG off, no DEMO) refuses to serve while an account has the demo password.
from accounts.security import refuse_demo_password  # noqa: E402 -- needs the apps loaded above

refuse_demo_password()

# Everything loaded by now (Django, the apps, the URL conf) lives as long as the process: frozen out
# of the garbage collector's sight, a request's collections no longer walk it (at 1M suggestions a
# list page spent a quarter of its time there). Before gunicorn forks, it also keeps pages shared.
gc.collect()
gc.freeze()
