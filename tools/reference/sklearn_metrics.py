"""Reference values for Kiln's classification and regression metrics, from scikit-learn 1.2.1
(Debian package python3-sklearn; apt-get install -y python3-sklearn).

Run from the repository root:  /usr/bin/python3 tools/reference/sklearn_metrics.py
It rewrites runtime/src/test/resources/reference/sklearn_metrics.txt, which holds each case's inputs as
well as scikit-learn's answers, so the Java test reads both from the file. Random inputs come from
numpy's generator with fixed seeds, but only the file matters: the test never regenerates them.

The format is one item per line, words separated by spaces:
    case NAME                  starts a case
    kind K                     binary (one probability per row, P(class 1)), classes (rows x classes),
                               regression (one value per row) or outputs (rows x outputs)
    KEY v1 v2 ...              an input (labels, probabilities, names, targets, predictions, classes,
                               outputs) or a metric; matrices are row-major
    end                        ends the case
Metric values are written with repr, so they read back as the same double; "undefined" marks a metric
scikit-learn refuses to compute (it raises ValueError). Inputs are float32 values, written as the
shortest text that reads back as the same float32; scikit-learn is given them widened to float64,
which is also what Kiln computes in, so log_loss clips at float64's epsilon (2.2e-16).

Multi-class average precision: scikit-learn 1.2.1's average_precision_score takes no multi-class
labels, so the labels are one-hot encoded over all classes (label_binarize) and averaged as a
multilabel problem; a class with no rows then scores 0, with a warning.
"""
import warnings

import numpy as np
import sklearn
from sklearn import metrics
from sklearn.preprocessing import label_binarize

OUT = "runtime/src/test/resources/reference/sklearn_metrics.txt"


def f32(values):
    return np.asarray(values, dtype=np.float32)


def words(values):
    """Inputs: float32 as their shortest text, integers and names as they are."""
    out = []
    for v in np.ravel(values) if not isinstance(values, list) else values:
        if isinstance(v, (np.floating,)):
            out.append(str(np.float32(v)))
        else:
            out.append(str(v))
    return " ".join(out)


def value(compute):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return repr(float(compute()))
    except ValueError:
        return "undefined"


