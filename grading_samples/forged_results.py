# expect: score=0 error=junk: what it reported cannot be read
"""At import, it writes the grader's results file itself: a class with no methods listed
and a call with no status.  What it reported cannot be read: it earns nothing, and the rest
of the class is graded."""

import json
import os

with open("results.jsonl", "a", encoding="utf-8") as file:
    file.write(json.dumps({"event": "classes", "classes": [{"name": "Forged"}]}) + "\n")
    file.write(json.dumps({"event": "call", "call": "Forged.average#0"}) + "\n")
    file.write(json.dumps({"event": "done"}) + "\n")

os._exit(0)  # before the harness can write what really happened
