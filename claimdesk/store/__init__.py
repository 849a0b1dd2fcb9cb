"""Storage: the only code that opens the data file."""
