"""gunicorn settings of the observatory's web server (scripts/services.sh starts it).

Every value can be changed from the environment without editing this file:
  CKAN_WORKERS          worker processes (default: 2 x cores + 1, gunicorn's rule of thumb)
  CKAN_TIMEOUT          seconds a request may take before its worker is replaced (default 60:
                        a 10,000-row download on a busy machine takes up to ~50 s)
  CKAN_GRACEFUL_TIMEOUT seconds running requests get to finish on restart/stop (default 30)
  CKAN_MAX_REQUESTS     requests a worker serves before it is renewed (default 2000; 0: never)
`kill -HUP <master pid>` (make reload) starts new workers with freshly loaded code and lets
the old ones finish their requests: a graceful restart.
"""

import os

_var = os.environ.get("VAR") or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var")

bind = f"{os.environ.get('CKAN_HOST', '127.0.0.1')}:{os.environ.get('CKAN_PORT', '5000')}"
wsgi_app = "wsgi:application"
chdir = os.path.dirname(os.path.abspath(__file__))
workers = int(os.environ.get("CKAN_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
# Sync workers, as CKAN's own deployment (uWSGI processes): one request per process at a time.
worker_class = "sync"
timeout = int(os.environ.get("CKAN_TIMEOUT") or 60)
graceful_timeout = int(os.environ.get("CKAN_GRACEFUL_TIMEOUT") or 30)
max_requests = int(os.environ.get("CKAN_MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10
# A request waiting in the socket backlog beyond this is refused rather than queued forever.
backlog = 256
# Not preloaded: each worker loads CKAN itself, so a HUP reloads the code too.
preload_app = False
accesslog = os.environ.get("CKAN_ACCESS_LOG") or os.path.join(_var, "log", "access.log")
# Combined log format plus the time taken in microseconds (%(D)s) and the worker's pid.
access_log_format = '%(h)s - %(u)s [%(t)s] "%(r)s" %(s)s %(B)s "%(f)s" "%(a)s" %(D)sus pid=%(p)s'
errorlog = "-"
loglevel = "info"
proc_name = "digicanvis-ckan"
