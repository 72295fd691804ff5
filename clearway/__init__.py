"""clearway."""
