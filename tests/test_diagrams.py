"""Diagrams drawn when written (generator/diagrams.py): every shipped diagram has its stored drawing,
the build inlines it so readers load no Mermaid, a diagram without one falls back to Mermaid with a
warning (never a failed build), `playbook diagrams` draws them in Chromium, and a stored drawing
can run and fetch nothing."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from sre_org_playbook.diagrams import FOLDER, diagrams_of, inline, key, load, sanitise, stored
from sre_org_playbook.pipeline import Project, check_all

RERUN = "run `playbook diagrams` and commit content/diagrams/"


def shipped() -> list:
    catalog, _ = check_all(Project.at(ROOT))
    return diagrams_of(catalog)


def node_texts(source: str) -> list[str]:
    """The words of each node and edge label of a flowchart source, as the reader sees them."""
    texts = re.findall(r'"([^"]+)"', source)
    return [" ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in texts]


def svg_words(svg: str) -> str:
    """The text a drawing shows, its style sheet aside."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", svg))).split())


def test_every_shipped_diagram_has_its_stored_drawing():
    diagrams = shipped()
    assert len(diagrams) >= 8 and {d.field for d in diagrams} >= {"diagram", "body"}  # fields, and fences in Markdown
    missing = [f"{d.entity.path}:{d.line}" for d in diagrams if load(ROOT, d.source) is None]
    assert not missing, f"these diagrams changed and have no drawing: {missing}; {RERUN}"
    unused = sorted({p.name for p in (ROOT / FOLDER).glob("*.svg")} - {f"{key(d.source)}.svg" for d in diagrams})
    assert not unused, f"drawings no diagram uses: {unused}; {RERUN}"


def test_stored_drawings_are_clean_and_keep_every_label():
    for root, source in [(ROOT, d.source) for d in shipped()] + [(ROOT / "starter", starter_diagram())]:
        text = stored(root, source).read_text(encoding="utf-8").strip()
        assert sanitise(text) == text, f"{stored(root, source)} holds something sanitising removes"
        assert "<script" not in text and not re.search(r"\son\w+=", text)
        # The colours are the theme's (light and dark follow its palette), not fixed ones.
        assert "var(--md-mermaid-node-bg-color)" in text and "var(--md-mermaid-edge-color)" in text
        words = svg_words(text)
        for label in node_texts(source):
            assert label in words, f"{stored(root, source)}: the label {label!r} is not in the drawing"


def starter_diagram() -> str:
    import yaml
    return yaml.safe_load((ROOT / "starter/content/concepts/error-budgets.yaml").read_text(encoding="utf-8"))["diagram"]


# --- Sanitising: whatever a stored file holds, nothing runs and nothing is fetched ---------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" id="d">{}</svg>'
XHTML = 'xmlns="http://www.w3.org/1999/xhtml"'


@pytest.mark.parametrize("unsafe, gone", [
    ("<script>alert(1)</script>", "alert"),
    ("<script><![CDATA[alert(1)]]></script>", "alert"),
    ('<g onload="alert(1)"><rect ONCLICK="alert(2)" onmouseover="x()"/></g>', "alert"),
    ('<a href="javascript:alert(1)"><text>x</text></a>', "javascript"),
    ('<a xlink:href=" JaVaScRiPt:alert(1)"><text>x</text></a>', "alert"),
    ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>x</text></a>', "data:"),
    ('<image href="http://example.org/track.png"/>', "example.org"),
    ('<use href="http://example.org/sprite.svg#a"/>', "example.org"),
    ('<rect style="fill: url(http://example.org/paint)"/>', "example.org"),
    ('<style>@import url(http://example.org/a.css); .a { fill: url( "http://example.org/b" ) }</style>', "example.org"),
    (f'<foreignObject><div {XHTML}><iframe src="http://example.org/"></iframe><img src="x" onerror="alert(1)"/></div></foreignObject>',
     "example.org"),
    ('<animate attributeName="href" to="javascript:alert(1)"/><set attributeName="onload" to="alert(1)"/>', "alert"),
    ("<!-- a comment --><?pi data?>", "comment"),
])
def test_sanitise_removes_whatever_could_run_or_fetch(unsafe: str, gone: str):
    clean = sanitise(SVG.format(unsafe))
    assert gone.lower() not in clean.lower(), clean
    assert not re.search(r"\son\w+=", clean, re.IGNORECASE)
    assert clean.startswith("<svg") and clean.endswith("</svg>")


