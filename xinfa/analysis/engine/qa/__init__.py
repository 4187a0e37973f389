"""Quality inspection and live coaching over analysed conversations (pure Python).

Public API (keep it stable; the Django `xinfa.quality` app builds on it):

```python
from xinfa.analysis.engine.qa import (Rubric, RubricError, load_rubric, dump_rubric,
    Conversation, Turn, inspect_conversation, InspectionResult, RuleResult, Evidence,
    coach_turn, Coaching, check_draft, DraftCheck)

rubric = load_rubric(yaml_text)          # RubricError(kind, path="rules[3].expect.regex", **params)
text = dump_rubric(rubric)               # load_rubric(text) == rubric
result = inspect_conversation(rubric, Conversation(turns=[Turn("agent", "您好…")],
                              channel="phone", customer={"is_elderly": True}))
result.score, result.passed, result.critical_failures, result.rule_results, result.to_dict()
coaching = coach_turn(conversation, knowledge=faq_index)   # after each customer turn
draft = check_draft("您必须先填表", conversation)            # before the agent sends
```

`Turn.annotations` are the pipeline annotations of that turn (objects or their dict form);
when None the default turn pipeline runs first. `default_rubric()` returns the shipped
bank-service rubric (`resources/rubrics/default.yaml`). Rule language: `schema.py`
(rubric file) and `matchers.py` (operators and conditions); scoring: `inspect.py`; limits
on enormous input: `conversation.py`.
"""

from xinfa.analysis.engine.qa.coaching import Coaching, DraftCheck, check_draft, coach_turn
from xinfa.analysis.engine.qa.conversation import Conversation, Turn
from xinfa.analysis.engine.qa.errors import RUBRIC_MESSAGES, RubricError
from xinfa.analysis.engine.qa.inspect import (
    Evidence,
    InspectionResult,
    RuleResult,
    inspect_conversation,
)
from xinfa.analysis.engine.qa.rubrics import default_rubric
from xinfa.analysis.engine.qa.schema import Rubric, Rule, dump_rubric, load_rubric

__all__ = [
    "RUBRIC_MESSAGES",
    "Coaching",
    "Conversation",
    "DraftCheck",
    "Evidence",
    "InspectionResult",
    "Rubric",
    "RubricError",
    "Rule",
    "RuleResult",
    "Turn",
    "check_draft",
    "coach_turn",
    "default_rubric",
    "dump_rubric",
    "inspect_conversation",
    "load_rubric",
]
