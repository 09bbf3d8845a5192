// Conformance harness: runs the real, unmodified amazon-connect-streams against the CCP named in the query
// string, records everything Streams reports into window.__events, and exposes helpers the tests call
// through page.evaluate. It never defines or replaces `connect`: every call goes to the real library.
//
// Query parameters:
//   ccpUrl (required)            the CCP page (ccpsim's /ccp-v2/)
//   secondaryCCPUrl, loginUrl    Global Resiliency (with enableGlobalResiliency=true)
//   enableGlobalResiliency       "true" to pass enableGlobalResiliency:true
//   ccpLoadTimeout, ccpAckTimeout, ccpSynTimeout   numbers (ms)
//   region                       initCCP's region parameter
//   loginPopup                   "true" to let Streams open its login popup (default false)
(function () {
  'use strict';

  var q = new URLSearchParams(location.search);

  // A passive witness of the conduit: which origin posted which event to this window (Streams' own listener is
  // untouched; this one only counts). Lets tests check e.g. that an inactive Global Resiliency CCP stays silent.
  var wire = (window.__wire = []);
  window.addEventListener('message', function (ev) {
    var d = ev.data;
    if (!d || typeof d.event !== 'string' || wire.length >= 20000) return;
    wire.push({ t: Date.now(), origin: ev.origin, event: d.event });
  });
  var events = (window.__events = []);
  var busLog = (window.__bus = []);
  var logEl = document.getElementById('log');
  var MAX_EVENTS = 5000;

  // ---------- recording ----------

  // plain() turns whatever Streams hands us into JSON-safe data (Dates as ISO strings, Errors as objects).
  function plain(v, depth) {
    depth = depth || 0;
    if (v === undefined || v === null) return v === undefined ? undefined : null;
    if (depth > 8) return '[depth]';
    if (v instanceof Date) return { $date: isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString() };
    if (v instanceof Error) return { $error: v.name, message: v.message };
    var t = typeof v;
    if (t === 'string' || t === 'number' || t === 'boolean') return v;
    if (t === 'function' || t === 'symbol' || t === 'bigint') return '[' + t + ']';
    if (Array.isArray(v)) return v.slice(0, 200).map(function (x) { return plain(x, depth + 1); });
    var out = {};
    Object.keys(v).slice(0, 200).forEach(function (k) {
      var x = plain(v[k], depth + 1);
      if (x !== undefined) out[k] = x;
    });
    return out;
  }

  function rec(name, data, contactId) {
    var e = { seq: events.length, t: Date.now(), name: name };
    if (contactId) e.contactId = contactId;
    if (data !== undefined) e.data = plain(data);
    try { e.activeRegion = connect.globalResiliency && connect.globalResiliency.getActiveRegion ? connect.globalResiliency.getActiveRegion() : undefined; } catch (_) { /* not GR */ }
    if (events.length < MAX_EVENTS) events.push(e);
    if (logEl) logEl.textContent += new Date(e.t).toISOString().slice(11, 23) + ' ' + name + (contactId ? ' ' + contactId.slice(0, 8) : '') + '\n';
    return e;
  }
  window.__rec = rec;

  function safe(f, dflt) { try { return f(); } catch (e) { return dflt === undefined ? { $thrown: String(e && e.message || e) } : dflt; } }

  // ---------- summaries of Streams objects (through the public API only) ----------

  function endpointSummary(ep) {
    if (!ep) return ep;
    return { endpointARN: ep.endpointARN, endpointId: ep.endpointId, type: ep.type, name: ep.name, phoneNumber: ep.phoneNumber,
      agentLogin: ep.agentLogin, queue: ep.queue ? { queueARN: ep.queue.queueARN, name: ep.queue.name } : ep.queue };
  }

  function connSummary(conn) {
    if (!conn) return null;
    return {
      connectionId: safe(function () { return conn.getConnectionId(); }),
      contactId: safe(function () { return conn.getContactId(); }),
      type: safe(function () { return conn.getType(); }),
      initial: safe(function () { return conn.isInitialConnection(); }),
      state: safe(function () { return conn.getState().type; }),
      stateDuration: safe(function () { return conn.getStateDuration(); }, null),
      active: safe(function () { return conn.isActive(); }),
      connected: safe(function () { return conn.isConnected(); }),
      onHold: safe(function () { return conn.isOnHold(); }),
      endpoint: safe(function () { return endpointSummary(conn.getEndpoint()); }),
      mute: safe(function () { return typeof conn.isMute === 'function' ? conn.isMute() : undefined; }, null),
    };
  }

  // Tasks: constructing a connection of an active task without TaskJS throws (protocol §9.5), so never
  // touch a task's connections.
  function contactSummary(c, detail) {
    if (!c) return null;
    var s = { contactId: safe(function () { return c.getContactId(); }) };
    s.type = safe(function () { return c.getType(); }, null);
    s.state = safe(function () { return c.getState().type; }, null);
    s.stateTimestampIsDate = safe(function () { return c.getState().timestamp instanceof Date; }, null);
    if (detail) {
      s.queue = safe(function () { var qq = c.getQueue(); return qq ? { queueARN: qq.queueARN, name: qq.name, queueId: qq.queueId } : qq; }, null);
      s.attributes = safe(function () { return c.getAttributes(); }, null);
      s.segmentAttributes = safe(function () { return c.getSegmentAttributes(); }, null);
      s.subtype = safe(function () { return c.getContactSubtype(); }, null);
      s.initiationMethod = safe(function () { return c.getInitiationMethod(); }, null);
      s.initialContactId = safe(function () { return c.getInitialContactId(); }, null);
      s.name = safe(function () { return c.getName(); }, null);
      s.queueTimestampIsDate = safe(function () { return c.getQueueTimestamp() instanceof Date; }, null);
      s.stateDuration = safe(function () { return c.getStateDuration(); }, null);
    }
    if (s.type !== 'task') {
      s.connections = safe(function () { return c.getConnections().map(connSummary); }, null);
      if (detail) {
        s.isInbound = safe(function () { return c.isInbound(); }, null);
        s.isSoftphoneCall = safe(function () { return c.isSoftphoneCall(); }, null);
        s.agentConnection = safe(function () { return connSummary(c.getAgentConnection()); }, null);
        s.initialConnection = safe(function () { return connSummary(c.getInitialConnection()); }, null);
        s.thirdParty = safe(function () { return c.getThirdPartyConnections().map(connSummary); }, null);
      }
    }
    return s;
  }

  function agentSummary(agent) {
    agent = agent || new connect.Agent();
    var st = agent.getState();
    var next = agent.getNextState();
    return {
      name: safe(function () { return agent.getName(); }, null),
      state: st && { name: st.name, type: st.type, agentStateARN: st.agentStateARN, startTimestampIsDate: st.startTimestamp instanceof Date },
      nextState: next ? { name: next.name, type: next.type } : null,
      availability: safe(function () { var a = agent.getAvailabilityState(); return a && { state: a.state }; }, null),
      stateDuration: safe(function () { return agent.getStateDuration(); }, null),
    };
  }
  window.__agentSummary = function () { return agentSummary(); };

  // ---------- Streams wiring ----------

  var agentWired = false;
  var contactsSeen = {};

  function wireAgentEvents(agent) {
    if (agentWired) return;
    agentWired = true;
    function on(sub, label, withData) {
      agent[sub](function (data) {
        rec('agent.' + label, withData ? withData(data) : safe(function () { return agentSummary(); }, null));
      });
    }
    on('onRoutable', 'onRoutable');
    on('onNotRoutable', 'onNotRoutable');
    on('onOffline', 'onOffline');
    on('onError', 'onError');
    on('onAfterCallWork', 'onAfterCallWork');
    on('onStateChange', 'onStateChange', function (d) { return { oldState: d && d.oldState, newState: d && d.newState }; });
    on('onMuteToggle', 'onMuteToggle', function (d) { return d; });
    on('onSoftphoneError', 'onSoftphoneError', function (d) { return d && { errorType: d.errorType, errorMessage: d.errorMessage, endPointUrl: d.endPointUrl }; });
    on('onEnqueuedNextState', 'onEnqueuedNextState');
    on('onClearedNextState', 'onClearedNextState');
    on('onCameraDeviceChanged', 'onCameraDeviceChanged', function (d) { return d; });
    on('onBackgroundBlurChanged', 'onBackgroundBlurChanged', function (d) { return d; });
    on('onWebSocketConnectionLost', 'onWebSocketConnectionLost', function (d) { return d; });
    on('onWebSocketConnectionGained', 'onWebSocketConnectionGained', function (d) { return d; });
    on('onRefresh', 'onRefresh', function () { var s = safe(function () { return agentSummary(); }, null); return s && { state: s.state && s.state.name, next: s.nextState && s.nextState.name }; });
  }

  var CONTACT_EVENTS = ['onIncoming', 'onConnecting', 'onPending', 'onAccepted', 'onConnected', 'onEnded', 'onACW', 'onDestroy', 'onMissed', 'onError'];

  function wireContact(contact) {
    var id = contact.getContactId();
    rec('contact.init', contactSummary(contact, false), id);
    // Streams drops per-contact handlers when a contact is destroyed; a contact offered again (same id,
    // e.g. requeued after a miss) fires contact::init again, so subscribe on every init.
    contactsSeen[id] = (contactsSeen[id] || 0) + 1;
    CONTACT_EVENTS.forEach(function (ev) {
      contact[ev](function (c) {
        rec('contact.' + ev, safe(function () { return contactSummary(c || contact, false); }, null), id);
      });
    });
    contact.onRefresh(function (c) {
      rec('contact.onRefresh', safe(function () { return { state: (c || contact).getState().type }; }, null), id);
    });
  }

  function init() {
    var ccpUrl = q.get('ccpUrl');
    if (!ccpUrl) { rec('harness.error', { message: 'no ccpUrl in the query string' }); return; }
    var params = {
      ccpUrl: ccpUrl,
      loginPopup: q.get('loginPopup') === 'true',
      // ?allowFramedSoftphone=false: a signalling-only copy ("CCP without media", 12-media)
      softphone: { allowFramedSoftphone: q.get('allowFramedSoftphone') !== 'false' },
    };
    if (q.get('loginUrl')) params.loginUrl = q.get('loginUrl');
    if (q.get('secondaryCCPUrl')) params.secondaryCCPUrl = q.get('secondaryCCPUrl');
    if (q.get('enableGlobalResiliency')) params.enableGlobalResiliency = q.get('enableGlobalResiliency') === 'true';
    if (q.get('region')) params.region = q.get('region');
    ['ccpLoadTimeout', 'ccpAckTimeout', 'ccpSynTimeout'].forEach(function (k) { if (q.get(k)) params[k] = Number(q.get(k)); });
    window.__initParams = params;

    rec('harness.initCCP', { params: params, streamsVersion: connect.version });
    connect.core.initCCP(document.getElementById('ccp'), params);

    var bus = connect.core.getEventBus();
    var NOISY = { log: 1, acknowledge: 1, api_metric: 1, server_bound_internal_log: 1, master_response: 1, 'agent::refresh': 1, 'contact::refresh': 1, 'agent::update': 1 };
    bus.subscribeAll(function (data, name) {
      if (NOISY[name] || /::refresh::/.test(name)) return;
      if (busLog.length < 3000) busLog.push({ t: Date.now(), name: name, gr: /^globalResiliency::/.test(name) ? plain(data) : undefined });
    });

    connect.core.onInitialized(function () { rec('core.onInitialized', { portStreamId: connect.core.portStreamId }); });
    connect.core.onAuthFail(function (d) { rec('core.onAuthFail', d); });
    connect.core.onAccessDenied(function (d) { rec('core.onAccessDenied', d); });
    connect.core.onIframeRetriesExhausted(function (d) { rec('core.onIframeRetriesExhausted', d); });
    connect.core.onConfigure(function (d) { rec('core.onConfigure', d); });
    connect.core.onViewContact(function (d) { rec('core.onViewContact', d); });
    connect.core.onAuthorizeSuccess(function (d) { rec('core.onAuthorizeSuccess', d); });
    if (connect.core.onCTIAuthorizeRetriesExhausted) connect.core.onCTIAuthorizeRetriesExhausted(function (d) { rec('core.onCTIAuthorizeRetriesExhausted', d); });

    connect.globalResiliency.onFailoverDetected(function (d) { rec('gr.onFailoverDetected', d); });
    connect.globalResiliency.onFailoverPending(function (d) { rec('gr.onFailoverPending', d); });
    connect.globalResiliency.onFailoverCompleted(function (d) { rec('gr.onFailoverCompleted', d); });
    connect.globalResiliency.onConfigureError(function (d) { rec('gr.onConfigureError', d); });

    connect.agent(function (agent) {
      var cfg = safe(function () { return agent.getConfiguration(); }, null);
      rec('agent.init', {
        agent: safe(function () { return agentSummary(agent); }, null),
        configuration: cfg && {
          name: cfg.name, username: cfg.username, agentARN: cfg.agentARN, softphoneEnabled: cfg.softphoneEnabled,
          routingProfile: cfg.routingProfile && { name: cfg.routingProfile.name, routingProfileId: cfg.routingProfile.routingProfileId,
            channelConcurrencyMap: cfg.routingProfile.channelConcurrencyMap,
            queues: (cfg.routingProfile.queues || []).map(function (x) { return { queueARN: x.queueARN, name: x.name, queueId: x.queueId }; }),
            defaultOutboundQueue: cfg.routingProfile.defaultOutboundQueue },
          agentStates: (cfg.agentStates || []).map(function (s) { return { name: s.name, type: s.type, agentStateARN: s.agentStateARN }; }),
          permissions: cfg.permissions, dialableCountries: cfg.dialableCountries,
        },
        instanceId: safe(function () { return connect.core.getAgentDataProvider().getInstanceId(); }),
        awsAccountId: safe(function () { return connect.core.getAgentDataProvider().getAWSAccountId(); }),
        contacts: safe(function () { return agent.getContacts().map(function (c) { return contactSummary(c, false); }); }, null),
      });
      wireAgentEvents(agent);
    });

    connect.contact(wireContact);
  }

  // ---------- helpers for tests (page.evaluate) ----------

  function agent() { return new connect.Agent(); }

  function contactById(id) {
    var c = agent().getContacts().filter(function (x) { return x.getContactId() === id; })[0];
    if (!c) throw new Error('no contact ' + id + ' in the agent snapshot (have: ' + agent().getContacts().map(function (x) { return x.getContactId(); }).join(', ') + ')');
    return c;
  }

  function connectionOf(contactId, which) {
    var c = contactById(contactId);
    var conn;
    if (which === 'agent') conn = c.getAgentConnection();
    else if (which === 'initial' || which === 'customer') conn = c.getInitialConnection();
    else if (which === 'thirdParty') conn = c.getSingleActiveThirdPartyConnection() || c.getThirdPartyConnections()[0];
    else conn = c.getConnections().filter(function (x) { return x.getConnectionId() === which; })[0];
    if (!conn) throw new Error('contact ' + contactId + ' has no ' + which + ' connection');
    return conn;
  }

  window.__endpoints = [];

  function findEndpoint(nameOrNumber) {
    var ep = window.__endpoints.filter(function (e) { return e.name === nameOrNumber || e.endpointARN === nameOrNumber; })[0];
    if (ep) return ep;
    if (/^\+?[0-9]+$/.test(nameOrNumber)) return connect.Endpoint.byPhoneNumber(nameOrNumber);
    throw new Error('no quick connect named ' + nameOrNumber + ' (call getEndpoints first; have: ' + window.__endpoints.map(function (e) { return e.name; }).join(', ') + ')');
  }

  var ACTIONS = {
    // agent
    setState: function (cb, stateName, opts) {
      var s = agent().getAgentStates().filter(function (x) { return x.name === stateName; })[0];
      if (!s) throw new Error('no agent state named ' + stateName);
      agent().setState(s, cb, opts || undefined);
    },
    connect: function (cb, phoneNumber, opts) {
      var p = { success: cb.success, failure: cb.failure };
      if (opts && opts.queueARN) p.queueARN = opts.queueARN;
      agent().connect(connect.Endpoint.byPhoneNumber(phoneNumber), p);
    },
    getEndpoints: function (cb, queueARNs) {
      agent().getEndpoints(queueARNs || agent().getAllQueueARNs(), {
        success: function (data) {
          window.__endpoints = data.endpoints;
          cb.success({ endpoints: data.endpoints.map(endpointSummary), addressesCount: (data.addresses || []).length });
        },
        failure: cb.failure,
      });
    },
    mute: function (cb) { agent().mute(); cb.success(); },
    setCameraDevice: function (cb, id) { agent().setCameraDevice(id); cb.success(); },
    setBackgroundBlur: function (cb, on) { agent().setBackgroundBlur(on); cb.success(); },
    viewContact: function (cb, id) { connect.core.viewContact(id); cb.success(); },
    // agent.setConfiguration(cfg) with `changes` merged over the current configuration
    setConfiguration: function (cb, changes) {
      var cfg = JSON.parse(JSON.stringify(agent().getConfiguration()));
      Object.keys(changes).forEach(function (k) { cfg[k] = changes[k]; });
      agent().setConfiguration(cfg, cb);
    },
    getFrameMediaDevices: function (cb) {
      connect.core.getFrameMediaDevices(2000).then(function (d) { cb.success(d); }, function (e) { cb.failure(String(e && e.message || e)); });
    },
    forceFailover: function (cb) { connect.globalResiliency.forceFailover(); cb.success(); },
    unmute: function (cb) { agent().unmute(); cb.success(); },
    // contact
    accept: function (cb, id) { contactById(id).accept(cb); },
    reject: function (cb, id) { contactById(id).reject(cb); },
    clear: function (cb, id) { contactById(id).clear(cb); },
    complete: function (cb, id) { contactById(id).complete(cb); },
    addConnection: function (cb, id, nameOrNumber) { contactById(id).addConnection(findEndpoint(nameOrNumber), cb); },
    conference: function (cb, id) { contactById(id).conferenceConnections(cb); },
    toggle: function (cb, id) { contactById(id).toggleActiveConnections(cb); },
    // connection (which: agent | initial | thirdParty | <connectionId>)
    hold: function (cb, id, which) { connectionOf(id, which).hold(cb); },
    resume: function (cb, id, which) { connectionOf(id, which).resume(cb); },
    destroy: function (cb, id, which) { connectionOf(id, which).destroy(cb); },
    sendDigits: function (cb, id, which, digits) { connectionOf(id, which).sendDigits(digits, cb); },
  };

  /**
   * Runs a Streams action and resolves with its outcome:
   * {ok:true, data} from success, {ok:false, err, errType, data} from failure (err exactly as Streams passed it,
   * errType its JS type), or {ok:false, thrown} if the call threw.
   */
  window.__act = function (kind) {
    var args = Array.prototype.slice.call(arguments, 1);
    return new Promise(function (resolve) {
      var done = false;
      var cb = {
        success: function (data) { if (!done) { done = true; rec('act.success', { kind: kind, args: args }); resolve({ ok: true, data: plain(data) }); } },
        failure: function (err, data) { if (!done) { done = true; rec('act.failure', { kind: kind, args: args, err: err }); resolve({ ok: false, err: plain(err), errType: typeof err, data: plain(data) }); } },
      };
      try {
        if (!ACTIONS[kind]) throw new Error('unknown action ' + kind);
        ACTIONS[kind].apply(null, [cb].concat(args));
      } catch (e) {
        if (!done) { done = true; resolve({ ok: false, thrown: String(e && e.message || e) }); }
      }
    });
  };

  /** Like __act but gives up after ms: resolves {pending:true} if neither callback ran (for "no answer" checks). */
  window.__actWithin = function (ms, kind) {
    var args = Array.prototype.slice.call(arguments, 1);
    return Promise.race([
      window.__act.apply(null, args),
      new Promise(function (resolve) { setTimeout(function () { resolve({ pending: true }); }, ms); }),
    ]);
  };

  window.__agentInfo = function () {
    var a = agent();
    var cfg = a.getConfiguration();
    return {
      agent: agentSummary(a),
      agentStates: a.getAgentStates().map(function (s) { return { name: s.name, type: s.type }; }),
      queueARNs: a.getAllQueueARNs(),
      routingProfile: { name: cfg.routingProfile.name, channelConcurrencyMap: cfg.routingProfile.channelConcurrencyMap },
      softphoneEnabled: a.isSoftphoneEnabled(),
      agentARN: a.getAgentARN(),
      contacts: a.getContacts().map(function (c) { return contactSummary(c, false); }),
      activeRegion: connect.globalResiliency.getActiveRegion(),
    };
  };

  /** connect.ifMaster / connect.becomeMaster (master_request): resolves true/false, or 'no answer' after 3 s. */
  window.__master = function (kind, topic, shouldNotBecomeMasterIfNone) {
    return new Promise(function (resolve) {
      var t = setTimeout(function () { resolve('no answer'); }, 3000);
      var done = function (v) { clearTimeout(t); resolve(v); };
      if (kind === 'become') connect.becomeMaster(topic, function () { done(true); }, function () { done(false); });
      else connect.ifMaster(topic, function () { done(true); }, function () { done(false); }, shouldNotBecomeMasterIfNone);
    });
  };

  window.__contactInfo = function (id) { return contactSummary(contactById(id), true); };
  window.__connectionInfo = function (contactId, which) {
    var conn = connectionOf(contactId, which);
    return connSummary(conn);
  };

  window.__iframes = function () {
    return Array.prototype.map.call(document.querySelectorAll('iframe'), function (f) {
      return { src: f.src, name: f.name, title: f.title, identifier: f.getAttribute('data-identifier'), hidden: /display:\s*none/.test(f.getAttribute('style') || '') };
    });
  };

  window.__core = function () {
    return {
      skew: safe(function () { return connect.core.getSkew(); }, null),
      initialized: !!connect.core.initialized,
      agentInitialized: !!(connect.agent && connect.agent.initialized),
      portStreamId: connect.core.portStreamId || null,
      activeRegion: connect.globalResiliency.getActiveRegion(),
      streamsVersion: connect.version,
    };
  };

  window.addEventListener('error', function (e) { rec('page.error', { message: e.message, filename: e.filename, lineno: e.lineno }); });
  window.addEventListener('unhandledrejection', function (e) { rec('page.unhandledrejection', { reason: String(e.reason && e.reason.message || e.reason) }); });

  try { init(); } catch (e) { rec('harness.error', { message: String(e && e.message || e), stack: String(e && e.stack) }); }
})();
