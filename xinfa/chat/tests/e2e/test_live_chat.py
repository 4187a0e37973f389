"""Two browsers, one chat: a customer on the widget and an agent in the workspace.

pytest-django's live_server speaks WSGI only, so the test starts Daphne (ASGI, WebSockets)
in a subprocess on a free loopback port against a copy of the migrated test database:
the in-memory SQLite test database is copied to a file with SQLite's backup API (a
PostgreSQL test database is shared as it is). The SMS code is read from Daphne's log, where
the console SMS backend writes it, as in the embedded demo deployment.
"""

import datetime as dt
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from playwright.sync_api import Browser, Dialog, FilePayload, Page, expect

from xinfa.chat.bench.servers import free_port, wait_for_port
from xinfa.core.roles import Role

ROOT = Path(__file__).resolve().parents[4]
DOCS_IMG = ROOT / "docs" / "img"


def _shot_path(name: str) -> Path:
    """Screenshots go to artifacts/; the committed ones in docs/img/ only when asked
    (XINFA_UPDATE_DOCS_IMG=1): running the tests must not change tracked files."""
    folder = DOCS_IMG if os.environ.get("XINFA_UPDATE_DOCS_IMG") == "1" else SHOTS
    return folder / f"{name}.png"


SHOTS = ROOT / "artifacts" / "screenshots"  # ignored by git; the chromium fixture creates it
PASSWORD = "correct-horse-battery"
PHONE = "13812345678"
XSS = "<script>alert(1)</script>"
CODE_LINE = re.compile(r"SMS to 138\*{4}5678: .*?(\d{6})")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
expect.set_options(timeout=15_000)


@dataclass
class Server:
    url: str
    log: Path
    query: Any  # (sql) -> list of rows, on the server's database


def _seed() -> None:
    from xinfa.accounts.models import Branch, User
    from xinfa.customers.models import Customer
    from xinfa.knowledge.models import FaqEntry

    branch, _ = Branch.objects.get_or_create(code="001", defaults={"name": "总行营业部"})
    for username, role, name in (
        ("agent_wang", Role.AGENT, "王坐席"),
        ("agent_li", Role.AGENT, "李坐席"),
        ("boss_zhao", Role.SUPERVISOR, "赵主管"),
    ):
        User.objects.create_user(
            username=username, password=PASSWORD, role=role, branch=branch, display_name=name
        )
    Customer.objects.create(
        customer_number="C0000012345",
        name="刘建国",
        phone=PHONE,
        vip_tier="gold",
        birth_date=dt.date(1952, 4, 18),
    )
    FaqEntry.objects.create(
        question="信用卡年费怎么收取？",
        answer="普卡首年免年费，当年刷卡满6次可免次年年费；金卡以上以卡片章程为准。",
        category="信用卡",
    )


def _database_url(tmp: Path) -> tuple[str, Any]:
    """Return a URL the server can open and a query function on that database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp / "e2e.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()

        def query(sql: str) -> list[tuple[Any, ...]]:
            with sqlite3.connect(path, timeout=20) as db:
                return db.execute(sql).fetchall()

        return f"sqlite:///{path}", query
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    url = f"postgres://{auth}@{host}/{settings['NAME']}"

    def pg_query(sql: str) -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return list(cursor.fetchall())

    return url, pg_query


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    _seed()
    database_url, query = _database_url(tmp_path)
    port = free_port()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="xinfa.chat.tests.e2e.server_settings",
        XINFA_E2E_DATABASE_URL=database_url,
        XINFA_DATA_DIR=str(tmp_path),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    log = tmp_path / "daphne.log"
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed interpreter and arguments
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
             "config.asgi:application"],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        try:
            wait_for_port(port, timeout=45)
        except TimeoutError:
            pytest.fail(f"Daphne did not start:\n{log.read_text()[-3000:]}")
        yield Server(url=f"http://127.0.0.1:{port}", log=log, query=query)
    finally:
        # Shown by pytest only when the test fails.
        sys.stdout.write(f"--- Daphne log (tail) ---\n{log.read_text()[-4000:]}\n")
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def tiny_png() -> bytes:
    """A valid 96×64 PNG: a blue card with a light stripe (what a customer photographs)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 96, 64, 8, 2, 0, 0, 0)
    rows = [
        b"\x00" + (b"\xe2\xec\xfb" if 20 <= y < 30 else b"\x1d\x5a\x96") * 96 for y in range(64)
    ]
    signature = b"\x89PNG\r\n\x1a\n"
    idat = chunk(b"IDAT", zlib.compress(b"".join(rows)))
    return signature + chunk(b"IHDR", header) + idat + chunk(b"IEND", b"")


