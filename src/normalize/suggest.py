"""Suggest lexicon additions from text: the name-like spans the engine left alone.

The maintainer's loop (after OpenRefine's key clustering and JRC-Names' variant
harvesting): run the engine over a corpus, collect the capitalised spans that no entry
claimed, cluster them by the engine's own keys with case endings stripped
(:func:`normalize.keys.key`, :func:`normalize.variants.ending_kind`), and propose each
cluster either as variants of the known entry whose key is nearest (rapidfuzz ratio on
keys, with the mechanism that nearly matched) or as a new entry. The proposals are a YAML
patch a person edits and then applies with ``normalize lexicon add --from-suggest``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .engine import Normalizer
from .keys import WORD, fold, key, split_words, surface_form, word_key
from .lexicon import ORDINARY_ZIPF, common_words
from .model import EntryType
from .variants import ENDINGS, ending_kind
from .wordfreqs import zipf

#: Lowercase words that may sit inside a name ("Saif al Islam", "Bab el Aziziya").
CONNECTORS = frozenset(
    [
        "al",
        "el",
        "bin",
        "ibn",
        "abu",
        "bint",
        "ben",
        "ul",
        "de",
        "del",
        "della",
        "da",
        "di",
        "do",
        "dos",
        "das",
        "du",
        "des",
        "la",
        "las",
        "los",
        "le",
        "les",
        "y",
        "ya",
        "e",
        "upon",
        "van",
        "von",
    ]
)
#: A proposal for a known entry needs at least this score: the mean of the keys' rapidfuzz ratio
#: and the OSA similarity of the folded letters.
MIN_SCORE = 80.0
#: Two entries whose scores are this close are a tie the reviewer settles.
TIE = 2.0
#: Example lines kept per proposal.
EXAMPLES = 3
_GAP = regex.compile(r"[ \t]+|[ \t]*-[ \t]*")


@dataclass(frozen=True, slots=True)
class Span:
    """A name-like span of text no lexicon entry claimed."""

    path: str
    line: int
    text: str
    context: str


@dataclass(slots=True)
class Proposal:
    """A cluster of unclaimed spans, proposed as variants of ``entry`` or (``entry`` None) a new entry."""

    text: str
    """The most frequent spelling in the cluster."""
    key: str
    entry: str | None
    canonical: str
    score: float
    mechanism: str
    count: int
    forms: dict[str, int] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    lexicon: str | None = None
    """The file that defines ``entry`` (the one to apply the proposal to)."""

    @property
    def variants(self) -> list[str]:
        """Return the cluster's spellings that differ from the proposed canonical."""
        canon = surface_form(self.canonical)
        return [f for f in self.forms if surface_form(f) != canon]

    def as_dict(self) -> dict[str, object]:
        """Return the JSON form: ``text``, ``entry``, ``score``, ``count``, ``examples`` and more."""
        return {
            "text": self.text,
            "entry": self.entry,
            "canonical": self.canonical,
            "lexicon": self.lexicon,
            "variants": self.variants,
            "score": round(self.score, 1),
            "mechanism": self.mechanism,
            "count": self.count,
            "forms": self.forms,
            "key": self.key,
            "examples": self.examples,
        }

    def as_patch(self) -> dict[str, object]:
        """Return the YAML patch form that ``lexicon add --from-suggest`` reads."""
        d: dict[str, object] = {"entry": self.entry, "canonical": self.canonical, "variants": self.variants}
        if self.lexicon:
            d["lexicon"] = self.lexicon
        d.update(
            score=round(self.score, 1), mechanism=self.mechanism, count=self.count, examples=self.examples
        )
        return d


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or (
        "-" in word and word.split("-", 1)[0].lower() in CONNECTORS and word.split("-", 1)[1][:1].isupper()
    )


