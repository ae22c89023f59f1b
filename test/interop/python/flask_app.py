"""A small Flask app for the end-to-end test: logs a user in with Flask's default session cookie.

Usage: FLASK_SECRET_KEY=... /usr/bin/python3 flask_app.py
Prints "READY <port>" once it listens on 127.0.0.1 (a free port).
"""
import datetime
import os
import sys
import uuid

from flask import Flask, jsonify, request, session
from markupsafe import Markup
from werkzeug.serving import make_server

app = Flask("e2e")
app.secret_key = os.environ["FLASK_SECRET_KEY"]


def describe(v):
    """Type names of what the session holds, so the test sees that types survived tessera."""
    if isinstance(v, dict):
        return {k: describe(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [type(v).__name__, [describe(x) for x in v]]
    return [type(v).__name__, v if isinstance(v, (str, int, float, bool)) or v is None else str(v)]


@app.post("/login")
def login():
    session.clear()
    session["_user_id"] = request.args["user"]
    session["_fresh"] = True
    session.permanent = True
    session["_flashes"] = [("message", "Welcome!")]
    session["extras"] = {
        "b": b"\x00\xff",
        "m": Markup("<b>hi</b>"),
        "u": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "d": datetime.datetime(2024, 2, 29, 13, 37, 42, tzinfo=datetime.timezone.utc),
        "t": (1, "two"),
    }
    return jsonify(ok=True)


@app.get("/whoami")
def whoami():
    return jsonify(user=session.get("_user_id"), permanent=session.permanent, session=describe(dict(session)))


@app.post("/logout")
def logout():
    session.clear()
    return jsonify(ok=True)


server = make_server("127.0.0.1", 0, app)
sys.stdout.write("READY %d\n" % server.server_port)
sys.stdout.flush()
server.serve_forever()
