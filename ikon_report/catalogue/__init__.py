"""The catalogue of services (Angebotskatalog): filtered and translated DOCX/PDF editions,
the Excel round trip and the single-file web edition."""