def test_sanitise_keeps_a_drawing_as_it_is():
    drawing = SVG.format(
        '<style>#d .a { fill: var(--md-mermaid-node-bg-color); } #d text.actor &gt; tspan { x: 0 }</style>'
        '<defs><marker id="m"><path d="M0 0L10 5"></path></marker></defs>'
        '<path d="M1 2L3 4" marker-end="url(#m)" style="stroke: url(#g)"></path>'
        '<a href="https://example.org/page"><text>link</text></a><a href="../other/"><text>near</text></a>'
        f'<foreignObject width="10" height="10"><div {XHTML} style="display: table-cell"><span class="nodeLabel">'
        '<p>one<br/>two &amp; three</p></span><span></span></div></foreignObject>')
    assert sanitise(drawing) == drawing
    # Safe to inline in HTML too: an empty HTML element keeps its end tag, and all is one line.
    assert "<span></span>" in drawing and "\n" not in sanitise(drawing.replace("</style>", "\n\n</style>"))


@pytest.mark.parametrize("text", ["<svg", "<html><body/></html>", "not even markup"])
def test_sanitise_rejects_what_is_not_an_svg(text: str):
    with pytest.raises(ValueError):
        sanitise(text)


def test_an_inlined_drawing_is_an_image_named_by_its_caption_in_a_labelled_scrolling_box(tmp_path: Path):
    source = 'flowchart LR\n  A["One"] --> B["Two"]'
    drawing = SVG.format('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><span class="nodeLabel"><p>One</p>'
                         '</span><span class="nodeLabel"><p>Two<br/>lines</p></span></div></foreignObject>')
    drawing = drawing.replace('id="d"', 'id="d" width="100%" style="max-width: 600.5px;" viewBox="0 0 600.5 80" '
                                        'role="graphics-document document"')
    stored(tmp_path, source).parent.mkdir(parents=True)
    stored(tmp_path, source).write_text(drawing, encoding="utf-8")
    caption = 'What *"one"* leads to, as [the source](../sources/x.md) <b>says</b>'
    block = inline(tmp_path, source, caption)
    assert block.startswith('<div class="pb-diagram" tabindex="0" role="region" '
                            'aria-label="Diagram: What &quot;one&quot; leads to, as the source says"><svg ')
    head = block[:block.index(">", block.index("<svg"))]
    assert 'role="img" aria-label="What &quot;one&quot; leads to, as the source says"' in head
    assert "--pb-diagram-width: 600.5px" in head and "graphics-document" not in head
    assert "\n" not in block and block.endswith("</svg></div>")
    # Without a caption, the labels name it; with neither, it is still named.
    assert 'aria-label="One; Two lines"' in inline(tmp_path, source)
    bare = SVG.format("<g></g>")
    stored(tmp_path, "graph TB").write_text(bare, encoding="utf-8")
    assert 'role="img" aria-label="Diagram"' in inline(tmp_path, "graph TB")
    assert inline(tmp_path, "graph LR") == ""  # none stored: the page keeps its fence


# --- The build: stored drawings inlined; without one, Mermaid in the browser and a warning -------

