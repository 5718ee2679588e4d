"""The errors the generated `_schema_*_errors` modules yield, and the keyword walks they share.

A `SchemaError` carries what scaffold reads of jsonschema's `ValidationError` (the validator
keyword and its value, the message, the instance, the subschema, the relative and absolute
paths, the context of an anyOf or oneOf), with the same values: manifest/schema.py explains
either kind alike. The functions below walk an object's or an array's members the way
jsonschema's keywords do (jsonschema/_keywords.py), and place each error of a member under
the keyword, the schema key and the instance key that lead to it, as `descend` does there.

Each generated function `explain(x, s, r)` yields the errors of `x` against the subschema `s`
of the root schema `r`; a `check(x)` of the verdict modules tells first whether it has any,
so a valid member is never walked.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

Errors = Iterator["SchemaError"]
Explain = Callable[[Any, Any, Any], Errors]
Check = Callable[[Any], bool]
Branch = tuple[Check, Explain]


class _Nothing:
    """The absence of an instance key (a member's errors are placed under none)."""


_NO: Any = _Nothing()


class SchemaError:
    """One way an instance breaks a schema, as jsonschema's ValidationError says it."""

    __slots__ = ("context", "instance", "message", "parent", "path", "schema", "schema_path",
                 "validator", "validator_value")

    def __init__(self, message: str, validator: str | None, validator_value: Any, instance: Any, schema: Any,
                 context: Iterable[SchemaError] = ()) -> None:
        self.message = message
        self.validator = validator
        self.validator_value = validator_value
        self.instance = instance
        self.schema = schema
        self.path: deque[str | int] = deque()  # from the parent's instance (or the root) to `instance`
        self.schema_path: deque[str | int] = deque((validator,)) if validator is not None else deque()
        self.context = list(context)
        self.parent: SchemaError | None = None
        for error in self.context:
            error.parent = self

    @property
    def relative_path(self) -> deque[str | int]:
        return self.path

    @property
    def relative_schema_path(self) -> deque[str | int]:
        return self.schema_path

    @property
    def absolute_path(self) -> deque[str | int]:
        if self.parent is None:
            return self.path
        return deque((*self.parent.absolute_path, *self.path))

    @property
    def absolute_schema_path(self) -> deque[str | int]:
        if self.parent is None:
            return self.schema_path
        return deque((*self.parent.absolute_schema_path, *self.schema_path))

    def __repr__(self) -> str:
        return f"<SchemaError: {self.message!r}>"


def fail(message: str, keyword: str, s: Any, x: Any) -> SchemaError:
    """The error of `keyword` of the subschema `s` on `x`."""
    return SchemaError(message, keyword, s[keyword], x, s)


def false_schema(x: Any, s: Any, _r: Any) -> Errors:
    """The schema `false`: nothing is valid."""
    yield SchemaError(f"False schema does not allow {x!r}", None, None, x, s)


def nothing(_x: Any, _s: Any, _r: Any) -> Errors:
    """The schema `true` (or `{}`): everything is valid."""
    yield from ()


def descend(explain: Explain, x: Any, s: Any, r: Any, keyword: str | None, key: Any = _NO,
            path: Any = _NO) -> Errors:
    """The errors of `x` against the subschema `s`, placed under `keyword`, the schema's `key`
    and the instance's `path` (each where given).

    As in jsonschema, the error of a schema that is `false` itself keeps neither the schema
    key nor the instance key, only the keyword; and the branches of anyOf and oneOf, and
    `then` and `else`, have no keyword of their own (`if` is not one).
    """
    bare = explain is false_schema
    for error in explain(x, s, r):
        if not bare:
            if path is not _NO:
                error.path.appendleft(path)
            if key is not _NO:
                error.schema_path.appendleft(key)
        if keyword is not None:
            error.schema_path.appendleft(keyword)
        yield error


def properties(x: dict[str, Any], s: Any, r: Any, table: Mapping[str, Branch]) -> Errors:
    """`properties`, in the schema's order."""
    subschemas = s["properties"]
    for key, (check, explain) in table.items():
        if key in x and not check(x[key]):
            yield from descend(explain, x[key], subschemas[key], r, "properties", key, key)


def pattern_properties(x: dict[str, Any], s: Any, r: Any,
                       table: tuple[tuple[str, Check, Check, Explain], ...]) -> Errors:
    """`patternProperties`: each pattern (searched, not matched whole) with each key."""
    subschemas = s["patternProperties"]
    for pattern, search, check, explain in table:
        for key, value in x.items():
            if search(key) and not check(value):
                yield from descend(explain, value, subschemas[pattern], r, "patternProperties", pattern, key)


def _extras(x: dict[str, Any], s: Any, search: Check | None) -> list[str]:
    """The keys neither `properties` nor a pattern of `patternProperties` names."""
    known = s.get("properties", {})
    return [key for key in x if key not in known and not (search is not None and search(key))]


def additional(x: dict[str, Any], s: Any, r: Any, branch: Branch, search: Check | None) -> Errors:
    """`additionalProperties` as a schema: each other key's value is checked against it."""
    check, explain = branch
    for key in _extras(x, s, search):
        if not check(x[key]):
            yield from descend(explain, x[key], s["additionalProperties"], r, "additionalProperties", path=key)


def closed(x: dict[str, Any], s: Any, search: Check | None) -> Errors:
    """`additionalProperties: false`: one error naming every other key."""
    extras = _extras(x, s, search)
    if not extras:
        return
    if "patternProperties" in s:
        verb = "does" if len(extras) == 1 else "do"
        joined = ", ".join(repr(each) for each in sorted(extras))
        patterns = ", ".join(repr(each) for each in sorted(s["patternProperties"]))
        yield fail(f"{joined} {verb} not match any of the regexes: {patterns}", "additionalProperties", s, x)
        return
    verb = "was" if len(extras) == 1 else "were"
    named = ", ".join(repr(extra) for extra in sorted(extras, key=str))
    yield fail(f"Additional properties are not allowed ({named} {verb} unexpected)", "additionalProperties", s, x)


def property_names(x: dict[str, Any], s: Any, r: Any, branch: Branch) -> Errors:
    """`propertyNames`: each key is the instance (and the path stays the object's)."""
    check, explain = branch
    for key in x:
        if not check(key):
            yield from descend(explain, key, s["propertyNames"], r, "propertyNames")


def required(x: dict[str, Any], s: Any) -> Errors:
    """`required`: one error for each missing key, in the schema's order."""
    for key in s["required"]:
        if key not in x:
            yield fail(f"{key!r} is a required property", "required", s, x)


def items(x: list[Any], s: Any, r: Any, branch: Branch) -> Errors:
    """`items` as a schema (no `prefixItems`): every item is checked against it."""
    check, explain = branch
    for index, item in enumerate(x):
        if not check(item):
            yield from descend(explain, item, s["items"], r, "items", path=index)


def no_items(x: list[Any], s: Any) -> Errors:
    """`items: false` (no `prefixItems`): an array must be empty."""
    if x:
        rest = x if len(x) != 1 else x[0]
        yield fail(f"Expected at most 0 items but found {len(x)} extra: {rest!r}", "items", s, x)


def all_of(x: Any, s: Any, r: Any, branches: tuple[Branch, ...]) -> Errors:
    """`allOf`: the errors of every branch."""
    for index, (check, explain) in enumerate(branches):
        if not check(x):
            yield from descend(explain, x, s["allOf"][index], r, "allOf", index)


def _context(x: Any, subschemas: list[Any], r: Any, branches: tuple[Branch, ...]) -> tuple[list[SchemaError], int]:
    """The errors of the branches before the first valid one (its index, or -1 if none is)."""
    context: list[SchemaError] = []
    for index, (check, explain) in enumerate(branches):
        if check(x):
            return context, index
        context.extend(descend(explain, x, subschemas[index], r, None, index))
    return context, -1


def any_of(x: Any, s: Any, r: Any, branches: tuple[Branch, ...]) -> Errors:
    """`anyOf`: one error, the branches' errors as its context, when no branch holds."""
    context, first = _context(x, s["anyOf"], r, branches)
    if first < 0:
        yield SchemaError(f"{x!r} is not valid under any of the given schemas", "anyOf", s["anyOf"], x, s, context)


def one_of(x: Any, s: Any, r: Any, branches: tuple[Branch, ...]) -> Errors:
    """`oneOf`: as anyOf when no branch holds, and one error naming them when several do."""
    subschemas = s["oneOf"]
    context, first = _context(x, subschemas, r, branches)
    if first < 0:
        yield SchemaError(f"{x!r} is not valid under any of the given schemas", "oneOf", subschemas, x, s, context)
        return
    more = [subschemas[i] for i in range(first + 1, len(branches)) if branches[i][0](x)]
    if more:
        more.append(subschemas[first])
        reprs = ", ".join(repr(each) for each in more)
        yield SchemaError(f"{x!r} is valid under each of {reprs}", "oneOf", subschemas, x, s)


def if_then_else(x: Any, s: Any, r: Any, condition: Check, then: Branch | None, else_: Branch | None) -> Errors:
    """`if`: the errors of `then` when `x` passes `if`, else those of `else`."""
    word, branch = ("then", then) if condition(x) else ("else", else_)
    if branch is not None and not branch[0](x):
        yield from descend(branch[1], x, s[word], r, None, word)
