from __future__ import annotations

import pytest
from pydantic import ValidationError

from metrics.models import Indicator, Names, Source, Target

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


def test_source_needs_url_and_confidence() -> None:
    base = {
        "id": "press",
        "title": "T",
        "publisher": "P",
        "url": "https://example.org/a",
        "accessed": "2026-11-30",
        "confidence": "secondary",
    }
    assert Source.model_validate(base).confidence.value == "secondary"
    with pytest.raises(ValidationError):
        Source.model_validate({**base, "url": "not a url"})
    with pytest.raises(ValidationError):
        Source.model_validate({**base, "confidence": "sure"})


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
    assert target.digital_morocco  # a Digital Morocco 2030 target unless said otherwise
    with pytest.raises(ValidationError):
        Target.model_validate({**base, "settled_by": {"en": "A count", "fr": "Un décompte"}})
