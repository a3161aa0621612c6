"""Everything kept on this computer: the library (SQLite + media folders) and secrets."""
