"""Writing an export whole or not at all: a file as models.files.write_output does,
a folder through a temp folder that is renamed (or, when the folder exists, whose
files each replace their namesakes; other files in it are left alone)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from models.errors import InputError
from models.files import file_mode, is_stdout, write_output


def write_file(out: Path, data: bytes) -> list[Path]:
    """Write one file where -o says (standard output, a device or FIFO, or a file)."""
    if not is_stdout(out) and out.is_dir():
        raise InputError("is a folder; this format writes one file", file=str(out))
    write_output(out, data)
    return [out]


def write_folder(out: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write `files` (name -> bytes) into the folder `out`, created if missing."""
    if out.exists() and not out.is_dir():
        raise InputError("is a file; this format writes a folder", file=str(out))
    _check_parent(out)
    try:
        tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=str(out)) from None
    try:
        for name, data in files.items():
            path = tmp / name
            path.write_bytes(data)
            os.chmod(path, file_mode(out / name))
        if out.is_dir():
            for name in files:
                os.replace(tmp / name, out / name)
            tmp.rmdir()
        else:
            os.chmod(tmp, 0o777 & ~_umask())
            os.rename(tmp, out)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", file=str(out)) from None
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(tmp)
    return [out / name for name in sorted(files)]


def _check_parent(out: Path) -> None:
    if not out.parent.is_dir():
        raise InputError(f"folder {str(out.parent)!r} does not exist", file=str(out))


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
