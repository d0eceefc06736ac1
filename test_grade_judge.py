"""Judging, in this process, on what a submission's process would have said: replies checked
at the boundary (run.py), then the class and methods found by behaviour and each check
(judge.py).  No process is started: these run in milliseconds, for mutation testing too."""

from __future__ import annotations

import sys
import time
from fractions import Fraction
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest

import sentemb
from sentemb_grade import judge, key, run, signals
from sentemb_grade.collect import Submission
from sentemb_grade.run import Answer, Described, Method, Parameter, Way
from sentemb_grade.sandbox import Sandbox

KEY = key.make_key(7)
OPTIONS = run.Options(sandbox=Sandbox("none", sys.executable, None))
SUBMISSION = Submission("ada.py", "", "ada.py", {}, ("a note from collecting",))
SENTENCE = Parameter("sentence", "POSITIONAL_OR_KEYWORD", True)
PLAIN = Way("text", False)
VARIABLES: Dict[str, Any] = {
    "vocab": {w: [str(i - 1), str(i + 1)] for i, w in enumerate(sentemb.EXERCISE_VOCAB)},
    "fillers": list(sentemb.FILLER_WORDS),
    "weights": [str(w) for w in sentemb.ATTENTION_WEIGHTS],
}


def vector(role: str, index: int, reading: str = "tokens", mistake: Optional[str] = None) -> Any:
    if mistake is None:
        return KEY.right[role, reading, index]
    return KEY.wrong[role, reading, index, mistake]


def answers(
    role: str,
    reading: str = "tokens",
    mistake: Optional[str] = None,
    status: str = "ok",
    hidden: Optional[str] = None,
) -> List[Answer]:
    """A method's answers on the exercise's sentence and the hidden ones: right, or with a
    catalogued mistake; ``hidden`` makes the hidden ones 'same' (the exercise's answer) or
    'wrong'."""
    first = Answer(status, vector(role, 0, reading, mistake), None if status == "ok" else "x")
    found = [first]
    for index in range(1, len(KEY.sentences)):
        got = vector(role, index, "tokens", mistake)
        if hidden == "same":
            got = first.vector
        elif hidden == "wrong":
            got = (Fraction(99), Fraction(99))
        found.append(Answer("ok", got, None))
    return found


def described(
    methods: Sequence[str] = ("average", "skip_filler", "weighted"),
    name: Optional[str] = "Embedder",
    variables: Optional[Dict[str, Any]] = None,
) -> Described:
    found = tuple(Method(m, "instance", (SENTENCE,)) for m in methods)
    return Described(name, VARIABLES if variables is None else variables, {}, (), found)


def judged(
    cls: Described,
    given: Dict[str, List[Tuple[Way, List[Answer]]]],
    options: run.Options = OPTIONS,
    flags: Sequence[str] = (),
    status: str = "ok",
    deadline: Optional[float] = None,
) -> Dict[str, Any]:
    imported = run.Imported(status, None if status == "ok" else "it stopped", ("harness note",),
                            (cls, Described(None, {}, {}, (), ())))  # fmt: skip
    tried: run.Answers = {(cls.name, m.name): [] for m in cls.methods}  # as run_submission does
    tried.update({(cls.name, m): ways for m, ways in given.items()})
    result = run.Run(imported, tried, ["a run note"])
    report = judge.judge(SUBMISSION, result, KEY, options, flags, deadline)
    verdicts(report)  # every check passed or failed, with its points
    return report


def plain(**roles: List[Answer]) -> Dict[str, List[Tuple[Way, List[Answer]]]]:
    return {name: [(PLAIN, got)] for name, got in roles.items()}


def right() -> Dict[str, List[Tuple[Way, List[Answer]]]]:
    return plain(**{role: answers(role) for role in key.ROLES})


def verdicts(report: Dict[str, Any]) -> Dict[str, Optional[str]]:
    """Each check: "pass", or its mistake; a check neither passed nor failed is a bug."""
    found = {}
    for check in report["checks"]:
        assert check["passed"] in (True, False), check
        assert check["points"] == (check["max_points"] if check["passed"] else 0), check
        assert (check["mistake"] is None) == check["passed"], check  # a failure names its mistake
        found[check["name"]] = "pass" if check["passed"] else check["mistake"]
    return found


# -- Right work -----------------------------------------------------------------------------------


def test_right_answers_earn_every_point() -> None:
    report = judged(described(), right())
    assert report["score"] == report["max_score"] == 10
    assert set(verdicts(report).values()) == {"pass"}
    assert report["found"] == {"class": "Embedder", "average": "average",
                               "skip_filler": "skip_filler", "weighted": "weighted"}  # fmt: skip
    assert report["reading"] == "tokens"
    assert report["notes"] == ["a note from collecting", "harness note", "a run note"]
    assert report["checks"][0]["feedback"] == (
        "Found the vocabulary as vocab, filler words as fillers, attention weights as weights."
    )
    assert report["checks"][1]["feedback"] == "average() gives [0.285714 (2/7), 1.42857 (10/7)]."
    assert report["checks"][4]["feedback"] == "Right on 3 other sentences."


