"""Write files so that a crash, full disk or error never leaves a half-written file behind.

The new content goes to a temporary file in the same folder (so the final rename stays on one
file system), is flushed to disk, and only then replaces the target in one step.
"""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Temporary files older than this were left by a save that was killed (crash, power cut): no
# save takes an hour, so they are removed the next time the same file is saved.
STALE_TEMP_SECONDS = 3600


def atomic_write(path: str | Path, writer: Callable[[Path], None]) -> Path:
    """Call `writer(temp_path)` to produce the file, then move it over `path` in one step.

    If the writer raises, the temporary file is removed and `path` is left as it was.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    temp = Path(temp_name)
    try:
        writer(temp)
        _fsync_file(temp)
        # Keep the permissions of the file being replaced (mkstemp makes it owner-only). Reading
        # the umask means changing it, which is not thread-safe, so new files get rw-r--r--.
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_folder(folder)
    _remove_stale_temps(folder, target.name)
    return target


def _remove_stale_temps(folder: Path, name: str) -> None:
    """Delete `.name.*.tmp` files (ours, also those of the `.bak` copy) left by killed saves."""
    now = time.time()
    for temp in folder.glob(f".{glob.escape(name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()


def atomic_write_bytes(path: str | Path, data: bytes) -> Path:
    """Write `data` to `path` atomically."""

    def write(temp: Path) -> None:
        temp.write_bytes(data)

    return atomic_write(path, write)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `path` atomically."""
    return atomic_write_bytes(path, text.encode(encoding))


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open folders, which is fine.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
