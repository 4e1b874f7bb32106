from __future__ import annotations

import pytest
from pydantic import ValidationError

from metrics import formatting, report
from metrics.models import DIGITAL_MOROCCO, Edition, Indicator, Names, Source, Target

NAMES = {"en": "Jobs", "fr": "Emplois", "ar": "مناصب الشغل"}


def indicator(**over: object) -> dict[str, object]:
    return {
        "id": "jobs",
        "name": NAMES,
        "description": {"en": "Direct jobs.", "fr": "Emplois directs.", "ar": "مناصب شغل مباشرة."},
        "unit": NAMES,
        "short_unit": {"en": "", "fr": "", "ar": ""},
        "theme": "economy",
        "direction": "higher_is_better",
        "decimals": 0,
        "sources": ["press"],
        **over,
    }


def test_indicator_accepts_a_complete_record() -> None:
    ind = Indicator.model_validate(indicator(minimum=0))
    assert ind.name.ar == "مناصب الشغل"
    assert ind.direction.value == "higher_is_better"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"colour": "red"}, "colour"),  # unknown field: a typo must not vanish
        ({"theme": "weather"}, "theme"),
        ({"direction": "up"}, "direction"),
        ({"id": "Bad Id"}, "id"),
        ({"sources": []}, "sources"),
        ({"decimals": -1}, "decimals"),
        ({"name": {"en": "Jobs", "fr": "Emplois"}}, "name.ar"),
        ({"description": "Direct jobs."}, "description"),  # every text ships in 3 languages
        ({"short_unit": {"en": "%", "fr": "%", "ar": "%", "de": "%"}}, "short_unit.de"),
    ],
)
def test_indicator_refuses(override: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as info:
        Indicator.model_validate(indicator(**override))
    assert field in {".".join(map(str, e["loc"])) for e in info.value.errors()}


def test_indicator_bounds_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="minimum is greater than maximum"):
        Indicator.model_validate(indicator(minimum=10, maximum=1))


SOURCE = {
    "id": "press",
    "title": "T",
    "publisher": "P",
    "url": "https://example.org/a",
    "accessed": "2026-11-30",
    "confidence": "secondary",
}


def test_source_needs_a_valid_url_if_any_and_a_confidence() -> None:
    assert Source.model_validate(SOURCE).confidence.value == "secondary"
    with pytest.raises(ValidationError):
        Source.model_validate({**SOURCE, "url": "not a url"})
    with pytest.raises(ValidationError):
        Source.model_validate({**SOURCE, "confidence": "sure"})


def test_a_source_may_have_no_url_and_no_licence() -> None:
    # A press article read in a copy whose outlet is not recorded has no address to give.
    bare = Source.model_validate({k: v for k, v in SOURCE.items() if k != "url"})
    assert bare.url is None and bare.licence is None
    assert Source.model_validate({**SOURCE, "url": None}).url is None


def test_a_source_carries_its_licence_as_stated() -> None:
    assert Source.model_validate({**SOURCE, "licence": " CC BY 4.0 "}).licence == "CC BY 4.0"
    for bad in ("", "[CC BY](https://example.org)", "CC\u202eBY"):
        with pytest.raises(ValidationError):
            Source.model_validate({**SOURCE, "licence": bad})


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_every_source_line_copes_without_url_and_shows_the_licence(lang: str) -> None:
    bare = Source.model_validate({**SOURCE, "url": None})
    licensed = Source.model_validate({**SOURCE, "licence": "CC BY 4.0"})
    assert "None" not in formatting.source_text(bare, lang)
    assert "CC BY 4.0" not in formatting.source_text(bare, lang)
    assert "CC BY 4.0" in formatting.source_text(licensed, lang)
    # The report links a title only to an address the source gives.
    assert "<a " not in report.source_line(bare, lang)
    assert "None" not in report.source_line(bare, lang)
    assert 'href="https://example.org/a"' in report.source_line(licensed, lang)
    assert "CC BY 4.0" in report.source_line(licensed, lang)
    assert "CC BY 4.0" not in report.source_line(bare, lang)


def test_target_baseline_source_and_edition_extra_sources_are_ids() -> None:
    base = {
        "id": "t",
        "indicator": "jobs",
        "name": NAMES,
        "target_year": 2030,
        "target_value": 7,
        "source": "press",
    }
    assert Target.model_validate(base).baseline_source is None
    assert Target.model_validate({**base, "baseline_source": "opinion"}).baseline_source
    with pytest.raises(ValidationError):
        Target.model_validate({**base, "baseline_source": "Not an id"})
    edition = Edition.model_validate({"year": 2024, "source": "press", "extra_sources": ["fnh"]})
    assert edition.extra_sources == ["fnh"]
    with pytest.raises(ValidationError):
        Edition.model_validate({"year": 2024, "source": "press", "extra_sources": ["F N H"]})


TARGET = {
    "id": "t",
    "indicator": "jobs",
    "name": NAMES,
    "target_year": 2030,
    "target_value": 240000,
    "source": "press",
}


def test_target_baseline_year_and_value_go_together() -> None:
    base = {**TARGET}
    assert Target.model_validate(base).baseline_year is None
    with pytest.raises(ValidationError, match="go together"):
        Target.model_validate({**base, "baseline_year": 2022})
    with pytest.raises(ValidationError, match="before target_year"):
        Target.model_validate({**base, "baseline_year": 2031, "baseline_value": 1})


def test_target_says_what_would_settle_it_in_three_languages() -> None:
    base = {**TARGET}
    target = Target.model_validate({**base, "settled_by": NAMES})
    assert target.settled_by == Names.model_validate(NAMES)
    assert target.strategy == DIGITAL_MOROCCO  # unless said otherwise
    with pytest.raises(ValidationError):
        Target.model_validate({**base, "settled_by": {"en": "A count", "fr": "Un décompte"}})
