"""The Word layer: GB/T 9704-2012 as data, and the .docx files drafter writes and checks.

- gbt9704: the standard's numbers, fonts and per-role formats, and its text measures (title lines,
  signature indents); plain data, no python-docx.
- writer: paragraphs with roles -> a .docx, through python-docx.
- lint: `drafter lint`, any .docx checked against the standard.
- pdf: PDF and page pictures of a written .docx, through LibreOffice.
"""
