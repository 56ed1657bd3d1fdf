"""TTĐN search indexer: corpus files → clean documents → Whoosh index, and the Searcher that reads it."""
