"""The contracts every figure in Athar obeys: indicators, sources, targets, facts.

Metadata is small and hand-curated, so each record is a pydantic model that refuses unknown
fields (a typo in a YAML key must fail loudly, not vanish). Observations are many and arrive
as tables, so they are a pandas DataFrame whose columns are declared in OBSERVATION_COLUMNS.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated

import pandas as pd
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
    model_validator,
)

# Markdown that makes a browser fetch or follow another address when the text is shown (an
# image, a link, an autolink), and characters that hide or turn around the text near them:
# control characters (NUL among them: PostgreSQL refuses what SQLite would store), zero-width
# spaces and joiners, direction overrides and isolates. The marks Arabic text itself uses
# (U+200C-U+200F) may stay in free text, not in ids and codes.
LINK = re.compile(r"!\[|\]\s*[(\[]|<\s*[a-z][a-z0-9+.-]*:", re.IGNORECASE)
HIDDEN_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
HIDDEN = re.compile(f"[{HIDDEN_CHARS}]")
HIDDEN_IN_CODES = re.compile(f"[{HIDDEN_CHARS}\u200c-\u200f]")


def _plain(text: str) -> str:
    if LINK.search(text):
        raise ValueError("links and images are not allowed in this text")
    if found := HIDDEN.search(text):
        raise ValueError(f"invisible or direction-changing character U+{ord(found.group()):04X}")
    return text


Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(_plain),
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Confidence(StrEnum):
    """How sure we are of a figure, in the words of ../shared/reference/progress-actuals.md."""

    primary = "primary"  # read in the primary document or a faithful copy of it
    secondary = "secondary"  # read in a press or aggregator report of someone else's figure
    derived = "derived"  # computed by us from sourced figures; the method is in the note
    unverified = "unverified"  # stated somewhere we could not check independently


class Direction(StrEnum):
    higher_is_better = "higher_is_better"
    lower_is_better = "lower_is_better"  # ranks, footprints, e-waste per person


class Theme(StrEnum):
    sustainability = "sustainability"
    connectivity = "connectivity"
    skills = "skills"
    economy = "economy"
    governance = "governance"
    community = "community"


class Names(Strict):
    """A text in each of the dashboard's languages (every user-visible text ships in all three)."""

    en: Text
    fr: Text
    ar: Text


Symbol = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=12), AfterValidator(_plain)
]


class Symbols(Strict):
    """A short unit as written in each language: "kt" / "kt" / "ألف طن"; "" for ranks."""

    en: Symbol
    fr: Symbol
    ar: Symbol


Licence = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
    AfterValidator(_plain),
]


class Source(Strict):
    id: Id
    title: Text  # the document's own title, in its own language
    publisher: Text  # who published the page or dataset we read, by its own name
    # None when the document has no address we could give (a press article read as a copy
    # whose outlet is not recorded); never a landing page standing in for another document.
    url: HttpUrl | None = None
    published: dt.date | None = None  # None when the document carries no date
    accessed: dt.date  # when the figure was read (stored copies count)
    # Short, in the original language.
    quote: Annotated[str, Field(max_length=600), AfterValidator(_plain)] | None = None
    confidence: Confidence
    note: Names | None = None  # context a reader needs (e.g. "a French national figure")
    # The terms the publisher states for reuse (e.g. "CC BY 4.0"), as Our World in Data's
    # origins carry them; None where the document states none (never guessed).
    licence: Licence | None = None


