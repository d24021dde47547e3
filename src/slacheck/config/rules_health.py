"""Rules for ``agreements/health/<id>.toml``: health-check templates and their cards."""

from __future__ import annotations

from ..domain.model import SCALES, HealthCard, HealthTemplate
from .checks import Doc, Section
from .problems import did_you_mean

CARD_KEYS = ("id", "title", "awesome", "crappy")


def build_card(doc: Doc, section: Section, seen: set[str]) -> HealthCard | None:
    before = doc.errors
    section.keys(required=CARD_KEYS)
    values = {key: section.str(key) for key in CARD_KEYS}
    card_id = values["id"]
    if card_id is not None:
        if not card_id.strip():
            doc.error(section.at("id"), "a card id must not be empty")
        elif card_id in seen:
            doc.error(section.at("id"), f"duplicate card id {card_id!r}")
        seen.add(card_id)
    if doc.errors > before or None in values.values():
        return None
    return HealthCard(**values)


def build_health_template(doc: Doc, data: dict) -> HealthTemplate | None:
    """Validate one template file and build it; ``None`` when it has errors."""
    before = doc.errors
    top = Section(doc, (), data)
    top.keys(required=("id", "title", "scale", "cards"), optional=("description",))
    template_id = top.str("id")
    if template_id is not None and template_id != doc.path.stem:
        doc.error(top.at("id"), f"id {template_id!r} does not match the file name "
                                f"{doc.path.name!r}; the id is the file name without .toml")
    title = top.str("title")
    scale = top.str("scale")
    if scale is not None and scale not in SCALES:
        doc.error(top.at("scale"), f"unknown scale {scale!r}{did_you_mean(scale, SCALES)}; "
                                   f"use {' or '.join(repr(s) for s in SCALES)}")
    description = top.str("description")
    cards = []
    items = top.tables("cards", "card")
    if items is not None:
        if not top.data["cards"]:
            doc.error(top.at("cards"), "the template has no cards; add at least one [[cards]]")
        seen: set[str] = set()
        cards = [build_card(doc, section, seen) for _, section in items]
    if doc.errors > before or None in (template_id, title, scale) or items is None:
        return None
    return HealthTemplate(id=template_id, title=title, scale=scale,
                          cards=tuple(c for c in cards if c is not None),
                          description=description or "")
