"""gunicorn settings for a Jianyi web node, read from the environment like everything else.

Web nodes keep no state of their own (sessions and data in PostgreSQL, jobs in Redis, uploads on
shared storage), so any number of them can run behind nginx.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that runs longer than this is killed; its transaction rolls back (nothing half-written).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# The app (Django, the URL conf, the tokenizer's dictionary) is loaded once in the master and shared
# by the forked workers: a new or recycled worker answers its first request at once (jianyi/wsgi.py).
preload_app = True
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
wsgi_app = "jianyi.wsgi:application"
