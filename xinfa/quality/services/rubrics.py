"""Rubrics as versioned YAML: import (validated by the engine), export, activate, try out."""

import dataclasses
import functools
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from xinfa.analysis.engine.components.normalize import normalize_text
from xinfa.analysis.engine.qa import (
    Conversation,
    RubricError,
    Turn,
    default_rubric,
    dump_rubric,
    inspect_conversation,
    load_rubric,
)
from xinfa.analysis.engine.qa import (
    Rubric as EngineRubric,
)
from xinfa.analysis.engine.qa.rubrics import RUBRIC_DIR
from xinfa.analysis.engine.speakers import SPEAKER_ALIASES
from xinfa.analysis.services import analysis_pipeline
from xinfa.core.exceptions import NotFound, ValidationFailed
from xinfa.core.roles import Capability
from xinfa.quality.conf import quality_setting
from xinfa.quality.models import Rubric, RubricVersion
from xinfa.quality.services.common import ensure_capability
from xinfa.quality.services.rubric_messages import rubric_error_reason

MAX_YAML_CHARS = 200_000
MAX_PASTED_CHARS = 20_000
_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
# One-letter shortcuts for typing a test conversation by hand.
SPEAKER_PREFIXES = {**SPEAKER_ALIASES, "c": "customer", "a": "agent"}


def rubric_parse(*, yaml_text: str) -> EngineRubric:
    """Validate rubric YAML with the engine and return the loaded rubric.

    Raises:
        ValidationFailed: empty or too long, or the engine refused it; `field` is the
            engine's path to the offending value (e.g. `rules[3].expect.regex`).
    """
    if not isinstance(yaml_text, str) or not yaml_text.strip():
        raise ValidationFailed(_("质检标准 YAML 为空"), field="yaml")
    if len(yaml_text) > MAX_YAML_CHARS:
        raise ValidationFailed(
            _("质检标准 YAML 超过 %(max)s 个字符") % {"max": MAX_YAML_CHARS}, field="yaml"
        )
    try:
        return load_rubric(yaml_text)
    except RubricError as exc:
        raise ValidationFailed(
            rubric_error_reason(exc), field=f"yaml.{exc.path}" if exc.path else "yaml"
        ) from exc


@functools.lru_cache(maxsize=64)
def _engine_rubric(version_id: int, yaml_text: str) -> EngineRubric:
    return load_rubric(yaml_text)


def rubric_version_engine(version: RubricVersion) -> EngineRubric:
    """The engine rubric of a stored version (versions are immutable, so cached)."""
    return _engine_rubric(version.pk, version.yaml)


def rubric_import_yaml(
    *, actor: Any, yaml_text: str, slug: str | None = None, activate: bool = False
) -> RubricVersion:
    """Store a new version of a rubric from YAML; the version number is assigned here.

    The slug defaults to the YAML's `id`. The stored YAML is the engine's canonical dump
    with `version` set to the stored number, so exports round-trip exactly.

    Raises:
        Forbidden: the actor may not manage rubrics.
        ValidationFailed: bad slug or YAML (see `rubric_parse`).
    """
    ensure_capability(actor, Capability.QUALITY_MANAGE)
    return _import(yaml_text=yaml_text, slug=slug, activate=activate, actor=actor)


def _import(*, yaml_text: str, slug: str | None, activate: bool, actor: Any) -> RubricVersion:
    parsed = rubric_parse(yaml_text=yaml_text)
    slug = (slug or parsed.id).strip().lower()
    if not _SLUG_RE.match(slug):
        raise ValidationFailed(_("只能使用小写字母、数字、_ 或 -（最多 64 个字符）"), field="slug")
    with transaction.atomic():
        rubric, _created = Rubric.objects.get_or_create(slug=slug, defaults={"name": parsed.name})
        rubric = Rubric.objects.select_for_update().get(pk=rubric.pk)
        if rubric.name != parsed.name:
            rubric.name = parsed.name
            rubric.save(update_fields=["name"])
        last = rubric.versions.aggregate(last=Max("version"))["last"] or 0
        canonical = dump_rubric(dataclasses.replace(parsed, version=last + 1))
        version = RubricVersion.objects.create(
            rubric=rubric, version=last + 1, yaml=canonical, created_by=actor
        )
        if activate or last == 0:
            _activate(version)
    return version


def _activate(version: RubricVersion) -> None:
    RubricVersion.objects.filter(rubric_id=version.rubric_id, is_active=True).exclude(
        pk=version.pk
    ).update(is_active=False)
    if not version.is_active:
        version.is_active = True
        version.save(update_fields=["is_active"])


