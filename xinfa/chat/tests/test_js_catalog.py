"""The chat pages' JavaScript strings come from the djangojs catalogue in the page's language."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

STATIC = Path(__file__).resolve().parents[1] / "static" / "chat"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"


def _js_msgids() -> set[str]:
    found: set[str] = set()
    for script in STATIC.glob("*.js"):
        found |= set(re.findall(r'gettext\("((?:[^"\\]|\\.)*)"\)', script.read_text("utf-8")))
    return found


def test_every_chat_script_string_has_an_english_translation() -> None:
    pairs = re.findall(r'^msgid "(.*)"\nmsgstr "(.+)"$', CATALOGUE.read_text("utf-8"), re.M)
    translated = {msgid for msgid, _english in pairs}
    msgids = _js_msgids()
    assert len(msgids) > 60
    assert sorted(msgids - translated) == []


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "english"), [("", False), ("/en", True)])
def test_the_catalogue_follows_the_page_language(prefix: str, english: bool) -> None:
    # Chinese pages need no entries: gettext() returns the Chinese msgid itself.
    response = Client().get(f"{prefix}/jsi18n/")
    assert response.status_code == 200
    assert ('"Waiting in queue: %s"' in response.content.decode()) is english
