"""gunicorn settings for `make serve` and production: `gunicorn -c gunicorn.conf.py app:app`.

Environment: ROUTEMAP_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers), and the
app's own ROUTEMAP_* settings (README, "Serving").
"""
import os

bind = os.environ.get("ROUTEMAP_BIND", "127.0.0.1:8000")

# The app only computes (no I/O waits), so workers beyond the cores add no throughput;
# the spare ones keep pages flowing while a worker renders a PDF or writes to a slow client.
cores = len(os.sched_getaffinity(0))
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * cores + 1))
worker_class = "sync"

# Load the app (and so all content) once in the master: invalid content stops start-up
# before any worker forks, and workers share the loaded content's memory.
preload_app = True

timeout = 30           # a worker silent this long is killed: nothing here should take it
graceful_timeout = 20  # on restart, finish requests in flight
keepalive = 5

# Answers travel in the query string, so the access log has the path only: %(U)s, never
# %(r)s or %(q)s, and no referrer (it holds the previous page's answers) or client address.
accesslog = "-"
access_log_format = '"%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"

# One place decides what to believe about proxies: ProxyFix in the app, set by
# ROUTEMAP_TRUSTED_PROXIES. gunicorn's own X-Forwarded-Proto handling is switched off.
forwarded_allow_ips = ""
secure_scheme_headers = {}

# The app caps answers at MAX_QUERY_BYTES; gunicorn refuses longer request lines first.
limit_request_line = 8190

# Several instances may run on one host (see README, "Scale-out"); we use no control socket.
control_socket_disable = True


def when_ready(server):
    """Before forking: compile every template and load every catalog once, in the master,
    so that each worker's first requests are as fast as the rest and share that memory."""
    from routemap.web.serving import warm_up

    warm_up(server.app.wsgi())
