"""Diagrams drawn once, when written: every `diagram:` field and ```mermaid fence rendered to SVG by
the vendored Mermaid in Chromium (`playbook diagrams`), stored as content/diagrams/<sha256 of the
source>.svg and inlined by the build, so a reader's browser runs no Mermaid. A diagram without a
stored drawing still works: the page falls back to drawing it in the browser, and validate/build warn."""
from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from xml.dom import minidom
from xml.parsers.expat import ExpatError

from .problems import Problem

FOLDER = Path("content") / "diagrams"
COMMAND = "playbook diagrams"
NAME = re.compile(r"^[0-9a-f]{64}\.svg$")


def key(source: str) -> str:
    """The stored drawing's name: the SHA-256 of the diagram's source as the page shows it."""
    return hashlib.sha256(source.strip().encode("utf-8")).hexdigest()


def stored(root: Path, source: str) -> Path:
    return Path(root) / FOLDER / f"{key(source)}.svg"


@dataclass(frozen=True)
class Diagram:
    """One diagram of an entity: its `diagram:` field, or a ```mermaid fence in a Markdown field."""

    entity: object
    field: str
    line: int
    source: str


# A fence at the start of a line: the page shows it at the start of a line too, where Markdown takes
# the drawing as a block of HTML. (Indented, in a callout or a list, it stays Mermaid's to draw.)
FENCE = re.compile(r"^```mermaid[ \t]*\n(.*?)\n```[ \t]*$", re.MULTILINE | re.DOTALL)


def diagrams_of(catalog) -> list[Diagram]:
    """Every diagram in the playbook, by file and line."""
    found = []
    for e in sorted(catalog.entities.values(), key=lambda e: e.path):
        for field, text in strings(e.data):
            if field == "diagram" and text.strip():
                found.append(Diagram(e, field, e.line_of(field), text))
            elif field != "diagram" and "```mermaid" in text:
                found += [Diagram(e, field, e.line_of(field) + 1 + text[:m.start()].count("\n"), m[1])
                          for m in FENCE.finditer(text)]
    return found


def strings(data, path: str = ""):
    """(dotted field path, text) of every string in an entity's data."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for name, value in data.items():
            yield from strings(value, f"{path}.{name}" if path else str(name))
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            yield from strings(value, f"{path}.{index}")


def inline_fences(page: str, root: Path) -> str:
    """A page's ```mermaid fences, each replaced by its stored drawing where there is one."""
    return FENCE.sub(lambda m: inline(root, m[1]) or m[0], page) if "```mermaid" in page else page


# --- Sanitising: our own render, trusted, but nothing in it may run or fetch ---------------------

BANNED = {"script", "iframe", "object", "embed", "link", "meta", "base", "form", "audio", "video", "image", "img",
          "use", "animate", "set", "animatemotion", "animatetransform", "handler", "listener"}
URL_ATTRIBUTES = {"href", "xlink:href", "src", "action", "formaction"}
VOID = {"br", "hr", "wbr"}  # HTML elements in labels that have no end tag


def sanitise(svg: str) -> str:
    """The SVG, well-formed, on one line, without scripts, event handlers, external references
    or elements that load or animate anything; ValueError if it is not an SVG document."""
    try:
        root = minidom.parseString(svg.encode("utf-8")).documentElement
    except ExpatError as exc:
        raise ValueError(f"not well-formed: {exc}") from None
    if root.localName != "svg":
        raise ValueError(f"the root element is <{root.tagName}>, not <svg>")
    clean(root)
    return serialise(root)


def clean(element) -> None:
    for child in list(element.childNodes):
        if child.nodeType == child.ELEMENT_NODE:
            tag = (child.localName or child.tagName).lower()
            if tag in BANNED:
                element.removeChild(child)
                continue
            for name in list(child.attributes.keys()):
                if not safe(tag, name.lower(), child.getAttribute(name).strip()):
                    child.removeAttribute(name)
            clean(child)
        elif child.nodeType in (child.TEXT_NODE, child.CDATA_SECTION_NODE):
            if element.localName == "style":  # nothing fetched from a style sheet either
                child.data = EXTERNAL.sub("none", re.sub(r"@import[^;]*;?", "", child.data))
        else:
            element.removeChild(child)  # comments, processing instructions


