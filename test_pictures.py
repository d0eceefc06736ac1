"""The pictures --svg draws, read back as a person reads them: the ticks give the
scale, and each point must sit where its numbers say, to the drawing's precision
(1/100 of a pixel).  The SVG is parsed with the standard library alone."""

from __future__ import annotations

import itertools
import math
import os
import re
import shlex
import tempfile
import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Dict, Iterator, List, Mapping, NamedTuple, Sequence, Tuple

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import sentemb
from conftest import Done, run
from sentemb import SentenceEmbedder

SVG = "{http://www.w3.org/2000/svg}"
HERE = Path(__file__).parent
PRECISION = 0.005  # pixels: coordinates are written to 1/100 of a pixel
LEE = HERE / "fixtures" / "lee"


class Picture(NamedTuple):
    """A drawing as read back: its root, and the map from the plane to pixels the
    ticks state (one scale on both axes)."""

    root: ET.Element
    scale: float
    origin: Tuple[float, float]  # the pixel of the plane's (0, 0)

    def pixel(self, point: Sequence[float]) -> Tuple[float, float]:
        return self.origin[0] + point[0] * self.scale, self.origin[1] - point[1] * self.scale

    def plane(self, pixel: Tuple[float, float]) -> Tuple[float, float]:
        return (pixel[0] - self.origin[0]) / self.scale, (self.origin[1] - pixel[1]) / self.scale

    def texts(self) -> List[str]:
        return ["".join(text.itertext()) for text in self.root.iter(f"{SVG}text")]

    def titled(self) -> Iterator[Tuple[str, Tuple[float, float], ET.Element]]:
        """Each mark with a title (a point of the plane): the title, where it is, the mark."""
        for mark in itertools.chain(self.root.iter(f"{SVG}circle"), self.root.iter(f"{SVG}use")):
            title = mark.find(f"{SVG}title")
            if title is not None:
                x, y = (mark.get("cx"), mark.get("cy")) if mark.tag.endswith("circle") else (
                    mark.get("x"), mark.get("y"))  # fmt: skip
                yield title.text or "", (float(x or "nan"), float(y or "nan")), mark


def linear(pairs: List[Tuple[float, float]]) -> Tuple[float, float]:
    """The scale and offset of pixel = offset + scale * value, from the first and last
    tick, checked on every other."""
    (v0, p0), (v1, p1) = pairs[0], pairs[-1]
    scale = (p1 - p0) / (v1 - v0)
    for value, pixel in pairs:
        assert abs(p0 + (value - v0) * scale - pixel) <= 2 * PRECISION
    return scale, p0 - v0 * scale


def read(path: Path) -> Picture:
    """Parse the SVG, and read the scale off its ticks: the vertical lines of the grid
    with the numbers beneath them, the horizontal ones with the numbers beside them."""
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    lines = [line for line in root.iter(f"{SVG}line") if line.get("class") in ("grid", "axis")]
    xs = sorted(float(line.get("x1", "")) for line in lines if line.get("x1") == line.get("x2"))
    ys = sorted(float(line.get("y1", "")) for line in lines if line.get("y1") == line.get("y2"))
    labels = {"middle": [], "end": []}  # type: Dict[str, List[float]]
    for text in root.iter(f"{SVG}text"):
        anchor = text.get("text-anchor", "")
        if anchor in labels and re.fullmatch(r"-?[0-9.e+-]+", text.text or ""):
            labels[anchor].append(float(text.text or ""))
    assert len(xs) == len(labels["middle"]) >= 2
    assert len(ys) == len(labels["end"]) >= 2
    x_scale, x0 = linear(list(zip(sorted(labels["middle"]), xs)))
    y_scale, y0 = linear(list(zip(sorted(labels["end"], reverse=True), ys)))
    assert math.isclose(x_scale, -y_scale, rel_tol=1e-4)  # the plane drawn as it is
    return Picture(root, x_scale, (x0, y0))


