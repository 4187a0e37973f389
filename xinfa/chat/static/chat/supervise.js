/* Supervisor: list live chats, watch one read-only in real time, whisper to its agent. */
(function () {
  "use strict";
  var X = window.XinfaChat;
  var $ = function (id) { return document.getElementById(id); };
  var STATES = { bot: gettext("机器人"), queued: gettext("排队中"), assigned: gettext("人工服务中"), closed: gettext("已结束") };
  var sessions = {};
  var watching = null;
  var conversation = new X.Conversation($("conversation"), {
    labels: { customer: gettext("客户"), agent: gettext("坐席"), bot: gettext("智能助手"), system: gettext("系统") },
    renderAttachment: X.staffAttachment,
  });
  var socket = new X.ResilientSocket("/ws/agent/", {
    onOpen: function () { if (watching) watch(watching); },
    onFrame: onFrame,
    onDown: function () { $("queue-info").textContent = gettext("连接中断，正在重连…"); },
    onRefused: function () { $("queue-info").textContent = gettext("无权监听或登录已过期"); },
  });

  function renderRows() {
    var body = $("live-rows");
    body.textContent = "";
    var ids = Object.keys(sessions);
    $("no-chats").hidden = ids.length > 0;
    ids.forEach(function (id) {
      var s = sessions[id];
      var row = X.el("tr");
      row.appendChild(X.el("td", "", s.customer ? s.customer.display_name : (s.masked_phone || gettext("访客"))));
      row.appendChild(X.el("td", "", STATES[s.state] || s.state));
      row.appendChild(X.el("td", "", s.agent ? s.agent.display_name : "—"));
      var cell = X.el("td");
      var button = X.el("button", "secondary", Number(id) === watching ? gettext("旁听中") : gettext("旁听"));
      button.type = "button";
      button.setAttribute("data-session", id);
      button.addEventListener("click", function () { watch(Number(id)); });
      cell.appendChild(button);
      row.appendChild(cell);
      body.appendChild(row);
    });
  }

  function watch(id) {
    if (watching && watching !== id) socket.send({ type: "leave", session_id: watching });
    watching = id;
    conversation.clear();
    socket.send({ type: "join", session_id: id, last_sequence: 0 });
    var s = sessions[id];
    $("conv-title").textContent = interpolate(gettext("旁听：%s"), [s && s.customer ? s.customer.display_name : interpolate(gettext("会话 #%s"), [id])]);
    $("whisper-form").hidden = false;
    renderRows();
  }

  function whisperNote(w) {
    conversation.note(interpolate(gettext("悄悄话（客户看不到）%(author)s：%(text)s"), { author: w.author ? w.author.display_name : "", text: w.text }, true), "whisper");
  }

  function onFrame(frame) {
    var id = frame.session_id;
    switch (frame.type) {
      case "welcome":
        frame.sessions.forEach(function (s) { sessions[s.session_id] = s; });
        showQueues(frame.queues || []);
        renderRows();
        break;
      case "history":
        if (id !== watching) break;
        if (frame.session) sessions[id] = frame.session;
        frame.messages.forEach(function (m) { conversation.add(m); });
        (frame.whispers || []).forEach(whisperNote);
        break;
      case "message": if (id === watching) conversation.add(frame.message); break;
      case "whisper": if (id === watching) whisperNote(frame.whisper); break;
      case "state":
        if (sessions[id]) { sessions[id].state = frame.state; sessions[id].agent = frame.agent; }
        renderRows();
        break;
      case "closed":
        if (id === watching) conversation.note(gettext("会话已结束"));
        delete sessions[id];
        renderRows();
        break;
      case "queue_snapshot":
        showQueues(frame.queues);
        refresh();
        break;
      case "error": $("send-error").textContent = frame.reason; break;
      default: break;
    }
  }

  function showQueues(queues) {
    $("queue-info").textContent = interpolate(gettext("排队等待：%s 位"), [queues.reduce(function (n, q) { return n + q.waiting; }, 0)]);
  }

  /* New chats are not pushed to supervisors one by one: re-read the live list. */
  function refresh() {
    X.staffFetch("/api/v1/chat/live/").then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
      if (!data) return;
      var rows = Array.isArray(data) ? data : (data.results || data.sessions || []);
      var fresh = {};
      rows.forEach(function (s) { fresh[s.session_id] = s; });
      sessions = fresh;
      renderRows();
    });
  }
  setInterval(refresh, 5000);

  $("whisper-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("whisper").value;
    if (!text.trim() || !watching) return;
    socket.send({ type: "whisper", session_id: watching, text: text });
    $("whisper").value = "";
    $("send-error").textContent = "";
  });
})();
