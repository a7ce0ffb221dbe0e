"""The parts of an erasure that need no DynamoDB: which mailbox an address names, which local
mail files are to it, what the report says against AWS, and where the CLI reads its settings."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from admin import local_mail
from admin.erase import Erasure
from admin.erase_report import describe
from admin.errors import Refused
from admin.mailboxes import key_of, wanted_key
from admin.settings import LOCAL_ENDPOINT, LOCAL_OUTBOX_DIR, LOCAL_TABLES, read_settings
from functions.mail.base import Mail
from functions.mail.mime import build_message

ADMIN = Path(__file__).resolve().parents[2] / "admin"


def write_mail(folder: Path, name: str, to: str, text: str = "Hello") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(bytes(build_message(Mail(to=to, subject="S", text=text), "cf@site.test")))
    return path


@pytest.mark.parametrize(
    "spelling",
    [
        "Zq.Erasable@Bücher.example",
        "ZQ.ERASABLE@XN--BCHER-KVA.EXAMPLE",
        " zq.erasable@bücher.example ",
    ],
)
def test_every_spelling_of_a_mailbox_has_one_key(spelling: str) -> None:
    # GIVEN a spelling of the mailbox THEN it folds to the key the erasure searches by
    assert key_of(spelling) == wanted_key("zq.erasable@xn--bcher-kva.example")


def test_an_address_the_parser_refuses_is_still_found() -> None:
    # GIVEN a value stored before addresses were parsed (a non-ASCII local part)
    # THEN staff typing it in another case find it, and nothing that is no address matches
    assert key_of("José@Example.org") == wanted_key("JOSÉ@example.org")
    assert key_of("") is key_of("ada@") is key_of(None) is None
    with pytest.raises(Refused):
        wanted_key("ada")


def test_mail_files_are_matched_by_their_recipients_mailbox(tmp_path: Path) -> None:
    # GIVEN mail files to spellings of one mailbox, to someone else, and files that are no mail
    folder = tmp_path / "outbox"
    theirs = [
        write_mail(folder, "1.eml", "a.da+x@gmail.com"),
        write_mail(folder, "2.eml", "Ada <ADA@googlemail.com>"),
        write_mail(folder, "3.eml", "=?utf-8?q?Ad=C3=A4?= <ada@gmail.com>"),
    ]
    write_mail(folder, "4.eml", "bob@gmail.com", text="Ada's address is ada@gmail.com")
    (folder / "5.eml").write_bytes(b"\xff\xfe not a mail at all")
    (folder / ".fail-until").write_text("0", encoding="ascii")

    # WHEN the files to ada@gmail.com are looked for THEN exactly hers are found
    assert local_mail.files_to(folder, wanted_key("ADA@gmail.com")) == theirs
    # AND a folder that is not there holds none
    assert local_mail.files_to(tmp_path / "missing", "ada@gmail.com") == []


def test_report_against_aws_says_there_is_no_local_folder() -> None:
    # GIVEN an erasure against AWS (no outbox folder) WHEN reported THEN it says why no file
    printed = describe(Erasure("ada@example.org", outbox_dir=None))
    assert "local mail files: none (against AWS there is no outbox folder" in printed
    assert "outbox table: 0 mails (0 sent, 0 unsent, 0 given up on)" in printed


def test_report_says_when_the_local_folder_is_missing(tmp_path: Path) -> None:
    """The erasure report says when there is no local outbox folder to look in."""
    printed = describe(Erasure("ada@example.org", outbox_dir=tmp_path / "none", dry_run=True))
    assert "local mail files: 0 .eml files (no outbox folder at" in printed


def test_settings_fall_back_to_the_local_stack_and_follow_its_environment(
    tmp_path: Path,
) -> None:
    # GIVEN no environment THEN the local stack of `make serve`
    default = read_settings({})
    assert default.endpoint_url == LOCAL_ENDPOINT
    assert default.tables == LOCAL_TABLES
    assert default.outbox_dir == LOCAL_OUTBOX_DIR
    # the repository's var/outbox, where `make serve` writes mail (admin/ is top-level)
    assert ADMIN.parent / "var" / "outbox" == LOCAL_OUTBOX_DIR
    # GIVEN the variables the functions read THEN the same tables and folder
    given = read_settings(
        {"OUTBOX_DIR": str(tmp_path), "OUTBOX_TABLE": "t-outbox", "FORMS_DIR": str(tmp_path)}
    )
    assert given.outbox_dir == tmp_path and given.forms_dir == tmp_path
    assert given.tables["OUTBOX_TABLE"] == "t-outbox"


def test_only_the_settings_module_reads_the_environment() -> None:
    # GIVEN every admin module WHEN searched for environment reads THEN only settings.py has one
    readers = []
    for path in sorted(ADMIN.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                readers.append(path.name)
    assert set(readers) == {"settings.py"}
