"""Every notebook runs top to bottom with nbclient against a real store and shows what it promises.

The stores are built by the real pipeline (notebook_stores.py); the kernel is this venv's python3.
"""

from __future__ import annotations

import pytest

pytest.importorskip("nbclient", reason="notebook tests need nbclient, ipykernel and matplotlib")
pytest.importorskip("ipykernel", reason="notebook tests need ipykernel")
pytest.importorskip("matplotlib", reason="notebook tests need matplotlib")

from tests.notebooks.notebook_stores import call_id_of, notebook_runner, reviewed_store, sparse_store  # noqa: E402,F401

NOTEBOOKS, run_notebook = notebook_runner.NOTEBOOKS, notebook_runner.run_notebook


def outputs(nb) -> tuple[str, int]:
    """All text a reader sees (markdown, tables, streams) and the number of charts."""
    text, images = [], 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", f"{out.ename}: {out.evalue}"
            if out.output_type == "stream":
                text.append(out.text)
            data = out.get("data", {})
            images += "image/png" in data
            for kind in ("text/markdown", "text/html", "text/plain"):
                if kind in data:
                    text.append(data[kind])
                    break
    return "\n".join(text), images


@pytest.fixture(scope="module")
def executed(reviewed_store):
    return {name: outputs(run_notebook(name, reviewed_store, agent_id="a-203")) for name in NOTEBOOKS}


def test_every_notebook_is_listed_and_executed(executed):
    from pathlib import Path

    shipped = {p.stem for p in (Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb")}
    assert shipped == set(NOTEBOOKS)
    for name, (text, images) in executed.items():
        assert images >= 2, f"{name} drew {images} chart(s)"
        assert "Traceback" not in text, name


def test_quality_trends_reports_the_store(executed):
    text, _ = executed["quality_trends"]
    assert "**9 calls** (9 scored) from 7 week(s), 2026-03-02 to 2026-04-13" in text
    assert "teams: Night, North, South" in text
    assert "resolves best" in text and "Mean resolution level" in text


def test_calibration_measures_agreement_from_the_reviews(executed, reviewed_store):
    from scoring.agreement import quadratic_weighted_kappa
    from store import Store

    text, _ = executed["calibration"]
    assert "Simulated reviews present" in text
    pairs = Store(reviewed_store).agreement_pairs("resolution_level").dropna(subset=["human_value"])
    qwk = quadratic_weighted_kappa(pairs.machine_value.astype(int).tolist(),
                                   pairs.human_value.astype(int).tolist(), 0, 4)
    assert f"QWK **{qwk:.2f}** over {len(pairs)} reviews" in text
    assert "Most generous: **sim-lenient**" in text  # the simulation's lenient reviewer is found out
    assert "Human-vs-human QWK" in text
    assert "need attention" in text or "no tuning needed" in text


def test_complaint_drivers_names_each_category(executed, reviewed_store):
    from store import Store

    text, _ = executed["complaint_drivers"]
    categories = set(Store(reviewed_store).call_overview().category.dropna())
    assert categories and all(f"**{c}**" in text for c in categories)
    assert "Drivers by category" in text and "Hardest to resolve" in text


def test_agent_coaching_shows_the_agents_evidence(executed, reviewed_store):
    text, _ = executed["agent_coaching"]
    assert "陈晨 (`a-203`), team Night" in text
    rude_call = call_id_of(reviewed_store, "zh_06_rude_agent_overtalk.json")
    assert rude_call[:12] in text
    assert "`violation.rude`" in text and "听不懂吗" in text  # the words that cost the score
    assert "listen to how the remedy is offered" in text  # a reviewer's coaching note


def test_rubric_tuning_rescoring_moves_the_expected_call(executed, reviewed_store):
    text, _ = executed["rubric_tuning"]
    assert "Re-scoring the **9 reviewed `zh` calls**" in text and "simulated" in text
    # zh_09's agent opens with "喂，请问有什么可以帮您": the extra greeting phrase credits exactly that call
    moved = call_id_of(reviewed_store, "zh_09_partial_refund_ticket.json")
    assert f"{moved[:12]} `script.greeting`: 0 → 1" in text
    assert "To adopt a change" in text


def test_notebooks_degrade_on_a_store_with_one_call_and_no_reviews(sparse_store):
    texts = {}
    for name in NOTEBOOKS:
        texts[name], _ = outputs(run_notebook(name, sparse_store))
    assert "**1 calls** (1 scored) from 1 week(s)" in texts["quality_trends"]
    assert "Only one week of data" in texts["quality_trends"]
    assert "No human reviews in this store yet" in texts["calibration"]
    assert "No human reviews of `zh` calls yet" in texts["rubric_tuning"]
    assert "No coaching notes" in texts["agent_coaching"]


def test_a_missing_store_is_a_clear_error(tmp_path):
    from nbclient.exceptions import CellExecutionError

    with pytest.raises(CellExecutionError, match="no callqa database here"):
        run_notebook("quality_trends", tmp_path / "absent.duckdb")
    assert not (tmp_path / "absent.duckdb").exists()  # nothing was created in its place
