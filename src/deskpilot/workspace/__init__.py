"""Loading and validating a workspace: the folder of plain files a support team owns."""

from deskpilot.workspace._loader import Workspace, load_workspace
from deskpilot.workspace._models import (
    ConfidenceBands,
    EvidenceWords,
    IdentityWords,
    Intent,
    IntentFile,
    PipelineConfig,
    PolicyFile,
    VocabularyFile,
    WorkspaceConfig,
)
from deskpilot.workspace._yaml import load_yaml_model

__all__ = [
    "ConfidenceBands",
    "EvidenceWords",
    "IdentityWords",
    "Intent",
    "IntentFile",
    "PipelineConfig",
    "PolicyFile",
    "VocabularyFile",
    "Workspace",
    "WorkspaceConfig",
    "load_workspace",
    "load_yaml_model",
]
