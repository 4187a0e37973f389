"""Reads of stored turn analyses."""

from typing import Any

from django.utils.translation import gettext as _

from xinfa.analysis.models import MessageAnalysis
from xinfa.core.exceptions import NotFound
from xinfa.service.models import Interaction, Message


def masked_norm_text(text: str, annotations: dict[str, Any]) -> str:
    """The turn's normalised text with every detected PII span masked (offsets kept).

    Evidence offsets index the normalised text, so the masked form keeps each span's length:
    the component's masked form when it has the same length, asterisks otherwise.
    """
    norm = annotations.get("norm_text")
    chars = list(norm if isinstance(norm, str) else text)
    for span in annotations.get("pii") or []:
        start, end = int(span.get("start", 0)), int(span.get("end", 0))
        if not 0 <= start < end <= len(chars):
            continue
        masked = str(span.get("masked", ""))
        chars[start:end] = list(masked if len(masked) == end - start else "*" * (end - start))
    return "".join(chars)


def interaction_analyses(*, interaction_id: int) -> list[dict[str, Any]]:
    """Every turn of a conversation with its stored analysis (None: not analysed yet).

    Texts are returned normalised with PII masked; the annotations hold masked PII only.

    Raises:
        NotFound: no such interaction.
    """
    if not Interaction.objects.filter(pk=interaction_id).exists():
        raise NotFound(_("服务记录不存在"), field="interaction_id")
    messages = Message.objects.filter(interaction_id=interaction_id).order_by("sequence")
    found = {
        row.message_id: row
        for row in MessageAnalysis.objects.filter(message__interaction_id=interaction_id)
    }
    turns = []
    for message in messages.only("pk", "sequence", "speaker", "text"):
        analysis = found.get(message.pk)
        annotations = dict(analysis.annotations) if analysis else {}
        annotations.pop("norm_text", None)
        turns.append(
            {
                "message_id": message.pk,
                "sequence": message.sequence,
                "speaker": message.speaker,
                "text": masked_norm_text(message.text, analysis.annotations if analysis else {}),
                "annotations": annotations if analysis else None,
                "provenance": analysis.provenance if analysis else None,
                "analysed_at": analysis.analysed_at.isoformat() if analysis else None,
            }
        )
    return turns
