"""Embed a corpus on a Dask cluster with sentemb: one JSON line per sentence, a file a partition.

    python docs/scaling_recipe.py CORPUS.txt VECTORS.txt OUTPUT_FOLDER [SCHEDULER_ADDRESS]

Without a scheduler's address it starts a LocalCluster on this machine; with one (such as
tcp://10.0.0.5:8786) it runs on that cluster, whose workers must be able to import sentemb and
this file and to read the corpus and the vectors at the same paths (a shared filesystem), and
write to OUTPUT_FOLDER. See scaling.md beside this file.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from typing import Any, FrozenSet, Iterable, List, Optional

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
    sentences: Iterable[str], vectors_path: str, words: FrozenSet[str], method: str
) -> List[str]:
    embed = getattr(embedder(vectors_path, words), method)
    return [json.dumps({"sentence": s, method: embed(s)}, ensure_ascii=False) for s in sentences]


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
    lines = db.read_text(corpus_path, blocksize=blocksize).map(str.strip).filter(bool)
    words = frozenset(lines.map(sentemb.tokenize).flatten().map(str.casefold).distinct().compute())
    embedded = lines.map_partitions(embed_partition, vectors_path, words, method)
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
