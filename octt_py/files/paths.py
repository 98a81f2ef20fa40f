"""Where a request may go inside a file server's root directory."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote


class PathRefused(ValueError):
    """A request path that leaves the root, or is not a path at all."""


def resolve(root: Path, request_path: str) -> tuple[str, Path]:
    """``/upload/x.log?a=b`` -> (``/upload/x.log``, ``root/upload/x.log``).

    The normalised path keeps a trailing ``/`` (a folder); ``..`` may not climb out of the root.
    """
    raw = unquote(request_path.split("?", 1)[0].split("#", 1)[0] or "/")
    if "\x00" in raw:
        raise PathRefused("a path may not contain NUL")
    segments: list[str] = []
    for segment in raw.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not segments:
                raise PathRefused(f"{raw!r} leaves the server's root")
            segments.pop()
        else:
            segments.append(segment)
    path = "/" + "/".join(segments)
    if raw.endswith("/") and segments:
        path += "/"
    base = root.resolve()
    target = base.joinpath(*segments).resolve()
    if target != base and base not in target.parents:  # a symbolic link pointing outside
        raise PathRefused(f"{raw!r} leaves the server's root")
    return path, target


def within(path: str, folder: str) -> bool:
    """``path`` is ``folder`` itself or something inside it (``folder`` ends with ``/``)."""
    return path == folder.rstrip("/") or path.startswith(folder)
