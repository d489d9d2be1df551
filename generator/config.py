"""``site.toml`` -> ``SiteConfig``, with every problem reported at once.

The schema is declared as data (key, type, default, check, help), so the
README's table of keys, the validation and the defaults cannot drift apart.
Like mkdocs' ``load_config``, all problems (unknown keys, wrong types, bad
values) are collected with their line before the build gives up.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, error

Check = Callable[[Any], str | None]


def _url(value: str) -> str | None:
    if value and not re.match(r"^https?://[^\s/]+", value):
        return "must be an http(s) URL such as https://example.org/cables/"
    return None


def _template(value: str) -> str | None:
    if "{id}" not in value:
        return "must contain {id}"
    return _url(value)


def _relative_dir(value: str) -> str | None:
    if not value.strip() or value.strip() in (".", "/", "~"):
        return "must name a folder inside or beside the site, not the site itself"
    return None


def _positive(value: int) -> str | None:
    return None if value > 0 else "must be a positive integer"


def _non_negative(value: int) -> str | None:
    return None if value >= 0 else "must be zero (automatic) or a positive integer"


def _language(value: str) -> str | None:
    return None if re.match(r"^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$", value) else \
        "must be a language tag such as en or en-GB"


@dataclass(frozen=True, slots=True)
class Key:
    """One key of site.toml."""

    name: str
    type: type
    default: Any
    help: str
    check: Check | None = None


SCHEMA: tuple[Key, ...] = (
    Key("title", str, "Cable edition", "Site title, shown on every page and in feeds."),
    Key("description", str, "", "One-sentence description for feeds and metadata."),
    Key("base_url", str, "", "Public URL of the site, for feeds, sitemap and canonical links; "
        "pages themselves use relative links.", _url),
    Key("language", str, "en", "Language of the site's own text (BCP 47).", _language),
    Key("publisher", str, "", "Publisher named in citations and Dublin Core metadata."),
    Key("output", str, "_site", "Output folder, relative to the site folder.", _relative_dir),
    Key("theme", str, "default", "Theme folder under themes/; templates missing from it come "
        "from the built-in default theme."),
    Key("content", str, "content", "Content folder, relative to the site folder.",
        _relative_dir),
    Key("references.external_url", str, "https://wikileaks.org/plusd/cables/{id}_a.html",
        "URL template for cited cables that are not in the site.", _template),
    Key("browse.page_size", int, 200, "Cables per page on browse pages.", _positive),
    Key("feeds.entries", int, 50, "Entries in each Atom feed.", _positive),
    Key("exports.jsonl", bool, True, "Write cables.jsonl: every cable's JSON, one per line."),
    Key("exports.csv", bool, True, "Write cables.csv: one row of metadata per cable."),
    Key("build.jobs", int, 0, "Worker processes; 0 uses every core.", _non_negative),
    Key("build.cache", str, ".cablegen-cache", "Cache folder for parsed cables, relative to "
        "the site folder.", _relative_dir),
)
_BY_NAME = {k.name: k for k in SCHEMA}
_TABLES = {k.name.split(".")[0] for k in SCHEMA if "." in k.name}


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Validated settings; ``values`` maps every schema key to its value."""

    root: Path
    values: tuple[tuple[str, Any], ...]
    digest: str
    """Hash of the settings, so a changed config invalidates every page."""

    def get(self, name: str) -> Any:
        """The value of a schema key (``references.external_url``)."""
        return dict(self.values)[name]

    @property
    def title(self) -> str:
        """The site title."""
        return str(self.get("title"))

    @property
    def output(self) -> Path:
        """Absolute output folder."""
        return (self.root / str(self.get("output"))).resolve()

    @property
    def content(self) -> Path:
        """Absolute content folder."""
        return (self.root / str(self.get("content"))).resolve()

    @property
    def cache(self) -> Path:
        """Absolute cache folder (parsed cables, and what jobs keep of their last outputs)."""
        return (self.root / str(self.get("build.cache"))).resolve()


def _key_lines(text: str) -> dict[str, int]:
    """Map dotted keys to the line that sets them (tomllib keeps no positions)."""
    lines: dict[str, int] = {}
    table = ""
    for no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if m := re.match(r"^\[\s*([A-Za-z0-9_.-]+)\s*\]", line):
            table = m[1]
            lines.setdefault(table, no)
        elif m := re.match(r"^([A-Za-z0-9_.\"-]+)\s*=", line):
            key = m[1].strip('"')
            lines.setdefault(f"{table}.{key}" if table else key, no)
    return lines


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and name in _TABLES:
            out.update(_flatten(value, f"{name}."))
            continue
        out[name] = value
    return out


def load_config(root: Path, name: str = "site.toml") -> tuple[SiteConfig | None, list[Diagnostic]]:
    """Read and validate ``root/site.toml``; a missing file means all defaults."""
    path = root / name
    diags: list[Diagnostic] = []
    text = ""
    data: dict[str, Any] = {}
    if path.exists():
        try:
            text = path.read_text(encoding="utf-8")
            data = tomllib.loads(text)
        except UnicodeDecodeError:
            return None, [error(name, 0, "site.toml is not UTF-8", "config-encoding")]
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"line (\d+)", str(exc))
            return None, [error(name, int(m[1]) if m else 0, f"invalid TOML: {exc}",
                                "config-syntax")]
        except OSError as exc:
            return None, [error(name, 0, f"cannot read: {exc.strerror}", "config-unreadable")]
    lines = _key_lines(text)
    values = {k.name: k.default for k in SCHEMA}
    for key, value in _flatten(data).items():
        where = lines.get(key, 0)
        spec = _BY_NAME.get(key)
        if spec is None:
            near = [k.name for k in SCHEMA if k.name.split(".")[-1] == key.split(".")[-1]]
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            diags.append(error(name, where, f"unknown key {key!r}{hint}", "config-key"))
            continue
        if not isinstance(value, spec.type) or (spec.type is int and isinstance(value, bool)):
            diags.append(error(name, where, f"{key} must be a {spec.type.__name__}, not "
                               f"{type(value).__name__}", "config-type"))
            continue
        problem = spec.check(value) if spec.check else None
        if problem:
            diags.append(error(name, where, f"{key} {problem}", "config-value"))
            continue
        values[key] = value
    if diags:
        return None, diags
    digest = hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()
    return SiteConfig(root.resolve(), tuple(sorted(values.items())), digest), diags
