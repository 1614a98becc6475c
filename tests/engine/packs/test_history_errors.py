"""A kept version's file that cannot be read is a clear error naming the file, the line and what is wrong."""

from __future__ import annotations

import shutil

import pytest

from civicguard.engine.packs.history import KeptVersionError, current_version, pack_versions
from tests.policy_versions import BROKEN, NEW, OLD, kept_file, sefton_with_history  # noqa: F401


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_kept_file_that_cannot_be_read_names_the_file_and_the_fault(case, sefton_with_history):  # noqa: F811
    text, reason, line = BROKEN[case]
    kept_file().write_text(text, encoding="utf-8")
    with pytest.raises(KeptVersionError) as caught:
        pack_versions("sefton")
    exc = caught.value
    assert isinstance(exc, ValueError)  # callers that tolerated the old ValueError still do
    assert f"{kept_file()}:{line}: " in exc.message and reason in exc.message
    assert "policies/sefton/versions/july-2023/clauses.yaml" in exc.plain
    assert str(kept_file()) not in exc.plain  # a page never shows the server's own paths
    assert f"line {line}: {reason}" in exc.plain
    # the version in force is still read
    assert current_version("sefton").version == NEW


def test_the_plain_message_names_the_version_when_the_file_says_it(sefton_with_history):  # noqa: F811
    kept_file().write_text(BROKEN["a clause without a number"][0], encoding="utf-8")
    with pytest.raises(KeptVersionError) as caught:
        pack_versions("sefton")
    assert caught.value.plain.startswith(f"The kept wording of version {OLD} could not be read: line 6: ")
    assert caught.value.version == OLD


def test_two_files_naming_the_same_version(sefton_with_history):  # noqa: F811
    copy = kept_file("july-2023-again")
    copy.parent.mkdir()
    shutil.copy(kept_file(), copy)
    with pytest.raises(KeptVersionError) as caught:
        pack_versions("sefton")
    exc = caught.value
    assert f"names version {OLD}, as {kept_file()} does already" in exc.message
    assert "versions/july-2023/clauses.yaml and policies/sefton/versions/july-2023-again/clauses.yaml" in exc.plain


def test_the_same_clause_twice(sefton_with_history):  # noqa: F811
    kept_file().write_text("version: July 2023\nclauses:\n  - number: '1.1'\n    heading: A\n    text: B\n"
                           "  - number: '1.1'\n    heading: C\n    text: D\n", encoding="utf-8")
    with pytest.raises(KeptVersionError, match=r"clause 1.1 is listed twice \(lines 3 and 6\)"):
        pack_versions("sefton")


def test_readable_files_still_load(sefton_with_history):  # noqa: F811
    assert [v.version for v in pack_versions("sefton")] == [OLD, NEW]
