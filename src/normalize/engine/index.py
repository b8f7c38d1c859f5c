"""The compiled index: the lexicon's surfaces, one automaton, and each mechanism's table.

Building runs once per lexicon set (and is cached, see :mod:`normalize.cache`):

1. every entry's *surfaces* are listed once (:func:`entry_surfaces`): its canonical
   name, accepted spellings, listed variants and surname-only forms, each with the role
   it renders as and what the guard allows it (applied as listed, keyed, fuzzed, inflected);
2. the shared key table maps transliteration keys to (entry, role);
3. each mechanism of the registry compiles its own table, and files the surfaces it
   wants found in the text with the automaton builder under its own name (for a large
   lexicon, the costliest table that files none is compiled in a child process, forked
   once the surfaces are listed, while steps 2 to 4 go on: see :mod:`normalize.aside`);
4. the one Aho-Corasick automaton is built over all of them. Keys are padded with spaces
   so every hit is word-aligned; no loop over entries ever runs per text.

An :class:`Index` is stored flat (:meth:`Index.to_flat`, for the cache and for worker
processes, which it pickles as): no object graph, tables decoded on first use.
"""

from __future__ import annotations

import marshal
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from enum import IntEnum
from typing import Any, cast

import daachorse

from ..aside import Aside
from ..gcpause import gc_paused
from ..keys import fold, key, romanisations, split_words, words_form
from ..lexicon import Lexicon
from ..model import Entry, EntryType, Rule
from ..ordinary import guard_facts, is_ordinary
from ..source_names import derived_forms
from ..variants import ENDINGS
from ..wordfreqs import common_words, zipf
from .candidate import Role
from .flat import HITS_DECODED_MAX, Decoder, Encoder, FlatFile, LazySeq, split

#: Automaton channel of context words (read by the evidence model, not by a mechanism).
CONTEXT_CHANNEL = "context"
#: Mechanisms whose tables are compiled beside the rest, in a child process forked as soon as
#: the surfaces are listed: the costliest of those that file no surface in the automaton and
#: read nothing but the surfaces. ``fuzzy`` is built in the process: handing its table back
#: (pickled, sent, unpickled) takes about as long as building it.
_ASIDE = frozenset({"phonetic"})
#: Entries from which that is done in a child process (below, forking costs more than it saves).
ASIDE_MIN_ENTRIES = 5000


#: One key of the hit table: its length, whether it ends a word (not a stem prefix), the
#: context-word ids it carries, and its payloads grouped by channel.
HitEntry = tuple[int, bool, tuple[int, ...], tuple[tuple[str, tuple[tuple[object, ...], ...]], ...]]
#: The payloads of one cased-only word, grouped by channel (see :meth:`AutomatonBuilder.add`).
CasedEntry = tuple[tuple[str, tuple[tuple[object, ...], ...]], ...]


def plain(role: Role) -> Role:
    """Return ``role`` as its int (equal, hashing alike): a table holding it is stored flat as it is."""
    return cast(Role, int(role))


def padded(surface: str) -> str:
    """Return the automaton key of a whole-word surface.

    Punctuation at the start is dropped ("`Adan" is keyed as "adan"); inside and at the
    end it stays a space each, as in the searched text ("approx. lane" -> "approx  lane",
    "J.M.C." -> "j m c "), so the match takes it in.
    """
    return f" {words_form(surface).lstrip()} "


def acronym(surface: str) -> bool:
    """Return True for an all-capitals surface ("GNA", "OON"): matched only as listed."""
    return len(surface) > 1 and surface.isupper()


class Kind(IntEnum):
    """Where a surface comes from in its entry."""

    CANONICAL = 0
    ACCEPTED = 1
    VARIANT = 2
    SHORT = 3
    """A person's surname-only mention (its short form, or the surname when the same name)."""
    DERIVED = 4
    """A form derived from the entry's source-language names (a romanisation, an acronym)."""


