"""One module per lint rule: its metadata, its reason for being, and (for model rules) its check."""
