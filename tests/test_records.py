"""The model's records behave as `dataclass(frozen=True)` classes, with no code compiled at import.

Each record is compared with a twin made by dataclass(frozen=True) from the same fields: same
constructor (parameters, defaults, errors), equality, hash, repr and frozen guards.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import shutil
from pathlib import Path
from typing import Any

import pytest

from scaffold import recordcompile
from scaffold.manifest import catalog, model
from scaffold.records import DEFAULT, FACTORY, FACTORY_DEFAULT, REQUIRED, init_source, made_ahead_in, record, shape

RECORDS = recordcompile.record_classes()


def _twin(cls: type) -> type:
    """The same fields as a class dataclass(frozen=True) builds."""
    spec: list[Any] = []
    for f in dataclasses.fields(cls):
        options: dict[str, Any] = {"kw_only": f.kw_only, "compare": f.compare, "repr": f.repr}
        if f.default is not dataclasses.MISSING:
            options["default"] = f.default
        elif f.default_factory is not dataclasses.MISSING:
            options["default_factory"] = f.default_factory
        spec.append((f.name, f.type, dataclasses.field(**options)))
    twin: type = dataclasses.make_dataclass(cls.__name__, spec, frozen=True)
    twin.__qualname__ = cls.__qualname__
    return twin


def _arguments(cls: type, salt: int) -> dict[str, Any]:
    """A value for every required field, different for each `salt`."""
    return {f.name: f"{f.name}-{salt}" for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}


def _hash(thing: object) -> object:
    """The hash, or the error hashing gives (a record holding a dict has none, as a dataclass)."""
    try:
        return hash(thing)
    except TypeError as error:
        return str(error)


def test_the_model_and_the_presets_are_made_of_records() -> None:
    assert {model.Service, model.Manifest, catalog.Preset} <= set(RECORDS) and len(RECORDS) >= 18
    for cls in RECORDS:
        module, name = made_ahead_in(cls)
        written = importlib.import_module(module)
        assert written.SHAPES[name] == shape(dataclasses.fields(cls))
        init = inspect.unwrap(vars(cls)["__init__"])  # a record with __post_init__ calls it after
        assert init.__code__.co_filename == written.__file__  # made ahead, not compiled now


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_record_behaves_as_its_frozen_dataclass_twin(cls: type) -> None:
    twin = _twin(cls)
    ours, theirs = inspect.signature(cls), inspect.signature(twin)
    assert [(p.name, p.kind, repr(p.default)) for p in ours.parameters.values()] == \
           [(p.name, p.kind, repr(p.default)) for p in theirs.parameters.values()]

    a, b = cls(**_arguments(cls, 1)), twin(**_arguments(cls, 1))
    assert repr(a) == repr(b)
    assert _hash(a) == _hash(b)
    names = [f.name for f in dataclasses.fields(cls)]
    assert [getattr(a, n) for n in names] == [getattr(b, n) for n in names]
    assert a == cls(**_arguments(cls, 1)) and _hash(a) == _hash(cls(**_arguments(cls, 1)))
    assert a != b  # another class, as between two dataclasses
    if _arguments(cls, 1):
        assert a != cls(**_arguments(cls, 2))
    first = dataclasses.fields(cls)[0].name
    assert dataclasses.replace(a, **{first: "changed"}) == cls(**{**_arguments(cls, 1), first: "changed"})
    for thing in (a, b):
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot assign to field '{first}'"):
            setattr(thing, first, "x")
        with pytest.raises(dataclasses.FrozenInstanceError, match=f"cannot delete field '{first}'"):
            delattr(thing, first)
        with pytest.raises(dataclasses.FrozenInstanceError):
            thing.not_a_field = 1
    with pytest.raises(TypeError) as ours_error:
        cls(*range(len(dataclasses.fields(cls)) + 1))
    with pytest.raises(TypeError) as their_error:
        twin(*range(len(dataclasses.fields(cls)) + 1))
    assert str(ours_error.value) == str(their_error.value)


def test_a_factory_default_is_called_for_each_instance() -> None:
    first, second = model.Variant("local"), model.Variant("ci")
    assert first.network == model.Network("default") and first.network is not second.network
    given = model.Network("mine", external=True)
    assert model.Variant("x", network=given).network is given


def test_the_module_is_up_to_date() -> None:
    assert recordcompile.main(["--check"]) == 0, "run `python -m scaffold.recordcompile`"


def test_the_check_sees_a_stale_or_a_left_over_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "_records"
    shutil.copytree(recordcompile.FOLDER, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(recordcompile, "FOLDER", folder)
    assert recordcompile.main(["--check"]) == 0
    (folder / "gone_module.py").write_text('"""A module whose records were removed."""\n', encoding="utf-8")
    assert recordcompile.main(["--check"]) == 1
    (folder / "gone_module.py").unlink()
    model_file = folder / "manifest_model.py"
    model_file.write_text(model_file.read_text(encoding="utf-8").replace("'required'", "'default'", 1),
                          encoding="utf-8")
    assert recordcompile.main(["--check"]) == 1
    assert recordcompile.main([]) == 0 and recordcompile.main(["--check"]) == 0  # rewritten


def test_a_class_the_module_does_not_describe_gets_the_same_init_compiled() -> None:
    @record
    class Point:
        """Not in the model: its __init__ is compiled at decoration."""

        x: int
        y: int = 0
        tags: list[str] = dataclasses.field(default_factory=list)

    assert made_ahead_in(Point)[0] == "scaffold._records.test_records"  # no such module
    assert vars(Point)["__init__"].__code__.co_filename == "<string>"
    p = Point(1)
    assert (p.x, p.y, p.tags, repr(p)) == (1, 0, [], "test_a_class_the_module_does_not_describe_gets_the_same_"
                                           "init_compiled.<locals>.Point(x=1, y=0, tags=[])")
    assert Point(1).tags is not p.tags and p == Point(1, 0, []) and p != Point(2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 2  # type: ignore[misc]


def test_a_stale_description_is_not_used() -> None:
    """A record whose fields changed since its constructor was written gets one for them."""

    class Network:
        """Named as the model's record, with other fields."""

        label: str
        external: bool = False

    Network.__module__, Network.__qualname__ = model.__name__, "Network"
    made = record(Network)
    assert made_ahead_in(made) == ("scaffold._records.manifest_model", "Network")
    written = importlib.import_module("scaffold._records.manifest_model")
    assert written.SHAPES["Network"] != shape(dataclasses.fields(made))  # type: ignore[arg-type]
    assert made("x").label == "x"  # type: ignore[call-arg]
    assert vars(made)["__init__"].__code__.co_filename == "<string>"


