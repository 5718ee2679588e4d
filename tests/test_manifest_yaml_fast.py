"""The fast YAML reader (`simple_yaml`) answers as PyYAML's path does, or not at all.

Every text here goes to both: `simple_yaml.read` may refuse it (None), but when it answers,
its Document must equal `parse_with_pyyaml`'s in data, in the type of every value (a
`WrittenInt` and what it was written as, a float, a str), in key order and in the position
of every value and key. Texts PyYAML refuses (a syntax error, a bound) the fast reader must
refuse too. Beside the manifests and fixtures of the repository, hand-written snippets aim
at the corners of YAML, and a seeded fuzz mutates valid manifests.
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import stacks
from scaffold.errors import InputError
from scaffold.manifest import simple_yaml
from scaffold.manifest.source import Document, parse, parse_with_pyyaml
from tests.helpers import ROOT


def _typed(value: Any) -> Any:
    """`value` with the type (and written form) of every part spelled out, and NaN comparable."""
    if isinstance(value, dict):
        return ("dict", [(type(k).__name__, k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    shown = "nan" if isinstance(value, float) and math.isnan(value) else value
    return (type(value).__name__, shown, getattr(value, "written", None))


def _view(doc: Document) -> Any:
    return (doc.file, _typed(doc.data), doc.positions, doc.key_positions, doc.problems)


def _compare(text: str) -> bool:
    """True when the fast reader read `text` (and agreed with PyYAML), False when it refused."""
    fast = simple_yaml.read(text, "m.yaml")
    if fast is None:
        return False
    try:
        reference = parse_with_pyyaml(text, "m.yaml")
    except (InputError, RecursionError) as exc:
        raise AssertionError(f"the fast reader read what PyYAML refuses ({exc}):\n{text!r}") from None
    assert _view(fast) == _view(reference), f"the readers disagree on:\n{text!r}"
    return True


def _yaml_files() -> list[Path]:
    return sorted([*(ROOT / "examples").glob("*/scaffold.yaml"), *(ROOT / "tests").rglob("*.yaml"),
                   *(ROOT / "tests").rglob("*.yml"), *(ROOT / "templates" / "presets").glob("*.yaml")])


def test_every_yaml_file_of_the_repository_reads_the_same() -> None:
    files = _yaml_files()
    assert len(files) > 100
    read = [f for f in files if _compare(f.read_text(encoding="utf-8"))]
    assert len(read) > len(files) * 2 // 3  # most are plain YAML: the fast path is taken


def test_the_examples_written_in_plain_yaml_are_read_fast() -> None:
    for name in ("01-hercules", "02-ecommerce", "06-aspnet", "07-rust-api", "13-hot-reload", "19-catalog"):
        assert _compare((ROOT / "examples" / name / "scaffold.yaml").read_text(encoding="utf-8")), name


@pytest.mark.parametrize("size", [10, 100, 500])
def test_generated_stacks_read_the_same(size: int) -> None:
    assert _compare(stacks.manifest_text(size))
    assert _compare(stacks.broken_manifest_text(size))


# Each of these is read by the fast reader, and the same as by PyYAML.
READ = [
    "a: 1\n",
    "a:\n",
    "a:",
    "a:   \nb: 2\n",
    "a:   # comment\nb: 2",
    "# only a comment\na: 1\n",
    "a: value # comment\nb: value#not-a-comment\n",
    "a: 'it''s'\nb: \"say \\\"hi\\\"\"\nc: ''\nd: \"\"\n",
    "a: '# not a comment'\nb: \"x # y\"\nc: 'k: v'\n",
    "a: http://host:8080/path\nb: x:y\nc: -XX:Max=75\n",
    "a: \"\\\\ \\/ \\n \\t \\r \\0 \\x41 \\u00e9 \\u4e2d\"\n",
    "nums: [0, 00, 01234, -1, +1, 0o17, 0x1F, 0xff, 1e3, 1E3, 1.5e-3, .5, 5., -.5, 1_000]\n",
    "f: [.inf, -.inf, +.inf, .Inf, .INF, .nan, .NaN, .NAN, .infinity, inf, nan]\n",
    "n: [~, null, Null, NULL, nULL, None]\nb: [true, True, TRUE, tRue, false, on, off, yes, no, y, n]\n",
    "a: ~\nb: null\nc: on\nd: yes\ne: Off\nf: 0o8\ng: 0x\nh: 1e\ni: 1.2.3\nj: 12:30\n",
    "8080: a\n1.5: b\nnull: c\ntrue: d\n",
    "services:\n  api:\n    preset: fastapi\n    port: 8080\n    routes:\n    - /api/\n    - /v2/\n",
    "list:\n  - a\n  - b: 1\n    c: 2\n  -\n  - \n  - d\n",
    "list:\n- a: 1\n  b:\n  - x\n  - y\n  c: 3\n- e\nafter: 1\n",
    "-  a: 1\n   b: 2\n-   c\n",
    "- a\n- [b, c]\n- {d: e}\n-\n  x: 1\n-\n  - nested\n",
    "m: {a: 1, b: [2, 3], c: {d: e}, 'f g': \"h\"}\ne: []\nf: {}\ng: [ ]\nh: { }\n",
    "m: {a: x y z, b: -1, c: 0.0.0.0:3000}\nl: [--listen, -c, \"daemon off;\", 'x,y']\n",
    "m: [a , b ,c]   # comment\n",
    "a: x[1]{2},3\nb: a, b\nc: x ?\nd: x &y *z !w |v >u\n",
    "\"é\": ü\nb: \"😀\"\nc: [😀, ü]\nd: x😀y\n\"ké y\": 1\n",
    "a: 1   \nb: 'x'   \nc:    2\n",
    "a: 1\n\n\n   \nb: 2\n",
    "\"quoted key\": 1\n'single': 2\n\"<<\": 3\n",
    "a:\n  b:\n    c:\n      d: 1\n  e: 2\n",
    "a: <<\nb: [<<]\n",
    "a: =\nb: \"=\"\n",
    "key: 12345678901234567890123456789012345678901234567890123456789012\n",
    "a: 1\n...x: 2\n" .replace("...x", "x"),
    "a: - 1\n".replace("- 1", "-1"),
    "",
    "# nothing\n\n",
]


@pytest.mark.parametrize("text", READ)
def test_plain_yaml_is_read_fast_and_the_same(text: str) -> None:
    assert _compare(text), "the fast reader refused it"


# Each of these is refused: what PyYAML would make of it is left to PyYAML.
REFUSED = [
    "a: &x 1\nb: *x\n",  # anchors, aliases
    "a: !!str 1\n",  # tags
    "a: !custom x\n",
    "a: |\n  text\n",  # block scalars
    "a: >-\n  text\n",
    "a: b\n  c\n",  # multi-line plain scalar
    "a: 'b\n  c'\n",
    "a: \"b\n  c\"\n",
    "a: \"b\\\n  c\"\n",
    "a: [b,\n  c]\n",  # flow collection over lines
    "<<: {a: 1}\n",  # merge key
    "a: {<<: {b: 1}}\n",
    "a:\tb\n",  # tabs
    "a: 1\r\nb: 2\r\n",  # CRLF
    "\ufeffa: 1\n",  # byte order mark
    "%YAML 1.2\n---\na: 1\n",  # directives, documents
    "---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "a: 1\na: 2\n",  # duplicate keys: PyYAML's path reports each
    "a: {b: 1, b: 2}\n",
    "a: \"\\q\"\n",  # escapes it does not know
    "a: \"\\ud800\"\n",
    "a: \"\\N\"\n",
    "a: \"\\e\"\n",
    "{\"a\\n\": 1}\n",
    "a: {\"k\\n\": x}\n",  # a key with a control character
    "? a\n: b\n",  # complex keys
    "a: b: c\n",  # errors
    "a: b:\n",
    "a: - b\n",
    "a: [b, ]\n",
    "a: [b] c\n",
    "a: {b}\n",
    "a: {b:c}\n",
    "a: {\"b\":c}\n",
    "a: [b: c]\n",
    "a: [b#c]\n",
    "a: [b:]\n",
    "a: \"b\"c\n",
    "a: 'b'#c\n",
    " a: 1\n",  # unusual indentation
    "a:\n    b: 1\n  c: 2\n",
    "a:\n  - b\n  c: 1\n",
    "- a\n  b\n",
    "- - a\n",
    "a:\n  b\n",  # a scalar on its own line
    "a\n",
    "- a\nb: 1\n",
    "[a, b]\n",  # flow root
    "a: 1\n b: 2\n",
    "a b: 1\n",  # keys it does not take plain
    "a : 1\n",
    "a: @x\n",  # indicators a plain scalar may not start with
    "a: `x\n",
    "a: %x\n",
    "a: -\n",
    "a: ?x\n",
    "a: :x\n",
    "a: ,x\n",
    "a: 1234567890123456789012345678901234567890123456789012345678901234567890\n",  # MAX_DIGITS
    "a: \x85b\n",
    "a: b\u2028c\n",
    "a: \x7f\n",
    "k" * 1001 + ": 1\n",
]


@pytest.mark.parametrize("text", REFUSED)
def test_what_it_is_not_sure_of_is_refused(text: str) -> None:
    assert simple_yaml.read(text, "m.yaml") is None


def test_nesting_beyond_the_bound_is_left_to_pyyaml_which_refuses_it() -> None:
    deep = "".join(f"{'  ' * i}k{i}:\n" for i in range(80)) + "  " * 80 + "x: 1\n"
    flow = "a: " + "[" * 80 + "]" * 80 + "\n"
    for text in (deep, flow):
        assert simple_yaml.read(text, "m.yaml") is None
        with pytest.raises(InputError, match="more than scaffold reads"):
            parse(text, "m.yaml")


def test_more_values_than_the_bound_are_left_to_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(f"k{i}: [1, 2]\n" for i in range(10))  # 41 values with the root
    assert simple_yaml.read(text, "m.yaml") is not None
    monkeypatch.setattr(simple_yaml, "MAX_VALUES", 40)
    assert simple_yaml.read(text, "m.yaml") is None
    monkeypatch.setattr(simple_yaml, "MAX_VALUES", 41)
    assert simple_yaml.read(text, "m.yaml") is not None


def test_parse_reports_what_the_fast_reader_leaves_to_pyyaml() -> None:
    doc = parse("a: 1\na: 2\nb: 1234567890123456789012345678901234567890123456789012345678901234567890\n",
                "m.yaml")
    assert [p.message.split(" (")[0] for p in doc.problems] == [
        "duplicate key 'a'", "a number of 70 digits; quote it if it is text"]
    with pytest.raises(InputError, match="not valid YAML"):
        parse("a: b: c\n", "m.yaml")


def test_a_plain_merge_sign_as_a_value_is_text_not_an_unsupported_tag() -> None:
    """`<<` is a merge key only as a key: as a value PyYAML's path used to call it a tag."""
    doc = parse_with_pyyaml("command: <<\nlist: [<<]\n", "m.yaml")
    assert doc.data == {"command": "<<", "list": ["<<"]}
    assert doc.problems == []


