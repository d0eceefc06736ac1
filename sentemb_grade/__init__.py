"""sentemb_grade: grade a class's submissions of the sentence-embedding exercise, with
sentemb as the answer key.  ``sentemb-grade`` once installed, ``python3 grade.py`` from a
clone; docs/grading.md is the instructor's guide.

The modules, in the order a submission meets them:

- ``collect``: files, notebooks, folders and zips, read without following a link, bounded,
  and staged where only the grader can read them;
- ``analysis``: the static reading of a submission's code, in a helper process;
- ``key``: the rubric, and sentemb's exact answers to the exercise and to hidden sentences;
- ``sandbox``: bubblewrap, or a uid per job as root, and what is removed after each job;
- ``harness``: the child's side, copied whole into each job (standard library only);
- ``run``: the calls asked of a submission, and its replies checked at the boundary;
- ``integrity``: whether a submission uses the reference;
- ``judge``: the class and methods found by behaviour, and each check;
- ``report``: the table, JSON, CSV, the summary and Gradescope's results.json;
- ``cli``: the command line; ``signals``: stopping within a second; ``text``: printable text.

It uses sentemb's public API only, and the standard library; Python 3.8 or newer, on Linux
(or another POSIX system, with the ``none`` sandbox).
"""

__version__ = "3.0.0"