def test_methods_are_found_by_behaviour_whatever_their_names() -> None:
    cls = described(("zeta", "alpha", "mid"))
    given = plain(zeta=answers("weighted"), alpha=answers("skip_filler"), mid=answers("average"))
    report = judged(cls, given)
    assert report["score"] == 10
    assert report["found"] == {"class": "Embedder", "average": "mid", "skip_filler": "alpha",
                               "weighted": "zeta"}  # fmt: skip


def test_the_words_only_reading_earns_full_marks_unless_strict() -> None:
    given = plain(**{r: answers(r, "words-only") for r in ("average", "skip_filler")},
                  weighted=answers("weighted"))  # fmt: skip
    report = judged(described(), given)
    assert (report["score"], report["reading"]) == (10, "words-only")
    strict = judged(described(), given, OPTIONS._replace(strict=True))
    assert verdicts(strict)["average"] == verdicts(strict)["skip_filler"] == "words-only-reading"
    assert strict["score"] == 6


def test_a_tie_of_readings_goes_to_tokens() -> None:
    given = plain(average=answers("average", "words-only"), skip_filler=answers("skip_filler"))
    assert judged(described(("average", "skip_filler")), given)["reading"] == "tokens"


def test_one_method_with_a_flag_fills_two_roles() -> None:
    flagged = Way("text", False, (("skip", True),))
    cls = described(("embed", "weighted"))
    given = {"embed": [(PLAIN, answers("average")), (flagged, answers("skip_filler"))],
             "weighted": [(PLAIN, answers("weighted"))]}  # fmt: skip
    report = judged(cls, given)
    assert report["score"] == 10
    assert report["found"]["average"] == report["found"]["skip_filler"] == "embed"
    assert (
        "method 2 (skip filler words): embed() was called with the sentence and skip=True"
        in (report["notes"])
    )


def test_answers_within_the_tolerance_pass_with_a_note() -> None:
    near = [a._replace(vector=tuple(x + Fraction(1, 10**5) for x in a.vector or ()))
            for a in answers("average")]  # fmt: skip
    given = {**right(), "average": [(PLAIN, near)]}
    report = judged(described(), given)
    assert report["score"] == 10
    assert report["checks"][1]["feedback"] == (
        "average() gives [0.285724, 1.42858]. Right within the tolerance 0.001: exactly "
        "[0.285714 (2/7), 1.42857 (10/7)]."
    )
    assert report["notes"][-1].startswith("some answers are right within the tolerance 0.001")
    assert verdicts(judged(described(), given, OPTIONS._replace(tolerance=1e-9)))["average"] == (
        "wrong-answer"
    )


# -- Mistakes, each named -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "mistake"),
    [("average", "oov-skipped"), ("skip_filler", "oov-skipped"), ("weighted", "oov-skipped"),
     ("weighted", "weights-not-normalised"), ("weighted", "divided-by-count"),
     ("skip_filler", "fillers-kept")],
)  # fmt: skip
def test_each_catalogued_mistake_is_named_with_its_feedback(role: str, mistake: str) -> None:
    given = {**right(), role: [(PLAIN, answers(role, mistake=mistake))]}
    report = judged(described(), given)
    verdicts(report)
    checks = {c["name"]: c for c in report["checks"]}
    for name in (role, f"{role}_hidden"):
        assert checks[name]["mistake"] == mistake
        assert checks[name]["feedback"].endswith(judge.FEEDBACK[mistake])


def test_an_answer_that_never_changes_is_hard_coded() -> None:
    given = {**right(), "average": [(PLAIN, answers("average", hidden="same"))]}
    checks = {c["name"]: c for c in judged(described(), given)["checks"]}
    assert checks["average"]["passed"]
    assert checks["average_hidden"]["mistake"] == "hard-coded"


def test_a_wrong_answer_shows_the_digits_that_differ() -> None:
    got = (Fraction(28, 100), Fraction(10, 7))
    given = {**right(), "average": [(PLAIN, [Answer("ok", got, None), *answers("average")[1:]])]}
    check = judged(described(), given)["checks"][1]
    assert check["mistake"] == "wrong-answer"
    assert check["feedback"] == (
        "average() gives [0.28, 1.42857 (10/7)]; the answer is [0.285714 (2/7), 1.42857 (10/7)]."
    )
    tiny = (Fraction(1, 2) + Fraction(1, 10**30), Fraction(2))
    assert judge._shown(tiny, (Fraction(1, 2), Fraction(2))) == ("[0.5, 2]", "[0.5, 2]")
    wrong = {**right(), "average": [(PLAIN, answers("average", hidden="wrong"))]}
    hidden = judged(described(), wrong)["checks"][4]
    assert hidden["mistake"] == "wrong-answer"
    answer = judge._show(KEY.right["average", "tokens", 1])
    assert hidden["feedback"] == (
        f"average({KEY.sentences[1]!r}) gives [99, 99]; the answer is {answer}."
    )


