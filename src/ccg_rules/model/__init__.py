"""The document models: one pydantic model per document kind, and the parts they share."""
