"""Generalisation measured: garbles of every default-lexicon name map back to their entry."""

from __future__ import annotations

from collections import Counter

from normalize import Normalizer
from normalize.garble import MECHANISMS, garbles
from normalize.keys import surface_form

CARRIER = "In Libya, officials said that {} was mentioned on Tuesday."


def test_garbles_map_back(default: Normalizer) -> None:
    """At least 95% of generated garbles are fixed to the right name and nothing else changes."""
    entries = default.index.entries
    # variants are matched case-insensitively, so a garble equal to one in letters is
    # a test of the listing, not of the mechanisms; a re-cased canonical is a casing test
    variants = {surface_form(v.text) for e in entries for v in e.variants}
    exact = {s for e in entries for s in (e.canonical, e.short, *e.accepted)}
    ok: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for g in garbles(entries, seed=1):
        if surface_form(g.text) in variants or g.text in exact:
            continue
        total[g.mechanism] += 1
        fixed = default.fix(CARRIER.format(g.text))
        if fixed.text == CARRIER.format(g.expected) and {m.entry for m in fixed.matches} == {g.entry}:
            ok[g.mechanism] += 1
    print()
    for name in sorted(total):
        print(f"  {name:12} {ok[name]:4}/{total[name]:<4} {ok[name] / total[name]:.1%}")
    rate = sum(ok.values()) / sum(total.values())
    print(f"  {'all':12} {sum(ok.values()):4}/{sum(total.values()):<4} {rate:.1%}")
    assert set(total) == set(MECHANISMS)
    assert rate >= 0.95


def test_generator_is_deterministic(default: Normalizer) -> None:
    """The same seed gives the same garbles."""
    entries = default.index.entries[:20]
    assert list(garbles(entries, seed=3)) == list(garbles(entries, seed=3))