def test_a_mistake_on_a_hidden_sentence_alone_is_named_there() -> None:
    mixed = answers("weighted")[:2] + answers("weighted", mistake="divided-by-count")[2:]
    given = {**right(), "weighted": [(PLAIN, mixed)]}
    hidden = judged(described(), given)["checks"][6]
    assert hidden["mistake"] == "divided-by-count"
    assert hidden["feedback"].startswith(f"weighted({KEY.sentences[2]!r}) gives")


def test_printing_instead_of_returning() -> None:
    printed = [Answer("none", a.vector, None) for a in answers("average")]
    given = {**right(), "average": [(PLAIN, printed)]}
    checks = judged(described(), given)["checks"]
    assert checks[1]["mistake"] == checks[4]["mistake"] == "returned-none"
    assert checks[1]["feedback"].endswith("It printed the right numbers.")
    nothing = [Answer("none", None, None), *answers("average")[1:]]
    check = judged(described(), {**right(), "average": [(PLAIN, nothing)]})["checks"][1]
    assert check["feedback"] == judge.FEEDBACK["returned-none"]
    late = answers("average")[:2] + [Answer("none", None, None)] * 2
    assert judged(described(), {**right(), "average": [(PLAIN, late)]})["checks"][4]["mistake"] == (
        "returned-none"
    )


@pytest.mark.parametrize("status", ["error", "timeout", "memory", "exit", "junk"])
def test_a_call_that_fails_is_that_checks_failure(status: str) -> None:
    failed = [Answer(status, None, f"it {status}ed")]
    given = {**right(), "average": [(PLAIN, failed)]}
    checks = judged(described(), given)["checks"]
    assert (checks[1]["mistake"], checks[1]["feedback"]) == (status, f"average(): it {status}ed.")
    assert (checks[4]["mistake"], checks[4]["feedback"]) == (status, f"average(): it {status}ed.")
    late = [*answers("average")[:3], Answer(status, None, None)]
    check = judged(described(), {**right(), "average": [(PLAIN, late)]})["checks"][4]
    assert check["mistake"] == status
    assert check["feedback"] == f"average({KEY.sentences[3]!r}): {status}."


def test_a_method_that_computes_nothing_asked_is_not_found() -> None:
    given = plain(average=answers("average"), skip_filler=answers("skip_filler"))
    checks = judged(described(("average", "skip_filler")), given)["checks"]
    assert checks[3]["mistake"] == checks[6]["mistake"] == "not-found"
    assert checks[3]["feedback"] == (
        "No method computes method 3 (weighted average): for the exercise's sentence it is "
        "[1.08108 (40/37), 2.75676 (102/37)]."
    )


# -- The class ------------------------------------------------------------------------------------


def test_class_variables_must_hold_the_exercises_values_in_the_class() -> None:
    report = judged(described(variables={"vocab": VARIABLES["vocab"]}), right())
    check = report["checks"][0]
    assert check["mistake"] == "class-variables-missing"
    assert check["feedback"] == (
        "Not found as class variables with the exercise's values: filler words, attention weights."
    )
    on_instance = described(variables={})._replace(instance_variables=VARIABLES)
    check = judged(on_instance, right())["checks"][0]
    assert check["feedback"].endswith(
        "(vocabulary, filler words, attention weights set on the instance: define them in the "
        "class body.)"
    )
    folded = {"vocab": {w.upper(): v for w, v in VARIABLES["vocab"].items()},
              "other": ["not", "these"], "fillers": [f.upper() for f in VARIABLES["fillers"]],
              "weights": VARIABLES["weights"]}  # fmt: skip
    assert judged(described(variables=folded), right())["checks"][0]["passed"]


@pytest.mark.parametrize(
    "vocab",
    [
        {"I": ["-1", "1"]},
        {**VARIABLES["vocab"], "I": ["9", "9"]},
        {**VARIABLES["vocab"], "I": "-1 1"},
        {**VARIABLES["vocab"], "I": ["x", "1"]},
    ],
    ids=["missing words", "wrong vector", "not a list", "not a number"],
)
def test_a_vocabulary_that_differs_is_not_the_exercises(vocab: Dict[str, Any]) -> None:
    cls = described(variables={**VARIABLES, "vocab": vocab})
    assert judged(cls, right())["checks"][0]["mistake"] == "class-variables-missing"