def numbers(title: str) -> List[Fraction]:
    """The numbers of the last [...] in a title."""
    inside = re.findall(r"\[([^\]]*)\]", title)[-1]
    return [Fraction(field) for field in inside.split(", ")]


def draw(*args: str, folder: str) -> Tuple[Done, Path]:
    path = Path(folder) / "picture.svg"
    done = run(*args, "--svg", str(path))
    assert done.returncode == 0, done.stderr
    return done, path


def at(picture: Picture, pixel: Tuple[float, float], point: Sequence[Fraction]) -> bool:
    want = picture.pixel([float(x) for x in point])
    return all(abs(a - b) <= PRECISION for a, b in zip(pixel, want))


# -- The exercise in its plane --------------------------------------------------------


def test_the_exercise_is_drawn_where_its_numbers_say(tmp_path: Path) -> None:
    done, path = draw(folder=str(tmp_path))
    assert done.stdout.startswith(f"wrote {path}: 'I love chocolate milk as well!'")
    picture = read(path)
    titles: Dict[str, Tuple[float, float]] = {}
    for title, pixel, _ in picture.titled():
        if "[" in title:
            assert at(picture, pixel, numbers(title)), title
        titles.setdefault(title, pixel)
    words = {f"{word} [{i - 1}, {i + 1}]" for i, word in enumerate(sentemb.EXERCISE_VOCAB)}
    assert words | {"unknown [-1, -1]"} <= set(titles)
    assert {
        "1. simple average [2/7, 10/7]",
        "2. skip filler words [4/5, 2]",
        "3. weighted average [40/37, 102/37]",
    } <= set(titles)
    tokens = [title for title in titles if re.match(r"\[-?\d+, -?\d+\]: ", title)]
    assert sorted(tokens) == [
        "[-1, -1]: as, well, !", "[-1, 1]: I", "[1, 3]: love", "[2, 4]: chocolate",
        "[3, 5]: milk",
    ]  # fmt: skip
    fillers = [title for title in titles if title.startswith("left out by method 2")]
    assert sorted(fillers) == ["left out by method 2: I", "left out by method 2: as"]
    texts = picture.texts()
    assert "unknown (as, well, !) \u00d73" in texts  # a count where several share a point
    assert {"I", "lot", "love", "chocolate", "milk", "[2/7, 10/7]", "[40/37, 102/37]"} <= set(texts)


def test_tokens_that_share_a_point_are_counted_and_a_long_label_is_cut(tmp_path: Path) -> None:
    _, path = draw("I love milk milk as and zz0 zz1 zz2 zz3 zz4 zz5", folder=str(tmp_path))
    picture = read(path)
    assert "milk \u00d72" in picture.texts()
    assert "unknown (as, and, zz0, zz... (50 chars)" in picture.texts()  # 40 characters at most
    assert "left out by method 2: as, and" in [title for title, _, _ in picture.titled()]


def test_the_embeddings_are_named_beside_the_plot_in_the_order_of_their_points(
    tmp_path: Path,
) -> None:
    _, path = draw("--weights", "1 2 2 1 1 3", "I love milk and milk tea", folder=str(tmp_path))
    picture = read(path)
    names = ("1. simple average", "2. skip filler words", "3. weighted average")
    points = {t.split(" [")[0]: y for t, (_, y), _ in picture.titled() if t.startswith(names)}
    labels = {
        "".join(text.itertext()): float(text.get("y", "nan"))
        for text in picture.root.iter(f"{SVG}text")
        if "".join(text.itertext()) in names
    }
    assert sorted(points, key=points.__getitem__) == sorted(labels, key=labels.__getitem__)
    assert sorted(points, key=points.__getitem__) != sorted(names)  # not merely by name


def test_the_legend_is_the_report_the_command_line_prints(tmp_path: Path) -> None:
    for options in [
        [],
        ["--exact"],
        ["--words-only", "I love milk!"],
        ["--weights", "1 2", "lot love"],
        ["--weights", "1e0,2 0.50", "lot love milk"],  # as written, not as numbers
    ]:
        _, path = draw(*options, folder=str(tmp_path))
        printed = run(*options).stdout.split("\n\ncomputed by")[0].splitlines()
        assert {line for line in printed[1:] if line} <= set(read(path).texts()), options


