"""The event lexicon and the cue lists, loaded from the team's tables (see `knowledge/event_lexicon.tsv`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from storyline.knowledge import read_table, split_list

EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
#: types whose trigger's complement is their content ("threatened to cut ties", "urged Iran to stop")
VERBAL_TYPES = {"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE", "SUPPORT", "CONCEDE"}
COOPERATIVE = {"CONSULT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "SUPPORT"}
CONFLICTUAL = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry: the words that signal an event type, and where its target is."""

    words: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    cameo: str
    target: tuple[str, ...]
    flags: frozenset[str]

    @property
    def lemma(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class ArgumentRule:
    """A verb that means an event type by its argument (see `knowledge/argument_types.tsv`)."""

    trigger: Trigger
    slot: str
    nouns: frozenset[str]


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    adjectives: dict[str, tuple[Trigger, ...]]
    by_argument: dict[str, tuple[ArgumentRule, ...]]
    light: frozenset[str]
    #: verbs whose subject suffers the act of the noun they carry ("died in the attack"), to the voice they do it in
    #: ("any" or "passive")
    victim: dict[str, str]
    cues: dict[str, str]
    cue_phrases: tuple[tuple[str, str], ...]
    modality: tuple[tuple[str, str], ...]
    cameo_root: dict[str, str]

    @property
    def size(self) -> int:
        return sum(len(v) for table in (self.verbs, self.nouns, self.adjectives) for v in table.values())


def _check_type(table: str, first: str, etype: str | None) -> None:
    """A row whose type is not a PLOVER type is a mistake in the table (a column left out shifts the others)."""
    if not first or etype not in EVENT_TYPES:
        raise ValueError(f"knowledge/{table}: the row for {first!r} has {etype!r} where an event type should be")


#: the flags the event lexicon and the argument table may set (their headers say what each does)
_FLAGS = {
    "actor_obj", "actor_subj", "place_obj", "place_subj", "light_only", "neg_flip", "reported", "experiencer",
    "intent_only", "threat_if_intended", "receiver_subj",
}  # fmt: skip


def _flags(table: str, first: str, cell: str) -> frozenset[str]:
    """A row's flags; one the code does not know is a typo that would silently do nothing."""
    flags = frozenset(split_list(cell))
    unknown = sorted(flags - _FLAGS)
    if unknown:
        raise ValueError(f"knowledge/{table}: the row for {first!r} has unknown flags {unknown}")
    return flags


@cache
def lexicon() -> Lexicon:
    verbs: dict[str, list[Trigger]] = defaultdict(list)
    nouns: dict[str, list[Trigger]] = defaultdict(list)
    adjectives: dict[str, list[Trigger]] = defaultdict(list)
    for row in read_table("event_lexicon.tsv"):
        words = tuple(row["lemma"].lower().split())
        _check_type("event_lexicon.tsv", row["lemma"], row["type"])
        trig = Trigger(
            words=words,
            pos=row["pos"].upper(),
            type=row["type"],
            mode=row["mode"] or None,
            cameo=(row["cameo"] or "")[:2],
            target=tuple(split_list(row["target"])),
            flags=_flags("event_lexicon.tsv", row["lemma"], row["flags"]),
        )
        if trig.pos == "VERB":
            verbs[words[0]].append(trig)
        elif trig.pos == "ADJ":
            adjectives[words[0]].append(trig)
        else:
            nouns[words[-1]].append(trig)
    rules: dict[str, list[ArgumentRule]] = defaultdict(list)
    for row in read_table("argument_types.tsv"):
        _check_type("argument_types.tsv", row["verbs"], row["type"])
        for verb in split_list(row["verbs"]):
            words = tuple(verb.lower().split())
            trig = Trigger(
                words,
                "VERB",
                row["type"],
                row["mode"] or None,
                row["cameo"][:2],
                tuple(split_list(row["target"])),
                _flags("argument_types.tsv", row["verbs"], row["flags"]),
            )
            rules[words[0]].append(
                ArgumentRule(trig, row["slot"], frozenset(n.lower() for n in split_list(row["nouns"])))
            )
    cues: dict[str, str] = {}
    phrases: list[tuple[str, str]] = []
    for row in read_table("cues.tsv"):
        phrase = row["phrase"].lower().strip()
        if " " in phrase:
            phrases.append((phrase, row["kind"]))
        else:
            cues.setdefault(phrase, row["kind"])
    modality = tuple((row["phrase"].lower().strip(), row["modality"]) for row in read_table("modality.tsv"))
    return Lexicon(
        verbs={k: tuple(sorted(v, key=lambda t: -len(t.words))) for k, v in verbs.items()},
        nouns={k: tuple(sorted(v, key=lambda t: -len(t.words))) for k, v in nouns.items()},
        adjectives={k: tuple(v) for k, v in adjectives.items()},
        by_argument={k: tuple(v) for k, v in rules.items()},
        light=frozenset(row["lemma"].lower() for row in read_table("light_verbs.tsv")),
        victim={row["lemma"].lower(): row["voice"] for row in read_table("victim_verbs.tsv")},
        cues=cues,
        cue_phrases=tuple(sorted(phrases, key=lambda p: -len(p[0]))),
        modality=modality,
        cameo_root={row["type"]: row["cameo_root"] for row in read_table("plover.tsv")},
    )