class Indicator(Strict):
    id: Id  # stable: used in URLs, uploads and exports; never renamed
    name: Names
    description: Names  # one or two sentences: what is measured and where
    unit: Names  # long form, e.g. "% of population"
    short_unit: Symbols  # e.g. "%", "kt", "" for ranks
    theme: Theme
    direction: Direction
    decimals: int = Field(ge=0, le=6)  # digits shown after the decimal mark
    sources: list[Id] = Field(min_length=1)  # ids in sources.yaml; the dataset-level origin
    minimum: float | None = None  # values below are refused on import (e.g. 0 for a share)
    maximum: float | None = None  # values above are refused on import (e.g. 100 for a share)
    note: Names | None = None  # series breaks, scope, what not to compare it with
    # Its codes in other publishers' downloads (a World Bank indicator code, the id Athar
    # derives from an OWID column title), so such a file maps onto this indicator.
    codes: list[str] = []
    # Other names analysts give it, in any language ("Utilisateurs d'Internet"): a file whose
    # indicator cells hold one of these, or one of `name`, maps onto this indicator.
    aliases: list[Text] = []

    @property
    def is_rank(self) -> bool:
        """A league-table place (1 is best): drawn with first place on top."""
        return self.direction is Direction.lower_is_better and self.short_unit.en == ""

    @model_validator(mode="after")
    def _bounds_ordered(self) -> Indicator:
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("minimum is greater than maximum")
        return self


Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
# The strategy of the targets Athar was built for; bundled targets name it unless they say
# otherwise (data/targets.yaml).
DIGITAL_MOROCCO = "digital_morocco_2030"


class Strategy(Strict):
    """A published national strategy whose targets are followed together (data/strategies.yaml;
    a partner association's own with its targets file)."""

    id: Id  # stable: in URLs and in each target's `strategy`
    name: Names
    country: Country
    publisher: Text  # who adopted or published it, by its own name
    year: int = Field(ge=1990, le=2100)  # when it was launched or adopted
    # The strategy document itself; None when it was not found (never a landing page instead).
    url: HttpUrl | None = None
    source: Id  # where its existence, name and launch are stated (sources.yaml)
    note: Names | None = None


class StrategySearch(Strict):
    """A partner association's country whose national digital strategy was searched for in the
    sources available (data/strategy_searches.yaml), so that a strategy not found is said on the
    page rather than left out silently."""

    country: Country
    searched: Names  # what was looked for, and in which sources
    # The strategy bundled from what was found; None when no sourced targets were found.
    found: Id | None = None


class Milestone(Strict):
    year: int = Field(ge=2000, le=2100)
    value: float


class Target(Strict):
    id: Id
    indicator: Id
    country: Country = "MAR"
    # The strategy that sets it (strategies.yaml); None for a target shown beside a strategy's
    # without belonging to one bundled here (Morocco's renewable-electricity targets), which
    # the overview's strategy counts leave out.
    strategy: Id | None = DIGITAL_MOROCCO
    name: Names  # how the target is stated, e.g. "240,000 direct digital jobs by 2030"
    target_year: int = Field(ge=2000, le=2100)
    target_value: float
    baseline_year: int | None = Field(default=None, ge=1990, le=2100)
    baseline_value: float | None = None
    milestones: list[Milestone] = []  # interim steps as published (e.g. 2026)
    source: Id
    # Where the baseline value is stated, when not in `source` (which may state the target only).
    baseline_source: Id | None = None
    supersedes: Id | None = None  # a later, official target that replaces another one
    # Series drawn beside the target but never used for its status (a re-measured series).
    related: list[Id] = []
    note: Names | None = None  # conflicting reports, scope, which series it rests on
    # While its status is "not enough data": the figure that would settle it and who
    # publishes it, so a reader knows what to look for (and an editor what to upload).
    settled_by: Names | None = None

    @model_validator(mode="after")
    def _baseline_complete(self) -> Target:
        if (self.baseline_year is None) != (self.baseline_value is None):
            raise ValueError("baseline_year and baseline_value go together")
        if self.baseline_year is not None and self.baseline_year >= self.target_year:
            raise ValueError("baseline_year must come before target_year")
        return self


class Fact(Strict):
    """A statement that is not a number on a scale: a place, a theme, a partner, a date."""

    id: Id
    text: Names
    value: str | None = None  # machine-readable value where there is one (ISO codes, a year)
    source: Id
    extra_sources: list[Id] = []  # where the figure originates, when the source quotes it


class RowNote(Strict):
    """An observation's note in the three languages (data/notes.yaml): the CSV's note column
    holds the English, which travels with the row into exports and uploads."""

    indicator: Id
    country: str = Field(pattern=r"^[A-Z]{3}$")  # as in the observation
    year: int = Field(ge=1950, le=2100)
    note: Names


