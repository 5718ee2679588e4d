"""Compile a JSON Schema (draft 2020-12) into a plain Python module with `is_valid(instance)`.

jsonschema walks the schema for every value it checks; the generated module does the same
checks as straight-line code, so a valid manifest costs no jsonschema import and a fraction
of the time. Errors are still explained by jsonschema (scaffold.manifest loads it only when
`is_valid` says no), so the generated code only has to give jsonschema's verdict.

The verdict is that of scaffold's strict validator (`scaffold.manifest.schema.strict_validator`):
jsonschema's, quirks included (a boolean is no number, `const`/`enum`/`uniqueItems` use
jsonschema's equality, 1 == 1.0 but True != 1, NaN passes `minimum`), except that `integer`
is an int and never a float such as 8080.0, and `pattern` matches the whole string. A keyword
this compiler does not implement is refused when the module is generated, so a schema change
can never weaken the check unseen; tests/test_schema_compiled.py fails when a checked-in module
is stale and compares verdicts with jsonschema on random manifests.

    python -m scaffold.manifest.schemacompile          # regenerate every module in SCHEMAS
    python -m scaffold.manifest.schemacompile --check  # exit 1 if one is stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# schema file (in schemas/) -> (generated module in scaffold/manifest/, whether `format` is
# asserted). Formats follow how scaffold builds each validator: the manifest's without a format
# checker (manifest/schema.py), the registry's with FORMAT_CHECKER (ports/registry.py).
SCHEMAS: dict[str, tuple[str, bool]] = {
    "manifest.schema.json": ("_schema_manifest", False),
    "port-registry.schema.json": ("_schema_port_registry", True),
}
COMMAND = "python -m scaffold.manifest.schemacompile"

# keywords that never change a verdict (annotations, and errorMessage, which jsonschema ignores)
_ANNOTATIONS = frozenset({"title", "description", "default", "examples", "$comment", "deprecated",
                          "readOnly", "writeOnly", "errorMessage", "$defs"})
_ROOT_ONLY = frozenset({"$schema", "$id"})
_IMPLEMENTED = frozenset({
    "type", "enum", "const", "$ref", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "minLength", "maxLength", "pattern", "format",
    "properties", "patternProperties", "additionalProperties", "required", "propertyNames",
    "minProperties", "maxProperties",
    "items", "minItems", "maxItems", "uniqueItems",
})
_FORMATS = ("ipv4", "ipv6")  # formats asserted when a schema's validator checks formats
_DRAFT = "https://json-schema.org/draft/2020-12/schema"

_TYPE_TESTS = {
    "object": "isinstance(x, dict)",
    "array": "isinstance(x, list)",
    "string": "isinstance(x, str)",
    "null": "x is None",
    "boolean": "isinstance(x, bool)",
    "number": "_is_number(x)",
    "integer": "(not isinstance(x, bool) and isinstance(x, int))",
}
_NUMBER_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_STRING_KEYWORDS = ("minLength", "maxLength", "pattern")
_OBJECT_KEYWORDS = ("properties", "patternProperties", "additionalProperties", "required",
                    "propertyNames", "minProperties", "maxProperties")
_ARRAY_KEYWORDS = ("items", "minItems", "maxItems", "uniqueItems")


class SchemaCompileError(ValueError):
    """The schema uses something this compiler does not implement (or is malformed)."""


# jsonschema's equality and uniqueness (jsonschema/_utils.py), copied so verdicts agree exactly
_HELPERS = {
    "_equal": '''\
def _equal(one: Any, two: Any) -> bool:
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(_equal(i, j) for i, j in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(key in two and _equal(value, two[key]) for key, value in one.items())
    return bool(_unbool(one) == _unbool(two))
''',
    "_unbool": '''\
_TRUE, _FALSE = object(), object()


def _unbool(element: Any) -> Any:
    if element is True:
        return _TRUE
    if element is False:
        return _FALSE
    return element
''',
    "_uniq": '''\
def _uniq(container: list[Any]) -> bool:
    try:
        ordered = sorted(_unbool(i) for i in container)
        return not any(_equal(i, j) for i, j in pairwise(ordered))
    except (NotImplementedError, TypeError):
        seen: list[Any] = []
        for e in container:
            e = _unbool(e)
            if any(_equal(i, e) for i in seen):
                return False
            seen.append(e)
    return True
''',
}
# format checks as jsonschema's (jsonschema/_format.py), cached: a registry repeats a few host IPs
# thousands of times, and ipaddress parses slowly
_FORMAT_HELPERS = {
    "_ipv4": '''\
@lru_cache(maxsize=1024)
def _ipv4(x: str) -> bool:
    try:
        return bool(ipaddress.IPv4Address(x))
    except ipaddress.AddressValueError:
        return False
''',
    "_ipv6": '''\
@lru_cache(maxsize=1024)
def _ipv6(x: str) -> bool:
    try:
        return not getattr(ipaddress.IPv6Address(x), "scope_id", "")
    except ipaddress.AddressValueError:
        return False
''',
}
_IS_NUMBER = '''\
def _is_number(x: Any) -> bool:
    return not isinstance(x, bool) and isinstance(x, (int, float, Number))
'''
_HELPER_NEEDS = {"_equal": ("_unbool",), "_uniq": ("_equal", "_unbool"), "_unbool": ()}


@dataclass
class _Compiler:
    """Turns a schema into the generated module's functions and constants."""

    root: Any
    formats: bool
    functions: list[str] = field(default_factory=list)
    constants: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # JSON pointer -> function name
    regexes: dict[str, str] = field(default_factory=dict)  # pattern -> constant
    handed_out: set[str] = field(default_factory=set)  # names used before their function was made
    helpers: set[str] = field(default_factory=set)
    imports: set[str] = field(default_factory=set)

    def constant(self, prefix: str, value: str, late: bool = False) -> str:
        """A module-level constant; `late` ones (tables of functions) come after the functions."""
        name = f"_{prefix}{len(self.constants) + len(self.tables)}"
        (self.tables if late else self.constants).append(f"{name} = {value}")
        return name

    def compile(self, schema: Any, pointer: str) -> str:
        """The name of a function `(x) -> bool` checking `schema` (compiled once per pointer)."""
        if pointer in self.names:
            self.handed_out.add(self.names[pointer])
            return self.names[pointer]
        if schema is True or schema == {}:
            self.names[pointer] = "_anything"
            return "_anything"
        name = f"_v{len(self.names)}"
        self.names[pointer] = name
        if schema is False:
            self.functions.append(f"def {name}(x: Any) -> bool:  # {pointer}\n    return False\n")
            return name
        if not isinstance(schema, dict):
            raise SchemaCompileError(f"{pointer}: a schema is an object or a boolean")
        if "$ref" in schema and set(schema) - _ANNOTATIONS == {"$ref"}:  # an alias: call its target
            target = self.reference(schema["$ref"], pointer)
            if target == name:
                raise SchemaCompileError(f"{pointer}: a $ref cycle that never checks anything")
            if name in self.handed_out:  # referred to while its target compiled: keep the name
                self.functions.append(f"def {name}(x: Any) -> bool:  # {pointer}\n    return {target}(x)\n")
                return name
            self.names[pointer] = target
            return target
        body = self.body(schema, pointer)
        self.functions.append(f"def {name}(x: Any) -> bool:  # {pointer}\n" + "".join(
            f"    {line}\n" if line else "\n" for line in body))
        return name

    def body(self, s: dict[str, Any], at: str) -> list[str]:
        _check_keywords(s, at)
        fails: list[list[str]] = []  # each: lines that `return False` when x fails
        known = self.type_fails(s, at, fails)
        self.value_fails(s, at, fails)
        self.combinator_fails(s, at, fails)
        self.kind_fails(s, at, known, fails)
        return _finish(fails)

    def type_fails(self, s: dict[str, Any], at: str, fails: list[list[str]]) -> str | None:
        """Adds the `type` check; returns the one type x is known to have after it, if one."""
        types = s.get("type")
        if types is None:
            return None
        listed = [types] if isinstance(types, str) else types
        if not isinstance(listed, list) or not listed or any(t not in _TYPE_TESTS for t in listed):
            raise SchemaCompileError(f"{at}/type: {types!r} is not a type or list of types")
        tests = [self.type_test(t) for t in listed]
        fails.append(_fail_if(_negate(tests[0]) if len(tests) == 1 else "not (" + " or ".join(tests) + ")"))
        return str(listed[0]) if len(listed) == 1 else None

    def value_fails(self, s: dict[str, Any], at: str, fails: list[list[str]]) -> None:
        if "const" in s:
            fails.append(_fail_if(self.unequal("x", [s["const"]])))
        if "enum" in s:
            if not isinstance(s["enum"], list):
                raise SchemaCompileError(f"{at}/enum: must be a list")
            fails.append(_fail_if(self.unequal("x", s["enum"])))
        if "$ref" in s:
            fails.append(_fail_if(f"not {self.reference(s['$ref'], at)}(x)"))

    def combinator_fails(self, s: dict[str, Any], at: str, fails: list[list[str]]) -> None:
        for word in ("allOf", "anyOf", "oneOf"):
            if word in s:
                fails.extend(self.combination(word, s[word], at))
        if "not" in s:
            fails.append(_fail_if(f"{self.compile(s['not'], at + '/not')}(x)"))
        if "if" in s:
            test = f"{self.compile(s['if'], at + '/if')}(x)"
            then = f"{self.compile(s['then'], at + '/then')}(x)" if "then" in s else "True"
            else_ = f"{self.compile(s['else'], at + '/else')}(x)" if "else" in s else "True"
            fails.append(_fail_if(f"not ({then} if {test} else {else_})"))

    def combination(self, word: str, parts: Any, at: str) -> list[list[str]]:
        if not isinstance(parts, list) or not parts:
            raise SchemaCompileError(f"{at}/{word}: must be a non-empty list")
        calls = [f"{self.compile(p, f'{at}/{word}/{i}')}(x)" for i, p in enumerate(parts)]
        if word == "allOf":
            return [[f"if not {c}:", "    return False"] for c in calls]
        if word == "anyOf":
            return [_fail_if("not (" + " or ".join(calls) + ")")]
        return [_fail_if(f"[{', '.join(calls)}].count(True) != 1")]

    def kind_fails(self, s: dict[str, Any], at: str, known: str | None, fails: list[list[str]]) -> None:
        """The checks that apply to one kind of value, guarded by a type test unless x's type is known."""
        types = s.get("type")
        numbers = self.number_checks(s, at)
        strings = self.string_checks(s, at)
        objects = self.object_checks(s, at)
        arrays = self.array_checks(s, at)
        for kind, lines in (("number", numbers), ("string", strings), ("object", objects),
                            ("array", arrays)):
            if not lines:
                continue
            if known == kind or (kind == "number" and known == "integer"):
                fails.append(lines)
            elif known is None or (isinstance(types, list) and (kind in types or (
                    kind == "number" and "integer" in types))):
                fails.append(self.guarded(kind, lines))
            # else: x is known to be of another type, so these keywords cannot apply

    def guarded(self, kind: str, lines: list[str]) -> list[str]:
        guard = self.type_test(kind)
        if len(lines) == 2 and lines[0].startswith("if ") and lines[1] == "    return False":
            inner = lines[0][3:-1]
            return [f"if {guard} and {inner if _atom(inner) else f'({inner})'}:", lines[1]]
        return [f"if {guard}:", *("    " + line for line in lines)]

    def type_test(self, name: str) -> str:
        if name == "number":
            self.imports.add("numbers")
        return _TYPE_TESTS[name]

    def unequal(self, x: str, values: list[Any]) -> str:
        """A condition that holds when `x` equals none of `values`, by jsonschema's `equal`."""
        if all(isinstance(v, str) for v in values):
            if len(values) == 1:
                return f"not (isinstance({x}, str) and {x} == {values[0]!r})"
            return f"not (isinstance({x}, str) and {x} in {self.constant('E', _literal(frozenset(values)))})"
        if all(v is True or v is False or v is None for v in values):
            return " and ".join(f"{x} is not {v!r}" for v in values)
        self.need("_equal")
        return f"not any(_equal(e, {x}) for e in {self.constant('E', _literal(tuple(values)))})"

    def reference(self, ref: Any, at: str) -> str:
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise SchemaCompileError(f"{at}/$ref: only references inside the schema ('#/...') are implemented")
        target: Any = self.root
        pointer = ref[1:]
        if pointer and not pointer.startswith("/"):
            raise SchemaCompileError(f"{at}/$ref: anchors ({ref}) are not implemented")
        for part in pointer.split("/")[1:] if pointer else ():
            part = part.replace("~1", "/").replace("~0", "~")
            try:
                target = target[int(part)] if isinstance(target, list) else target[part]
            except (KeyError, IndexError, ValueError, TypeError):
                raise SchemaCompileError(f"{at}/$ref: {ref} points at nothing") from None
        return self.compile(target, ref)

    def number_checks(self, s: dict[str, Any], at: str) -> list[str]:
        out = []
        for word, op in (("minimum", "<"), ("maximum", ">"), ("exclusiveMinimum", "<="),
                         ("exclusiveMaximum", ">=")):
            if word in s:
                limit = s[word]
                if isinstance(limit, bool) or not isinstance(limit, int | float):
                    raise SchemaCompileError(f"{at}/{word}: must be a number")
                out += [f"if x {op} {limit!r}:", "    return False"]
        return out

    def string_checks(self, s: dict[str, Any], at: str) -> list[str]:
        out = []
        if "minLength" in s:
            out += [f"if len(x) < {_count(s, 'minLength', at)}:", "    return False"]
        if "maxLength" in s:
            out += [f"if len(x) > {_count(s, 'maxLength', at)}:", "    return False"]
        if "pattern" in s:
            out += [f"if {self.regex(s['pattern'], at + '/pattern')}.fullmatch(x) is None:", "    return False"]
        if "format" in s and self.formats:
            fmt = s["format"]
            if fmt not in _FORMATS:
                raise SchemaCompileError(f"{at}/format: format {fmt!r} is not implemented "
                                         f"(implemented: {', '.join(_FORMATS)})")
            self.imports.add("ipaddress")
            self.helpers.add(f"_{fmt}")
            out += [f"if not _{fmt}(x):", "    return False"]
        return out

    def regex(self, pattern: Any, at: str) -> str:
        if not isinstance(pattern, str):
            raise SchemaCompileError(f"{at}: a pattern is a string")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SchemaCompileError(f"{at}: {pattern!r} is not a Python regular expression: {exc}") from None
        self.imports.add("re")
        if pattern not in self.regexes:
            self.regexes[pattern] = self.constant("R", f"re.compile({pattern!r})")
        return self.regexes[pattern]

    def object_checks(self, s: dict[str, Any], at: str) -> list[str]:
        out = _size_checks(s, at, "minProperties", "maxProperties")
        required = s.get("required", [])
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            raise SchemaCompileError(f"{at}/required: must be a list of strings")
        if required:
            out += ["if " + " or ".join(f"{r!r} not in x" for r in dict.fromkeys(required)) + ":",
                    "    return False"]
        for word in ("properties", "patternProperties"):
            if not isinstance(s.get(word, {}), dict):
                raise SchemaCompileError(f"{at}/{word}: must be an object")
        loop = self.name_and_pattern_loop(s, at)
        checks = {k: self.compile(v, f"{at}/properties/{_escape(k)}") for k, v in s.get("properties", {}).items()}
        extra_lines = self.extra_lines(s, at)
        checked = {k: c for k, c in checks.items() if c != "_anything"}
        if checks and (checked or extra_lines):
            loop += self.property_loop(checks, checked, extra_lines)
        elif extra_lines == ["return False"] and not loop:
            out += ["if x:", "    return False"]  # no key is allowed at all
        elif extra_lines:
            loop += extra_lines
        return out + _loop(loop)

    def name_and_pattern_loop(self, s: dict[str, Any], at: str) -> list[str]:
        """Loop lines for propertyNames and patternProperties."""
        loop: list[str] = []
        names = s.get("propertyNames", True)
        if names is not True and names != {}:
            loop += [f"if not {self.compile(names, at + '/propertyNames')}(k):", "    return False"]
        for p, sub in s.get("patternProperties", {}).items():
            regex = self.regex(p, f"{at}/patternProperties/{_escape(p)}")
            check = self.compile(sub, f"{at}/patternProperties/{_escape(p)}")
            if check != "_anything":
                loop += [f"if {regex}.search(k) is not None and not {check}(v):", "    return False"]
        return loop

    def extra_lines(self, s: dict[str, Any], at: str) -> list[str]:
        """Loop lines for a key no property names (additionalProperties)."""
        extra = s.get("additionalProperties", True)
        patterns = s.get("patternProperties", {})
        lines: list[str] = []
        if extra is False:
            lines = ["return False"]
        elif extra is not True and extra != {}:
            extra_check = self.compile(extra, at + "/additionalProperties")
            if extra_check != "_anything":
                lines = [f"if not {extra_check}(v):", "    return False"]
        if lines and patterns:  # jsonschema joins the patterns into one: keep its exact rule
            joined = self.regex("|".join(patterns), at + "/patternProperties")
            lines = [f"if {joined}.search(k) is None:", *("    " + line for line in lines)]
        return lines

    def property_loop(self, checks: dict[str, str], checked: dict[str, str], extra_lines: list[str]) -> list[str]:
        """Loop lines looking each key up in a table of property checks."""
        table = self.constant("P", "{" + ", ".join(f"{k!r}: {c}" for k, c in checked.items()) + "}",
                              late=True)
        if extra_lines and len(checked) < len(checks):
            known = self.constant("K", _literal(frozenset(checks)))
            return [f"f = {table}.get(k)", "if f is not None:", "    if not f(v):", "        return False",
                    f"elif k not in {known}:", *("    " + line for line in extra_lines)]
        if extra_lines == ["return False"]:
            return [f"f = {table}.get(k)", "if f is None or not f(v):", "    return False"]
        if extra_lines:
            return [f"f = {table}.get(k)", "if f is None:", *("    " + line for line in extra_lines),
                    "elif not f(v):", "    return False"]
        return [f"f = {table}.get(k)", "if f is not None and not f(v):", "    return False"]

    def array_checks(self, s: dict[str, Any], at: str) -> list[str]:
        out: list[str] = []
        if "minItems" in s:
            out += [f"if len(x) < {_count(s, 'minItems', at)}:", "    return False"]
        if "maxItems" in s:
            out += [f"if len(x) > {_count(s, 'maxItems', at)}:", "    return False"]
        if s.get("uniqueItems") is True:
            self.need("_uniq")
            out += ["if not _uniq(x):", "    return False"]
        elif s.get("uniqueItems", False) is not False:
            raise SchemaCompileError(f"{at}/uniqueItems: must be a boolean")
        if "items" in s:
            check = self.compile(s["items"], at + "/items")
            if check != "_anything":
                out += [f"if not all(map({check}, x)):", "    return False"]
        return out

    def need(self, helper: str) -> None:
        self.helpers.add(helper)
        for other in _HELPER_NEEDS[helper]:
            self.helpers.add(other)
        if helper in ("_equal", "_uniq"):
            self.imports.add("abc")


