// DeskPilot agent console: live updates (server-sent events), SLA countdowns, suggestion buttons,
// visible (and, when allowed, notified and audible) SLA alerts and new assignments, and the
// presence heartbeat.
// Every page works without this script; it only saves reloads and keeps the agent reachable.
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("live-status");
    if (region) { region.textContent = ""; setTimeout(function () { region.textContent = text; }, 50); }
  }

  var HEARTBEAT_MS = 30000;

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : null;
  }

  // The console is open: without this for the presence timeout, routing passes the agent by.
  // From a case page it also says which case is open, and shows who else has it open.
  function heartbeat() {
    var token = csrf();
    if (!token) return;
    var page = document.querySelector("[data-case-id].case");
    var body = "csrf_token=" + encodeURIComponent(token);
    if (page) body += "&case_id=" + encodeURIComponent(page.dataset.caseId);
    fetch("/console/heartbeat", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: body
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || !page) return;
        viewers = data.others || [];
        (data.typing || []).forEach(function (name) { colleagueTyping(name, false); });
        showColleagues();
      })
      .catch(function () { /* offline for a moment: the next beat tries again */ });
  }

  // Two agents on one case: the colleagues who have it open (from the heartbeats) and those
  // typing a reply (from their reply box's signals, forgotten after TYPING_SHOWN without one).
  var TYPING_EVERY = 3000;  // ms between two signals of this agent's typing
  var TYPING_SHOWN = 6000;  // ms a colleague stays "typing" without a new signal
  var viewers = [];
  var typists = {};

  function names(list) { return list.join(", ") + (list.length === 1 ? " is" : " are"); }

  function showColleagues() {
    var box = document.getElementById("collision");
    if (!box) return;
    var typing = Object.keys(typists).sort();
    var viewing = viewers.filter(function (name) { return typing.indexOf(name) < 0; });
    var said = [];
    if (typing.length) said.push(names(typing) + " typing a reply…");
    if (viewing.length) said.push(names(viewing) + " also viewing this case: check before you reply.");
    var text = said.join(" ");
    if (!text) { box.hidden = true; box.textContent = ""; return; }
    if (box.textContent !== text) { box.textContent = text; announce(text); }
    box.hidden = false;
  }

  function colleagueTyping(name, show) {
    clearTimeout(typists[name]);
    typists[name] = setTimeout(function () { colleagueStopped(name); }, TYPING_SHOWN);
    if (show) showColleagues();
  }

  function colleagueStopped(name) {
    if (!(name in typists)) return;
    clearTimeout(typists[name]);
    delete typists[name];
    showColleagues();
  }

  // The customer typing in the widget (its signals come at most every 3 seconds).
  var customerTimer = null;

  function customerTyping(typing) {
    var line = document.getElementById("customer-typing");
    if (!line) return;
    clearTimeout(customerTimer);
    line.textContent = typing ? "The customer is typing…" : "";
    line.hidden = !typing;
    if (typing) customerTimer = setTimeout(function () { customerTyping(false); }, TYPING_SHOWN);
  }

  // This agent's reply box tells the colleagues and the customer, at most every TYPING_EVERY.
  function setUpTypingSignal() {
    var page = document.querySelector("[data-case-id].case");
    var box = document.getElementById("reply-text");
    if (!page || !box) return;
    var last = 0;
    box.addEventListener("input", function () {
      var now = Date.now(), token = csrf();
      if (!token || !box.value.trim() || now - last < TYPING_EVERY) return;
      last = now;
      fetch("/v1/agent/cases/" + encodeURIComponent(page.dataset.caseId) + "/typing", {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": token }
      }).catch(function () { /* only a hint */ });
    });
  }

  function chime() {
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (!Ctx) return;
    try {
      var ctx = new Ctx(), osc = ctx.createOscillator(), gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.08;
      osc.connect(gain); gain.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + 0.25);
    } catch (e) { /* no sound allowed before a click: the banner still shows */ }
  }

  function slaText(data) {
    var target = (data.target || "SLA").replace(/_/g, " ");
    var what = data.alert === "sla_warning" ? " is close to breaching" : " breached";
    return "Case " + data.case_id + ": " + target + what;
  }

  // A visible, dismissible banner (not only the screen-reader region), a browser notification
  // when the agent allowed them, and a short tone: for an SLA alert, and for a case given to
  // the agent (by routing, a supervisor or the SLA) rather than taken by them.
  function showAlert(data) {
    var text = slaText(data);
    notice(text, data.case_id, data.alert === "sla_warning" ? "alert-warning" : "alert-breach",
      "DeskPilot SLA alert", "sla-");
  }

  function me() {
    var meta = document.querySelector('meta[name="console-user"]');
    return meta ? meta.getAttribute("content") : null;
  }

  function showAssigned(data) {
    var user = me();
    if (!user || data.agent !== user || data.by === "agent:" + user) return;
    var by = data.by === "router" ? "routing" : data.by === "sla" ? "the SLA policy" : data.by.replace(/^agent:/, "");
    notice("Case " + data.case_id + " was assigned to you by " + by, data.case_id, "alert-assigned",
      "DeskPilot: a new case for you", "assigned-");
  }

  function notice(text, caseId, kind, heading, tag) {
    var box = document.getElementById("alerts");
    if (box) {
      var item = document.createElement("div");
      item.className = "alert " + kind;
      var link = document.createElement("a");
      link.href = "/console/cases/" + encodeURIComponent(caseId);
      link.textContent = text;
      var close = document.createElement("button");
      close.type = "button";
      close.className = "link";
      close.textContent = "Dismiss";
      close.setAttribute("aria-label", "Dismiss: " + text);
      close.addEventListener("click", function () { item.remove(); });
      item.appendChild(link);
      item.appendChild(close);
      box.prepend(item);
    }
    if (window.Notification && Notification.permission === "granted") {
      try { new Notification(heading, { body: text, tag: tag + caseId }); } catch (e) { /* ignored */ }
    }
    chime();
  }

  function span(seconds) {
    var s = Math.abs(Math.round(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    if (h) return h + "h " + String(m).padStart(2, "0") + "m";
    return m ? m + "m " + String(r).padStart(2, "0") + "s" : r + "s";
  }

  function tickCountdowns() {
    var now = Date.now();
    document.querySelectorAll("[data-breach-at]").forEach(function (el) {
      var left = (Date.parse(el.dataset.breachAt) - now) / 1000;
      var target = el.dataset.target || "SLA";
      el.classList.remove("sla-running", "sla-soon", "sla-breached");
      if (left <= 0) {
        el.textContent = target + " breached " + span(left) + " ago";
        el.classList.add("sla-breached");
      } else {
        el.textContent = target + " due in " + span(left);
        el.classList.add(left < 900 ? "sla-soon" : "sla-running");
      }
    });
  }

  function refresh(id) {
    var box = document.getElementById(id);
    if (!box || !box.dataset.fragment) return Promise.resolve();
    return fetch(box.dataset.fragment, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        box.innerHTML = html;
        if (id === "transcript") {
          var list = box.querySelector(".transcript");
          if (list) list.scrollTop = list.scrollHeight;
        }
        tickCountdowns();
      });
  }

  function listen() {
    if (!window.EventSource) return;
    var page = document.querySelector("[data-case-id].case");
    var caseId = page ? page.dataset.caseId : null;
    var source = new EventSource("/console/events");
    var pending = null;
    function queueRefresh() {
      if (pending) return;
      pending = setTimeout(function () { pending = null; refresh("queue"); refresh("health"); }, 150);
    }
    function onCase(ev) {
      var data = JSON.parse(ev.data);
      queueRefresh();
      if (ev.type === "case" && data.reason === "assigned") showAssigned(data);
      if (caseId && data.case_id === caseId) {
        refresh("transcript");
        if (ev.type === "message") announce("New message in this case");
        if (ev.type === "message" && data.author) colleagueStopped(data.author);
        if (ev.type === "message" && !data.author) customerTyping(false);
      }
    }
    ["case", "message", "draft", "sla"].forEach(function (kind) { source.addEventListener(kind, onCase); });
    // (Re)connected: who has the case open now, for a colleague who opened it while the
    // stream was not yet (or no longer) listening and whose "viewing" went by unseen.
    source.addEventListener("open", function () { if (caseId) heartbeat(); });
    source.addEventListener("viewing", function (ev) {
      var data = JSON.parse(ev.data);
      if (caseId && data.case_id === caseId) heartbeat();  // a colleague just opened it
    });
    source.addEventListener("typing", function (ev) {
      var data = JSON.parse(ev.data);
      if (!caseId || data.case_id !== caseId) return;
      if (data.sender === "customer") customerTyping(true);
      else if (data.sender === "agent" && data.agent !== me()) colleagueTyping(data.author, true);
    });
    source.addEventListener("sla", function (ev) {
      var data = JSON.parse(ev.data);
      if (data.alert !== "sla_warning" && data.alert !== "sla_breached") return;
      showAlert(data);
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  // Keyboard shortcuts (the "?" dialog lists them); never while typing or with a modifier.
  var GO = { q: "/console/queue", m: "/console/views/mine", u: "/console/views/unassigned", b: "/console/views/breached" };
  var pendingG = false;

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function toggleHelp() {
    var help = document.getElementById("shortcuts");
    if (!help || !help.showModal) return;
    if (help.open) help.close(); else help.showModal();
  }

  function focusField(id) {
    var field = document.getElementById(id);
    if (field) { field.focus(); return true; }
    return false;
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    var help = document.getElementById("shortcuts");
    if (help && help.open && ev.key !== "?") return;  // the dialog handles Escape itself
    var handled = true;
    if (pendingG) {
      pendingG = false;
      if (GO[ev.key]) window.location.assign(GO[ev.key]); else handled = false;
    } else if (ev.key === "?") toggleHelp();
    else if (ev.key === "/") handled = focusField("top-search");
    else if (ev.key === "g") pendingG = true;
    else if (ev.key === "r") handled = focusField("reply-text");
    else if (ev.key === "n") handled = focusField("note-text");
    else if (ev.key === "t") {
      var take = document.getElementById("take-case");
      if (take) take.click(); else handled = false;
    } else handled = false;
    if (handled) ev.preventDefault();
  });

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest("[data-fill]");
    if (!button) return;
    var field = document.querySelector(button.dataset.fill);
    if (field) { field.value = button.dataset.text; field.focus(); }
  });

  // Saved replies: "Insert" puts the chosen one (already filled for the case) at the cursor;
  // in the reply box, "/name" then Tab expands it (Tab otherwise moves focus as usual).
  function savedText(name) {
    var picker = document.getElementById("saved-reply");
    if (!picker) return null;
    for (var i = 0; i < picker.options.length; i++) {
      if (picker.options[i].value && picker.options[i].value === name) {
        return picker.options[i].dataset.text;
      }
    }
    return null;
  }

  function insertAt(field, start, end, text) {
    field.value = field.value.slice(0, start) + text + field.value.slice(end);
    var at = start + text.length;
    field.setSelectionRange(at, at);
    field.focus();
  }

  function setUpSavedReplies() {
    var picker = document.getElementById("saved-reply");
    var button = document.getElementById("insert-saved");
    if (!picker || !button) return;
    var field = document.querySelector(picker.dataset.into);
    if (!field) return;
    button.addEventListener("click", function () {
      var text = savedText(picker.value);
      if (text === null) { picker.focus(); return; }
      insertAt(field, field.selectionStart, field.selectionEnd, text);
      announce("Saved reply inserted");
    });
    field.addEventListener("keydown", function (ev) {
      if (ev.key !== "Tab" || ev.shiftKey) return;
      var before = field.value.slice(0, field.selectionStart);
      var typed = /(^|\s)\/([a-z0-9_-]+)$/.exec(before);
      var text = typed ? savedText(typed[2]) : null;
      if (text === null) return;
      ev.preventDefault();
      insertAt(field, field.selectionStart - typed[2].length - 1, field.selectionEnd, text);
      announce("Saved reply inserted");
    });
  }

  // The supervisor page: a case's row dropped on an agent's row gives it to them, through the
  // same form as "Assign selected" (routing's skills and capacity hold; the next page says
  // what happened). The agents' table is redrawn live, so the listeners sit on the document.
  var CASE_TYPE = "application/x-deskpilot-case";

  function agentRow(ev) {
    var row = ev.target.closest ? ev.target.closest("tr[data-agent]") : null;
    return row && ev.dataTransfer && Array.prototype.indexOf.call(ev.dataTransfer.types, CASE_TYPE) >= 0 ? row : null;
  }

  function give(caseId, agent) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = "/console/supervisor/assign";
    [["csrf_token", csrf()], ["case_id", caseId], ["agent", agent]].forEach(function (pair) {
      var field = document.createElement("input");
      field.type = "hidden"; field.name = pair[0]; field.value = pair[1];
      form.appendChild(field);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function setUpDragAssign() {
    if (!document.getElementById("bulk-form")) return;
    document.addEventListener("dragstart", function (ev) {
      var row = ev.target.closest ? ev.target.closest("tr[data-case-id][draggable]") : null;
      if (!row) return;
      ev.dataTransfer.setData(CASE_TYPE, row.dataset.caseId);
      ev.dataTransfer.effectAllowed = "move";
      row.classList.add("dragging");
    });
    document.addEventListener("dragend", function (ev) {
      if (ev.target.classList) ev.target.classList.remove("dragging");
    });
    document.addEventListener("dragover", function (ev) {
      var row = agentRow(ev);
      if (!row) return;
      ev.preventDefault();
      ev.dataTransfer.dropEffect = "move";
      row.classList.add("drop-target");
    });
    document.addEventListener("dragleave", function (ev) {
      var row = agentRow(ev);
      if (row && !row.contains(ev.relatedTarget)) row.classList.remove("drop-target");
    });
    document.addEventListener("drop", function (ev) {
      var row = agentRow(ev);
      if (!row) return;
      ev.preventDefault();
      row.classList.remove("drop-target");
      give(ev.dataTransfer.getData(CASE_TYPE), row.dataset.agent);
    });
  }

  // A file bigger than the workspace accepts is refused before it is sent (the server would
  // answer 413 without reading it, as a bare error rather than the case page).
  function setUpFileLimits() {
    document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      input.addEventListener("change", function () {
        var most = Number(input.dataset.maxBytes), file = input.files && input.files[0];
        input.setCustomValidity(file && file.size > most
          ? file.name + " is too large: files of at most " + most + " bytes are accepted." : "");
        input.reportValidity();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpSavedReplies();
    setUpTypingSignal();
    setUpFileLimits();
    setUpDragAssign();
    tickCountdowns();
    setInterval(tickCountdowns, 1000);
    var list = document.querySelector("#transcript .transcript");
    if (list) list.scrollTop = list.scrollHeight;
    listen();
    heartbeat();
    setInterval(heartbeat, HEARTBEAT_MS);
    var shortcuts = document.getElementById("show-shortcuts");
    if (shortcuts) shortcuts.addEventListener("click", toggleHelp);
    var ask = document.getElementById("notify-me");
    if (ask && window.Notification && Notification.permission === "default") {
      ask.hidden = false;
      ask.addEventListener("click", function () {
        Notification.requestPermission().then(function () { ask.hidden = true; });
      });
    }
  });
})();
