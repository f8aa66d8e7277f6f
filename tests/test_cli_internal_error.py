"""A bug inside playbook ends as one line and exit status 2, the traceback only with --debug."""
from __future__ import annotations

import pytest

from sre_org_playbook import cli


def broken(args, console):
    raise KeyError("a\nmulti-line key " + "x" * 500)


@pytest.fixture
def bug(monkeypatch):
    """`playbook validate` with a bug planted in it."""
    monkeypatch.setattr(cli, "cmd_validate", broken)


def test_an_internal_error_is_one_line_and_exit_2(bug, capsys):
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    first, hint = err.splitlines()
    assert first.startswith("playbook: internal error: KeyError: ") and len(first) < 400
    assert "--debug" in hint


def test_debug_shows_the_traceback(bug):
    with pytest.raises(KeyError):
        cli.main(["--debug", "validate"])


def test_an_interrupt_is_a_clean_exit(monkeypatch, capsys):
    def interrupted(args, console):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_validate", interrupted)
    assert cli.main(["validate"]) == 130
    assert "Traceback" not in capsys.readouterr().err


def test_schema_into_a_path_that_is_a_file_is_a_clean_error(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert cli.main(["schema", "--out", str(blocker / "schemas")]) == 1
    assert "cannot write the schemas" in capsys.readouterr().err
    assert blocker.read_text() == "not a folder"
