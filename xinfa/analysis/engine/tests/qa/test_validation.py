"""Rubric loading: every validation error names the offending path."""

import pytest

from xinfa.analysis.engine.qa import RubricError, dump_rubric, load_rubric
from xinfa.analysis.engine.qa.check import main
from xinfa.analysis.engine.qa.rubrics import RUBRIC_DIR, default_rubric

HEAD = "id: t\nversion: 1\nname: 测试\npass_score: 80\n"


def rubric_with(rules: str, matchers: str = "") -> str:
    return HEAD + matchers + "rules:\n" + rules


ONE_RULE = "  - {id: r1, name: 规则, weight: 10, expect: {keywords: [您好]}}\n"


def error_of(text: str) -> RubricError:
    with pytest.raises(RubricError) as info:
        load_rubric(text)
    return info.value


def test_load_rubric_minimal_canonical_form():
    rubric = load_rubric(rubric_with(ONE_RULE))
    assert rubric.id == "t"
    assert rubric.version == 1
    assert rubric.rules[0].expect == {"keywords": {"any": ["您好"]}}
    assert rubric.max_points == 10


def test_default_rubric_round_trips_and_weights_sum_to_100():
    rubric = default_rubric()
    assert load_rubric(dump_rubric(rubric)) == rubric
    assert dump_rubric(load_rubric(dump_rubric(rubric))) == dump_rubric(rubric)
    assert rubric.max_points == 100
    assert len([rule for rule in rubric.rules if not rule.bonus]) == 15
    assert [rule.id for rule in rubric.rules if rule.critical] == [
        "risk_disclosure", "no_guaranteed_return", "no_full_pii",
    ]  # fmt: skip
    assert (RUBRIC_DIR / "default.yaml").is_file()


def test_round_trip_keeps_aliases_in_canonical_form():
    text = rubric_with(
        "  - id: r1\n    name: 规则\n    weight: 5\n"
        "    expect: {count: {of: {speaker: agent}, '>=': 2, '<=': 4}, regex: 'a+'}\n"
    )
    rubric = load_rubric(text)
    assert rubric.rules[0].expect == {
        "count": {"of": {"speaker": ["agent"]}, "at_least": 2, "at_most": 4},
        "regex": {"pattern": "a+"},
    }
    assert load_rubric(dump_rubric(rubric)) == rubric


@pytest.mark.parametrize(
    ("rules", "path", "fragment"),
    [
        ("  - {id: r1, name: 规则, weight: 1, expect: {keywords: [a]}, colour: red}\n",
         "rules[0].colour", "unknown key 'colour'"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {glob: '*'}}\n",
         "rules[0].expect.glob", "unknown operator 'glob'"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {label: emotion.furious}}\n",
         "rules[0].expect.label", "unknown label 'emotion.furious'"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {regex: '(a)\\1'}}\n",
         "rules[0].expect.regex.pattern", "RE2"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {all_of: [{speaker: agent}, "
         "{regex: {pattern: 'x', exclude: '(?=y)'}}]}}\n",
         "rules[0].expect.all_of[1].regex.exclude", "look-arounds"),
        ("  - {id: r1, name: 规则, weight: ten, expect: {keywords: [a]}}\n",
         "rules[0].weight", "must be a number"),
        ("  - {id: r1, name: 规则, weight: true, expect: {keywords: [a]}}\n",
         "rules[0].weight", "must be a number"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {keywords: [a]}}\n"
         "  - {id: r1, name: 规则二, weight: 1, expect: {keywords: [b]}}\n",
         "rules[1].id", "duplicate id 'r1'"),
        ("  - {id: r1, name: 规则, weight: 1}\n", "rules[0]", "needs 'expect' or 'forbid'"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {speaker: teller}}\n",
         "rules[0].expect.speaker", "unknown speaker 'teller'"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {position: {first: 0}}}\n",
         "rules[0].expect.position.first", "integer >= 1"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {keywords: {at_least: 2}}}\n",
         "rules[0].expect.keywords", "needs 'any', 'all' or 'none'"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {keywords: [a], min_probability: 0.5}}\n",
         "rules[0].expect.min_probability", "goes with 'label'"),
        ("  - {id: r1, name: 规则, weight: 1, "
         "expect: {label: emotion.angry, min_probability: 1.5}}\n",
         "rules[0].expect.min_probability", "between 0 and 1"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {within: {after: nowhere}}}\n",
         "rules[0]", "unknown reference 'nowhere'"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {within: {after: r1, before: r1}}}\n",
         "rules[0].expect.within", "exactly one of 'after' or 'before'"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {count: {of: {speaker: agent}}}}\n",
         "rules[0].expect.count", "needs 'at_least'"),
        ("  - {id: r1, name: 规则, weight: 1, expect: {semantic: {examples: []}}}\n",
         "rules[0].expect.semantic.examples", "non-empty list"),
        ("  - {id: r1, name: 规则, weight: 1, bonus: true, critical: true, "
         "expect: {keywords: [a]}}\n", "rules[0].bonus", "cannot be critical"),
        ("  - {id: 1r, name: 规则, weight: 1, expect: {keywords: [a]}}\n",
         "rules[0].id", "identifier"),
    ],
)  # fmt: skip
def test_load_rubric_rejects_with_path(rules, path, fragment):
    error = error_of(rubric_with(rules))
    assert error.path == path
    assert fragment in error.message


