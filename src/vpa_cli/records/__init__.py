"""What the data is: each record type declared once, its fields, vocabularies, dates and
schema, and what is wrong with a record."""
