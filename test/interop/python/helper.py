"""Long-lived helper for the interop tests: runs the real Flask, itsdangerous and Django code.

Protocol: one JSON request per line on stdin, one JSON response per line on stdout, each
carrying the request's "id". Values cross as typed JSON (specs/python-interop.md section 10).
Run with Debian's /usr/bin/python3 (python3-flask, python3-django).
"""
import base64
import datetime
import email.utils
import hashlib
import json
import sys
import time
import traceback
import uuid

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="helper-secret",
    USE_TZ=True,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"],
    DATABASES={},
    DEFAULT_HASHING_ALGORITHM="sha256",
)
django.setup()

import itsdangerous  # noqa: E402
from itsdangerous import BadPayload, BadSignature, SignatureExpired  # noqa: E402
from flask import Flask  # noqa: E402
from flask.json.tag import TaggedJSONSerializer  # noqa: E402
from flask.sessions import SecureCookieSessionInterface  # noqa: E402
from markupsafe import Markup  # noqa: E402
from werkzeug.http import parse_date  # noqa: E402
from django.core import signing  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore as DbStore  # noqa: E402
from django.contrib.sessions.backends.signed_cookies import SessionStore as SignedCookieStore  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402

MAX_SAFE = 2**53 - 1
app = Flask("helper")
app.secret_key = "unused"
interface = SecureCookieSessionInterface()


def to_typed(v):
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v if abs(v) <= MAX_SAFE else {"$int": str(v)}
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")) or v.is_integer():
            return {"$float": json.dumps(v)}
        return v
    if isinstance(v, Markup):
        return {"$markup": str(v)}
    if isinstance(v, str):
        return v
    if isinstance(v, tuple):
        return {"$tuple": [to_typed(x) for x in v]}
    if isinstance(v, list):
        return [to_typed(x) for x in v]
    if isinstance(v, bytes):
        return {"$bytes": base64.b64encode(v).decode("ascii")}
    if isinstance(v, uuid.UUID):
        return {"$uuid": str(v)}
    if isinstance(v, datetime.datetime):
        return {"$datetime": v.isoformat()}
    if isinstance(v, dict):
        out = {str(k): to_typed(x) for k, x in v.items()}
        if len(out) == 1 and next(iter(out)).startswith("$"):
            return {"$dict": out}
        return out
    raise TypeError("no typed JSON for %r" % type(v))


def from_typed(v):
    if isinstance(v, list):
        return [from_typed(x) for x in v]
    if not isinstance(v, dict):
        return v
    if len(v) == 1:
        (k, x), = v.items()
        if k == "$int":
            return int(x)
        if k == "$float":
            return float(x)
        if k == "$tuple":
            return tuple(from_typed(i) for i in x)
        if k == "$bytes":
            return base64.b64decode(x)
        if k == "$markup":
            return Markup(x)
        if k == "$uuid":
            return uuid.UUID(x)
        if k == "$datetime":
            d = datetime.datetime.fromisoformat(x)
            return d if d.tzinfo else d.replace(tzinfo=datetime.timezone.utc)
        if k == "$dict":
            return {kk: from_typed(xx) for kk, xx in x.items()}
    return {k: from_typed(x) for k, x in v.items()}


def secret(s):
    return bytes.fromhex(s[4:]) if s.startswith("hex:") else s


def reason(e):
    if isinstance(e, SignatureExpired) or isinstance(e, signing.SignatureExpired):
        return "expired"
    if isinstance(e, BadPayload):
        return "bad-payload"
    if isinstance(e, BadSignature) or isinstance(e, signing.BadSignature):
        return "bad-signature"
    return "bad-payload"


def its_kwargs(o):
    kw = {}
    if o.get("digest"):
        kw["digest_method"] = getattr(hashlib, o["digest"])
    if o.get("key_derivation"):
        kw["key_derivation"] = o["key_derivation"]
    if o.get("sep"):
        kw["sep"] = o["sep"]
    return kw


