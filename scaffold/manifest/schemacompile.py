"""Compile a JSON Schema (draft 2020-12) into plain Python modules: `is_valid(instance)`, and
`errors(instance, schema)` to explain an instance it refuses.

jsonschema walks the schema for every value it checks; the generated modules do the same
checks as straight-line code, so a manifest costs no jsonschema import, valid or not, and a
fraction of the time. For each schema in SCHEMAS two modules are written: the verdict's
(`_schema_manifest.py`), loaded for every manifest, and the errors' (`_schema_manifest_errors.py`),
loaded only when the verdict is no; it yields the errors jsonschema's `iter_errors` would, with
every part scaffold reads of them (scaffold.manifest.schema_error), and walks only the members
the verdict module finds invalid.

The verdict is that of scaffold's strict validator (`scaffold.manifest.schema.strict_validator`):
jsonschema's, quirks included (a boolean is no number, `const`/`enum`/`uniqueItems` use
jsonschema's equality, 1 == 1.0 but True != 1, NaN passes `minimum`), except that `integer`
is an int and never a float such as 8080.0, and `pattern` matches the whole string. A simple
pattern (character classes, repeated, in a few sequences) becomes string operations; any other
is compiled on its first use, so importing a module compiles no regular expression. A keyword
this compiler does not implement is refused when the modules are generated, so a schema change
can never weaken the check unseen; tests/test_schema_compiled.py fails when a checked-in module
is stale and compares verdicts and errors with jsonschema on random manifests.

    python -m scaffold.manifest.schemacompile          # regenerate every module of SCHEMAS
    python -m scaffold.manifest.schemacompile --check  # exit 1 if one is stale
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import io
import json
import re
import sys
import tokenize
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# schema file (in schemas/) -> (generated module in scaffold/manifest/, whether `format` is
# asserted); the errors' module is named as the verdict's with `_errors`. Formats follow how
# scaffold builds each validator: the manifest's without a format checker (manifest/schema.py),
# the registry's with FORMAT_CHECKER (ports/registry.py).
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
    if isinstance(x, (int, float)):
        return not isinstance(x, bool)
    if x is None or isinstance(x, (str, dict, list)):  # the rest of what YAML and JSON give
        return False
    from numbers import Number  # here, for anything else: it costs an import

    return isinstance(x, Number)
'''
_RE = '''\
@cache
def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)
'''
_HELPER_NEEDS = {"_equal": ("_unbool",), "_uniq": ("_equal", "_unbool"), "_unbool": ()}

# a pattern as string operations: the strings it matches whole are those of a few sequences of
# segments, a segment being (the characters it takes, at least, at most: None for no limit)
_Segment = tuple[str, int, int | None]
_MAX_ALTERNATIVES = 8  # sequences one pattern may become (each `x?` or `(a|b)` doubles them)
_MAX_CHARS = 256  # characters one segment may take


def _plain_alternatives(pattern: str) -> list[list[_Segment]] | None:
    """The sequences of segments whose strings `pattern` matches whole, or None when it is no
    such pattern: only literal characters, classes of them (no negation, no \\d or \\w),
    repeats of one character or class, optional groups, alternatives, and ^ and $ at its ends.
    Read with re's own parser, so the sequences are what `re.fullmatch` would match."""
    try:
        parser = importlib.import_module("re._parser")
        parsed = parser.parse(pattern)
    except (ImportError, AttributeError, re.error):
        return None
    if parsed.state.flags & ~re.UNICODE:
        return None
    return _sequences(list(parsed), parser.MAXREPEAT, top=True)


def _sequences(items: list[Any], maxrepeat: Any, top: bool) -> list[list[_Segment]] | None:
    """The sequences of segments spelt by the parsed `items` (one after the other)."""
    sequences: list[list[_Segment]] = [[]]
    last = len(items) - 1
    for i, (op, value) in enumerate(items):
        if str(op) == "AT":  # with a full match, ^ first and $ last say nothing more
            if top and (i, str(value)) in ((0, "AT_BEGINNING"), (last, "AT_END")):
                continue
            return None
        options = _options(str(op), value, maxrepeat)
        if options is None:
            return None
        sequences = [sequence + option for sequence in sequences for option in options]
        if len(sequences) > _MAX_ALTERNATIVES:
            return None
    return sequences


