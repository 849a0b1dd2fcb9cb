"""Pure business rules: no textual, no tinydb."""