@dataclass(frozen=True, slots=True)
class Surface:
    """One written form of an entry, with what the mechanisms may do with it.

    ``listed`` surfaces are found as written (exact); ``keyed`` ones go in the key table;
    ``inflected`` ones take case endings and are fuzzed as single words; ``fuzzed`` ones
    of several words are fuzzed whole. ``variant`` is the index in ``Entry.variants``.
    """

    text: str
    entry: int
    role: Role
    kind: Kind
    variant: int = -1
    listed: bool = True
    keyed: bool = True
    fuzzed: bool = False
    inflected: bool = False
    case_sensitive: bool = False
    needs_context: bool = False
    common: bool = False
    """Made of ordinary words: held back unless the document names the entry."""
    ordinary: bool = False
    """A one-word name that is an ordinary word ("Reading", "Nice", "Of"): a weak mention."""
    capitalised: bool = False
    """A variant English writes capitalised ("Kiev", "Rome"): applied only where written so."""

    def __reduce__(self) -> tuple[type[Surface], tuple[object, ...]]:
        # positional reconstruction: the cached index holds one Surface per name form, and
        # this unpickles several times faster than a slotted dataclass's field-by-field state
        return (Surface, tuple(getattr(self, f) for f in _SURFACE_FIELDS))


_SURFACE_FIELDS = tuple(f.name for f in fields(Surface))


def entry_surfaces(i: int, e: Entry, language: str) -> list[Surface]:
    """Return the surfaces of entry ``i``, each with the guard's verdict on it.

    The guard: a listed variant that reads as ordinary words ("Rest", "the point") is
    held back unless marked ``context: true`` or ``guard: false``; a capitalised phrase
    of common words ("Volcano of Anger") applies only with the entry's context words. A
    variant English writes capitalised ("Kiev", but also gazetteer junk such as "rome" for
    Lomé) applies only where the text writes it with a capital; a frequent one (a famous
    name: "Kiev", but also "Egypt" listed for Goodyear, Arizona) needs the document to name
    the entry too, and is never keyed, fuzzed or inflected.
    ``guard: false`` lifts all of this.
    Only surfaces that are clearly names are keyed, fuzzed or inflected.
    """
    person = e.type is EntryType.PERSON
    multi = len(split_words(e.canonical)) > 1
    ordinary = not multi and is_ordinary(e.canonical, language)
    out = [
        Surface(
            e.canonical,
            i,
            Role.FULL,
            Kind.CANONICAL,
            fuzzed=True,
            inflected=not (person and multi),
            ordinary=ordinary,
        )
    ]
    out.extend(Surface(a, i, Role.FULL, Kind.ACCEPTED) for a in e.accepted)
    for j, v in enumerate(e.variants):
        role = Role.SHORT if person and multi and len(split_words(v.text)) == 1 else Role.FULL
        if not v.guard:
            plain = not v.case_sensitive and not v.context
            out.append(
                Surface(
                    v.text,
                    i,
                    role,
                    Kind.VARIANT,
                    j,
                    keyed=plain,
                    case_sensitive=v.case_sensitive,
                    needs_context=v.context,
                )
            )
            continue
        facts = guard_facts(v.text, language)
        ordinary_word = facts.ordinary_phrase
        common = ordinary_word or facts.common_words
        famous = not common and facts.famous_name
        capitalised = not common and facts.written_capitalised
        plain = not v.case_sensitive and not v.context and not common and not famous
        out.append(
            Surface(
                v.text,
                i,
                role,
                Kind.VARIANT,
                j,
                listed=v.context or not ordinary_word,
                keyed=plain,
                fuzzed=plain,
                inflected=plain,
                case_sensitive=v.case_sensitive or ordinary_word,
                needs_context=v.context or common or famous,
                common=common,
                capitalised=capitalised,
            )
        )
    if e.names:
        out.extend(derived_surfaces(i, e, language, {fold(s.text) for s in out}))
    if person:
        # the short form is how a surname-only mention reads; the surname counts as one
        # too when it is the same name ("al-Sarraj" / "Sarraj")
        mentions = {e.short}
        if split_words(e.surname)[-1].lower() == split_words(e.short)[-1].lower():
            mentions.add(e.surname)
        out.extend(
            Surface(
                m,
                i,
                Role.SHORT,
                Kind.SHORT,
                inflected=True,
                ordinary=len(split_words(m)) == 1 and is_ordinary(m, language),
            )
            for m in sorted(mentions)
        )
    return out


