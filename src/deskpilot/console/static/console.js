// DeskPilot agent console: live updates (server-sent events), SLA countdowns, suggestion buttons.
// Every page works without this script; it only saves reloads.
(function () {
  "use strict";

  function announce(text) {
    var region = document.getElementById("live-status");
    if (region) { region.textContent = ""; setTimeout(function () { region.textContent = text; }, 50); }
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
      pending = setTimeout(function () { pending = null; refresh("queue"); }, 150);
    }
    function onCase(ev) {
      var data = JSON.parse(ev.data);
      queueRefresh();
      if (caseId && data.case_id === caseId) {
        refresh("transcript");
        if (ev.type === "message") announce("New message in this case");
      }
    }
    ["case", "message", "draft", "sla"].forEach(function (kind) { source.addEventListener(kind, onCase); });
    source.addEventListener("sla", function (ev) {
      var data = JSON.parse(ev.data);
      announce("SLA " + (data.target || "") + " alert on case " + data.case_id);
    });
    window.addEventListener("pagehide", function () { source.close(); });
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest("[data-fill]");
    if (!button) return;
    var field = document.querySelector(button.dataset.fill);
    if (field) { field.value = button.dataset.text; field.focus(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    tickCountdowns();
    setInterval(tickCountdowns, 1000);
    var list = document.querySelector("#transcript .transcript");
    if (list) list.scrollTop = list.scrollHeight;
    listen();
  });
})();