def test_module_functions_are_graded_without_a_class() -> None:
    cls = described(name=None)
    report = judged(cls, right())
    assert report["score"] == 9
    assert report["checks"][0]["feedback"].startswith("No class: the methods were graded")


def test_the_class_that_fits_best_is_chosen_unless_named() -> None:
    helper = Described("Helper", {}, {}, (), (Method("average", "instance", (SENTENCE,)),))
    imported = run.Imported("ok", None, (), (helper, described(), Described(None, {}, {}, (), ())))
    skipped = answers("average", mistake="oov-skipped")
    tried: run.Answers = {("Helper", "average"): [(PLAIN, skipped)],
                          **{("Embedder", m): w for m, w in right().items()}}  # fmt: skip
    result = run.Run(imported, tried, [])
    assert judge.judge(SUBMISSION, result, KEY, OPTIONS)["found"]["class"] == "Embedder"
    named = OPTIONS._replace(class_name="Helper")
    report = judge.judge(SUBMISSION, result, KEY, named)
    assert (report["found"]["class"], report["score"]) == ("Helper", 0)
    nobody = judge.judge(SUBMISSION, result, KEY, OPTIONS._replace(class_name="Nobody"))
    assert nobody["error"] == "no class named 'Nobody'"
    notes_of_the_run = judged(described(), right(), OPTIONS._replace(class_name="Nobody"))["notes"]
    assert notes_of_the_run == ["a note from collecting", "harness note", "a run note"]


def test_a_method_named_by_hand_takes_its_role() -> None:
    forced = OPTIONS._replace(methods={"average": "skip_filler"})
    report = judged(described(), right(), forced)
    assert report["found"]["average"] == "skip_filler"
    assert verdicts(report)["average"] == "wrong-answer"
    assert report["found"]["skip_filler"] == "average"  # one way fills one role
    assert verdicts(report)["skip_filler"] == "fillers-kept"
    unknown = OPTIONS._replace(methods={"average": "nowhere"})
    assert judged(described(), right(), unknown)["found"]["average"] == "average"


def test_the_methods_name_breaks_a_tie() -> None:
    cls = described(("other", "mean_one"))
    given = plain(other=answers("average"), mean_one=answers("average"))
    assert judged(cls, given)["found"]["average"] == "mean_one"
    mistaken = plain(other=answers("average", mistake="oov-skipped"),
                     mean_one=answers("average", mistake="oov-skipped"))  # fmt: skip
    assert judged(cls, mistaken)["found"]["average"] == "mean_one"


# -- Reports that are not graded ------------------------------------------------------------------


def test_what_stops_the_file_running_is_the_reason() -> None:
    cls = Described("Empty", {}, {}, (), ())
    assert judged(cls, {}, status="syntax")["error"] == "the file does not compile: it stopped"
    report = judged(cls, {}, status="error")
    assert report["error"] == "while running the file: it stopped"
    assert report["notes"][-1] == "running the file stopped early: it stopped"
    assert judged(cls, {})["error"] == "the file defines no class and no function"
    partly = judged(described(), right(), status="timeout")
    assert partly["score"] == 10
    assert "running the file stopped early: it stopped" in partly["notes"]


def test_a_flag_is_evidence_and_takes_no_points_unless_the_instructor_asks() -> None:
    flags = ["ada.py: Embedder (lines 3-40) matches sentemb's ExerciseEmbedder, 97% of it"]
    assert judged(described(), right(), flags=flags)["score"] == 10
    zero = judged(described(), right(), OPTIONS._replace(integrity="zero"), flags=flags)
    assert zero["score"] == 1
    check = zero["checks"][1]
    assert (check["passed"], check["mistake"]) == (False, "uses-reference")
    assert check["feedback"] == judge.FEEDBACK["uses-reference"]  # the evidence is not shown
    assert judged(described(), right(), OPTIONS._replace(integrity="zero"))["score"] == 10


def test_points_can_be_set_per_check() -> None:
    points = {**key.RUBRIC, "average": 5, "class_variables": 0}
    report = judged(described(), right(), OPTIONS._replace(points=points))
    assert (report["score"], report["max_score"]) == (12, 12)


def test_every_text_in_a_report_is_printable() -> None:
    odd = described(("av\x1berage\udce9", "skip_filler", "weighted"), name="E\u202emb")
    given = {"av\x1berage\udce9": [(PLAIN, answers("average", hidden="wrong"))],
             **plain(skip_filler=answers("skip_filler"), weighted=answers("weighted"))}  # fmt: skip
    report = judged(odd, given)
    assert report["found"]["class"] == "E\\u202emb"
    assert report["found"]["average"] == "av\\x1berage\\xe9"
    assert all(c["feedback"].isprintable() for c in report["checks"])


def test_judging_stops_at_its_deadline_or_a_signal() -> None:
    with pytest.raises(signals.OutOfTime):
        judged(described(), right(), deadline=time.monotonic() - 1)
    signals.STOP.set()
    try:
        with pytest.raises(signals.Stopped):
            judged(described(), right())
    finally:
        signals.STOP.clear()