EXTERNAL = re.compile(r"url\(\s*(?![\s'\"]*#)[^)]*\)", re.IGNORECASE)
SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def safe(tag: str, name: str, value: str) -> bool:
    """Whether an attribute may stay: no event handler, no script URL, nothing fetched; a link
    (in an <a>) may lead to a web page or another page of the site."""
    if name.startswith("on") or re.search(r"javascript:|vbscript:", value, re.IGNORECASE) or EXTERNAL.search(value):
        return False
    if name in URL_ATTRIBUTES:
        scheme = SCHEME.match(value)
        return value.startswith("#") or (tag == "a" and (not scheme or scheme[1].lower() in ("http", "https", "mailto")))
    return True


def serialise(element) -> str:
    """XML that is also safe to inline in HTML: explicit end tags for all but void elements."""
    attrs = "".join(f' {name}="{escape(value, True)}"' for name, value in element.attributes.items())
    parts = []
    for child in element.childNodes:
        if child.nodeType == child.ELEMENT_NODE:
            parts.append(serialise(child))
        else:
            parts.append(escape(child.data))
    inner = "".join(parts)
    if not inner and element.tagName in VOID:
        return f"<{element.tagName}{attrs}/>"
    return f"<{element.tagName}{attrs}>{inner}</{element.tagName}>"


GEOMETRY = re.compile(r'\s(d|points|transform|x|y|x1|x2|y1|y2|cx|cy|r|rx|ry|width|height|viewBox)="([^"]*)"')


def compact(svg: str) -> str:
    """Coordinates to hundredths of a pixel: a third of the bytes, no visible difference."""
    return GEOMETRY.sub(lambda m: f' {m[1]}="{LONG_NUMBER.sub(hundredths, m[2])}"', svg)


LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}(?:e-?\d+)?")


def hundredths(match) -> str:
    value = round(float(match[0]), 2)
    return f"{value:.2f}".rstrip("0").rstrip(".") if value else "0"


def escape(text: str, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"\s*\n\s*", " ", text)  # one line: a blank line would end Markdown's HTML block
    return text.replace('"', "&quot;") if attribute else text


# --- The build: inline a stored drawing, or say that none is stored ------------------------------

_LOADED: dict[Path, tuple[tuple, str | None]] = {}  # stored file → (mtime, size), its sanitised text