def test_rubric_error_to_dict_for_the_api():
    error = error_of(rubric_with("  - {id: r1, name: 规则, weight: x, expect: {keywords: [a]}}\n"))
    assert error.to_dict() == {
        "field": "rules[0].weight", "reason": "must be a number, got 'x'", "code": "invalid_rubric",
    }  # fmt: skip
    assert str(error) == "rules[0].weight: must be a number, got 'x'"


def test_known_labels_come_from_the_components():
    from xinfa.analysis.engine.qa.labels import known_labels

    labels = known_labels()
    assert {"emotion.angry", "customer_type.agitated", "intent.wealth_products", "pii.bank_card",
            "phrases.needs_mining.when", "phrases.open_question", "sentiment.negative",
            "phrases.self_introduction.number"} <= labels  # fmt: skip
    assert "phrases.needs_mining.where" not in labels


def test_circular_within_references_are_refused():
    rules = (
        "  - {id: a, name: 甲, weight: 1, expect: {speaker: agent, within: {after: b}}}\n"
        "  - {id: b, name: 乙, weight: 1, expect: {speaker: agent, ref: c}}\n"
        "  - {id: c, name: 丙, weight: 1, expect: {within: {before: a, turns: 2}}}\n"
    )
    error = error_of(rubric_with(rules))
    assert error.message == "circular reference: a -> b -> c -> a"
    assert error.path == "rules[0]"


def test_named_matcher_self_reference_is_a_cycle():
    matchers = "matchers:\n  loop: {ref: loop}\n"
    error = error_of(rubric_with(ONE_RULE, matchers))
    assert (error.path, error.message) == ("matchers.loop", "circular reference: loop -> loop")


@pytest.mark.parametrize(
    ("text", "path", "fragment"),
    [
        ("id: t\nversion: 1\nname: x\npass_score: 80\nrules: [\n", "line 6", "malformed YAML"),
        ("- a\n- b\n", "<root>", "a rubric must be a mapping"),
        (HEAD.replace("version: 1", "version: 1.5") + "rules:\n" + ONE_RULE, "version", ">= 1"),
        (HEAD.replace("pass_score: 80", "pass_score: 120") + "rules:\n" + ONE_RULE,
         "pass_score", "between 0 and 100"),
        (HEAD + "rules: []\n", "rules", "list of 1 to 500 rules"),
        (HEAD.replace("name: 测试\n", "") + "rules:\n" + ONE_RULE, "name", "'name' is required"),
        (HEAD + "owner: me\nrules:\n" + ONE_RULE, "owner", "unknown key 'owner'"),
        ("[" * 50_000 + "]" * 50_000, "<yaml>", "nested too deeply"),
        ("2026-13-45", "<yaml>", "month must be in 1..12"),  # was a ValueError (500)
        (HEAD + "rules: &all\n" + ONE_RULE + "matchers: *all\n", "line 7", "aliases (*name)"),
    ],
)  # fmt: skip
def test_load_rubric_rejects_bad_documents(text, path, fragment):
    error = error_of(text)
    assert error.path == path
    assert fragment in error.message


def test_rubric_check_command(tmp_path, capsys):
    assert main([str(RUBRIC_DIR / "default.yaml")]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "bank_service_default v1: 银行服务通用质检标准, 16 rules, 100 points, pass 80"
    )
    assert "  risk_disclosure (10) [critical]: 理财产品风险提示" in out.splitlines()
    bad = tmp_path / "bad.yaml"
    bad.write_text(rubric_with("  - {id: r1, name: 规则, weight: 1, expect: {regex: '(?<=a)b'}}\n"))
    assert main([str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{bad}: rules[0].expect.regex.pattern: regex cannot be compiled by RE2")
    assert main([str(tmp_path / "missing.yaml")]) == 2
