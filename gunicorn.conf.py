"""gunicorn settings for `make serve` and production: `gunicorn -c gunicorn.conf.py app:app`.

Environment: ROUTEMAP_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (worker processes),
WEB_THREADS (threads in each), and the app's own ROUTEMAP_* settings (README, "Serving").
Outside development (ROUTEMAP_DEVELOPMENT=1) it refuses to start without
ROUTEMAP_PUBLIC_BASE_URL and ROUTEMAP_TRUSTED_HOSTS.
"""
import os
import sys

DEVELOPMENT = os.environ.get("ROUTEMAP_DEVELOPMENT", "").lower() not in ("", "0", "false", "no")
_missing = [name for name in ("ROUTEMAP_PUBLIC_BASE_URL", "ROUTEMAP_TRUSTED_HOSTS")
            if not os.environ.get(name, "").strip()]
if _missing and not DEVELOPMENT:
    sys.exit(
        "routemap will not serve without " + " and ".join(_missing) + ".\n"
        "  ROUTEMAP_PUBLIC_BASE_URL: the guide's public address, e.g. https://routemap.example.org "
        "(QR codes and printed addresses use it, never the request's Host).\n"
        "  ROUTEMAP_TRUSTED_HOSTS: the host names it answers to, e.g. routemap.example.org "
        "(comma-separated; others get a 400).\n"
        "To try it on this machine only, set ROUTEMAP_DEVELOPMENT=1. See README.md, \"Serving in production\".")

bind = os.environ.get("ROUTEMAP_BIND", "127.0.0.1:8000")

# The app only computes (no database, no calls out), so processes beyond the cores add no
# throughput, only memory; the one spare keeps pages flowing while another renders.
# Threads let a worker go on serving while a client sends its request slowly (or never
# finishes it): with sync workers three such clients stalled every worker until the
# timeout. gunicorn hands a connection to a thread only once data has arrived, so idle
# connections cost no thread; a slow sender holds one thread, not the worker. A buffering
# proxy in front (README, "Serving") removes even that.
cores = len(os.sched_getaffinity(0))
workers = int(os.environ.get("WEB_CONCURRENCY", cores + 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", 8))

# Every log line goes through routemap's scrubber: no query strings (answers), client
# addresses or control characters, in access and error messages alike (privatelog.py).
logger_class = "routemap.web.privatelog.PrivateLogger"

# Load the app (and so all content) once in the master: invalid content stops start-up
# before any worker forks, and workers share the loaded content's memory. The render
# pool's slots (renderpool.py) are counted per instance because of it: the workers
# inherit one lock folder from the master.
preload_app = True

timeout = 30           # a worker whose main loop is silent this long is killed
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
    import gc

    from routemap.web.serving import warm_up

    warm_up(server.app.wsgi())
    # Everything loaded so far lives as long as the workers: keep it out of their garbage
    # collections, which would otherwise write to (and so copy) every shared page.
    gc.collect()
    gc.freeze()
