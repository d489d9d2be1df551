"""Publishing: citations, Atom feeds, sitemaps, exports and the zip archive of a site."""