def derived_surfaces(i: int, e: Entry, language: str, known: set[str]) -> list[Surface]:
    """Return the surfaces derived from entry ``i``'s source-language names, under the guard.

    A romanisation is a variant nobody listed: one that reads as ordinary words is dropped,
    one whose words wordfreq knows needs the document to name the entry; the rest are
    keyed and take case endings. An acronym (not a person's) is matched only as written, as a listed one is.
    """
    out = []
    for text, is_acronym in derived_forms(e.names, e.type is EntryType.PERSON):
        if is_acronym and e.type is EntryType.PERSON:
            continue  # a person's initials are no name of theirs
        if fold(text) in known:
            continue
        facts = guard_facts(text, language)
        if facts.ordinary_phrase:
            continue
        common = facts.common_words
        famous = not common and facts.famous_name
        # a guess, not a listing: a spelling whose words wordfreq knows at all ("Huston",
        # "Manger") needs the document to name the entry, where a listed one would not
        familiar = all(zipf(w, language) > 0 for w in split_words(text))
        plain = not common and not famous and not is_acronym
        whole = e.type is not EntryType.PERSON or len(split_words(text)) == 1  # as the canonical
        out.append(
            Surface(
                text,
                i,
                Role.FULL,
                Kind.DERIVED,
                keyed=plain,
                inflected=plain and whole,
                case_sensitive=is_acronym,
                needs_context=common or famous or familiar,
                common=common,
                capitalised=not common and facts.written_capitalised,
            )
        )
    return out


class Automaton:
    """The one Aho-Corasick automaton (daachorse's compact double array), keys numbered in order.

    It is stored in the cache as daachorse's own serialisation, which loads in milliseconds.
    """

    __slots__ = ("_pma", "_size")

    def __init__(self, pma: daachorse.CharwiseDoubleArrayAhoCorasick | None, size: int) -> None:
        self._pma = pma
        self._size = size

    @classmethod
    def of(cls, keys: list[str], sample: Sequence[str] = ()) -> Automaton:
        """Return the automaton of ``keys`` (distinct); a hit's value is the key's position.

        ``sample`` holds words like those of the text to be searched (the language's
        commonest words): daachorse searches them, joined by spaces, and lays its states out
        for the transitions taken most, so that a search touches less memory. The hits are
        the same with any sample or none; over one MB of news on the GeoNames lexicon, a
        search took 13.8 instead of 16.4 ms.
        """
        if not keys:
            return cls(None, 0)
        corpus = [f" {' '.join(sample)} "] if sample else None
        return cls(daachorse.CharwiseDoubleArrayAhoCorasick(keys, corpus=corpus), len(keys))

    def __len__(self) -> int:
        return self._size

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """Return (start, end, key number) of every key in ``text``, by end, the longer first."""
        return self._pma.find_overlapping(text) if self._pma is not None else []

    def exists(self, key: str) -> bool:
        """Return True when ``key`` is one of the keys."""
        return any(s == 0 and e == len(key) for s, e, _ in self.find(key))

    def to_bytes(self) -> bytes:
        """Return the automaton as bytes (see :meth:`from_bytes`)."""
        return self._pma.serialize() if self._pma is not None else b""

    @classmethod
    def from_bytes(cls, data: bytes, size: int) -> Automaton:
        """Return the automaton :meth:`to_bytes` wrote."""
        return cls(daachorse.CharwiseDoubleArrayAhoCorasick.deserialize(data) if size else None, size)


