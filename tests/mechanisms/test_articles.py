"""``articles``: a spurious "the" before a person's name."""

from __future__ import annotations

from .conftest import normalizer

LEX = """
entries:
  - {canonical: Khalifa Haftar, type: person, variants: [{text: Haftarah, context: true}], context: [Libya]}
  - {canonical: Fayez al-Sarraj, type: person, short: Sarraj}
"""


def test_article_goes_with_a_garbled_mention() -> None:
    """ "the Haftarah" becomes "Haftar", article and all."""
    n = normalizer(LEX, "exact", "articles")
    assert n.fix("In Libya, talks with the Haftarah ended.").text == "In Libya, talks with Haftar ended."


def test_article_before_a_correct_surname() -> None:
    """ "with the Sarraj and" loses its article; "the Sarraj government" keeps it."""
    n = normalizer(LEX, "exact", "articles")
    assert n.fix("talks with the Sarraj and others").text == "talks with Sarraj and others"
    assert n.fix("the Sarraj government said").text == "the Sarraj government said"


def test_off_without_articles() -> None:
    """With ``articles`` off, the article stays."""
    n = normalizer(LEX, "exact")
    assert n.fix("In Libya, talks with the Haftarah ended.").text == "In Libya, talks with the Haftar ended."
    assert n.fix("talks with the Sarraj and others").text == "talks with the Sarraj and others"
