"""The same content builds to the same bytes, however busy the machine is.

cmark-gfm keeps parser state in a global; parsing on every core once dropped autolinks and
strikethrough from random pages. Here the 1,000-page corpus is built three times while every core
is also kept busy by another process, and every output file is compared byte for byte.
"""

import multiprocessing
import os
import subprocess

from conftest import REPO, REVIEW_DAY, guide_binary


def spin():
    while True:
        pass


def files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_three_builds_on_busy_cores_are_byte_identical(tmp_path):
    corpus = tmp_path / "corpus"
    subprocess.run([str(guide_binary()), "bench-corpus", "1000", str(corpus)], check=True, capture_output=True)
    busy = [multiprocessing.Process(target=spin, daemon=True) for _ in range(os.cpu_count() or 2)]
    for process in busy:
        process.start()
    try:
        builds = []
        for run in range(3):
            output = tmp_path / f"out{run}"
            result = subprocess.run([str(guide_binary()), "build", "--content", str(corpus), "--templates", str(REPO / "Templates"),
                                     "--public", str(REPO / "Public"), "--output", str(output), "--today", REVIEW_DAY],
                                    capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            builds.append(files(output))
    finally:
        for process in busy:
            process.terminate()
    first = builds[0]
    assert len(first) > 1000
    # The corpus has bare addresses and ~~strike~~: they must be in the output, not only equal.
    assert any(b"<del>" in data for data in first.values())
    for other in builds[1:]:
        assert other.keys() == first.keys()
        differing = [path for path in first if first[path] != other[path]]
        assert differing == [], f"{len(differing)} files differ between builds, e.g. {differing[:5]}"
