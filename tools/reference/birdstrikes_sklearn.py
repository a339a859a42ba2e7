"""scikit-learn on the bird-strike sample's split, for the README's comparison.

Reads the files `./train-sample birdstrikes` writes (out/birdstrikes-train.csv and out/birdstrikes-test.csv,
a stratified 80/20 split of vega-datasets 3.2.1's birdstrikes.csv) and trains, on the same columns encoded
the same way as the sample's spec (costs dropped; flight date as year and month; speed standardised, mean
imputed, with a missing indicator; the five long-tailed categories one-hot with values seen fewer than 20
times as one infrequent feature; the other categories one-hot):
  MLPClassifier (64, 32) ReLU, Adam lr 1e-3, batch 64, 20 epochs, no class weights (it takes none)
  HistGradientBoostingClassifier, default settings, with and without class_weight="balanced"
and prints accuracy, balanced accuracy and macro F1 on the test file (macro F1 over the classes present in
the labels or the predictions, as the sample's report computes it).

Run from the repository root after the sample:  /usr/bin/python3 tools/reference/birdstrikes_sklearn.py
(Debian package python3-sklearn.)
"""
import csv
import warnings

import numpy as np
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, balanced_accuracy_score, f1_score
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

TARGET = "Effect Amount of damage"
LONG_TAILED = ["Aircraft Make Model", "Wildlife Species", "Airport Name", "Aircraft Airline Operator",
               "Origin State"]
SHORT = ["Phase of flight", "Wildlife Size", "Time of day"]


MISSING = {"", "na", "n/a", "nan", "null"}
COLUMNS = LONG_TAILED + SHORT + ["Speed IAS in knots", "year", "month"]


def load(path):
    """The feature columns as an object array in COLUMNS' order, and the target."""
    rows, target = [], []
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            speed = r["Speed IAS in knots"].strip()
            year, month = int(r["Flight Date"][:4]), int(r["Flight Date"][5:7])
            rows.append([r[c].strip() for c in LONG_TAILED + SHORT]
                        + [np.nan if speed.lower() in MISSING else float(speed), year, month])
            target.append(r[TARGET].strip())
    return np.array(rows, dtype=object), np.array(target)


def encoder():
    n_long, n_short = len(LONG_TAILED), len(SHORT)
    return ColumnTransformer([
        ("long", OneHotEncoder(min_frequency=20, handle_unknown="infrequent_if_exist"), list(range(n_long))),
        ("short", OneHotEncoder(handle_unknown="ignore"), list(range(n_long, n_long + n_short))),
        ("speed", make_pipeline(SimpleImputer(strategy="mean", add_indicator=True), StandardScaler()),
         [n_long + n_short]),
        ("date", StandardScaler(), [n_long + n_short + 1, n_long + n_short + 2]),
    ])


class _Dense:
    """HistGradientBoosting takes dense input only; the one-hot encoders give sparse matrices."""

    def fit(self, x, y=None):
        return self

    def transform(self, x):
        return x.toarray() if hasattr(x, "toarray") else x

    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self


def main():
    x, y = load("out/birdstrikes-train.csv")
    tx, ty = load("out/birdstrikes-test.csv")
    models = {
        "MLPClassifier (64, 32), no class weights": MLPClassifier(hidden_layer_sizes=(64, 32), batch_size=64,
                                                                  learning_rate_init=1e-3, max_iter=20,
                                                                  random_state=11),
        "HistGradientBoosting": HistGradientBoostingClassifier(random_state=11),
        "HistGradientBoosting, balanced": HistGradientBoostingClassifier(class_weight="balanced", random_state=11),
    }
    print(f"scikit-learn {sklearn.__version__}; {len(y)} training rows, {len(ty)} test rows")
    print("| model | accuracy | balanced accuracy | macro F1 |")
    print("|---|---|---|---|")
    for name, model in models.items():
        x_enc = encoder()
        dense = x_enc if not isinstance(model, HistGradientBoostingClassifier) else make_pipeline(
            x_enc, _Dense())
        pipe = make_pipeline(dense, model)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pipe.fit(x, y)
            p = pipe.predict(tx)
            present = sorted(set(ty) | set(p))
            f1 = f1_score(ty, p, labels=present, average="macro", zero_division=0)
        print(f"| {name} | {accuracy_score(ty, p):.4f} | {balanced_accuracy_score(ty, p):.4f} | {f1:.4f} |")


if __name__ == "__main__":
    main()
