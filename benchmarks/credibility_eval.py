"""Credibility: ROC AUC of the evidence score on the labelled half of the Syrian war corpus (FA-KES).

    .venv/bin/python benchmarks/credibility_eval.py [--db /tmp/syria.db] [--cv]

../shared/gold/fakes_dev_labels.jsonl labels half of ../shared/corpora/syria_war_articles.jsonl credible or fake
(the dataset's authors checked each article's casualty figures, date and place against a documentation centre's
records). The database is made once (ingest and link the whole corpus, a few minutes on 2 cores) and reused when it
exists. Prints, in one table:
- the score's ROC AUC on the labelled half (hand-set weights, nothing fitted), over every label line and over the
  articles whose id carries one consistent label;
- each signal alone (an article where it cannot be measured gets its neutral value), with its coverage;
- for scale, the outlet alone: each outlet's share of credible labels, learnt on the other folds (5-fold, 20 times);
- with --cv: logistic weights on the signals fitted by 5-fold cross-validation inside the labelled half (20 times),
  the mean AUC on the held-out folds: what fitting the same signals to these labels would add;
- the held-out half: the score's distribution only (its labels are not ours to see);
- how consistent the labels are: titles that occur more than once among the label lines, ids given more than one
  label line, and pairs of labelled articles whose texts are near copies (`NEAR_COPY` of the shorter one's 5-word
  runs are in the other's), with how many of each are labelled both ways. A label that is a function of what an
  article says would give a near copy the same label; a coin would give it the other label half the time. And
  pairs of labelled articles on the same date and place (the corpus's own fields): how often they are labelled
  alike, against how often two articles drawn at random would be.
An article the pipeline refused or merged (see the "not stored" row) is scored 0.5, the score of no evidence.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from scipy.optimize import minimize
from scipy.stats import mannwhitneyu

from storyline import api, credibility
from storyline.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpora" / "syria_war_articles.jsonl"
LABELS = SHARED / "gold" / "fakes_dev_labels.jsonl"
FOLDS, REPEATS = 5, 20
#: two texts are near copies when this share of the shorter one's 5-word runs occur in the other
NEAR_COPY = 0.6


def auc(scores: list[float], labels: list[bool]) -> float:
    """ROC AUC: the chance that a credible article scores above a fake one (ties count half)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    return float(mannwhitneyu(pos, neg).statistic) / (len(pos) * len(neg))


def auc_error(labels: list[bool], value: float = 0.5) -> float:
    """The standard error of an AUC near `value` for these class sizes (Hanley and McNeil)."""
    pos = sum(labels)
    neg = len(labels) - pos
    q1, q2 = value / (2 - value), 2 * value**2 / (1 + value)
    return math.sqrt((value * (1 - value) + (pos - 1) * (q1 - value**2) + (neg - 1) * (q2 - value**2)) / (pos * neg))


