"""Writing the dataset in formats other tools read: SQLite for Datasette, TimelineJS JSON."""
