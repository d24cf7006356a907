"""The declarative HTTP connector: actions against a business's REST API, declared in YAML.

A workspace file ``connectors/<name>.yaml`` declares a base URL, authentication from a named
secret, retries, and actions (input fields, method, path, query and body templates, response
mapping, owner, precondition, refusal rules). ``load_http_connector`` reads and validates it and
returns an ``HttpConnector`` that implements ``deskpilot.actions._spec.Connector``. See
``docs/http-connector.md``.
"""

from ._config import (
    ActionConfig,
    ApiKeyAuth,
    AuthConfig,
    BasicAuth,
    BearerAuth,
    HttpConnectorConfig,
    InputField,
    OwnerConfig,
    PreconditionConfig,
    RefusalRule,
    RetryPolicy,
)
from ._connector import HttpConnector
from ._loader import load_http_connector, load_http_connector_config

__all__ = [
    "ActionConfig",
    "ApiKeyAuth",
    "AuthConfig",
    "BasicAuth",
    "BearerAuth",
    "HttpConnector",
    "HttpConnectorConfig",
    "InputField",
    "OwnerConfig",
    "PreconditionConfig",
    "RefusalRule",
    "RetryPolicy",
    "load_http_connector",
    "load_http_connector_config",
]
