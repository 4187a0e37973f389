"""Who is chatting: signed app tokens, phone codes, session tokens, the system actor."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.chat.conf import chat_setting
from xinfa.chat.errors import Throttled
from xinfa.chat.models import ChatSession, PhoneVerification
from xinfa.chat.sms import sms_sender
from xinfa.core.exceptions import Forbidden, NotFound, ValidationFailed
from xinfa.core.masking import mask_phone
from xinfa.core.roles import Role
from xinfa.core.validators import normalize_phone
from xinfa.customers.models import Customer

APP_TOKEN_SALT = "xinfa.chat.app-token"  # noqa: S105 - a signing salt, not a secret
SYSTEM_USERNAME = "xinfa-chat-system"
MOBILE_DIGITS = 11


def chat_system_user() -> Any:
    """Return the service account that records bot and customer turns (it cannot sign in)."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=SYSTEM_USERNAME).first()
    if user is None:
        user, _created = user_model.objects.get_or_create(
            username=SYSTEM_USERNAME,
            defaults={
                "role": Role.AGENT,
                "display_name": "智能客服",
                "is_active": True,
                "is_service_account": True,
            },
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def token_digest(token: str) -> str:
    """Return the stored form of a session token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _keyed_digest(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def app_token_issue(*, integration_key: str, customer_number: str) -> str:
    """Sign a short-lived chat token for a customer signed in to the bank's app.

    Raises:
        Forbidden: the integration key is missing or unknown.
        NotFound: no customer has this number.
    """
    keys = [str(key) for key in chat_setting("CHAT_INTEGRATION_KEYS")]
    if not integration_key or not any(hmac.compare_digest(integration_key, key) for key in keys):
        raise Forbidden(_("未知的接入密钥"))
    customer = Customer.objects.filter(customer_number=str(customer_number)).first()
    if customer is None:
        raise NotFound(_("客户不存在"), field="customer_number")
    return signing.dumps({"customer_id": customer.pk}, salt=APP_TOKEN_SALT)


def app_token_read(token: str) -> Customer:
    """Return the customer an app token was issued for.

    Raises:
        ValidationFailed: the token is forged, malformed or expired.
    """
    try:
        data = signing.loads(
            str(token), salt=APP_TOKEN_SALT, max_age=chat_setting("CHAT_APP_TOKEN_SECONDS")
        )
    except signing.SignatureExpired as exc:
        raise ValidationFailed(_("应用令牌已过期"), field="app_token") from exc
    except signing.BadSignature as exc:
        raise ValidationFailed(_("应用令牌无效"), field="app_token") from exc
    customer = Customer.objects.filter(pk=data.get("customer_id")).first()
    if customer is None:
        raise ValidationFailed(_("应用令牌无效"), field="app_token")
    return customer


def phone_challenge_start(*, phone: str) -> tuple[PhoneVerification, int]:
    """Send a 6-digit code by SMS; return the verification and its lifetime in seconds.

    Raises:
        ValidationFailed: not a mainland mobile number.
        Throttled: a code was sent to this phone less than a minute ago.
    """
    number = normalize_phone(str(phone or ""))
    if len(number) != MOBILE_DIGITS or not number.isdigit() or not number.startswith("1"):
        raise ValidationFailed(_("必须是 11 位中国大陆手机号"), field="phone")
    digest = _keyed_digest(f"phone:{number}")
    interval = int(chat_setting("CHAT_CHALLENGE_INTERVAL_SECONDS"))
    if not cache.add(f"chat:challenge:{digest}", 1, timeout=interval):
        raise Throttled("a code was sent recently; wait a minute", field="phone")
    public_id = secrets.token_hex(16)
    code = f"{secrets.randbelow(10**6):06d}"
    lifetime = int(chat_setting("CHAT_CODE_SECONDS"))
    verification = PhoneVerification.objects.create(
        public_id=public_id,
        phone_digest=digest,
        masked_phone=mask_phone(number),
        customer=Customer.objects.filter(phone=number).order_by("pk").first(),
        code_hash=_keyed_digest(f"code:{public_id}:{code}"),
        expires_at=timezone.now() + timedelta(seconds=lifetime),
    )
    text = _("【心法银行】您的在线客服验证码为 %(code)s，%(minutes)s分钟内有效。") % {
        "code": code,
        "minutes": max(1, round(lifetime / 60)),
    }
    sms_sender().send(phone=number, text=text)
    return verification, lifetime


def phone_challenge_verify(*, verification_id: str, code: str) -> PhoneVerification:
    """Check a code; each wrong try uses one of the five attempts.

    Raises:
        ValidationFailed: unknown, expired, used-up or already used verification, wrong code.
    """
    with transaction.atomic():
        verification = (
            PhoneVerification.objects.select_for_update()
            .filter(public_id=str(verification_id or ""))
            .first()
        )
        if verification is None or verification.verified_at is not None:
            raise ValidationFailed(_("验证记录不存在，请重新获取验证码"), field="code")
        if verification.expires_at <= timezone.now():
            raise ValidationFailed(_("验证码已过期，请重新获取"), field="code")
        if verification.attempts >= chat_setting("CHAT_CODE_ATTEMPTS"):
            raise ValidationFailed(_("尝试次数过多，请重新获取验证码"), field="code")
        expected = _keyed_digest(f"code:{verification.public_id}:{code}")
        if not hmac.compare_digest(expected, verification.code_hash):
            verification.attempts += 1
            verification.save(update_fields=["attempts"])
            left = chat_setting("CHAT_CODE_ATTEMPTS") - verification.attempts
            raise_after = ValidationFailed(
                _("验证码错误，还可尝试 %(left)s 次") % {"left": left}, field="code"
            )
        else:
            verification.verified_at = timezone.now()
            verification.save(update_fields=["verified_at"])
            return verification
    # Raised outside the block so the attempt counter is committed.
    raise raise_after


def chat_session_for_token(token: str) -> ChatSession:
    """Return the session a customer's token opens.

    Raises:
        Forbidden: missing or unknown token.
    """
    if not token or not isinstance(token, str) or len(token) > 200:
        raise Forbidden(_("需要有效的会话令牌"))
    session = (
        ChatSession.objects.select_related("interaction", "customer", "agent")
        .filter(token_hash=token_digest(token))
        .first()
    )
    if session is None:
        raise Forbidden(_("需要有效的会话令牌"))
    return session
