"""The engine end to end: the seed, each mechanism, the guards, and the decision rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize import Config, Lexicon, Method, Normalizer, apply, parse_lexicon
from normalize.evaluate import read_gold

from .conftest import DATA, SEED, SEED_EXPECTED, SEED_GOLD, read


def lexicon(text: str, name: str = "test.yaml") -> Lexicon:
    lex, diags = parse_lexicon(text, name)
    assert not [d for d in diags if d.severity == "error"], diags
    return lex


def test_seed_fix_gives_expected_text(default: Normalizer) -> None:
    """The seed article comes out exactly as its expected file."""
    assert default.fix(read(SEED)).text == read(SEED_EXPECTED)


def test_seed_findings_are_the_annotated_spans(default: Normalizer) -> None:
    """The findings on the seed are exactly the 35 annotated spans and replacements."""
    gold = read_gold(read(SEED_GOLD))
    found = default.find(read(SEED))
    assert len(gold) == 35
    assert [(m.start, m.end, m.replacement) for m in found] == [(g.start, g.end, g.replacement) for g in gold]


def test_generalises_from_canonical_names_only(canonical_only: Normalizer) -> None:
    """With canonical names only, the seed's garbles of those entities are still fixed."""
    gold = read_gold(read(SEED_GOLD))
    canonicals = {
        "Khalifa Haftar",
        "Haftar",
        "Ras Lanuf",
        "Es Sider",
        "Sidi Barrani",
        "Vladimir Dzhabarov",
        "Islamist",
        "Libyan National Army",
    }
    wanted = [(g.start, g.end, g.replacement) for g in gold if g.replacement in canonicals]
    found = [(m.start, m.end, m.replacement) for m in canonical_only.find(read(SEED))]
    assert len(wanted) == 20
    assert found == wanted


@pytest.mark.parametrize(
    ("text", "fixed", "method"),
    [
        ("forces near RAS lanuf today", "forces near Ras Lanuf today", Method.EXACT),
        ("the Libyan national army said", "the Libyan National Army said", Method.EXACT),
        ("ports of es-sider and", "ports of Es Sider and", Method.EXACT),
        ("talks with Khalifa Haftarom in", "talks with Khalifa Haftar in", Method.GENERATED),
        ("troops of the Caliph Haftarot left", "troops of Khalifa Haftar left", Method.GENERATED),
        ("led by Khalifa the Haftar.", "led by Khalifa Haftar.", Method.GENERATED),
        ("drones near Sidi Barani were", "drones near Sidi Barrani were", Method.KEY),
        ("Vladimir dzhabarov said", "Vladimir Dzhabarov said", Method.EXACT),
    ],
)
def test_mechanisms_on_unlisted_garbles(
    canonical_only: Normalizer, text: str, fixed: str, method: Method
) -> None:
    """Each mechanism fixes a garble that no lexicon lists."""
    result = canonical_only.fix(text)
    assert result.text == fixed
    assert result.matches[0].method is method


def _declining() -> Normalizer:
    """A normalizer of three names whose source language (Russian) declines them."""
    return Normalizer(
        [
            lexicon(
                "source_languages: [ru]\nentries:\n"
                "  - {canonical: Fayez al-Sarraj, type: person, short: Sarraj}\n"
                "  - {canonical: Misrata, type: place}\n"
                "  - {canonical: Tobruk, type: place}\n"
            )
        ],
        default_lexicon=False,
    )


def test_case_endings_and_transliteration() -> None:
    """Russian case endings are recognised on plain and transliterated stems."""
    n = _declining()
    cases = {
        "met Sarraja in": "met Sarraj in",
        "met Saradzhem in": "met Sarraj in",
        "fighters from Misraty left": "fighters from Misrata left",
        "the parliament in Tobruke met": "the parliament in Tobruk met",
        "with Fayez Sarradzhem and": "with Fayez al-Sarraj and",
    }
    for text, fixed in cases.items():
        assert n.fix(text).text == fixed, text


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("in Tobruk\u2010om, they", "in Tobruk, they"),
        ("(Tobruk\u2011om)", "(Tobruk)"),
        ("Tobruk\u2010om", "Tobruk"),
        ("Tobruk-based firms", "Tobruk-based firms"),
        ("Tobruk -om", "Tobruk -om"),
    ],
)
def test_case_ending_after_a_hyphen(text: str, fixed: str) -> None:
    """A whole name, a hyphen, then a case ending: the name, with what stands around it kept."""
    assert _declining().fix(text).text == fixed