# -- Replies, checked at the boundary -------------------------------------------------------------

GOOD = {
    "status": "ok",
    "detail": None,
    "notes": ["a note"],
    "classes": [
        {
            "name": "E",
            "variables": {},
            "instance_variables": {},
            "init": [],
            "methods": [["f", "instance", [["s", "POSITIONAL_OR_KEYWORD", {"none": True}],
                                           ["m", "KEYWORD_ONLY", {"value": "mean"}]]]],
        }
    ],
    "functions": [["g", None]],
}  # fmt: skip


def test_a_reply_becomes_plain_records() -> None:
    imported = run.imported_from(GOOD, ["collected"])
    assert imported.status == "ok"
    assert imported.notes == ("collected", "a note")
    cls, functions = imported.classes
    assert cls.methods == (
        Method("f", "instance", (Parameter("s", "POSITIONAL_OR_KEYWORD", True),
                                 Parameter("m", "KEYWORD_ONLY", False, "mean", True))),
    )  # fmt: skip
    assert functions == Described(None, {}, {}, (), (Method("g", "function", None),))


def _changed(path: Sequence[Any], value: Any) -> Dict[str, Any]:
    import copy

    reply = copy.deepcopy(GOOD)
    target: Any = reply
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return reply


@pytest.mark.parametrize(
    "reply",
    [
        _changed(["status"], "fine"),
        _changed(["detail"], 3),
        _changed(["classes"], "all"),
        _changed(["classes"], [{"name": "E"}] * 51),
        _changed(["classes", 0], "E"),
        _changed(["classes", 0, "name"], ""),
        _changed(["classes", 0, "name"], "x" * 201),
        _changed(["classes", 0, "variables"], []),
        _changed(["classes", 0, "methods"], [["average", "instance"]]),
        _changed(["classes", 0, "methods", 0, 1], "bound"),
        _changed(["classes", 0, "methods", 0, 2], [["s", "POSITIONAL", {}]]),
        _changed(["classes", 0, "methods", 0, 2], [["s", "KEYWORD_ONLY", "none"]]),
        _changed(["classes", 0, "methods", 0, 2], [["s", "KEYWORD_ONLY", {"value": 1.5}]]),
        _changed(["classes", 0, "methods", 0, 2], [["s", "KEYWORD_ONLY", {}]] * 21),
        _changed(["functions"], [["g"]]),
    ],
)
def test_a_reply_that_is_not_what_the_harness_sends_is_junk(reply: Dict[str, Any]) -> None:
    imported = run.imported_from(reply)
    assert imported == run.Imported("junk", "what it reported cannot be read", (), ())


def test_a_failed_import_keeps_its_status_and_detail() -> None:
    assert run.imported_from({"status": "timeout", "detail": "ran out"}) == run.Imported(
        "timeout", "ran out", (), ()
    )
    assert run.imported_from({"status": "syntax", "detail": "x" * 400}).detail == "x" * 297 + "..."


@pytest.mark.parametrize(
    ("reply", "answer"),
    [
        ({"status": "ok", "value": ["2/7", "1.5"], "note": "flattened"},
         Answer("ok", (Fraction(2, 7), Fraction(3, 2)), None, "flattened")),
        ({"status": "ok", "value": ["1e5000"]},
         Answer("junk", None, "it returned numbers out of bounds: ['1e5000']")),
        ({"status": "ok", "value": [[[[["deep"]]]]]},
         Answer("junk", None, "it returned numbers out of bounds: [[[[...]]]]")),
        ({"status": "ok", "value": ["1", "2"], "note": 3},
         Answer("ok", (Fraction(1), Fraction(2)), None)),
        ({"status": "none", "output": "[0.2857, 1.42857]\n"},
         Answer("none", (Fraction(2857, 10000), Fraction(142857, 100000)), None)),
        ({"status": "none", "output": None}, Answer("none", None, None)),
        ({"status": "error", "detail": "ValueError: x"}, Answer("error", None, "ValueError: x")),
        ({"status": "error", "detail": 3}, Answer("error", None, None)),
        ({"status": "gone"}, Answer("junk", None, "what it reported cannot be read")),
    ],
)  # fmt: skip
def test_a_calls_reply_is_read_at_a_bounded_cost(reply: Dict[str, Any], answer: Answer) -> None:
    assert run.answer_from(reply) == answer


def test_numbers_are_read_with_bounds() -> None:
    assert run.number("-3/4") == Fraction(-3, 4)
    assert run.number(".5e-3") == Fraction(1, 2000)
    assert run.number(3) is None
    assert run.number("1" * 1001) is None
    assert run.number("1" * 401) is None
    assert run._numbers(["1"] * 1001) is None
    assert run._numbers("12") is None
    assert run._printed("") is None