def _check_keywords(s: dict[str, Any], at: str) -> None:
    """Refuses a keyword this compiler does not implement (and a draft other than 2020-12)."""
    for key in s:
        if key in _ROOT_ONLY and at == "#":
            if key == "$schema" and s[key] != _DRAFT:
                raise SchemaCompileError(f"{at}: only draft 2020-12 is implemented, not {s[key]}")
            continue
        if key not in _IMPLEMENTED and key not in _ANNOTATIONS:
            raise SchemaCompileError(f"{at}: keyword {key!r} is not implemented by "
                                     "scaffold.manifest.schemacompile; "
                                     "implement it (and test it against jsonschema) before using it")


def _fail_if(condition: str) -> list[str]:
    return [f"if {condition}:", "    return False"]


def _size_checks(s: dict[str, Any], at: str, low: str, high: str) -> list[str]:
    out: list[str] = []
    if low in s:
        out += [f"if len(x) < {_count(s, low, at)}:", "    return False"]
    if high in s:
        out += [f"if len(x) > {_count(s, high, at)}:", "    return False"]
    return out


def _loop(loop: list[str]) -> list[str]:
    """The loop over x's items running `loop` (which uses k, v or both), or a map() for one call."""
    if not loop:
        return []
    uses_k = any(re.search(r"\bk\b", line) for line in loop)
    uses_v = any(re.search(r"\bv\b", line) for line in loop)
    head = ("for k, v in x.items():" if uses_v else "for k in x:") if uses_k else "for v in x.values():"
    single = re.fullmatch(r"if not (\w+)\(([kv])\):", loop[0]) if len(loop) == 2 else None
    if single and single[2] == "v" and not uses_k:
        return [f"if not all(map({single[1]}, x.values())):", "    return False"]
    if single and single[2] == "k" and not uses_v:
        return [f"if not all(map({single[1]}, x)):", "    return False"]
    return [head, *("    " + line for line in loop)]