def test_english_suffixes_are_not_case_endings(default: Normalizer) -> None:
    """Islamists, Libyans, Egyptian: English forms are never stripped to a name."""
    text = "Islamists and Libyans met Egyptian and Russian officials; Libyan-Egyptian border."
    assert default.find(text) == ()


def test_calque_of_organisation(default: Normalizer) -> None:
    """A word-by-word calque of an organisation's name maps to it."""
    text = "The movement “Teams of defense Benghazi” and the Ministry of defense of Russia said."
    fixed = default.fix(text).text
    assert fixed == "The movement “Benghazi Defense Brigades” and the Russian Ministry of Defense said."


def test_correct_organisation_in_other_word_order_is_left(default: Normalizer) -> None:
    """A correct English phrasing with no calque signature is not rewritten."""
    assert default.find("The Russian defense ministry said on Monday.") == ()


def test_context_gating_of_real_words() -> None:
    """'Haftarah' is a word of Jewish liturgy: fixed only when the document is about Haftar."""
    n = Normalizer([DATA / "canonical_only.yaml"], default_lexicon=False)
    liturgy = "After the Torah reading, the Haftarah is chanted by a member of the congregation."
    assert n.find(liturgy) == ()
    libya = "Khalifa Haftar spoke. Since then the army under the leadership of the Haftarah attacked."
    assert (
        n.fix(libya).text
        == "Khalifa Haftar spoke. Since then the army under the leadership of Haftar attacked."
    )


def test_surname_only_mention_stays_surname_only(default: Normalizer) -> None:
    """A garbled surname alone is rendered as the surname alone."""
    text = "Khalifa Haftar arrived. Talks with the Haftarot failed."
    assert default.fix(text).text == "Khalifa Haftar arrived. Talks with Haftar failed."


def test_attributive_surname_keeps_article(default: Normalizer) -> None:
    """'the Sarraj government' is correct English; 'with the Sarraj.' is a spurious article."""
    assert default.find("Fayez al-Sarraj said the Sarraj government would stay.") == ()
    fixed = default.fix("Fayez al-Sarraj spoke. Moscow met with the Sarraj and Haftar.").text
    assert fixed == "Fayez al-Sarraj spoke. Moscow met with Sarraj and Haftar."


def test_case_sensitive_rule(default: Normalizer) -> None:
    """'Us officials' is fixed; 'let us officials' and 'US officials' are not."""
    assert default.fix("Us officials said so.").text == "US officials said so."
    assert default.find("He asked us officials for help. US officials agreed.") == ()


def test_phrase_rule(default: Normalizer) -> None:
    """The translator's-note artifact is replaced by a phrase rule."""
    fixed = default.fix("The government (in Tripoli — approx. lane) said")
    assert fixed.text == "The government (in Tripoli — translator's note) said"
    assert fixed.matches[0].method is Method.RULE and fixed.matches[0].entry == "translators-note-ru"


def test_headline_capitals_left_alone(default: Normalizer) -> None:
    """All-capitals text is a headline style, not a garble."""
    assert default.find("FIGHTING NEAR RAS LANUF AND SIRTE") == ()


def test_capitals_beside_a_name_are_re_cased_alone_left_as_written(default: Normalizer) -> None:
    """A name in capitals beside a name in running text is re-cased; one word in capitals alone is not.

    Alone, such a word reads as an acronym or a code far more often than as a name ("ANSI",
    "OS", "TIME": see ``Document.lone_capitals``), and a wrong edit costs more than a name
    left in capitals.
    """
    fixed = default.fix("Forces of Khalifa HAFTAR moved south.")
    assert fixed.text == "Forces of Khalifa Haftar moved south."
    assert default.fix("Forces from MISRATA moved south.").text == "Forces from MISRATA moved south."


def test_common_word_guard() -> None:
    """An ordinary word is never fuzzed, inflected or keyed into a name, even in context."""
    n = Normalizer(
        [
            lexicon(
                "context: [Libya]\nentries:\n"
                "  - {canonical: Salame, type: person}\n  - {canonical: Kobler, type: person}\n"
                "  - {canonical: Macron, type: person}\n  - {canonical: Leon, type: person}\n"
            )
        ],
        default_lexicon=False,
    )
    text = "In Libya, Salami, Cobbler, Goblet, Macros, Micron, Leona and Leonid met; a macron too."
    assert n.find(text) == ()


def test_fuzzy_one_edit_with_topic_evidence(default: Normalizer) -> None:
    """A one-edit misspelling of a long name is fixed when the text is on topic."""
    fixed = default.fix("In Libya, the Govrnment of National Accord met in Tripoli.")
    assert fixed.text == "In Libya, the Government of National Accord met in Tripoli."
    assert fixed.matches[0].method is Method.FUZZY


