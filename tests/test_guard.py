"""The common-word guard: ordinary words are never turned into names, even on topic."""

from __future__ import annotations

from wordfreq import top_n_list, zipf_frequency

from normalize import Normalizer
from normalize.keys import surface_form


def lexicon_surfaces(n: Normalizer) -> set[str]:
    out = set()
    for e in n.index.entries:
        for s in (e.canonical, e.short, *e.accepted, *(v.text for v in e.variants)):
            out.update(surface_form(w) for w in s.split())
    return out


def test_ordinary_words_never_become_names(default: Normalizer) -> None:
    """The 30,000 commonest English words, lower and title case, in a Libya text: no finding.

    Words that are themselves a lexicon name or variant ("Tripoli", "Sirt") are left out;
    everything else is an ordinary word that no mechanism may claim.
    """
    assert common_word_findings(default) == []


def common_word_findings(n: Normalizer) -> list[str]:
    """Return what ``n`` finds among the 30,000 commonest English words (not its names) in a Libya text."""
    names = lexicon_surfaces(n)
    words = [
        w
        for w in top_n_list("en", 30_000)
        if w.isalpha() and w not in names and zipf_frequency(w, "en") >= n.config.ordinary_zipf
    ]
    assert len(words) > 20_000
    found = []
    for style in (str.lower, str.capitalize):
        for i in range(0, len(words), 300):
            text = "In Libya, Benghazi and Tripoli, " + " ".join(style(w) for w in words[i : i + 300]) + "."
            found.extend(m.text for m in n.find(text))
    return found
