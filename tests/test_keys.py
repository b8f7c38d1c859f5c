"""Transliteration-invariant keys: spellings that must meet, and ones that must not."""

from __future__ import annotations

import unicodedata

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from normalize.keys import MAX_PLACED_CHARACTERS, fold, key, spaced_form, text_forms, word_key, words_form


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("es-sider", "Es Sider"),
        ("Sidi Barani", "Sidi Barrani"),
        ("Khaftar", "Haftar"),
        ("Dzhabarov", "Jabarov"),
        ("Dzhufra", "Jufra"),
        ("Misourata", "Misurata"),
        ("al-Sarraj", "el-Sarraj"),
        ("Qaddafi", "Gaddafi"),
        ("Kadhafi", "Gaddafi"),
        ("Ajdabiyah", "Ajdabiya"),
        ("Erdoğan", "Erdogan"),
        ("Vagner", "Wagner"),
        ("Maiteeg", "Maitiq"),
    ],
)
def test_spellings_share_a_key(a: str, b: str) -> None:
    """Transliteration variants of one name have one key."""
    assert key(a) == key(b)


@pytest.mark.parametrize(("a", "b"), [("Tobruk", "Tripoli"), ("Sirte", "Sabha"), ("Derna", "Dernah al")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    """Keys do not collapse different names."""
    assert key(a) != key(b)


def test_article_dropped_only_before_another_word() -> None:
    """An article word is dropped only when a name word follows it."""
    assert key("as-Sidr") == "sidr"
    assert key("As") == "as"


def test_words_form_keeps_length() -> None:
    """The search form has the text's length, so offsets carry over (İ included)."""
    for text in ["İstanbul — Ras-Lanuf\u2019s", "ß and ﬁ", "a\u0301b"]:
        assert len(words_form(text)) == len(text)


_AWKWARD = "\u0130-_'\u2019 \u2014.,\u00e9a\u0301Z9\u0660"  # İ, quotes, dashes, a mark, an Arabic digit


@given(st.text(st.characters(codec="utf-8") | st.sampled_from(_AWKWARD)))
def test_words_form_spaces_exactly_the_non_word_characters(text: str) -> None:
    """Every character that is no letter, mark or number becomes a space; the rest is lowercased."""
    low = text.lower() if len(text.lower()) == len(text) else text.replace("İ", "i").lower()
    assert words_form(text) == regex.sub(r"[^\p{L}\p{M}\p{N}]", " ", low)


_CAPITALS_BEYOND_ASCII = "".join(chr(c) for c in range(0xC0, 0x17F) if chr(c).isupper())


@given(
    st.text(
        st.characters(codec="utf-8")
        | st.sampled_from(_AWKWARD + "\u03a3\u03c3\u00a0\u201c\u2160\u24b6\u01c5")
        | st.sampled_from(_CAPITALS_BEYOND_ASCII)
        | st.sampled_from("aZ .-")
    )
)
def test_text_forms_are_the_spaced_and_words_forms(text: str) -> None:
    """Both forms of a document, made together, are exactly the forms made one by one."""
    assert text_forms(text) == (spaced_form(text), words_form(text))


@pytest.mark.parametrize(
    "text",
    [
        "\u03a3\u0391\u03a3 \u03a3\u03b1\u03c2",  # capital sigma lowers by its context: "σας"
        "\ud800x\udc00 \u2019\u0130",  # lone surrogates (spaced) beside ASCII
        "".join(_CAPITALS_BEYOND_ASCII[: MAX_PLACED_CHARACTERS + 1]) + " Zz",  # more than are placed
        "plain ASCII, Capitals-and 'quotes'",
    ],
)
def test_text_forms_of_awkward_texts(text: str) -> None:
    """The forms hold on the texts each of their paths is for."""
    assert text_forms(text) == (spaced_form(text), words_form(text))


def test_fold_strips_diacritics() -> None:
    """Folding casefolds and removes combining marks."""
    assert fold("Salamé") == "salame"


def _word_key_spelled_out(word: str) -> str:
    """word_key as its docstring and tables define it, every step applied unconditionally."""
    from normalize import keys

    w = str(keys._MARKS.sub("", unicodedata.normalize("NFKD", keys._DROP_RE.sub("", word)))).casefold()
    for a, b in keys._CLASSES:
        w = w.replace(a, b)
    return str(keys._DOUBLE_RE.sub(r"\1", keys._FINAL_H_RE.sub("", w)))


_KEY_LETTERS = list("abdehkosyzAHKİßẞ'`.-\u0131\u2019\u02bc\u0301\u0308éğ\u0445\u043b\u03c3\u03c2")


@given(st.text(alphabet=st.sampled_from(_KEY_LETTERS), max_size=12))
def test_word_key_shortcuts_change_nothing(word: str) -> None:
    """The fast paths (ASCII fold, no apostrophe, no h, no repeated character) give the full result."""
    assert word_key(word) == _word_key_spelled_out(word)
    assert fold(word) == str(regex.sub(r"\p{M}+", "", unicodedata.normalize("NFKD", word))).casefold()