def _options(op: str, value: Any, maxrepeat: Any) -> list[list[_Segment]] | None:
    """The sequences one parsed item may stand for."""
    if op in ("LITERAL", "IN"):
        chars = _chars(op, value)
        return None if chars is None else [[(chars, 1, 1)]]
    if op in ("MAX_REPEAT", "MIN_REPEAT"):  # greedy or not, a full match is the same
        low, high, sub = value
        high = None if high == maxrepeat else int(high)
        if len(sub) == 1 and str(sub[0][0]) in ("LITERAL", "IN"):
            chars = _chars(str(sub[0][0]), sub[0][1])
            return None if chars is None else [[(chars, int(low), high)]]
        if (low, high) == (0, 1):
            inner = _sequences(list(sub), maxrepeat, top=False)
            return None if inner is None else [[], *inner]
        return None
    if op == "SUBPATTERN":
        _group, add_flags, del_flags, sub = value
        return None if add_flags or del_flags else _sequences(list(sub), maxrepeat, top=False)
    if op == "BRANCH":
        out: list[list[_Segment]] = []
        for branch in value[1]:
            inner = _sequences(list(branch), maxrepeat, top=False)
            if inner is None:
                return None
            out += inner
        return out
    return None


def _chars(op: str, value: Any) -> str | None:
    """The characters a parsed LITERAL or IN takes, sorted, or None when it is more than a set of them."""
    if op == "LITERAL":
        return chr(value)
    chars: set[str] = set()
    for kind, item in value:
        if str(kind) == "LITERAL":
            chars.add(chr(item))
        elif str(kind) == "RANGE" and item[1] - item[0] < _MAX_CHARS:
            chars.update(map(chr, range(item[0], item[1] + 1)))
        else:  # NEGATE, CATEGORY (\d, \w, ...)
            return None
    return "".join(sorted(chars)) if len(chars) <= _MAX_CHARS else None