def test_a_long_sentence_is_cut_in_the_heading_and_the_legend_fits(tmp_path: Path) -> None:
    sentence = " ".join(["milk love chocolate"] * 12)  # 239 characters
    _, path = draw(sentence, folder=str(tmp_path))
    picture = read(path)
    assert picture.texts()[0] == f"{sentence[:75]}... (239 chars)"
    printed = run(sentence).stdout.split("\n\ncomputed by")[0].splitlines()
    width = float(picture.root.get("width", ""))
    assert width >= 7.3 * max(map(len, printed))  # a letter of 12 px monospace is 7.2 px


def test_a_method_that_does_not_apply_is_not_drawn_and_the_legend_says_why(tmp_path: Path) -> None:
    _, path = draw("--words-only", folder=str(tmp_path))
    picture = read(path)
    titles = [title for title, _, _ in picture.titled()]
    assert "2. skip filler words [5/4, 11/4]" in titles
    assert not any(title.startswith("3.") for title in titles)
    assert any(text.startswith("3. weighted average") and "does not apply" in text
               for text in picture.texts())  # fmt: skip


def test_unknown_tokens_skipped_have_no_point_and_an_error_is_an_error(tmp_path: Path) -> None:
    _, path = draw("--oov", "skip", folder=str(tmp_path))
    titles = [title for title, _, _ in read(path).titled()]
    assert not any("-1, -1" in title for title in titles)
    assert "[1, 3]: love" in titles
    done = run("--oov", "error", "--svg", os.devnull)
    assert done.returncode == 2
    assert "'as' is out of vocabulary" in done.stderr


def test_a_picture_is_readable_in_print_and_in_a_dark_theme(tmp_path: Path) -> None:
    _, path = draw(folder=str(tmp_path))
    root = read(path).root
    style = "".join(root.find(f"{SVG}style").itertext())  # type: ignore[union-attr]
    assert "@media (prefers-color-scheme: dark)" in style
    first = next(child for child in root if child.tag == f"{SVG}rect")
    assert first.get("class") == "paper"
    assert first.get("width") == "100%"
    assert ".paper { fill: #fff; }" in style
    assert ".paper { fill: #161616; }" in style


def test_the_readme_shows_the_picture_make_pictures_makes(tmp_path: Path) -> None:
    _, path = draw(folder=str(tmp_path))
    assert (HERE / "docs" / "exercise.svg").read_text(encoding="utf-8") == path.read_text(
        encoding="utf-8"
    ), "docs/exercise.svg is out of date: run make pictures"
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\n!\[[^\n]+\]\(docs/exercise\.svg\)\n", readme)


def test_the_docs_show_the_ranked_map_make_pictures_makes() -> None:
    """docs/ranked.svg is a map drawn in full, byte for byte: where each label, number, tick
    and bar goes, which the laws below leave free."""
    query = "bushfires forced people from their homes"
    lines = (LEE / "unseen.txt").read_text(encoding="utf-8").splitlines(keepends=True)[:30]
    done = run("--vectors", str(LEE / "vectors.bin"), "--rank", query, "-", "--svg", "-",
               stdin="".join(lines))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (HERE / "docs" / "ranked.svg").read_text(encoding="utf-8") == done.stdout, (
        "docs/ranked.svg is out of date: run make pictures"
    )
    shown = (HERE / "docs" / "pictures.md").read_text(encoding="utf-8")
    assert (
        "head -n 30 fixtures/lee/unseen.txt | python3 sentemb.py --vectors fixtures/lee/vectors.bin"
        f' \\\n    --rank "{query}" - --svg ranked.svg\n' in shown
    )
    assert "\n![A ranked map of 30 lines](ranked.svg)\n" in shown


