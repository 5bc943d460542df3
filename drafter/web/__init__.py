"""`drafter serve`: a local web page over the workspace's YAML for the clerk (Starlette, served by uvicorn).

The YAML stays the single source of truth: the pages call drafter's own functions (workspace, check, pipeline,
newyear, importer, update) and save through yamledit, so what the CLI reads is what the page wrote. Pages are
Jinja templates (templates/); htmx 2.0.11 (static/htmx.min.js, from its npm package, with its licence) swaps
the parts a save or an export changes; static/drafter.js is the page's own small script.
"""
