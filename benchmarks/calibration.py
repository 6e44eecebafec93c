"""How well idiomaticity and best practices separate good style from clumsy style.

For every language, the idiomatic and the clumsy answer to each of the 12 problems of its mini
suite (``tests/data/calibration``, all correct) are scored as an agent's answers are. Prints
per language: the idiomatic answers' mean idiomaticity and best practices, the clumsy answers',
the share of pairs ranked the right way (the idiomatic answer's mean of the two dimensions
higher) and the mean gap; then every pair ranked the wrong way or by less than a point. The
floors (issue 19): idiomatic >= 8.5 on both, >= 90 % ranked right, mean gap >= 2.

    python benchmarks/calibration.py [LANGUAGE ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.calibration import EXTENSIONS, FLOORS, QUALITY, figures, score_language


def main() -> None:
    languages = sys.argv[1:] or sorted(EXTENSIONS)
    print(f"floors: idiomatic >= {FLOORS['idiomatic_min']} on both dimensions, ranked right "
          f">= {FLOORS['ranked_right_min']:.0%}, mean gap >= {FLOORS['mean_gap_min']}")
    head = ("language    pairs  idiomatic idiom/pract   clumsy idiom/pract   ranked right"
            "   mean gap   floors")
    print(head)
    print("-" * len(head))
    notes = []
    for language in languages:
        pairs = score_language(language)
        if not pairs:
            print(f"{language:<11} no answer pairs")
            continue
        f = figures(language, pairs)
        i, c = f.idiomatic, f.clumsy
        print(f"{language:<11} {f.pairs:>5}  {i[QUALITY[0]]:>9.2f} / {i[QUALITY[1]]:<5.2f}"
              f"   {c[QUALITY[0]]:>6.2f} / {c[QUALITY[1]]:<5.2f}   {f.ranked_right:>12.0%}"
              f"   {f.mean_gap:>8.2f}   {'met' if not f.misses() else 'NOT met'}")
        for pair in pairs:
            for s in (pair.idiomatic, pair.clumsy):
                if not s.passed:
                    notes.append(f"  {language} {s.test_id} {s.style}: not correct: "
                                 f"{s.message[:120]}")
            if pair.gap is not None and pair.gap < 1.0:
                notes.append(f"  {language} {pair.test_id}: idiomatic {pair.idiomatic.quality:.2f}"
                             f" vs clumsy {pair.clumsy.quality:.2f}")
    if notes:
        print("\npairs to look at (wrong answers, or ranked by less than a point):")
        print("\n".join(notes))


if __name__ == "__main__":
    main()
