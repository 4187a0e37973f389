"""Every write of live chat, re-exported so callers import from one place."""

from xinfa.chat.services.attachments import chat_image_attach, image_kind
from xinfa.chat.services.bot import bot_decide, chat_bot_respond, handoff_reason_for
from xinfa.chat.services.identity import (
    app_token_issue,
    chat_session_for_token,
    chat_system_user,
    phone_challenge_start,
)
from xinfa.chat.services.lifecycle import (
    agent_presence_set,
    chat_close,
    chat_requeue,
    chat_survey_submit,
    chat_transfer,
    chat_whisper_add,
)
from xinfa.chat.services.routing import chat_dispatch, chat_enqueue, priority_for, skill_for
from xinfa.chat.services.sessions import (
    chat_history,
    chat_message_post,
    chat_receipt_record,
    chat_session_start,
    ensure_staff_on_session,
)

__all__ = [
    "agent_presence_set",
    "app_token_issue",
    "bot_decide",
    "chat_bot_respond",
    "chat_close",
    "chat_dispatch",
    "chat_enqueue",
    "chat_history",
    "chat_image_attach",
    "chat_message_post",
    "chat_receipt_record",
    "chat_requeue",
    "chat_session_for_token",
    "chat_session_start",
    "chat_survey_submit",
    "chat_system_user",
    "chat_transfer",
    "chat_whisper_add",
    "ensure_staff_on_session",
    "handoff_reason_for",
    "image_kind",
    "phone_challenge_start",
    "priority_for",
    "skill_for",
]
