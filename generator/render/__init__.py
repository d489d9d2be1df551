"""Render stage: read the linked corpus, produce pages as (path, bytes); never write."""
