"""Conversation tests: YAML cases of customer turns, run through the real pipeline.

``load_cases`` reads and validates a file; ``run_case_files`` runs every case on a pristine copy
of the store and returns a ``CaseResult`` per case; ``check_expectations`` is the comparison on
its own. The ``deskpilot test`` command is added to a CLI by ``deskpilot.testing.cli.register``.
"""

from deskpilot.testing._cases import (
    CaseFile,
    ConversationCase,
    CustomerTurn,
    Expectations,
    ExpectedAction,
    load_cases,
)
from deskpilot.testing._compare import (
    Escalation,
    ExecutedAction,
    check_expectations,
    compare_actions,
    describe_call,
    values_match,
)
from deskpilot.testing._runner import (
    CaseResult,
    ConversationTestRunner,
    TranscriptLine,
    built_once,
    case_outcome,
    run_case_files,
    summary,
)

__all__ = [
    "CaseFile",
    "CaseResult",
    "ConversationCase",
    "ConversationTestRunner",
    "CustomerTurn",
    "Escalation",
    "ExecutedAction",
    "Expectations",
    "ExpectedAction",
    "TranscriptLine",
    "built_once",
    "case_outcome",
    "check_expectations",
    "compare_actions",
    "describe_call",
    "load_cases",
    "run_case_files",
    "summary",
    "values_match",
]