def name_spans(text: str, covered: Sequence[tuple[int, int]], language: str = "en") -> list[tuple[int, int]]:
    """Return (start, end) of the capitalised word runs in ``text`` that touch no covered span.

    Runs may hold connectors (``al``, ``bin``) and hyphens between capitalised words;
    leading ordinary words ("The", "However") are dropped, and a run made only of
    ordinary words is not a name.
    """
    taken = bytearray(len(text) + 1)
    for s, e in covered:
        taken[s:e] = b"\1" * (e - s)
    runs: list[list[regex.Match[str]]] = []
    run: list[regex.Match[str]] = []
    pending: list[regex.Match[str]] = []
    prev_end = -1
    for m in WORD.finditer(text):
        w = m.group()
        joined = prev_end >= 0 and _GAP.fullmatch(text[prev_end : m.start()]) is not None
        if any(taken[m.start() : m.end()]):
            w = ""
        if w and _capitalised(w) and (joined or not run):
            if pending and not joined:
                pending = []
            run.extend(pending)
            pending = []
            run.append(m)
        elif w and run and joined and w.lower() in CONNECTORS:
            pending.append(m)
        else:
            if run:
                runs.append(run)
            run, pending = [], []
            if w and _capitalised(w):
                run = [m]
        prev_end = m.end()
    if run:
        runs.append(run)
    out = []
    for r in runs:
        # a capital that only starts the sentence does not make an ordinary word a name
        # ("However", "The"); inside a sentence it does ("Ras Lanof", "Green Mountain")
        while r and frequent(r[0].group(), language) and (_sentence_start(text, r[0].start()) or len(r) == 1):
            r = r[1:]
        if not r:
            continue
        start, end = r[0].start(), r[-1].end()
        if not common_words(text[start:end], language) and not _touches(text, taken, start, end):
            out.append((start, end))
    return out


def frequent(word: str, language: str) -> bool:
    """Return True for a frequent word, whatever its casing ("However", and names such as "Monday").

    A frequent word alone, or starting a sentence, is no name the lexicon is missing: the
    guard's case-aware :func:`normalize.ordinary.is_ordinary` would keep "Monday" as a name.
    """
    return zipf(word, language) >= ORDINARY_ZIPF


def _sentence_start(text: str, pos: int) -> bool:
    """Return True when only spaces, quotes or brackets separate ``pos`` from a sentence's start."""
    before = text[:pos].rstrip(" \t\"'\u201c\u2018\u00ab([")
    return not before or before[-1] in ".!?\n:;"


def _touches(text: str, taken: bytearray, start: int, end: int) -> bool:
    """Return True when a claimed span sits right before or after (the rest of a name the engine took)."""
    before = len(text[:start]) - len(text[:start].rstrip(" -"))
    after = len(text[end:]) - len(text[end:].lstrip(" -"))
    return (0 < before <= 2 and bool(taken[start - before - 1])) or (
        0 < after <= 2 and bool(taken[end + after])
    )


def cluster_key(text: str, languages: Iterable[str] = ("ru",)) -> tuple[str, str]:
    """Return (the key of ``text`` with a case ending stripped from its last word, the ending).

    The ending is stripped only when at least four letters remain, as the engine's
    generated variants do; ``("", "")`` for a text with no word.
    """
    words = split_words(text)
    if not words:
        return "", ""
    last = fold(words[-1])
    ending = ""
    langs = tuple(languages)
    for size in (3, 2, 1):
        tail = last[-size:]
        if len(last) - size >= 4 and ending_kind(tail, langs) == "ending":
            ending, last = tail, last[:-size]
            break
    head = key(" ".join(words[:-1])) if len(words) > 1 else ""
    return " ".join(k for k in (head, word_key(last)) if k), ending


@dataclass(frozen=True, slots=True)
class _Near:
    """A known form near a cluster: how near (keys and letters), and whose it is."""

    score: float
    canonical_form: bool
    entry: str
    canonical: str
    mechanism: str


class _Names:
    """The keys of every known form (canonical, variants, accepted, a person's surname) and their owners."""

    def __init__(self, normalizer: Normalizer) -> None:
        table: dict[str, list[tuple[str, str, str]]] = {}
        self.files = {e.id: e.origin.rpartition(":")[0] for e in normalizer.lexicon.entries}
        for e in normalizer.lexicon.entries:
            forms = [e.canonical, *(v.text for v in e.variants), *e.accepted]
            if e.type is EntryType.PERSON:
                forms += [f for f in (e.short, e.surname) if f]
            for f in dict.fromkeys(forms):
                k = key(f)
                if k:
                    table.setdefault(k, []).append((e.id, e.canonical, f))
        self.table = table
        self.keys = sorted(table)

    def near(self, k: str, written: str, ending: str, limit: int = 5) -> list[_Near]:
        """Return the known forms nearest to key ``k`` of ``written``, best first, one per entry.

        The score is the mean of the rapidfuzz ratio of the keys and the OSA similarity of
        the folded letters (with the stripped ending dropped): the key forgives
        transliteration, the letters tell apart two names one edit away from the same key.
        """
        if not k or not self.keys:
            return []
        hits = [(k, 100.0)] if k in self.table else []
        hits += [(c, float(r)) for c, r, _ in process.extract(k, self.keys, scorer=fuzz.ratio, limit=limit)]
        letters = fold(written)[: len(fold(written)) - len(ending)] if ending else fold(written)
        best: dict[str, _Near] = {}
        for near_key, ratio in hits:
            for entry, canonical, form in self.table[near_key]:
                osa = 100.0 * OSA.normalized_similarity(letters, fold(form))
                score = (ratio + osa) / 2
                how = f"ending -{ending} stripped, " if ending else ""
                what = "same key" if ratio == 100.0 else f"keys {k!r} ~ {near_key!r} (ratio {ratio:.0f})"
                near = _Near(
                    score, form == canonical, entry, canonical, f"{how}{what}, letters {osa:.0f} to {form!r}"
                )
                if entry not in best or (near.score, near.canonical_form) > (
                    best[entry].score,
                    best[entry].canonical_form,
                ):
                    best[entry] = near
        return sorted(best.values(), key=lambda n: (-n.score, not n.canonical_form, n.entry))


