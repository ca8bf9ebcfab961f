"""The content model: immutable objects built once at start-up, then only read.

Strings that users see are `Text` values: a str that also knows its line and its
translation context, so the web layer can look it up in the catalog and errors can
point at the YAML.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from .yamlsource import LStr as Text

NEEDS_VERIFICATION = "needs-verification"


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    checked: dt.date | None = None  # when a person last read the page for this claim


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from and when a person last checked it."""

    sources: tuple[Source, ...]
    reviewed: dt.date
    status: str = ""
    verification_note: Text | None = None

    @property
    def needs_verification(self) -> bool:
        return self.status == NEEDS_VERIFICATION


@dataclass(frozen=True)
class Option:
    id: str
    label: Text
    next: str | None = None
    exclusive: bool = False
    hint: Text | None = None
    # Earlier ids of this answer: links made before a rename still walk the same route.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Condition:
    """A test on the answer given at an earlier node: any / all / none of `values`."""

    node: str
    test: str
    values: frozenset[str]

    def holds(self, answers: dict[str, tuple[str, ...]]) -> bool:
        given = answers.get(self.node)
        if given is None:
            return self.test == "none"
        chosen = set(given)
        if self.test == "any":
            return bool(chosen & self.values)
        if self.test == "all":
            return self.values <= chosen
        return not (chosen & self.values)


@dataclass(frozen=True)
class Rule:
    """Go to `go` when every condition holds; a rule with no conditions always applies.

    `label` is the rule in words for the arrow on the route maps (web and print), e.g.
    "Under 18, or not sure": the conditions test answers by id, which no reader should
    have to decode. Every `when:` rule has one; an `otherwise` may."""

    go: str
    conditions: tuple[Condition, ...] = ()
    line: int = 0
    label: Text | None = None


@dataclass(frozen=True)
class Node:
    id: str
    line: int
    file: str

    kind = "node"

    @property
    def is_outcome(self) -> bool:
        return self.kind == "outcome"


@dataclass(frozen=True)
class Question(Node):
    """One answer from a list."""

    text: Text = Text("")
    hint: Text | None = None
    options: tuple[Option, ...] = ()
    rules: tuple[Rule, ...] = ()  # node-level routing, used when an option has no `next`

    kind = "question"

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or with this id among its aliases (its old ids)."""
        return self._options_by_id.get(option_id)

    @cached_property
    def _options_by_id(self) -> dict[str, Option]:
        # Every walk looks up each answer: a dict, made on first use (ids and aliases are
        # unique within a node: the validator checks).
        found = {}
        for option in self.options:
            for key in (option.id, *option.aliases):
                found.setdefault(key, option)
        return found


@dataclass(frozen=True)
class Checklist(Question):
    """Several answers from a list; an `exclusive` option must be chosen alone."""

    kind = "checklist"


@dataclass(frozen=True)
class Info(Node):
    """A page of information with a Continue button."""

    text: Text = Text("")
    hint: Text | None = None
    body: Text | None = None
    rules: tuple[Rule, ...] = ()

    kind = "info"


@dataclass(frozen=True)
class Outcome(Node):
    """The end of a route: what to do, who to call, what happens next."""

    title: Text = Text("")
    summary: Text | None = None
    steps: tuple[Text, ...] = ()
    contacts: tuple[str, ...] = ()
    next_steps: tuple[Text, ...] = ()
    do_not: tuple[Text, ...] = ()
    record: tuple[Text, ...] = ()
    evidence: Evidence | None = None
    blocks: tuple[str, ...] = ()  # ids of the shared blocks (flows/blocks.yaml) this outcome uses

    kind = "outcome"


@dataclass(frozen=True)
class Flow:
    id: str
    file: str
    title: Text
    description: Text | None
    start: str
    nodes: dict[str, Node] = field(hash=False)
    audience: str = "worker"
    entry_points: bool = False  # list the start question's answers as links on the start page

    @property
    def outcomes(self) -> list[Outcome]:
        return [n for n in self.nodes.values() if isinstance(n, Outcome)]


@dataclass(frozen=True)
class Claim:
    """One entry of the evidence register (flows/evidence.yaml): a phone number or a legal
    or procedural claim the content relies on, with the pages that support it."""

    id: str
    claim: str
    sources: tuple[Source, ...]
    phone: str | None = None
    status: str = ""
    verification_note: str | None = None
    line: int = 0
    file: str = "flows/evidence.yaml"

    @property
    def needs_verification(self) -> bool:
        return self.status == NEEDS_VERIFICATION


@dataclass(frozen=True)
class Contact:
    id: str
    name: Text
    evidence: Evidence
    phone: str | None = None
    hours: Text | None = None
    description: Text | None = None
    url: str | None = None
    email: str | None = None
    line: int = 0
    file: str = "flows/contacts.yaml"


@dataclass(frozen=True)
class Place:
    """A police force, health board or local authority: names in both languages."""

    id: str
    name: str
    name_cy: str
    url: str | None = None

    def name_in(self, lang: str) -> str:
        return self.name_cy if lang == "cy" else self.name


@dataclass(frozen=True)
class Force(Place):
    # The force's own page on modern slavery, where it has one (issue 16): no Welsh force
    # publishes a number for its modern slavery lead, so the card links to this page.
    modern_slavery_url: str | None = None


@dataclass(frozen=True)
class Area(Place):
    police: str = ""
    health_board: str = ""
    # (kind, number): validate.AREA_PHONE_KINDS, each confirmed on the council's own page.
    phones: tuple[tuple[str, str], ...] = ()
    # (kind, url): validate.AREA_PAGE_KINDS, the council's own page for that service.
    urls: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Content:
    """Everything the guide says, as loaded and validated at start-up."""

    flows: dict[str, Flow]
    contacts: dict[str, Contact]
    areas: dict[str, Area]
    police_forces: dict[str, Force]
    health_boards: dict[str, Place]
    version: str
    reference: object = None  # the CPS reference guide (routemap.reference.Reference), if any
    print_text: object = None  # posters and leaflets text (routemap.printing.content), if any
    notices: tuple = ()  # needs-verification items, reported but not fatal
    blocks: dict = field(default_factory=dict, hash=False)  # block id -> tuple of Text (flows/blocks.yaml)
    claims: dict = field(default_factory=dict, hash=False)  # claim id -> Claim (flows/evidence.yaml)
    practice: dict = field(default_factory=dict, hash=False)  # scenario id -> practice.Scenario (flows/practice/)
