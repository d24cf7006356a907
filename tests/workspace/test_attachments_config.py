"""The ``attachments:`` section of ``deskpilot.yaml`` and the check every uploaded file passes:
the documented example and defaults, types read from the bytes, clear errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from deskpilot.errors import InputError, TooLarge, UnsupportedType, WorkspaceError
from deskpilot.settings import PROJECT_ROOT
from deskpilot.workspace import KNOWN_TYPES, AttachmentsConfig, load_workspace

from ..conftest import RETAIL_WORKSPACE

DOC = (PROJECT_ROOT / "docs" / "widget.md").read_text(encoding="utf-8")


def test_the_documented_example_and_defaults_hold() -> None:
    [block] = [b for b in re.findall(r"```yaml\n(.*?)```", DOC, re.DOTALL) if "attachments:" in b]
    example = AttachmentsConfig.model_validate(yaml.safe_load(block)["attachments"])
    assert example.max_bytes == 5_000_000 and "image/gif" not in example.types
    defaults = AttachmentsConfig()
    assert defaults.max_bytes == 5_000_000 and defaults.types == list(KNOWN_TYPES)
    for mime in KNOWN_TYPES:
        assert f"`{mime}`" in DOC


@pytest.mark.parametrize(
    ("content", "found"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 32, "image/jpeg"),
        (b"GIF89a" + b"\x00" * 32, "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 32, "image/webp"),
        (b"%PDF-1.7\n", "application/pdf"),
        ("Commande n° 12 — reçue\r\n\tabîmée".encode(), "text/plain"),
    ],
)
def test_a_file_is_known_by_its_bytes_whatever_its_name(content: bytes, found: str) -> None:
    upload = AttachmentsConfig().accept("C:\\Users\\me\\Desktop\\x.exe", content)
    assert upload.content_type == found
    assert upload.filename == "x.exe"  # the name is kept (folders dropped), never trusted


@pytest.mark.parametrize(
    ("content", "error", "says"),
    [
        (b"", InputError, "the file is empty"),
        (b"x" * 101, TooLarge, "the file is 101 bytes; at most 100 are accepted"),
        (b"MZ\x90\x00" + b"\x00" * 40, UnsupportedType, "of a type not recognised"),
        (b"<svg onload=alert(1)>\x00", UnsupportedType, "not recognised"),
        (b"\xff\xfe\x00t\x00e", UnsupportedType, "not recognised"),
        (b"GIF89a" + b"\x00" * 32, UnsupportedType, "a GIF image; accepted: PDF, text"),
    ],
)
def test_a_refused_file_says_what_was_wrong(
    content: bytes, error: type[Exception], says: str
) -> None:
    rules = AttachmentsConfig(max_bytes=100, types=["application/pdf", "text/plain"])
    with pytest.raises(error, match=re.escape(says)):
        rules.accept("f", content)


def test_names_lose_folders_and_reserved_characters() -> None:
    rules = AttachmentsConfig()
    assert rules.accept('../../a<b>"c".txt', b"hi").filename == "a_b_c_.txt"
    assert rules.accept("...", b"hi").filename == "file.txt"
    long = rules.accept("n" * 300 + ".pdf", b"%PDF-1.4\n").filename
    assert len(long) == 120 and long.endswith(".pdf")


def test_no_types_turns_files_off() -> None:
    with pytest.raises(UnsupportedType, match="accepts no attachments"):
        AttachmentsConfig(types=[]).accept("a.txt", b"hi")


def test_an_unknown_type_names_its_line_and_the_valid_ones(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    shutil.copytree(RETAIL_WORKSPACE, target)
    config = target / "deskpilot.yaml"
    config.write_text(config.read_text() + "\nattachments:\n  types: [image/svg+xml]\n")
    with pytest.raises(WorkspaceError, match=r"deskpilot\.yaml:\d+: .*image/svg\+xml.*image/png"):
        load_workspace(target)
