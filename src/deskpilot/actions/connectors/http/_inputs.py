"""Build an action's pydantic input model from the field list of its connector file."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from ._config import ActionConfig, FieldType

__all__ = ["input_model"]

_PYTHON_TYPES: dict[FieldType, Any] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "array": list[Any],
    "object": dict[str, Any],
}


def input_model(action: ActionConfig) -> type[BaseModel]:
    """A frozen model with one field per declared input; unknown arguments are rejected.

    Required inputs have no default; optional ones default to None. The model is named after the
    action (``refund_order`` → ``RefundOrderInput``), so its JSON schema reads well.
    """
    fields: dict[str, Any] = {}
    for field in action.input:
        python_type = _PYTHON_TYPES[field.type]
        description = field.description or None
        if field.required:
            fields[field.name] = (python_type, Field(description=description))
        else:
            fields[field.name] = (python_type | None, Field(default=None, description=description))
    model_name = "".join(part.capitalize() for part in action.name.split("_")) + "Input"
    model: type[BaseModel] = create_model(
        model_name,
        __config__=ConfigDict(extra="forbid", frozen=True),
        __doc__=action.description,
        **fields,
    )
    return model
