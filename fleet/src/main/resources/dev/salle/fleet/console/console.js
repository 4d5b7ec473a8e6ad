// The Salle fleet console: a thin page on the console API (docs/fleet.md). The session token
// lives in sessionStorage for this tab only.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  let token = sessionStorage.getItem("salle-token");
  let devices = [];

  async function api(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: Object.assign({ "Content-Type": "application/json" }, token ? { Authorization: "Bearer " + token } : {}),
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => ({}));
    if (response.status === 401 && path !== "/api/login") {
      sessionStorage.removeItem("salle-token");
      token = null;
      show(false);
    }
    return { status: response.status, json };
  }

  function show(loggedIn) {
    $("login-view").hidden = loggedIn;
    $("app").hidden = !loggedIn;
  }

  function cell(row, text, cls) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    row.appendChild(td);
  }

  async function loadDevices() {
    const site = $("site-filter").value.trim();
    const r = await api("GET", "/api/devices" + (site ? "?site=" + encodeURIComponent(site) : ""));
    if (r.status !== 200) return;
    devices = r.json.devices;
    const body = $("devices").querySelector("tbody");
    body.replaceChildren();
    for (const d of devices) {
      const row = document.createElement("tr");
      row.dataset.device = d.id;
      cell(row, d.id);
      cell(row, d.online ? "online" : "offline" + (d.reason ? " (" + d.reason + ")" : ""), d.online ? "online" : "offline");
      cell(row, d.room || "-");
      cell(row, d.site || "-");
      cell(row, d.version || "-");
      row.addEventListener("click", () => openDevice(d.id));
      body.appendChild(row);
    }
  }

  function para(parent, text, id) {
    const p = document.createElement("p");
    p.textContent = text;
    if (id) p.id = id;
    parent.appendChild(p);
    return p;
  }

  async function openDevice(id) {
    const d = devices.find((x) => x.id === id);
    const panel = $("device-detail");
    panel.replaceChildren();
    const h = document.createElement("h3");
    h.textContent = d.id;
    panel.appendChild(h);
    for (const [k, v] of Object.entries(d)) {
      para(panel, k + ": " + v);
    }
    panel.hidden = false;
    const live = await api("GET", "/api/devices/" + encodeURIComponent(id));
    if (live.status === 200) {
      const health = live.json.health || {};
      const parts = Object.entries(health).map(([k, v]) => k + " " + (v === true ? "ok" : v === false ? "MISSING" : v));
      para(panel, "Health: " + (parts.length ? parts.join(", ")
          : live.json.telemetryAt ? "the device reports no camera, microphone or display state"
          : "no telemetry since the fleet manager started") + (live.json.telemetryAt ? " (at " + live.json.telemetryAt + ")" : ""),
          "device-health");
      const list = document.createElement("ol");
      list.id = "device-events";
      for (const e of live.json.events || []) {
        const li = document.createElement("li");
        li.textContent = e.at + " " + e.type + " " + JSON.stringify(e.details);
        list.appendChild(li);
      }
      panel.appendChild(list);
      const actions = document.createElement("div");
      actions.id = "device-actions";
      const result = para(panel, "", "device-action-result");
      for (const command of ["identify", "join", "leave", "restart"]) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = command[0].toUpperCase() + command.slice(1);
        b.dataset.command = command;
        b.disabled = !d.online;
        b.addEventListener("click", async () => {
          if (command === "restart" && !window.confirm("Restart " + id + "?")) return;
          result.textContent = command + " …";
          const r = await api("POST", "/api/devices/" + encodeURIComponent(id) + "/commands", { command });
          result.textContent = r.status === 200
              ? command + ": " + (r.json.reply.ok ? "done " + JSON.stringify(r.json.reply.result || {}) : "refused: " + r.json.reply.error.message)
              : command + ": " + (r.json.message || "failed");
        });
        actions.appendChild(b);
      }
      panel.insertBefore(actions, result);
    }
    const r = await api("GET", "/api/config/device?id=" + encodeURIComponent(id));
    if (r.status !== 200) return;
    const table = document.createElement("table");
    table.id = "device-config";
    const head = table.createTHead().insertRow();
    ["Key", "Value", "From", "On the device"].forEach((t) => cell(head, t));
    const body = table.createTBody();
    for (const v of r.json.values) {
      const row = body.insertRow();
      cell(row, v.key);
      cell(row, v.value);
      cell(row, v.from);
      cell(row, v.onDevice ? "yes" : "pending");
    }
    const state = document.createElement("p");
    state.id = "device-config-state";
    state.textContent = r.json.error ? "Refused by the device: " + r.json.error
        : r.json.inSync ? "The device has its layered configuration." : "Being sent (or sent when the device is online).";
    panel.append(table, state);
  }

  async function loadLayers() {
    const r = await api("GET", "/api/config");
    if (r.status !== 200) return;
    const body = $("layers").tBodies[0];
    body.replaceChildren();
    for (const v of r.json.layers) {
      const row = body.insertRow();
      cell(row, v.scope);
      cell(row, v.key);
      cell(row, v.value);
      cell(row, v.updatedBy);
    }
  }

  async function loadRollouts() {
    const r = await api("GET", "/api/rollouts");
    if (r.status !== 200) return;
    const body = $("rollouts").querySelector("tbody");
    body.replaceChildren();
    for (const x of r.json.rollouts) {
      const row = document.createElement("tr");
      row.dataset.rollout = x.id;
      cell(row, x.id);
      cell(row, x.version);
      cell(row, x.state + (x.reason ? " (" + x.reason + ")" : ""), "state");
      cell(row, x.wave + "/" + x.waves);
      const td = document.createElement("td");
      const bar = document.createElement("progress");
      bar.max = x.total;
      bar.value = x.succeeded;
      td.appendChild(bar);
      td.appendChild(document.createTextNode(" " + x.succeeded + "/" + x.total));
      row.appendChild(td);
      body.appendChild(row);
    }
  }

  $("login-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const r = await api("POST", "/api/login", { name: $("login-name").value, password: $("login-password").value });
    if (r.status !== 200) {
      $("login-error").textContent = r.json.message || "login failed";
      return;
    }
    token = r.json.token;
    sessionStorage.setItem("salle-token", token);
    $("who").textContent = $("login-name").value + " (" + r.json.role + ")";
    $("login-error").textContent = "";
    show(true);
    refresh();
  });

  $("site-filter").addEventListener("input", loadDevices);

  $("config-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const key = $("config-key").value.trim();
    const value = $("config-value").value;
    const change = value === "" ? { unset: [key] } : { set: { [key]: value } };
    const r = await api("POST", "/api/config", Object.assign({ scope: $("config-scope").value.trim() }, change));
    $("config-error").textContent = r.status === 200 ? "" : (r.json.message || "refused");
    loadLayers();
  });

  $("rollout-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const r = await api("POST", "/api/rollouts", {
      version: $("rollout-version").value.trim(),
      bundleUrl: $("rollout-bundle").value.trim(),
      target: $("rollout-target").value.trim(),
      waves: $("rollout-waves").value.trim(),
      maxFailures: $("rollout-failures").value.trim(),
    });
    $("rollout-error").textContent = r.status === 201 ? "" : (r.json.message || "refused");
    loadRollouts();
  });

  function refresh() {
    loadDevices();
    loadRollouts();
    loadLayers();
  }

  show(!!token);
  if (token) refresh();
  setInterval(() => { if (token) loadRollouts(); }, 1000);
})();
