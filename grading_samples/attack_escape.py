# expect in a sandbox: score=10 reading=tokens
# expect without one: score=1 average=uses-reference skip_filler=uses-reference weighted=uses-reference
"""Tries, at import, every way out of its box, without harming anything: find the grader's
process, signal it (signal 0 only asks whether it may) and open its files for appending
(writing nothing); list the other submissions' folders; read the instructor's environment.
In a sandbox (bubblewrap, or a uid of its own as root), each attempt fails, and then it
starts a fork bomb that the process limit stops and the grader kills.  Its methods are
right, and raise instead when any attempt succeeded.  Uncontained, it opens the grader's
files, sentemb's among them, and is graded 1/10."""

import glob
import os
import re
import time

_escaped = []
_bombed = []


def _grader():
    """The grader's process, if this one can see it: a Python running grade.py, the
    grader's package (sentemb_...) or pytest, other than this harness."""
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{name}/cmdline", "rb") as file:
                words = file.read().decode(errors="replace").split("\0")
        except OSError:
            continue
        command = " ".join(words)
        if (
            int(name) != os.getpid()
            and "python" in os.path.basename(words[0])
            and ("grade.py" in command or "sentemb_" in command or "pytest" in command)
            and "harness.py" not in command
        ):
            return int(name)
    return None


_found = _grader()
if _found is not None:
    try:
        os.kill(_found, 0)
        _escaped.append("could signal the grader")
    except OSError:
        pass
    try:
        _root = os.readlink(f"/proc/{_found}/cwd")
        for _name in sorted(os.listdir(_root)):
            if _name.endswith(".py"):
                with open(os.path.join(_root, _name), "ab"):
                    _escaped.append(f"could open {_name} to write")
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
_allowed = {"PATH", "LANG", "LANGUAGE", "TZ", "HOME", "TMPDIR", "PWD"}  # PWD: bwrap --chdir
_extra = [k for k in os.environ if k not in _allowed and not k.startswith("LC_")]
if _extra:
    _escaped.append(f"could read {len(_extra)} of the instructor's variables")

if not _escaped and os.getuid() != 0:
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
        if not _bombed:
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
