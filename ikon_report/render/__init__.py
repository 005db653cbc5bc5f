"""Render stage: one pandoc document to DOCX (pandoc + docxtpl + docxcompose) and PDF (pandoc → typst)."""
