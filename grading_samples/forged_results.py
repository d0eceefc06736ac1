# expect: score=0 average=error skip_filler=error weighted=error
"""At import, it forges the grader's replies: well-formed lines, claiming the right answers,
written to every file descriptor it can find and to results files, and then its methods
raise.  The grader accepts only the reply to a call it asked for, tagged with a nonce drawn
when it asks: the forgeries earn nothing."""

import json
import os

_forged = {"status": "ok", "value": ["2/7", "10/7"], "nonce": "0" * 32, "classes": []}
for _fd in range(3, 64):
    try:
        os.write(_fd, (json.dumps(_forged) + "\n").encode())
    except OSError:
        pass
for _name in ("results.jsonl", "results.json", "../results.jsonl"):
    try:
        with open(_name, "w", encoding="utf-8") as _file:
            json.dump(_forged, _file)
    except OSError:
        pass


class SentenceEmbedder:
    def average(self, sentence):
        raise NotImplementedError

    def skip_filler(self, sentence):
        raise NotImplementedError

    def weighted(self, sentence):
        raise NotImplementedError