@pytest.mark.parametrize(("text", "tag", "where"), [
    ("a: !custom {b: 1}\n", "!custom", (1, 4)),
    ("a: !!str [1]\n", "tag:yaml.org,2002:str", (1, 4)),
    ("!custom\nb: 1\n", "!custom", (1, 1)),
])
def test_a_tag_on_a_collection_is_reported_as_on_a_scalar(text: str, tag: str, where: tuple[int, int]) -> None:
    """PyYAML's path reported `!custom x` but took `!custom {b: 1}` without a word."""
    doc = parse(text, "m.yaml")
    assert [(p.message, (p.line, p.column)) for p in doc.problems] == [(f"unsupported YAML tag {tag}", where)]
    assert parse("a: !!map {b: 1}\nc: !!seq [1]\n", "m.yaml").problems == []


def test_a_plain_manifest_is_read_without_importing_yaml() -> None:
    code = ("import sys\nfrom scaffold.manifest.source import parse\n"
            "assert parse('name: x\\nservices: {a: {preset: redis}}\\n', 'm.yaml').data\n"
            "assert 'yaml' not in sys.modules, 'yaml was imported'\n"
            "parse('a: &x 1\\n', 'm.yaml')\n"
            "assert 'yaml' in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# Pieces the fuzz puts into manifests: YAML's indicators and what the fast reader takes apart.
_PIECES = [" ", "  ", "\n", "#", " #", ":", ": ", "-", "- ", "'", '"', "\\", "[", "]", "{", "}", ",",
           "&", "*", "!", "|", ">", "?", "%", "@", "`", "~", "<<", "0x", "0o", "1e3", ".inf", "\t",
           "\r", "\ufeff", "é", "😀", "null", "yes", "...", "---", "\\n", "\\x4", "\\u00"]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(6)
        at = rng.randrange(len(lines))
        if kind == 0:  # a piece into a line
            line = lines[at]
            cut = rng.randint(0, len(line))
            lines[at] = line[:cut] + rng.choice(_PIECES) + line[cut:]
        elif kind == 1:  # a character out of a line
            line = lines[at]
            if line:
                cut = rng.randrange(len(line))
                lines[at] = line[:cut] + line[cut + 1:]
        elif kind == 2:  # a line out
            del lines[at]
            if not lines:
                lines = [""]
        elif kind == 3:  # a line twice, or moved
            lines.insert(rng.randrange(len(lines) + 1), lines[at])
        elif kind == 4:  # a line indented more or less
            lines[at] = " " * rng.randint(0, 3) + lines[at].lstrip(" ") if rng.random() < 0.5 \
                else lines[at][rng.randint(0, 2):]
        else:  # a character swapped with its neighbour
            line = lines[at]
            if len(line) > 1:
                cut = rng.randrange(len(line) - 1)
                lines[at] = line[:cut] + line[cut + 1] + line[cut] + line[cut + 2:]
    return "\n".join(lines)


def test_a_seeded_fuzz_of_manifests_reads_the_same_or_is_refused() -> None:
    rng = random.Random(20251201)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*/scaffold.yaml"))]
    seeds = [s for s in seeds if simple_yaml.read(s, "m.yaml") is not None]
    seeds += [stacks.manifest_text(10), *READ[:-2]]
    read = 0
    for _ in range(4000):
        text = _mutate(rng.choice(seeds), rng)
        read += _compare(text)
    assert read > 1000  # most mutations still read: the fuzz tests the fast reader, not only refusals


# Scalars as a manifest may spell them, for the generated documents below.
_SCALARS = ["x", "x y", "-1", "+1", "007", "0o17", "0o8", "0x1F", "1e3", "1.", ".5", "1_0", ".inf", "-.inf",
            ".nan", "~", "null", "on", "True", "'q'", "'it''s'", "''", '""', '"d # e"', '"\\n\\t"', '"\\x41"',
            '"\\u00e9"', "http://h:1/p", "-XX:1", "--x", "a,b", "x#y", "é😀", "<<", "=",
            "1234567890123456789012345678901234567890123456789012345678901234567890"]
_KEYS = ["a", "b", "k1", "8080", "1.5", "null", "'q'", '"d"', '"<<"', "x.y", "a-b", "$v", "'a b'"]


def _scalar(rng: random.Random) -> str:
    return rng.choice(_SCALARS)


def _flow(rng: random.Random, depth: int) -> str:
    if depth > 2 or rng.random() < 0.6:
        return _scalar(rng)
    items = [_flow(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    gap = rng.choice(["", " "])
    if rng.random() < 0.5:
        return "[" + gap + ("," + rng.choice([" ", ""])).join(items) + gap + "]"
    keys = rng.sample(_KEYS, len(items))
    return "{" + gap + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + gap + "}"


def _block(rng: random.Random, indent: int, depth: int, lines: list[str], lead: str) -> None:
    """Appends a block collection at `indent`; `lead` is the `- ` its first line starts with."""
    step = rng.choice([2, 2, 4, 3])
    mapping = rng.random() < 0.6
    for i, key in enumerate(rng.sample(_KEYS, rng.randint(1, 4)) if mapping else range(rng.randint(1, 4))):
        head = (lead if i == 0 else " " * indent) + (f"{key}:" if mapping else "-")
        if depth < 3 and rng.random() < 0.4:
            lines.append(head + rng.choice(["", " # note"]))
            inner = indent + (0 if mapping and rng.random() < 0.3 else step)
            if inner == indent:  # `key:` then `- item` at the key's own indent
                _sequence_at(rng, inner, depth + 1, lines)
            else:
                _block(rng, inner, depth + 1, lines, " " * inner)
        elif depth < 3 and not mapping and rng.random() < 0.3:  # `- key: value` then its siblings
            _block(rng, indent + 2, depth + 1, lines, head + " ")
        else:
            lines.append(head + rng.choice([" ", "  "]) + _flow(rng, depth) + rng.choice(["", "", " # c", "  "]))
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "  # a comment", "#"]))


def _sequence_at(rng: random.Random, indent: int, depth: int, lines: list[str]) -> None:
    for _ in range(rng.randint(1, 3)):
        lines.append(" " * indent + "- " + _flow(rng, depth))


def test_generated_documents_in_every_style_read_the_same() -> None:
    rng = random.Random(7)
    read = 0
    for _ in range(1500):
        lines: list[str] = []
        _block(rng, 0, 0, lines, "")
        read += _compare("\n".join(lines) + rng.choice(["\n", ""]))
    assert read > 500