def rubric_activate(*, actor: Any, version_id: int) -> RubricVersion:
    """Make one version the rubric's active one (the one inspected at close).

    Raises:
        Forbidden: the actor may not manage rubrics.
        NotFound: no such version.
    """
    ensure_capability(actor, Capability.QUALITY_MANAGE)
    with transaction.atomic():
        version = RubricVersion.objects.select_for_update().filter(pk=version_id).first()
        if version is None:
            raise NotFound(_("质检标准版本 %(id)s 不存在") % {"id": version_id}, field="version_id")
        _activate(version)
    return version


def rubric_export_yaml(*, version_id: int) -> str:
    """Return the stored canonical YAML of a version.

    Raises:
        NotFound: no such version.
    """
    version = RubricVersion.objects.filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("质检标准版本 %(id)s 不存在") % {"id": version_id}, field="version_id")
    return version.yaml


def rubric_default_ensure() -> RubricVersion:
    """Return the active version of the default rubric, loading the shipped YAML if needed.

    Raises:
        RubricError: the shipped YAML is invalid (a broken install).
    """
    slug = quality_setting("DEFAULT_RUBRIC")
    found = RubricVersion.objects.filter(rubric__slug=slug, is_active=True).first()
    if found is not None:
        return found
    default_rubric()  # fails loudly on a broken install
    text = (RUBRIC_DIR / "default.yaml").read_text(encoding="utf-8")
    try:
        return _import(yaml_text=text, slug=slug, activate=True, actor=None)
    except IntegrityError:  # another worker loaded it at the same moment
        return RubricVersion.objects.get(rubric__slug=slug, is_active=True)


def rubric_active_version(*, slug: str) -> RubricVersion:
    """Return the active version of a rubric (the default one is loaded on first use).

    Raises:
        NotFound: no such rubric, or it has no active version.
    """
    if slug == quality_setting("DEFAULT_RUBRIC"):
        return rubric_default_ensure()
    version = RubricVersion.objects.filter(rubric__slug=slug, is_active=True).first()
    if version is None:
        raise NotFound(_("质检标准“%(slug)s”没有生效的版本") % {"slug": slug}, field="rubric")
    return version


def conversation_parse(*, text: str) -> list[Turn]:
    """Read a pasted conversation: one turn per line, `客户：…` / `坐席：…` (or English).

    Raises:
        ValidationFailed: empty, too long, or a line without a known speaker prefix.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValidationFailed(_("请至少粘贴一轮对话"), field="conversation")
    if len(text) > MAX_PASTED_CHARS:
        raise ValidationFailed(
            _("对话超过 %(max)s 个字符") % {"max": MAX_PASTED_CHARS}, field="conversation"
        )
    turns = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        head, sep, body = line.replace("：", ":", 1).partition(":")
        speaker = SPEAKER_PREFIXES.get(head.strip().lower())
        if not sep or speaker is None or not body.strip():
            raise ValidationFailed(
                _("第 %(line)s 行：请以“客户：”或“坐席：”开头，后接内容") % {"line": number},
                field="conversation",
            )
        turns.append(Turn(speaker, body.strip()))
    return turns


def rubric_test(
    *, yaml_text: str, conversation: str, channel: str = "", is_elderly: bool = False
) -> dict[str, Any]:
    """Run a rubric (stored or not) on a pasted conversation; nothing is stored.

    Raises:
        ValidationFailed: bad YAML (with the engine's path) or a bad conversation.
    """
    rubric = rubric_parse(yaml_text=yaml_text)
    turns = conversation_parse(text=conversation)
    engine_conversation = Conversation(turns, channel, {"is_elderly": bool(is_elderly)})
    result = inspect_conversation(rubric, engine_conversation, pipeline=analysis_pipeline())
    data = result.to_dict()
    # Evidence offsets index the normalised text, so that is the text shown.
    data["turns"] = [{"speaker": turn.speaker, "text": normalize_text(turn.text)} for turn in turns]
    return data


def rubric_version_get(*, version_id: int) -> RubricVersion:
    """Return one stored version.

    Raises:
        NotFound: no such version.
    """
    version = RubricVersion.objects.select_related("rubric").filter(pk=version_id).first()
    if version is None:
        raise NotFound(_("质检标准版本 %(id)s 不存在") % {"id": version_id}, field="version_id")
    return version
