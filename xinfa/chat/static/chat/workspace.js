/* Agent live chat workspace: chats, conversation, customer 360, coaching, draft check. */
(function () {
  "use strict";
  var X = window.XinfaChat;
  var $ = function (id) { return document.getElementById(id); };
  var LABELS = { customer: gettext("客户"), agent: gettext("客服"), bot: gettext("智能助手"), system: gettext("系统") };
  var HANDOFF = [
    [/^asked for a person/, gettext("客户要求人工")], [/^upset/, gettext("客户情绪激动")],
    [/^agitated/, gettext("客户情绪激动")], [/^intent /, gettext("业务需人工办理")], [/^two failed/, gettext("机器人两次未能解答")],
  ];
  function handoffLabel(reason) {
    for (var i = 0; i < HANDOFF.length; i++) if (HANDOFF[i][0].test(reason)) return HANDOFF[i][1];
    return reason;
  }
  var chats = {};        // session_id -> {session, conversation node state, unread, emotion}
  var activeId = null;
  var me = null;
  var lastCheck = null;  // the draft the last check was about
  var typingTimer = null;
  var conversation = new X.Conversation($("conversation"), {
    ownSpeaker: "agent", labels: LABELS, renderAttachment: X.staffAttachment,
  });

  var socket = new X.ResilientSocket("/ws/agent/", {
    onOpen: function () {
      Object.keys(chats).forEach(function (id) { join(parseInt(id, 10)); });
    },
    onFrame: onFrame,
    onDown: function () { $("queue-info").textContent = gettext("连接中断，正在重连…"); },
    onRefused: function () { $("queue-info").textContent = gettext("无权使用在线客服或登录已过期"); },
  });

  function chatFor(session) {
    var id = session.session_id;
    if (!chats[id]) chats[id] = { session: session, unread: 0, emotion: null, messages: {}, last: 0 };
    else chats[id].session = session;
    return chats[id];
  }
  function join(id) {
    socket.send({ type: "join", session_id: id, last_sequence: chats[id] ? chats[id].last : 0 });
  }

  function customerName(session) {
    var c = session.customer;
    return c ? c.display_name : (session.masked_phone || gettext("访客"));
  }

  function renderList() {
    var list = $("chat-list");
    list.textContent = "";
    var ids = Object.keys(chats).filter(function (id) { return chats[id].session.state !== "closed"; });
    $("no-chats").hidden = ids.length > 0;
    ids.forEach(function (id) {
      var chat = chats[id];
      var button = X.el("button", id == activeId ? "active" : "");
      button.type = "button";
      button.setAttribute("data-session", id);
      if (chat.unread) button.appendChild(X.el("span", "unread", chat.unread));
      button.appendChild(X.el("div", "name", customerName(chat.session)));
      var meta = X.el("div", "meta");
      var c = chat.session.customer;
      if (c && c.vip_tier && c.vip_tier !== "none") meta.appendChild(X.el("span", "badge badge-vip", "VIP"));
      if (c && c.is_elderly) meta.appendChild(X.el("span", "badge badge-elderly", gettext("老年")));
      if (chat.emotion) {
        meta.appendChild(X.el("span", "badge badge-emotion" + (chat.upset ? " upset" : ""), chat.emotion));
      }
      button.appendChild(meta);
      button.addEventListener("click", function () { activate(parseInt(id, 10)); });
      var item = X.el("li");
      item.appendChild(button);
      list.appendChild(item);
    });
  }

  function activate(id) {
    activeId = id;
    var chat = chats[id];
    chat.unread = 0;
    conversation.clear();
    Object.keys(chat.messages).map(Number).sort(function (a, b) { return a - b; })
      .forEach(function (seq) { conversation.add(chat.messages[seq]); });
    (chat.whispers || []).forEach(showWhisper);
    var handover = chat.session.handover;
    if (handover) conversation.note(interpolate(gettext("%(by)s 转接给您：%(reason)s"), { by: handover.by ? handover.by.display_name : "", reason: handover.reason }, true), "handover");
    $("conv-title").textContent = customerName(chat.session);
    $("conv-meta").textContent = interpolate(gettext("会话 #%s"), [id]) + (chat.session.handoff_reason ? " · " + interpolate(gettext("转人工原因：%s"), [handoffLabel(chat.session.handoff_reason)]) : "");
    $("send-form").hidden = false;
    $("actions").hidden = false;
    var complaintUrl = "/complaints/new/?interaction=" + chat.session.interaction_id;
    if (chat.session.customer) complaintUrl += "&customer=" + chat.session.customer.id;
    $("open-complaint").href = complaintUrl;
    renderList();
    loadCustomer(id);
    loadCoaching(id);
    ackRead(id);
  }

  function ackRead(id) {
    var chat = chats[id];
    if (chat && chat.last && id === activeId && !document.hidden) {
      socket.send({ type: "ack", session_id: id, kind: "read", sequence: chat.last });
    }
  }

  function storeMessages(id, messages) {
    var chat = chats[id];
    if (!chat) return;
    var customerTurn = false;
    messages.forEach(function (m) {
      if (chat.messages[m.sequence]) return;
      chat.messages[m.sequence] = m;
      chat.last = Math.max(chat.last, m.sequence);
      if (m.speaker === "customer") customerTurn = true;
      if (id === activeId) conversation.add(m);
      else if (m.speaker === "customer") chat.unread += 1;
    });
    if (customerTurn) loadCoaching(id);
    if (id === activeId) ackRead(id);
    else renderList();
  }

  function showWhisper(whisper) {
    var author = whisper.author ? whisper.author.display_name : gettext("主管");
    conversation.note(interpolate(gettext("主管提示（客户看不到）%(author)s：%(text)s"), { author: author, text: whisper.text }, true), "whisper");
  }

  function onFrame(frame) {
    var id = frame.session_id;
    switch (frame.type) {
      case "welcome":
        me = frame.user;
        $("presence").value = frame.presence ? frame.presence.status : "offline";
        frame.sessions.forEach(function (s) { chatFor(s); join(s.session_id); });
        showQueues(frame.queues || []);
        renderList();
        break;
      case "assigned":
        chatFor(frame.session);
        join(frame.session.session_id);
        renderList();
        break;
      case "history":
        if (frame.session) chatFor(frame.session);
        if (chats[id]) chats[id].whispers = frame.whispers || [];
        storeMessages(id, frame.messages);
        if (id === activeId) activate(id);
        else renderList();
        break;
      case "message": storeMessages(id, [frame.message]); break;
      case "typing": if (id === activeId) $("typing").hidden = !frame.is_typing; break;
      case "receipt": if (id === activeId) conversation.markReceipt(frame.kind, frame.sequence); break;
      case "whisper":
        if (chats[id]) (chats[id].whispers = chats[id].whispers || []).push(frame.whisper);
        if (id === activeId) showWhisper(frame.whisper);
        break;
      case "state":
        if (!chats[id]) break;
        chats[id].session.state = frame.state;
        chats[id].session.agent = frame.agent;
        if (frame.state !== "assigned" || !frame.agent || !me || frame.agent.id !== me.id) {
          if (me && me.role !== "supervisor") leaveChat(id, frame.state === "closed" ? gettext("会话已结束") : gettext("会话已转出"));
        }
        renderList();
        break;
      case "closed":
        if (chats[id]) chats[id].session.state = "closed";
        leaveChat(id, gettext("会话已结束"));
        break;
      case "queue_snapshot": showQueues(frame.queues); break;
      case "presence": $("presence").value = frame.status; break;
      case "error":
        $(activeId ? "send-error" : "queue-info").textContent = frame.reason;
        break;
      default: break;
    }
  }

  function leaveChat(id, note) {
    if (!chats[id]) return;
    socket.send({ type: "leave", session_id: id });
    if (id === activeId) {
      conversation.note(note);
      $("send-form").hidden = true;
      $("actions").hidden = true;
      activeId = null;
    }
    delete chats[id];
    renderList();
  }

  function showQueues(queues) {
    var waiting = queues.reduce(function (n, q) { return n + q.waiting; }, 0);
    $("queue-info").textContent = interpolate(gettext("排队等待：%s 位"), [waiting]);
  }

  /* Customer 360: a server-rendered, auto-escaped fragment of our own pages. */
  function loadCustomer(id) {
    X.staffFetch("/chat/workspace/sessions/" + id + "/customer/", { headers: { Accept: "text/html" } })
      .then(function (r) { return r.ok ? r.text() : ""; })
      .then(function (html) {
        if (id !== activeId || !html) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        var panel = $("customer-panel");
        panel.textContent = "";
        Array.prototype.forEach.call(doc.body.childNodes, function (node) {
          panel.appendChild(document.importNode(node, true));
        });
      });
  }

  function section(title, items, render) {
    var box = X.el("div", "coach-section");
    box.appendChild(X.el("h3", "", title));
    if (!items.length) { box.appendChild(X.el("p", "empty", gettext("无"))); return box; }
    var list = X.el("ul");
    items.forEach(function (item) { list.appendChild(render(item)); });
    box.appendChild(list);
    return box;
  }
  function insertButton(text) {
    var button = X.el("button", "secondary", gettext("插入"));
    button.type = "button";
    button.addEventListener("click", function () { $("text").value = text; $("text").focus(); });
    return button;
  }
  function textItem(text, withInsert) {
    var li = X.el("li", "", text);
    if (withInsert) li.appendChild(insertButton(text));
    return li;
  }

  function loadCoaching(id) {
    var chat = chats[id];
    if (!chat) return;
    X.staffFetch("/api/v1/interactions/" + chat.session.interaction_id + "/coaching/")
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.emotion) { chat.emotion = data.emotion.display; chat.upset = data.is_upset; }
        renderList();
        if (id === activeId) renderCoaching(data);
      });
  }

  function renderCoaching(data) {
    var box = $("coaching");
    box.textContent = "";
    var head = X.el("div", "coach-section");
    var emotion = !data.emotion ? gettext("暂无") : data.emotion.display +
      (data.emotion.intensity > 0 ? interpolate(gettext("（强度 %s）"), [Math.round(data.emotion.intensity * 100) + "%"]) : "");
    head.appendChild(X.el("div", "", interpolate(gettext("客户情绪：%s"), [emotion])));
    if (data.customer_type) {
      head.appendChild(X.el("div", "", interpolate(gettext("客户类型：%s"), [data.customer_type.display || data.customer_type.label])));
    }
    if (data.is_upset) head.appendChild(X.el("span", "badge badge-escalated", gettext("情绪激动，请先安抚")));
    box.appendChild(head);
    box.appendChild(section(gettext("建议应对"), data.approach || [], function (t) { return textItem(t, false); }));
    box.appendChild(section(gettext("待挖掘需求（尚未询问）"), data.needs_questions || [], function (q) {
      var li = X.el("li", "", q.name + (q.example ? "：" + q.example : ""));
      if (q.example) li.appendChild(insertButton(q.example));
      return li;
    }));
    box.appendChild(section(gettext("知识库答案"), data.knowledge || [], function (k) {
      var li = X.el("li");
      li.appendChild(X.el("strong", "", k.title || k.question || ""));
      li.appendChild(X.el("div", "", k.answer || k.text || ""));
      li.appendChild(insertButton(k.answer || k.text || ""));
      return li;
    }));
    box.appendChild(section(gettext("必须告知"), data.disclosures || [], function (d) { return textItem(d.text, true); }));
    if ((data.scripts || []).length) {
      box.appendChild(section(gettext("话术"), data.scripts, function (s) { return textItem(s.text, true); }));
    }
  }

  /* Apply the suggested rewrites from the end so earlier offsets stay valid. */
  function rewriteOf(check, original) {
    // Offsets are into the normalised draft; keep the agent's own punctuation when they align.
    var text = original.length === check.norm_text.length ? original : check.norm_text;
    check.findings.filter(function (f) { return f.end > f.start && f.suggestion && f.kind !== "jargon"; })
      .sort(function (a, b) { return b.start - a.start; })
      .forEach(function (f) { text = text.slice(0, f.start) + f.suggestion + text.slice(f.end); });
    var empathy = check.findings.some(function (f) { return f.kind === "missing_empathy"; });
    return (empathy ? "非常理解您的心情。" : "") + text;  // reply text, in the customer's language
  }

  function sendReply(text) {
    var id = X.clientId();
    conversation.addPending(id, text, "agent");
    socket.send({ type: "message", session_id: activeId, client_id: id, text: text });
    clearTimeout(typingTimer);
    socket.send({ type: "typing", session_id: activeId, is_typing: false });
    $("text").value = "";
    $("draft-check").hidden = true;
    lastCheck = null;
  }

  $("send-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("text").value;
    if (!text.trim() || !activeId) return;
    $("send-error").textContent = "";
    var interaction = chats[activeId].session.interaction_id;
    X.staffFetch("/api/v1/interactions/" + interaction + "/draft-check/", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: text }),
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (check) {
      if (!check || check.ok) { sendReply(text); return; }
      lastCheck = { text: text, check: check };
      var list = $("findings");
      list.textContent = "";
      check.findings.forEach(function (f) {
        var li = X.el("li", f.severity, (f.text ? "“" + f.text + "”：" : "") + f.suggestion);
        list.appendChild(li);
      });
      $("draft-check").hidden = false;
    });
  });
  $("use-rewrite").addEventListener("click", function () {
    if (!lastCheck) return;
    $("text").value = rewriteOf(lastCheck.check, lastCheck.text);
    $("draft-check").hidden = true;
    lastCheck = null;
  });
  $("send-anyway").addEventListener("click", function () {
    if (lastCheck) sendReply(lastCheck.text);
  });
  $("canned").addEventListener("change", function () {
    if ($("canned").value) $("text").value = $("canned").value;
    $("canned").value = "";
    $("text").focus();
  });
  $("text").addEventListener("input", function () {
    if (!activeId) return;
    socket.send({ type: "typing", session_id: activeId, is_typing: true });
    clearTimeout(typingTimer);
    var id = activeId;
    typingTimer = setTimeout(function () { socket.send({ type: "typing", session_id: id, is_typing: false }); }, 3000);
  });
  $("presence").addEventListener("change", function () {
    socket.send({ type: "presence", status: $("presence").value });
  });
  $("take-next").addEventListener("click", function () {
    $("presence").value = "online";
    socket.send({ type: "presence", status: "online" });
  });
  $("transfer").addEventListener("click", function () {
    var to = parseInt($("transfer-to").value, 10);
    if (!activeId || !to) return;
    socket.send({ type: "transfer", session_id: activeId, to_user_id: to, reason: $("transfer-reason").value });
  });
  $("close-form").addEventListener("submit", function (event) {
    event.preventDefault();
    if (!activeId) return;
    var id = activeId;
    var body = new URLSearchParams({ need: $("log-need").value, process: $("log-process").value, result: $("log-result").value });
    X.staffFetch("/chat/workspace/sessions/" + id + "/service-log/", { method: "POST", body: body })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (r) {
        if (!r.ok) { $("close-error").textContent = r.data.errors[0].reason; return; }
        $("close-error").textContent = "";
        socket.send({ type: "close", session_id: id, outcome: $("outcome").value, note: $("log-result").value });
        $("close-form").reset();
        $("close-box").open = false;
      });
  });
  document.addEventListener("visibilitychange", function () { if (activeId) ackRead(activeId); });
})();
