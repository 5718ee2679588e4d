"""`/items` as JSON: list and create on the collection; read, update and delete one item."""

import json
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse

from items.models import Item

NAME_MAX = 200


def _error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def _body(request: HttpRequest, *, partial: bool) -> dict[str, str] | JsonResponse:
    """The request's fields, checked; a JsonResponse (422) when they are not right."""
    try:
        data: Any = json.loads(request.body or b"{}")
    except ValueError:
        return _error(422, "the body is not JSON")
    if not isinstance(data, dict):
        return _error(422, "the body must be a JSON object")
    fields: dict[str, str] = {}
    for key in ("name", "description"):
        if key not in data or (partial and data[key] is None):
            continue
        if not isinstance(data[key], str):
            return _error(422, f"{key} must be a string")
        fields[key] = data[key]
    if not partial and "name" not in fields:
        return _error(422, "name is required")
    if "name" in fields and not 1 <= len(fields["name"]) <= NAME_MAX:
        return _error(422, f"name must have 1 to {NAME_MAX} characters")
    return fields


def _save(item: Item, created: bool) -> JsonResponse:
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        return _error(409, f"an item named {item.name!r} exists")
    return JsonResponse(item.as_json(), status=201 if created else 200)


def collection(request: HttpRequest) -> HttpResponse:
    if request.method in ("GET", "HEAD"):
        try:
            limit = min(max(int(request.GET.get("limit", "100")), 0), 1000)
            offset = max(int(request.GET.get("offset", "0")), 0)
        except ValueError:
            return _error(422, "limit and offset must be whole numbers")
        items = Item.objects.order_by("id")[offset : offset + limit]
        return JsonResponse([item.as_json() for item in items], safe=False)
    if request.method == "POST":
        fields = _body(request, partial=False)
        if isinstance(fields, JsonResponse):
            return fields
        return _save(Item(**fields), created=True)
    return _error(405, f"{request.method} is not allowed here")


def member(request: HttpRequest, item_id: str) -> HttpResponse:
    item = Item.objects.filter(pk=int(item_id)).first()
    if item is None:
        return _error(404, f"item {item_id} not found")
    if request.method in ("GET", "HEAD"):
        return JsonResponse(item.as_json())
    if request.method in ("PATCH", "PUT"):
        fields = _body(request, partial=request.method == "PATCH")
        if isinstance(fields, JsonResponse):
            return fields
        for key, value in fields.items():
            setattr(item, key, value)
        return _save(item, created=False)
    if request.method == "DELETE":
        item.delete()
        return HttpResponse(status=204)
    return _error(405, f"{request.method} is not allowed here")
