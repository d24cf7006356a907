"""A process that has not imported scikit-learn trains a cached model in a child process: it
gets the model the in-process training gives, and never imports scikit-learn itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from deskpilot.nlu.intents import read_examples, train_classifier

FIXTURES = Path(__file__).parent / "fixtures"
SOURCE = Path(__file__).resolve().parents[2] / "src"

# Run in a fresh interpreter (this test process has scikit-learn loaded already).
_SERVER_LIKE = """
import json, sys
from pathlib import Path
from deskpilot.nlu.intents import read_examples, train_classifier
train = read_examples(Path(sys.argv[1]) / "intents_train.csv")
test = read_examples(Path(sys.argv[1]) / "intents_test.csv")
trained = train_classifier(train.texts, train.labels, cache_dir=Path(sys.argv[2]))
found = [p[0].name for p in trained.classifier.predict(test.texts)]
print(json.dumps({"sklearn": "sklearn" in sys.modules, "found": found,
                  "from_cache": trained.from_cache, "path": str(trained.path)}))
"""


def test_train_classifier_for_a_cache_fits_in_a_child_process(tmp_path: Path) -> None:
    script = f"import sys; sys.path.insert(0, {str(SOURCE)!r})\n{_SERVER_LIKE}"
    done = subprocess.run(
        [sys.executable, "-c", script, str(FIXTURES), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    apart = json.loads(done.stdout)
    assert apart["sklearn"] is False
    assert apart["from_cache"] is False
    assert Path(apart["path"]).is_file()
    train = read_examples(FIXTURES / "intents_train.csv")
    test = read_examples(FIXTURES / "intents_test.csv")
    here = train_classifier(train.texts, train.labels).classifier.predict(test.texts)
    assert apart["found"] == [p[0].name for p in here]
