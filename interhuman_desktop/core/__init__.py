"""Plain-Python building blocks shared by every layer: the clock, bounded queues, small helpers."""