def test_the_ways_of_calling_are_bounded() -> None:
    modes = [Parameter(f"p{i}", "POSITIONAL_OR_KEYWORD", False, "mean", True) for i in range(19)]
    found = run.ways([SENTENCE, *modes], [])
    assert len(found) == run.WAYS
    assert {w.flag[0][0] for w in found if w.flag} == {"p0", "p1"}  # the first FLAGS in order
    assert run.ways(None, []) == run.ways([SENTENCE], None) == []


def test_the_ways_of_calling_follow_the_parameters() -> None:
    weights = Parameter("weights", "POSITIONAL_OR_KEYWORD", True)
    assert {w.weights for w in run.ways([SENTENCE, weights], [])} == {True}
    init = [Parameter("sentence", "POSITIONAL_OR_KEYWORD", True)]
    assert [w.init for w in run.ways([], init)] == list(run.FORMS)
    assert all(w.form is None and w.weights for w in run.ways([weights], init))
    assert run.ways([SENTENCE, weights], init) == []
    assert run.ways([SENTENCE] * 5, []) == run.ways([SENTENCE], init * 4) == []
    rest = Parameter("words", "VAR_POSITIONAL", False)
    assert len(run.ways([rest], [])) == len(run.FORMS)
    flag = Parameter("fillers", "POSITIONAL_ONLY", False, True, True)
    assert all(not w.flag for w in run.ways([SENTENCE, flag], []))
    assert run.describe_way("f", Way(None, True, (("m", "mean"),), "tokens")) == (
        "f() was called with the sentence's tokens as a list given to the constructor and the "
        "weights and m='mean'"
    )


# -- What decides: the fit of each answer, then the class ---------------------------------------


def printed(role: str, mistake: Optional[str] = None) -> List[Answer]:
    """A method that prints its answer and returns None."""
    return [a._replace(status="none") for a in answers(role, mistake=mistake)]


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        (answers("average"), printed("average")),
        (answers("average", mistake="oov-skipped"), printed("average")),
        (printed("average"), printed("average", mistake="oov-skipped")),
        (printed("average", mistake="oov-skipped"), [Answer("error", None, "x")]),
    ],
    ids=["returned over printed", "a mistake returned over the answer printed",
         "printed right over printed wrong", "a mistake printed over an error"],
)  # fmt: skip
def test_the_best_fitting_answer_takes_the_role(better: List[Answer], worse: List[Answer]) -> None:
    cls = described(("worse", "better", "skip_filler", "weighted"))
    others = {r: answers(r) for r in ("skip_filler", "weighted")}
    report = judged(cls, plain(worse=worse, better=better, **others))
    assert report["found"]["average"] == "better"
    verdicts(report)


def test_of_equal_fits_the_first_method_is_taken() -> None:
    cls = described(("zeta", "alpha"))
    report = judged(cls, plain(zeta=answers("average"), alpha=answers("average")))
    assert report["found"]["average"] == "zeta"


def test_the_best_way_is_found_among_many() -> None:
    ways = [(Way("text", False, (("m", f"v{i}"),)), answers("average", mistake="oov-skipped"))
            for i in range(9)]  # fmt: skip
    ways.append((Way("tokens", False), answers("average")))
    others = {r: [(PLAIN, answers(r))] for r in ("skip_filler", "weighted")}
    report = judged(described(("embed", "skip_filler", "weighted")), {"embed": ways, **others})
    assert verdicts(report)["average"] == "pass"
    assert (
        "method 1 (simple average): embed() was called with the sentence's tokens as a list"
        in (report["notes"])
    )


def test_a_class_fits_when_a_method_gives_any_answer_of_its_role() -> None:
    quiet = Described("Quiet", {}, {}, (), (Method("quiet", "instance", (SENTENCE,)),))
    holds = described(("other",))
    imported = run.Imported("ok", None, (), (holds, quiet, Described(None, {}, {}, (), ())))
    nine = [Answer("ok", (Fraction(9),) * 2, None)]
    tried: run.Answers = {("Quiet", "quiet"): [(PLAIN, printed("average", "oov-skipped"))],
                          ("Embedder", "other"): [(PLAIN, nine)]}  # fmt: skip
    found = judge.judge(SUBMISSION, run.Run(imported, tried, []), KEY, OPTIONS)
    assert found["found"]["class"] == "Quiet"  # a fit (30) outweighs three variables held


def test_of_classes_that_fit_alike_the_one_holding_the_variables_is_chosen() -> None:
    bare = Described("Bare", {}, {}, (), (Method("average", "instance", (SENTENCE,)),))
    imported = run.Imported("ok", None, (), (bare, described(("average",))))
    tried: run.Answers = {("Bare", "average"): [(PLAIN, answers("average"))],
                          ("Embedder", "average"): [(PLAIN, answers("average"))]}  # fmt: skip
    found = judge.judge(SUBMISSION, run.Run(imported, tried, []), KEY, OPTIONS)
    assert found["found"]["class"] == "Embedder"


