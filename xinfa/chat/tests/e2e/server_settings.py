"""Settings of the Daphne process the chat end-to-end test starts (embedded deployment,
pointed at the test's database; staffed all day so the bot queues instead of deferring)."""

from config.settings.base import env
from config.settings.embedded import *  # noqa: F403

# WhiteNoise serves the apps' static files through the finders when DEBUG is on, so the
# test needs no collectstatic.
DEBUG = True
DATABASES = {"default": env.db("XINFA_E2E_DATABASE_URL")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
CHAT_STAFFED_HOURS = {day: ("00:00", "23:59") for day in range(7)}
CHAT_SMS_BACKEND = "xinfa.chat.sms.ConsoleSmsSender"
# The staff were created by the test process, whose settings hash passwords with MD5.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
