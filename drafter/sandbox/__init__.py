"""The sandbox every YAML text and template runs in: jinja's immutable sandbox, with limits on its work.

jinja's sandbox keeps a template away from Python's internals, not within the machine's means: two nested
`range(99999)` loops run for hours, `{{ 'a'*10**9 }}` takes gigabytes, a macro calling itself ends in a
RecursionError. Here every step that could grow without bound is counted or sized before or as it is taken
(loop iterations, the size of each value made, numbers, nesting, time; the limits are in limits.py), and every
failure is a RenderError: a Chinese message that the caller locates (a text at its place in the YAML, a
template at its file and line).

- `budget`: what one run may spend, RenderError, `run` (one render within a budget) and `where` (its place).
- `checks`: steps whose result can be far larger than what they are given, sized before they are taken.
- `environment`: the Environment, which rewrites each template so that its loops and literals are checked.
"""

from .budget import RenderError, run, where
from .environment import Environment

__all__ = ["Environment", "RenderError", "run", "where"]