class Edition(Strict):
    """One edition of the AUSIM forum (Assises de l'AUSIM)."""

    number: int | None = Field(default=None, ge=1)  # None when no source states it
    year: int = Field(ge=1990, le=2100)
    dates: Names | None = None  # as stated, e.g. "26–28 October 2022"
    city: Names | None = None
    venue: str | None = None
    theme: str | None = None  # the motto, in the language the source gives it
    source: Id
    extra_sources: list[Id] = []  # other documents that state a part of it (days, the motto)
    note: Names | None = None


# The long observation table: one row per (indicator, country, year), plus the sourced
# alternatives that disagree with the charted value. Column -> meaning.
OBSERVATION_COLUMNS: dict[str, str] = {
    "indicator": "indicator id from indicators.yaml",
    "country": "ISO 3166-1 alpha-3 code, or WLD / AFR / EUR for the world and regions",
    "year": "calendar year the value refers to",
    "value": "the number, in the indicator's unit (the low end when a range is given)",
    "high": "the high end when the source gives a range, else empty",
    "lower_bound": "true when the source says 'more than' the value",
    "estimate": "true when the source says 'about' or the value is derived",
    "alternative": "true for a value another source gives for the same key; not charted",
    "source": "source id from sources.yaml",
    "note": "free text: why an alternative is not charted, a scope caveat",
}
REQUIRED_COLUMNS = ("indicator", "country", "year", "value")

# Other names a header may give each column: the template downloads in the user's language,
# and a French or Arabic analyst's file comes back with French or Arabic headers. Matching
# ignores case, accents, Arabic hamza and vowel marks, spaces, "_" and "-" (see
# metrics.layouts.column_key), so "Année", "annee" and "ANNÉE" are one name.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("indicateur", "المؤشر", "مؤشر"),
    "country": ("pays", "البلد", "بلد", "الدولة", "دولة"),
    "year": ("année", "السنة", "سنة", "العام", "عام"),
    "value": ("valeur", "القيمة", "قيمة"),
    "high": ("valeur_haute", "borne_supérieure", "haut", "القيمة_العليا", "الحد_الأعلى"),
    "lower_bound": ("borne_inférieure", "plus_de", "حد_أدنى", "الحد_الأدنى", "أكثر_من"),
    "estimate": ("estimation", "estimé", "تقدير", "تقديري"),
    "alternative": ("valeur_alternative", "بديل", "قيمة_بديلة"),
    "source": ("المصدر", "مصدر"),
    "note": ("remarque", "ملاحظة", "ملاحظات"),
}
# The long template's header in each language: names the reader recognises (COLUMN_ALIASES); also
# how a message names a column to a reader of that language.
TEMPLATE_HEADERS = {
    "en": list(OBSERVATION_COLUMNS),
    "fr": [
        "indicateur",
        "pays",
        "année",
        "valeur",
        "valeur_haute",
        "borne_inférieure",
        "estimation",
        "valeur_alternative",
        "source",
        "remarque",
    ],
    "ar": [
        "المؤشر",
        "البلد",
        "السنة",
        "القيمة",
        "القيمة_العليا",
        "الحد_الأدنى",
        "تقدير",
        "قيمة_بديلة",
        "المصدر",
        "ملاحظة",
    ],
}
KEY = ("indicator", "country", "year")

