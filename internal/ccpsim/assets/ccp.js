// ccpsim's CCP page: a thin bridge between Streams in the parent window (postMessage) and the simulation
// in Go (a WebSocket). Protocol logic lives in Go; this page only relays, revives Dates, adds the
// worker's local fields (localTimestamp, skew), and keeps the parent informed while its link is down.
(function () {
  'use strict';
  var cfg = JSON.parse(document.getElementById('ccpsim-config').textContent);
  var statusEl = document.getElementById('status');
  var agentEl = document.getElementById('agent');
  var contactsEl = document.getElementById('contacts');
  function status(text) { statusEl.textContent = text; }

  if (window.parent === window) {
    status('This is the Contact Control Panel page of ccpsim (' + cfg.region + '). Streams loads it in an iframe.');
    return;
  }
  if (!cfg.signedIn) {
    // Like Connect's CCP, a page without a session sends nothing: Streams notices the missing ACK.
    status('Not signed in.');
    return;
  }
  var parentOrigin = (location.ancestorOrigins && location.ancestorOrigins.length) ? location.ancestorOrigins[0] : '';
  if (parentOrigin && cfg.approved.indexOf(parentOrigin) < 0) {
    status('This page is framed by ' + parentOrigin + ', which is not an approved origin.');
    return;
  }

  var ws = null, open = false, everOpen = false, stopped = false, backoff = 250, attempts = 0;
  var MAX_ATTEMPTS = 150; // about five minutes of retries, then the page gives up (reload to retry)
  var portId = '', mode = '', active = true, softphone = false, configured = false;
  var pending = [];

  function reviver(key, value) {
    if (value && typeof value === 'object' && typeof value.$date === 'number' && Object.keys(value).length === 1) {
      return new Date(value.$date);
    }
    return value;
  }

  function post(msg) { window.parent.postMessage(msg, '*'); }

  function addLocalFields(data, quiet) {
    if (data && data.snapshot) {
      var s = data.snapshot;
      s.localTimestamp = Date.now();
      s.skew = s.snapshotTimestamp instanceof Date ? s.snapshotTimestamp.getTime() - s.localTimestamp : 0;
      if (!quiet) render(data);
    }
  }

  // The real worker logs each snapshot response after adding its local fields, and every object it logs goes
  // through Streams' withObject: a JSON copy with customer data redacted (connect-streams.js
  // redactSensitiveInfo). ccpsim's log lines get the same treatment, so downloads look like Connect's.
  var REDACTED = '[redacted]';
  var REDACTED_KEYS = ['quickconnectname', 'token', 'login', 'credential', 'internalip', 'authtoken', 'phonenumber', 'firstname',
    'lastname', 'emailaddress', 'address', 'displayname', 'agentname', 'description', 'name', 'value', 'summary', 'queue.name'];
  function redact(o, depth) {
    if (!o || typeof o !== 'object' || depth >= 200) return;
    Object.keys(o).forEach(function (k) {
      var v = o[k];
      if (v && typeof v === 'object') {
        if (k === 'attributes') o[k] = REDACTED;
        else if (k !== 'state') redact(v, depth + 1);
      } else if (typeof v === 'string' && REDACTED_KEYS.indexOf(k.toLowerCase()) >= 0) {
        o[k] = REDACTED;
      }
    });
  }
  function workerLog(entry) {
    if (!entry || !Array.isArray(entry.objects)) return;
    entry.objects = entry.objects.map(function (o) {
      if (entry.text === 'GET_AGENT_SNAPSHOT succeeded.' && o && o.snapshot) addLocalFields(o, true);
      var copy = JSON.parse(JSON.stringify(o)); // Dates become ISO strings, as in withObject
      redact(copy, 0);
      return copy;
    });
  }

  // The CCP's own log, kept as Streams' Logger keeps it in the real CCP: the worker's lines it posts as `log` and
  // the parent's entries that come back through the worker's broadcast, each as LogEntry.fromObject makes them,
  // numbered from INFO up, rolled every 30 minutes. download_log_from_ccp {logName} (a Global Resiliency parent's
  // connect.getLog().download()) saves it as Logger.download does: <logName>.txt, JSON.stringify(logs, undefined, 4).
  var LEVELS = { TEST: 0, TRACE: 10, DEBUG: 20, INFO: 30, LOG: 40, WARN: 50, ERROR: 100, CRITICAL: 200 };
  var logs = [], rolledLogs = [], lineCount = 0, agentResourceId = null;
  setInterval(function () { rolledLogs = logs; logs = []; }, 30 * 60 * 1000);
  function keepLog(o) {
    if (!o || typeof o !== 'object') return;
    var t = o.time;
    t = t instanceof Date ? new Date(t.getTime()) : typeof t === 'number' ? new Date(t) : typeof t === 'string' ? Date.parse(t) : new Date();
    var e = { component: 'ccp', level: o.level, text: o.text, time: t, tabId: o.tabId || null, exception: o.exception,
      objects: o.objects, line: 0, agentResourceId: agentResourceId, loggerId: o.loggerId, contextLayer: o.contextLayer || 'CCP' };
    if (LEVELS[e.level] >= LEVELS.INFO) e.line = lineCount++;
    logs.push(e);
  }
  function downloadLog(d) {
    var a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(rolledLogs.concat(logs), undefined, 4)], { type: 'text/plain' }));
    a.download = ((d && typeof d.logName === 'string' && d.logName) || 'agent-log') + '.txt';
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 60000);
  }

  // The frame's own media devices, answered by the page as the real CCP's Streams (initCCP) does: the
  // softphone runs in this frame, so its devices, not the server's, are the answer.
  function answerDevices() {
    function send(d) { post({ event: 'media_device_response', data: d }); }
    if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) {
      send({ error: 'No navigator or navigator.mediaDevices object found' });
      return;
    }
    navigator.mediaDevices.enumerateDevices().then(function (ds) {
      send((ds || []).map(function (d) { return d.toJSON(); }));
    }, function (err) { send({ error: (err && err.message) || String(err) }); });
  }

  function render(data) {
    var s = data.snapshot, c = data.configuration;
    agentEl.textContent = (c ? c.name + ': ' : '') + s.state.name;
    contactsEl.textContent = '';
    (s.contacts || []).forEach(function (ct) {
      var li = document.createElement('li');
      li.textContent = ct.type + ' · ' + ct.state.type + (ct.queue && ct.queue.name ? ' · ' + ct.queue.name : '');
      contactsEl.appendChild(li);
    });
  }

  function onServerMessage(ev) {
    var msgs;
    try { msgs = JSON.parse(ev.data, reviver); } catch (e) { return; }
    // Several messages may share one frame (a JSON array), in order.
    (Array.isArray(msgs) ? msgs : [msgs]).forEach(relay);
  }

  function relay(msg) {
    if (msg.event === 'acknowledge' && msg.data && msg.data.id) {
      portId = msg.data.id;
      status('Signed in · ' + cfg.region);
      // Failsafe as in Streams' CCP: ask for configure if it has not come within a second.
      setTimeout(function () { if (!configured) post({ event: 'request_configure' }); }, 1000);
    }
    if (msg.event === 'agent::update' || msg.event === 'agent::fetch_agent_data_from_ccp') addLocalFields(msg.data);
    if (msg.event === 'log' && msg.data) {
      workerLog(msg.data);
      agentResourceId = msg.data.agentResourceId || agentResourceId;
      keepLog(msg.data);
    }
    if (msg.event === 'auth_fail') status('Session expired. Sign in again.');
    post(msg);
  }

  function localAnswer(msg) {
    // The link to the service is down but the CCP itself is alive: keepalive still works, API calls fail.
    if (msg.event === 'synchronize') { post({ event: 'acknowledge' }); return; }
    if (msg.event === 'api_request' && msg.data && msg.data.requestId) {
      post({ event: 'api_response', data: { event: 'api_response', requestId: msg.data.requestId, data: null,
        err: JSON.stringify({ type: 'NetworkingError', message: 'Network Failure', stack: [], retryStatus: 'none', statusCode: 0 }) } });
    }
  }

  function track(msg) {
    var d = msg.data || {};
    if (msg.event === 'configure') { configured = true; softphone = !!(d.softphone && d.softphone.allowFramedSoftphone); if (d.enableGlobalResiliency) mode = 'gr'; else if (!mode) mode = 'classic'; }
    if (msg.event === 'globalResiliency::validate_global_signin') mode = 'gr';
    if (msg.event === 'globalResiliency::configure_ccp_conduit') { mode = 'gr'; active = d.instanceState === 'active'; }
    if (msg.event === 'agent::fetch_agent_data_from_ccp') { mode = 'gr'; active = true; }
    if ((msg.event === 'outer_context_info' || msg.event === 'api_request') && !mode) mode = 'classic';
  }

  window.addEventListener('message', function (ev) {
    if (ev.source !== window.parent || !ev.data || typeof ev.data.event !== 'string') return;
    var msg = ev.data;
    // The log and the devices are the page's own: saved, added to, answered even while the link to ccpsim is down.
    if (msg.event === 'download_log_from_ccp') downloadLog(msg.data);
    if (msg.event === 'media_device_request') { answerDevices(); return; }
    if (msg.event === 'broadcast' && msg.data && msg.data.event === 'log') keepLog(msg.data.data);
    if (stopped) return;
    track(msg);
    var text;
    try { text = JSON.stringify(msg); } catch (e) { return; }
    if (open) { ws.send(text); return; }
    if (everOpen) { localAnswer(msg); return; }
    if (pending.length < 1000) pending.push(text);
  });

  function connect() {
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + cfg.socket;
    ws = new WebSocket(url);
    ws.onopen = function () {
      ws.send(JSON.stringify({ parentOrigin: parentOrigin, portId: portId, mode: mode, active: active, allowFramedSoftphone: softphone }));
      var reconnect = everOpen;
      open = true; everOpen = true; backoff = 250; attempts = 0;
      pending.splice(0).forEach(function (t) { ws.send(t); });
      if (reconnect) {
        status('Signed in · ' + cfg.region);
        if (!(mode === 'gr' && !active)) {
          post({ event: 'agent::websocket_connection_gained' });
          post({ event: 'webSocket::connection_gain' });
        }
      }
    };
    ws.onmessage = onServerMessage;
    ws.onclose = function (ev) {
      var wasOpen = open;
      open = false;
      if (ev.code === 4401) { stopped = true; status('Session expired. Sign in again.'); return; }
      if (ev.code === 4403) { stopped = true; status('This origin is not approved for this instance.'); return; }
      if (stopped) return;
      if (wasOpen) {
        status('Connection to ' + cfg.region + ' lost. Reconnecting…');
        if (!(mode === 'gr' && !active)) {
          post({ event: 'agent::websocket_connection_lost' });
          post({ event: 'webSocket::connection_lost' });
        }
      }
      if (++attempts > MAX_ATTEMPTS) { stopped = true; status('Gave up reconnecting to ' + cfg.region + '. Reload to try again.'); return; }
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 2000);
    };
  }
  connect();
})();
