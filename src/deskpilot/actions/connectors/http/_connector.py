"""``HttpConnector``: the ``Connector`` protocol over a business's REST API, from a config."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx
from pydantic import BaseModel, SecretStr, ValidationError

from deskpilot.actions._spec import ActionSpec, Refusal, SideEffect
from deskpilot.errors import ActionError, ConnectorError, WorkspaceError

from ._auth import secret_auth
from ._checks import ConfigIssue, config_issues
from ._config import ActionConfig, HttpConnectorConfig
from ._inputs import input_model
from ._rules import CompiledPrecondition, CompiledRefusal, EvaluationError, first_refusal
from ._send import Answer, HttpCall, send
from ._template import (
    PathNotFoundError,
    TemplateError,
    describe,
    render_path,
    render_value,
    resolve,
)

__all__ = ["HttpConnector"]

logger = logging.getLogger(__name__)

NOT_FOUND_REASON = "We could not find what you asked about."


@dataclass(frozen=True)
class _Action:
    config: ActionConfig
    spec: ActionSpec
    refusals: tuple[CompiledRefusal, ...]
    precondition: CompiledPrecondition | None


class HttpConnector:
    """Runs the actions of one connector file as HTTP requests against the business's API.

    ``owner_of`` reads the owner from an argument or from a read action; ``check`` is a no-op
    unless the action declares a ``precondition`` read; ``execute`` sends the request (with the
    idempotency key header on writes) and returns the mapped result. ``transport`` replaces
    httpx's network transport (tests, proxies). Close the connector, or use it in ``with``.

    Raises ``WorkspaceError`` if the config is inconsistent or names a secret not in ``secrets``.
    """

    name: str

    def __init__(
        self,
        config: HttpConnectorConfig,
        secrets: Mapping[str, SecretStr],
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        issues = config_issues(config)
        if issues:
            raise _invalid_config(config.name, issues)
        auth = secret_auth(config.auth, secrets)
        self.name = config.name
        self.config = config
        self._actions = {action.name: self._compile(action) for action in config.actions}
        self._client = httpx.Client(
            base_url=config.base_url,
            headers=config.headers,
            auth=auth,
            transport=transport,
            timeout=config.timeout_seconds,
            follow_redirects=False,
        )

    def _compile(self, action: ActionConfig) -> _Action:
        spec = ActionSpec(
            name=action.name,
            description=action.description,
            side_effect=action.side_effect,
            input_model=input_model(action),
            connector=self.config.name,
            identifies=action.identifies,
            verification=action.verification,
        )
        refusals = tuple(CompiledRefusal.of(rule) for rule in action.refuse_when)
        precondition = (
            None if action.precondition is None else CompiledPrecondition.of(action.precondition)
        )
        return _Action(action, spec, refusals, precondition)

    def specs(self) -> Sequence[ActionSpec]:
        """The actions of the connector file, in file order."""
        return tuple(action.spec for action in self._actions.values())

    def owner_of(self, action: str, args: BaseModel) -> str | None:
        """The owner named by the action's ``owner`` (None when it declares none).

        Raises ``Refusal("not_found", ...)`` when an owner lookup answers 404 (unless one of the
        lookup's own ``refuse_when`` rules maps that answer first).
        """
        target = self._action(action)
        owner = target.config.owner
        if owner is None:
            return None
        values = self._arguments(target, args)
        if owner.action is None:
            return self._owner_id(target, owner.path, values[owner.path.split(".")[1]])
        result = self._lookup(owner.action, values)
        try:
            value = resolve(result, owner.path)
        except PathNotFoundError as exc:
            raise self._error(
                target, f"expected the owner at {owner.path!r} of {owner.action!r}: {exc}"
            ) from exc
        return self._owner_id(target, owner.path, value)

    def check(self, action: str, args: BaseModel) -> None:
        """Run the action's ``precondition`` read, if any, and refuse when ``require`` is false."""
        target = self._action(action)
        precondition = target.precondition
        if precondition is None:
            return
        values = self._arguments(target, args)
        result = self._lookup(precondition.action, values)
        try:
            holds = precondition.holds(result, values)
        except EvaluationError as exc:
            logger.warning(
                "http connector %s action %s: precondition could not be evaluated (%s)",
                self.name,
                action,
                exc,
            )
            raise self._error(
                target,
                f"expected the precondition to evaluate to true or false, found {exc}",
            ) from exc
        if not holds:
            raise Refusal(precondition.code, precondition.reason)

    def execute(self, action: str, args: BaseModel, idempotency_key: str) -> Any:
        """Send the action's request and return its ``response`` mapping (``{}`` without one).

        Writes carry ``idempotency_key`` in the ``idempotency_header`` on every attempt; the
        business's API must honour it for a repeated write to change nothing.
        """
        target = self._action(action)
        values = self._arguments(target, args)
        is_write = target.config.side_effect is SideEffect.WRITE
        return self._run(target, values, idempotency_key if is_write else None)

    def close(self) -> None:
        """Close the HTTP client and its connections."""
        self._client.close()

    def __enter__(self) -> HttpConnector:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"HttpConnector(name={self.name!r}, actions={list(self._actions)!r})"

    def _action(self, name: str) -> _Action:
        try:
            return self._actions[name]
        except KeyError:
            raise ActionError(
                f"{self.name}: expected one of the actions {', '.join(self._actions)}, "
                f"found {name!r}",
                connector=self.name,
                action=name,
            ) from None

    def _arguments(self, target: _Action, args: BaseModel) -> dict[str, Any]:
        model = target.spec.input_model
        if not isinstance(args, model):
            try:
                args = model.model_validate(args.model_dump())
            except ValidationError as exc:
                raise _bad_arguments(self.name, target.config.name, exc) from exc
        dumped: dict[str, Any] = args.model_dump(mode="json")
        return dumped

    def _lookup(self, name: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """Run read action ``name`` with the arguments it declares, taken from ``values``."""
        target = self._actions[name]
        model = target.spec.input_model
        supplied = {key: values[key] for key in model.model_fields if key in values}
        try:
            lookup_values = model.model_validate(supplied).model_dump(mode="json")
        except ValidationError as exc:
            raise _bad_arguments(self.name, name, exc) from exc
        try:
            return self._run(target, lookup_values, None)
        except ConnectorError as exc:
            if exc.data.get("status") == 404:
                raise Refusal("not_found", NOT_FOUND_REASON) from exc
            raise

    def _run(
        self, target: _Action, values: Mapping[str, Any], idempotency_key: str | None
    ) -> dict[str, Any]:
        call = self._call(target, values, idempotency_key)
        answer = send(self._client, call, self.config.retries)
        document = self._document(target, answer)
        refusal = first_refusal(target.refusals, answer.status, document, values)
        if refusal is not None:
            logger.info(
                "http connector %s action %s: refused with %s (status %d)",
                self.name,
                target.config.name,
                refusal.code,
                answer.status,
            )
            raise refusal
        if not 200 <= answer.status < 300:
            raise self._error(
                target, f"expected a 2xx answer, found status {answer.status}", answer.status
            )
        return self._result(target, document, answer.status)

    def _call(
        self, target: _Action, values: Mapping[str, Any], idempotency_key: str | None
    ) -> HttpCall:
        config = target.config
        try:
            path = render_path(config.path, values)
            rendered_query = render_value(config.query, values)
            body = render_value(config.body, values)
            query = {
                key: _query_text(key, value)
                for key, value in rendered_query.items()
                if value is not None
            }
        except TemplateError as exc:
            raise ActionError(
                f"{self.name}.{config.name}: {exc}", connector=self.name, action=config.name
            ) from exc
        headers = {}
        if idempotency_key is not None and config.idempotency_header is not None:
            headers[config.idempotency_header] = idempotency_key
        return HttpCall(
            connector=self.name,
            action=config.name,
            method=config.method,
            path=path,
            timeout=config.timeout_seconds or self.config.timeout_seconds,
            query=query,
            headers=headers,
            json_body=body,
            has_body=config.body is not None,
        )

    def _document(self, target: _Action, answer: Answer) -> Any:
        """The answer's JSON body (None when empty); a 2xx body must be JSON, others may not be."""
        if not answer.content.strip():
            return None
        try:
            return json.loads(answer.content)
        except ValueError as exc:
            if not 200 <= answer.status < 300:
                return None
            found = answer.content_type.split(";")[0].strip() or "no content type"
            raise self._error(
                target,
                f"expected a JSON body, found {found} ({len(answer.content)} bytes) "
                "that does not parse as JSON",
                answer.status,
            ) from exc

    def _result(self, target: _Action, document: Any, status: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for field, path in target.config.response.items():
            if document is None:
                raise self._error(
                    target,
                    f"expected a JSON body with {path!r} for result field {field!r}, "
                    "found an empty body",
                    status,
                )
            try:
                result[field] = resolve(document, path)
            except PathNotFoundError as exc:
                raise self._error(
                    target,
                    f"expected result field {field!r} at {path!r} of the answer: {exc}",
                    status,
                ) from exc
        return result

    def _owner_id(self, target: _Action, path: str, value: Any) -> str:
        if isinstance(value, str) and value:
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        raise self._error(
            target,
            f"expected the owner at {path!r} to be a non-empty string or an integer, "
            f"found {describe(value)}",
        )

    def _error(self, target: _Action, problem: str, status: int | None = None) -> ConnectorError:
        return ConnectorError(
            f"{self.name}.{target.config.name}: {problem}",
            connector=self.name,
            action=target.config.name,
            status=status,
        )


def _query_text(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise TemplateError(f"query parameter {key!r} needs text or a number, found {describe(value)}")


def _bad_arguments(connector: str, action: str, exc: ValidationError) -> ActionError:
    # pydantic's own rendering includes the input values; name the fields and problems only.
    problems = "; ".join(
        f"{'.'.join(str(part) for part in error['loc']) or 'arguments'}: {error['msg']}"
        for error in exc.errors(include_input=False, include_url=False)
    )
    return ActionError(
        f"{connector}.{action}: expected arguments matching the action's input, found: {problems}",
        connector=connector,
        action=action,
    )


def _invalid_config(name: str, issues: Sequence[ConfigIssue]) -> WorkspaceError:
    first = issues[0]
    field = ".".join(str(part) for part in first.loc)
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    return WorkspaceError(
        f"connector {name}: {field}: {first.message}{more}",
        field=field,
        loc=first.loc,
        errors=[
            {"loc": issue.loc, "field": ".".join(map(str, issue.loc)), "message": issue.message}
            for issue in issues
        ],
    )
