/* Customer chat widget: phone check → conversation → survey (docs/live-chat.md). */
(function () {
  "use strict";
  var X = window.XinfaChat;
  var API = "/api/v1/chat/";
  var STORE = "xinfa.chat.session";
  var MESSAGES = "xinfa.chat.messages";
  var ERRORS = {
    throttled: gettext("操作太频繁，请稍后再试"),
    rate_limited: gettext("发送太快了，请稍候"),
    too_long: gettext("消息不能超过2000字"),
    invalid: gettext("输入有误，请检查后重试"),
    invalid_file_type: gettext("只能发送 PNG、JPEG、GIF、WebP 图片"),
    closed: gettext("本次会话已结束"),
    unavailable: gettext("网络繁忙，正在重试"),
    internal: gettext("系统出了点问题，请稍后重试"),
  };
  var $ = function (id) { return document.getElementById(id); };
  var session = null;
  var socket = null;
  var closed = false;
  var verificationId = null;
  var typingTimer = null;
  var typingSent = false;
  var conversation = new X.Conversation($("conversation"), {
    ownSpeaker: "customer",
    labels: { customer: gettext("我"), agent: gettext("客服"), bot: gettext("智能助手"), system: gettext("系统") },
    renderAttachment: renderAttachment,
  });

  function status(text) { $("status-line").textContent = text; }
  function showError(id, payload) {
    var first = payload && payload.errors && payload.errors[0];
    $(id).textContent = first ? (ERRORS[first.code] || first.reason) : (payload || "");
  }
  function show(step) {
    ["step-phone", "step-chat", "step-survey"].forEach(function (name) {
      $(name).hidden = name !== step;
    });
  }

  function authFetch(path, options) {
    options = options || {};
    options.headers = Object.assign({ Authorization: "Chat " + session.token }, options.headers || {});
    return fetch(API + path, options);
  }
  function postJson(path, body, auth) {
    var options = { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
    return (auth ? authFetch(path, options) : fetch(API + path, options)).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    });
  }

  function renderAttachment(attachment) {
    var img = X.el("img", "attachment");
    img.alt = gettext("图片");
    if (session) {
      authFetch(attachment.url.replace(API, "")).then(function (r) { return r.blob(); })
        .then(function (blob) { img.src = URL.createObjectURL(blob); });
    }
    return img;
  }

  /* Keep the turns in sessionStorage so a reload shows them at once and resumes after them. */
  function saveMessages() {
    var list = Object.keys(conversation.bySequence).map(function (k) { return conversation.bySequence[k].message; });
    try { sessionStorage.setItem(MESSAGES, JSON.stringify(list)); } catch (e) { /* quota: resume from 0 */ }
  }
  function addMessages(messages) {
    var newest = 0;
    messages.forEach(function (m) {
      if (conversation.add(m) && m.speaker !== "customer") newest = Math.max(newest, m.sequence);
    });
    saveMessages();
    if (newest) {
      socket.send({ type: "ack", kind: document.hidden ? "delivered" : "read", sequence: newest });
    }
  }

  function startChat(data) {
    session = { token: data.token, session_id: data.session_id };
    sessionStorage.setItem(STORE, JSON.stringify(session));
    sessionStorage.removeItem(MESSAGES);
    openChat(data.messages || []);
  }

  function openChat(cached) {
    show("step-chat");
    status(gettext("正在连接…"));
    cached.forEach(function (m) { conversation.add(m); });
    socket = new X.ResilientSocket("/ws/chat/", {
      onOpen: function () {
        socket.send({ type: "hello", token: session.token, last_sequence: conversation.lastSequence });
      },
      onFrame: onFrame,
      onDown: function () { if (!closed) status(gettext("连接中断，正在重连…")); },
      onRefused: function () {
        sessionStorage.removeItem(STORE);
        sessionStorage.removeItem(MESSAGES);
        status(gettext("会话已失效，请重新验证"));
        conversation.clear();
        show("step-phone");
      },
    });
    setInterval(resendStale, 2500);
  }

  /* No echo within 5 s: resend with the same client_id (the server stores it once). */
  function resendStale() {
    var now = Date.now();
    Object.keys(conversation.pending).forEach(function (id) {
      var item = conversation.pending[id];
      if (now - item.sentAt > 5000 && socket.send({ type: "message", client_id: id, text: item.text })) {
        item.sentAt = now;
      }
    });
  }

  function showState(state, agent) {
    if (state === "bot") status(gettext("智能助手为您服务"));
    else if (state === "queued") status(gettext("正在为您转接人工客服"));
    else if (state === "assigned") {
      $("queue-line").hidden = true;
      status(agent && agent.display_name
        ? interpolate(gettext("人工客服 %s 为您服务"), [agent.display_name])
        : gettext("人工客服为您服务"));
    }
  }

  function onFrame(frame) {
    switch (frame.type) {
      case "welcome":
        addMessages(frame.messages);
        if (frame.session.agent_read_sequence) conversation.markReceipt("read", frame.session.agent_read_sequence);
        resendStale();
        if (frame.session.state === "closed") onClosed();
        else showState(frame.session.state, frame.session.agent);
        break;
      case "history": addMessages(frame.messages); break;
      case "message": addMessages([frame.message]); break;
      case "typing": $("typing").hidden = !frame.is_typing; break;
      case "receipt": conversation.markReceipt(frame.kind, frame.sequence); break;
      case "state": showState(frame.state, frame.agent); break;
      case "queue":
        $("queue-line").hidden = false;
        $("queue-line").textContent = frame.position <= 1
          ? gettext("马上就轮到您了，请稍候")
          : interpolate(gettext("正在排队，您前面还有 %s 位客户"), [frame.position - 1]);
        break;
      case "closed": onClosed(); break;
      case "survey_saved": surveyDone(); break;
      case "error":
        if (frame.code === "closed") onClosed();
        else if (frame.code !== "rate_limited" && frame.code !== "unavailable") showError("send-error", { errors: [frame] });
        break;
      default: break;
    }
  }

  function onClosed() {
    if (closed) return;
    closed = true;
    $("typing").hidden = true;
    status(gettext("本次会话已结束"));
    conversation.note(gettext("会话已结束，感谢您的咨询"));
    $("send-form").hidden = true;
    $("step-survey").hidden = false;
  }
  function surveyDone() {
    $("survey-form").hidden = true;
    $("survey-done").hidden = false;
    $("new-chat").hidden = false;
  }

  function sendTyping(isTyping) {
    if (typingSent === isTyping) return;
    typingSent = isTyping;
    socket.send({ type: "typing", is_typing: isTyping });
  }

  $("phone-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var phone = $("phone").value.trim();
    if (!/^1\d{10}$/.test(phone)) { showError("form-error", gettext("请输入正确的11位手机号")); return; }
    postJson("phone/challenges/", { phone: phone }).then(function (r) {
      if (!r.ok) { showError("form-error", r.data); return; }
      verificationId = r.data.verification_id;
      showError("form-error", "");
      $("code-form").hidden = false;
      status(gettext("验证码已发送，请查收短信"));
      $("code").focus();
    });
  });
  $("code-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = $("code").value.trim();
    if (!/^\d{6}$/.test(code)) { showError("form-error", gettext("请输入6位数字验证码")); return; }
    postJson("sessions/", { verification_id: verificationId, code: code }).then(function (r) {
      if (!r.ok) { showError("form-error", r.data); return; }
      startChat(r.data);
    });
  });
  $("send-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("text").value;
    if (!text.trim()) return;
    if (text.length > 2000) { showError("send-error", ERRORS.too_long); return; }
    var id = X.clientId();
    conversation.addPending(id, text, "customer");
    socket.send({ type: "message", client_id: id, text: text });
    $("text").value = "";
    showError("send-error", "");
    sendTyping(false);
  });
  $("text").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("send-form").requestSubmit();
    }
  });
  $("text").addEventListener("input", function () {
    sendTyping(true);
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { sendTyping(false); }, 3000);
  });
  $("image").addEventListener("change", function () {
    var file = $("image").files[0];
    if (!file) return;
    var body = new FormData();
    body.append("file", file);
    body.append("client_id", X.clientId());
    authFetch("sessions/" + session.session_id + "/attachments/", { method: "POST", body: body })
      .then(function (response) { return response.json().then(function (data) { return { ok: response.ok, data: data }; }); })
      .then(function (r) {
        if (!r.ok) showError("send-error", r.data);
        else addMessages([r.data.message || r.data]);
      });
    $("image").value = "";
  });
  $("end-chat").addEventListener("click", function () {
    if (window.confirm(gettext("确定结束本次咨询吗？"))) socket.send({ type: "close" });
  });
  $("survey-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var picked = document.querySelector("input[name=score]:checked");
    if (!picked) { showError("send-error", gettext("请选择1到5分")); return; }
    socket.send({ type: "survey", score: parseInt(picked.value, 10), comment: $("comment").value });
  });
  $("new-chat").addEventListener("click", function () {
    sessionStorage.removeItem(STORE);
    sessionStorage.removeItem(MESSAGES);
    location.reload();
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && socket && conversation.lastSequence) {
      socket.send({ type: "ack", kind: "read", sequence: conversation.lastSequence });
    }
  });

  var stored = sessionStorage.getItem(STORE);
  if (stored) {
    try {
      session = JSON.parse(stored);
      openChat(JSON.parse(sessionStorage.getItem(MESSAGES) || "[]"));
    } catch (e) {
      sessionStorage.removeItem(STORE);
    }
  }
})();
