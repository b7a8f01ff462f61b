"""Clinic branding -> colours below WCAG AA contrast, each with the nearest colour that passes.

Which colour is drawn on which follows theme.py and layout.py: body text on white and on the
callout backgrounds, links and section headings in the clinic colour, white table headings on
the clinic colour, and the clinic name on the header band. Ratios are WCAG 2.x contrast
ratios from relative luminance; body-size text needs 4.5:1, large text (headings, the 16 pt
bold clinic name) 3:1. A suggested colour keeps the hue and chroma of the colour it replaces
and changes only its lightness (in OKLCh), so it still looks like the clinic's own colour.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from coloraide import Color

from handouts.content.clinic import Branding
from handouts.render.theme import CALLOUT_COLOURS

BODY_TEXT = 4.5
LARGE_TEXT = 3.0
WHITE = "#ffffff"
_COARSE_STEP = 0.02
_REFINE_STEPS = 7


@dataclass(frozen=True)
class Pairing:
    """Text in ``foreground`` on ``background``; either is a Branding field or a fixed colour."""

    element: str
    foreground: str
    background: str
    minimum: float
    adjust: str
    """The Branding field a fix changes (the other colour is fixed or constrained elsewhere)."""


PAIRINGS = (
    Pairing("body text on white", "text_colour", WHITE, BODY_TEXT, "text_colour"),
    Pairing(
        "text in warning boxes",
        "text_colour",
        CALLOUT_COLOURS["warning"][0],
        BODY_TEXT,
        "text_colour",
    ),
    Pairing(
        "text in urgent-help boxes",
        "text_colour",
        CALLOUT_COLOURS["danger"][0],
        BODY_TEXT,
        "text_colour",
    ),
    Pairing(
        "text in boxes and shaded table rows",
        "text_colour",
        "accent_colour",
        BODY_TEXT,
        "accent_colour",
    ),
    Pairing("links on white", "primary_colour", WHITE, BODY_TEXT, "primary_colour"),
    Pairing("links in boxes", "primary_colour", "accent_colour", BODY_TEXT, "primary_colour"),
    Pairing("white table headings", WHITE, "primary_colour", BODY_TEXT, "primary_colour"),
    Pairing("headings on white", "primary_colour", WHITE, LARGE_TEXT, "primary_colour"),
    Pairing(
        "the clinic name on the header band",
        "header_text_colour",
        "primary_colour",
        LARGE_TEXT,
        "header_text_colour",
    ),
)


# Fixing one colour can fix the next: each field is measured against the colours before it as
# they will be once fixed (text first, as it meets fixed backgrounds; header text last).
FIELD_ORDER = ("text_colour", "accent_colour", "primary_colour", "header_text_colour")


@dataclass(frozen=True)
class Shortfall:
    """One branding colour below WCAG AA against some of the colours it meets."""

    field: str
    colour: str
    failing: tuple[tuple[Pairing, float], ...]
    """Each pairing below its minimum, with the ratio it reaches now."""
    suggestion: str | None
    """The nearest colour that passes every pairing this field is adjusted for, if any."""

    @property
    def minimum(self) -> float:
        return max(pairing.minimum for pairing, _ in self.failing)

    @property
    def direction(self) -> str:
        """Whether the suggestion is ``darker`` or ``lighter`` than the colour it replaces."""
        if self.suggestion is None:
            return ""
        darker = Color(self.suggestion).luminance() < Color(self.colour).luminance()
        return "darker" if darker else "lighter"


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio between two colours, from 1 (none) to 21 (black on white)."""
    return float(Color(first).contrast(second, method="wcag21"))


def shortfalls(branding: Branding) -> list[Shortfall]:
    """Every branding colour below WCAG AA, one per field, in the order they are best fixed."""
    fixed = branding
    found = []
    for field in FIELD_ORDER:
        shortfall = _shortfall(field, branding, fixed)
        if shortfall is not None:
            found.append(shortfall)
            if shortfall.suggestion is not None:
                fixed = fixed.model_copy(update={field: shortfall.suggestion})
    return found


def _shortfall(field: str, branding: Branding, fixed: Branding) -> Shortfall | None:
    failing = tuple(
        (pairing, _ratio(pairing, branding))
        for pairing in PAIRINGS
        if pairing.adjust == field and _ratio(pairing, fixed) < pairing.minimum
    )
    if not failing:
        return None
    colour = _colour(field, branding)
    suggestion = nearest_passing(colour, list(_requirements(field, fixed)))
    return Shortfall(field, colour, failing, suggestion)


def _requirements(field: str, branding: Branding) -> Iterator[tuple[str, float]]:
    """(other colour, minimum ratio) for every pairing that ``field`` is adjusted for."""
    for pairing in PAIRINGS:
        if pairing.adjust == field:
            other = pairing.background if pairing.foreground == field else pairing.foreground
            yield _colour(other, branding), pairing.minimum


def _ratio(pairing: Pairing, branding: Branding) -> float:
    return contrast_ratio(
        _colour(pairing.foreground, branding), _colour(pairing.background, branding)
    )


def _colour(name: str, branding: Branding) -> str:
    return name if name.startswith("#") else str(getattr(branding, name))


def nearest_passing(colour: str, requirements: list[tuple[str, float]]) -> str | None:
    """The closest colour to ``colour``, same hue, that meets every (other colour, minimum)."""
    found = [
        candidate
        for direction in (-1, 1)
        if (candidate := _first_passing(colour, requirements, direction)) is not None
    ]
    if not found:
        return None
    return min(found, key=lambda candidate: Color(colour).delta_e(candidate, method="ok"))


def _first_passing(
    colour: str, requirements: list[tuple[str, float]], direction: int
) -> str | None:
    """Step the lightness darker (-1) or lighter (+1) until every requirement is met, then
    close in on the first lightness that meets them."""
    start = Color(colour).convert("oklch")
    failing = float(start["lightness"])
    passing = failing
    while not _passes(_with_lightness(start, passing), requirements):
        failing = passing
        passing = min(max(passing + direction * _COARSE_STEP, 0.0), 1.0)
        if passing == failing:
            return None
    for _ in range(_REFINE_STEPS):
        middle = (failing + passing) / 2
        if _passes(_with_lightness(start, middle), requirements):
            passing = middle
        else:
            failing = middle
    return _with_lightness(start, passing)


def _passes(candidate: str, requirements: list[tuple[str, float]]) -> bool:
    return all(contrast_ratio(candidate, other) >= minimum for other, minimum in requirements)


def _with_lightness(colour: Color, lightness: float) -> str:
    shade = colour.clone().set("lightness", lightness).fit("srgb", method="oklch-chroma")
    return str(shade.convert("srgb").to_string(hex=True))
