"""Loads every message example of the bundled AsyncAPI document into the Modelina Python models.

Reads examples.json next to it (written by scripts/generate-models.mjs from the bundled document) and
prints one JSON line per example: {"message", "example", "ok", "error", "fields"}.
A model is built with the example's dict; then every declared wire name present in the example must be
readable through the model's property, which proves the wire names survived generation.
"""
import importlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "python"))
# The models' package: wsmodels (WebSocket v1) unless named, e.g. uwsmodels for the Unified WebSocket.
models = importlib.import_module(sys.argv[1] if len(sys.argv) > 1 else "wsmodels")


def main() -> int:
    examples = json.loads((Path(__file__).parent / "examples.json").read_text())
    failures = 0
    for row in examples:
        result = {"message": row["message"], "example": row["example"], "ok": False, "fields": 0}
        try:
            cls = getattr(models, row["model"])
            obj = cls(row["payload"])
            for wire, attr in cls._wire_to_attr.items():
                if wire in row["payload"] and row["payload"][wire] is not None:
                    if getattr(obj, attr) is None:
                        raise AssertionError(f"{wire} present in the example but {attr} is None")
                    result["fields"] += 1
            result["ok"] = True
        except Exception as error:  # report every failure, keep going
            result["error"] = f"{type(error).__name__}: {error}"
            failures += 1
        print(json.dumps(result))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