def test_the_docs_show_the_map_with_a_note_make_pictures_makes() -> None:
    """docs/map.svg, sentences from the command line, one left out: where the notes beneath
    a map go, and how tall the picture is for them."""
    sentences = [
        "fire crews fought the bushfires", "the fires burned homes near Sydney",
        "police arrested a man", "the court heard the case",
        "the prime minister spoke to parliament", "qwxz vbnm", "rain fell across the state",
    ]  # fmt: skip
    done = run("--vectors", str(LEE / "vectors.bin"), "--svg", "-", *sentences)
    assert done.returncode == 0, done.stderr
    assert (HERE / "docs" / "map.svg").read_text(encoding="utf-8") == done.stdout, (
        "docs/map.svg is out of date: run make pictures"
    )
    shown = (HERE / "docs" / "pictures.md").read_text(encoding="utf-8")
    command = re.search(r"\npython3 sentemb.py --vectors fixtures/lee/vectors.bin --svg map.svg "
                        r"\\\n(.*?)\n```", shown, re.DOTALL)  # fmt: skip
    assert command is not None
    assert shlex.split(command.group(1).replace("\\\n", " ")) == sentences
    assert "\n![A map of seven sentences, one left out](map.svg)\n" in shown


# -- A corpus mapped ----------------------------------------------------------------------


def vector_file(folder: str, rows: Mapping[str, Sequence[float]]) -> str:
    path = os.path.join(folder, "vectors.txt")
    with open(path, "w", encoding="utf-8") as file:
        for word, row in rows.items():
            file.write(f"{word} {' '.join(map(repr, row))}\n")
    return path


def lines_file(folder: str, lines: Sequence[str], name: str = "lines.txt") -> str:
    path = os.path.join(folder, name)
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# Words in a plane of R^3 (the third coordinate is always 7), spread more along one line
# than across it: each sentence of one word embeds as its word.
PLANAR = {f"w{i}": [3.0 * math.cos(i) + 1, math.sin(2 * i) - 2, 7.0] for i in range(12)}


def mapped(picture: Picture) -> Dict[int, Tuple[float, float]]:
    """Each point of a map: its number, and where it is on the plane."""
    found = {}
    for title, pixel, mark in picture.titled():
        if mark.get("class") == "point":
            number = int(re.match(r"(?:line|sentence) (\d+)", title).group(1))  # type: ignore[union-attr]
            found[number] = picture.plane(pixel)
    return found


def test_a_map_of_planar_embeddings_keeps_their_distances_centred_on_their_mean(
    tmp_path: Path,
) -> None:
    folder = str(tmp_path)
    vectors = vector_file(folder, PLANAR)
    _, path = draw("--vectors", vectors, "--input", lines_file(folder, list(PLANAR)), folder=folder)
    picture = read(path)
    points = mapped(picture)
    assert sorted(points) == list(range(1, 13))
    tolerance = 3 * PRECISION / picture.scale
    rows = list(PLANAR.values())
    for a, b in itertools.combinations(range(1, 13), 2):
        assert (
            abs(math.dist(points[a], points[b]) - math.dist(rows[a - 1], rows[b - 1])) <= tolerance
        )
    for axis in (0, 1):
        assert abs(sum(point[axis] for point in points.values()) / 12) <= tolerance
    xs, ys = zip(*points.values())
    assert sum(x * x for x in xs) >= sum(y * y for y in ys)  # the first component spreads most
    assert "w0" in "".join(title for title, _, _ in picture.titled())  # the first words on hover
    assert {str(n) for n in range(1, 13)} <= set(picture.texts())  # numbered, in a small map


def test_the_first_axis_spreads_the_points_more_than_any_other_direction(tmp_path: Path) -> None:
    folder = str(tmp_path)
    rows = {f"w{i}": [math.cos(i), math.sin(3 * i) / 2, (i % 5) / 3] for i in range(20)}
    _, path = draw("--vectors", vector_file(folder, rows), *rows, folder=folder)
    points = mapped(read(path))
    mean = [sum(column) / 20 for column in zip(*rows.values())]
    centred = [[x - m for x, m in zip(row, mean)] for row in rows.values()]
    x_spread = sum(point[0] ** 2 for point in points.values())
    for k in range(200):  # directions over the sphere
        z = 1 - 2 * (k + 0.5) / 200
        d = [math.sqrt(1 - z * z) * math.cos(k * 2.4), math.sqrt(1 - z * z) * math.sin(k * 2.4), z]
        assert x_spread >= sum(sum(a * b for a, b in zip(row, d)) ** 2 for row in centred) - 1e-3
    for i, row in enumerate(centred, 1):  # a projection: no point is farther from the mean
        assert math.hypot(*points[i]) <= math.hypot(*row) + 1e-3


