"""The wheel: built offline, it carries the lexicons and runs the seed from outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, SEED, SEED_EXPECTED


def test_wheel_ships_lexicons_and_fixes_seed(tmp_path: Path) -> None:
    """Build the wheel, install it into a bare folder, run the CLI on the seed from there."""
    dist, target = tmp_path / "dist", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("normalize_mt-*.whl")  # the distribution name; the import name is normalize
    subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)], check=True
    )
    assert (target / "normalize" / "_lexicons" / "libya.yaml").is_file()
    assert (target / "normalize" / "py.typed").is_file()
    assert (target / "normalize" / "schema" / "lexicon.schema.json").is_file()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), *sys.path[1:]])}
    probe = "import normalize.lexicon as l; print(l.default_lexicon_dir())"
    where = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert Path(where) == target / "normalize" / "_lexicons"
    for module in ("normalize.cli", "normalize"):  # the old entry and `python -m normalize`
        out = subprocess.run(
            [sys.executable, "-m", module, "fix", str(SEED)],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            check=True,
        ).stdout
        assert out == SEED_EXPECTED.read_bytes()
    (info,) = target.glob("normalize_mt-*.dist-info")
    metadata = (info / "METADATA").read_text(encoding="utf-8")
    assert "Name: normalize-mt\n" in metadata and "License-Expression: MIT\n" in metadata
    assert "License-File: LICENSE\n" in metadata
    assert "Classifier: Topic :: Text Processing :: Linguistic\n" in metadata
    assert (info / "licenses" / "LICENSE").is_file()