def ensure_db(path: Path) -> None:
    if path.exists():
        return
    started = time.perf_counter()
    report = api.ingest([str(CORPUS)], path)
    print(f"ingested {report.new} articles into {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def near_copies(texts: dict[str, str]) -> list[tuple[str, str]]:
    """Pairs of ids whose texts are near copies: `NEAR_COPY` of the shorter one's 5-word runs are in the other."""
    runs = {}
    for aid, text in texts.items():
        words = re.findall(r"[a-z0-9]+", text.lower())
        runs[aid] = {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}
    ids = sorted(aid for aid in runs if runs[aid])
    return [
        (a, b)
        for n, a in enumerate(ids)
        for b in ids[n + 1 :]
        if len(runs[a] & runs[b]) >= NEAR_COPY * min(len(runs[a]), len(runs[b]))
    ]


def folds(n: int, rng: np.random.Generator) -> list[np.ndarray]:
    return np.array_split(rng.permutation(n), FOLDS)


def outlet_auc(outlets: list[str], labels: list[bool], rng: np.random.Generator) -> float:
    """The outlet alone: each outlet's credible share on the training folds scores the held-out fold."""
    results = []
    y = np.array(labels, dtype=float)
    for _ in range(REPEATS):
        pred = np.zeros(len(y))
        for test in folds(len(y), rng):
            train = np.setdiff1d(np.arange(len(y)), test)
            shares: dict[str, list[float]] = defaultdict(list)
            for i in train:
                shares[outlets[i]].append(y[i])
            prior = float(y[train].mean())
            for i in test:
                pred[i] = statistics.mean(shares[outlets[i]]) if shares[outlets[i]] else prior
        results.append(auc(list(pred), labels))
    return statistics.mean(results)


def cv_auc(x: np.ndarray, labels: list[bool], rng: np.random.Generator, l2: float = 10.0) -> float:
    """Logistic weights on standardised signals, fitted on 4 folds, scored on the fifth; mean AUC over repeats."""
    y = np.array(labels, dtype=float)
    results = []
    for _ in range(REPEATS):
        pred = np.zeros(len(y))
        for test in folds(len(y), rng):
            train = np.setdiff1d(np.arange(len(y)), test)
            mu, sd = x[train].mean(0), x[train].std(0) + 1e-9
            z = np.hstack([np.ones((len(train), 1)), (x[train] - mu) / sd])

            def loss(w: np.ndarray, z: np.ndarray = z, t: np.ndarray = y[train]) -> float:
                p = z @ w
                return float(np.sum(np.logaddexp(0, p) - t * p) + l2 * np.sum(w[1:] ** 2))

            w = minimize(loss, np.zeros(z.shape[1])).x
            pred[test] = np.hstack([np.ones((len(test), 1)), (x[test] - mu) / sd]) @ w
        results.append(auc(list(pred), labels))
    return statistics.mean(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/storyline-syria.db"), help="database (made if absent)")
    parser.add_argument("--cv", action="store_true", help="also fit weights by cross-validation (for comparison)")
    args = parser.parse_args()
    for needed in (CORPUS, LABELS):
        if not needed.exists():
            raise SystemExit(f"needs {needed} (the project's shared data)")
    ensure_db(args.db)
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    outlet_of = {r["id"]: r.get("source") or "" for r in rows}
    title_of = {r["id"]: r.get("title") or "" for r in rows}
    text_of = {r["id"]: r.get("text") or "" for r in rows}
    where_when = {r["id"]: (r.get("date"), r.get("location")) for r in rows}
    label_lines = [json.loads(line) for line in LABELS.open(encoding="utf-8")]
    labelled = {line["id"] for line in label_lines}
    with Store(args.db, readonly=True) as store:
        profiles = {p.article_id: p for p in credibility.article_profiles(store)}
    scores = {aid: p.score for aid, p in profiles.items()}

    ids = [line["id"] for line in label_lines]
    labels = [bool(line["credible"]) for line in label_lines]
    per_id: dict[str, set[bool]] = defaultdict(set)
    for aid, y in zip(ids, labels, strict=True):
        per_id[aid].add(y)
    consistent = [aid for aid in dict.fromkeys(ids) if len(per_id[aid]) == 1]
    missing = sorted({aid for aid in ids if aid not in profiles})

    table = Table("measure", "articles", "ROC AUC", title=f"credibility on the labelled half ({args.db})")
    table.add_row("score, every label line", str(len(ids)), f"{auc([scores.get(a, 0.5) for a in ids], labels):.3f}")
    table.add_row(
        "score, ids with one consistent label",
        str(len(consistent)),
        f"{auc([scores.get(a, 0.5) for a in consistent], [next(iter(per_id[a])) for a in consistent]):.3f}",
    )
    table.add_row("  not stored (scored 0.5)", str(len(missing)), "")
    titles: dict[str, set[bool]] = defaultdict(set)
    repeated: dict[str, int] = defaultdict(int)
    for aid, y in zip(ids, labels, strict=True):
        title = " ".join(str(title_of[aid]).lower().split())
        titles[title].add(y)
        repeated[title] += 1
    twice = [t for t, n in repeated.items() if n > 1]
    table.add_row(
        "  labels: repeated titles labelled both ways",
        f"{sum(len(titles[t]) > 1 for t in twice)} of {len(twice)}",
        f"(one standard error of an AUC here: ±{auc_error(labels):.3f})",
    )
    repeated_ids = [aid for aid in per_id if ids.count(aid) > 1]
    table.add_row(
        "  labels: ids with several label lines labelled both ways",
        f"{sum(len(per_id[a]) > 1 for a in repeated_ids)} of {len(repeated_ids)}",
        "",
    )
    copies = near_copies({aid: text_of[aid] for aid in per_id})
    same_day = [(a, b) for a, b in copies if where_when[a] == where_when[b]]
    table.add_row(
        f"  labels: near-copy texts ({NEAR_COPY:.0%} shared 5-word runs) labelled both ways",
        f"{sum(per_id[a] != per_id[b] for a, b in copies)} of {len(copies)} pairs",
        f"{sum(per_id[a] != per_id[b] for a, b in same_day)} of the {len(same_day)} with the same date and place",
    )
    by_event: dict[tuple[object, object], list[str]] = defaultdict(list)
    for aid in consistent:
        by_event[where_when[aid]].append(aid)
    pairs = [(a, b) for group in by_event.values() for n, a in enumerate(group) for b in group[n + 1 :]]
    credible_share = statistics.mean(labels)
    table.add_row(
        "  labels: pairs of articles on the same date and place labelled alike",
        f"{sum(per_id[a] == per_id[b] for a, b in pairs)} of {len(pairs)} pairs",
        f"(two articles drawn at random: {credible_share**2 + (1 - credible_share) ** 2:.0%} alike)",
    )
    for spec in credibility.SIGNALS:
        values = [profiles[a].signals.get(spec.name) if a in profiles else None for a in ids]
        covered = sum(v is not None for v in values)
        filled = [spec.neutral if v is None else v for v in values]
        direction = 1 if spec.weight >= 0 else -1
        table.add_row(
            f"  signal {spec.name} (weight {spec.weight:+g})",
            f"{covered} measured",
            f"{auc([direction * v for v in filled], labels):.3f}",
        )
    rng = np.random.default_rng(0)
    table.add_row(
        "outlet alone (cross-validated)", str(len(ids)), f"{outlet_auc([outlet_of[a] for a in ids], labels, rng):.3f}"
    )
    if args.cv:
        x = np.array(
            [
                [
                    (profiles[a].signals.get(s.name) if a in profiles else None) or s.neutral
                    for s in credibility.SIGNALS
                    if s.weight != 0
                ]
                for a in ids
            ],
            dtype=float,
        )
        table.add_row("signals, weights fitted by 5-fold CV", str(len(ids)), f"{cv_auc(x, labels, rng):.3f}")
    held_out = [scores[aid] for aid in scores if aid not in labelled and aid in outlet_of]
    if held_out:
        q = statistics.quantiles(held_out, n=4)
        table.add_row(
            "held-out half: score distribution",
            str(len(held_out)),
            f"mean {statistics.mean(held_out):.3f}; quartiles {q[0]:.3f} / {q[1]:.3f} / {q[2]:.3f}",
        )
    Console(width=140).print(table)


if __name__ == "__main__":
    main()