def _finish(fails: list[list[str]]) -> list[str]:
    """The function body: every failing check returns False, then True (or the last check's verdict)."""
    lines = [line for block in fails for line in block]
    if len(lines) >= 2 and lines[-2].startswith("if ") and lines[-1] == "    return False":
        return [*lines[:-2], "return " + _negate(lines[-2][3:-1])]
    return [*lines, "return True"]


def _atom(expr: str) -> bool:
    """Whether `expr` needs no parentheses to be negated: no space outside brackets or quotes."""
    depth, quote = 0, ""
    for ch in expr:
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == " " and depth == 0:
            return False
    return True


def _negate(condition: str) -> str:
    """`not condition`, written as a person would (comparisons stay as they are: NaN)."""
    for positive, negative in ((" is not ", " is "), (" is ", " is not ")):
        head, sep, tail = condition.partition(positive)
        if sep and _atom(head) and _atom(tail):
            return f"{head}{negative}{tail}"
    head, sep, tail = condition.partition(" != ")
    if sep and _atom(head) and _atom(tail):
        return f"{head} == {tail}"
    if condition.startswith("not ") and _atom(condition[4:]):
        inner = condition[4:]
        wrapped = inner.startswith("(") and inner.endswith(")") and _atom(inner[1:-1].replace(" ", ""))
        return inner[1:-1] if wrapped and inner.count("(") == 1 + inner[1:-1].count("(") else inner
    return f"not {condition}" if _atom(condition) else f"not ({condition})"


