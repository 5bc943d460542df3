"""Write drafter/word/base.docx, the base document every export starts from (see drafter/word/base.py).

    python tools/make_base.py
"""

from drafter.word import base

base.BASE.write_bytes(base.make())
print(f"已写入 {base.BASE}")
