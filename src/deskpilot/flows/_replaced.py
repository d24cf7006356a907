"""``dataclasses.replace`` without its generic set-up, for the engine's frozen records.

A flow decision copies its case, its dialogue state and its turn with a value or two changed
some twenty times a turn; ``dataclasses.replace`` looks up the class's fields, gathers every
value into keyword arguments and runs ``__init__`` each time (about 5 µs for a ``Case``, 17 for
a case with its dialogue changed). For a plain dataclass (the generated ``__init__``, no
``__post_init__``, every field an init field, instances with a ``__dict__``) that ``__init__``
does nothing but store the values, so the copy is made by storing them directly: the same
fields, the same values, in the same order. Any other class, and any change naming something
that is not a field, goes through ``dataclasses.replace`` as before (same result, same errors).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")

# per class: the names of its fields in order when its instances can be copied directly, else
# None; classes are few and live as long as the process
_PLAIN: dict[type, tuple[tuple[str, ...], frozenset[str]] | None] = {}


def _plain_fields(cls: type) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """The field names of ``cls`` when its ``__init__`` only stores them, else None."""
    declared = getattr(cls, "__dataclass_fields__", None)
    if declared is None or vars(object)["__new__"] is not getattr(cls, "__new__", None):
        return None
    fields = dataclasses.fields(cls)  # init and non-init fields; no ClassVar, no InitVar
    init = getattr(cls, "__init__", None)
    code = getattr(init, "__code__", None)
    if (
        len(fields) != len(declared)  # an InitVar or a ClassVar among them
        or not all(f.init for f in fields)
        or hasattr(cls, "__post_init__")
        or "__slots__" in vars(cls)
        or code is None
        or code.co_filename != "<string>"  # not the __init__ dataclasses generated
    ):
        return None
    names = tuple(f.name for f in fields)
    return names, frozenset(names)


def replace(obj: T, /, **changes: Any) -> T:
    """``obj`` with the ``changes``, as ``dataclasses.replace`` makes it."""
    cls = type(obj)
    try:
        plain = _PLAIN[cls]
    except KeyError:
        plain = _PLAIN[cls] = _plain_fields(cls)
    if plain is None or not changes.keys() <= plain[1]:
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    state = obj.__dict__
    new = object.__new__(cls)
    values = new.__dict__
    for name in plain[0]:
        values[name] = state[name]
    values.update(changes)
    return new
