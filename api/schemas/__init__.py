"""Request and response models: the API contract's names, typed with pydantic."""
