"""`/health` touches nothing; `/health/ready` answers 503 when a dependency fails."""

from django.http import HttpRequest, JsonResponse

from health import dependencies
from health.checks import readiness


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "healthy", "service": dependencies.SERVICE})


def ready(request: HttpRequest) -> JsonResponse:
    ok, checks = readiness(dependencies.DEPENDENCIES)
    body = {"status": "ready" if ok else "degraded", "service": dependencies.SERVICE,
            "checks": checks}
    return JsonResponse(body, status=200 if ok else 503)