def test_ambiguous_fuzzy_is_left_alone() -> None:
    """A word one edit from two names is not guessed."""
    n = Normalizer(
        [
            lexicon(
                "context: [Libya]\nentries:\n  - {canonical: Tajoura, type: place}\n"
                "  - {canonical: Tajouri, type: place}\n"
            )
        ],
        default_lexicon=False,
    )
    assert n.find("In Libya, Tajourx fell.") == ()


def test_ordinary_english_text_is_unchanged(default: Normalizer) -> None:
    """Ordinary English prose, names of other places included, comes out unchanged."""
    text = read(DATA / "ordinary_english.txt")
    assert [m.text for m in default.find(text)] == []


def test_matches_carry_their_reason(default: Normalizer) -> None:
    """Every match says which entry, method, score and why."""
    for m in default.find(read(SEED)):
        assert m.entry and m.reason and 0 < m.score <= 100
        assert m.method in set(Method)


def test_apply_reproduces_fix(default: Normalizer) -> None:
    """Applying the reported edits to the input gives exactly what fix gives."""
    text = read(SEED)
    fixed = default.fix(text)
    assert apply(text, fixed.matches) == fixed.text


def test_exact_only_config() -> None:
    """With fuzzy and generated mechanisms off, only exact names, variants and rules apply."""
    n = Normalizer(config=Config(fuzzy=False, generate=False))
    text = "Caliph Haftarum met Suhotina officials near RAS lanuf."
    assert n.fix(text).text == "Caliph Haftarum met Zueitina officials near Ras Lanuf."


def test_normalizer_pickles(default: Normalizer) -> None:
    """A compiled Normalizer survives pickling and gives the same results."""
    import pickle

    clone = pickle.loads(pickle.dumps(default))
    assert clone.find(read(SEED)) == default.find(read(SEED))


def test_lexicon_objects_and_paths_mix(tmp_path: Path) -> None:
    """Lexicons can be given as paths and as objects together."""
    p = tmp_path / "x.yaml"
    p.write_text("entries:\n  - {canonical: Zintan, type: place, variants: [Zentan]}\n")
    n = Normalizer(
        [p, lexicon("entries:\n  - {canonical: Gharyan, variants: [Garian]}\n")], default_lexicon=False
    )
    assert n.fix("Zentan and Garian").text == "Zintan and Gharyan"


def test_variants_are_literals() -> None:
    """Regex metacharacters in a variant match themselves, and nothing else."""
    n = Normalizer(
        [
            lexicon(
                "entries:\n  - canonical: Joint Military Commission\n    variants: ['JMC (5+5)', J.M.C.]\n"
            )
        ],
        default_lexicon=False,
    )
    assert n.fix("The JMC (5+5) met; the J.M.C. too.").text == (
        "The Joint Military Commission met; the Joint Military Commission too."
    )
    assert n.find("The JMC (55) met; the JxMxCx too.") == ()


def test_junk_variants_of_ordinary_words_are_not_applied() -> None:
    """Gazetteer junk ("Rest", "the point", "go a") is never applied; a capitalised name is."""
    n = Normalizer(
        [
            lexicon(
                "entries:\n  - {canonical: Parkersburg, variants: [the point, Rest, The Bridge]}\n"
                "  - {canonical: Goya, variants: [go a]}\n"
                "  - {canonical: Volcano of Rage, variants: [Volcano of Anger], context: [Tripoli]}\n"
            )
        ],
        default_lexicon=False,
    )
    text = "To go a long way, the point is to rest. The Bridge fell. The Volcano of Anger began."
    assert n.find(text) == ()
    assert n.fix("Fighting in Tripoli: the Volcano of Anger began.").text == (
        "Fighting in Tripoli: the Volcano of Rage began."
    )


def test_variant_with_leading_punctuation() -> None:
    """A variant written with punctuation at its start matches the word, and only the word."""
    n = Normalizer([lexicon("entries:\n  - {canonical: Aden, variants: ['`Adan']}\n")], default_lexicon=False)
    assert n.fix("the port, Adan and the port `Adan").text == "the port, Aden and the port `Aden"


def test_sentence_capital_does_not_make_a_name() -> None:
    """'The valley' at a sentence start is two ordinary words, not 'The Valley' (Anguilla)."""
    n = Normalizer([lexicon("entries:\n  - {canonical: The Valley, type: place}\n")], default_lexicon=False)
    assert n.find("The valley was green. We saw the valley.") == ()
    assert n.fix("They flew to the Valley yesterday.").text == "They flew to The Valley yesterday."
