"""The code's shape, checked in CI: no module over 400 lines, no module using another's private names,
and nothing importing the command line (the commands sit on top; the pipeline never calls them)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "drafter"
MAX_LINES = 400


def module_name(file: Path) -> str:
    parts = file.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def absolute(module: str | None, level: int, here: str, is_package: bool) -> str:
    if not level:
        return module or ""
    base = here.split(".")
    base = base[: len(base) - level + (1 if is_package else 0)]
    return ".".join(base + ([module] if module else []))


def problems(file: Path) -> list[str]:
    out = []
    text = file.read_text(encoding="utf-8")
    where = file.relative_to(PACKAGE.parent)
    if text.count("\n") > MAX_LINES:
        out.append(f"{where}: {text.count(chr(10))} lines (at most {MAX_LINES})")
    here, is_package = module_name(file), file.name == "__init__.py"
    modules: set[str] = set()  # local names bound to drafter modules
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom):
            source = absolute(node.module, node.level, here, is_package)
            if not source.startswith("drafter"):
                continue
            for alias in node.names:
                target = f"{source}.{alias.name}"
                if "drafter.cli" in (source, target) and not here.startswith("drafter.cli"):
                    out.append(f"{where}:{node.lineno}: imports the command line ({target})")
                if alias.name.startswith("_") and not alias.name.startswith("__") and source != here:
                    out.append(f"{where}:{node.lineno}: uses {source}'s private name {alias.name}")
                if (PACKAGE.parent / target.replace(".", "/")).with_suffix(".py").exists() or \
                        (PACKAGE.parent / target.replace(".", "/")).is_dir():
                    modules.add(alias.asname or alias.name)
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
              and node.attr.startswith("_") and not node.attr.startswith("__")):
            out.append(f"{where}:{node.lineno}: uses {node.value.id}.{node.attr}, a private name")
    return out


def main() -> int:
    found = [p for f in sorted(PACKAGE.rglob("*.py")) for p in problems(f)]
    print("\n".join(found) or f"layout: {len(list(PACKAGE.rglob('*.py')))} modules, each within the rules")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
