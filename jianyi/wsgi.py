import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jianyi.settings")
application = get_wsgi_application()

# A production start (DEBUG off, no DEMO) refuses to serve while an account has the demo password.
from accounts.security import refuse_demo_password  # noqa: E402 -- needs the apps loaded above

refuse_demo_password()