class AutomatonBuilder:
    """Collects (surface, channel, payload) triples, then builds the one automaton.

    A mechanism files surfaces under its own channel (its registry name); a hit hands
    the mechanism back its payload. ``prefix=True`` files a key without the closing
    space, so it also matches at the start of a longer word (stems for case endings).
    """

    def __init__(self) -> None:
        self._payloads: dict[str, set[tuple[str, tuple[object, ...]]]] = {}
        self._cased: set[tuple[str, str, tuple[object, ...]]] = set()

    def add(
        self,
        surface: str,
        channel: str,
        payload: tuple[object, ...],
        *,
        prefix: bool = False,
        cased: bool = False,
    ) -> None:
        """File ``surface`` under ``channel`` with ``payload``.

        ``cased=True``: the mechanism drops every hit written all in lowercase (a name
        that is an ordinary word: "of" is no mention of Of, Turkey). A one-word key is then
        looked up only where the text writes the word with a capital, not on every "of".
        """
        k = padded(surface)
        if prefix:
            k = k[:-1]
        if k.strip():
            self._payloads.setdefault(k, set()).add((channel, payload))
            if cased and not prefix:
                self._cased.add((k, channel, payload))

    def _split_cased(self) -> dict[str, CasedEntry]:
        """Move the cased-only payloads out of the automaton's keys; return them by word.

        Only a key of one all-lowercase word of letters whose payloads in a channel are all
        cased moves (so a channel's hits at one span never come from two places, and their
        order stays the automaton's); the rest stay where they are.
        """
        by_key: dict[str, dict[str, list[tuple[object, ...]]]] = {}
        for k, channel, payload in self._cased:
            by_key.setdefault(k, {}).setdefault(channel, []).append(payload)
        out: dict[str, CasedEntry] = {}
        for k, channels in by_key.items():
            word = k[1:-1]
            if not (word.isalpha() and word.islower()):
                continue
            groups = []
            ps = self._payloads[k]
            for channel in sorted(channels):
                mine = {(channel, p) for p in channels[channel]}
                if mine == {x for x in ps if x[0] == channel}:
                    ps -= mine
                    groups.append((channel, tuple(p for _, p in sorted(mine, key=repr))))
            if groups:
                out[word] = tuple(groups)
            if not ps:
                del self._payloads[k]
        return out

    def build(
        self, sample: Sequence[str] = ()
    ) -> tuple[Automaton, tuple[HitEntry, ...], dict[str, CasedEntry]]:
        """Return the automaton (values: indexes into the table), the hit table and the cased words.

        ``sample``: words like those of the text to be searched (see :meth:`Automaton.of`).

        For each key the table holds its length, whether it ends a word (not a prefix), the
        context-word ids it carries, and its payloads grouped by channel, in a fixed order,
        so the result does not depend on the order surfaces were added in and a hit costs
        the document no per-payload dispatch. The cased words map a lowercase word to its
        cased-only payloads by channel (see :meth:`add`).
        """
        cased = self._split_cased()
        keys = sorted(self._payloads)
        table: list[HitEntry] = []
        for k in keys:
            ps = self._payloads[k]
            context: list[int] = []
            groups: dict[str, list[tuple[object, ...]]] = {}
            for channel, payload in sorted(ps, key=repr) if len(ps) > 1 else ps:  # most keys have one
                if channel == CONTEXT_CHANNEL:
                    context.append(int(payload[0]))  # type: ignore[call-overload]
                else:
                    groups.setdefault(channel, []).append(payload)
            entry = (
                len(k),
                k.endswith(" "),
                tuple(sorted(context)),
                tuple((c, tuple(v)) for c, v in groups.items()),
            )
            table.append(entry)
        return Automaton.of(keys, sample), tuple(table), cased