def load(root: Path, source: str) -> str | None:
    """The stored drawing of `source`, sanitised; None if there is none (or it is not an SVG)."""
    path = stored(root, source)
    try:
        stat = path.stat()
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    if path not in _LOADED or _LOADED[path][0] != stamp:
        try:
            text = sanitise(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            text = None
        _LOADED[path] = (stamp, text)
    return _LOADED[path][1]


def inline(root: Path, source: str, caption: str = "") -> str:
    """The HTML block a page shows for a diagram with a stored drawing ('' without one): the SVG in a
    keyboard-scrollable box, an image named by its caption (else by its labels), readable on a phone."""
    svg = load(root, source)
    if svg is None:
        return ""
    name = plain(caption) or "; ".join(labels(svg)) or "Diagram"
    region = f"Diagram: {plain(caption)}" if caption.strip() else "Diagram"
    width = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ', svg[:svg.index(">")])
    size = f"max-width: {width[1]}px; --pb-diagram-width: {width[1]}px" if width else "max-width: 100%"
    # The root element's role, name and size are the page's, not the stored file's.
    head, rest = svg[:svg.index(">")], svg[svg.index(">"):]
    head = re.sub(r'\s(role|aria-roledescription|aria-label|style|width|height)="[^"]*"', "", head)
    head += f' width="100%" style="{size}" role="img" aria-label="{html.escape(name)}"'
    return (f'<div class="pb-diagram" tabindex="0" role="region" aria-label="{html.escape(region)}">'
            f"{head}{rest}</div>")


def labels(svg: str) -> list[str]:
    """The text of the diagram's nodes, in drawing order."""
    texts = re.findall(r'class="nodeLabel"[^>]*>(.*?)</span>', svg)
    return [plain(t) for t in texts if plain(t)]


def plain(markdown: str) -> str:
    """Text of a caption or a label: links, emphasis, code marks and tags dropped."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", str(markdown))
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"<[^>]+>|[*_`]", "", text)
    return " ".join(html.unescape(text).split())


def unrendered(catalog, root: Path) -> list[Problem]:
    """A warning for each diagram without a stored drawing: the page draws it in the browser."""
    return [Problem(d.entity.path, d.line, d.field,
                    f"no stored drawing ({(FOLDER / (key(d.source) + '.svg')).as_posix()}), so readers' browsers "
                    f"load Mermaid to draw it; run `{COMMAND}` to draw it now")
            for d in diagrams_of(catalog) if load(root, d.source) is None]


# --- `playbook diagrams`: draw them with the vendored Mermaid in Chromium -------------------------

class CannotDraw(Exception):
    """No browser to draw with (Playwright not installed, or no Chromium)."""


@dataclass
class Drawn:
    written: list[Path]
    kept: int
    removed: list[Path]
    problems: list[Problem]


PAGE = "http://playbook.invalid/"
MERMAID = "mermaid/mermaid.esm.min.mjs"
# Material's own configuration of Mermaid (its bundle calls mermaid.initialize with these), with
# its styles (themeCSS): every colour a CSS custom property of the theme, so the inlined drawing
# follows the light and dark palettes. The page defines the font the site sets its text in
# (theme.font: false), for the labels to be measured as readers will see them.
DRAW = """async ([id, source, themeCSS]) => {
  const { default: mermaid } = await import("/assets/%s");
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", themeCSS, handDrawnSeed: 1,
    sequence: { actorFontSize: "16px", messageFontSize: "16px", noteFontSize: "16px" } });
  const timeout = new Promise((_, no) => setTimeout(() => no(new Error("Mermaid took over 30 s")), 30000));
  const { svg } = await Promise.race([mermaid.render(id, source), timeout]);
  const box = document.body.appendChild(document.createElement("div"));
  box.innerHTML = svg;
  // Only the style rules that apply to this drawing (Mermaid's and Material's cover every kind of
  // diagram): a rule stays if any of its selectors matches, its hover and focus states aside.
  const style = box.querySelector("svg > style");
  if (style?.sheet) {
    const used = [...style.sheet.cssRules].filter((rule) => !rule.selectorText || rule.selectorText.split(",").some((s) => {
      try { return box.querySelector(s.replace(/::?(?:before|after|hover|focus(?:-visible|-within)?|active|visited)\b/g, "") || "*"); }
      catch { return true; }
    }));
    const animated = used.filter((rule) => !(rule instanceof CSSKeyframesRule)).map((rule) => rule.cssText).join("");
    style.textContent = used.filter((rule) => !(rule instanceof CSSKeyframesRule) || animated.includes(rule.name + " "))
      .map((rule) => rule.cssText).join("");
  }
  const out = new XMLSerializer().serializeToString(box.querySelector("svg"));
  box.remove();
  return out;
}""" % MERMAID
HTML = """<!doctype html><html><head><meta charset="utf-8"><style>
:root { --md-text-font-family: -apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif;
        --md-mermaid-font-family: var(--md-text-font-family), sans-serif; }