def test_a_ranking_colours_points_by_similarity_and_marks_the_query(tmp_path: Path) -> None:
    folder = str(tmp_path)
    vectors = vector_file(folder, PLANAR)
    query = "w3 w4"
    _, path = draw("--vectors", vectors, "--rank", query, lines_file(folder, list(PLANAR)),
                   folder=folder)  # fmt: skip
    picture = read(path)
    points = mapped(picture)
    embedder = SentenceEmbedder(vocab_embeddings=sentemb.load_vectors(vectors))
    fills = {}
    for title, pixel, mark in picture.titled():
        if mark.get("class") == "point":
            number, score = re.match(r"line (\d+) \(similarity ([0-9.]+)\)", title).groups()  # type: ignore[union-attr]
            want = embedder.similarity(query, f"w{int(number) - 1}")
            assert abs(float(score) - want) <= 5e-5
            fills[round(want, 12)] = mark.get("style")
        elif mark.get("class") == "query":
            query_place = picture.plane(pixel)
    assert fills[max(fills)] == "fill: #ee7733"
    assert fills[min(fills)] == "fill: #4477aa"
    target = embedder.average(query)  # in the plane too: its distances are kept
    for i, row in enumerate(PLANAR.values(), 1):
        assert (
            abs(math.dist(query_place, points[i]) - math.dist(target, row))
            <= 3 * PRECISION / picture.scale
        )
    assert any("cosine similarity to the query" in text for text in picture.texts())


