"""Agreement statistics against hand-computed values."""

from __future__ import annotations

import pytest

from scoring.agreement import (accuracy, binary_agreement, cohen_kappa, f1_score, macro_f1,
                               quadratic_weighted_kappa)


def test_quadratic_weighted_kappa_by_hand():
    # 2 raters, levels 0..2: observed [[1,1,0],[0,1,0],[0,0,1]], n=4
    a, b = [0, 0, 1, 2], [0, 1, 1, 2]
    # weights (i-j)^2/4; observed disagreement 0.25*1 = 0.25
    # expected: rows (2,1,1), columns (1,2,1): sum w*r*c/n = (0.25*(2*2+1*1+1*1+1*2) + 1*(2*1+1*1))/4 = 1.25
    assert quadratic_weighted_kappa(a, b) == pytest.approx(1 - 0.25 / 1.25)
    assert quadratic_weighted_kappa([1, 2, 3], [1, 2, 3], 0, 4) == 1.0
    assert quadratic_weighted_kappa([0, 4], [4, 0], 0, 4) < 0


def test_cohen_kappa_by_hand():
    a = ["y", "y", "n", "n"]
    b = ["y", "n", "n", "n"]
    # observed 0.75; expected 0.5*0.25 + 0.5*0.75 = 0.5
    assert cohen_kappa(a, b) == pytest.approx(0.5)
    assert cohen_kappa(["x", "x"], ["x", "x"]) == 1.0


def test_f1_and_edge_cases():
    truth, pred = [True, True, False, False], [True, False, True, False]
    agg = binary_agreement(truth, pred)
    assert (agg.tp, agg.fp, agg.fn, agg.tn) == (1, 1, 1, 1)
    assert f1_score(truth, pred) == pytest.approx(0.5)
    assert f1_score([False, False], [False, False]) == 1.0  # nobody ever says yes: full agreement
    assert f1_score([True], [False]) == 0.0
    assert accuracy([1, 2], [1, 3]) == 0.5
    assert macro_f1(["a", "b"], ["a", "b"]) == 1.0
    with pytest.raises(ValueError, match="length"):
        accuracy([1], [1, 2])