# The targets file (metrics.targets_file): one row per target, as data/targets.yaml holds it.
# Column -> meaning. Names and notes take a column per language (a target is shown in all three).
TARGET_COLUMNS: dict[str, str] = {
    "country": "ISO 3166-1 alpha-3 code of the country that set the target",
    "strategy": "strategy id (strategies.yaml) the target belongs to",
    "id": "the target's id: lower-case Latin letters, digits and _; never reused",
    "indicator": "indicator id from indicators.yaml",
    "name_en": "the target as stated, in English",
    "name_fr": "the target as stated, in French",
    "name_ar": "the target as stated, in Arabic",
    "baseline_year": "year of the published baseline, else empty",
    "baseline_value": "the published baseline, in the indicator's unit, else empty",
    "milestones": "interim steps as year:value pairs separated by ';' (2026:50; 2028:70)",
    "target_year": "the year the target is due",
    "target_value": "the target, in the indicator's unit",
    "source": "source id from sources.yaml that states the target",
    "note_en": "context (conflicting reports, scope), in English; the three notes go together",
    "note_fr": "the note in French",
    "note_ar": "the note in Arabic",
    "supersedes": "id of an earlier target this one replaces, else empty",
}
TARGET_REQUIRED = (
    "country",
    "strategy",
    "id",
    "indicator",
    "name_en",
    "name_fr",
    "name_ar",
    "target_year",
    "target_value",
    "source",
)
# The targets template's header in each language, as TEMPLATE_HEADERS for observations; any
# of the three is read back (metrics.targets_file), with the aliases below.
TARGET_HEADERS = {
    "en": list(TARGET_COLUMNS),
    "fr": [
        "pays",
        "stratégie",
        "identifiant",
        "indicateur",
        "nom_en",
        "nom_fr",
        "nom_ar",
        "année_de_référence",
        "valeur_de_référence",
        "objectifs_intermédiaires",
        "année_objectif",
        "valeur_objectif",
        "source",
        "remarque_en",
        "remarque_fr",
        "remarque_ar",
        "remplace",
    ],
    "ar": [
        "البلد",
        "الاستراتيجية",
        "المعرف",
        "المؤشر",
        "الاسم_en",
        "الاسم_fr",
        "الاسم_ar",
        "سنة_القيمة_المرجعية",
        "القيمة_المرجعية",
        "الأهداف_المرحلية",
        "سنة_الهدف",
        "قيمة_الهدف",
        "المصدر",
        "ملاحظة_en",
        "ملاحظة_fr",
        "ملاحظة_ar",
        "يحل_محل",
    ],
}
TARGET_ALIASES: dict[str, tuple[str, ...]] = {
    "country": COLUMN_ALIASES["country"],
    "indicator": COLUMN_ALIASES["indicator"],
    "source": COLUMN_ALIASES["source"],
    "id": ("identifiant", "المعرف", "معرف"),
    "strategy": ("stratégie", "الاستراتيجية", "استراتيجية"),
    "milestones": ("objectifs_intermédiaires", "الأهداف_المرحلية"),
    "supersedes": ("remplace", "يحل_محل"),
}

# The observation frame, declared once: what validation produces, what the store keeps and
# what it hands back. Each column's dtype; "file" and "line" say where a row came from.
OBSERVATION_DTYPES: dict[str, str] = {
    "indicator": "str",
    "country": "str",
    "year": "int32",
    "value": "float64",
    "high": "float64",
    "lower_bound": "bool",
    "estimate": "bool",
    "alternative": "bool",
    "source": "str",
    "note": "str",
    "file": "str",
    "line": "int64",
}
assert list(OBSERVATION_DTYPES)[: len(OBSERVATION_COLUMNS)] == list(OBSERVATION_COLUMNS)


def conform(rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` as the observation frame: its columns, in their order, with their dtypes (an
    empty `high` is NaN). Every producer and consumer of observation rows goes through here."""
    typed = rows[list(OBSERVATION_DTYPES)]  # a new frame (copy on write): `rows` is untouched
    typed["high"] = pd.to_numeric(typed["high"], errors="coerce")
    return typed.astype(OBSERVATION_DTYPES).reset_index(drop=True)


# What a batch holds, in brief: rows and rows of African countries for each indicator, year,
# source and kind of row. The store keeps it beside the rows (metrics.store.contents); the
# catalogue computes it for rows held in memory (metrics.catalog.FrameRows).
CONTENTS_DTYPES: dict[str, str] = {
    "batch_id": "int64",
    "indicator": "str",
    "year": "int64",
    "source": "str",
    "alternative": "bool",
    "rows": "int64",
    "africa": "int64",
}
CONTENTS_KEY = ("batch_id", "indicator", "year", "source", "alternative")


def empty_observations() -> pd.DataFrame:
    return conform(pd.DataFrame({c: [] for c in OBSERVATION_DTYPES}))