def test_over_2000_sentences_a_map_samples_evenly_and_says_so(tmp_path: Path) -> None:
    folder = str(tmp_path)
    lines = [f"w{i % 12}" for i in range(4001)]
    vectors, corpus = vector_file(folder, PLANAR), lines_file(folder, lines)
    done, path = draw("--vectors", vectors, "--input", corpus, folder=folder)
    assert done.stdout.endswith(
        " components; 2,000 of 4,001 lines, sampled evenly (one in 2)\n"
    )  # each line of the heading, after a semicolon
    picture = read(path)
    assert sorted(mapped(picture)) == [1 + i * 4001 // 2000 for i in range(2000)]
    assert any("2,000 of 4,001 lines, sampled evenly" in text for text in picture.texts())
    small = [text for text in picture.root.iter(f"{SVG}text") if text.get("font-size") == "10"]
    assert small == []  # too many to number beside them: on hover only


def test_sentences_with_no_embedding_are_left_out_and_named(tmp_path: Path) -> None:
    folder = str(tmp_path)
    lines = lines_file(folder, ["w1", "nothing known", "w2 w3", "w4", "zz"])
    _, path = draw("--vectors", vector_file(folder, PLANAR), "--oov", "skip", "--input", lines,
                   folder=folder)  # fmt: skip
    picture = read(path)
    assert sorted(mapped(picture)) == [1, 3, 4]
    assert "left out, with no embedding or a zero one: lines 2, 5" in picture.texts()


def test_a_zero_embedding_is_a_point_of_a_map_but_not_of_a_ranking(tmp_path: Path) -> None:
    folder = str(tmp_path)
    vectors = vector_file(folder, {**PLANAR, "nil": [0.0, 0.0, 0.0]})
    lines = lines_file(folder, ["w1", "nil", "w2 w3", "w4"])
    _, path = draw("--vectors", vectors, "--input", lines, folder=folder)
    assert sorted(mapped(read(path))) == [1, 2, 3, 4]
    _, path = draw("--vectors", vectors, "--rank", "w5", lines, folder=folder)  # no cosine
    picture = read(path)
    assert sorted(mapped(picture)) == [1, 3, 4]
    assert "left out, with no embedding or a zero one: line 2" in picture.texts()


@pytest.mark.parametrize("count", [50, 51])
def test_a_map_of_50_points_or_fewer_numbers_them_beside_them(count: int, tmp_path: Path) -> None:
    folder = str(tmp_path)
    twelve = " ".join(f"w{i}" for i in range(12))
    lines = [twelve, f"{twelve} w0", *(f"w{i % 12} w{i // 12}" for i in range(count - 2))]
    _, path = draw("--vectors", vector_file(folder, PLANAR), "--input", lines_file(folder, lines),
                   folder=folder)  # fmt: skip
    picture = read(path)
    beside = [
        text.text for text in picture.root.iter(f"{SVG}text") if text.get("font-size") == "10"
    ]
    assert beside == ([str(n) for n in range(1, count + 1)] if count <= 50 else [])
    titles = [title for title, _, _ in picture.titled()]
    assert f"line 1: {twelve}" in titles  # the first 12 words, and no more to show
    assert f"line 2: {twelve} \u2026" in titles


def test_a_sif_map_leaves_out_a_sentence_with_no_token(tmp_path: Path) -> None:
    folder = str(tmp_path)
    fit = (LEE / "unseen.txt").read_text(encoding="utf-8").splitlines()[:20]
    lines = lines_file(folder, [*fit[:3], "?!", *fit[3:]])
    _, path = draw("--vectors", str(LEE / "vectors.bin"), "--method", "sif", "--counts",
                   str(LEE / "counts.txt"), "--words-only", "--input", lines,
                   folder=folder)  # fmt: skip
    picture = read(path)
    assert sorted(mapped(picture)) == [n for n in range(1, 22) if n != 4]
    assert "left out, with no embedding or a zero one: line 4" in picture.texts()
    done = run("--vectors", str(LEE / "vectors.bin"), "--method", "sif", "--counts",
               str(LEE / "counts.txt"), "--words-only", "--input", lines, "--strict", "--svg",
               os.path.join(folder, "strict.svg"))  # fmt: skip
    assert done.stderr == f"sentemb.py: error: {lines}, line 4: the sentence '?!' has no tokens\n"


def test_a_map_from_standard_input_with_sif_and_with_jobs() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "sif.svg")
        unseen = (LEE / "unseen.txt").read_text(encoding="utf-8")
        done = run("--vectors", str(LEE / "vectors.bin"), "--method", "sif", "--counts",
                   str(LEE / "counts.txt"), "-", "--svg", path, stdin=unseen)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "100 lines of <stdin>: their sif embeddings" in done.stdout
        assert len(mapped(read(Path(path)))) == 100
        one, two = (os.path.join(folder, f"{jobs}.svg") for jobs in "12")
        for jobs, where in (("1", one), ("2", two)):
            args = ["--vectors", str(LEE / "vectors.bin"), "--input", str(LEE / "unseen.txt")]
            assert run(*args, "--jobs", jobs, "--svg", where).returncode == 0
        assert Path(one).read_bytes() == Path(two).read_bytes()


def test_embeddings_of_one_dimension_lie_on_the_first_axis(tmp_path: Path) -> None:
    folder = str(tmp_path)
    _, path = draw("--vectors", vector_file(folder, {"a": [1.0], "b": [4.0]}), "a", "b", "a b",
                   folder=folder)  # fmt: skip
    points = mapped(read(path))
    assert [round(points[n][0], 4) for n in (1, 2, 3)] == [-1.5, 1.5, 0.0]
    assert all(abs(point[1]) < 1e-9 for point in points.values())
    texts = read(path).texts()
    assert "principal component 1 (100% of the variance)" in texts
    assert "principal component 2 (0% of the variance)" in texts  # a second it does not have