def sms_code(log: Path, *, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = CODE_LINE.findall(log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found[-1]
        time.sleep(0.1)
    raise AssertionError("no SMS code in the server log")


def sign_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].big")
    page.wait_for_url(f"{site}/")


def customer_turns(page: Page, speaker: str) -> Any:
    return page.locator(f"#conversation .turn.{speaker}:not(.pending) .text")


def test_customer_bot_handoff_agent_reply_close_and_survey(
    chromium: Browser, browser_page: Page, server: Server
) -> None:
    started = time.monotonic()
    site = server.url
    phone_context = chromium.new_context(
        viewport={"width": 390, "height": 780}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    phone_context.set_default_timeout(15_000)
    customer = phone_context.new_page()
    alerts: list[str] = []

    def accept_dialog(dialog: Dialog) -> None:
        alerts.append(dialog.message)
        dialog.accept()

    customer.on("dialog", accept_dialog)

    # The customer verifies the phone and talks to the bot.
    customer.goto(f"{site}/chat/widget/")
    customer.fill("#phone", PHONE)
    customer.click("#phone-form button")
    customer.wait_for_selector("#code-form:not([hidden])")
    customer.screenshot(path=str(SHOTS / "chat-verify.png"), full_page=True)
    customer.fill("#code", sms_code(server.log))
    customer.click("#code-form button")
    expect(customer_turns(customer, "bot").first).to_contain_text("智能客服")
    customer.fill("#text", "信用卡年费怎么收取？")
    customer.press("#text", "Enter")
    expect(customer_turns(customer, "bot")).to_have_count(2)
    expect(customer_turns(customer, "bot").nth(1)).to_contain_text("免年费")
    customer.fill("#text", "转人工")
    customer.click("#send")
    expect(customer.locator("#queue-line")).to_be_visible()
    expect(customer.locator("#queue-line")).to_contain_text("马上就轮到您了")
    customer.fill("#text", XSS)
    customer.click("#send")
    expect(customer_turns(customer, "customer")).to_have_count(3)
    customer.set_input_files(
        "#image", files=[FilePayload(name="card.png", mimeType="image/png", buffer=tiny_png())]
    )
    expect(customer.locator("#conversation img.attachment")).to_have_count(1)

    # The agent signs in, goes online and takes the chat from the queue.
    agent = browser_page
    agent.on("dialog", accept_dialog)
    sign_in(agent, site, "agent_wang")
    agent.click("nav >> text=在线客服")
    agent.wait_for_url(f"{site}/chat/workspace/")
    agent.click("#take-next")
    agent.click("#chat-list button")
    expect(agent.locator("#conv-title")).to_have_text("刘建国")
    expect(customer_turns(agent, "bot")).to_have_count(3)  # greeting, answer, hand-off
    expect(customer_turns(agent, "customer").nth(2)).to_have_text(XSS)
    expect(agent.locator("#conversation img.attachment")).to_have_count(1)
    # The image arrives over a second request: wait for it to decode before measuring.
    agent.wait_for_function(
        "document.querySelector('#conversation img.attachment').complete"
        " && document.querySelector('#conversation img.attachment').naturalWidth > 0"
    )
    assert (
        agent.evaluate("document.querySelector('#conversation img.attachment').naturalWidth") == 96
    )
    assert agent.locator("#conversation script").count() == 0
    expect(agent.locator("#customer-panel")).to_contain_text("138****5678")
    expect(agent.locator("#customer-panel .badge-elderly")).to_be_visible()
    expect(agent.locator("#coaching")).to_contain_text("待挖掘需求")
    expect(customer.locator("#status-line")).to_contain_text("人工客服 王坐席 为您服务")

    # The draft check flags a forbidden phrase and offers the rewrite.
    agent.fill("#text", "这个不归我管，你自己去网点问吧")
    agent.click("#send")
    expect(agent.locator("#findings li").first).to_contain_text("不归我管")
    expect(agent.locator("#findings")).to_contain_text("你自己去网点问")
    agent.click("#use-rewrite")
    expect(agent.locator("#text")).to_have_value(  # both taboos replaced by the engine's rewrites
        "这个这项业务由专门的同事负责，我帮您联系对接，我帮您联系负责的同事确认，稍后给您答复吧"
    )
    expect(customer_turns(customer, "agent")).to_have_count(0)

    # A supervisor watches the chat and whispers to the agent; the customer never sees it.
    boss_context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    boss = boss_context.new_page()
    sign_in(boss, site, "boss_zhao")
    boss.goto(f"{site}/chat/supervise/")
    boss.click("#live-rows button")
    expect(customer_turns(boss, "customer").nth(2)).to_have_text(XSS)
    boss.fill("#whisper", "先核实身份，再介绍年费减免")
    boss.click("#whisper-form button")
    expect(agent.locator("#conversation .turn.whisper")).to_contain_text("先核实身份")
    boss.screenshot(path=str(_shot_path("chat-supervisor")), full_page=True)
    boss_context.close()

    # The agent replies (after the draft check); the customer sees it and the read receipt.
    agent.fill("#text", "您好，我是客服小王，非常理解您的心情。请问您想了解哪张信用卡的年费？")
    expect(customer.locator("#typing")).to_be_visible()
    agent.click("#send")
    if agent.locator("#draft-check").is_visible():
        agent.click("#send-anyway")
    expect(customer_turns(customer, "agent")).to_have_count(1)
    expect(customer_turns(customer, "agent")).to_contain_text("我是客服小王")
    expect(customer.locator(".turn.customer.own .status").last).to_have_text("已读")
    expect(customer.locator("#typing")).to_be_hidden()
    customer.screenshot(path=str(_shot_path("chat-customer")), full_page=False)
    agent.screenshot(path=str(_shot_path("chat-agent")), full_page=True)

    # A reload restores the conversation: nothing lost, nothing doubled.
    shown = customer.locator("#conversation .turn[data-sequence]").count()
    customer.reload()
    expect(customer.locator("#conversation .turn[data-sequence]")).to_have_count(shown)
    expect(customer.locator("#status-line")).to_contain_text("人工客服")
    expect(customer.locator(".turn.customer.own .status").last).to_have_text("已读")

    # The agent closes with a service log; the customer rates the chat.
    agent.click("#close-box summary")
    agent.fill("#log-need", "咨询信用卡年费")
    agent.fill("#log-process", "说明普卡年费减免规则")
    agent.fill("#log-result", "客户已了解")
    agent.select_option("#outcome", "resolved")
    agent.click("#close-chat")
    expect(customer.locator("#step-survey")).to_be_visible()
    customer.click(".star:nth-child(5) span")
    customer.fill("#comment", "很耐心")
    customer.click("#survey-form button")
    expect(customer.locator("#survey-done")).to_be_visible()
    customer.screenshot(path=str(SHOTS / "chat-survey.png"), full_page=True)
    assert "先核实身份" not in customer.content()
    phone_context.close()

    assert alerts == []
    assert server.query("SELECT score, comment FROM chat_chatsurvey") == [(5, "很耐心")]
    assert server.query("SELECT need, process, result FROM service_servicelogentry") == [
        ("咨询信用卡年费", "说明普卡年费减免规则", "客户已了解")
    ]
    assert server.query("SELECT state FROM chat_chatsession") == [("closed",)]
    texts = [row[0] for row in server.query("SELECT text FROM service_message ORDER BY sequence")]
    assert texts.count(XSS) == 1
    assert server.query("SELECT content_type, size FROM chat_chatattachment") == [
        ("image/png", len(tiny_png()))
    ]
    assert server.query("SELECT COUNT(*) FROM chat_chatwhisper") == [(1,)]
    assert time.monotonic() - started < 90


def test_agent_transfers_the_chat_and_the_colleague_registers_a_complaint(
    chromium: Browser, browser_page: Page, server: Server
) -> None:
    site = server.url
    phone_context = chromium.new_context(viewport={"width": 390, "height": 780}, locale="zh-CN")
    customer = phone_context.new_page()
    customer.goto(f"{site}/chat/widget/")
    customer.fill("#phone", PHONE)
    customer.click("#phone-form button")
    customer.wait_for_selector("#code-form:not([hidden])")
    customer.fill("#code", sms_code(server.log))
    customer.click("#code-form button")
    expect(customer_turns(customer, "bot").first).to_contain_text("智能客服")
    customer.fill("#text", "转人工")
    customer.click("#send")
    expect(customer.locator("#queue-line")).to_be_visible()
    customer.fill("#text", "我的卡被盗刷了五千元，昨天打电话没人管，我要投诉！")
    customer.click("#send")
    expect(customer_turns(customer, "customer")).to_have_count(2)

    # Wang takes the chat; Li has the workspace open in another browser.
    wang = browser_page
    sign_in(wang, site, "agent_wang")
    wang.goto(f"{site}/chat/workspace/")
    colleague_context = chromium.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN"
    )
    li = colleague_context.new_page()
    sign_in(li, site, "agent_li")
    li.goto(f"{site}/chat/workspace/")
    expect(li.locator("#no-chats")).to_be_visible()
    wang.click("#take-next")
    wang.click("#chat-list button")
    expect(wang.locator("#conv-title")).to_have_text("刘建国")

    # The bot's own account is never offered as a transfer target.
    offered = wang.locator("#transfer-to option").all_inner_texts()
    assert any("李坐席" in text for text in offered)
    assert not any("智能客服" in text for text in offered)
    wang.select_option("#transfer-to", label=next(t for t in offered if "李坐席" in t))
    wang.fill("#transfer-reason", "盗刷投诉，转专人跟进")
    wang.click("#transfer")
    expect(wang.locator("#chat-list button")).to_have_count(0)

    # Li gets the chat live, with its history, and the customer sees who serves them now.
    expect(li.locator("#chat-list button")).to_have_count(1)
    li.click("#chat-list button")
    expect(li.locator("#conv-title")).to_have_text("刘建国")
    expect(customer_turns(li, "customer").nth(1)).to_contain_text("盗刷")
    expect(li.locator("#conversation")).to_contain_text("王坐席 转接给您：盗刷投诉，转专人跟进")
    expect(customer.locator("#status-line")).to_contain_text("李坐席")
    li.screenshot(path=str(_shot_path("chat-transferred")), full_page=True)

    # Li registers the complaint from the chat: customer and conversation are carried over.
    li.click("#open-complaint")
    li.wait_for_url(re.compile(r".*/complaints/new/\?interaction=\d+&customer=\d+"))
    expect(li.locator("h1")).to_contain_text("刘建国")
    li.select_option("#id_channel", "chat")
    li.fill("#id_description", "客户称银行卡被盗刷五千元，前一日来电未获处理。")
    li.fill("#id_customer_request", "追回资金并说明处理进度")
    li.click("form.stack button[type=submit]")
    li.wait_for_url(re.compile(r".*/complaints/\d+/$"))
    expect(li.locator("body")).to_contain_text("投诉已受理")
    colleague_context.close()
    phone_context.close()

    interaction = server.query("SELECT interaction_id FROM chat_chatsession")[0][0]
    assert server.query("SELECT interaction_id, channel FROM complaints_complaint") == [
        (interaction, "chat")
    ]
    handlers = server.query(
        "SELECT u.username FROM chat_chatsession s"
        " JOIN service_interaction i ON i.id = s.interaction_id"
        " JOIN accounts_user u ON u.id = i.handled_by_id"
    )
    assert handlers == [("agent_li",)]
    reasons = server.query("SELECT reason FROM service_interactionevent WHERE kind = 'transferred'")
    assert ("盗刷投诉，转专人跟进",) in reasons
