/* Xinfa live chat: shared client pieces (socket with resume, ordered message list).
   Every message is rendered with textContent: customer text may contain HTML. */
(function (global) {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clientId() {
    if (global.crypto && typeof global.crypto.randomUUID === "function") {
      return "c-" + global.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    global.crypto.getRandomValues(bytes);
    return "c-" + Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function timeOf(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function wsUrl(path) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  }

  /* A socket that reconnects with backoff (1, 2, 4 … 30 s) and calls onOpen each time so
     the caller can send hello/join with its last sequence. 4401/4403: give up. */
  function ResilientSocket(path, handlers) {
    this.path = path;
    this.handlers = handlers;
    this.delay = 1000;
    this.stopped = false;
    this.ws = null;
    this.connect();
  }
  ResilientSocket.prototype.connect = function () {
    var self = this;
    var ws = new WebSocket(wsUrl(this.path));
    this.ws = ws;
    ws.onopen = function () {
      self.delay = 1000;
      if (self.handlers.onOpen) self.handlers.onOpen();
    };
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame && typeof frame.type === "string") self.handlers.onFrame(frame);
    };
    ws.onclose = function (event) {
      if (self.handlers.onDown) self.handlers.onDown(event.code);
      if (self.stopped) return;
      if (event.code === 4401 || event.code === 4403) {
        self.stopped = true;
        if (self.handlers.onRefused) self.handlers.onRefused(event.code);
        return;
      }
      setTimeout(function () { self.connect(); }, self.delay);
      self.delay = Math.min(self.delay * 2, 30000);
    };
  };
  ResilientSocket.prototype.isOpen = function () {
    return this.ws && this.ws.readyState === WebSocket.OPEN;
  };
  ResilientSocket.prototype.send = function (frame) {
    if (!this.isOpen()) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  };
  ResilientSocket.prototype.stop = function () {
    this.stopped = true;
    if (this.ws) this.ws.close();
  };

  /* Turns keyed by sequence, shown sorted by it; pending (unechoed) turns by client_id. */
  function Conversation(container, options) {
    this.container = container;
    this.options = options || {};
    this.bySequence = {};
    this.pending = {};
    this.lastSequence = 0;
  }
  Conversation.prototype.speakerLabel = function (speaker) {
    return (this.options.labels || {})[speaker] || speaker;
  };
  Conversation.prototype.render = function (message, pending) {
    var own = this.options.ownSpeaker === message.speaker;
    var row = el("div", "turn " + message.speaker + (own ? " own" : "") + (pending ? " pending" : ""));
    row.setAttribute("data-sequence", pending ? "" : String(message.sequence));
    if (message.client_id) row.setAttribute("data-client-id", message.client_id);
    var who = el("div", "who", this.speakerLabel(message.speaker) +
      (message.sent_at ? " · " + timeOf(message.sent_at) : ""));
    row.appendChild(who);
    row.appendChild(el("div", "text", message.text));
    if (message.attachment && this.options.renderAttachment) {
      row.appendChild(this.options.renderAttachment(message.attachment));
    }
    if (own) row.appendChild(el("div", "status", pending ? gettext("发送中…") : gettext("已发送")));
    return row;
  };
  /* Insert a stored turn; returns false when this sequence is already shown. */
  Conversation.prototype.add = function (message) {
    if (this.bySequence[message.sequence]) return false;
    if (message.client_id && this.pending[message.client_id]) {
      var old = this.pending[message.client_id].node;
      if (old.parentNode) old.parentNode.removeChild(old);
      delete this.pending[message.client_id];
    }
    var node = this.render(message, false);
    this.bySequence[message.sequence] = { message: message, node: node };
    var after = null;
    var rows = this.container.querySelectorAll(".turn[data-sequence]");
    for (var i = 0; i < rows.length; i++) {
      var seq = parseInt(rows[i].getAttribute("data-sequence"), 10);
      if (seq > message.sequence) { after = rows[i]; break; }
    }
    var firstPending = this.container.querySelector(".turn.pending");
    this.container.insertBefore(node, after || firstPending || null);
    this.lastSequence = Math.max(this.lastSequence, message.sequence);
    this.scroll();
    return true;
  };
  Conversation.prototype.addPending = function (clientIdValue, text, speaker) {
    var message = { client_id: clientIdValue, text: text, speaker: speaker, sent_at: new Date().toISOString() };
    var node = this.render(message, true);
    this.pending[clientIdValue] = { text: text, node: node, sentAt: Date.now() };
    this.container.appendChild(node);
    this.scroll();
  };
  Conversation.prototype.note = function (text, className) {
    var node = el("div", "turn system " + (className || ""), text);
    this.container.appendChild(node);
    this.scroll();
    return node;
  };
  /* Mark own turns up to `sequence` as delivered/read by the other side. */
  Conversation.prototype.markReceipt = function (kind, sequence) {
    var own = this.options.ownSpeaker;
    for (var key in this.bySequence) {
      var item = this.bySequence[key];
      if (item.message.speaker !== own || item.message.sequence > sequence) continue;
      var status = item.node.querySelector(".status");
      if (!status || status.getAttribute("data-kind") === "read") continue;
      status.textContent = kind === "read" ? gettext("已读") : gettext("已送达");
      status.setAttribute("data-kind", kind);
    }
  };
  Conversation.prototype.clear = function () {
    this.container.textContent = "";
    this.bySequence = {};
    this.pending = {};
    this.lastSequence = 0;
  };
  Conversation.prototype.scroll = function () {
    this.container.scrollTop = this.container.scrollHeight;
  };

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* JSON fetch with the session cookie and CSRF header (staff pages). */
  function staffFetch(url, options) {
    options = options || {};
    options.credentials = "same-origin";
    options.headers = Object.assign({ "X-CSRFToken": csrfToken(), Accept: "application/json" },
      options.headers || {});
    return fetch(url, options);
  }

  /* Staff see a chat image through the API with their session cookie. */
  function staffAttachment(attachment) {
    var link = el("a");
    link.href = attachment.url;
    link.target = "_blank";
    link.rel = "noopener";
    var img = el("img", "attachment");
    img.alt = gettext("客户发送的图片");
    img.src = attachment.url;
    link.appendChild(img);
    return link;
  }

  global.XinfaChat = {
    staffAttachment: staffAttachment,
    el: el,
    clientId: clientId,
    timeOf: timeOf,
    ResilientSocket: ResilientSocket,
    Conversation: Conversation,
    staffFetch: staffFetch,
    csrfToken: csrfToken,
  };
})(window);
