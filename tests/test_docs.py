"""The docs are the spec: every link in docs/*.md and README.md resolves, every figure query is
named in docs/metrics.md, every "metrics.md §N" cited in the code exists, nothing points
outside the repository."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def _links(path: Path) -> list[str]:
    return LINK.findall(FENCE.sub("", path.read_text(encoding="utf-8")))


def _anchors(path: Path) -> set[str]:
    """GitHub's anchors of a markdown file's headings."""
    out = set()
    for line in FENCE.sub("", path.read_text(encoding="utf-8")).splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            out.add(re.sub(r"[^\w\- ]", "", title).replace(" ", "-"))
    return out


def test_every_link_target_exists():
    missing = []
    for doc in [*DOCS, ROOT / "README.md"]:
        for target in _links(doc):
            if re.match(r"[a-z]+:", target):  # https:, mailto:
                continue
            name, _, anchor = target.partition("#")
            path = (doc.parent / name).resolve() if name else doc
            if not path.exists():
                missing.append(f"{doc.name}: {target}")
            elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
                missing.append(f"{doc.name}: {target} (no such heading)")
    assert missing == []


def test_every_figure_query_is_named_in_metrics():
    targets = set(_links(ROOT / "docs" / "metrics.md"))
    queries = sorted(p.relative_to(ROOT).as_posix()
                     for p in (ROOT / "arlib" / "figures" / "sql").rglob("*.sql"))
    assert queries
    assert [q for q in queries if f"../{q}" not in targets] == []


def test_every_cited_metrics_section_exists():
    text = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^## (\d+)\. ", text, re.M))
    cited = {n for p in (ROOT / "arlib").rglob("*.py")
             for n in re.findall(r"metrics\.md §(\d+)", p.read_text(encoding="utf-8"))}
    assert cited and cited <= sections, sorted(cited - sections)


def test_nothing_points_outside_the_repository():
    assert "../shared" not in (ROOT / "README.md").read_text(encoding="utf-8")
    for doc in DOCS:
        assert "../shared" not in doc.read_text(encoding="utf-8"), doc.name
