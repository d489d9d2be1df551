"""The build engine: cached, parallel and incremental runs of the stages.

``generator.build`` states the recipe; this package runs it at scale:
parsed cables are cached by content digest (``cache``), parsing and
rendering are spread over worker processes (``workers``), pages are
rendered only when their dependency key changed and written into a shadow
copy of the site that replaces the live one atomically (``output``), and a
``Session`` keeps the model in memory between builds for ``cablegen serve``.
"""