class Index:
    """Compiled lookups for one lexicon set; see the module docstring."""

    __slots__ = (
        "_flat_lexicon",
        "_flat_source",
        "_key_memo",
        "_lexicon",
        "automaton",
        "canonicals",
        "cased",
        "context_of",
        "domain_of",
        "domain_size",
        "endings",
        "entries",
        "hits",
        "ids",
        "key_table",
        "language",
        "name_words",
        "names_context",
        "persons",
        "rules",
        "shorts",
        "source_languages",
        "surfaces",
        "tables",
        "topic_of",
        "types",
    )

    def __init__(self, lexicon: Lexicon) -> None:
        with gc_paused():  # hundreds of thousands of objects and no cycles: see gcpause
            self._key_memo: dict[str, str] | None = {}
            try:
                self._build(lexicon)
            finally:
                self._key_memo = None

    def name_key(self, text: str) -> str:
        """Return :func:`~normalize.keys.key` of ``text``, memoised while the index is built.

        A gazetteer repeats names across entries, surfaces and mechanisms: each distinct
        one is keyed once per build (``key``'s own bounded cache is far smaller than a
        gazetteer). After the build this is ``key`` itself.
        """
        memo = self._key_memo
        if memo is None:
            return key(text)
        k = memo.get(text)
        if k is None:
            k = memo[text] = key(text)
        return k

    def _build(self, lexicon: Lexicon) -> None:
        from .mechanisms import REGISTRY

        self._lexicon: Lexicon | None = lexicon
        self._flat_lexicon: tuple[Decoder, object, tuple[int, ...]] | None = None
        self._flat_source: bytes | memoryview | FlatFile | None = None
        self.language = lexicon.language
        self.entries: tuple[Entry, ...] = tuple(sorted(lexicon.entries, key=lambda e: e.id))
        self.rules: tuple[Rule, ...] = tuple(sorted(lexicon.rules, key=lambda r: r.id))
        # columns of the entries, read per candidate without making an Entry (from the cache)
        self.ids = [e.id for e in self.entries]
        self.canonicals = [e.canonical for e in self.entries]
        self.shorts = [e.short for e in self.entries]
        #: what each entry names, as the string of its EntryType ("" for none)
        self.types = [e.type.value if e.type else "" for e in self.entries]
        self.persons = frozenset(i for i, e in enumerate(self.entries) if e.type is EntryType.PERSON)
        self.source_languages = [e.source_languages for e in self.entries]
        #: case endings per source language: the language files', plus the lexicons' own
        self.endings: dict[str, frozenset[str]] = {
            lang: frozenset(forms) | frozenset(dict(lexicon.endings).get(lang, ()))
            for lang, forms in ENDINGS.items()
        }
        self.surfaces: tuple[tuple[Surface, ...], ...] = tuple(
            tuple(entry_surfaces(i, e, self.language)) for i, e in enumerate(self.entries)
        )
        # the costliest table that files nothing in the automaton and reads only the
        # surfaces is compiled in a child process from here on (see normalize.aside): on
        # two cores, the key table and the other mechanisms are built meanwhile
        aside = Aside(
            lambda: {m.name: m.compile(self, AutomatonBuilder()) for m in REGISTRY if m.name in _ASIDE},
            fork=None if len(self.entries) >= ASIDE_MIN_ENTRIES else False,
        )
        # roles as plain ints, here and in the mechanisms' tables: stored flat as they are
        keys: dict[str, set[tuple[int, Role]]] = {}
        for s in self.all_surfaces():
            if s.keyed and not acronym(s.text):
                k = self.name_key(s.text)
                if k:
                    keys.setdefault(k, set()).add((s.entry, plain(s.role)))
        # a name as the writers of the entry's source languages romanise it ("Jartum" for
        # Khartoum in Spanish): language data (``romanisation:``), keyed like a spelling
        for s in self.all_surfaces():
            if s.keyed and s.kind != Kind.VARIANT and not acronym(s.text):
                for form in romanisations(s.text, self.entries[s.entry].source_languages):
                    k = self.name_key(form)
                    if k:
                        keys.setdefault(k, set()).add((s.entry, plain(s.role)))
        self.key_table: dict[str, tuple[tuple[int, Role], ...]] = {
            k: tuple(sorted(v)) for k, v in keys.items()
        }
        #: the keyed words of all names (a run shares one with any name it can match)
        self.name_words = frozenset(w for k in self.key_table for w in k.split())
        builder = AutomatonBuilder()
        self._evidence_tables(builder)
        here = {m.name: m.compile(self, builder) for m in REGISTRY if m.name not in _ASIDE}
        self.automaton, self.hits, self.cased = builder.build(common_words(self.language))
        compiled = here | aside.result()
        self.tables: dict[str, object] = {m.name: compiled[m.name] for m in REGISTRY}  # registry order

    def all_surfaces(self) -> Iterable[Surface]:
        """Yield every entry's surfaces, entry by entry."""
        for surfaces in self.surfaces:
            yield from surfaces

    def _evidence_tables(self, builder: AutomatonBuilder) -> None:
        """File context and topic words, and group entries by lexicon file (their domain)."""
        context_ids: dict[str, int] = {}
        domains: dict[str, int] = {}
        self.context_of: list[frozenset[int]] = []
        self.topic_of: list[frozenset[int]] = []
        self.domain_of: list[int] = []
        for e in self.entries:
            self.domain_of.append(domains.setdefault(e.origin.rpartition(":")[0], len(domains)))
            for words, table in ((e.context, self.context_of), (e.topic, self.topic_of)):
                ids = set()
                for w in words:
                    cid = context_ids.setdefault(fold(w), len(context_ids))
                    ids.add(cid)
                    builder.add(w, CONTEXT_CHANNEL, (cid,))
                table.append(frozenset(ids))
        #: entries per domain (a file of thousands is a gazetteer, not a topic: see Evidence.SUBJECT)
        sizes = [0] * len(domains)
        for d in self.domain_of:
            sizes[d] += 1
        self.domain_size: tuple[int, ...] = tuple(sizes)
        # a context word that is another entry's name is present wherever that entry is
        # mentioned, garbled or not ("Abusahmainu" names Abusahmain, a context word of the
        # General National Congress): evidence does not change when the text is fixed
        self.names_context: list[frozenset[int]] = []
        for e in self.entries:
            names = {fold(e.canonical), fold(e.short)} if e.short else {fold(e.canonical)}
            self.names_context.append(frozenset(context_ids[n] for n in names if n in context_ids))

    def has_key(self, k: str) -> bool:
        """Return True when ``k`` (a padded key, see :func:`padded`) is filed by some mechanism."""
        return bool(self.automaton.exists(k)) or (k[:1] == k[-1:] == " " and k[1:-1] in self.cased)

    def render(self, entry: int, role: Role) -> str:
        """Return how ``entry`` is written in ``role``: its canonical or its short form."""
        return self.canonicals[entry] if role == Role.FULL else self.shorts[entry]

    @property
    def lexicon(self) -> Lexicon:
        """Return the merged lexicon the index was compiled from (from the cache: on first use)."""
        if self._lexicon is None:
            assert self._flat_lexicon is not None
            decoder, encoded, order = self._flat_lexicon
            # the entries, in the lexicon's order, decoded when read (the CLI reads only notes)
            entries: tuple[Entry, ...] = _Reordered(self.entries, order)  # type: ignore[assignment]
            self._lexicon = replace(decoder.decode(encoded), entries=entries)
            self._flat_lexicon = None
        return self._lexicon

    @lexicon.setter
    def lexicon(self, lexicon: Lexicon) -> None:
        self._lexicon, self._flat_lexicon, self._flat_source = lexicon, None, None

    def to_flat(self) -> bytes:
        """Return the index in the flat, data-only format of :mod:`normalize.engine.flat`.

        Sections: the root (marshal), the automaton (daachorse's serialisation), then the
        encoder's blobs. The lexicon is stored without its entries (they are the index's,
        in another order) and with only the notes shown when it is loaded for use.
        """
        from ..lexicon import load_notes

        enc = Encoder()
        slots = {name: enc.encode(getattr(self, name))[0] for name in _FLAT_SLOTS}
        lexicon = self.lexicon
        # one object per entry while positions are taken by identity (a lazy sequence of
        # entries may decode an entry anew each time it is read)
        entries = tuple(self.entries)
        position = {id(e): i for i, e in enumerate(entries)}
        light = replace(lexicon, entries=(), warnings=tuple(load_notes(lexicon)))
        reordered = lexicon.entries
        order = (
            tuple(reordered._order)
            if isinstance(reordered, _Reordered)
            else tuple(position[id(e)] for e in lexicon.entries)
        )
        root = {
            "slots": slots,
            "automaton": len(self.automaton),
            "lexicon": enc.encode(light)[0],
            "order": order,
            "classes": tuple(enc.classes),
        }
        sections = [marshal.dumps(root), self.automaton.to_bytes(), *enc.blobs]
        head = struct.pack(f"<I{len(sections)}Q", len(sections), *map(len, sections))
        return head + b"".join(sections)

    @classmethod
    def from_flat(cls, data: bytes | memoryview | FlatFile) -> Index:
        """Return the index :meth:`to_flat` wrote; tables are decoded lazily, on first use.

        Raises ValueError (or another exception of the decoders) on data that is not one.
        """
        sections = split(data)  # views of bytes, or a cache file's sections read when used
        root = marshal.loads(bytes(sections[0]))
        decoder = Decoder(sections[2:], root["classes"])
        self = cls.__new__(cls)
        self._key_memo = None
        with gc_paused():
            for name in _FLAT_SLOTS:
                object.__setattr__(self, name, decoder.decode(root["slots"][name]))
            self.automaton = Automaton.from_bytes(bytes(sections[1]), root["automaton"])
        if isinstance(self.hits, LazySeq):
            self.hits.keep(HITS_DECODED_MAX)
        self._lexicon = None
        self._flat_lexicon = (decoder, root["lexicon"], root["order"])
        self._flat_source = data  # stored again as it was read (for worker processes)
        return self

    def __reduce__(self) -> tuple[Callable[[bytes], Index], tuple[bytes]]:
        # worker processes get the flat form: a few large byte strings, not an object graph
        # (an index read from its flat form passes on those bytes: decoding its lazy tables
        # only to store them again would cost time and every worker the whole index)
        flat = self._flat_source
        return (_from_flat, (bytes(flat) if flat is not None else self.to_flat(),))


class _Reordered(Sequence[Entry]):
    """The index's entries in another order, read through (a lexicon's, from the cache)."""

    __slots__ = ("_entries", "_order")

    def __init__(self, entries: Sequence[Entry], order: Sequence[int]) -> None:
        self._entries = entries
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return tuple(self._entries[k] for k in self._order[i])
        return self._entries[self._order[i]]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))


def _from_flat(data: bytes) -> Index:
    return Index.from_flat(data)


#: The index's attributes stored by the flat encoding (all but the automaton and the lexicon).
_FLAT_SLOTS = tuple(
    s
    for s in Index.__slots__
    if s not in ("automaton", "_lexicon", "_flat_lexicon", "_flat_source", "_key_memo")
)
