"""``cablegen serve``: a live preview that rebuilds on every change and reloads the browser.

One job per module: ``safety`` (which paths and Hosts are served),
``server`` (HTTP), ``client`` (the script injected into served pages),
``live`` (epoch, errors, publish lock), ``scan`` (snapshots of the sources and
the watches they need), ``watch`` (watchdog, debounce, rescans),
``rebuild`` (the engine interface), ``publish`` (staging -> output folder),
``app`` (the loop that ties them together).
"""

from __future__ import annotations

from generator.serve.app import Preview, SiteError, run
from generator.serve.rebuild import FullRebuilder, Rebuilder

__all__ = ["FullRebuilder", "Preview", "Rebuilder", "SiteError", "run"]
