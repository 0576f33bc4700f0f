"""`vpa check`: every rule that proves the dataset against its sources, one module per family."""
