"""Images the customer sends: checked by their first bytes, not their name."""

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from xinfa.chat.conf import chat_setting
from xinfa.chat.enums import SessionState
from xinfa.chat.errors import ChatClosed, FileTooLarge, InvalidFileType, RateLimited
from xinfa.chat.events import Event, session_group
from xinfa.chat.models import ChatAttachment, ChatSession
from xinfa.chat.payloads import message_payload
from xinfa.chat.ratelimit import rate_limit_take
from xinfa.chat.services.identity import chat_system_user
from xinfa.chat.services.sessions import clean_client_id
from xinfa.core.exceptions import ValidationFailed
from xinfa.service.enums import Speaker
from xinfa.service.models import Message
from xinfa.service.services import message_add

WEBP_AT = 8


def image_kind(head: bytes) -> tuple[str, str] | None:
    """Return (content type, extension) for PNG, JPEG, GIF and WebP bytes, else None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png", "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg", "jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif", "gif"
    if head.startswith(b"RIFF") and head[WEBP_AT : WEBP_AT + 4] == b"WEBP":
        return "image/webp", "webp"
    return None


def chat_image_attach(
    *, session: ChatSession, upload: Any, client_id: str | None = None
) -> tuple[Message, ChatAttachment, bool, list[Event]]:
    """Store an image sent by the customer as a chat turn; a resend returns the first.

    Raises:
        FileTooLarge: over the size limit (5 MB).
        InvalidFileType: the content is not PNG, JPEG, GIF or WebP, whatever its name says.
        ValidationFailed: no file, or a bad client_id.
        ChatClosed: the chat is closed.
        RateLimited: the session sent too much too fast.
    """
    if upload is None:
        raise ValidationFailed(_("请选择文件"), field="file")
    if client_id is not None:
        client_id = clean_client_id(client_id)
    if client_id:
        existing = Message.objects.filter(
            interaction_id=session.interaction_id, client_id=client_id
        ).first()
        found = ChatAttachment.objects.filter(message=existing).first() if existing else None
        if existing is not None and found is not None:
            return existing, found, True, []
    limit = int(chat_setting("CHAT_MAX_IMAGE_BYTES"))
    if upload.size > limit:
        raise FileTooLarge(
            _("图片不能超过 %(size)s MB") % {"size": limit // (1024 * 1024)}, field="file"
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise FileTooLarge(
            _("图片不能超过 %(size)s MB") % {"size": limit // (1024 * 1024)}, field="file"
        )
    kind = image_kind(data[:16])
    if kind is None:
        raise InvalidFileType(_("只接受 PNG、JPEG、GIF 或 WebP 图片"), field="file")
    if session.state == SessionState.CLOSED:
        raise ChatClosed(_("会话已结束"), field="file")
    wait = rate_limit_take(key=f"session:{session.pk}:customer")
    if wait > 0:
        raise RateLimited(_("消息发送过快，请稍候"), retry_after=wait, field="file")
    content_type, extension = kind
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        message = message_add(
            actor=chat_system_user(),
            interaction_id=session.interaction_id,
            speaker=Speaker.CUSTOMER,
            text=str(_("[图片]")),
            client_id=client_id or None,
        )
        attachment = ChatAttachment(
            session=session,
            message=message,
            content_type=content_type,
            extension=extension,
            size=len(data),
            sha256=digest,
        )
        attachment.file.save(f"{digest}.{extension}", ContentFile(data), save=False)
        attachment.save()
    frame = {
        "type": "message",
        "session_id": session.pk,
        "message": message_payload(message, attachment),
        "duplicate": False,
    }
    return message, attachment, False, [Event(session_group(session.pk), frame)]
