"""Sign-in, lockout, sign-out and the language switch."""

import pytest
from django.test import Client, override_settings

from xinfa.core.roles import Role
from xinfa.web.tests import builders

pytestmark = pytest.mark.django_db


def test_login_page_renders_in_chinese_by_default() -> None:
    response = Client().get("/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in body
    assert "登录心法" in body
    assert 'name="csrfmiddlewaretoken"' in body


def test_login_with_the_right_password_opens_the_workspace() -> None:
    builders.staff(Role.TELLER, "teller_wang")
    client = Client()
    response = client.post("/login/", {"username": "teller_wang", "password": builders.PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_login_with_a_wrong_password_shows_the_error_on_the_form() -> None:
    builders.staff(Role.TELLER, "teller_wang")
    response = Client().post("/login/", {"username": "teller_wang", "password": "wrong-one"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "用户名或密码不正确" in body
    assert "_auth_user_id" not in Client().session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_with_a_clear_message() -> None:
    builders.staff(Role.TELLER, "teller_wang")
    client = Client()
    statuses = [
        client.post("/login/", {"username": "teller_wang", "password": "nope"}).status_code
        for _ in range(3)
    ]
    locked = client.post("/login/", {"username": "teller_wang", "password": builders.PASSWORD})
    body = locked.content.decode()
    assert statuses == [200, 200, 429]
    assert locked.status_code == 429
    assert "账号已被暂时锁定" in body
    assert "请 15 分钟后再试" in body
    assert 'value="teller_wang"' in body
    assert client.get("/").status_code == 302


def test_logout_is_a_post_and_returns_to_sign_in() -> None:
    client = Client()
    client.force_login(builders.staff(Role.AGENT))
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/").status_code == 302


def test_language_switch_to_english_and_back() -> None:
    client = Client()
    client.force_login(builders.staff(Role.AGENT, display_name="赵坐席"))
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/customers/"})
    assert switched.status_code == 302
    assert switched["Location"] == "/en/customers/"
    english = client.get("/en/customers/").content.decode()
    assert '<html lang="en">' in english
    assert "Customer search" in english
    assert "客户查询" not in english
    assert 'name="next" value="/customers/"' in english
    back = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/customers/"})
    assert back["Location"] == "/customers/"
    assert "客户查询" in client.get("/customers/").content.decode()