body { font-family: var(--md-text-font-family); }
</style></head><body></body></html>"""


def material_theme_css() -> str:
    """The diagram styles Material gives Mermaid, read from the installed Material's bundle."""
    import material

    bundles = sorted((Path(material.__file__).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js"))
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        name = re.search(r"themeCSS:([\w$]+)", text)
        value = name and re.search(rf'[\s,;]{re.escape(name[1])}="((?:[^"\\]|\\.)*)"', text)
        if value:
            return json.loads(f'"{value[1]}"')
    raise CannotDraw("cannot find Material's diagram styles (themeCSS) in its bundle; "
                     "is mkdocs-material installed?")


def chromium(given: str | None) -> str | None:
    """The Chromium to draw with: given, $PLAYBOOK_CHROMIUM, Debian's, else Playwright's own (None)."""
    for candidate in (given, os.environ.get("PLAYBOOK_CHROMIUM"), shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate:
            return candidate
    return None


def draw(catalog, root: Path, assets: dict[str, Path], everything: bool = False,
         browser: str | None = None, progress=lambda msg: None) -> Drawn:
    """Store a drawing of every diagram that has none (of all of them with `everything`), and remove
    stored drawings no diagram uses any more. `assets` maps site paths under assets/ to files."""
    folder = Path(root) / FOLDER
    wanted = {key(d.source): d for d in diagrams_of(catalog)}
    todo = {k: d for k, d in wanted.items() if everything or load(root, d.source) is None}
    written, problems = [], []
    if todo:
        for k, d, svg, error in render(todo, assets, browser, progress):
            if error:
                problems.append(Problem(d.entity.path, d.line, d.field, f"Mermaid cannot draw it: {error}"))
                continue
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / f"{k}.svg"
            tmp = target.with_name(f".{target.name}.{os.getpid()}")
            tmp.write_text(compact(sanitise(svg)) + "\n", encoding="utf-8")
            os.replace(tmp, target)
            written.append(target)
    removed = []
    for old in sorted(folder.glob("*.svg")) if folder.is_dir() else []:
        if NAME.match(old.name) and old.stem not in wanted:
            old.unlink()
            removed.append(old)
    return Drawn(written, len(wanted) - len(todo), removed, problems)


def render(todo: dict, assets: dict[str, Path], browser: str | None, progress):
    """Yield (key, diagram, svg, error) for each diagram, drawn in one headless Chromium
    that sees nothing but this page and the vendored Mermaid (no network)."""
    try:
        from playwright.sync_api import Error as PlaywrightError, sync_playwright
    except ImportError:
        raise CannotDraw("drawing diagrams needs Playwright: pip install playwright "
                         "(or install playbook with its test extra: pip install 'sre-org-playbook[test]'), "
                         "and a Chromium: Debian's chromium package, or `playwright install chromium`") from None
    if MERMAID not in assets:
        raise CannotDraw(f"no Mermaid to draw with: the site templates have no assets/{MERMAID}")
    theme = material_theme_css()

    def serve(route):
        path = route.request.url.removeprefix(PAGE)
        if path == "":
            route.fulfill(body=HTML, content_type="text/html; charset=utf-8")
        elif path.startswith("assets/") and path.removeprefix("assets/") in assets:
            route.fulfill(path=str(assets[path.removeprefix("assets/")]), content_type="text/javascript")
        else:
            route.abort()

    with sync_playwright() as pw:
        try:
            instance = pw.chromium.launch(executable_path=chromium(browser))
        except PlaywrightError as exc:
            raise CannotDraw(f"cannot start Chromium ({chromium(browser) or 'Playwright’s own'}): "
                             f"{str(exc).splitlines()[0]}; pass --chromium PATH") from None
        try:
            page = instance.new_page()
            page.route("**/*", serve)
            page.goto(PAGE)
            for k, d in todo.items():
                progress(f"drawing the diagram at {d.entity.path}:{d.line}")
                try:
                    svg = page.evaluate(DRAW, [f"pb-diagram-{k[:12]}", d.source.strip(), theme])
                    yield k, d, svg, None
                except PlaywrightError as exc:
                    message = re.sub(r"^(Page.evaluate: )?(\w*Error: )?", "", str(exc)).split("\n")
                    yield k, d, None, " ".join(line.strip() for line in message[:3] if line.strip())
        finally:
            instance.close()
