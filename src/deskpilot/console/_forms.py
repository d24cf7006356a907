"""An action's form, generated from its input schema: one field per argument, a choice among the
customer's own records (as the business's desk names them) wherever the desk offers one, and the
filled form read back into the action's arguments.

Nobody types JSON: a record, an item or a payment method is picked by what a person calls it,
and the arguments go through the guard exactly as the automation's would.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from deskpilot.actions import ActionSpec
from deskpilot.console._packet import argument_name
from deskpilot.domain import DeskChoice
from deskpilot.errors import InputError

PREFIX = "arg."


@dataclass(frozen=True)
class FormField:
    """One argument of an action, as a form field.

    ``kind`` is ``choice`` (one of ``choices``), ``choices`` (several), ``text``, ``list`` (text,
    comma-separated), ``number``, ``integer`` or ``flag``. ``choices`` are the values the
    conversation concerns, ``others`` the customer's other ones.
    """

    name: str
    label: str
    kind: str
    help: str
    required: bool
    value: Any = None
    choices: tuple[DeskChoice, ...] = ()
    others: tuple[DeskChoice, ...] = ()

    @property
    def input_name(self) -> str:
        """The field's name in the form."""
        return PREFIX + self.name

    def selected(self, value: str) -> bool:
        """Whether ``value`` is picked already."""
        if isinstance(self.value, list):
            return value in [str(v) for v in self.value]
        return self.value is not None and str(self.value) == value


def action_fields(
    spec: ActionSpec,
    focus: Mapping[str, Sequence[DeskChoice]],
    every: Mapping[str, Sequence[DeskChoice]],
    prefill: Mapping[str, Any],
) -> list[FormField]:
    """The form of ``spec``: choices from ``focus`` (what the conversation concerns) first, then
    the rest of ``every`` (the customer's other records), values from ``prefill``."""
    schema = spec.json_schema()
    required = set(schema.get("required", []))
    fields = []
    for name, prop in schema.get("properties", {}).items():
        shape = _shape(prop)
        main = tuple(focus.get(name, ()))
        seen = {c.value for c in main}
        others = tuple(c for c in every.get(name, ()) if c.value not in seen)
        kind = _kind(shape, bool(main or others))
        value = prefill.get(name, prop.get("default"))
        if value is None and kind == "choice" and len(main) == 1:
            value = main[0].value
        fields.append(
            FormField(
                name=name,
                label=argument_name(name).capitalize(),
                kind=kind,
                help=str(prop.get("description") or ""),
                required=name in required,
                value=value,
                choices=main,
                others=others,
            )
        )
    return fields


def _shape(prop: Mapping[str, Any]) -> Mapping[str, Any]:
    """The property's own schema, looking through ``anyOf: [X, null]`` (an optional value)."""
    options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
    return options[0] if len(options) == 1 else prop


def _kind(shape: Mapping[str, Any], offered: bool) -> str:
    kind = shape.get("type")
    if kind == "array":
        return "choices" if offered else "list"
    if offered:
        return "choice"
    if kind in ("number", "integer"):
        return str(kind)
    return "flag" if kind == "boolean" else "text"


def read_fields(fields: Sequence[FormField], form: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The action's arguments from the filled form; an empty optional field is left out."""
    args: dict[str, Any] = {}
    for f in fields:
        values = [v.strip() for v in form.get(f.input_name, []) if v.strip()]
        if f.kind == "flag":
            args[f.name] = bool(values)
            continue
        if not values:
            if f.required:
                raise InputError(f"{f.label} is needed", field=f.name)
            continue
        if f.kind == "choices":
            args[f.name] = values
        elif f.kind == "list":
            args[f.name] = [v.strip() for v in values[-1].split(",") if v.strip()]
        elif f.kind in ("number", "integer"):
            args[f.name] = _number(f, values[-1])
        else:
            args[f.name] = values[-1]
    return args


def _number(f: FormField, text: str) -> int | float:
    try:
        return int(text) if f.kind == "integer" else float(text)
    except ValueError:
        raise InputError(f"{f.label} must be a number; got {text!r}", field=f.name) from None
