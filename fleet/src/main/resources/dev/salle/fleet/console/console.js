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
    if (response.status === 401 && path !== "/api/login") loggedOut();
    return { status: response.status, json };
  }

  function loggedOut() {
    sessionStorage.removeItem("salle-token");
    token = null;
    show(false);
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

  function clock(date) {
    return date.toTimeString().slice(0, 8);
  }

  // ---- the device table: filtered on the server, polled so that it stays live ----

  const FILTERS = { site: "site-filter", room: "room-filter", version: "version-filter", state: "state-filter", health: "health-filter" };
  let devicesRequest = 0;
  let knownShown = null;
  const rowsById = new Map(); // device id → its table row, kept across polls
  const PAGE_SIZE = 100; // rows per page: the server sends only these, however large the fleet
  let devicesOffset = 0;

  function filterQuery() {
    const q = new URLSearchParams();
    for (const [name, input] of Object.entries(FILTERS)) {
      const v = $(input).value.trim();
      if (v) q.set(name, v);
    }
    if (devicesOffset > 0) q.set("offset", String(devicesOffset));
    q.set("limit", String(PAGE_SIZE));
    return "?" + q.toString();
  }

  function fillList(id, values) {
    const list = $(id);
    list.replaceChildren(...values.map((v) => Object.assign(document.createElement("option"), { value: v })));
  }

  async function loadDevices() {
    const mine = ++devicesRequest;
    const r = await api("GET", "/api/devices" + filterQuery());
    if (mine !== devicesRequest) return; // a newer request (other filters) is under way
    if (r.status !== 200) {
      $("devices-error").textContent = r.json.message || "the device list cannot be loaded (" + r.status + ")";
      $("devices").querySelector("tbody").replaceChildren();
      rowsById.clear();
      $("devices-count").textContent = "";
      return;
    }
    $("devices-error").textContent = "";
    $("devices-updated").textContent = "updated " + clock(new Date());
    devices = r.json.devices;
    if (devices.length === 0 && r.json.offset > 0 && r.json.matched > 0) { // the page emptied (devices left the filter)
      devicesOffset = Math.floor((r.json.matched - 1) / PAGE_SIZE) * PAGE_SIZE;
      return loadDevices();
    }
    const first = devices.length ? r.json.offset + 1 : 0;
    $("devices-count").textContent = (r.json.matched > devices.length
        ? first + "–" + (r.json.offset + devices.length) + " of " + r.json.matched + " matching"
        : devices.length + " matching") + " (" + r.json.total + " devices)";
    $("devices-prev").disabled = r.json.offset === 0;
    $("devices-next").disabled = r.json.offset + devices.length >= r.json.matched;
    const known = JSON.stringify(r.json.known);
    if (known !== knownShown) { // replacing the suggestions while someone types in a filter would flicker
      knownShown = known;
      fillList("known-sites", r.json.known.sites);
      fillList("known-rooms", r.json.known.rooms);
      fillList("known-versions", r.json.known.versions);
    }
    // Rows are kept by device and their cells updated in place, never rebuilt: the answer changes at
    // every poll ("at", "lastSeen"), and a row replaced between a mouse's press and release gets no click.
    const rows = devices.map(deviceRow);
    const ids = new Set(devices.map((d) => d.id));
    for (const id of rowsById.keys()) if (!ids.has(id)) rowsById.delete(id);
    const body = $("devices").querySelector("tbody");
    if (rows.length !== body.children.length || rows.some((row, i) => body.children[i] !== row)) body.replaceChildren(...rows);
  }

  /** The table row of a device: made once (with its click), its cells brought up to date. */
  function deviceRow(d) {
    let row = rowsById.get(d.id);
    if (!row) {
      row = document.createElement("tr");
      row.dataset.device = d.id;
      for (let i = 0; i < 7; i++) row.appendChild(document.createElement("td"));
      row.addEventListener("click", () => openDevice(d.id));
      rowsById.set(d.id, row);
    }
    const h = d.health || { status: "unknown", problems: [] };
    const cells = [
      [d.id, ""],
      [d.online ? "online" : "offline" + (d.reason ? " (" + d.reason + ")" : ""), d.online ? "online" : "offline"],
      [d.online && d.call ? d.call : "-", ""],
      [h.status + (h.problems.length ? ": " + h.problems.join(", ") : "") + (h.lastKnown ? " (last known, " + age(h.lastKnown.ageSeconds)
          + " ago)" : ""), h.status === "problem" ? "problem" : (h.lastKnown ? "stale" : "")],
      [d.room || "-", ""], [d.site || "-", ""], [d.version || "-", ""]];
    cells.forEach(([text, cls], i) => {
      const td = row.cells[i];
      if (td.textContent !== text) td.textContent = text;
      if (td.className !== cls) td.className = cls;
    });
    return row;
  }

  // ---- the device page: built once when opened, its live parts refreshed by the poll ----

  let openId = null;
  let logsUrl = null;

  function para(parent, text, id) {
    const p = document.createElement("p");
    p.textContent = text;
    if (id) p.id = id;
    parent.appendChild(p);
    return p;
  }

  function element(parent, tag, props) {
    const e = Object.assign(document.createElement(tag), props || {});
    parent.appendChild(e);
    return e;
  }

  function showFields(d) {
    const fields = $("device-fields");
    fields.replaceChildren();
    for (const [k, v] of Object.entries(d)) {
      if (v !== null && typeof v === "object") continue; // health, telemetry and events have their own lines
      if (k === "telemetryAt") continue;
      para(fields, k + ": " + v);
    }
  }

  function commandPath(id) {
    return "/api/devices/" + encodeURIComponent(id) + "/commands";
  }

  function failure(r, command) {
    if (r.status !== 200) return command + ": " + (r.json.message || "failed (" + r.status + ")");
    return command + ": refused by the device: " + r.json.reply.error.message;
  }

  /** A number of seconds in words: 45 s, 12 min, 3 h, 2 d. */
  function age(seconds) {
    if (seconds < 120) return seconds + " s";
    if (seconds < 7200) return Math.round(seconds / 60) + " min";
    if (seconds < 172800) return Math.round(seconds / 3600) + " h";
    return Math.round(seconds / 86400) + " d";
  }

  /** One part of a device's health in words: a peripheral, the CPU, the network link, the call's quality. */
  function describePart(k, v) {
    if (v === true) return k + " ok";
    if (v === false) return k + " MISSING";
    if (k === "network" && v && typeof v === "object") {
      if (v.defaultRoute === false) return "network: NO DEFAULT ROUTE";
      return "network " + (v.interface || "?") + (v.kind === "wifi" ? " (Wi-Fi)" : "") + " " + (v.up === false ? "DOWN" : "up")
          + (v.speedMbps ? " " + v.speedMbps + " Mb/s" : "")
          + (v.rxErrors || v.txErrors ? ", " + (v.rxErrors || 0) + "/" + (v.txErrors || 0) + " rx/tx errors" : "");
    }
    if (k === "callQuality" && v && typeof v === "object") {
      const figures = [];
      if (v.rttMs !== undefined) figures.push(v.rttMs + " ms round trip");
      if (v.sendLossPercent !== undefined) figures.push(v.sendLossPercent + " % lost sending");
      if (v.receiveLossPercent !== undefined) figures.push(v.receiveLossPercent + " % lost receiving");
      if (v.sendJitterMs !== undefined) figures.push(v.sendJitterMs + " ms jitter");
      return "call quality " + String(v.rating).toUpperCase() + (figures.length ? " (" + figures.join(", ") + ")" : "");
    }
    return k + " " + v;
  }

  async function refreshDevice(id) {
    const live = await api("GET", "/api/devices/" + encodeURIComponent(id));
    if (live.status !== 200 || openId !== id) return;
    const d = live.json;
    showFields(d);
    const health = d.health || { status: "unknown", problems: [] };
    const parts = Object.entries(health).filter(([k]) => k !== "status" && k !== "problems" && k !== "lastKnown")
        .map(([k, v]) => describePart(k, v));
    $("device-health").textContent = "Health: " + health.status + (parts.length ? " (" + parts.join(", ") + ")"
        : d.telemetryAt ? " (the device reports no camera, microphone or display state)"
        : " (no telemetry yet)") + (d.telemetryAt ? " at " + d.telemetryAt : "")
        + (health.lastKnown ? ", last known from before the fleet manager restarted, " + age(health.lastKnown.ageSeconds) + " ago" : "");
    $("device-health").className = health.status === "problem" ? "problem" : "";
    const list = $("device-events");
    list.replaceChildren();
    for (const e of d.events || []) {
      element(list, "li", { textContent: e.at + " " + e.type + " " + JSON.stringify(e.details) });
    }
    for (const b of $("device-detail").querySelectorAll("button[data-command]")) {
      b.disabled = !d.online;
    }
  }

  function actionButtons(panel, id, d) {
    const actions = element(panel, "div", { id: "device-actions" });
    const result = para(panel, "", "device-action-result");
    for (const command of ["identify", "join", "leave", "restart"]) {
      const b = element(actions, "button", { type: "button", textContent: command[0].toUpperCase() + command.slice(1), disabled: !d.online });
      b.dataset.command = command;
      b.addEventListener("click", async () => {
        if (command === "restart" && !window.confirm("Restart " + id + "?")) return;
        result.textContent = command + " …";
        const r = await api("POST", commandPath(id), { command });
        result.textContent = r.status === 200 && r.json.reply.ok
            ? command + ": done " + JSON.stringify(r.json.reply.result || {}) : failure(r, command);
      });
    }
  }

  function screenSection(panel, id, d) {
    element(panel, "h4", { textContent: "Screen" });
    const b = element(panel, "button", { type: "button", id: "device-screen-refresh", textContent: "Refresh screen", disabled: !d.online });
    b.dataset.command = "snapshot";
    const result = para(panel, "Press Refresh screen to see what the room's screen shows (operators only).", "device-screen-result");
    const img = element(panel, "img", { id: "device-screen", alt: "the screen of " + id, hidden: true });
    b.addEventListener("click", async () => {
      result.textContent = "snapshot …";
      const r = await api("POST", commandPath(id), { command: "snapshot" });
      if (openId !== id) return;
      if (r.status === 200 && r.json.reply.ok) {
        const s = r.json.reply.result;
        img.src = "data:image/jpeg;base64," + s.jpeg;
        img.hidden = false;
        result.textContent = "The screen at " + clock(new Date()) + " (" + s.width + "×" + s.height + " of " + s.screenWidth + "×" + s.screenHeight + ")";
      } else {
        result.textContent = failure(r, "snapshot");
      }
    });
  }

  function logsSection(panel, id, d) {
    element(panel, "h4", { textContent: "Logs" });
    const label = element(panel, "label", { textContent: "Lines " });
    const lines = element(label, "input", { id: "device-log-lines", type: "number", min: 1, max: 500, value: 200 });
    const b = element(panel, "button", { type: "button", id: "device-collect-logs", textContent: "Collect logs", disabled: !d.online });
    b.dataset.command = "collect-logs";
    const result = para(panel, "", "device-logs-result");
    const download = element(panel, "a", { id: "device-logs-download", textContent: "Download", hidden: true });
    const pre = element(panel, "pre", { id: "device-logs", hidden: true });
    b.addEventListener("click", async () => {
      result.textContent = "collect-logs …";
      const r = await api("POST", commandPath(id), { command: "collect-logs", args: { lines: Number(lines.value) } });
      if (openId !== id) return;
      if (r.status !== 200 || !r.json.reply.ok) {
        result.textContent = failure(r, "collect-logs");
        return;
      }
      const got = r.json.reply.result;
      const text = got.lines.join("\n");
      pre.textContent = text;
      pre.hidden = false;
      result.textContent = got.lines.length + " lines at " + clock(new Date())
          + (got.cut ? "; " + got.cut + " older lines were cut to fit the reply" : "");
      if (logsUrl) URL.revokeObjectURL(logsUrl);
      logsUrl = URL.createObjectURL(new Blob([text + "\n"], { type: "text/plain" }));
      download.href = logsUrl;
      download.download = id + "-logs.txt";
      download.hidden = false;
    });
  }

  async function openDevice(id) {
    const d = devices.find((x) => x.id === id) || { id };
    openId = id;
    const panel = $("device-detail");
    panel.replaceChildren();
    element(panel, "h3", { textContent: d.id });
    element(panel, "div", { id: "device-fields" });
    showFields(d);
    para(panel, "Health: …", "device-health");
    element(panel, "ol", { id: "device-events" });
    actionButtons(panel, id, d);
    screenSection(panel, id, d);
    logsSection(panel, id, d);
    panel.hidden = false;
    await refreshDevice(id);
    const r = await api("GET", "/api/config/device?id=" + encodeURIComponent(id));
    if (r.status !== 200 || openId !== id) return;
    element(panel, "h4", { textContent: "Configuration" });
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

  // ---- hosted bundles: listed, uploaded, and chosen for a rollout; rows and options kept across polls ----

  const bundleRows = new Map(); // sha256 → its table row
  let hosted = []; // the last answer's bundles
  let maxUpload = 0;
  const URL_HINT = $("rollout-bundle").placeholder;

  function mib(bytes) {
    return (bytes / 1048576).toFixed(1) + " MiB";
  }

  async function loadBundles() {
    const r = await api("GET", "/api/bundles");
    if (r.status !== 200) {
      $("bundles-served").textContent = r.json.message || "the hosted bundles cannot be loaded (" + r.status + ")";
      return;
    }
    const b = r.json;
    hosted = b.bundles.slice().reverse(); // newest first
    maxUpload = b.maxUploadBytes;
    const served = (b.served ? "Served to devices at " + b.servedAt
        : "Not served yet: the fleet manager has not started its bundle server on this folder")
        + ". Uploads of up to " + mib(b.maxUploadBytes) + ", "
        + (b.signatureChecked ? "signed by a release key of this fleet." : "their signature checked by the devices only.");
    if ($("bundles-served").textContent !== served) $("bundles-served").textContent = served;
    const rows = hosted.map(bundleRow);
    const shas = new Set(hosted.map((x) => x.sha256));
    for (const sha of bundleRows.keys()) if (!shas.has(sha)) bundleRows.delete(sha);
    const body = $("bundles").tBodies[0];
    if (rows.length !== body.children.length || rows.some((row, i) => body.children[i] !== row)) body.replaceChildren(...rows);
    hostedOptions();
  }

  function bundleRow(x) {
    let row = bundleRows.get(x.sha256);
    if (!row) {
      row = document.createElement("tr");
      row.dataset.bundle = x.sha256;
      for (let i = 0; i < 7; i++) row.appendChild(document.createElement("td"));
      row.cells[0].title = x.sha256;
      bundleRows.set(x.sha256, row);
    }
    const texts = [x.sha256.slice(0, 12), x.version + (x.rollback ? " (rollback)" : ""), x.target, mib(x.size),
      x.signed.slice(0, 19).replace("T", " "), x.releaseKey,
      x.rollouts.length ? x.rollouts.map((u) => u.id + " (" + u.state + ")").join(", ") : "-"];
    texts.forEach((text, i) => {
      if (row.cells[i].textContent !== text) row.cells[i].textContent = text;
    });
    return row;
  }

  /** The rollout form's choice of hosted bundles: an option per bundle, replaced only when the list changes. */
  function hostedOptions() {
    const select = $("rollout-hosted");
    const none = select.options[0];
    const wanted = hosted.map((x) => x.sha256);
    const current = Array.from(select.options).slice(1).map((o) => o.value);
    if (wanted.join() !== current.join()) {
      const chosen = select.value;
      select.replaceChildren(none, ...hosted.map((x) => Object.assign(document.createElement("option"),
          { value: x.sha256, textContent: x.version + " for " + x.target + " (" + x.sha256.slice(0, 12) + ")" })));
      select.value = wanted.includes(chosen) ? chosen : "";
    }
    hostedChosen();
  }

  /** A hosted bundle fixes the version (its manifest's) and the address (the fleet's); none leaves both to type. */
  function hostedChosen() {
    const chosen = hosted.find((x) => x.sha256 === $("rollout-hosted").value);
    const version = $("rollout-version");
    const url = $("rollout-bundle");
    if (chosen) {
      version.value = chosen.version;
      version.readOnly = true;
      url.value = "";
      url.disabled = true;
      url.placeholder = chosen.url ? "hosted by the fleet" : "not served yet";
    } else if (version.readOnly) {
      version.readOnly = false;
      version.value = "";
      url.disabled = false;
      url.placeholder = URL_HINT;
    }
  }

  $("rollout-hosted").addEventListener("change", hostedChosen);

  $("bundle-upload-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const file = $("bundle-file").files[0];
    const result = $("bundle-upload-result");
    const bar = $("bundle-upload-progress");
    if (!file) return;
    if (maxUpload && file.size > maxUpload) {
      result.className = "error";
      result.textContent = file.name + " is " + mib(file.size) + ", more than the " + mib(maxUpload) + " the fleet takes";
      return;
    }
    result.className = "";
    result.textContent = "uploading " + file.name + "…";
    bar.max = Math.max(file.size, 1);
    bar.value = 0;
    bar.hidden = false;
    $("bundle-upload").disabled = true;
    // XMLHttpRequest rather than fetch: its upload events show the progress of a file of a few hundred MiB
    const xhr = new XMLHttpRequest();
    const done = (text, failed) => {
      bar.hidden = true;
      $("bundle-upload").disabled = false;
      result.className = failed ? "error" : "";
      result.textContent = text;
    };
    xhr.upload.addEventListener("progress", (p) => {
      if (!p.lengthComputable) return;
      bar.max = p.total;
      bar.value = p.loaded;
      result.textContent = "uploading " + file.name + "… " + Math.floor(100 * p.loaded / Math.max(p.total, 1)) + " %";
    });
    xhr.upload.addEventListener("load", () => { result.textContent = "checking " + file.name + "…"; });
    xhr.addEventListener("load", () => {
      let json = {};
      try {
        json = JSON.parse(xhr.responseText);
      } catch (_) { /* not JSON: the status says enough */ }
      if (xhr.status === 401) loggedOut();
      if (xhr.status !== 201) {
        done(file.name + ": " + (json.message || "the upload failed (" + xhr.status + ")"), true);
        return;
      }
      $("bundle-file").value = "";
      done("Hosted " + json.version + " for " + json.target + " as " + json.sha256.slice(0, 12) + " ("
          + (json.signatureChecked ? "signature checked" : "signature left to the devices") + ")", false);
      loadBundles();
    });
    xhr.addEventListener("error", () => done(file.name + ": the upload broke off (the connection closed)", true));
    xhr.open("POST", "/api/bundles");
    xhr.setRequestHeader("Authorization", "Bearer " + token);
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.send(file);
  });

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

  const filtersChanged = () => { devicesOffset = 0; loadDevices(); };
  $("devices-prev").addEventListener("click", () => { devicesOffset = Math.max(0, devicesOffset - PAGE_SIZE); loadDevices(); });
  $("devices-next").addEventListener("click", () => { devicesOffset += PAGE_SIZE; loadDevices(); });
  for (const input of Object.values(FILTERS)) {
    $(input).addEventListener("input", filtersChanged);
    $(input).addEventListener("change", filtersChanged);
  }
  $("device-filters").addEventListener("submit", (e) => { e.preventDefault(); loadDevices(); });

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
    const bundle = $("rollout-hosted").value;
    const request = {
      version: $("rollout-version").value.trim(),
      target: $("rollout-target").value.trim(),
      waves: $("rollout-waves").value.trim(),
      maxFailures: $("rollout-failures").value.trim(),
    };
    if (bundle) request.bundle = bundle; // the fleet gives the address; the version is checked against the bundle's
    else request.bundleUrl = $("rollout-bundle").value.trim();
    const r = await api("POST", "/api/rollouts", request);
    $("rollout-error").textContent = r.status === 201 ? "" : (r.json.message || "refused");
    loadRollouts();
    if (bundle) loadBundles();
  });

  function refresh() {
    loadDevices();
    loadRollouts();
    loadLayers();
    loadBundles();
  }

  show(!!token);
  if (token) refresh();
  setInterval(() => { if (token) loadRollouts(); }, 1000);
  setInterval(() => { if (token && !document.hidden) loadBundles(); }, 5000); // what uses each bundle, and other uploads
  // live: the registry changes as devices come and go; a poll keeps the Bearer token (an EventSource cannot send it)
  setInterval(() => {
    if (!token || document.hidden) return;
    loadDevices();
    if (openId && !$("device-detail").hidden) refreshDevice(openId);
  }, 3000);
})();
