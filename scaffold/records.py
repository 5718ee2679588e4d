"""`@record`: frozen dataclasses (the model's, the presets') without compiling methods at every start.

`dataclass(frozen=True)` writes each class's `__init__`, `__repr__`, `__eq__`, `__hash__`,
`__setattr__` and `__delattr__` as source text and compiles it with `exec`, at import, in
every process: for the model's sixteen classes that was most of its import time, and more
than checking a ten-service manifest. A record is the same class built another way:

- `dataclass(init=False, repr=False, eq=False)` collects the fields (so `dataclasses.fields`,
  `replace` and `asdict` work as on any dataclass) and compiles nothing;
- `__init__` comes from `_records/`, written ahead of time by `recordcompile` from the fields,
  one module for each module of records (a .pyc loads it without compiling); a class the
  module does not describe as it is now gets the same function compiled here, slower but
  identical, and a test fails until the module is regenerated;
- equality, hashing, repr and the frozen `__setattr__`/`__delattr__` are shared functions
  that read the class's field names: they behave as dataclass's generated ones do.

Type checkers see `@record` as `dataclass(frozen=True)` (PEP 681's dataclass_transform).
One difference remains on purpose: `__dataclass_params__` says init, repr and eq are off.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass
from functools import wraps
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")

REQUIRED, DEFAULT, FACTORY = "required", "default", "factory"  # how a field gets its value
Shape = tuple[tuple[str, str, bool], ...]  # (field name, one of the three, keyword-only) in field order


def shape(fields: tuple[dataclasses.Field[Any], ...]) -> Shape:
    """What `__init__` must do with each field, refusing what records do not support."""
    out = []
    for f in fields:
        if not f.init or f.hash is not None:
            raise TypeError(f"record field {f.name!r}: only fields set by __init__, hashed as they "
                            "compare, are supported")
        if f.name.startswith("_"):
            raise TypeError(f"record field {f.name!r}: a record's field names start with a letter")
        if f.default is not dataclasses.MISSING:
            how = DEFAULT
        elif f.default_factory is not dataclasses.MISSING:
            how = FACTORY
        else:
            how = REQUIRED
        out.append((f.name, how, f.kw_only is True))
    return tuple(out)


def init_source(name: str, fields: Shape) -> str:
    """The function that makes `name.__init__` from the fields' defaults, as Python source.

    It is what dataclass(frozen=True) writes: each value set with object.__setattr__, a
    default_factory called when the argument is left out, keyword-only fields last.
    """
    defaults = [f"_{n}" for n, how, _ in fields if how != REQUIRED]
    positional, keyword = ["        self: Any,"], ["        *,"]
    body = ["        _set = object.__setattr__"]
    for n, how, keyword_only in fields:
        params = keyword if keyword_only else positional
        if how == REQUIRED:
            params.append(f"        {n}: Any,")
            body.append(f"        _set(self, {n!r}, {n})")
        elif how == DEFAULT:
            params.append(f"        {n}: Any = _{n},")
            body.append(f"        _set(self, {n!r}, {n})")
        else:
            params.append(f"        {n}: Any = FACTORY_DEFAULT,")
            body.append(f"        _set(self, {n!r}, _{n}() if {n} is FACTORY_DEFAULT else {n})")
    params = positional + (keyword if len(keyword) > 1 else [])
    unpack = ["    (", *(f"        {d}," for d in defaults), "    ) = defaults", ""] if defaults else []
    return "\n".join([
        f"def {name}({'defaults' if defaults else '_defaults'}: tuple[Any, ...]) -> Callable[..., None]:",
        *unpack,
        "    def __init__(",
        *params,
        "    ) -> None:",
        *body,
        "",
        "    return __init__",
    ]) + "\n"


def is_record(value: object) -> bool:
    """Whether `value` is a class `@record` made (a dataclass whose own __init__ it gave)."""
    params = getattr(value, "__dataclass_params__", None)
    return isinstance(value, type) and params is not None and not params.init and "__init__" in vars(value)


class _Factory:
    """The default of a field with a default_factory: call the factory."""

    def __repr__(self) -> str:
        return "<factory>"  # as dataclass's own shows it


FACTORY_DEFAULT: Any = _Factory()


def made_ahead_in(cls: type) -> tuple[str, str]:
    """Where the record's constructor is written: the module (one per module of records) and
    the function, `("scaffold._records.targets_nginx", "Tls")` for scaffold.targets.nginx.Tls."""
    module = "scaffold._records." + "_".join(cls.__module__.split(".")[1:])
    return module, cls.__qualname__.replace(".<locals>.", "_").replace(".", "_")


def _made_ahead(cls: type, fields: Shape) -> Callable[[tuple[Any, ...]], Callable[..., None]]:
    module_name, name = made_ahead_in(cls)
    try:
        module = importlib.import_module(module_name)  # made by recordcompile.py
    except ModuleNotFoundError:
        module = None
    if module is not None and module.SHAPES.get(name) == fields:
        made: Callable[[tuple[Any, ...]], Callable[..., None]] = getattr(module, name)
        return made
    namespace: dict[str, Any] = {"Any": Any, "Callable": Callable, "FACTORY_DEFAULT": FACTORY_DEFAULT}
    exec(init_source(name, fields), namespace)  # not written, or stale: the same code, compiled now
    compiled: Callable[[tuple[Any, ...]], Callable[..., None]] = namespace[name]
    return compiled


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: type[T] | None = None, /, *, kw_only: bool = False) -> type[T] | Callable[[type[T]], type[T]]:
    """Make `cls` a frozen dataclass whose methods cost no compiling at import (`@record`, or
    `@record(kw_only=True)` as dataclass's option)."""
    if cls is None:
        return lambda c: _record(c, kw_only)
    return _record(cls, kw_only)


def _record(cls: type[T], kw_only: bool) -> type[T]:
    cls = dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]  # it is one now
    how = shape(fields)
    defaults = tuple(f.default if h == DEFAULT else f.default_factory
                     for f, (_, h, _) in zip(fields, how, strict=True) if h != REQUIRED)
    init = _made_ahead(cls, how)(defaults)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    if hasattr(cls, "__post_init__"):  # called last, as dataclass's __init__ does
        init = _then_post_init(init)
    cls.__init__ = init  # type: ignore[method-assign]  # a record is built here
    _share_methods(cls, tuple(f.name for f in fields), tuple(f.name for f in fields if f.compare),
                   tuple(f.name for f in fields if f.repr))
    return cls