def test_embeddings_as_large_as_a_map_takes_are_drawn_to_scale(tmp_path: Path) -> None:
    folder = str(tmp_path)
    vectors = vector_file(folder, {"a": [1e300, 0.0], "b": [0.0, -1e300]})  # _DRAWABLE, no more
    _, path = draw("--vectors", vectors, "a", "b", folder=folder)
    points = mapped(read(path))
    assert math.dist(points[1], points[2]) == pytest.approx(math.sqrt(2) * 1e300, rel=1e-3)


@given(
    low=st.floats(-1e6, 1e6),
    spread=st.floats(0, 1e6),
    least=st.floats(1e-6, 10),
)
@example(low=0.0, spread=1.0, least=0.05)
@example(low=1000.0, spread=1.0, least=0.05)  # far from 0: the room is the spread's, not more
@example(low=0.0, spread=7.87, least=0.05)
def test_ticks_are_round_evenly_spaced_and_hold_the_points_with_room(
    low: float, spread: float, least: float
) -> None:
    high = low + spread
    ticks = [Decimal(repr(tick)) for tick in sentemb._ticks(low, high, least)]
    room = max((high - low) * 0.08, least)
    first, last = low - room, high + room  # 8% of the spread beyond each end, or ``least``
    (step,) = {b - a for a, b in zip(ticks, ticks[1:])}  # evenly spaced
    mantissa = step.scaleb(-step.adjusted())
    assert mantissa in (1, 2, 5)  # a round step
    at, size = [float(tick) for tick in ticks], float(step)
    slack = 1e-9 * size  # the code divides in floats
    assert at[0] <= first + slack  # beyond the points and their room...
    assert at[-1] >= last - slack
    assert at[1] > first - slack  # ...by less than a step
    assert at[-2] < last + slack
    assert last - first <= 8 * size + slack  # at most 8 steps across...
    smaller = {1: 0.5, 2: 1.0, 5: 2.0}[int(mantissa)] * size / int(mantissa)
    assert last - first > 8 * smaller - slack  # ...and more than 8 of the next step down


def test_the_plot_is_as_large_as_640_by_480_allows_on_one_scale(tmp_path: Path) -> None:
    folder = str(tmp_path)
    one_dimension = vector_file(folder, {"a": [1.0], "b": [4.0]})
    for args in [[], ["--vectors", one_dimension, "a", "b", "a b"]]:  # tall, then wide
        _, path = draw(*args, folder=folder)
        lines = [line for line in read(path).root.iter(f"{SVG}line")
                 if line.get("class") in ("grid", "axis")]  # fmt: skip
        xs = [float(line.get("x1", "")) for line in lines if line.get("x1") == line.get("x2")]
        ys = [float(line.get("y1", "")) for line in lines if line.get("y1") == line.get("y2")]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        assert width <= 640 + PRECISION, (args, width)
        assert height <= 480 + PRECISION, (args, height)
        assert max(width - 640, height - 480) >= -PRECISION, (args, width, height)


def test_text_that_xml_cannot_hold_is_replaced_and_the_picture_still_parses(tmp_path: Path) -> None:
    folder = str(tmp_path)
    lines = lines_file(folder, ["w1 <b>&amp;</b> \x01 \x7f", "w2 \"quoted\" 'too'"])
    _, path = draw("--vectors", vector_file(folder, PLANAR), "--input", lines, folder=folder)
    titles = [title for title, _, _ in read(path).titled()]
    assert "line 1: w1 <b>&amp;</b> \ufffd \x7f" in titles
    _, path = draw("\x00 milk", folder=folder)
    assert read(path).texts()[0] == "\ufffd milk"


def test_identical_embeddings_are_mapped_to_one_point(tmp_path: Path) -> None:
    folder = str(tmp_path)
    _, path = draw("--vectors", vector_file(folder, PLANAR), "w1", "w1", folder=folder)
    picture = read(path)
    assert mapped(picture)[1] == mapped(picture)[2] == (0.0, 0.0)
    assert "principal component 1 (0% of the variance)" in picture.texts()  # there is none


