"""The plain records every loader produces and `upsert` writes, whatever the source format."""
from __future__ import annotations

from dataclasses import dataclass, field


class MalformedRecord(ValueError):
    """A source record that cannot become a service; the message says why."""


@dataclass
class NamedCode:
    """A code-list entry (target group, life event, municipality) with names per language."""

    code: str
    names: dict[str, str] = field(default_factory=dict)
    parent_code: str | None = None


@dataclass
class OrganisationRecord:
    id: str
    names: dict[str, str]
    url: str | None = None


@dataclass
class ChannelRecord:
    id: str
    type: str
    names: dict[str, str] = field(default_factory=dict)
    url: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    organisation_id: str | None = None


@dataclass
class ServiceRecord:
    id: str
    source: str
    names: dict[str, str]
    summaries: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    life_areas: list[str] = field(default_factory=list)
    url: str | None = None
    nationwide: bool = False
    provider: OrganisationRecord | None = None
    municipalities: list[NamedCode] = field(default_factory=list)
    target_groups: list[NamedCode] = field(default_factory=list)
    life_events: list[NamedCode] = field(default_factory=list)
    channels: list[ChannelRecord] = field(default_factory=list)
    modified: str | None = None

    def check(self) -> ServiceRecord:
        """Raise MalformedRecord unless the record can be stored and shown."""
        if not self.id or not self.id.strip():
            raise MalformedRecord("no id")
        if len(self.id) > 64:
            raise MalformedRecord(f"id longer than 64 characters: {self.id[:70]!r}")
        if not (self.names.get("fi") or "").strip():
            raise MalformedRecord(f"{self.id}: no Finnish name")
        return self
