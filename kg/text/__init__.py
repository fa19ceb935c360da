"""Pure text parsing: article bytes to text, numbers, periods, units, slugs. No RDF here."""
