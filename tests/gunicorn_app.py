"""The app on the example content, plus two routes that fail, for tests that drive a real
gunicorn (test_under_attack.py): `gunicorn -c gunicorn.conf.py tests.gunicorn_app:app`."""
from flask import request

from routemap.web import create_app
from tests.conftest import FIXTURES

app = create_app({"FLOWS_DIR": str(FIXTURES / "flows")})


@app.get("/<lang>/fail")
def fail(**_):
    # An exception whose message holds the query, the client's address and a control
    # character: the app's error handler logs it with its traceback.
    raise RuntimeError(f"failed on {request.full_path} for {request.remote_addr} \x1b[31m")


@app.get("/<lang>/fail-late")
def fail_late(**_):
    # Fails while gunicorn sends the body, outside Flask: gunicorn logs the request itself.
    detail = request.full_path

    def body():
        yield "started"
        raise RuntimeError(f"failed late on {detail}")
    return app.response_class(body(), mimetype="text/plain")