def _then_post_init(init: Callable[..., None]) -> Callable[..., None]:
    @wraps(init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        self.__post_init__()

    return __init__


def _share_methods(cls: type, names: tuple[str, ...], compared: tuple[str, ...], shown: tuple[str, ...]) -> None:
    """Equality and hashing (of the fields that compare), repr (of those shown) and the frozen
    guards, as dataclass(frozen=True) writes them."""
    values: Callable[[Any], tuple[Any, ...]] = (
        attrgetter(*compared) if len(compared) > 1 else (lambda self: tuple(getattr(self, n) for n in compared)))

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(values(self) == values(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(values(self))

    def __repr__(self: Any) -> str:
        return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)  # type: ignore[arg-type]  # cls is a class

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)  # type: ignore[arg-type]

    _attach(cls, (__eq__, __hash__, __repr__, __setattr__, __delattr__))


def _attach(cls: type, methods: tuple[Callable[..., Any], ...]) -> None:
    """Set each method on `cls`, keeping an __eq__, __repr__ or __hash__ the class wrote itself
    and refusing its own __setattr__ or __delattr__, as dataclass(frozen=True) does."""
    own = vars(cls)
    for guard in ("__setattr__", "__delattr__"):
        if guard in own:
            raise TypeError(f"Cannot overwrite attribute {guard} in class {cls.__name__}")
    explicit_hash = own.get("__hash__", None) is not None  # None: Python's, for a class defining __eq__
    for method in methods:
        if method.__name__ in ("__eq__", "__repr__") and method.__name__ in own:
            continue
        if method.__name__ == "__hash__" and explicit_hash:
            continue
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