def make(fmt, secrets, o):
    """(encode(value) -> str, decode(text, max_age) -> value) for a format, via the real libraries."""
    keys = [secret(s) for s in secrets]
    oldest_first = list(reversed(keys))
    kw = its_kwargs(o)
    salt = o.get("salt")

    if fmt == "flask":
        fkw = {"key_derivation": interface.key_derivation, "digest_method": interface.digest_method}
        fkw.update(kw)
        s = itsdangerous.URLSafeTimedSerializer(oldest_first, salt=salt or interface.salt, serializer=interface.serializer, signer_kwargs=fkw)

        def enc(v):
            with app.app_context():
                return s.dumps(dict(v))

        def dec(t, max_age):
            with app.app_context():
                data = s.loads(t, max_age=int(app.permanent_session_lifetime.total_seconds()) if max_age is None else max_age)
            if not isinstance(data, dict):
                raise BadPayload("not a dict")
            return data

        return enc, dec
    if fmt == "itsdangerous-signer":
        s = itsdangerous.Signer(oldest_first, salt=salt, **kw)
        return (lambda v: s.sign(v).decode()), (lambda t, m: s.unsign(t).decode())
    if fmt == "itsdangerous-timestamp-signer":
        s = itsdangerous.TimestampSigner(oldest_first, salt=salt, **kw)
        return (lambda v: s.sign(v).decode()), (lambda t, m: s.unsign(t, max_age=m).decode())
    if fmt in ("itsdangerous-serializer", "itsdangerous-url-safe-serializer", "itsdangerous-url-safe-timed-serializer"):
        cls = {
            "itsdangerous-serializer": itsdangerous.Serializer,
            "itsdangerous-url-safe-serializer": itsdangerous.URLSafeSerializer,
            "itsdangerous-url-safe-timed-serializer": itsdangerous.URLSafeTimedSerializer,
        }[fmt]
        s = cls(oldest_first, salt=salt if salt is not None else b"itsdangerous", signer_kwargs=kw)
        if fmt.endswith("timed-serializer"):
            return s.dumps, (lambda t, m: s.loads(t, max_age=m))
        return s.dumps, (lambda t, m: s.loads(t))

    algorithm = o.get("digest") or "sha256"
    sep = o.get("sep") or ":"

    def each_key(f):
        """Django 3.2 has no SECRET_KEY_FALLBACKS: try the keys in order, as 4.1 does."""
        last = None
        for k in keys:
            settings.SECRET_KEY = k
            try:
                return f(k)
            except Exception as e:  # noqa: BLE001
                if not isinstance(e, signing.BadSignature) or isinstance(e, signing.SignatureExpired):
                    raise
                last = e
        raise last

    def first_key(f):
        settings.SECRET_KEY = keys[0]
        return f(keys[0])

    if fmt == "django-signing":
        s = lambda k: signing.TimestampSigner(k, sep=sep, salt=salt or "django.core.signing", algorithm=algorithm)  # noqa: E731
        return (
            lambda v: first_key(lambda k: s(k).sign_object(v, compress=bool(o.get("compress")))),
            lambda t, m: each_key(lambda k: s(k).unsign_object(t, max_age=m)),
        )
    if fmt == "django-signer":
        s = lambda k: signing.Signer(k, sep=sep, salt=salt, algorithm=algorithm)  # noqa: E731
        return (lambda v: first_key(lambda k: s(k).sign(v))), (lambda t, m: each_key(lambda k: s(k).unsign(t)))
    if fmt == "django-timestamp-signer":
        s = lambda k: signing.TimestampSigner(k, sep=sep, salt=salt, algorithm=algorithm)  # noqa: E731
        return (lambda v: first_key(lambda k: s(k).sign(v))), (lambda t, m: each_key(lambda k: s(k).unsign(t, max_age=m)))
    if fmt == "django-signed-cookie":
        name = o["name"]

        def enc(v):
            settings.SECRET_KEY = keys[0]
            response = HttpResponse()
            response.set_signed_cookie(name, v, salt=salt or "")
            return response.cookies[name].value

        def dec(t, m):
            def one(k):
                request = HttpRequest()
                request.COOKIES[name] = t
                return request.get_signed_cookie(name, salt=salt or "", max_age=m)

            return each_key(one)

        return enc, dec
    if fmt == "django-signed-cookies":
        sc_salt = salt or "django.contrib.sessions.backends.signed_cookies"
        s = lambda k: signing.TimestampSigner(k, salt=sc_salt, algorithm=algorithm)  # noqa: E731
        return (
            lambda v: first_key(lambda k: SignedCookieStore()._get_session_key.__func__(_Holder(v))) if sc_salt == "django.contrib.sessions.backends.signed_cookies" and algorithm == "sha256" else first_key(lambda k: s(k).sign_object(v, compress=True)),
            lambda t, m: each_key(lambda k: _dict(s(k).unsign_object(t, max_age=settings.SESSION_COOKIE_AGE if m is None else m))),
        )
    if fmt == "django-db":
        settings.DEFAULT_HASHING_ALGORITHM = "sha1" if algorithm == "sha1" else "sha256"

        def dec(t, m):
            def one(k):
                store = DbStore()
                try:
                    value = signing.loads(t, salt=store.key_salt, serializer=store.serializer)
                except signing.BadSignature:
                    # As SessionBase.decode: the legacy format is tried, any failure of it is an empty session.
                    try:
                        value = store._legacy_decode(t)
                    except Exception:  # noqa: BLE001
                        value = {}
                    if value == {}:
                        raise
                return _dict(value)

            return each_key(one)

        return (lambda v: first_key(lambda k: DbStore().encode(v))), dec
    raise ValueError("unknown format " + fmt)