def test_exact_means_within_a_billionth() -> None:
    for offset, note in ((Fraction(5, 10**10), False), (Fraction(1, 10**9), False),
                         (Fraction(15, 10**10), True)):  # fmt: skip
        near = [a._replace(vector=tuple(x + offset for x in a.vector or ()))
                for a in answers("average")]  # fmt: skip
        report = judged(described(), {**right(), "average": [(PLAIN, near)]})
        assert ("Right within the tolerance" in report["checks"][1]["feedback"]) is note, offset


def test_an_answer_exactly_at_the_tolerance_passes() -> None:
    at = Fraction(0.001)  # the float --tolerance is, exactly
    near = [a._replace(vector=(a.vector[0] + at, a.vector[1])) if a.vector else a
            for a in answers("average")]  # fmt: skip
    report = judged(described(), {**right(), "average": [(PLAIN, near)]})
    assert verdicts(report)["average"] == "pass"


def test_a_report_has_these_fields() -> None:
    report = judged(described(), right())
    assert list(report) == ["submission", "score", "max_score", "reading", "found", "checks",
                            "error", "notes", "integrity", "seed"]  # fmt: skip
    assert (report["submission"], report["integrity"], report["seed"]) == ("ada.py", [], 7)


def test_a_report_not_graded_fails_every_check_with_the_reason() -> None:
    found = judge.ungraded(SUBMISSION, "it broke", OPTIONS, KEY)
    assert [(c["name"], c["passed"], c["feedback"], c["mistake"]) for c in found["checks"]] == [
        (name, False, "Not graded: it broke", "not-graded") for name in key.CHECKS
    ]
    assert (found["score"], found["max_score"], found["error"]) == (0, 10, "it broke")
    assert found["notes"] == ["a note from collecting"]
    assert judge.ungraded(SUBMISSION, "x", OPTIONS, KEY, ["other"])["notes"] == ["other"]


def test_module_functions_say_the_class_is_missing() -> None:
    check = judged(described(name=None), right())["checks"][0]
    assert (check["passed"], check["mistake"], check["feedback"]) == (
        False,
        "class-variables-missing",
        "No class: the methods were graded as module functions, but the exercise asks for a "
        "class that holds the three variables.",
    )
    on_instance = described(variables={})._replace(instance_variables=VARIABLES)
    assert judged(on_instance, right())["checks"][0]["feedback"] == (
        "Not found as class variables with the exercise's values: vocabulary, filler words, "
        "attention weights. (vocabulary, filler words, attention weights set on the instance: "
        "define them in the class body.)"
    )


def test_weights_are_read_up_to_a_thousand() -> None:
    assert judge._vector(["1"] * 1000) == (Fraction(1),) * 1000
    assert judge._vector(["1"] * 1001) is None


def test_the_tolerance_note_says_what_it_means() -> None:
    near = [a._replace(vector=tuple(x + Fraction(1, 10**5) for x in a.vector or ()))
            for a in answers("average")]  # fmt: skip
    notes = judged(described(), {**right(), "average": [(PLAIN, near)]})["notes"]
    assert notes[-1] == (
        "some answers are right within the tolerance 0.001, not exactly (float32, or rounded)"
    )


def test_the_deadline_holds_when_the_class_is_named() -> None:
    named = OPTIONS._replace(class_name="Embedder")
    with pytest.raises(signals.OutOfTime):
        judged(described(), right(), named, deadline=time.monotonic() - 1)


def test_the_digits_shown_are_those_that_tell_two_answers_apart() -> None:
    want = (Fraction(1, 1024),)
    got = (want[0] - Fraction(1, 10**12),)  # alike to 6 digits, apart at 9
    assert judge._shown(got, want) == ("[0.000976562499]", "[0.0009765625]")


def test_the_first_list_that_holds_a_variable_names_it() -> None:
    variables = {**VARIABLES, "more_fillers": list(sentemb.FILLER_WORDS),
                 "more_weights": VARIABLES["weights"]}  # fmt: skip
    check = judged(described(variables=variables), right())["checks"][0]
    assert check["feedback"] == (
        "Found the vocabulary as vocab, filler words as fillers, attention weights as weights."
    )
    only_a_mapping = {"vocab": VARIABLES["vocab"], "weights": VARIABLES["weights"],
                      "fillers": dict.fromkeys(sentemb.FILLER_WORDS, 1)}  # fmt: skip
    assert judged(described(variables=only_a_mapping), right())["checks"][0]["mistake"] == (
        "class-variables-missing"
    )