def _count(s: dict[str, Any], word: str, at: str) -> int:
    value = s[word]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SchemaCompileError(f"{at}/{word}: must be a non-negative integer")
    return value


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _literal(value: Any) -> str:
    if isinstance(value, frozenset):
        return "frozenset({" + ", ".join(repr(v) for v in sorted(value)) + "})"
    return repr(value)


def compile_schema(schema: Any, *, source: str, formats: bool) -> str:
    """The text of a Python module whose `is_valid(instance)` gives jsonschema's verdict."""
    c = _Compiler(schema, formats)
    entry = c.compile(schema, "#")
    digest = hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()
    imports = [f"import {m}" for m in sorted(c.imports & {"ipaddress", "re"})]
    if "abc" in c.imports:
        imports.append("from collections.abc import Mapping, Sequence")
    if c.helpers & set(_FORMAT_HELPERS):
        imports.append("from functools import lru_cache")
    if "_uniq" in c.helpers:
        imports.append("from itertools import pairwise")
    if "numbers" in c.imports:
        imports.append("from numbers import Number")
    imports.append("from typing import Any")
    helpers = [_HELPERS[h] for h in ("_unbool", "_equal", "_uniq") if h in c.helpers]
    if "numbers" in c.imports:
        helpers.append(_IS_NUMBER)
    helpers += [_FORMAT_HELPERS[h] for h in sorted(_FORMAT_HELPERS) if h in c.helpers]
    head = (f"# Generated by `{COMMAND}` from {source}: do not edit.\n"
            f"# Schema sha256 (canonical JSON): {digest}\n"
            f'"""`is_valid(instance)`: jsonschema\'s Draft 2020-12 verdict on {source}'
            f"{', formats asserted' if formats else ', formats not asserted'}, without jsonschema.\"\"\"\n\n"
            "from __future__ import annotations\n\n" + "\n".join(imports) + "\n")
    if c.constants:
        head += "\n" + "\n".join(c.constants) + "\n"
    blocks = [
        *helpers,
        "def _anything(_x: Any) -> bool:\n    return True\n",
        *c.functions,
        "\n".join(c.tables) + "\n" if c.tables else "",
        f"def is_valid(instance: Any) -> bool:\n    \"\"\"True when {source} accepts `instance`.\"\"\"\n"
        f"    return {entry}(instance)\n",
    ]
    text = head + "\n\n" + "\n\n\n".join(b.rstrip("\n") for b in blocks if b) + "\n"
    return _long_lines(text)


def _long_lines(text: str, limit: int = 120) -> str:
    """Regular expressions and tables are kept whole: mark the few lines they make too long."""
    return "\n".join(f"{line}  # noqa: E501" if len(line) > limit else line
                     for line in text.split("\n"))


def generated(name: str) -> str:
    """The module text generated now from schemas/`name`."""
    from scaffold.resources import schema_text

    _, formats = SCHEMAS[name]
    return compile_schema(json.loads(schema_text(name)), source=f"schemas/{name}", formats=formats)


def module_path(name: str) -> Path:
    return Path(__file__).resolve().parent / f"{SCHEMAS[name][0]}.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated module is stale")
    args = parser.parse_args(argv)
    stale = []
    for name in SCHEMAS:
        text, path = generated(name), module_path(name)
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        stale.append(path.name)
        if not args.check:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.name}")
    if args.check and stale:
        print(f"stale: {', '.join(stale)}; run `{COMMAND}`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
