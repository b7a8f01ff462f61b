"""The codes of ``handouts check``'s accessibility checks (handouts.check.access)."""

from __future__ import annotations

from handouts.codes.kinds import Code, Severity

E, W = Severity.ERROR, Severity.WARNING
ACCESSIBILITY = (
    Code(
        "ACCESS001",
        E,
        "A picture in a template or record has no alternative text.",
        "Say in the brackets what the picture shows, e.g. '![Gel spread thinly over a "
        "scar](gel.png)'.",
    ),
    Code(
        "ACCESS002",
        W,
        "A heading in a clinic's template is more than one level below the heading before it.",
        "Use the next level down: '###' under a '##' section, never '####'.",
    ),
    Code(
        "ACCESS003",
        W,
        "A link's text is a bare web address, which screen readers read out letter by letter.",
        "Say where the link goes: '[NHS advice on scars](https://www.nhs.uk/...)'.",
    ),
    Code(
        "ACCESS004",
        W,
        "Text patients read is set below 12 pt.",
        "Clear print needs 12 pt or more: print this text at the body size (and check that "
        "branding.body_size is at least 12).",
    ),
)
