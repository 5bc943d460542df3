"""`drafter import`: an existing report (.docx, or text copied out of a PDF) -> a town's year YAML.

Reading stage for reports that already exist. Text from PDFs is cleaned first (broken lines joined, page
numbers and running heads dropped, spaces removed); then the structure is rebuilt from the numbering
(一、 （一） 1. 一是), the parts are matched to the regulation's items by meaning, and the numbers are lifted
out of the prose into the figures table. Every guess it is unsure of is reported with its place in the input.

Each stage imports only the ones before it:
- `reading`: the file -> paragraphs (`Para`); the size limit, the text encodings, .docx and PDF text.
- `structure`: paragraphs -> `Structure`: title, names, 版头, opening, parts (`Part`, `Node`), signature.
- `figures`: `FigureLifter`, numbers with units -> the figures table and {{ 名称 }} references.
- `writing`: `parse` -> `Imported` (the YAML document and layout); `import_report` writes it, `describe`
  says what was found.
"""

from .figures import FigureLifter
from .reading import Para, clean_line, read
from .structure import Node, Part, Structure, structure
from .writing import Imported, ImportSummary, describe, import_report, parse

__all__ = ["FigureLifter", "ImportSummary", "Imported", "Node", "Para", "Part", "Structure",
           "clean_line", "describe", "import_report", "parse", "read", "structure"]
