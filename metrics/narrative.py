"""Plain-language sentences built from the numbers of a progress assessment.

Every number in a sentence comes from the assessment; the words come from the catalogues,
so the same sentence reads naturally in each language.
"""

from __future__ import annotations

from metrics import i18n
from metrics.formatting import amount, rate
from metrics.models import Indicator
from metrics.progress import Assessment, Status, TargetProgress

STATUS_ICONS = {
    Status.achieved: "✓",
    Status.on_track: "↑",
    Status.too_slow: "↗",
    Status.stagnating: "→",
    Status.moving_away: "↓",
    Status.insufficient: "…",
}


def badge(status: Status, lang: str) -> str:
    return f"{STATUS_ICONS[status]} {i18n.t('status.' + status.value, lang)}"


def status_text(assessment: Assessment, lang: str) -> str:
    """The badge, with the reason when there is not enough data."""
    text = badge(assessment.status, lang)
    if assessment.reason is not None:
        text += " — " + i18n.t("reason." + assessment.reason.value, lang)
    return text


def sentence(progress: TargetProgress, indicator: Indicator, lang: str) -> str:
    a, name = progress.final, i18n.name(indicator.name, lang)
    goal = amount(a.goal_value, indicator, lang)
    if a.status is Status.insufficient:
        return i18n.t(
            "sentence.insufficient",
            lang,
            reason=i18n.t("reason." + a.reason.value, lang) if a.reason else "",
        )
    assert a.latest is not None and a.baseline is not None
    latest = amount(a.latest.value, indicator, lang)
    # Achieved, or the goal year has passed without the goal being met: where it stands.
    if a.status is Status.achieved or a.latest.year >= a.goal_year:
        key = "sentence.achieved" if a.status is Status.achieved else "sentence.missed"
        return i18n.t(
            key,
            lang,
            indicator=name,
            latest=latest,
            latest_year=a.latest.year,
            target=goal,
            target_year=a.goal_year,
        )
    assert a.projected is not None  # every status below comes with a projection
    params = {
        "indicator": name,
        "baseline_year": a.baseline.year,
        "projection": amount(a.projected, indicator, lang),
        "target_year": a.goal_year,
        "target": goal,
        "latest_year": a.latest.year,
    }
    if a.status is Status.on_track:
        return i18n.t("sentence.on_track", lang, **params)
    if a.status is Status.moving_away:
        return i18n.t("sentence.moving_away", lang, **params)
    needed = rate(a.needed_rate, a.method, indicator, lang) if a.needed_rate is not None else ""
    return i18n.t("sentence.short", lang, needed=needed, **params)
