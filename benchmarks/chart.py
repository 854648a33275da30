#!/usr/bin/env python3
"""Draws docs/performance.svg from BenchmarkDotNet's CSV reports: for each comparison, the time and allocation ratio of
every handler against its baseline (Microsoft's handler, 1.0). Standard library only.

    python3 benchmarks/chart.py [BenchmarkDotNet.Artifacts/results] [docs/performance.svg]
"""
import csv
import glob
import html
import os
import sys

results = sys.argv[1] if len(sys.argv) > 1 else "BenchmarkDotNet.Artifacts/results"
output = sys.argv[2] if len(sys.argv) > 2 else "docs/performance.svg"


def number(text):
    """'1.23' -> 1.23; '?', 'NA' or '' -> None."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


rows = []
for path in sorted(glob.glob(os.path.join(results, "*-report.csv"))):
    suite = os.path.basename(path).split(".")[-2].replace("-report", "").replace("Benchmarks", "")
    with open(path, newline="", encoding="utf-8") as report:
        for row in csv.DictReader(report):
            group = suite + (": " + row["Categories"] if row.get("Categories") else "")
            rows.append((group, row["Method"].strip("'"), number(row.get("Ratio", "")), number(row.get("Alloc Ratio", ""))))

if not rows:
    sys.exit(f"no BenchmarkDotNet CSV reports in {results}")

# Layout: one line per benchmark, two bars (time, allocations), groups separated by a heading.
left, bar_height, gap, width, scale_max = 330, 9, 6, 760, 2.0
plot_width = width - left - 60
lines, y = [], 40


def x(ratio):
    return left + plot_width * min(ratio, scale_max) / scale_max


group = None
for name, method, time_ratio, alloc_ratio in rows:
    if name != group:
        group = name
        y += 14
        lines.append(f'<text x="10" y="{y}" font-weight="bold">{html.escape(name)}</text>')
        y += 8
    lines.append(f'<text x="20" y="{y + bar_height + 2}">{html.escape(method)}</text>')
    for offset, ratio, colour, label in ((0, time_ratio, "#3b6ea8", "time"), (bar_height + 1, alloc_ratio, "#e39a2d", "alloc")):
        if ratio is None:
            continue
        lines.append(f'<rect x="{left}" y="{y + offset}" width="{x(ratio) - left:.1f}" height="{bar_height}" fill="{colour}"/>')
        lines.append(f'<text x="{x(ratio) + 4:.1f}" y="{y + offset + bar_height - 1}" font-size="9">{ratio:.2f}× {label}</text>')
    y += 2 * bar_height + gap

axis = [f'<line x1="{x(1.0):.1f}" y1="30" x2="{x(1.0):.1f}" y2="{y}" stroke="#444" stroke-dasharray="4 3"/>',
        f'<text x="{x(1.0) - 30:.1f}" y="24" font-size="10">1.0 = Microsoft\'s handler</text>']
svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y + 20}" font-family="sans-serif" font-size="11">'
       f'<rect width="100%" height="100%" fill="white"/>'
       f'<text x="10" y="16" font-size="13" font-weight="bold">OAuth2Generic against Microsoft\'s handlers (ratio; lower is better)</text>'
       + "".join(axis + lines) + "</svg>\n")
os.makedirs(os.path.dirname(output) or ".", exist_ok=True)
with open(output, "w", encoding="utf-8") as file:
    file.write(svg)
print(f"wrote {output} from {len(rows)} benchmarks")
