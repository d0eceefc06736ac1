"""Embed a corpus on a Dask cluster with sentemb: one JSON line per sentence, a file a partition.

    python docs/scaling_recipe.py CORPUS.txt VECTORS.txt OUTPUT_FOLDER [SCHEDULER_ADDRESS]

Without a scheduler's address it starts a LocalCluster on this machine; with one (such as
tcp://10.0.0.5:8786) it runs on that cluster, whose workers must be able to import sentemb and
this file and to read the corpus and the vectors at the same paths (a shared filesystem), and
write to OUTPUT_FOLDER. See scaling.md beside this file.
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import sys
from typing import Any, Dict, FrozenSet, Iterable, List, Optional

import dask.bag as db
from dask.distributed import Client, LocalCluster

import sentemb


@functools.lru_cache(maxsize=None)
def embedder(vectors_path: str, words: FrozenSet[str]) -> sentemb.SentenceEmbedder:
    """Built once per worker process, the first time a partition needs it: the vectors are
    read there, only those the corpus uses, and never shipped with a task."""
    vectors = sentemb.load_vectors(vectors_path, words=words)
    return sentemb.SentenceEmbedder(vocab_embeddings=vectors, oov="skip")


def embed_partition(
    lines: Iterable[str], before: List[int], vectors_path: str, words: FrozenSet[str], method: str
) -> List[str]:
    """The JSON line of each non-blank line, in sentemb's one shape: its line number (the
    ``before[0]`` lines of the partitions before it counted), the sentence, its vector, and
    ``error`` where it has none."""
    embed = getattr(embedder(vectors_path, words), method)
    records = []
    for number, line in enumerate(lines, before[0] + 1):
        sentence = line.strip()
        if sentence:
            record: Dict[str, Any] = {"line": number, "sentence": sentence}
            try:
                record[method] = embed(sentence)
            except sentemb.EmbeddingError as error:  # no vector: no token is known
                record[method], record["error"] = None, {method: str(error)}
            records.append(json.dumps(record, ensure_ascii=False))
    return records


def embed_corpus(
    corpus_path: str,
    vectors_path: str,
    output_folder: str,
    method: str = "average",
    blocksize: Any = "8MiB",
) -> List[str]:
    """Each non-blank line of the corpus, embedded; partition i is written to
    OUTPUT_FOLDER/part-i.jsonl, so the files in order are the lines in order.
    Returns the paths written.  Run it with a dask.distributed Client active."""
    lines = db.read_text(corpus_path, blocksize=blocksize)
    words = frozenset(lines.map(sentemb.tokenize).flatten().map(str.casefold).distinct().compute())
    counts = lines.map_partitions(lambda part: [sum(1 for _ in part)]).compute()
    before = db.from_sequence(
        list(itertools.accumulate([0, *counts[:-1]])), npartitions=len(counts)
    )
    embedded = lines.map_partitions(embed_partition, before, vectors_path, words, method)
    os.makedirs(output_folder, exist_ok=True)
    paths: List[str] = embedded.to_textfiles(os.path.join(output_folder, "part-*.jsonl"))
    return paths


def main(argv: List[str]) -> int:
    corpus, vectors, output = argv[:3]
    address: Optional[str] = argv[3] if len(argv) > 3 else None
    cluster = None if address else LocalCluster(threads_per_worker=1)
    with Client(address or cluster):
        for path in embed_corpus(corpus, vectors, output):
            print(path)
    if cluster is not None:
        cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