@dataclass
class _Compiler:
    """Turns a schema into the generated module's functions and constants."""

    root: Any
    formats: bool
    functions: list[str] = field(default_factory=list)
    constants: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # JSON pointer -> function name
    matchers: dict[tuple[str, str], str] = field(default_factory=dict)  # (pattern, how) -> function
    matcher_functions: list[str] = field(default_factory=list)
    handed_out: set[str] = field(default_factory=set)  # names used before their function was made
    helpers: set[str] = field(default_factory=set)
    char_sets: dict[str, str] = field(default_factory=dict)  # characters -> constant
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
            out += [f"if not {self.matcher(s['pattern'], at + '/pattern')}(x):", "    return False"]
        if "format" in s and self.formats:
            fmt = s["format"]
            if fmt not in _FORMATS:
                raise SchemaCompileError(f"{at}/format: format {fmt!r} is not implemented "
                                         f"(implemented: {', '.join(_FORMATS)})")
            self.imports.add("ipaddress")
            self.helpers.add(f"_{fmt}")
            out += [f"if not _{fmt}(x):", "    return False"]
        return out

    def matcher(self, pattern: Any, at: str, how: str = "fullmatch") -> str:
        """The name of a function `(x: str) -> bool`: whether `pattern` matches the whole of x
        (`how` "fullmatch") or somewhere in it ("search").

        A full match of a simple pattern (a few sequences of character classes, see
        _plain_alternatives) is written as string operations; any other pattern is compiled
        on its first use, so importing the module compiles none.
        """
        if not isinstance(pattern, str):
            raise SchemaCompileError(f"{at}: a pattern is a string")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SchemaCompileError(f"{at}: {pattern!r} is not a Python regular expression: {exc}") from None
        if (pattern, how) in self.matchers:
            return self.matchers[pattern, how]
        name = f"_{'m' if how == 'fullmatch' else 's'}{len(self.matchers)}"
        self.matchers[pattern, how] = name
        alternatives = _plain_alternatives(pattern) if how == "fullmatch" else None
        tests = None if alternatives is None else [self.plain_test(a) for a in alternatives]
        if tests is None or None in tests:
            self.imports.add("re")
            self.helpers.add("_re")
            body = f"return _re({pattern!r}).{how}(x) is not None"
        elif len(tests) == 1:
            body = f"return {tests[0]}"
        else:
            body = "return " + " or ".join(f"({test})" for test in tests)
        comment = f"  # {pattern!r}" if "_re(" not in body else ""
        self.matcher_functions.append(f"def {name}(x: str) -> bool:{comment}\n    {body}\n")
        return name

    def plain_test(self, segments: list[_Segment]) -> str | None:
        """String operations telling whether x is one of the strings `segments` spell, or None
        when more than one segment has a variable length (then it would take a search)."""
        head: list[str] = []
        tail: list[str] = []
        variable: _Segment | None = None
        for chars, low, high in segments:
            if low == high:
                (head if variable is None else tail).extend([chars] * low)
            elif variable is None:
                variable = (chars, low, high)
            else:
                return None
        fixed = len(head) + len(tail)
        if variable is None:
            tests = [f"len(x) == {fixed}"]
        else:
            tests = [f"len(x) >= {fixed + variable[1]}"] if fixed + variable[1] else []
            tests += [f"len(x) <= {fixed + variable[2]}"] if variable[2] is not None else []
        tests += [self.char_test(f"x[{i}]", chars) for i, chars in enumerate(head)]
        tests += [self.char_test(f"x[{i - len(tail)}]", chars) for i, chars in enumerate(tail)]
        if variable is not None:
            middle = f"x[{len(head)}:{-len(tail) if tail else ''}]" if head or tail else "x"
            tests.append(f"not {middle}.strip({self.char_set(variable[0])})")
        return " and ".join(tests) if tests else "True"

    def char_test(self, char: str, chars: str) -> str:
        return f"{char} == {chars!r}" if len(chars) == 1 else f"{char} in {self.char_set(chars)}"

    def char_set(self, chars: str) -> str:
        """A constant holding `chars` (one constant for each set of characters)."""
        if chars not in self.char_sets:
            self.char_sets[chars] = self.constant("C", repr(chars))
        return self.char_sets[chars]

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
            search = self.matcher(p, f"{at}/patternProperties/{_escape(p)}", "search")
            check = self.compile(sub, f"{at}/patternProperties/{_escape(p)}")
            if check != "_anything":
                loop += [f"if {search}(k) and not {check}(v):", "    return False"]
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
        if lines and "|".join(patterns):  # jsonschema joins the patterns into one: keep its exact rule
            joined = self.matcher("|".join(patterns), at + "/patternProperties", "search")
            lines = [f"if not {joined}(k):", *("    " + line for line in lines)]
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


# the keywords of each kind of value, and the type test that guards them (jsonschema's is_type)
_KINDS = {**dict.fromkeys(_NUMBER_KEYWORDS, "number"), **dict.fromkeys(_STRING_KEYWORDS, "string"),
          "format": "string", **dict.fromkeys(_OBJECT_KEYWORDS, "object"), **dict.fromkeys(_ARRAY_KEYWORDS, "array")}
