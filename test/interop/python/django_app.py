"""A small Django project for the end-to-end tests: sessions and django.contrib.auth.

Usage: DJANGO_SECRET_KEY=... DJANGO_DB=sqlite:/path/db.sqlite3 | postgres:<schema> [DJANGO_SESSION_ENGINE=db | signed_cookies] /usr/bin/python3 django_app.py
DJANGO_SESSION_ENGINE picks django.contrib.sessions.backends.<engine> (default db); the database
holds the users either way. Migrates, creates the user "alice", then prints
"READY <port> <alice's id>" once it listens on 127.0.0.1.
"""
import json
import os
import sys

import django
from django.conf import settings
from django.urls import path

db = os.environ["DJANGO_DB"]
if db.startswith("sqlite:"):
    DATABASE = {"ENGINE": "django.db.backends.sqlite3", "NAME": db[len("sqlite:"):]}
else:
    DATABASE = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("PGDATABASE", "test"),
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": "5432",
        "OPTIONS": {"options": "-c search_path=%s" % db[len("postgres:"):]},
    }

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ["DJANGO_SECRET_KEY"],
    ALLOWED_HOSTS=["*"],
    USE_TZ=True,
    ROOT_URLCONF=__name__,
    DATABASES={"default": DATABASE},
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"],
    MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware", "django.contrib.auth.middleware.AuthenticationMiddleware"],
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    SESSION_ENGINE="django.contrib.sessions.backends." + os.environ.get("DJANGO_SESSION_ENGINE", "db"),
)
django.setup()

from django.contrib.auth import authenticate, login, logout  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402


def respond(**data):
    return HttpResponse(json.dumps(data), content_type="application/json")


@csrf_exempt
def login_view(request):
    user = authenticate(request, username=request.GET["username"], password=request.GET["password"])
    if user is None:
        return respond(ok=False)
    login(request, user)
    return respond(ok=True, user=user.pk)


def whoami(request):
    return respond(user=request.user.pk if request.user.is_authenticated else None, note=request.session.get("note"))


@csrf_exempt
def note(request):
    request.session["note"] = request.GET["text"]
    return respond(ok=True)


@csrf_exempt
def logout_view(request):
    logout(request)
    return respond(ok=True)


urlpatterns = [path("login", login_view), path("whoami", whoami), path("note", note), path("logout", logout_view)]

call_command("migrate", verbosity=0, interactive=False)
alice = User.objects.create_user("alice", password="wonderland")

from werkzeug.serving import make_server  # noqa: E402

server = make_server("127.0.0.1", 0, get_wsgi_application())
sys.stdout.write("READY %d %d\n" % (server.server_port, alice.pk))
sys.stdout.flush()
server.serve_forever()
