"""The FastAPI app and the `scout` CLI: thin shells over search, indexer and eval."""
