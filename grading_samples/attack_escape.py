# expect as root: score=10 reading=tokens
# expect not as root: score=1 average=uses-reference skip_filler=uses-reference weighted=uses-reference
"""Tries, at import, every way out of its box, without harming anything: open the grader's
files for appending (writing nothing), signal the grader (signal 0 only asks whether it may),
list the other submissions' folders, and read the instructor's environment.  Contained (the
grader runs as root and gives it a uid of its own), each attempt fails, and then it starts a
fork bomb that the process limit stops and the grader kills.  Its methods are right, and
raise instead when any attempt succeeded: uncontained, it is graded 1/10."""

import glob
import os
import re
import time

_escaped = []
_bombed = []
_grader = os.getppid()


def _owner(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(line.split()[1] for line in status if line.startswith("Uid:"))


try:
    _root = os.readlink(f"/proc/{_grader}/cwd")
    for _name in sorted(os.listdir(_root)):
        if _name.endswith(".py"):
            with open(os.path.join(_root, _name), "ab"):
                _escaped.append(f"could open {_name} to write")
except OSError:
    pass
try:
    os.kill(_grader, 0)
    _escaped.append("could signal the grader")
except OSError:
    pass
_mine = os.path.dirname(os.getcwd())
for _folder in glob.glob("/tmp/grade-*/work"):
    if not _folder.startswith(_mine):
        try:
            os.listdir(_folder)
            _escaped.append(f"could list {_folder}")
        except OSError:
            pass
_allowed = {"PATH", "LANG", "LANGUAGE", "TZ", "HOME", "TMPDIR"}
_extra = [k for k in os.environ if k not in _allowed and not k.startswith("LC_")]
if _extra:
    _escaped.append(f"could read {len(_extra)} of the instructor's variables")

if not _escaped and _owner(os.getpid()) != _owner(_grader):
    for _ in range(200):  # a fork bomb: each child forks on, until the limit stops it
        try:
            if os.fork() == 0:
                while True:
                    try:
                        os.fork()
                    except OSError:
                        time.sleep(0.01)
        except OSError:
            _bombed.append("stopped")
            break


class Contained:
    vocab_embeddings = {
        "I": [-1, 1],
        "lot": [0, 2],
        "love": [1, 3],
        "chocolate": [2, 4],
        "milk": [3, 5],
    }
    filler_words = ["I", "and", "as", "for", "it", "or", "maybe"]
    attention_weights = [0.5, 1, 0.7, 0.9, 0.3, 0.2, 0.1]

    def _mean(self, tokens, weights=None):
        if _escaped:
            raise PermissionError("; ".join(_escaped))
        if _owner(os.getpid()) != _owner(_grader) and not _bombed:
            raise RuntimeError("contained, but the process limit did not stop the fork bomb")
        vectors = [self.vocab_embeddings.get(t, [-1, -1]) for t in tokens]
        weights = weights or [1] * len(vectors)
        pairs = list(zip(weights, vectors))
        total = sum(w for w, _ in pairs)
        return [sum(w * v[i] for w, v in pairs) / total for i in range(2)]

    def average(self, sentence):
        return self._mean(re.findall(r"\w+|[^\w\s]", sentence))

    def skip_filler(self, sentence):
        tokens = re.findall(r"\w+|[^\w\s]", sentence)
        return self._mean([t for t in tokens if t not in self.filler_words])

    def weighted(self, sentence):
        return self._mean(re.findall(r"\w+|[^\w\s]", sentence), self.attention_weights)
