/* DeskPilot web chat widget.
 *
 * Embed with one tag: <script src="https://your-deskpilot/widget.js" defer></script>
 * (with data-identity="<token>" when the business's site signs its logged-in customer's id).
 * No framework: plain DOM, scoped styles (widget.css). The greeting, quick replies, title,
 * colour and avatar come from the workspace (GET /v1/widget/config).
 * The visitor's session token lives in localStorage, so a reload keeps the conversation; it is
 * sent only in the Authorization header, never in a URL. Replies from the bot and from agents,
 * who is typing, and the case's resolution arrive on a server-sent event stream read with fetch
 * (so the token stays in a header); reconnecting, it sends the last event's id (Last-Event-ID)
 * and gets what it missed first. A message shows at once and is marked if it fails, with a
 * retry that resends it under the same id (so it is stored once).
 * Files: the paperclip button picks an image, PDF or text file (the types and size the
 * workspace accepts, GET /v1/widget/config); it goes to POST /v1/widget/files, and files in
 * the conversation are fetched with the token (never in a URL) to show a thumbnail or save.
 * Accessible: labelled controls, a log region that announces new messages, a status region for
 * typing and errors, Escape to close, focus moved to the message box on open and back to the
 * launcher on close. Full screen on small screens (widget.css).
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
  var TYPING_EVERY = 3000; // ms between two "customer typing" signals
  var TYPING_SHOWN = 6000; // ms a "… is typing" stays without news
  var RATINGS = ["very poor", "poor", "fair", "good", "excellent"];
  var config = { title: "Customer support", greeting: "", quick_replies: [], satisfaction: false,
                 attachments: { max_bytes: 0, types: [] } };
  var seen = {};
  var unread = 0;
  var stream = null;
  var sending = Promise.resolve(); // messages go out one after another, in order
  var personHolds = false; // a person holds the case: the bot stays silent
  var typingTimer = null;
  var lastTypingSignal = 0;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) node.textContent = text;
    return node;
  }

  document.head.appendChild(el("link", { rel: "stylesheet", href: BASE + "/widget.css" }));

  var root = el("div", { class: "dpw", id: "deskpilot-widget" });
  var panel = el("section", { class: "dpw-panel", id: "dpw-panel", "aria-labelledby": "dpw-title", hidden: "" });
  var head = el("div", { class: "dpw-head" });
  var avatar = el("span", { class: "dpw-avatar", "aria-hidden": "true" });
  var title = el("h2", { id: "dpw-title" }, config.title);
  var close = el("button", { type: "button", class: "dpw-close", "aria-label": "Close chat" }, "×");
  head.appendChild(avatar); head.appendChild(title); head.appendChild(close);
  var log = el("div", { class: "dpw-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "Conversation" });
  var status = el("p", { class: "dpw-status", role: "status" });
  var form = el("form", { class: "dpw-form" });
  var label = el("label", { for: "dpw-input", class: "dpw-sr" }, "Your message");
  var input = el("textarea", { id: "dpw-input", name: "text", rows: "2", maxlength: "5000", placeholder: "Type your message…" });
  var send = el("button", { type: "submit" }, "Send");
  var attach = el("button", { type: "button", class: "dpw-attach", "aria-label": "Attach a file", title: "Attach a file", hidden: "" }, "📎");
  var picker = el("input", { type: "file", class: "dpw-picker", tabindex: "-1", "aria-hidden": "true" });
  form.appendChild(label); form.appendChild(attach); form.appendChild(picker); form.appendChild(input); form.appendChild(send);
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
        return r.status === 204 ? null : r.json();
      });
  }

  // -- branding ---------------------------------------------------------------------------------
  function applyConfig(found) {
    config = found;
    title.textContent = found.title;
    root.style.setProperty("--dpw-brand", found.brand_color);
    avatar.textContent = "";
    if (found.avatar) avatar.appendChild(el("img", { src: new URL(found.avatar, BASE).href, alt: "" }));
    else avatar.textContent = found.title.charAt(0).toUpperCase();
    attach.hidden = !found.attachments.types.length;
    picker.setAttribute("accept", found.attachments.types.join(","));
  }

  // -- the log ----------------------------------------------------------------------------------
  function isOpen() { return !panel.hidden; }

  function updateBadge() {
    badge.hidden = unread === 0;
    badge.textContent = String(unread);
    launcher.setAttribute("aria-label", unread ? "Chat with us, " + unread + " new message" + (unread > 1 ? "s" : "") : "Chat with us");
  }

  // The time a message was sent, in the visitor's own time; with the date when not today.
  function clock(iso) {
    var when = iso ? new Date(iso) : new Date();
    var text = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    if (when.toDateString() !== new Date().toDateString()) {
      text = when.toLocaleDateString([], { day: "numeric", month: "short" }) + ", " + text;
    }
    return el("time", { class: "dpw-time", datetime: when.toISOString() }, text);
  }

  function bubble(sender, author, text, iso, files) {
    var item = el("div", { class: "dpw-msg dpw-" + sender });
    var who = el("span", { class: "dpw-who" }, sender === "customer" ? "You" : author);
    who.appendChild(el("span", { class: "dpw-sr" }, " said:"));
    item.appendChild(who);
    item.appendChild(el("span", { class: "dpw-text" }, text));
    showFiles(item, files || []);
    item.appendChild(clock(iso));
    return item;
  }

  // -- files ------------------------------------------------------------------------------------
  function size(bytes) {
    if (bytes < 1000) return bytes + " bytes";
    if (bytes < 1000000) return Math.round(bytes / 1000) + " KB";
    return (bytes / 1000000).toFixed(1) + " MB";
  }

  // A file of the conversation, read with the session's token.
  function fetchFile(file) {
    return fetch(BASE + "/v1/widget/files/" + encodeURIComponent(file.id), { headers: { Authorization: "Bearer " + token() } })
      .then(function (r) { if (!r.ok) throw new Error("http " + r.status); return r.blob(); });
  }

  function save(file) {
    fetchFile(file).then(function (blob) {
      var link = el("a", { href: URL.createObjectURL(blob), download: file.filename });
      document.body.appendChild(link); link.click(); link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    }).catch(function () { status.textContent = file.filename + " could not be downloaded. Please try again."; });
  }

  function showFiles(item, files) {
    var old = item.querySelector(".dpw-files");
    if (old) old.remove();
    if (!files.length) return;
    var list = el("ul", { class: "dpw-files", "aria-label": "Files" });
    files.forEach(function (file) {
      var entry = el("li");
      if (file.content_type.indexOf("image/") === 0) {
        var thumb = el("img", { class: "dpw-thumb", alt: file.filename });
        fetchFile(file).then(function (blob) { thumb.src = URL.createObjectURL(blob); }).catch(function () { /* the name still shows */ });
        entry.appendChild(thumb);
      }
      var button = el("button", { type: "button", class: "dpw-file", "aria-label": "Download " + file.filename + ", " + size(file.size) }, file.filename + " · " + size(file.size));
      button.addEventListener("click", function () { save(file); });
      entry.appendChild(button);
      list.appendChild(entry);
    });
    var when = item.querySelector(".dpw-time");
    item.insertBefore(list, when);
  }

  function pickFile() {
    var file = picker.files && picker.files[0];
    picker.value = "";
    if (!file) return;
    var rules = config.attachments;
    if (file.size > rules.max_bytes) {
      status.textContent = file.name + " is too large: files of at most " + size(rules.max_bytes) + " can be sent.";
      return;
    }
    status.textContent = "";
    var item = bubble("customer", "You", "", null);
    item.setAttribute("data-state", "sending");
    item.insertBefore(el("span", { class: "dpw-pending" }, "Sending " + file.name + "…"), item.querySelector(".dpw-time"));
    clearGreeting();
    append(item);
    var body = new FormData();
    body.append("file", file, file.name);
    body.append("client_id", newId());
    sending = sending.then(function () {
      return ensureSession()
        .then(function () {
          return fetch(BASE + "/v1/widget/files", { method: "POST", headers: { Authorization: "Bearer " + token() }, body: body });
        })
        .then(function (r) {
          return r.json().then(function (found) {
            if (!r.ok) throw new Error(found.detail || "The file could not be sent.");
            return found;
          });
        })
        .then(function (found) {
          var pending = item.querySelector(".dpw-pending");
          if (pending) pending.remove();
          showFiles(item, found.message.attachments);
          delivered(item, found);
        })
        .catch(function (error) {
          item.remove();
          status.textContent = file.name + " was not sent: " + error.message;
        });
    });
  }

  function append(item) {
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function add(message) {
    if (!message || seen[message.id]) return;
    seen[message.id] = true;
    if (message.sender === "customer" && adopt(message)) return;
    var item = bubble(message.sender, message.author, message.text, message.created_at, message.attachments);
    item.setAttribute("data-id", message.id);
    clearGreeting();
    append(item);
    if (message.sender !== "customer") {
      hideTyping();
      if (!isOpen()) { unread += 1; updateBadge(); }
    }
  }

  // The stream may bring the customer's own message before its POST answers: it is the one
  // already shown, still sending, with the same text.
  function adopt(message) {
    var pending = log.querySelectorAll(".dpw-customer[data-state='sending']");
    for (var i = 0; i < pending.length; i++) {
      if (pending[i].querySelector(".dpw-text").textContent === message.text) {
        pending[i].setAttribute("data-id", message.id);
        return true;
      }
    }
    return false;
  }

  function note(text) {
    var old = log.querySelector(".dpw-note");
    if (old) old.remove();
    append(el("div", { class: "dpw-note" }, text));
  }

  function greet() {
    if (!config.greeting || log.children.length) return;
    var item = bubble("bot", config.title, config.greeting, null);
    item.classList.add("dpw-greeting");
    item.removeChild(item.querySelector(".dpw-time"));
    if (config.quick_replies.length) {
      var group = el("div", { class: "dpw-quick", role: "group", "aria-label": "Suggested questions" });
      config.quick_replies.forEach(function (text) {
        var button = el("button", { type: "button" }, text);
        button.addEventListener("click", function () { queue(text); input.focus(); });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    log.appendChild(item);
  }

  function clearGreeting() {
    var greeting = log.querySelector(".dpw-greeting");
    if (greeting) greeting.remove();
  }

  // -- typing -----------------------------------------------------------------------------------
  function showTyping(who) {
    status.textContent = who + " is typing…";
    status.classList.add("dpw-typing");
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, TYPING_SHOWN);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    if (status.classList.contains("dpw-typing")) { status.textContent = ""; status.classList.remove("dpw-typing"); }
  }

  function signalTyping() {
    var now = Date.now();
    if (!token() || now - lastTypingSignal < TYPING_EVERY) return;
    lastTypingSignal = now;
    api("POST", "/v1/widget/typing").catch(function () { /* only a hint */ });
  }

  // -- satisfaction -----------------------------------------------------------------------------
  function askRating() {
    if (!config.satisfaction || log.querySelector(".dpw-rating")) return;
    var item = el("div", { class: "dpw-rating" });
    var group = el("div", { role: "group", "aria-labelledby": "dpw-rate-q" });
    group.appendChild(el("p", { id: "dpw-rate-q" }, "How did we do? Rate this conversation from 1 to 5."));
    RATINGS.forEach(function (words, i) {
      var button = el("button", { type: "button", "aria-label": (i + 1) + " of 5, " + words }, String(i + 1));
      button.addEventListener("click", function () { rate(item, i + 1); });
      group.appendChild(button);
    });
    item.appendChild(group);
    append(item);
  }

  function rate(item, score) {
    api("POST", "/v1/widget/satisfaction", { score: score })
      .then(function () {
        item.textContent = "Thank you for your feedback.";
        input.focus();
      })
      .catch(function () { status.textContent = "Your rating could not be sent. Please try again."; });
  }

  // -- the stream -------------------------------------------------------------------------------
  function onEvent(kind, data) {
    if (kind === "message") add(data);
    else if (kind === "typing" && data.sender !== "customer") showTyping(data.author);
    else if (kind === "resolved") { personHolds = false; askRating(); }
  }

  function listen() {
    if (stream) stream.abort();
    var t = token();
    if (!t || !window.fetch || !window.ReadableStream) return;
    var controller = new AbortController();
    stream = controller;
    var delay = 1000;
    // The id of the last event read: a reconnection sends it, and the server first replays
    // the events of this conversation sent while the stream was down.
    var lastEventId = null;
    function connect() {
      if (controller.signal.aborted) return;
      var headers = { Authorization: "Bearer " + t };
      if (lastEventId) headers["Last-Event-ID"] = lastEventId;
      fetch(BASE + "/v1/widget/events", { headers: headers, signal: controller.signal })
        .then(function (response) {
          if (response.status === 401) { controller.abort(); return; }
          if (!response.ok || !response.body) throw new Error("stream");
          delay = 1000;
          // what happened before the stream was listening, or more than the server still
          // holds to replay (a long time away)
          resync().catch(function () { /* the stream brings what comes next */ });
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
                var kind = "message", data = "", id = null;
                block.split("\n").forEach(function (line) {
                  if (line.indexOf("event:") === 0) kind = line.slice(6).trim();
                  else if (line.indexOf("data:") === 0) data += line.slice(5).trim();
                  else if (line.indexOf("id:") === 0) id = line.slice(3).trim();
                });
                if (data) onEvent(kind, JSON.parse(data));
                if (id) lastEventId = id;
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

  // -- sessions and sending ---------------------------------------------------------------------
  function resync() {
    return api("GET", "/v1/widget/messages").then(function (body) {
      body.messages.forEach(add);
      personHolds = body.held;
      if (body.resolved && !body.rated) askRating();
    });
  }

  function restore() {
    if (!token()) return Promise.resolve();
    return resync()
      .then(listen)
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

  function queue(text) {
    var item = bubble("customer", "You", text, null);
    item.setAttribute("data-state", "sending");
    clearGreeting();
    append(item);
    deliver(item, text, newId());
  }

  function deliver(item, text, clientId) {
    sending = sending.then(function () {
      if (!personHolds) showTyping("Assistant");
      return ensureSession()
        .then(function () { return api("POST", "/v1/widget/messages", { text: text, client_id: clientId }); })
        .then(function (body) { delivered(item, body); })
        .catch(function () { failed(item, text, clientId); });
    });
  }

  function delivered(item, body) {
    item.removeAttribute("data-state");
    item.setAttribute("data-id", body.message.id);
    seen[body.message.id] = true;
    hideTyping();
    if (body.new_conversation) listen();
    body.replies.forEach(add);
    personHolds = body.held;
    if (body.notice) note(body.notice);
  }

  function failed(item, text, clientId) {
    hideTyping();
    item.setAttribute("data-state", "failed");
    var retry = el("button", { type: "button", class: "dpw-retry" }, "Not sent. Retry");
    retry.addEventListener("click", function () {
      item.removeChild(retry);
      item.setAttribute("data-state", "sending");
      deliver(item, text, clientId);
    });
    item.appendChild(retry);
    status.textContent = "Your message could not be sent. Use Retry to send it again.";
  }

  function submit(event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    status.textContent = "";
    queue(text);
    input.focus();
  }

  // -- opening and closing ----------------------------------------------------------------------
  function open() {
    panel.hidden = false;
    root.classList.add("dpw-open");
    launcher.setAttribute("aria-expanded", "true");
    launcherText.textContent = "Close chat";
    unread = 0; updateBadge();
    try { sessionStorage.setItem(OPEN_KEY, "1"); } catch (e) { /* ignore */ }
    log.scrollTop = log.scrollHeight;
    input.focus();
  }

  function hide() {
    panel.hidden = true;
    root.classList.remove("dpw-open");
    launcher.setAttribute("aria-expanded", "false");
    launcherText.textContent = "Chat with us";
    try { sessionStorage.removeItem(OPEN_KEY); } catch (e) { /* ignore */ }
    launcher.focus();
  }

  launcher.addEventListener("click", function () { isOpen() ? hide() : open(); });
  close.addEventListener("click", hide);
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit ? form.requestSubmit() : submit(event); }
  });
  input.addEventListener("input", signalTyping);
  attach.addEventListener("click", function () { picker.click(); });
  picker.addEventListener("change", pickFile);
  form.addEventListener("submit", submit);
  window.addEventListener("pagehide", function () { if (stream) stream.abort(); });

  function mount() {
    document.body.appendChild(root);
    // The configuration first: whether to ask for a rating depends on it.
    api("GET", "/v1/widget/config")
      .then(applyConfig)
      .catch(function () { /* the defaults */ })
      .then(restore)
      .then(function () {
        greet();
        var wasOpen = false;
        try { wasOpen = sessionStorage.getItem(OPEN_KEY) === "1"; } catch (e) { /* ignore */ }
        if (wasOpen) open();
      });
  }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
