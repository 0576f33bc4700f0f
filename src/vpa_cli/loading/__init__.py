"""Reading the data: data files into a `Dataset`, the cache, and the texts of the sources."""