def test_built_pages_inline_the_drawings_and_load_no_mermaid(built_site: Path):
    diagrams = shipped()
    pages = {p: p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")}
    with_diagram = {p: html for p, html in pages.items() if 'class="pb-diagram"' in html}
    for d in diagrams:
        page = built_site / d.entity.ref / "index.html"
        assert page in with_diagram, f"{d.entity.path}:{d.line}: its page does not show the stored drawing"
        assert f'id="pb-diagram-{key(d.source)[:12]}"' in with_diagram[page]
    for page, html in pages.items():
        assert 'class="mermaid' not in html and "mermaid-lazy.js" not in html, f"{page} still draws with Mermaid"
    for html in with_diagram.values():
        for block in re.findall(r'<div class="pb-diagram".*?</svg></div>', html):
            assert "<script" not in block and 'role="img"' in block and 'tabindex="0"' in block


@pytest.fixture(scope="module")
def edited(tmp_path_factory) -> Path:
    """A new playbook whose author has just changed its diagram: no drawing is stored for it."""
    root = tmp_path_factory.mktemp("edited") / "pb"
    assert run_cli("init", str(root)).returncode == 0
    concept = root / "content/concepts/error-budgets.yaml"
    concept.write_text(concept.read_text(encoding="utf-8").replace('R["Work on reliability"]',
                                                                   'R["Fix what burns the budget"]'), encoding="utf-8")
    return root


def test_a_new_playbook_has_its_diagram_drawn(tmp_path: Path):
    assert run_cli("init", str(tmp_path / "pb")).returncode == 0
    checked = run_cli("validate", cwd=tmp_path / "pb")
    assert checked.returncode == 0 and "warning" not in checked.stderr, checked.stderr
    assert list((tmp_path / "pb" / FOLDER).glob("*.svg"))


def test_a_diagram_without_its_drawing_is_a_warning_naming_the_command(edited: Path):
    line = next(n for n, text in enumerate((edited / "content/concepts/error-budgets.yaml").read_text().splitlines(), 1)
                if text.startswith("diagram:"))
    for command in (["validate"], ["diagrams", "--check"]):
        result = run_cli(*command, cwd=edited)
        warnings = [w for w in result.stderr.splitlines() if "warning:" in w]
        assert warnings == [f"content/concepts/error-budgets.yaml:{line}: warning: diagram: no stored drawing "
                            f"(content/diagrams/{key(starter_diagram().replace('Work on reliability', 'Fix what burns the budget'))}.svg), "
                            "so readers' browsers load Mermaid to draw it; run `playbook diagrams` to draw it now"], result.stderr
        assert result.returncode == (1 if "--check" in command else 0)


def test_a_strict_build_falls_back_to_mermaid_for_a_diagram_without_its_drawing(edited: Path):
    result = run_cli("build", cwd=edited)
    assert result.returncode == 0, result.stderr
    assert "error-budgets.yaml" in result.stderr and "playbook diagrams" in result.stderr
    page = (edited / "site/concepts/error-budgets/index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid">' in page and "mermaid-lazy.js" in page and 'class="pb-diagram"' not in page
    assert "Fix what burns the budget" in page


# --- `playbook diagrams`: drawn with the vendored Mermaid in Chromium ------------------------------

def test_the_command_draws_new_diagrams_and_removes_unused_drawings(tmp_path: Path):
    root = tmp_path / "pb"
    assert run_cli("init", str(root)).returncode == 0
    concept = root / "content/concepts/error-budgets.yaml"
    original = starter_diagram()
    small = 'flowchart LR\n    A["Budget spent"] --> B["Freeze releases"]'
    concept.write_text(concept.read_text(encoding="utf-8").replace(original.replace("\n", "\n  "), small.replace("\n", "\n  ")),
                       encoding="utf-8")
    result = run_cli("diagrams", "--chromium", "/usr/bin/chromium", cwd=root)
    assert result.returncode == 0, result.stderr
    drawing = root / FOLDER / f"{key(small)}.svg"
    assert f"wrote content/diagrams/{drawing.name}" in result.stderr
    assert f"removed content/diagrams/{key(original)}.svg" in result.stderr
    assert sorted(p.name for p in (root / FOLDER).iterdir()) == [drawing.name]
    svg = drawing.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and sanitise(svg.strip()) == svg.strip()
    assert "Budget spent" in svg and "Freeze releases" in svg and "var(--md-mermaid-node-bg-color)" in svg
    again = run_cli("diagrams", "--chromium", "/usr/bin/chromium", cwd=root)
    assert again.returncode == 0 and "0 diagram(s) drawn, 1 already stored" in again.stderr, again.stderr
    assert drawing.read_text(encoding="utf-8") == svg
    # A diagram Mermaid cannot read is the author's error, named by file and line.
    concept.write_text(concept.read_text(encoding="utf-8").replace("flowchart LR", "flowchrt LR"), encoding="utf-8")
    broken = run_cli("diagrams", "--chromium", "/usr/bin/chromium", cwd=root)
    assert broken.returncode == 1
    assert re.search(r"^content/concepts/error-budgets\.yaml:\d+: diagram: Mermaid cannot draw it: \S", broken.stderr,
                     re.MULTILINE), broken.stderr
    assert "Traceback" not in broken.stderr


def test_the_command_says_how_to_get_a_browser_when_it_has_none(tmp_path: Path):
    shutil.copytree(ROOT / "starter", tmp_path / "pb")
    shutil.rmtree(tmp_path / "pb" / FOLDER)
    result = run_cli("diagrams", "--chromium", str(tmp_path / "no-such-chromium"), cwd=tmp_path / "pb")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cannot start Chromium" in result.stderr and "--chromium PATH" in result.stderr
