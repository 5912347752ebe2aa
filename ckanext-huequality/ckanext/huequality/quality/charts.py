"""Inline SVG charts (no script, no CDN): scores 0–100 as bars or a line.

Each chart is an image named by ``label`` (``role="img"``, ``aria-label``) inside a wrapper that
scrolls sideways on a narrow screen instead of shrinking its text; the page shows the same numbers
in a table (the text alternative, WCAG 1.1.1), which the label points to."""

from __future__ import annotations

from html import escape

WIDTH, BAR_HEIGHT, PAD = 640, 22, 6


def _open(label: str, width: int, height: int) -> str:
    return (
        f'<div class="huequality-chart" tabindex="0" role="group" aria-label="{escape(label)}">'
        f'<svg role="img" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>"
    )


def bar_chart(items: list[tuple[str, float | None]], label: str) -> str:
    label_w = 260
    scale = (WIDTH - label_w - 50) / 100
    height = max(1, len(items)) * (BAR_HEIGHT + PAD) + PAD
    parts = [_open(label, WIDTH, height)]
    for i, (name, score) in enumerate(items):
        y = PAD + i * (BAR_HEIGHT + PAD)
        value = score or 0.0
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{escape(name[:40])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{value * scale:.1f}" height="{BAR_HEIGHT}" fill="#2a7ab0"/>')
        parts.append(
            f'<text x="{label_w + value * scale + 4:.1f}" y="{y + 15}" font-size="12">'
            f'{"—" if score is None else f"{score:.1f}"}</text>'
        )
    parts.append("</svg></div>")
    return "".join(parts)


def line_chart(points: list[tuple[str, float | None]], label: str) -> str:
    height, left, bottom = 220, 40, 30
    usable_w, usable_h = WIDTH - left - 20, height - bottom - 10
    step = usable_w / max(1, len(points) - 1)
    coords = [(left + i * step, 10 + usable_h * (1 - (s or 0) / 100)) for i, (_p, s) in enumerate(points)]
    parts = [_open(label, WIDTH, height)]
    for tick in (0, 50, 100):
        y = 10 + usable_h * (1 - tick / 100)
        parts.append(f'<line x1="{left}" x2="{WIDTH - 20}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="0" y="{y + 4:.1f}" font-size="11">{tick}</text>')
    if coords:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#2a7ab0" stroke-width="2"/>')
    for (x, y), (period, score) in zip(coords, points, strict=False):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#2a7ab0"/>')
        parts.append(f'<text x="{x - 20:.1f}" y="{height - 8}" font-size="11">{escape(period)}</text>')
        if score is not None:
            parts.append(f'<text x="{x + 4:.1f}" y="{y - 4:.1f}" font-size="11">{score:.1f}</text>')
    parts.append("</svg></div>")
    return "".join(parts)
