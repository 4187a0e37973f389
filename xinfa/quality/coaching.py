"""Live coaching for the agent on an open conversation, and the draft-reply check.

Reads only (analyses missing for stored turns are computed and kept on the way): the
rules live in the engine (`xinfa.analysis.engine.qa.coaching`); this module feeds it the
stored conversation and the knowledge base.
"""

from typing import Any

from django.utils.translation import gettext as _

from xinfa.analysis.engine.qa import check_draft, coach_turn
from xinfa.analysis.services import analysis_pipeline
from xinfa.core.exceptions import NotFound, ValidationFailed
from xinfa.customers.enums import CustomerKind
from xinfa.knowledge.enums import Audience, ScriptKind
from xinfa.knowledge.selectors import KnowledgeSearch, script_list
from xinfa.quality.services.inspections import conversations_build
from xinfa.service.models import Interaction

MAX_DRAFT = 5_000


def _interaction(interaction_id: int) -> Interaction:
    interaction = Interaction.objects.select_related("customer").filter(pk=interaction_id).first()
    if interaction is None:
        raise NotFound(_("服务记录不存在"), field="interaction_id")
    return interaction


def customer_audience(interaction: Interaction) -> str | None:
    """The knowledge audience of the conversation's customer (None: general only)."""
    customer = interaction.customer
    if customer is None:
        return None
    if customer.kind == CustomerKind.CORPORATE:
        return Audience.CORPORATE
    if customer.is_elderly:
        return Audience.ELDERLY
    return None


def interaction_coaching(*, interaction_id: int) -> dict[str, Any]:
    """Coach the agent on the latest customer turn: emotion and type with the approach,
    needs-mining questions not asked yet, FAQ answers, required disclosures with scripts.

    Raises:
        NotFound: no such interaction.
        PipelineError: the configured pipeline cannot be built.
    """
    interaction = _interaction(interaction_id)
    conversation, _found = conversations_build([interaction])[interaction.pk]
    audience = customer_audience(interaction)
    coaching = coach_turn(
        conversation, pipeline=analysis_pipeline(), knowledge=KnowledgeSearch(audience)
    )
    data = coaching.to_dict()
    codes = {item["code"] for item in data["disclosures"]}
    data["scripts"] = (
        [
            {"id": script.pk, "title": script.title, "text": script.text, "kind": script.kind}
            for script in script_list(kind=ScriptKind.RISK_DISCLOSURE, audience=audience)
        ]
        if "risk_disclosure" in codes
        else []
    )
    data["interaction_id"] = interaction.pk
    data["audience"] = audience or Audience.GENERAL
    return data


def interaction_draft_check(*, interaction_id: int, text: str) -> dict[str, Any]:
    """Check an agent's draft reply in the context of the conversation.

    Raises:
        NotFound: no such interaction.
        ValidationFailed: empty or over-long draft.
        PipelineError: the configured pipeline cannot be built.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValidationFailed(_("回复草稿不能为空"), field="text")
    if len(text) > MAX_DRAFT:
        raise ValidationFailed(_("回复草稿超过 %(max)s 个字符") % {"max": MAX_DRAFT}, field="text")
    interaction = _interaction(interaction_id)
    conversation, _found = conversations_build([interaction])[interaction.pk]
    return check_draft(text, conversation, pipeline=analysis_pipeline()).to_dict()
