"""Pure text parsing: numbers, dates and periods, slugs. No RDF here."""
