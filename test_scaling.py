"""The Dask recipe of docs/scaling.md, on a LocalCluster: the same lines as one process.

It runs where dask.distributed is installed (`make bench`'s venv has it) and is skipped,
saying so, elsewhere: sentemb itself never imports dask."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

from sentemb import SentenceEmbedder, load_vectors

DOCS = Path(__file__).resolve().parent / "docs"


def test_the_dask_recipe_gives_what_one_process_gives(tmp_path: Path) -> None:
    distributed: Any = pytest.importorskip(
        "dask.distributed", reason="dask is not installed (pip install 'sentemb[dask]')"
    )
    sys.path.insert(0, str(DOCS))  # the workers import the recipe by name, as a user's would
    try:
        recipe: Any = importlib.import_module("scaling_recipe")
        corpus, vectors = tmp_path / "corpus.txt", tmp_path / "vectors.txt"
        vectors.write_text("milk 3 5\nchocolate 2 4\nlove 1 3\ntea 0 1\n", encoding="utf-8")
        lines = [f"{'chocolate milk' if i % 3 else 'Tea'} number {i}!" for i in range(3000)]
        lines[7] = "zzz"  # no vector: null, and why
        corpus.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None
        )
        with cluster, distributed.Client(cluster):
            paths = recipe.embed_corpus(
                str(corpus), str(vectors), str(tmp_path / "out"), blocksize=4096
            )
    finally:
        sys.path.remove(str(DOCS))
    assert len(paths) > 1  # several partitions, written in order
    written = [line for path in paths for line in Path(path).read_text("utf-8").splitlines()]
    alone = SentenceEmbedder(vocab_embeddings=load_vectors(str(vectors)))
    expected: List[Dict[str, Any]] = [
        {"line": n, "sentence": s, "average": alone.average(s) if s != "zzz" else None}
        for n, s in enumerate(lines, 1)
    ]
    expected[7] = {
        "line": 8,
        "sentence": "zzz",
        "average": None,
        "error": {"average": "every token of 'zzz' is out of vocabulary"},
    }
    assert [json.loads(line) for line in written] == expected
