"""``exact``: canonical names, accepted spellings and listed variants, alone."""

from __future__ import annotations

from .conftest import methods, normalizer

LEX = """
entries:
  - canonical: Zintan
    type: place
    variants: [Zentan, {text: ZNT, case_sensitive: true}]
    accepted: [Zentane]
  - {canonical: Of, type: place}
  - canonical: Alpha Centauri
    variants: ["A.C. (star)"]
  - canonical: Microsoft .NET
    variants: [".NET", "C++", "U.S. framework"]
"""


def test_listed_variant_becomes_canonical() -> None:
    """A listed variant is replaced by the canonical, whatever its casing."""
    fixed = normalizer(LEX, "exact").fix("in zentan and Zentan")
    assert fixed.text == "in Zintan and Zintan"
    assert methods(fixed.matches) == ["exact", "exact"]


def test_case_sensitive_variant_and_accepted_spelling() -> None:
    """A case-sensitive variant needs its casing; an accepted spelling is never rewritten."""
    n = normalizer(LEX, "exact")
    assert n.fix("ZNT and znt and Zentane").text == "Zintan and znt and Zentane"
    assert [m.text for m in n.mentions("Zentane")] == ["Zentane"]


def test_ordinary_word_name_is_no_mention() -> None:
    """The lowercase word "of" is not the Turkish town Of: not even a mention."""
    n = normalizer(LEX, "exact")
    assert n.mentions("the city of lights") == ()


def test_ordinary_word_name_is_found_capitalised_or_in_capitals() -> None:
    """ "Of" may be the town wherever it stands (punctuation around), and "OF" in a headline.

    Not "oF", nor "OF" alone in running text: a word in capitals standing alone there is
    read as an acronym (see ``Document.lone_capitals``).
    """
    n = normalizer(LEX, "exact")
    text = "In Of, (OF) and Of's port; not oF or of."
    _, cands = n.pipeline.candidates(text)
    assert [(c.start, c.end) for c in cands] == [(3, 5), (16, 18)]
    _, cands = n.pipeline.candidates("FLOODS HIT (OF) PORT")
    assert [(c.start, c.end) for c in cands] == [(12, 14)]


def test_literal_variants_with_punctuation() -> None:
    """Variants with punctuation match as whole tokens, punctuation included (issue: A.C. (star))."""
    n = normalizer(LEX, "exact")
    assert n.fix("We saw A.C. (star) and more").text == "We saw Alpha Centauri and more"
    assert n.fix("Use .NET or C++ now.").text == "Use Microsoft .NET or Microsoft .NET now."
    assert n.fix("a NET result").text == "a NET result"


def test_famous_name_variant_applies_where_the_document_names_the_entry() -> None:
    """ "Kiev" for Kyiv applies where the document names Kyiv (context words); never in lowercase.

    A frequent name of its own is ambiguous ("Egypt" is listed for Goodyear, Arizona, in
    GeoNames); `guard: false` applies it everywhere, as written.
    """
    lex = "entries:\n  - {canonical: Kyiv, type: place, variants: [Kiev, Damascus], context: [Ukraine]}\n"
    n = normalizer(lex, "exact")
    assert n.fix("Talks in Kiev and Damascus.").text == "Talks in Kiev and Damascus."
    assert n.fix("In Ukraine, talks in Kiev.").text == "In Ukraine, talks in Kyiv."
    assert n.fix("In Ukraine, the kiev office").text == "In Ukraine, the kiev office"
    unguarded = "entries:\n  - {canonical: Kyiv, type: place, variants: [{text: Kiev, guard: false}, kiev]}\n"
    assert normalizer(unguarded, "exact").fix("Talks in Kiev.").text == "Talks in Kyiv."


def test_capitalised_variant_of_english_words_applies_only_where_written_so() -> None:
    """A gazetteer's "Slashes" (for Dupont Circle) is a name written so, not "slashes" in prose."""
    n = normalizer(
        "entries:\n  - canonical: Dupont Circle\n    type: place\n    variants: [Slashes, Prec]\n", "exact"
    )
    assert n.find("Both slashes are kept, prec is two.") == ()
    assert n.fix("They met at Slashes.").text == "They met at Dupont Circle."


def test_a_recurring_hit_gives_the_candidate_made_the_first_time() -> None:
    """Candidates copied from the memo (second document on) equal those made afresh."""
    n = normalizer(LEX, "exact")
    text = "Zintan, zentan, ZNT, Zentane, Of and .NET in Zintan; zentan again."
    _, first = n.pipeline.candidates(text)
    _, again = n.pipeline.candidates(text)
    _, fresh = normalizer(LEX, "exact").pipeline.candidates(text)
    assert again == first == fresh
    assert len(first) == 8


def test_a_hit_makes_its_candidate_from_its_payload_alone() -> None:
    """``exact`` and ``casing`` never read an entry's surfaces at run time (a gazetteer entry has dozens)."""
    n = normalizer(LEX, "exact", "casing")
    text = "Zintan, zentan, ZNT, Znt, Zentane, OF, Of, of and .NET; alpha centauri, C++, Misrata ZINTAN."
    expected = n.find(text)

    class Unread:
        def __getitem__(self, i: object) -> object:
            raise AssertionError("an entry's surfaces were read")

    guarded = normalizer(LEX, "exact", "casing")
    object.__setattr__(guarded.index, "surfaces", Unread())
    assert guarded.find(text) == expected
    assert {m.mechanism for m in expected} == {"exact", "casing"}