class _Holder:
    """Stands in for a signed_cookies SessionStore whose _session is the given dict."""

    def __init__(self, d):
        self._session = d
        self.serializer = SignedCookieStore().serializer


def _dict(v):
    if not isinstance(v, dict):
        raise ValueError("not a dict")
    return v


class Clock:
    def __init__(self):
        self.now = None
        self.real = time.time

    def __call__(self):
        return self.real() if self.now is None else self.now


clock = Clock()
time.time = clock


def handle(req):
    op = req["op"]
    clock.now = req.get("now")
    settings.DEFAULT_HASHING_ALGORITHM = "sha256"
    if op == "encode":
        enc, _ = make(req["format"], req["secrets"], req.get("options", {}))
        return {"value": enc(from_typed(req["data"]))}
    if op == "decode":
        _, dec = make(req["format"], req["secrets"], req.get("options", {}))
        try:
            return {"ok": True, "value": to_typed(dec(req["value"], req.get("max_age")))}
        except Exception as e:  # noqa: BLE001
            return {"ok": False, "reason": reason(e), "error": type(e).__name__}
    if op == "django_session_decode":
        # What Django itself does with stored session data: {} on any failure.
        settings.SECRET_KEY = secret(req["secrets"][0])
        return {"value": to_typed(DbStore().decode(req["value"]))}
    if op == "json_dumps":
        kw = req.get("kwargs", {})
        if "separators" in kw:
            kw["separators"] = tuple(kw["separators"])
        return {"text": json.dumps(from_typed(req["data"]), **kw)}
    if op == "json_loads":
        try:
            return {"ok": True, "value": to_typed(json.loads(req["text"]))}
        except Exception as e:  # noqa: BLE001
            return {"ok": False, "error": type(e).__name__}
    if op == "flask_loads":
        try:
            with app.app_context():
                return {"ok": True, "value": to_typed(TaggedJSONSerializer().loads(req["text"]))}
        except Exception as e:  # noqa: BLE001
            return {"ok": False, "error": type(e).__name__}
    if op == "flask_dumps":
        with app.app_context():
            return {"text": interface.serializer.dumps(from_typed(req["data"]))}
    if op == "b64decode":
        fn = {"itsdangerous": itsdangerous.encoding.base64_decode, "std": base64.b64decode}[req["kind"]]
        try:
            return {"ok": True, "bytes": base64.b64encode(fn(req["text"])).decode()}
        except Exception as e:  # noqa: BLE001
            return {"ok": False, "error": type(e).__name__}
    if op == "parse_date":
        d = parse_date(req["text"])
        return {"value": None if d is None else d.timestamp()}
    if op == "http_date_of":
        return {"text": email.utils.format_datetime(datetime.datetime.fromtimestamp(req["ts"], datetime.timezone.utc), usegmt=True)}
    raise ValueError("unknown op " + op)


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        req = json.loads(line)
        try:
            res = handle(req)
        except Exception as e:  # noqa: BLE001
            res = {"exception": type(e).__name__ + ": " + str(e), "trace": traceback.format_exc()}
        res["id"] = req.get("id")
        sys.stdout.write(json.dumps(res) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
