"""Sign-in hardening: Argon2 hashing, django-axes lockout, API tokens."""

import pytest
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from config.settings import base as base_settings
from xinfa.core.roles import Role

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "correct-horse-battery"  # the root conftest's make_staff password
LOCKOUT_STATUSES = {403, 429}


def test_argon2_is_the_first_password_hasher_in_base_settings() -> None:
    assert base_settings.PASSWORD_HASHERS[0] == ("django.contrib.auth.hashers.Argon2PasswordHasher")


@override_settings(PASSWORD_HASHERS=base_settings.PASSWORD_HASHERS)
def test_argon2_hashes_new_passwords() -> None:
    assert make_password("s3cret-passphrase").startswith("argon2$argon2id$")


def test_token_obtain_and_use(make_staff) -> None:
    user = make_staff(Role.TELLER, username="teller_a")
    client = APIClient()
    response = client.post(TOKEN_URL, {"username": "teller_a", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "token": Token.objects.get(user=user).key,
        "username": "teller_a",
        "role": "teller",
    }
    user.refresh_from_db()
    assert user.last_login is not None
    again = client.post(TOKEN_URL, {"username": "teller_a", "password": PASSWORD}, format="json")
    assert again.json()["token"] == body["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert api.get("/api/v1/customers/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/customers/").status_code == 401


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "username"),
        ({"username": "x"}, "password"),
        ({"username": ["x"], "password": "y"}, "username"),
    ],
)
def test_token_obtain_bad_input_is_400(db, payload, field) -> None:
    response = APIClient().post(TOKEN_URL, payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_token_obtain_wrong_password_and_inactive_user(make_staff) -> None:
    make_staff(Role.TELLER, username="teller_b")
    make_staff(Role.TELLER, username="gone", is_active=False)
    client = APIClient()
    wrong = client.post(TOKEN_URL, {"username": "teller_b", "password": "nope"}, format="json")
    assert wrong.status_code == 400
    assert wrong.json()["errors"] == [
        {"field": "non_field_errors", "reason": "用户名或密码错误", "code": "invalid"}
    ]
    inactive = client.post(TOKEN_URL, {"username": "gone", "password": PASSWORD}, format="json")
    assert inactive.status_code == 400
    assert Token.objects.count() == 0


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_token_obtain_locks_out_after_five_failures(make_staff) -> None:
    make_staff(Role.TELLER, username="teller_c")
    client = APIClient()
    statuses = [
        client.post(
            TOKEN_URL, {"username": "teller_c", "password": f"wrong{index}"}, format="json"
        ).status_code
        for index in range(5)
    ]
    assert statuses[:4] == [400, 400, 400, 400]
    assert statuses[4] in LOCKOUT_STATUSES
    locked = client.post(TOKEN_URL, {"username": "teller_c", "password": PASSWORD}, format="json")
    assert locked.status_code in LOCKOUT_STATUSES
    assert locked.json()["errors"][0]["code"] == "locked_out"
    assert Token.objects.count() == 0


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_admin_sign_in_locks_out_after_five_failures(make_staff) -> None:
    make_staff(Role.ADMIN, username="admin_a", is_staff=True)
    client = APIClient()
    for index in range(5):
        client.post("/admin/login/", {"username": "admin_a", "password": f"wrong{index}"})
    response = client.post("/admin/login/", {"username": "admin_a", "password": PASSWORD})
    assert response.status_code in LOCKOUT_STATUSES
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_successful_sign_in_before_the_limit_resets_failures(make_staff) -> None:
    make_staff(Role.TELLER, username="teller_d")
    client = APIClient()
    for index in range(4):
        client.post(TOKEN_URL, {"username": "teller_d", "password": f"wrong{index}"}, format="json")
    ok = client.post(TOKEN_URL, {"username": "teller_d", "password": PASSWORD}, format="json")
    assert ok.status_code == 200
    for index in range(4):
        response = client.post(
            TOKEN_URL, {"username": "teller_d", "password": f"x{index}"}, format="json"
        )
        assert response.status_code == 400


@pytest.mark.parametrize("display_name", ["\u202e伟张", "张\u200b伟"])
def test_staff_display_name_refuses_invisible_characters(make_staff, display_name) -> None:
    staff = make_staff(Role.AGENT)
    staff.display_name = display_name
    with pytest.raises(ValidationError) as caught:
        staff.full_clean()
    assert "display_name" in caught.value.message_dict
