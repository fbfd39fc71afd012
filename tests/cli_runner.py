"""Run ``baclotaper`` in-process as a user would from a shell: exit code, stdout, stderr."""

from __future__ import annotations

import pytest

from baclotaper.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse exits for --help and bad arguments
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
