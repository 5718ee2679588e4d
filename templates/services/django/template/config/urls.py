"""URL routes. Both health paths answer GET and HEAD, with or without a trailing slash."""

from django.urls import re_path
from django.views.decorators.http import require_safe

from health import views

urlpatterns = [
    re_path(r"^health/?$", require_safe(views.health), name="health"),
    re_path(r"^health/ready/?$", require_safe(views.ready), name="ready"),
]
