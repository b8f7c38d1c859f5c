"""The language files' case endings are what ``tools/derive_endings.py`` derives."""

# ruff: noqa: RUF001  (Cyrillic letters are the point here)

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("pymorphy3", reason="the derivation needs pymorphy3 (the test extra)")
pytest.importorskip("iuliia", reason="the derivation needs iuliia")

SCRIPT = Path(__file__).resolve().parent.parent / "tools" / "derive_endings.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("derive_endings", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_language_file_matches_the_derivation(lang: str) -> None:
    """Editing endings by hand, or changing the classes, fails until the script is run."""
    derive = _script()
    path = derive.LANGUAGE_DIR / f"{lang}.yaml"
    assert path.read_text(encoding="utf-8") == derive.expected(lang), "run: python tools/derive_endings.py"


def test_classes_hold_the_forms_a_morphology_gives() -> None:
    """Мисрата -> Мисратой is -oj (GOST) and -oy (BGN); Зеленский -> Зеленского is -ogo."""
    derive = _script()
    classes = {c["class"]: c for c in derive.derive("ru")["declensions"]}
    assert {"oj", "oy", "y"} <= set(classes["a"]["endings"])
    assert "ogo" in classes["adjectival"]["endings"] and "ogo" not in classes["consonant"]["endings"]
    assert classes["a"]["nominative"] == ["a"]
    assert {"nomn": "а", "gent": "ы", "datv": "е", "accs": "у", "ablt": "ой", "loct": "е"} in classes["a"][
        "cyrillic"
    ]["cases"]
