"""``InsightsReport``: the result of ``analyze_conversations``, as JSON and as a self-contained HTML page."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class InsightsReport:
    summary: dict
    arcs: dict
    topics: dict
    escalations: dict
    strategies: dict
    input: dict  # source, rows and turns skipped, the first problems (file:line: what)
    notes: list[str] = field(default_factory=list)  # method and caveats, in plain words

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self, path: str | Path | None = None, indent: int | None = 1) -> str:
        text = json.dumps(self.to_dict(), indent=indent, ensure_ascii=False, allow_nan=False)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    def to_html(self, path: str | Path | None = None) -> str:
        from empathic.insights.html import render

        page = render(self.to_dict())
        if path is not None:
            Path(path).write_text(page, encoding="utf-8")
        return page

    def takeaways(self) -> dict[str, str]:
        from empathic.insights.html import takeaways

        return takeaways(self.to_dict())
