"""A lazily compiled pattern answers as the compiled one, and compiles only when first used."""

from __future__ import annotations

import re

import pytest

from scaffold.patterns import Lazy

PATTERN = r"(?P<word>[a-z]+)-(\d+)"


@pytest.mark.parametrize("text", ["ab-12", "x ab-12 cd-3", "AB-1", "", "ab-12\n", "-1"])
def test_it_answers_as_the_compiled_pattern(text: str) -> None:
    lazy, compiled = Lazy(PATTERN), re.compile(PATTERN)

    def show(m: re.Match[str] | None) -> object:
        return None if m is None else (m.span(), m.groups(), m.groupdict())

    assert show(lazy.match(text)) == show(compiled.match(text))
    assert show(lazy.match(text, 2)) == show(compiled.match(text, 2))
    assert show(lazy.search(text)) == show(compiled.search(text))
    assert show(lazy.fullmatch(text)) == show(compiled.fullmatch(text))
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.sub("<\\g<word>>", text) == compiled.sub("<\\g<word>>", text)
    assert lazy.sub(lambda m: m[2], text, 1) == compiled.sub(lambda m: m[2], text, 1)


def test_it_compiles_once_and_only_when_used() -> None:
    lazy = Lazy("[", re.IGNORECASE)  # not a pattern at all: nothing is said until it is used
    assert repr(lazy) == "Lazy('[', 2)" and lazy == Lazy("[", re.IGNORECASE) and lazy != Lazy("[")
    with pytest.raises(re.error):
        lazy.search("x")
    good = Lazy("a", re.IGNORECASE)
    assert good.match("A") is not None and good.compiled is good.compiled
