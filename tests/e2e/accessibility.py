"""Accessibility of a page as the browser shows it, checked with axe-core.

axe-core is Deque's engine (the one browser extensions and CI tools use); the dev dependency
axe-playwright-python bundles its axe.min.js, so a fresh `scripts/setup` has it with no
download at test time. Every rule axe runs by default is run (WCAG 2.x A and AA, and its
best practices). A violation of impact serious or critical fails the test; the full report
of each page (every violation, and what axe could not decide and a person should look at)
is written beside its screenshot as JSON, and a plain-text summary is returned for the
assertion message.

The page is also checked for fitting its viewport: a page that scrolls sideways on a
laptop screen (1366 x 768) is not usable there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

BLOCKING = frozenset({"serious", "critical"})
LAPTOP = {"width": 1366, "height": 768}

_AXE = Axe()


@dataclass(frozen=True)
class PageAudit:
    name: str
    url: str
    violations: tuple[dict[str, Any], ...]
    overflow_px: int  # how far the page is wider than the viewport (0: it fits)

    @property
    def blocking(self) -> tuple[dict[str, Any], ...]:
        return tuple(v for v in self.violations if v.get("impact") in BLOCKING)

    def summary(self) -> list[str]:
        lines = [
            f"{self.name} ({self.url}): {v['id']} [{v['impact']}] {v['help']}: "
            + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            for v in self.violations
        ]
        if self.overflow_px:
            lines.append(f"{self.name} ({self.url}): {self.overflow_px} px wider than the viewport")
        return lines


def audit(page, name: str, report_dir: Path, url: str | None = None) -> PageAudit:
    """Run axe on ``page`` as it is now; write ``<name>.axe.json`` in ``report_dir``.
    ``url``: the address to report, for a copy of a page (default: the page's own)."""
    results = _AXE.run(page, options={"resultTypes": ["violations", "incomplete"]}).response
    overflow = page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )
    url = url or page.url
    report = {
        "url": url,
        "axe_version": results.get("testEngine", {}).get("version"),
        "viewport": page.viewport_size,
        "overflow_px": overflow,
        "violations": results["violations"],
        "incomplete": results["incomplete"],
    }
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / f"{name}.axe.json").write_text(json.dumps(report, indent=1))
    return PageAudit(name, url, tuple(results["violations"]), int(overflow))


def problems(audits: list[PageAudit]) -> list[str]:
    """What fails the test: blocking violations and sideways scrolling, one line each."""
    out: list[str] = []
    for a in audits:
        blocking = PageAudit(a.name, a.url, a.blocking, a.overflow_px)
        out.extend(blocking.summary())
    return out
