/* The offline check-in page (onsite/offline/page_views.py): the phone enrols with the server, keeps the day's
   roster in IndexedDB, checks people in, marks attendance and registers walk-ins there without network, each
   as a queued item with its own id and scan time, and sends the queue in batches whenever the network is
   there (the `online` event, every few seconds, the button). The server answers each item exactly once; a
   revoked or expired phone is told to wipe, and does. The camera is checkin.js's, which submits the form. */
(function () {
  "use strict";
  var root = document.getElementById("offline");
  if (!root || !window.indexedDB || !window.QafilaFold) return;
  var W = JSON.parse(document.getElementById("offline-words").textContent);
  var fold = window.QafilaFold.fold, foldCompact = window.QafilaFold.foldCompact;
  var NAME = "qafila-offline/" + root.dataset.slug; // the database; the service worker's caches start so
  var BATCH = 500, EVERY = 20000, RECHECK = 120000, SHOWN = 8, HISTORY = 30;
  var KINDS = ["checkin", "attendance", "walkin"];
  var COLUMNS = ["full_name_ar", "full_name_latin", "cin", "sex", "birth_date", "phone", "province", "commune",
    "community", "profile", "cooperative_name", "cooperative_founded", "project_idea", "sector"];
  var arabic = document.documentElement.lang === "ar";

  function $(selector) { return root.querySelector(selector); }
  var box = $("#offline-q"), result = $("#result"), sessionPicker = $("[data-session]");
  var walkIn = $("[data-walk-in]"), camera = $(".camera");
  var db = null, syncing = false, lastRecheck = 0, soon = null;
  var meta = null, people = [], byCode = {}, items = [];
  var mode = root.hasAttribute("data-can-check-in") ? "checkin" : "attendance";

  // --- Words and elements ----------------------------------------------------------------------------------

  function say(key, values) {
    return W[key].replace(/%\((\w+)\)s/g, function (all, name) { return values[name]; });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function hhmm(iso) { var d = new Date(iso); return pad(d.getHours()) + ":" + pad(d.getMinutes()); }
  function make(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function notice(text) {
    var node = $("[data-notice]");
    node.textContent = text || "";
    node.hidden = !text;
  }

  // --- IndexedDB: meta (the device, its token, the day, its sessions), people (the roster), queue ----------

  function done(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function open() {
    if (db) return Promise.resolve(db);
    var request = indexedDB.open(NAME, 1);
    request.onupgradeneeded = function () {
      request.result.createObjectStore("meta");
      request.result.createObjectStore("people", { keyPath: "badge_code" });
      request.result.createObjectStore("queue", { keyPath: "client_id" });
    };
    return done(request).then(function (opened) {
      db = opened;
      db.onversionchange = function () { db.close(); db = null; }; // another tab wipes: let it
      return db;
    });
  }
  function write(stores, fill) {
    return new Promise(function (resolve, reject) {
      var transaction = db.transaction(stores, "readwrite");
      fill(transaction);
      transaction.oncomplete = function () { resolve(); };
      transaction.onerror = transaction.onabort = function () { reject(transaction.error); };
    });
  }
  function read(store) { return done(db.transaction(store).objectStore(store).getAll()); }
  function saveItems(changed) {
    return write(["queue", "meta"], function (t) {
      changed.forEach(function (item) { t.objectStore("queue").put(item); });
      t.objectStore("meta").put(meta, "device");
    });
  }

  function keep(roster) {
    people = roster.map(function (person) {
      var names = [person.full_name_ar, person.full_name_latin].filter(Boolean);
      return {
        person: person,
        folded: names.map(fold),
        compact: names.map(foldCompact),
        words: names.map(fold).join(" ").split(" "),
      };
    });
    byCode = {};
    roster.forEach(function (person) { byCode[person.badge_code] = person; });
  }

  function load() {
    return open().then(function () {
      return Promise.all([done(db.transaction("meta").objectStore("meta").get("device")), read("people"), read("queue")]);
    }).then(function (found) {
      meta = found[0] || null;
      keep(found[1]);
      items = found[2].sort(function (a, b) { return a.body.scanned_at < b.body.scanned_at ? -1 : 1; });
      if (meta && meta.expires && Date.parse(meta.expires) < Date.now()) return wipe(W.wiped);
    });
  }

  function wipe(message) {
    if (db) db.close();
    db = null;
    meta = null;
    keep([]);
    items = [];
    sessionPicker.dataset.day = "";
    var caches = window.caches ? window.caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(NAME + "/") === 0; }).map(function (n) {
        return window.caches.delete(n);
      }));
    }) : Promise.resolve();
    return Promise.all([done(indexedDB.deleteDatabase(NAME)), caches]).then(function () {
      result.textContent = "";
      notice(message);
      render();
    });
  }

  // --- The server ------------------------------------------------------------------------------------------

  function call(method, url, body, device) {
    var headers = { Authorization: "Bearer " + (device || meta).token, Accept: "application/json" };
    if (body) headers["Content-Type"] = "application/json";
    return fetch(url, {
      method: method, headers: headers, body: body ? JSON.stringify(body) : undefined,
      credentials: "omit", cache: "no-store",
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (response.status === 401 && data.wipe) throw { wipe: data };
        if (!response.ok) throw { status: response.status, data: data };
        return data;
      });
    });
  }

  function enrol(form) {
    var day = form.elements.day.value;
    return open().then(function () {
      return fetch(root.dataset.enrol, { method: "POST", body: new FormData(form), credentials: "same-origin" });
    }).then(function (response) {
      if (!response.ok) throw { status: response.status };
      return response.json();
    }).then(function (device) {
      return download(day, {
        device: device.device, token: device.token, expires: device.expires, synced_at: null,
        urls: { roster: device.roster, checkin: device.checkins, attendance: device.attendance, walkin: device.walkins },
      });
    });
  }

  // The day's roster into `device`'s record (this phone's, or a new one's), kept once it is all there.
  function download(day, device) {
    device = device || meta;
    return call("GET", device.urls.roster + "?day=" + encodeURIComponent(day), null, device).then(function (roster) {
      device.day = roster.day;
      device.sessions = roster.sessions || [];
      device.expires = roster.expires || device.expires;
      device.downloaded_at = new Date().toISOString();
      return write(["meta", "people"], function (t) {
        var store = t.objectStore("people");
        store.clear();
        roster.items.forEach(function (person) { store.put(person); });
        t.objectStore("meta").put(device, "device");
      }).then(function () {
        meta = device;
        keep(roster.items);
      });
    });
  }

  // One batch after the other; `asked`: a check-in batch is sent even empty, to hear of conflicts.
  function send(kind, batch, asked) {
    if (!batch.length && !asked) return Promise.resolve();
    var chunk = batch.slice(0, BATCH);
    var body = { device: meta.device, items: chunk.map(function (item) { return item.body; }) };
    return call("POST", meta.urls[kind], body).then(function (answer) {
      var byId = {};
      // The first of two phones to send a badge hears of the other phone's scan in a later answer.
      answer.results.concat(answer.conflicts || []).forEach(function (r) { byId[r.client_id] = r; });
      var changed = items.filter(function (item) {
        var found = byId[item.client_id];
        if (!found || (item.result && item.result.conflict === found.conflict && item.result.status === found.status)) {
          return false;
        }
        item.state = "sent";
        item.result = found;
        return true;
      });
      return saveItems(changed);
    }).then(function () { return batch.length > BATCH ? send(kind, batch.slice(BATCH)) : null; });
  }

  function waiting(kind) {
    return items.filter(function (i) { return i.state === "waiting" && (!kind || i.kind === kind); });
  }
  function sync(asked) {
    if (syncing || !meta || !navigator.onLine) return Promise.resolve();
    syncing = true;
    render();
    var chain = Promise.resolve();
    var recheck = asked || Date.now() - lastRecheck > RECHECK;
    if (recheck) lastRecheck = Date.now();
    KINDS.forEach(function (kind) {
      chain = chain.then(function () { return send(kind, waiting(kind), kind === "checkin" && recheck); });
    });
    var sent = false;
    return chain.then(function () {
      meta.synced_at = new Date().toISOString();
      notice("");
      sent = true;
      return saveItems([]);
    }).catch(function (error) {
      if (error && error.wipe) return wipe(W.wiped + " " + (error.wipe.message || ""));
      notice(W.sync_failed);
    }).then(function () {
      syncing = false;
      render();
      if (sent && waiting().length) syncSoon(); // scanned while this batch was on its way
    });
  }
  function syncSoon() {
    clearTimeout(soon);
    soon = setTimeout(sync, 300); // a scanner's burst goes in one batch
  }

  // --- Scanning and searching ------------------------------------------------------------------------------

  function cleanCode(text) { return text.toUpperCase().replace(/[^\p{L}\p{N}]/gu, ""); }
  // registration.search.could_be_code: Latin letters and digits, no words
  function couldBeCode(text) {
    var code = cleanCode(text);
    return !/[\u0600-\u06ff]/.test(text) && code.length >= 6 && code.length <= 16 &&
      (text.indexOf(" ") < 0 || /\d/.test(text));
  }
  function readDigits(code) { return code.replace(/[ZSB]/g, function (ch) { return { Z: "2", S: "5", B: "8" }[ch]; }); }

  // people.search.TypedName, without its spelling skeletons: the typed text within a name, or each typed
  // word the start of one of the name's words.
  function find(text) {
    var typed = fold(text), compact = foldCompact(text), words = typed.split(" ");
    if (!typed) return [];
    var scored = [];
    people.forEach(function (entry) {
      var score = entry.folded.some(function (f) { return f.indexOf(typed) >= 0; }) ||
        entry.compact.some(function (c) { return c.indexOf(compact) >= 0; }) ? 2
        : words.every(function (w) {
          return entry.words.some(function (n) { return n === w || (w.length >= 3 && n.indexOf(w) === 0); });
        }) ? 1 : 0;
      if (score) scored.push([score, entry.person]);
    });
    scored.sort(function (a, b) { return b[0] - a[0]; });
    return scored.map(function (s) { return s[1]; });
  }

  function scanned(kind, code) {
    var session = kind === "attendance" ? sessionPicker.value : null;
    return items.filter(function (i) {
      return i.kind === kind && i.body.code === code &&
        (kind === "checkin" ? i.body.day === meta.day : String(i.body.session) === session);
    })[0];
  }

  function queue(kind, body, name) {
    var item = { client_id: body.client_id, kind: kind, body: body, name: name, state: "waiting", result: null };
    items.push(item);
    return saveItems([item]).then(function () { render(); syncSoon(); });
  }

  function newBody(extra) {
    var body = { client_id: crypto.randomUUID(), scanned_at: new Date().toISOString() };
    Object.keys(extra).forEach(function (key) { body[key] = extra[key]; });
    return body;
  }

  function act(person) {
    var code = person.badge_code, before = scanned(mode, code);
    if (mode === "attendance" && !sessionPicker.value) return panel("bad", "pick_session", W.pick_session);
    if (before) {
      var again = mode === "checkin" ? "already_here" : "already_present";
      return panel("warn", again, say(again, { time: hhmm(before.body.scanned_at) }), null, person);
    }
    var name = person.full_name_ar || person.full_name_latin;
    if (mode === "checkin") {
      queue("checkin", newBody({ code: code, day: meta.day }), name);
      return panel("ok", "checked_in", "✓ " + W.checked_in, W.queued, person);
    }
    queue("attendance", newBody({ code: code, session: Number(sessionPicker.value) }), name);
    var session = meta.sessions.filter(function (s) { return String(s.id) === sessionPicker.value; })[0];
    return panel("ok", "present", "✓ " + say("present", { session: title(session) }), W.queued, person);
  }

  function scan(text) {
    text = text.trim();
    if (!text || !meta) return;
    if (couldBeCode(text)) {
      var code = cleanCode(text), person = byCode[code] || byCode[readDigits(code)];
      if (person) return act(person);
    }
    if (/\d/.test(text)) return panel("bad", "unknown", "✗ " + W.unknown, say("unknown_story", { code: cleanCode(text) }));
    var found = find(text);
    if (!found.length) return panel("bad", "not_found", "✗ " + W.not_found, say("not_found_story", { typed: text }));
    var list = make("ul", { class: "found" }, found.slice(0, SHOWN).map(function (person) {
      var before = scanned(mode, person.badge_code);
      var button = make("button", { type: "button" }, [mode === "checkin" ? W.check_in : W.mark_present]);
      button.addEventListener("click", function () { act(person); });
      return make("li", {}, [personView(person), before ? make("p", { class: "tag tag-warn" }, [
        say(mode === "checkin" ? "already_here" : "already_present", { time: hhmm(before.body.scanned_at) })]) : button]);
    }));
    panel("neutral", "found", null, say("found", { typed: text }), null, [list,
      found.length > SHOWN ? make("p", { class: "story" }, [say("more", { count: found.length - SHOWN })]) : null]);
  }

  function title(session) { return arabic ? session.title_ar : session.title_fr || session.title_ar; }

  function personView(person) {
    var facts = [W.profiles[person.profile] || person.profile, person.group ? say("group", { group: person.group }) : ""];
    return make("div", { class: "person" }, [
      make("p", { class: "name", dir: "auto" }, [person.full_name_ar || person.full_name_latin]),
      person.full_name_ar && person.full_name_latin ? make("p", { class: "name name-latin", dir: "ltr" }, [person.full_name_latin]) : null,
      make("p", { class: "facts" }, [facts.filter(Boolean).join(" · ")]),
    ]);
  }

  function panel(colour, kind, verdict, story, person, more) {
    result.textContent = "";
    result.appendChild(make("section", { class: "result result-" + colour, "data-kind": kind }, [
      verdict ? make("p", { class: "verdict" }, [verdict]) : null,
      story ? make("p", { class: "story" }, [story]) : null,
      person ? personView(person) : null,
    ].concat(more || [])));
    box.value = "";
    if (camera.hidden) box.focus(); // with the camera on, a phone keyboard would hide it
  }

  // --- What the page shows ---------------------------------------------------------------------------------

  function outcome(item) {
    var r = item.result;
    if (!r) return [W.waiting, "waiting"];
    if (r.conflict) return [say("conflict", { time: hhmm(r.checked_in_at) }), "conflict"];
    if (item.kind === "walkin") {
      if (r.badge_code) return [say("walk_in_accepted", { code: r.badge_code }), "ok"];
      var reasons = (r.messages || r.reasons || []).join(" ");
      // 201: registered, not accepted (yet); 422: what was typed cannot be read, nobody registered
      return [(r.status === 201 ? W.walk_in_not_accepted : W.refused) + (reasons ? " " + reasons : ""), "refused"];
    }
    if (r.status === 201) return [W.recorded, "ok"];
    if (r.status === 409) return [item.kind === "checkin" ? W.already : W.already_marked, "ok"];
    return [r.status === 404 ? W.unknown_server : W.refused, "refused"];
  }

  function history() {
    var list = $("[data-history]");
    list.textContent = "";
    items.slice(-HISTORY).reverse().forEach(function (item) {
      var said = outcome(item);
      var kind = item.kind === "walkin" ? W.walk_in : item.kind === "attendance" ? W.attendance : "";
      list.appendChild(make("li", { "data-state": said[1], "data-client-id": item.client_id }, [
        make("span", { class: "time", dir: "ltr" }, [hhmm(item.body.scanned_at)]), " ",
        make("b", { dir: "auto" }, [item.name]), kind ? " · " + kind : "", make("br"),
        make("span", { class: "state" }, [said[0]]),
      ]));
    });
  }

  function render() {
    var online = navigator.onLine;
    var network = $("[data-network]");
    network.textContent = syncing ? W.syncing : online ? W.online : W.offline;
    network.className = "network " + (online ? "is-online" : "is-offline");
    $("[data-waiting]").textContent = String(waiting().length);
    $("[data-synced]").textContent = meta && meta.synced_at ? hhmm(meta.synced_at) : W.never;
    $("[data-sync]").disabled = !meta || !online || syncing;
    $("[data-prepare]").hidden = !!meta;
    $("[data-ready]").hidden = !meta;
    if (!meta) return;
    var day = root.querySelector("#offline-day option[value='" + meta.day + "']");
    $("[data-prepared]").textContent = say("prepared", {
      day: day ? day.textContent : meta.day, count: people.length, time: hhmm(meta.downloaded_at),
    });
    root.querySelectorAll("[data-mode]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
    });
    $("[data-session-row]").hidden = mode !== "attendance";
    if (sessionPicker.dataset.day !== meta.day) {
      sessionPicker.dataset.day = meta.day;
      sessionPicker.textContent = "";
      meta.sessions.forEach(function (s) {
        sessionPicker.appendChild(make("option", { value: s.id }, [s.starts_at + "–" + s.ends_at + " " + title(s)]));
      });
    }
    history();
  }

  // --- Wiring ----------------------------------------------------------------------------------------------

  $("[data-prepare-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var button = event.target.querySelector("button");
    button.disabled = true;
    enrol(event.target).then(function () { notice(""); render(); box.focus(); }, function (error) {
      if (error && error.wipe) return wipe(W.wiped);
      notice(W.prepare_failed);
    }).then(function () { button.disabled = false; });
  });
  $("form.scan").addEventListener("submit", function (event) {
    event.preventDefault();
    scan(box.value);
  });
  root.querySelectorAll("[data-mode]").forEach(function (button) {
    button.addEventListener("click", function () { mode = button.dataset.mode; result.textContent = ""; render(); box.focus(); });
  });
  sessionPicker.addEventListener("change", function () { box.focus(); });
  $("[data-sync]").addEventListener("click", function () { sync(true); });
  $("[data-refresh]").addEventListener("click", function () {
    var today = new Date(), iso = today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate());
    var day = root.querySelector("#offline-day option[value='" + iso + "']") ? iso : meta.day;
    download(day).then(function () { notice(""); render(); }, function (error) {
      if (error && error.wipe) return wipe(W.wiped + " " + (error.wipe.message || ""));
      notice(W.prepare_failed);
    });
  });
  $("[data-erase]").addEventListener("click", function () {
    if (window.confirm(waiting().length ? W.erase_waiting : W.erase_confirm)) wipe(W.wiped);
  });
  if (walkIn) {
    var walkInForm = walkIn.querySelector("form");
    $("[data-walk-in-open]").addEventListener("click", function () {
      walkIn.hidden = false;
      walkInForm.elements.full_name_ar.focus();
    });
    walkIn.querySelector("[data-walk-in-close]").addEventListener("click", function () { walkIn.hidden = true; });
    walkInForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(walkInForm), fields = {};
      COLUMNS.forEach(function (key) { if (data.has(key)) fields[key] = String(data.get(key)).trim(); });
      var name = fields.full_name_ar || fields.full_name_latin;
      walkInForm.elements.full_name_ar.setCustomValidity(name ? "" : W.missing_name);
      if (!walkInForm.reportValidity()) return;
      queue("walkin", newBody({ day: meta.day, consent: true, fields: fields }), name);
      walkInForm.reset();
      walkIn.hidden = true;
      panel("warn", "walk_in", W.walk_in, W.walk_in_queued);
    });
    walkInForm.elements.full_name_ar.addEventListener("input", function () { this.setCustomValidity(""); });
  }
  // Logging out leaves nothing on the phone (the server also answers with Clear-Site-Data).
  // Logging out sends what waits first (the server then revokes this phone), and asks before losing the rest.
  document.querySelectorAll("form[action='" + root.dataset.logout + "']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      sync(true).then(function () {
        if (waiting().length && !window.confirm(W.erase_waiting)) return;
        wipe("").then(function () { form.submit(); });
      });
    });
  });
  window.addEventListener("online", function () { render(); sync(); });
  window.addEventListener("offline", render);
  setInterval(function () { if (meta && (waiting().length || Date.now() - lastRecheck > RECHECK)) sync(); }, EVERY);
  if ("serviceWorker" in navigator) navigator.serviceWorker.register(root.dataset.worker).catch(function () {});

  load().then(function () { render(); if (meta) { box.focus(); sync(); } });
})();
