"""Comment themes at scale: ``python3 -m bench.themes_bench [--n 10000]``.

Times `scoring.themes.themes` on ``n`` Korean comments (the demo's pools, each
made distinct with a number) against the straightforward baseline in the same
run: the same keywords, found one comment at a time (one analyser call per
comment). Prints the figures and the target (issue 15: 10,000 comments under
10 s on 2 cores). The analyser's model is loaded once before timing, as a
running server has it loaded.
"""

from __future__ import annotations

import argparse
import os
import time

from scoring import sample
from scoring.themes import keywords_of, themes

TARGET_S = 10.0


def comments(n: int) -> list[str]:
    pool = (*sample._COMMENTS_KEEP, *sample._COMMENTS_CHANGE, *sample._COMMENTS_IDEA)
    return [f"{pool[i % len(pool)]} ({i // len(pool) + 1})" for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.themes_bench")
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args(argv)
    texts = comments(args.n)
    keywords_of("분석기를 미리 불러옵니다.")
    began = time.perf_counter()
    result = themes(texts, 5)
    ours = time.perf_counter() - began
    began = time.perf_counter()
    for text in texts:
        keywords_of(text)
    baseline = time.perf_counter() - began
    load = os.getloadavg()[0]
    print(f"themes of {args.n:,} comments: {ours:.2f} s ({len(result.themes)} themes)")
    print(f"baseline, one analyser call per comment: {baseline:.2f} s ({baseline / ours:.1f}x)")
    verdict = "yes" if ours < TARGET_S else "no"
    print(f"target < {TARGET_S:.0f} s on {os.cpu_count()} cores: {verdict} (load {load:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
