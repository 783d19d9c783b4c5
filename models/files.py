"""Writing files whole or not at all, so that an interrupted run never leaves half a file,
and writing a command's `-o` target the way its kind of file needs."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from pathlib import Path

from models.errors import InputError

STDOUT = "-"
"""The `-o` name for standard output."""


def write_atomic(path: Path, text: str) -> None:
    """Write a whole file or nothing: a temp file in the same folder, then os.replace.
    The file gets the usual permissions (those of the file it replaces, else 0666
    minus the umask), not mkstemp's private 0600."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(tmp, file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def file_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# ---------------------------------------------------------------- -o targets


def is_stdout(target: str | Path) -> bool:
    return str(target) == STDOUT


def check_output_target(target: str | Path, field: str = "-o") -> None:
    """Refuse an `-o` target that cannot be written, before any work is done."""
    if is_stdout(target):
        return
    name = str(target)
    kind = _kind(Path(target), name, field)
    if kind == "dir":
        raise InputError("is a directory; -o needs a file name", file=name, field=field)
    if kind == "special":
        if not os.access(target, os.W_OK):
            raise InputError("is not writable", file=name, field=field)
        return
    parent = _replaced_path(Path(target)).parent
    if not parent.is_dir():
        raise InputError(f"folder {str(parent)!r} does not exist", file=name, field=field)
    if not os.access(parent, os.W_OK):
        raise InputError(f"folder {str(parent)!r} is not writable", file=name, field=field)


def write_output(target: str | Path, data: bytes, field: str = "-o") -> None:
    """Write a command's output where `-o` says, as that kind of target needs:

    - `-` is standard output;
    - a device, FIFO or socket (or a name such as /dev/stdout that stands for an open
      descriptor) is written in place: renaming a file over it would replace it;
    - a regular file, or a name not yet taken, is replaced whole through a temporary
      file beside it; a symlink is followed, so its target is replaced and the link
      stays.

    A write that fails is an InputError that names the path, and no temporary file is
    left behind.
    """
    name = str(target)
    if is_stdout(target):
        _write_in_place(None, data, name, field)
        return
    path = Path(target)
    kind = _kind(path, name, field)
    if kind == "dir":
        raise InputError("is a directory; -o needs a file name", file=name, field=field)
    if kind == "special":
        _write_in_place(path, data, name, field)
        return
    real = _replaced_path(path)
    if not real.parent.is_dir():
        raise InputError(f"folder {str(real.parent)!r} does not exist", file=name, field=field)
    try:
        write_bytes_atomic(real, data)
    except OSError as exc:
        where = "" if real == path.absolute() else f" (the link's target {str(real)!r})"
        raise InputError(f"cannot write{where}: {exc.strerror}", file=name, field=field) from None


def _kind(path: Path, name: str, field: str) -> str:
    """'missing', 'file', 'dir' or 'special' (written in place) for an -o target."""
    if _names_descriptor(path):
        return "special"
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=name, field=field) from None
    if stat.S_ISDIR(mode):
        return "dir"
    return "file" if stat.S_ISREG(mode) else "special"


def _names_descriptor(path: Path) -> bool:
    """True for /dev/stdout, /dev/fd/N, /proc/self/fd/N and links to them: such a name
    stands for a descriptor the shell opened, and must be written, not replaced."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on links followed
        if current.startswith(("/proc/", "/dev/fd/")):
            return True
        try:
            link = os.readlink(current)
        except OSError:
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), link))
    return False


def _replaced_path(path: Path) -> Path:
    """The file a replace-by-rename must swap: the end of any symlink chain."""
    return Path(os.path.realpath(path))


def _write_in_place(path: Path | None, data: bytes, name: str, field: str) -> None:
    try:
        if path is None:
            stream = sys.stdout.buffer
            stream.write(data)
            stream.flush()
        else:
            # Append, not truncate: a name for the shell's own descriptor may share a
            # file with what the command has already printed.
            with open(path, "ab") as fh:
                fh.write(data)
                fh.flush()
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=name, field=field) from None
