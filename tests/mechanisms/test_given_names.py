"""``given_names``: declined or respelled given names before a surname found, alone and with others."""

from __future__ import annotations

import pytest

from normalize import Config, Normalizer

from .conftest import lexicon, methods, normalizer

LEX = """
context: [Kremlin]
entries:
  - {canonical: Vladimir Putin, type: person}
  - {canonical: Ahmed al-Mismari, type: person}
  - {canonical: Abdel Fattah al-Sisi, type: person}
  - {canonical: Sergey Lavrov, type: person}
"""


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Talks with Vladimirom Putinym ended.", "Talks with Vladimir Putin ended."),  # both declined
        ("Talks with Sergeya Lavrova ended.", "Talks with Sergey Lavrov ended."),
        ("Talks with Axmede al-Mismari ended.", "Talks with Ahmed al-Mismari ended."),  # x for kh, -e
        ("Talks with Abdele Fattahe al-Sisi ended.", "Talks with Abdel Fattah al-Sisi ended."),
        ("Talks with Vladimirom Putin ended.", "Talks with Vladimir Putin ended."),  # surname right
    ],
)
def test_given_names_heard_before_a_surname_found(text: str, fixed: str) -> None:
    """The surname found by another mechanism is widened over the given names, with its reason."""
    result = normalizer(LEX).fix(text)
    assert result.text == fixed
    (m,) = result.matches
    assert m.mechanism == "given_names"
    assert "heard as" in m.reason


def test_other_words_before_a_surname_are_not_given_names() -> None:
    """A title, another person's given name or a short word is not widened over."""
    n = normalizer(LEX)
    assert n.fix("Talks with President Putinym ended.").text == "Talks with President Putin ended."
    assert n.fix("Talks with Martin Putinym ended.").text == "Talks with Martin Putin ended."
    assert methods(n.find("Talks with Martin Putinym ended.")) == ["endings"]


def test_a_correct_whole_name_is_no_edit() -> None:
    """The whole name as written is left alone."""
    assert normalizer(LEX).find("Talks with Vladimir Putin ended.") == ()


def test_switched_off() -> None:
    """With the mechanism off, only the surname is fixed: it adds nothing else."""
    config = Config(given_names=False)
    n = Normalizer([lexicon(LEX)], default_lexicon=False, config=config)
    assert n.fix("Talks with Vladimirom Putinym ended.").text == "Talks with Vladimirom Putin ended."


def test_needs_what_the_surname_needs() -> None:
    """Alone, with nothing finding the surname, it proposes nothing."""
    assert normalizer(LEX, "given_names").find("Talks with Vladimirom Putinym ended.") == ()