def values(compute, count):
    """A metric per class or output; "undefined" in every place when scikit-learn refuses it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return " ".join(repr(float(v)) for v in compute())
    except ValueError:
        return " ".join(["undefined"] * count)


def classification(name, labels, probabilities, names=None):
    """A case; probabilities is 1-D (P(class 1) of one sigmoid output) or rows x classes."""
    y = np.asarray(labels, dtype=np.int64)
    p32 = f32(probabilities)
    p = p32.astype(np.float64)
    binary = p.ndim == 1
    k = 2 if binary else p.shape[1]
    classes = list(range(k))
    if binary:
        predicted = (p > 0.5).astype(np.int64)
        scores = p
    else:
        predicted = np.argmax(p, axis=1)  # the first of equal largest values, as Kiln's argmax
        scores = p[:, 1] if k == 2 else p
    lines = [f"case {name}", f"kind {'binary' if binary else 'classes'}", f"classes {k}"]
    if names is not None:
        lines.append("names " + " ".join(names))
    lines.append("labels " + words(list(y)))
    lines.append("probabilities " + words(p32))

    def add(key, text):
        lines.append(f"{key} {text}")

    add("accuracy", value(lambda: metrics.accuracy_score(y, predicted)))
    add("balanced_accuracy", value(lambda: metrics.balanced_accuracy_score(y, predicted)))
    add("confusion", " ".join(str(c) for c in metrics.confusion_matrix(y, predicted, labels=classes).ravel()))
    per_class = lambda i: values(
        lambda: metrics.precision_recall_fscore_support(y, predicted, labels=classes)[i], k)
    add("precision", per_class(0))
    add("recall", per_class(1))
    add("f1", per_class(2))
    add("support", " ".join(str(int(s)) for s in
                            metrics.precision_recall_fscore_support(y, predicted, labels=classes)[3]))
    for average in ("macro", "weighted"):
        # No labels argument: scikit-learn's default averages over the classes in the labels or predictions.
        prf = lambda: metrics.precision_recall_fscore_support(y, predicted, average=average)
        add(f"{average}_precision", value(lambda: prf()[0]))
        add(f"{average}_recall", value(lambda: prf()[1]))
        add(f"{average}_f1", value(lambda: prf()[2]))
    if k == 2:
        add("roc_auc", value(lambda: metrics.roc_auc_score(y, scores)))
        add("average_precision", value(lambda: metrics.average_precision_score(y, scores)))
    else:
        add("roc_auc", value(lambda: metrics.roc_auc_score(y, p, multi_class="ovr", average="macro")))
        add("average_precision", value(lambda: metrics.average_precision_score(
            label_binarize(y, classes=classes), p, average="macro")))
    two_columns = np.stack([1 - p, p], axis=1) if binary else p
    add("roc_auc_per_class", " ".join(
        value(lambda c=c: metrics.roc_auc_score(y == c, two_columns[:, c])) for c in classes))
    add("average_precision_per_class", " ".join(
        value(lambda c=c: metrics.average_precision_score(y == c, two_columns[:, c])) for c in classes))
    add("log_loss", value(lambda: metrics.log_loss(y, p, labels=classes)))
    add("matthews", value(lambda: metrics.matthews_corrcoef(y, predicted)))
    lines.append("end")
    return lines


def regression(name, targets, predictions):
    """A case; 1-D arrays are one output, 2-D arrays rows x outputs."""
    t32, p32 = f32(targets), f32(predictions)
    t, p = t32.astype(np.float64), p32.astype(np.float64)
    m = 1 if t.ndim == 1 else t.shape[1]
    lines = [f"case {name}", f"kind {'regression' if t.ndim == 1 else 'outputs'}", f"outputs {m}",
             "targets " + words(t32), "predictions " + words(p32)]
    scores = {
        "mae": lambda **kw: metrics.mean_absolute_error(t, p, **kw),
        "mse": lambda **kw: metrics.mean_squared_error(t, p, **kw),
        "rmse": lambda **kw: metrics.mean_squared_error(t, p, squared=False, **kw),
        "r2": lambda **kw: metrics.r2_score(t, p, **kw),
        "explained_variance": lambda **kw: metrics.explained_variance_score(t, p, **kw),
    }
    for key, score in scores.items():
        lines.append(f"{key} {value(score)}")
        lines.append(f"{key}_per_output {values(lambda: np.atleast_1d(score(multioutput='raw_values')), m)}")
    lines.append("end")
    return lines


def softmax(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def noisy_classifier(rng, rows, k, signal):
    """Labels and float32 softmax probabilities of a classifier that is right more often than not."""
    y = rng.integers(0, k, rows)
    logits = rng.normal(0.0, 1.0, (rows, k))
    logits[np.arange(rows), y] += signal
    return y, f32(softmax(logits))


def cases():
    out = []
    # Binary, one sigmoid output, hand-made: tied scores across the classes (0.3 and 0.7 hold both), a
    # score of exactly 0.5 (predicted 0, as p > 0.5 is class 1), and 0 and 1 on the wrong side, which
    # log_loss clips.
    out += classification("binary_ties",
                           [0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1],
                           [0.1, 0.3, 0.3, 0.7, 0.7, 0.9, 0.5, 0.5, 0.0, 1.0, 0.3, 0.7],
                           names=["negative", "positive"])
    rng = np.random.default_rng(20240611)
    # Binary on a coarse grid of scores: ties everywhere.
    y = rng.integers(0, 2, 300)
    grid = np.array([0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95])
    shift = np.where(y == 1, 1, -1) * rng.integers(0, 3, 300)
    out += classification("binary_grid", y, grid[np.clip(3 + shift + rng.integers(-2, 3, 300), 0, 6)])
    # Binary as two softmax columns.
    y, p = noisy_classifier(rng, 250, 2, 1.2)
    out += classification("binary_two_columns", y, p)
    # Three classes, class 2 has rows but is never predicted: its precision is 0/0.
    y = rng.integers(0, 3, 40)
    y[:3] = 2
    p = np.zeros((40, 3))
    p[:, 0] = rng.uniform(0.3, 0.6, 40)
    p[:, 1] = rng.uniform(0.3, 0.6, 40)
    p[:, 2] = rng.uniform(0.0, 0.2, 40)
    p[y == 2, 2] = rng.uniform(0.15, 0.29, int(np.sum(y == 2)))
    out += classification("three_absent_prediction", y, f32(p / p.sum(axis=1, keepdims=True)))
    # Four classes, class 3 never a label but predicted for a few rows: its recall is 0/0.
    y, p = noisy_classifier(rng, 60, 3, 1.5)
    p4 = np.concatenate([p.astype(np.float64) * 0.8, np.full((60, 1), 0.2)], axis=1)
    p4[:5] = [0.1, 0.1, 0.1, 0.7]
    out += classification("four_absent_label_predicted", y, f32(p4), names=["north", "east", "south", "west"])
    # Four classes, class 3 neither a label nor a prediction: macro averages leave it out.
    y, p = noisy_classifier(rng, 50, 3, 1.5)
    p4 = np.concatenate([p.astype(np.float64) * 0.9, np.full((50, 1), 0.1)], axis=1)
    out += classification("four_absent_label_unpredicted", y, f32(p4))
    # Ties within a row: argmax takes the lowest index.
    rows = [[0.4, 0.4, 0.2], [0.2, 0.4, 0.4], [0.5, 0.25, 0.25], [0.25, 0.25, 0.5], [1 / 3, 1 / 3, 1 / 3],
            [0.3, 0.3, 0.4], [0.4, 0.3, 0.3], [0.0, 0.5, 0.5], [0.6, 0.2, 0.2], [0.2, 0.6, 0.2]]
    out += classification("three_row_ties", [1, 2, 0, 2, 2, 0, 1, 2, 0, 1], rows)
    # Perfect: probabilities of exactly 1 and 0, which log_loss clips.
    y = np.array([0, 1, 2, 2, 1, 0, 0, 2, 1])
    out += classification("perfect", y, np.eye(3)[y], names=["red", "green", "blue"])
    out += classification("perfect_binary", [0, 1, 1, 0, 1], [0.0, 1.0, 0.75, 0.25, 0.6])
    # A single class among the labels: ROC AUC undefined.
    out += classification("binary_single_class", [1, 1, 1, 1, 1, 1], [0.9, 0.2, 0.6, 0.6, 0.4, 0.99])
    out += classification("three_single_class", [1, 1, 1, 1],
                          [[0.2, 0.5, 0.3], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]])
    # Random multi-class cases.
    y, p = noisy_classifier(rng, 300, 5, 1.0)
    out += classification("random_five", y, p, names=["a", "b", "c", "d", "e"])
    y, p = noisy_classifier(rng, 400, 3, 2.5)
    out += classification("random_three", y, p)
    y = rng.integers(0, 2, 350)
    out += classification("random_binary", y, f32(1 / (1 + np.exp(-(rng.normal(0, 1.5, 350) + 1.3 * (2 * y - 1))))))

    # Regression.
    out += regression("constant_target", np.full(20, 2.5), 2.5 + rng.normal(0, 0.3, 20))
    out += regression("constant_target_perfect", np.full(8, 0.1), np.full(8, 0.1))
    t = rng.normal(0, 2, 30)
    out += regression("perfect_predictions", t, t)
    out += regression("offset", t, t + 0.5)
    t = rng.normal(3, 2, 300)
    out += regression("random", t, t + rng.normal(0.2, 0.8, 300))
    t = np.stack([rng.normal(0, 1, 200), rng.normal(50, 10, 200), np.full(200, -1.0)], axis=1)
    p = t + rng.normal(0, 1, (200, 3)) * [0.3, 4.0, 0.1]
    out += regression("three_outputs", t, p)
    t = rng.normal(0, 1, (40, 2))
    p = t.copy()
    p[:, 1] += rng.normal(0, 0.5, 40)
    out += regression("two_outputs_one_perfect", t, p)
    out += regression("single_row", [1.5], [2.0])
    return out


def main():
    # scikit-learn warns on every ill-defined value (0/0 precision, a class with no rows); those are the point here.
    warnings.simplefilter("ignore")
    lines = [f"# scikit-learn {sklearn.__version__} metrics, numpy {np.__version__}; written by"
             f" tools/reference/sklearn_metrics.py (see its docstring for the format)"]
    lines += cases()
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
