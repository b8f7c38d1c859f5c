"""Which files a folder stands for: include/exclude globs and ``.gitignore`` files.

A file named on the command line is always taken; folders are searched recursively,
in sorted order, for names matching the include globs and not the exclude globs. With
``respect_gitignore`` the ``.gitignore`` files of the searched folders, and of their
parents up to the repository root (the folder holding ``.git``), are obeyed as git
does: a deeper file's patterns win over a shallower one's, ``!`` re-includes.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import pathspec

STDIN = "-"
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.text")
DEFAULT_EXCLUDE = (".*", "__pycache__", "node_modules", "*.tmp")

_Ignores = list[tuple[Path, pathspec.GitIgnoreSpec]]


def expand_inputs(
    paths: Sequence[str],
    include: Sequence[str],
    exclude: Sequence[str],
    errors: list[str],
    *,
    respect_gitignore: bool = True,
) -> list[str]:
    """Expand folders recursively (filtered by globs); files named explicitly are kept."""
    if not paths:
        return [STDIN]
    out: list[str] = []
    for p in paths:
        if p == STDIN:
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            ignores = _parent_ignores(path) if respect_gitignore else []
            out.extend(_walk(path, include, exclude, ignores, respect_gitignore))
        elif not path.exists():
            errors.append(f"{p}: no such file or directory")
        else:
            out.append(p)
    return out


def _walk(
    top: Path, include: Sequence[str], exclude: Sequence[str], inherited: _Ignores, gitignore: bool
) -> list[str]:
    out: list[str] = []
    ignores_at: dict[str, _Ignores] = {str(top): inherited}
    for root, dirs, files in os.walk(top):
        ignores = ignores_at.pop(root, inherited)
        here = Path(root)
        if gitignore and (here / ".gitignore").is_file():
            ignores = [*ignores, (here.resolve(), _read_ignore(here / ".gitignore"))]
        kept = []
        for d in sorted(dirs):
            if _matches(d, exclude) or _ignored(here / d, ignores, folder=True):
                continue
            kept.append(d)
            ignores_at[str(here / d)] = ignores
        dirs[:] = kept
        for f in sorted(files):
            if _matches(f, include) and not _matches(f, exclude) and not _ignored(here / f, ignores):
                out.append(str(here / f))
    return out


def _parent_ignores(top: Path) -> _Ignores:
    """Return the ignore files above ``top`` up to its repository root (none outside a repository)."""
    top = top.resolve()
    chain: _Ignores = []
    if (top / ".git").exists():
        return chain  # top is a repository root: nothing above it applies
    for folder in top.parents:
        if (folder / ".gitignore").is_file():
            chain.append((folder, _read_ignore(folder / ".gitignore")))
        if (folder / ".git").exists():
            return chain[::-1]  # outermost first, so deeper files are asked last and win
    return []


def _read_ignore(p: Path) -> pathspec.GitIgnoreSpec:
    try:
        lines = p.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(path: Path, ignores: _Ignores, *, folder: bool = False) -> bool:
    """Say whether the ignore files (outermost first, bases resolved) ignore ``path``."""
    if not ignores:
        return False
    verdict = False
    resolved = path.parent.resolve() / path.name  # a symlink is matched by its own name, as git does
    for base, spec in ignores:
        try:
            rel = resolved.relative_to(base).as_posix()
        except ValueError:
            continue
        result = spec.check_file(rel + "/" if folder else rel)
        if result.include is not None:
            verdict = result.include
    return verdict


def _matches(name: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, g) for g in globs)