# -- What --svg refuses ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--compare", "a", "b"], "--svg draws a picture: --compare does not apply"),
        (["--json"], "--svg draws a picture: --json does not apply"),
        (["--rank", "milk", "-", "-k", "2"], "--svg draws a picture: -k does not apply"),
        (
            ["--vectors", "{vectors}"],
            "--svg with --vectors maps sentences: give them, --input, - or --rank",
        ),
        (
            ["milk", "love"],
            "--svg draws one sentence in the exercise's plane: give one, or map sentences with "
            "--vectors, --input, - or --rank",
        ),
        (
            ["--method", "weighted"],
            "--method goes with sentences, -, --input, --compare, --rank, "
            "--output or a map (--svg)",
        ),
    ],
)
def test_what_svg_cannot_draw_is_a_usage_error(
    args: List[str], message: str, tmp_path: Path
) -> None:
    folder = str(tmp_path)
    vectors = vector_file(folder, PLANAR)
    done = run(
        *[vectors if a == "{vectors}" else a for a in args], "--svg", os.path.join(folder, "x.svg")
    )
    assert done.returncode == 2
    assert done.stderr.endswith(f"error: {message}\n")
    assert "Traceback" not in done.stderr
    assert not os.path.exists(os.path.join(folder, "x.svg"))


@pytest.mark.parametrize(
    ("rows", "lines", "extra", "message"),
    [
        ({"a": [1e301, 0.0], "b": [0.0, 1.0]}, ["a", "b"], ["--input"], "too large to map"),
        (
            {"a": [0.0, 0.0], "b": [0.0, 1.0]},
            ["b"],
            ["--rank", "a"],
            "the query 'a' embeds as the zero vector",
        ),
        (
            {"a": [1.0, 0.0]},
            ["x", "y"],
            ["--oov", "skip", "--input"],
            "no sentence has an embedding to map",
        ),
        (
            {"a": [1.0, 0.0]},
            ["a", "x"],
            ["--oov", "error", "--input"],
            "line 2: 'x' is out of vocabulary",
        ),
        ({"a": [1.0, 0.0]}, [], ["--input"], "lines.txt: no sentences in it (one per line)"),
        ({"a": [1.0, 0.0]}, [], ["--rank", "a"], "lines.txt: no candidates in it (one per line)"),
    ],
)
def test_a_map_that_cannot_be_drawn_is_an_error(
    rows: Dict[str, List[float]], lines: List[str], extra: List[str], message: str, tmp_path: Path
) -> None:
    folder = str(tmp_path)
    path = os.path.join(folder, "x.svg")
    done = run(
        "--vectors", vector_file(folder, rows), *extra, lines_file(folder, lines), "--svg", path
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert not os.path.exists(path)


def test_a_picture_to_standard_output_is_the_file_and_in_ascii(tmp_path: Path) -> None:
    _, path = draw("I love \u2615 milk", folder=str(tmp_path))
    done = run("I love \u2615 milk", "--svg", "-")
    assert done.returncode == 0
    assert done.stdout == path.read_text(encoding="ascii")
    assert "&#9749;" in done.stdout  # characters beyond ASCII as references


def test_a_picture_never_overwrites_a_file_the_run_reads(tmp_path: Path) -> None:
    folder = str(tmp_path)
    vectors, lines = vector_file(folder, PLANAR), lines_file(folder, ["w1", "w2"])
    for args in (["--input", lines], ["--rank", "w1", lines]):
        for target in (lines, vectors, os.path.join(folder, ".", "lines.txt")):
            done = run("--vectors", vectors, *args, "--svg", target)
            assert done.returncode == 2
            assert f"--svg {target} is a file this run reads: give another" in done.stderr
    assert Path(lines).read_text(encoding="utf-8") == "w1\nw2\n"


def test_a_file_that_cannot_be_written_is_an_error(tmp_path: Path) -> None:
    folder = str(tmp_path)
    for path in (folder, os.path.join(folder, "no", "such.svg")):
        done = run("--svg", path)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr
        assert done.stderr.startswith("sentemb.py: error: ")
        assert path in done.stderr
