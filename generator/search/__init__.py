"""The search index: tokens, packed per-cable terms, the sharded index and its encoding."""
