"""The Textual desk."""
