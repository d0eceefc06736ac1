# expect: score=0 note=only the first 200 of 2000 methods of Flood were described
"""At import, it makes a class of 2,000 methods, each with 19 parameters whose defaults are
strings (so each looks like a mode to try with ten values).  This once took the grader 39.5 s
and 1.7 GB at --limit 10; now 200 methods are described, 60 ways of calling each are tried at
most, 3,000 calls at most are asked, and --limit bounds the judging too."""

_defaults = ", ".join(f"p{i}='mean'" for i in range(19))
_methods = {}
for _number in range(2000):
    exec(f"def m{_number}(self, sentence, {_defaults}):\n    return [0, {_number}]", _methods)
Flood = type("Flood", (), {k: v for k, v in _methods.items() if k.startswith("m")})