def collect(docs: Iterable[tuple[str, str]], normalizer: Normalizer, *, language: str = "en") -> list[Span]:
    """Return the unclaimed name-like spans of ``(path, text)`` documents, with their lines."""
    out = []
    for path, text in docs:
        covered = [(m.start, m.end) for m in normalizer.mentions(text)]
        for s, e in name_spans(text, covered, language):
            line_no = text.count("\n", 0, s) + 1
            ls = text.rfind("\n", 0, s) + 1
            le = text.find("\n", e)
            line = text[ls : le if le >= 0 else len(text)]
            a, b = max(0, s - ls - 60), min(len(line), e - ls + 60)
            snippet = ("..." if a else "") + line[a:b].strip() + ("..." if b < len(line) else "")
            out.append(Span(path, line_no, text[s:e], snippet))
    return out


def propose(
    spans: Iterable[Span],
    normalizer: Normalizer,
    *,
    min_score: float = MIN_SCORE,
    min_count: int = 1,
    languages: Iterable[str] = (),
) -> list[Proposal]:
    """Cluster spans by key (endings stripped) and propose each cluster; most frequent first."""
    langs = (
        tuple(languages)
        or tuple(
            sorted(
                {lang for e in normalizer.lexicon.entries for lang in e.source_languages if ENDINGS.get(lang)}
            )
        )
        or ("ru",)
    )
    clusters: dict[str, list[Span]] = {}
    endings: dict[str, Counter[str]] = {}
    for sp in spans:
        k, ending = cluster_key(sp.text, langs)
        if k:
            clusters.setdefault(k, []).append(sp)
            endings.setdefault(k, Counter())[ending] += 1
    names = _Names(normalizer)
    out = []
    for k, members in clusters.items():
        if len(members) < min_count:
            continue
        forms = Counter(sp.text for sp in members)
        text = min(forms, key=lambda f: (-forms[f], f))
        # the stripped key, and the whole key of each spelling
        tries = [(k, text, endings[k].most_common(1)[0][0])] + [(key(f), f, "") for f in sorted(forms)]
        ranked: dict[str, _Near] = {}
        for ck, written, ending in tries:
            for near in names.near(ck, written, ending):
                if near.entry not in ranked or near.score > ranked[near.entry].score:
                    ranked[near.entry] = near
        order = sorted(ranked.values(), key=lambda n: (-n.score, not n.canonical_form, n.entry))
        top = order[0] if order else None
        runner = order[1] if len(order) > 1 else None
        entry = canonical = None
        score = top.score if top else 0.0
        mechanism = top.mechanism if top else ""
        if top and score >= min_score:
            tied = (
                runner is not None
                and runner.score >= score - TIE
                and runner.canonical_form >= top.canonical_form
            )
            if tied and runner is not None:
                mechanism += f"; {runner.entry} ({runner.canonical}) is as near: left to the reviewer"
            else:
                entry, canonical = top.entry, top.canonical
        examples = list(dict.fromkeys(f"{sp.path}:{sp.line}: {sp.context}" for sp in members))[:EXAMPLES]
        out.append(
            Proposal(
                text,
                k,
                entry,
                canonical or text,
                score,
                mechanism
                if entry
                else f"new name (nearest: {top.entry + ', ' + mechanism if top else 'none'})",
                len(members),
                dict(sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))),
                examples,
                names.files.get(entry) if entry else None,
            )
        )
    out.sort(key=lambda p: (-p.count, p.entry is None, p.text))
    return out
