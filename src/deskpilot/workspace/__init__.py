"""Loading and validating a workspace: the folder of plain files a support team owns."""

from deskpilot.workspace._attachments import KNOWN_TYPES, AttachmentsConfig
from deskpilot.workspace._loader import Workspace, load_workspace
from deskpilot.workspace._marks import Mark, MarkedText, parse_marked
from deskpilot.workspace._models import (
    AliasWords,
    AmountWords,
    CategoryWords,
    ConfidenceBands,
    DateWords,
    DialogueWords,
    EvidenceWords,
    IdentityConfig,
    IdentityLookup,
    IdentityWords,
    Intent,
    IntentFile,
    KnowledgeConfig,
    NotAskingWords,
    NumeralWords,
    OneTimeCodeConfig,
    PipelineConfig,
    PolicyFile,
    RecordIdWords,
    RecordRead,
    RequestWords,
    ScaleWords,
    SlotKindSpec,
    SlotsFile,
    VocabularyFile,
    WorkspaceConfig,
)
from deskpilot.workspace._phrases import SENTENCE_BREAK, phrases
from deskpilot.workspace._replies import VARIABLES, RepliesFile, SavedReply
from deskpilot.workspace._resolver_words import ResolverWords
from deskpilot.workspace._widget import WidgetConfig
from deskpilot.workspace._yaml import load_yaml_model
from deskpilot.workspace._yamlpos import line_in

__all__ = [
    "KNOWN_TYPES",
    "SENTENCE_BREAK",
    "VARIABLES",
    "AliasWords",
    "AmountWords",
    "AttachmentsConfig",
    "CategoryWords",
    "ConfidenceBands",
    "DateWords",
    "DialogueWords",
    "EvidenceWords",
    "IdentityConfig",
    "IdentityLookup",
    "IdentityWords",
    "Intent",
    "IntentFile",
    "KnowledgeConfig",
    "Mark",
    "MarkedText",
    "NotAskingWords",
    "NumeralWords",
    "OneTimeCodeConfig",
    "PipelineConfig",
    "PolicyFile",
    "RecordIdWords",
    "RecordRead",
    "RepliesFile",
    "RequestWords",
    "ResolverWords",
    "SavedReply",
    "ScaleWords",
    "SlotKindSpec",
    "SlotsFile",
    "VocabularyFile",
    "WidgetConfig",
    "Workspace",
    "WorkspaceConfig",
    "line_in",
    "load_workspace",
    "load_yaml_model",
    "parse_marked",
    "phrases",
]
