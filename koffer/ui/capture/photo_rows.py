"""The photo checks as table rows: translated name, measured value, limit, verdict, reason."""

from __future__ import annotations

from dataclasses import dataclass

from koffer.biometrics.photo.checks import CheckResult, PhotoReport
from koffer.domain.messages import translate
from koffer.workflows.capture import UNOVERRULABLE

# How each check's value reads best: a share as per cent, an angle in degrees, pixels.
_PERCENT = frozenset(
    {"face_height", "head_height", "head_width", "vertical_position", "horizontal_centre"}
)
_DEGREES = frozenset({"roll", "yaw", "pitch"})
_PIXELS = frozenset({"resolution", "eye_distance"})
_COUNTS = frozenset({"face_found", "single_face"})


@dataclass(frozen=True)
class CheckRow:
    """One check as the result table shows it (every text already translated)."""

    name: str
    label: str
    value: str
    limit: str
    passed: bool
    reason: str


def _number(name: str, value: float) -> str:
    value = 0.0 if abs(value) < 0.005 else value  # no "-0,0°"
    if name in _PERCENT:
        return f"{100 * value:.0f} %".replace(".", ",")
    if name in _DEGREES:
        return f"{value:.1f}°".replace(".", ",")
    if name in _PIXELS or name in _COUNTS:
        return f"{value:.0f}" + (" px" if name in _PIXELS else "")
    return f"{value:.2f}".replace(".", ",")


def _limit(check: CheckResult) -> str:
    low, high = check.low, check.high
    if check.name == "face_found":
        return "1"
    if low is not None and high is not None:
        if low == high:
            return _number(check.name, low)
        return f"{_number(check.name, low)} – {_number(check.name, high)}"
    if low is not None:
        return f"≥ {_number(check.name, low)}"
    if high is not None:
        return f"≤ {_number(check.name, high)}"
    return ""


def check_rows(report: PhotoReport, language: str) -> tuple[CheckRow, ...]:
    """Return the report's checks as rows in ``language``."""
    rows = []
    for check in report.checks:
        value = "–" if check.value is None else _number(check.name, check.value)
        params = dict(check.params)
        rows.append(
            CheckRow(
                check.name,
                translate(f"photo.check.{check.name}", language),
                value,
                _limit(check),
                check.passed,
                ""
                if check.reason == "photo.reason.ok"
                else translate(check.reason, language, **params),
            )
        )
    return tuple(rows)


def hint_texts(hints: tuple[CheckResult, ...], language: str) -> tuple[str, ...]:
    """The live guidance hints in ``language``, without repeating the same sentence."""
    texts: list[str] = []
    for hint in hints:
        text = translate(hint.reason, language, **dict(hint.params))
        if text not in texts:
            texts.append(text)
    return tuple(texts)


def overrulable(report: PhotoReport) -> bool:
    """Whether the clerk may take this photo despite its failed checks."""
    return not report.passed and not (report.failed_names & UNOVERRULABLE)