@pytest.mark.parametrize("options", [
    {"init": False, "default": 1}, {"hash": True}, {"hash": False},
])
def test_what_records_do_not_support_is_refused(options: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="only fields set by __init__"):
        @record
        class Odd:
            """A field with an option records leave out."""

            x: int = dataclasses.field(**options)  # type: ignore[misc]  # each option in turn


def test_the_generated_init_is_what_its_source_says() -> None:
    source = init_source("Demo", (("a", REQUIRED, False), ("b", DEFAULT, False), ("c", FACTORY, False),
                                  ("d", REQUIRED, True)))
    namespace: dict[str, Any] = {"Any": Any, "Callable": object, "FACTORY_DEFAULT": FACTORY_DEFAULT}
    exec(source, namespace)
    init = namespace["Demo"]((2, list))

    class Demo:
        __init__ = init

    demo = Demo(1, d=3)
    assert (demo.a, demo.b, demo.c, demo.d) == (1, 2, [], 3)
    with pytest.raises(TypeError, match="positional"):
        Demo(1, 2, [], 3)


def test_post_init_runs_after_the_fields_are_set() -> None:
    @record(kw_only=True)
    class Span:
        """Refuses an end before its start."""

        start: int
        end: int = 0

        def __post_init__(self) -> None:
            if self.end < self.start:
                raise ValueError(f"{self.end} is before {self.start}")

    assert Span(start=1, end=2).end == 2
    with pytest.raises(ValueError, match="0 is before 1"):
        Span(start=1)
    with pytest.raises(TypeError, match="positional"):
        Span(1, 2)  # type: ignore[call-arg]


def test_fields_that_do_not_compare_or_show_are_left_out_as_dataclass_leaves_them() -> None:
    @record
    class Tagged:
        """A value with a note that neither compares nor shows."""

        value: int
        note: str = dataclasses.field(default="", compare=False, repr=False)

    assert Tagged(1, "a") == Tagged(1, "b") and hash(Tagged(1, "a")) == hash(Tagged(1, "b"))
    assert Tagged(1, "a") != Tagged(2, "a")
    assert repr(Tagged(1, "a")) == repr(_twin(Tagged)(1, "a")).replace("_twin", "") == \
        "test_fields_that_do_not_compare_or_show_are_left_out_as_dataclass_leaves_them.<locals>.Tagged(value=1)"


def test_methods_a_record_writes_itself_are_kept_as_dataclass_keeps_them() -> None:
    @record
    class Loose:
        """Equal to any Loose, shown by its name only."""

        name: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Loose)

        def __repr__(self) -> str:
            return f"<{self.name}>"

    assert Loose("a") == Loose("b") and repr(Loose("a")) == "<a>"
    assert hash(Loose("a")) == hash(("a",))  # hashed by its fields, as dataclass(frozen=True) does

    with pytest.raises(TypeError, match="__setattr__"):
        @record
        class Guarded:
            """Sets its own attributes: a frozen dataclass refuses this too."""

            name: str

            def __setattr__(self, name: str, value: object) -> None:
                object.__setattr__(self, name, value)
