"""The evidence model: what a document says about which entries it is about."""

from __future__ import annotations

from normalize import Config, Entry, EntryType, Lexicon, Normalizer, parse_lexicon
from normalize.engine.candidate import Evidence
from normalize.engine.evidence import EvidenceModel, spelling_need
from normalize.engine.mechanisms import REGISTRY

LEX = """
entries:
  - {canonical: Nouri Abusahmain, type: person}
  - {canonical: General National Congress, type: org, context: [Abusahmain]}
"""


def normalizer() -> Normalizer:
    lex, _ = parse_lexicon(LEX, "evidence.yaml")
    return Normalizer([lex], default_lexicon=False)


def test_a_mentioned_entry_counts_as_its_name_for_context_words() -> None:
    """A garbled mention of Abusahmain is the context word "Abusahmain" too: one pass fixes both."""
    n = normalizer()
    once = n.fix("Abusahmainu spoke to the General Nationl Congress.").text
    assert once == "Abusahmain spoke to the General National Congress."
    assert n.fix(once).text == once


def test_without_the_context_word_the_slip_is_left() -> None:
    """The fuzzy slip alone, with nothing naming its topic, stays as written."""
    assert normalizer().find("He spoke to the General Nationl Congress.") == ()


# --- a short document that names the topic (spelling_need) ---------------------------------

TOPIC_LEX = """
context: [Libya, Tripoli]
entries:
  - {canonical: Sabratah, type: place}
  - {canonical: Brikk, type: place}
"""


def topic_normalizer() -> Normalizer:
    lex, _ = parse_lexicon(TOPIC_LEX, "topic.yaml")
    return Normalizer([lex], default_lexicon=False)


def test_a_short_item_naming_the_topic_fixes_a_rare_spelling() -> None:
    """ "Sabratha" (wordfreq knows it, Zipf 1.5) is fixed in one sentence that names Tripoli."""
    fixed = topic_normalizer().fix("Gunmen attacked Sabratha on Monday, officials in Tripoli said.")
    assert fixed.text == "Gunmen attacked Sabratah on Monday, officials in Tripoli said."
    assert [m.mechanism for m in fixed.matches] == ["keys"]


def test_the_same_spelling_without_the_topic_is_left() -> None:
    """Nothing in the sentence names Libya: the rare word stays as written."""
    assert topic_normalizer().find("Gunmen attacked Sabratha on Monday, officials said.") == ()


def test_an_ordinary_word_never_becomes_a_name() -> None:
    """ "Brick" keys as Brikk, but it is an ordinary word: not even the topic makes it a name."""
    assert topic_normalizer().find("Brick walls fell in Tripoli, Libya.") == ()


def test_spelling_need_levels() -> None:
    """Unknown words need what the mechanism asks; rare ones the topic (known names: the entity)."""
    assert spelling_need(0.0, 2.5, Evidence.NONE) is Evidence.NONE
    assert spelling_need(1.5, 2.5, Evidence.NONE) is Evidence.SUBJECT
    assert spelling_need(1.5, 2.5, Evidence.CONTEXT) is Evidence.CONTEXT
    assert spelling_need(1.5, 2.5, Evidence.NONE, known_name=True) is Evidence.ENTITY
    assert spelling_need(2.5, 2.5, Evidence.NONE) is None


def _gazetteer(context: tuple[str, ...] = ()) -> Normalizer:
    """Return a Normalizer over one file of 1,001 places: Zintan and 1,000 made-up towns."""
    letters = "bdfklmnprstvz"
    towns = ["Zintan"] + [
        "Ta" + "".join(letters[(i // 13**k) % 13] + "o" for k in range(3)) for i in range(1000)
    ]
    entries = tuple(
        Entry(id=f"t{i}", canonical=t, type=EntryType.PLACE, origin="towns.yaml:1", topic=context)
        for i, t in enumerate(towns)
    )
    assert len({e.canonical for e in entries}) == 1001
    # exact names give the mentions; phonetic is the mechanism that asks for the subject
    config = Config(**{m.name: m.name in ("exact", "phonetic") for m in REGISTRY})  # type: ignore[arg-type]
    return Normalizer([Lexicon(entries=entries, language="en")], default_lexicon=False, config=config)


def test_in_a_gazetteer_two_places_named_are_no_subject() -> None:
    """A sound-alike needs the subject: in a file of 1,001 places, two of them named do not give it."""
    n = _gazetteer()
    assert n.find("Zintana lies between Tabobobo and Tadobobo.") == ()
    assert EvidenceModelProbe(n).has_subject_and_topic() == (False, True)


def test_in_a_gazetteer_the_file_context_words_give_the_subject() -> None:
    """The same file with topic words: naming one of them is enough."""
    n = _gazetteer(("Libya",))
    assert n.fix("Zintana lies in Libya.").text == "Zintan lies in Libya."


class EvidenceModelProbe:
    """Ask the evidence model of one document directly (SUBJECT against TOPIC for Zintan)."""

    def __init__(self, n: Normalizer) -> None:
        text = "Zintana lies between Tabobobo and Tadobobo."
        doc, cands = n.pipeline.candidates(text)
        self.model = EvidenceModel(n.pipeline.index, doc.context, cands)
        self.zintan = next(i for i, e in enumerate(n.pipeline.index.entries) if e.canonical == "Zintan")

    def has_subject_and_topic(self) -> tuple[bool, bool]:
        return self.model.has(self.zintan, Evidence.SUBJECT), self.model.has(self.zintan, Evidence.TOPIC)


def test_a_candidate_that_needs_nothing_always_has_it() -> None:
    """decide() keeps a candidate of Evidence.NONE without asking: has() says True for any entry."""
    index = normalizer().index
    for context in (set(), {0, 1}):
        model = EvidenceModel(index, context, [])
        assert all(model.has(e, Evidence.NONE) for e in range(len(index.entries)))
