"""Where `-o` writes: standard output, devices and FIFOs in place, symlinks followed, and
every failed write an exit-2 error that names the path and leaves no temporary file."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from cli import cli
from models import files
from models.errors import InputError
from models.files import check_output_target, write_output

from conftest import SCENARIOS, cli_runner, solve_checked, tiny


def read_fifo_in_background(path: Path) -> tuple[threading.Thread, list[bytes]]:
    received: list[bytes] = []

    def read() -> None:
        with open(path, "rb") as fh:
            received.append(fh.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader, received


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---------------------------------------------------------------- the writer


def test_dash_is_standard_output(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    write_output("-", b"plan\n")
    assert capsysbinary.readouterr().out == b"plan\n"


def test_a_fifo_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader, received = read_fifo_in_background(fifo)
    write_output(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


def test_a_descriptor_name_is_written_not_renamed_over() -> None:
    read_end, write_end = os.pipe()
    try:
        write_output(f"/dev/fd/{write_end}", b"via the descriptor")
        os.close(write_end)
        write_end = -1
        assert os.read(read_end, 100) == b"via the descriptor"
    finally:
        os.close(read_end)
        if write_end >= 0:
            os.close(write_end)


def test_a_descriptor_on_a_regular_file_keeps_what_was_printed(tmp_path: Path) -> None:
    """`-o /dev/stdout > file`: the output joins what the command printed, in the same file."""
    target = tmp_path / "out.txt"
    with open(target, "wb", buffering=0) as fh:
        fh.write(b"printed first\n")
        inode = os.fstat(fh.fileno()).st_ino
        write_output(f"/proc/self/fd/{fh.fileno()}", b"then the plan\n")
    assert target.read_bytes() == b"printed first\nthen the plan\n"
    assert target.stat().st_ino == inode


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_device_is_an_error_and_stays_a_device() -> None:
    with pytest.raises(InputError) as caught:
        write_output("/dev/full", b"x" * 10_000)
    assert caught.value.file == "/dev/full"
    assert "No space left on device" in caught.value.message
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_a_symlink_is_followed_and_its_target_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    write_output(link, b"new")
    assert link.is_symlink()
    assert os.readlink(link) == "real.json"
    assert real.read_text() == "new"
    assert leftovers(tmp_path) == []


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    link = tmp_path / "latest.json"
    link.symlink_to("plans/today.json")
    write_output(link, b"{}")
    assert link.is_symlink()
    assert (tmp_path / "plans" / "today.json").read_bytes() == b"{}"


def test_a_regular_file_is_replaced_whole_with_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text("old")
    target.chmod(0o640)
    write_output(target, b"new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


class FullDisk(io.RawIOBase):
    """A file whose every write fails as on a full disk."""

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_is_an_error_that_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.json"
    target.write_text("the old plan")
    real_fdopen = os.fdopen

    def failing_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        os.close(fd)
        return FullDisk()

    monkeypatch.setattr(files.os, "fdopen", failing_fdopen)
    with pytest.raises(InputError) as caught:
        write_output(target, b"the new plan")
    monkeypatch.setattr(files.os, "fdopen", real_fdopen)
    assert caught.value.file == str(target)
    assert caught.value.field == "-o"
    assert "No space left on device" in caught.value.message
    assert target.read_text() == "the old plan"
    assert leftovers(tmp_path) == []


def test_no_permission_is_an_error_naming_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(files.tempfile, "mkstemp", refused)
    with pytest.raises(InputError) as caught:
        write_output(tmp_path / "plan.json", b"{}")
    assert caught.value.file == str(tmp_path / "plan.json")
    assert "Permission denied" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_an_error_naming_the_path(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "plan.json"
    with pytest.raises(InputError, match="does not exist") as caught:
        write_output(target, b"{}")
    assert caught.value.file == str(target)
    with pytest.raises(InputError, match="does not exist"):
        check_output_target(target)


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        write_output(tmp_path, b"{}")
    with pytest.raises(InputError, match="is a directory"):
        check_output_target(tmp_path)


def test_the_check_before_solving_accepts_what_the_writer_can_write(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "link.json"
    link.symlink_to("real.json")
    for target in ("-", fifo, link, tmp_path / "new.json", "/dev/null"):
        check_output_target(target)


# ---------------------------------------------------------------- the commands


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plan = solve_checked(tiny(days=7))
    assert plan.status.has_plan
    path = tmp_path_factory.mktemp("plan") / "plan.json"
    path.write_text(json.dumps(plan.to_json_dict()))
    return path


def run(*args: str) -> Any:
    return cli_runner().invoke(cli, list(args))


def test_export_to_standard_output(plan_file: Path) -> None:
    result = run("export", str(plan_file), "--format", "csv", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Week,Starts,")
    assert "standard output" in result.stderr


def test_export_of_a_folder_format_to_standard_output_is_refused(plan_file: Path) -> None:
    result = run("export", str(plan_file), "--format", "fit", "-o", "-")
    assert result.exit_code == 2
    assert "writes a folder" in result.stderr
    assert "Traceback" not in result.output


def test_export_into_a_fifo(plan_file: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "calendar.ics"
    os.mkfifo(fifo)
    reader, received = read_fifo_in_background(fifo)
    result = run("export", str(plan_file), "--format", "ics", "-o", str(fifo))
    reader.join(timeout=10)
    assert result.exit_code == 0, result.output
    assert received and received[0].startswith(b"BEGIN:VCALENDAR")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_export_to_a_full_device_exits_2(plan_file: Path) -> None:
    result = run("export", str(plan_file), "--format", "ics", "-o", "/dev/full")
    assert result.exit_code == 2
    assert "/dev/full" in result.stderr and "No space left" in result.stderr
    assert "wrote" not in result.stderr
    assert stat.S_ISCHR(os.lstat("/dev/full").st_mode)


def test_report_through_a_symlink(plan_file: Path, tmp_path: Path) -> None:
    link = tmp_path / "report.html"
    link.symlink_to("real-report.html")
    result = run("report", str(plan_file), "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert (tmp_path / "real-report.html").read_text().startswith("<!DOCTYPE html>")


def test_solve_json_and_dash_output_cannot_share_stdout() -> None:
    result = run("solve", str(SCENARIOS / "5k-first-sub20.toml"), "-o", "-", "--json")
    assert result.exit_code == 2
    assert "standard output" in result.stdout or "standard output" in result.stderr
