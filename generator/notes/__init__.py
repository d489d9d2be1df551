"""Anchored notes: their syntax (``anchors``) and their place in a cable (``place``)."""
