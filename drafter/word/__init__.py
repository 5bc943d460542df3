"""The Word layer: GB/T 9704 numbers, OOXML helpers, the .docx writer, lint and PDF."""
