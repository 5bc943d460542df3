"""The Word layer: GB/T 9704-2012 as data, and the .docx files drafter writes and checks.

Like python-docx, an API over an XML layer:
- gbt9704: the standard's numbers, fonts and per-role formats, and its text measures (title lines,
  signature indents); plain data, no python-docx.
- oxml: the OOXML drafter writes, on lxml elements; each property element's schema sequence declared once.
- writer: paragraphs with roles -> a .docx, through python-docx and oxml.
- stamp: the town, year and year file an export came from, kept in the .docx for `import --update`.
- revisions: a .docx's paragraphs with tracked changes accepted, their authors, and its comments.
- styles: effective run and paragraph properties of any .docx, resolved through styles as Word does.
- numbering: Word's automatic numbering (一、 （一） 1.) as the document shows it, for import and lint.
- lint: `drafter lint`, any .docx checked against the standard through styles.
- pdf: PDF and page pictures of a written .docx, through LibreOffice.
- fonts: for those previews, the closest installed faces standing in for GB fonts the machine lacks.
"""