# -- Judged on the input it was given -------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "reading", "verdict"),
    [
        ("joined-words", "tokens", "wrong-answer"),  # "i" standing in for the missing "!"
        ("words", "tokens", "wrong-answer"),
        ("joined-words", "words-only", "pass"),
        ("joined", "tokens", "pass"),
        ("tokens", "words-only", "wrong-answer"),
        ("text", "words-only", "pass"),
        ("text", "tokens", "pass"),
    ],
)
def test_an_answer_is_judged_against_the_input_it_was_given(
    form: str, reading: str, verdict: str
) -> None:
    way = Way(form, False)
    given = {**right(), "skip_filler": [(way, answers("skip_filler", reading))]}
    assert verdicts(judged(described(), given))["skip_filler"] == verdict
    assert judge.readings(Way(None, False, (), "words")) == ("words-only",)


def test_the_data_is_given_by_the_parameters_names_or_their_order() -> None:
    def named(*names: str) -> List[Parameter]:
        return [Parameter(n, "POSITIONAL_OR_KEYWORD", True) for n in names]

    (first, *_) = run.ways(named("sentence", "vocab", "stopwords"), named("weights"))
    assert (first.data, first.init_data, first.by_position) == (
        ("vocabulary", "filler words"), ("attention weights",), False)  # fmt: skip
    (guessed, *_) = run.ways(named("sentence"), named("a", "b", "c"))
    assert (guessed.init_data, guessed.by_position) == (
        ("vocabulary", "filler words", "attention weights"), True)  # fmt: skip
    twice = run.ways(named("s", "weights", "attention"), [])[0]
    assert (twice.data, twice.by_position) == (("vocabulary", "filler words"), True)
    assert run.ways(named("s", "weights"), [])[0].weights  # one more: the weights, as ever
    init, args = run._arguments(first, KEY, 0)
    assert init == [list(sentemb.ATTENTION_WEIGHTS)]
    assert args == [KEY.sentences[0], sentemb.exercise_embeddings(), list(sentemb.FILLER_WORDS)]
    assert run.describe_way("f", guessed) == (
        "f() was called with the exercise's vocabulary, filler words, attention weights given "
        "to the constructor and the sentence (matched to its parameters by their order)"
    )


@pytest.mark.parametrize(
    ("variables", "vocabulary"),
    [
        ({"index": {"I": "0", "lot": "1", "love": "2", "chocolate": "3", "milk": "4"},
          "matrix": [["-1", "1"], ["0", "2"], ["1", "3"], ["2", "4"], ["3", "5"]]},
         "index with matrix"),
        ({"words": ["I", "lot", "love", "chocolate", "milk"],
          "rows": [["-1", "1"], ["0", "2"], ["1", "3"], ["2", "4"], ["3", "5"]]},
         "words with rows"),
        ({"vocab": {"I": ["-0.99999999", "1"], "lot": ["0", "2"], "love": ["1", "3"],
                    "chocolate": ["2", "4"], "milk": ["3", "5"]}}, "vocab"),
        ({"index": {"I": "5", "lot": "1", "love": "2", "chocolate": "3", "milk": "4"},
          "matrix": [["-1", "1"], ["0", "2"], ["1", "3"], ["2", "4"], ["3", "5"]]}, None),
        ({"index": {"I": "0.5", "lot": "1", "love": "2", "chocolate": "3", "milk": "4"},
          "matrix": [["-1", "1"], ["0", "2"], ["1", "3"], ["2", "4"], ["3", "5"]]}, None),
        ({"index": {"I": "x", "lot": "1", "love": "2", "chocolate": "3", "milk": "4"},
          "matrix": [], "other": [["x"]]}, None),
        ({"words": ["I", "lot", "love", "chocolate", "milk"],
          "rows": [["-1", "1"], ["0", "2"], ["1", "3"], ["2", "4"]]}, None),
        ({"words": ["I", "lot", "love", "chocolate", "milk"]}, None),
    ],
    ids=["word to index, a matrix", "words in order, a matrix", "float32", "index out of range",
         "index not whole", "no matrix", "a row short", "words alone"],
)  # fmt: skip
def test_the_vocabulary_counts_in_any_shape_that_holds_it(
    variables: Dict[str, Any], vocabulary: Optional[str]
) -> None:
    assert judge._variables(variables)["vocabulary"] == vocabulary


def test_float32_weights_count_as_the_exercises() -> None:
    float32 = ["0.5", "1.0", "0.699999988079071", "0.8999999761581421", "0.30000001192092896",
               "0.20000000298023224", "0.10000000149011612"]  # fmt: skip
    assert judge._variables({"w": float32})["attention weights"] == "w"
    assert judge._variables({"w": ["0.5", "1.1", *float32[2:]]})["attention weights"] is None


def test_notes_that_are_not_a_list_are_none() -> None:
    imported = run.imported_from({**GOOD, "notes": "a note"})
    assert imported.notes == ()
