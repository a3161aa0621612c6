"""Where things live on disk, and the app's settings."""
