"""ui/views package."""
