"""scikit-learn on the repair-cost sample's split, for the README's comparison.

Reads the files `./train-sample repaircost` writes (out/repaircost-train.csv and out/repaircost-test.csv, a
random 80/20 split of vega-datasets 3.2.1's birdstrikes.csv) and trains, on the same columns encoded the same
way as the sample's spec (the damage sample's columns, see birdstrikes_sklearn.py, with the damage one-hot as
one more column; the other costs dropped), to predict log1p(Cost Repair) standardised, as the sample does:
  DummyRegressor (the training median, $0), as the floor
  MLPRegressor (64, 32) ReLU, Adam lr 1e-3, batch 64, early stopping on 10 % of the training rows
  HistGradientBoostingRegressor, default settings
and prints MAE, RMSE and R² of the predictions mapped back to dollars (expm1), and R² of log1p(cost).

Run from the repository root after the sample:  /usr/bin/python3 tools/reference/repaircost_sklearn.py
(Debian package python3-sklearn.)
"""
import csv
import os
import sys
import warnings

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyRegressor
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import birdstrikes_sklearn as damage  # noqa: E402  (the damage sample's columns, encoded as Kiln encodes them)

TARGET = "Cost Repair"
DAMAGE = "Effect Amount of damage"


def load(path):
    """The damage sample's feature columns, the damage after them, and the repair cost."""
    x, _ = damage.load(path)
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    extra = np.array([[r[DAMAGE].strip()] for r in rows], dtype=object)
    cost = np.array([float(r[TARGET]) for r in rows])
    return np.hstack([x, extra]), cost


def encoder():
    base = damage.encoder()
    n = len(damage.COLUMNS)
    return ColumnTransformer(base.transformers + [("damage", OneHotEncoder(handle_unknown="ignore"), [n])])


def main():
    x, cost = load("out/repaircost-train.csv")
    tx, tcost = load("out/repaircost-test.csv")
    log = np.log1p(cost)
    mean, scale = log.mean(), log.std()
    models = {
        "DummyRegressor (median)": DummyRegressor(strategy="median"),
        "MLPRegressor (64, 32), early stopping": MLPRegressor(hidden_layer_sizes=(64, 32), batch_size=64,
                                                             learning_rate_init=1e-3, max_iter=200,
                                                             early_stopping=True, random_state=12),
        "HistGradientBoostingRegressor": HistGradientBoostingRegressor(random_state=12),
    }
    print(f"scikit-learn {sklearn.__version__}; {len(cost)} training rows, {len(tcost)} test rows,"
          f" {np.mean(tcost > 0):.3f} of the test rows with a cost")
    print("| model | MAE ($) | RMSE ($) | R² ($) | R² of log1p |")
    print("|---|---|---|---|---|")
    for name, model in models.items():
        steps = [encoder()]
        if isinstance(model, HistGradientBoostingRegressor):
            steps.append(damage._Dense())
        pipe = make_pipeline(*steps, model)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pipe.fit(x, (log - mean) / scale)
            learned = pipe.predict(tx) * scale + mean
        dollars = np.expm1(learned)
        print(f"| {name} | {mean_absolute_error(tcost, dollars):.1f} |"
              f" {np.sqrt(mean_squared_error(tcost, dollars)):.1f} | {r2_score(tcost, dollars):.4f} |"
              f" {r2_score(np.log1p(tcost), learned):.4f} |")


if __name__ == "__main__":
    main()