_LENGTH_WORDS: dict[str, tuple[str, Callable[[int], str]]] = {  # keyword -> (comparison, limit -> jsonschema's words)
    "minLength": ("<", lambda n: "should be non-empty" if n == 1 else "is too short"),
    "maxLength": (">", lambda n: "is expected to be empty" if n == 0 else "is too long"),
    "minItems": ("<", lambda n: "should be non-empty" if n == 1 else "is too short"),
    "maxItems": (">", lambda n: "is expected to be empty" if n == 0 else "is too long"),
    "minProperties": ("<", lambda n: "should be non-empty" if n == 1 else "does not have enough properties"),
    "maxProperties": (">", lambda n: "is expected to be empty" if n == 0 else "has too many properties"),
}
_LIMIT_WORDS = {
    "minimum": ("<", "is less than the minimum of"), "maximum": (">", "is greater than the maximum of"),
    "exclusiveMinimum": ("<=", "is less than or equal to the minimum of"),
    "exclusiveMaximum": (">=", "is greater than or equal to the maximum of"),
}
_WALKS = {"allOf": "all_of", "anyOf": "any_of", "oneOf": "one_of"}  # keyword -> the walk of its branches


@dataclass
class _ErrorCompiler(_Compiler):
    """Turns a schema into functions `(x, s, r)` yielding jsonschema's errors of x against the
    subschema s of the root schema r: each keyword in the schema's order, each with its own
    type test, as iter_errors applies them; members and branches are walked by the functions
    of scaffold.manifest.schema_error, and only those the verdict module finds invalid."""

    checks: dict[str, str] = field(default_factory=dict)  # JSON pointer -> its verdict function
    runtime: set[str] = field(default_factory=set)  # names used from scaffold.manifest.schema_error
    bodies: dict[str, str] = field(default_factory=dict)  # a function's body -> its name (one for equal subschemas)

    def compile(self, schema: Any, pointer: str) -> str:
        """The name of the function explaining `schema` (compiled once per pointer)."""
        if pointer in self.names:
            self.handed_out.add(self.names[pointer])
            return self.names[pointer]
        if schema is True or schema == {} or schema is False:
            name = "false_schema" if schema is False else "nothing"
            self.runtime.add(name)
            self.names[pointer] = name
            return name
        if not isinstance(schema, dict):
            raise SchemaCompileError(f"{pointer}: a schema is an object or a boolean")
        _check_keywords(schema, pointer)
        name = f"_e{len(self.functions)}"
        self.names[pointer] = name
        self.functions.append("")  # its place: the functions it compiles come after it
        index = len(self.functions) - 1
        lines: list[str] = []
        previous: list[str] = []
        for guard, block in _merged(self.keyword(word, schema, pointer) for word in schema):
            test = self.type_test(guard) if guard is not None else ""
            if guard is None:
                lines += block
            elif previous and previous == lines[-2:] and previous[0] == f"if {_negate(test)}:":  # after `type`
                one_if = len(block) == 2 and block[0].startswith("if ")
                lines += ["el" + block[0], block[1]] if one_if else ["else:", *("    " + line for line in block)]
            else:
                lines += _guarded(test, block)
            previous = block
        lines = lines or ["yield from ()"]
        body = "\n".join(lines)
        if body in self.bodies and name not in self.handed_out:  # an equal subschema's function does
            self.names[pointer] = self.bodies[body]
            self.functions[index] = ""
            return self.bodies[body]
        self.bodies.setdefault(body, name)
        self.functions[index] = _generator(name, pointer, lines)
        return name

    def check(self, pointer: str) -> str:
        """The verdict module's function for the subschema at `pointer`."""
        if pointer not in self.checks:
            raise SchemaCompileError(f"{pointer}: the verdict module has no function for it")
        return f"_ok.{self.checks[pointer]}"

    def branch(self, schema: Any, pointer: str) -> str:
        """`(check, explain)` for the subschema at `pointer`."""
        return f"({self.check(pointer)}, {self.compile(schema, pointer)})"

    def use(self, name: str) -> str:
        self.runtime.add(name)
        return name

    def keyword(self, word: str, s: dict[str, Any], at: str) -> tuple[str | None, list[str]] | None:
        """The lines yielding `word`'s errors, and the kind of value they apply to (None: any)."""
        if word in _ANNOTATIONS or word in _ROOT_ONLY or word in ("then", "else"):
            return None  # then and else are read with if
        kind = _KINDS.get(word)
        if word in _LIMIT_WORDS:
            lines = self.limit_lines(word, s, at)
        elif word in _LENGTH_WORDS:
            op, said = _LENGTH_WORDS[word]
            limit = _count(s, word, at)
            lines = self.fail_if(f"len(x) {op} {limit}", f"repr(x) + {' ' + said(limit)!r}", word)
        else:
            lines = getattr(self, "k_" + word.lstrip("$"))(s[word], s, at)
        return (kind, lines) if lines else None

    def fail_if(self, condition: str, message: str, word: str) -> list[str]:
        return [f"if {condition}:", f"    yield {self.use('fail')}({message}, {word!r}, s, x)"]

    def limit_lines(self, word: str, s: dict[str, Any], at: str) -> list[str]:
        limit = s[word]
        if isinstance(limit, bool) or not isinstance(limit, int | float):
            raise SchemaCompileError(f"{at}/{word}: must be a number")
        op, words = _LIMIT_WORDS[word]
        return self.fail_if(f"x {op} {limit!r}", f"repr(x) + {' ' + words + ' '!r} + repr(s[{word!r}])", word)

    # one method for each keyword: (its value, the schema, its pointer) -> lines

    def k_type(self, value: Any, _s: dict[str, Any], _at: str) -> list[str]:
        listed = [value] if isinstance(value, str) else value
        tests = [self.type_test(t) for t in listed]
        condition = _negate(tests[0]) if len(tests) == 1 else "not (" + " or ".join(tests) + ")"
        message = " is not of type " + ", ".join(repr(t) for t in listed)
        return self.fail_if(condition, f"repr(x) + {message!r}", "type")

    def k_enum(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        if not isinstance(value, list):
            raise SchemaCompileError(f"{at}/enum: must be a list")
        return self.fail_if(self.unequal("x", value), "repr(x) + ' is not one of ' + repr(s['enum'])", "enum")

    def k_const(self, value: Any, _s: dict[str, Any], _at: str) -> list[str]:
        return self.fail_if(self.unequal("x", [value]), "repr(s['const']) + ' was expected'", "const")

    def k_ref(self, ref: Any, _s: dict[str, Any], at: str) -> list[str]:
        """`$ref`: the errors of the schema it names, as they are (no keyword of their own)."""
        explain = self.reference(ref, at)
        check = self.check(ref)
        if check == "_ok._anything":
            return []
        target, where = "r", self.root
        for part in ref[1:].split("/")[1:]:  # reference() has followed it: it points at something
            part = part.replace("~1", "/").replace("~0", "~")
            key: int | str = int(part) if isinstance(where, list) else part
            target, where = f"{target}[{key!r}]", where[key]
        return [f"if not {check}(x):", f"    yield from {explain}(x, {target}, r)"]

    def k_not(self, _value: Any, _s: dict[str, Any], at: str) -> list[str]:
        return self.fail_if(f"{self.check(at + '/not')}(x)",
                            "repr(x) + ' should not be valid under ' + repr(s['not'])", "not")

    def k_if(self, _value: Any, s: dict[str, Any], at: str) -> list[str]:
        branches = [self.branch(s[word], f"{at}/{word}") if word in s else "None" for word in ("then", "else")]
        if branches == ["None", "None"]:
            return []
        return [f"yield from {self.use('if_then_else')}(x, s, r, {self.check(at + '/if')}, {', '.join(branches)})"]

    def k_allOf(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        return self.branches("allOf", value, at)

    def k_anyOf(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        return self.branches("anyOf", value, at)

    def k_oneOf(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        return self.branches("oneOf", value, at)

    def branches(self, word: str, parts: Any, at: str) -> list[str]:
        """allOf, anyOf, oneOf: a table of (check, explain) for the branches."""
        if not isinstance(parts, list) or not parts:
            raise SchemaCompileError(f"{at}/{word}: must be a non-empty list")
        table = self.constant("B", "(" + ", ".join(self.branch(p, f"{at}/{word}/{i}") for i, p in enumerate(parts))
                              + ",)", late=True)
        return [f"yield from {self.use(_WALKS[word])}(x, s, r, {table})"]

    def k_pattern(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        return self.fail_if(f"not {self.matcher(value, at + '/pattern')}(x)",
                            "repr(x) + ' does not match ' + repr(s['pattern'])", "pattern")

    def k_format(self, fmt: Any, _s: dict[str, Any], at: str) -> list[str]:
        if not self.formats:
            return []
        if fmt not in _FORMATS:
            raise SchemaCompileError(f"{at}/format: format {fmt!r} is not implemented "
                                     f"(implemented: {', '.join(_FORMATS)})")
        self.imports.add("ipaddress")
        self.helpers.add(f"_{fmt}")
        return self.fail_if(f"not _{fmt}(x)", "repr(x) + ' is not a ' + repr(s['format'])", "format")

    def k_uniqueItems(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        if value is not True and value is not False:
            raise SchemaCompileError(f"{at}/uniqueItems: must be a boolean")
        if not value:
            return []
        self.need("_uniq")
        return self.fail_if("not _uniq(x)", "repr(x) + ' has non-unique elements'", "uniqueItems")

    def k_required(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(r, str) for r in value):
            raise SchemaCompileError(f"{at}/required: must be a list of strings")
        return [f"yield from {self.use('required')}(x, s)"] if value else []

    def k_items(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        if value is False:
            return [f"yield from {self.use('no_items')}(x, s)"]
        return self.walk("items", value, at + "/items")

    def k_propertyNames(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        return self.walk("property_names", value, at + "/propertyNames")

    def k_properties(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        entries = [f"{k!r}: {self.branch(sub, f'{at}/properties/{_escape(k)}')}"
                   for k, sub in _members("properties", value, at)]
        return self.table("properties", "{" + ", ".join(entries) + "}") if entries else []

    def k_patternProperties(self, value: Any, _s: dict[str, Any], at: str) -> list[str]:
        entries = []
        for p, sub in _members("patternProperties", value, at):
            pointer = f"{at}/patternProperties/{_escape(p)}"
            entries.append(f"({p!r}, {self.matcher(p, pointer, 'search')}, {self.branch(sub, pointer)[1:-1]})")
        return self.table("pattern_properties", "(" + ", ".join(entries) + ",)") if entries else []

    def k_additionalProperties(self, value: Any, s: dict[str, Any], at: str) -> list[str]:
        joined = "|".join(s.get("patternProperties", {}))
        search = self.matcher(joined, at + "/patternProperties", "search") if joined else "None"
        if value is False:
            return [f"yield from {self.use('closed')}(x, s, {search})"]
        if value is True or value == {}:
            return []
        branch = self.branch(value, at + "/additionalProperties")
        return [f"yield from {self.use('additional')}(x, s, r, {branch}, {search})"]

    def walk(self, function: str, schema: Any, pointer: str) -> list[str]:
        """A walk of every member against one subschema (none when it takes anything)."""
        if schema is True or schema == {}:
            return []
        return [f"yield from {self.use(function)}(x, s, r, {self.branch(schema, pointer)})"]

    def table(self, function: str, value: str) -> list[str]:
        return [f"yield from {self.use(function)}(x, s, r, {self.constant('T', value, late=True)})"]


def _members(word: str, value: Any, at: str) -> list[tuple[str, Any]]:
    """The subschemas of `properties` or `patternProperties` that may fail."""
    if not isinstance(value, dict):
        raise SchemaCompileError(f"{at}/{word}: must be an object")
    return [(k, sub) for k, sub in value.items() if sub is not True and sub != {}]


def _merged(blocks: Iterable[tuple[str | None, list[str]] | None]) -> list[tuple[str | None, list[str]]]:
    """The keywords' blocks, those next to each other that test the same kind of value under one test."""
    out: list[tuple[str | None, list[str]]] = []
    for block in blocks:
        if block is None or not block[1]:
            continue
        if out and block[0] is not None and out[-1][0] == block[0]:
            out[-1] = (block[0], out[-1][1] + block[1])
        else:
            out.append(block)
    return out


def _guarded(guard: str, block: list[str]) -> list[str]:
    """`block` run only when `guard` holds: one `if` when the block is one."""
    if len(block) == 2 and block[0].startswith("if ") and not block[1].startswith("    if "):
        condition = block[0][3:-1]
        return [f"if {guard} and {f'({condition})' if _has_or(condition) else condition}:", block[1]]
    return [f"if {guard}:", *("    " + line for line in block)]


def _has_or(expr: str) -> bool:
    """Whether `expr` has an `or` outside brackets (so it needs them after an `and`)."""
    depth = 0
    for i, ch in enumerate(expr):
        depth += (ch in "([{") - (ch in ")]}")
        if depth == 0 and expr.startswith(" or ", i):
            return True
    return False


def _generator(name: str, pointer: str, lines: list[str]) -> str:
    """The text of an explaining function: `s` and `r` are named `_s` and `_r` where unused."""
    code = "\n".join(lines)
    tokens = tokenize.generate_tokens(io.StringIO(code + "\n").readline)
    names = {token.string for token in tokens if token.type == tokenize.NAME}
    s, r = ("s" if "s" in names else "_s"), ("r" if "r" in names else "_r")
    branches = sum(1 for line in lines if re.match(r"\s*(if|elif|for|while) ", line))
    noqa = "  # noqa: C901" if branches >= 10 else ""
    return (f"def {name}(x: Any, {s}: Any, {r}: Any) -> Iterator[SchemaError]:{noqa}  # {pointer}\n"
            + "".join(f"    {line}\n" for line in lines))


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


def _digest(schema: Any) -> str:
    return hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()


def _module(c: _Compiler, head: str, imports: list[str], blocks: list[str]) -> str:
    """A generated module: `head` (its comment and docstring), the imports the compiled code
    needs and `imports`, its constants, the helpers it uses, `blocks`, its tables."""
    stdlib = [f"import {m}" for m in sorted(c.imports & {"ipaddress", "re"})]
    abc = (["Iterator"] if "iterator" in c.imports else []) + (["Mapping", "Sequence"] if "abc" in c.imports else [])
    if abc:
        stdlib.append(f"from collections.abc import {', '.join(abc)}")
    functools = (["cache"] if "_re" in c.helpers else []) + (["lru_cache"] if c.helpers & set(_FORMAT_HELPERS) else [])
    if functools:
        stdlib.append(f"from functools import {', '.join(functools)}")
    if "_uniq" in c.helpers:
        stdlib.append("from itertools import pairwise")
    stdlib.append("from typing import Any")
    helpers = [_HELPERS[h] for h in ("_unbool", "_equal", "_uniq") if h in c.helpers]
    if "numbers" in c.imports:
        helpers.append(_IS_NUMBER)
    helpers += [_FORMAT_HELPERS[h] for h in sorted(_FORMAT_HELPERS) if h in c.helpers]
    helpers += [_RE] if "_re" in c.helpers else []
    text = head + "\nfrom __future__ import annotations\n\n" + "\n".join(_sorted_imports(stdlib)) + "\n"
    text += "".join(f"\n{line}" for line in imports) + ("\n" if imports else "")
    if c.constants:
        text += "\n" + "\n".join(c.constants) + "\n"
    parts = [*helpers, *c.matcher_functions, *blocks[:-1], *c.functions,
             "\n".join(c.tables) + "\n" if c.tables else "", blocks[-1]]
    text += "\n\n" + "\n\n\n".join(b.rstrip("\n") for b in parts if b) + "\n"
    return _long_lines(text)


def _sorted_imports(lines: list[str]) -> list[str]:
    """Standard-library imports as isort orders them: `import x` first, then `from x import y`."""
    return sorted(lines, key=lambda line: (line.startswith("from "), line.split()[1]))


def compile_schema(schema: Any, *, source: str, formats: bool) -> str:
    """The text of a Python module whose `is_valid(instance)` gives jsonschema's verdict."""
    c = _Compiler(schema, formats)
    entry = c.compile(schema, "#")
    head = (f"# Generated by `{COMMAND}` from {source}: do not edit.\n"
            f"# Schema sha256 (canonical JSON): {_digest(schema)}\n"
            f'"""`is_valid(instance)`: jsonschema\'s Draft 2020-12 verdict on {source}'
            f"{', formats asserted' if formats else ', formats not asserted'}, without jsonschema.\"\"\"\n")
    return _module(c, head, [], [
        "def _anything(_x: Any) -> bool:\n    return True\n",
        f"def is_valid(instance: Any) -> bool:\n    \"\"\"True when {source} accepts `instance`.\"\"\"\n"
        f"    return {entry}(instance)\n",
    ])


def compile_errors(schema: Any, *, source: str, formats: bool, verdicts: str) -> str:
    """The text of a Python module whose `errors(instance, schema)` gives jsonschema's errors.

    `verdicts` is the module that compile_schema made of the same schema: a member is explained
    only when its verdict there is no.
    """
    verdict = _Compiler(schema, formats)
    verdict.compile(schema, "#")
    c = _ErrorCompiler(schema, formats, checks=verdict.names)
    entry = c.compile(schema, "#")
    package, _, module = verdicts.rpartition(".")
    runtime = sorted(c.runtime | {"SchemaError"})
    names = ", ".join(runtime)
    if len(names) > 70:
        names = "(\n" + "".join(f"    {name},\n" for name in runtime) + ")"
    imports = [f"from {package} import {module} as _ok" if package else f"import {module} as _ok",
               f"from scaffold.manifest.schema_error import {names}"]
    head = (f"# Generated by `{COMMAND}` from {source}: do not edit.\n"
            f"# Schema sha256 (canonical JSON): {_digest(schema)}\n"
            '"""`errors(instance, schema)`: jsonschema\'s Draft 2020-12 errors, without jsonschema.\n\n'
            f"Those of scaffold's strict validator on {source}{', formats asserted' if formats else ''},\n"
            "as its `iter_errors` yields them; scaffold.manifest.schema_error says what each error\n"
            f"carries. A member is explained only when {verdicts} finds it invalid.\n\"\"\"\n")
    c.imports.add("iterator")
    return _module(c, head, imports, [
        f"def errors(instance: Any, schema: Any) -> Iterator[SchemaError]:\n"
        f"    \"\"\"The errors of `instance` against `schema`, {source} as loaded.\"\"\"\n"
        f"    return {entry}(instance, schema, schema)\n",
    ])


def _long_lines(text: str, limit: int = 120) -> str:
    """Regular expressions and tables are kept whole: mark the few lines they make too long."""
    return "\n".join(f"{line}  # noqa: E501" if len(line) > limit else line
                     for line in text.split("\n"))


def generated(name: str) -> dict[str, str]:
    """The modules generated now from schemas/`name`: module name -> text (the verdict's, the errors')."""
    from scaffold.resources import schema_text

    module, formats = SCHEMAS[name]
    schema, source = json.loads(schema_text(name)), f"schemas/{name}"
    return {
        module: compile_schema(schema, source=source, formats=formats),
        f"{module}_errors": compile_errors(schema, source=source, formats=formats,
                                           verdicts=f"scaffold.manifest.{module}"),
    }


def module_path(module: str) -> Path:
    """Where the generated `module` lives (beside this file)."""
    return Path(__file__).resolve().parent / f"{module}.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if a generated module is stale")
    args = parser.parse_args(argv)
    stale = []
    for module, text in (item for name in SCHEMAS for item in generated(name).items()):
        path = module_path(module)
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
