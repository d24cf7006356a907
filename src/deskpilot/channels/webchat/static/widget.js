/* DeskPilot web chat widget.
 *
 * Embed with one tag: <script src="https://your-deskpilot/widget.js" defer></script>
 * (with data-identity="<token>" when the business's site signs its logged-in customer's id).
 * The visitor's session token lives in localStorage, so a reload keeps the conversation; it is
 * sent only in the Authorization header, never in a URL. Replies from the bot and from agents
 * arrive on a server-sent event stream read with fetch (so the token stays in a header).
 * Accessible: labelled controls, a log region that announces new messages, Escape to close,
 * focus moved to the message box on open and back to the launcher on close.
 */
(function () {
  "use strict";
  if (window.__deskpilotWidget) return;
  window.__deskpilotWidget = true;

  var script = document.currentScript;
  var BASE = script ? new URL(script.src, location.href).origin : location.origin;
  // The business's page may vouch for its logged-in customer: data-identity="<signed token>".
  var IDENTITY = script && script.dataset ? script.dataset.identity || null : null;
  var KEY = "deskpilot.widget.token";
  var OPEN_KEY = "deskpilot.widget.open";
  var seen = {};
  var unread = 0;
  var stream = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  var css = el("link", { rel: "stylesheet", href: BASE + "/widget.css" });
  document.head.appendChild(css);

  var root = el("div", { class: "dpw", id: "deskpilot-widget" });
  var panel = el("section", { class: "dpw-panel", id: "dpw-panel", "aria-labelledby": "dpw-title", hidden: "" });
  var head = el("div", { class: "dpw-head" });
  head.appendChild(el("h2", { id: "dpw-title" }, "Customer support"));
  var close = el("button", { type: "button", class: "dpw-close", "aria-label": "Close chat" }, "×");
  head.appendChild(close);
  var log = el("ol", { class: "dpw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Conversation" });
  var status = el("p", { class: "dpw-status", role: "status" });
  var form = el("form", { class: "dpw-form" });
  var label = el("label", { for: "dpw-input", class: "dpw-sr" }, "Your message");
  var input = el("textarea", { id: "dpw-input", name: "text", rows: "2", maxlength: "5000", placeholder: "Type your message…", required: "" });
  var send = el("button", { type: "submit" }, "Send");
  form.appendChild(label); form.appendChild(input); form.appendChild(send);
  panel.appendChild(head); panel.appendChild(log); panel.appendChild(status); panel.appendChild(form);
  var launcher = el("button", { type: "button", class: "dpw-launcher", "aria-expanded": "false", "aria-controls": "dpw-panel" });
  var launcherText = el("span", {}, "Chat with us");
  var badge = el("span", { class: "dpw-badge", hidden: "" });
  launcher.appendChild(launcherText); launcher.appendChild(badge);
  root.appendChild(panel); root.appendChild(launcher);

  function token() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  function setToken(value) { try { value ? localStorage.setItem(KEY, value) : localStorage.removeItem(KEY); } catch (e) { /* private mode */ } }

  function api(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    var t = token();
    if (t) headers.Authorization = "Bearer " + t;
    return fetch(BASE + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (r) {
        if (r.status === 401) { setToken(null); throw new Error("session"); }
        if (!r.ok) throw new Error("http " + r.status);
        return r.json();
      });
  }

  function isOpen() { return !panel.hidden; }

  function updateBadge() {
    badge.hidden = unread === 0;
    badge.textContent = String(unread);
    launcher.setAttribute("aria-label", unread ? "Chat with us, " + unread + " new message" + (unread > 1 ? "s" : "") : "Chat with us");
  }

  function add(message) {
    if (!message || seen[message.id]) return;
    seen[message.id] = true;
    var item = el("li", { class: "dpw-msg dpw-" + message.sender, "data-id": message.id });
    var who = message.sender === "customer" ? "You" : message.author;
    var whoNode = el("span", { class: "dpw-who" }, who);
    whoNode.appendChild(el("span", { class: "dpw-sr" }, " said:"));
    item.appendChild(whoNode);
    item.appendChild(document.createTextNode(message.text));
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    if (message.sender !== "customer" && !isOpen()) { unread += 1; updateBadge(); }
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcherText.textContent = "Close chat";
    unread = 0; updateBadge();
    try { sessionStorage.setItem(OPEN_KEY, "1"); } catch (e) { /* ignore */ }
    log.scrollTop = log.scrollHeight;
    input.focus();
  }

  function hide() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcherText.textContent = "Chat with us";
    try { sessionStorage.removeItem(OPEN_KEY); } catch (e) { /* ignore */ }
    launcher.focus();
  }

  function listen() {
    if (stream) stream.abort();
    var t = token();
    if (!t || !window.fetch || !window.ReadableStream) return;
    var controller = new AbortController();
    stream = controller;
    var delay = 1000;
    function connect() {
      if (controller.signal.aborted) return;
      fetch(BASE + "/v1/widget/events", { headers: { Authorization: "Bearer " + t }, signal: controller.signal })
        .then(function (response) {
          if (response.status === 401) { controller.abort(); return; }
          if (!response.ok || !response.body) throw new Error("stream");
          delay = 1000;
          var reader = response.body.getReader();
          var decoder = new TextDecoder();
          var buffer = "";
          function pump() {
            return reader.read().then(function (chunk) {
              if (chunk.done) throw new Error("closed");
              buffer += decoder.decode(chunk.value, { stream: true });
              var events = buffer.split("\n\n");
              buffer = events.pop();
              events.forEach(function (block) {
                var kind = "message", data = "";
                block.split("\n").forEach(function (line) {
                  if (line.indexOf("event:") === 0) kind = line.slice(6).trim();
                  else if (line.indexOf("data:") === 0) data += line.slice(5).trim();
                });
                if (kind === "message" && data) add(JSON.parse(data));
              });
              return pump();
            });
          }
          return pump();
        })
        .catch(function () {
          if (controller.signal.aborted) return;
          setTimeout(connect, delay);
          delay = Math.min(delay * 2, 15000);
        });
    }
    connect();
  }

  function restore() {
    if (!token()) return Promise.resolve();
    return api("GET", "/v1/widget/messages")
      .then(function (body) { body.messages.forEach(add); listen(); })
      .catch(function () { /* a stale token was dropped; a new session starts on send */ });
  }

  function ensureSession() {
    if (token()) return Promise.resolve();
    var start = IDENTITY ? { identity: IDENTITY } : null;
    return api("POST", "/v1/widget/sessions", start).then(function (body) {
      setToken(body.token);
      body.messages.forEach(add);
      listen();
    });
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return String(Date.now()) + String(Math.random()).slice(2, 10);
  }

  function submit(event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || send.disabled) return;
    send.disabled = true;
    status.textContent = "Sending…";
    var clientId = newId();
    ensureSession()
      .then(function () { return api("POST", "/v1/widget/messages", { text: text, client_id: clientId }); })
      .then(function (body) {
        input.value = "";
        status.textContent = "";
        add(body.message);
        body.replies.forEach(add);
        if (body.new_conversation) listen();
      })
      .catch(function () { status.textContent = "Your message could not be sent. Please try again."; })
      .then(function () { send.disabled = false; input.focus(); });
  }

  launcher.addEventListener("click", function () { isOpen() ? hide() : open(); });
  close.addEventListener("click", hide);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit ? form.requestSubmit() : submit(event); }
  });
  form.addEventListener("submit", submit);
  window.addEventListener("pagehide", function () { if (stream) stream.abort(); });

  function mount() {
    document.body.appendChild(root);
    restore().then(function () {
      var wasOpen = false;
      try { wasOpen = sessionStorage.getItem(OPEN_KEY) === "1"; } catch (e) { /* ignore */ }
      if (wasOpen) open();
    });
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
