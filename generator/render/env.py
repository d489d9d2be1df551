"""The Jinja environment: theme lookup, autoescape everywhere, relative URLs.

A site's own ``themes/<theme>/templates`` comes first, then the built-in
default theme, so a site overrides any template by giving one of the same
name. Autoescape is on for every template, whatever its extension: cable
text and notes are untrusted.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    pass_context,
)
from jinja2.runtime import Context

from generator.config import SiteConfig


def builtin_theme() -> Path:
    """The default theme shipped with cablegen (source checkout or installed package)."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "themes" / "default", here / "_theme" / "default"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("the built-in default theme is missing from this installation")


def theme_dirs(config: SiteConfig) -> list[Path]:
    """Theme folders in lookup order: the site's chosen theme, then the built-in one."""
    dirs = []
    own = config.root / "themes" / str(config.get("theme"))
    if own.is_dir():
        dirs.append(own)
    builtin = builtin_theme()
    if builtin.resolve() not in {d.resolve() for d in dirs}:
        dirs.append(builtin)
    return dirs


def relative(target: str, page: str) -> str:
    """Relative URL from output path ``page`` to output path ``target`` (fragments kept).

    Both are normalised output paths (no ``.`` or ``..``), so the common
    folders are counted directly: ``posixpath.relpath`` is much slower and
    this runs for every link of every page.
    """
    path, _, fragment = target.partition("#")
    if not path:
        return f"#{fragment}"
    here = page.split("/")[:-1]
    there = path.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    rel = "/".join([".."] * (len(here) - common) + there[common:])
    return f"{rel}#{fragment}" if fragment else rel


@pass_context
def _url(ctx: Context, target: str) -> str:
    return relative(target, ctx["page_path"])


def _date(value: datetime | None, fmt: str = "%Y-%m-%d") -> str:
    return value.strftime(fmt) if value else "undated"


def _longdate(value: datetime | None) -> str:
    return f"{value.day} {value:%B %Y, %H:%M} UTC" if value else "undated"


def _iso(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%dT%H:%MZ") if value else ""


_DICT_ATTRIBUTES = frozenset(dir(dict))


class ThemeEnvironment(Environment):
    """Jinja's environment with a faster ``a.b`` on plain dicts (features' values).

    Jinja tries ``getattr`` first and the item second, so every ``features.x.y``
    raised and caught an AttributeError: a tenth of the time of a cable page.
    A plain dict has no attributes but its class's, so looking the item up
    first when the name is not one of them gives the same result.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except LookupError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def make_env(config: SiteConfig) -> Environment:
    """Build the environment; a function, not a global, so tests and workers get their own.

    Templates are not re-checked on disk at each use (``auto_reload``): a session
    makes a new environment when the theme's files change (see ``Session._env``).
    """
    loader = ChoiceLoader([FileSystemLoader(str(d / "templates")) for d in theme_dirs(config)])
    env = ThemeEnvironment(
        loader=loader,
        auto_reload=False,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["url"] = _url
    env.globals["site"] = site_globals(config)
    env.filters["date"] = _date
    env.filters["iso"] = _iso
    env.filters["longdate"] = _longdate
    return env


def compile_all(env: Environment) -> None:
    """Compile the theme's templates now, before render workers are forked.

    Jinja compiles a template on its first use; each forked worker would compile
    its own copy, and the render phase forks a fresh pool every few thousand
    pages (``engine.workers.RECYCLE``). A template that does not compile is left
    for the page that uses it to report.
    """
    for name in env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml"))):
        try:
            env.get_template(name)
        except TemplateError:
            continue


def site_globals(config: SiteConfig) -> dict[str, Any]:
    """Settings the templates may read."""
    return {
        "title": config.title,
        "description": config.get("description"),
        "base_url": str(config.get("base_url")).rstrip("/"),
        "language": config.get("language"),
        "publisher": config.get("publisher"),
    }
