"""The built-in template's blocks -> what each one prints, for clinics that change them.

A clinic overrides a block by name in its own ``handout.md.j2``; ``handouts list --blocks``
and the README list them from here, and a test keeps this list and the template in step.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from handouts.compose.environment import REQUIRED_SECTIONS


@dataclass(frozen=True)
class Block:
    name: str
    prints: str
    required: bool


BLOCKS = {
    "title": "the title and the one-sentence summary",
    "for_you": "the 'For you' box with a patient's name, note and next visit (only when a "
    "handout is made for one patient; templates see patient.*)",
    "key_points": "the 'Key points' box at the top",
    "mechanism": "'How it works', with the diagram of how deep it goes or the scar types",
    "perspectives": "inside 'How it works': each traditional perspective the clinic shows",
    "results": "'What results to expect': what improves, how soon, how many sessions, variation",
    "recovery": "'Your recovery, step by step' (only for records with a recovery timeline)",
    "comparison": "'Your options side by side' (only for records with a comparison table)",
    "precautions": "'Before, during and after', with the gel diagram where there is one",
    "aftercare": "inside 'Before, during and after': the 'After your treatment' part",
    "side_effects": "'Side effects and risks': common, and less common but serious",
    "not_suitable": "'Who should not have it'",
    "alternatives": "'Other options', including doing nothing",
    "cost": "'What it costs'",
    "questions": "'Questions to ask us'",
    "contact": "'When to contact us': the three boxes (call us, help today, emergency)",
    "sources": "'Where this information comes from'",
    "disclaimer": "the clinic's disclaimer, the leaflet reference and how to give feedback",
}


def template_blocks() -> list[Block]:
    """Every block of the built-in template, in the order it prints."""
    required = set(REQUIRED_SECTIONS.values())
    return [Block(name, prints, name in required) for name, prints in BLOCKS.items()]


def blocks_of(source: str) -> list[str]:
    """The names of the blocks a template's source defines, in order."""
    parsed = jinja2.Environment().parse(source)
    return [block.name for block in parsed.find_all(jinja2.nodes.Block)]


def extended(source: str) -> str | None:
    """The template that ``source`` extends (``{% extends "..." %}``), if it names one."""
    found = jinja2.Environment().parse(source).find(jinja2.nodes.Extends)
    if found is None or not isinstance(found.template, jinja2.nodes.Const):
        return None
    return str(found.template.value)
