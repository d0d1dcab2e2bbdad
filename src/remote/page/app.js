// headamp's phone page: a WebSocket to headampd, one mix to mix (or every mix for the admin token).
// The token comes from the URL fragment (#mix=NAME&k=TOKEN) and travels only inside the socket's hello.
'use strict';

const view = document.getElementById('view');
const linkBadge = document.getElementById('link');
let socket = null;
let scope = null;        // {level, mix} from the daemon's hello
let faderLaw = [];       // [[position, dB], ...]: the mixer screen's fader law, sent by the daemon
let state = null;        // {sources, mixes} as in headamp status
let built = '';          // what the DOM was built for (mix and source names)
let nextId = 10;
let backoff = 250;
let reconnectTimer = null;
const dragging = new Set();  // faders under a finger: incoming state does not move them
const pendingSends = new Map();  // control -> the request waiting for its turn (sendSoon)

function fragment() {
  const p = new URLSearchParams(location.hash.slice(1));
  return { mix: p.get('mix'), token: p.get('k') };
}

// ---- the fader law: linear between the daemon's points, like the mixer screen's fader
function positionToDb(pos) {
  if (pos <= 0 || faderLaw.length < 2) return -120;
  pos = Math.min(pos, 1);
  for (let i = 1; i < faderLaw.length; i++) {
    const [p1, d1] = faderLaw[i];
    if (pos <= p1) {
      const [p0, d0] = faderLaw[i - 1];
      if (i === 1) return d1;  // the first step above silence is the floor
      return d0 + (d1 - d0) * (pos - p0) / (p1 - p0);
    }
  }
  return faderLaw[faderLaw.length - 1][1];
}
function dbToPosition(db) {
  if (faderLaw.length < 2 || db < faderLaw[1][1]) return 0;
  for (let i = 2; i < faderLaw.length; i++) {
    const [p1, d1] = faderLaw[i];
    if (db <= d1) {
      const [p0, d0] = faderLaw[i - 1];
      return p0 + (p1 - p0) * (db - d0) / (d1 - d0);
    }
  }
  return 1;
}
function dbText(db) { return db <= -120 ? 'off' : (db > 0 ? '+' : '') + db.toFixed(1) + ' dB'; }

// ---- the socket
function connect() {
  clearTimeout(reconnectTimer);
  reconnectTimer = null;
  const { token } = fragment();
  if (!token) { showMessage('This link has no token: ask for your mix\'s link (headamp remote).'); return; }
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
  socket = ws;
  ws.onopen = () => ws.send(JSON.stringify({ op: 'hello', token }));
  ws.onmessage = (e) => onMessage(ws, JSON.parse(e.data));
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    setOnline(false);
    if (scope === 'refused') return;
    reconnectTimer = setTimeout(connect, backoff);
    backoff = Math.min(backoff * 2, 4000);
  };
}

function send(request) {
  if (!socket || socket.readyState !== WebSocket.OPEN || !scope || scope === 'refused') return;
  request.id = nextId++;
  socket.send(JSON.stringify(request));
}

function onMessage(ws, m) {
  if (m.hello) {
    scope = m.hello;
    faderLaw = m.fader || [];
    backoff = 250;
    setOnline(true);
    ws.send(JSON.stringify({ op: 'status', id: 1 }));
    ws.send(JSON.stringify({ op: 'subscribe', meters_hz: 20, id: 2 }));
    return;
  }
  if (m.error !== undefined && !scope) { scope = 'refused'; showMessage(m.error); return; }
  if (m.id === 1 && m.sources) { setState({ sources: m.sources, mixes: m.mixes }); return; }
  if (m.event === 'state') { setState({ sources: m.sources, mixes: m.mixes }); return; }
  if (m.event === 'meters') { showMeters(m); return; }
  if (m.error) showError(m.error);
}

function setOnline(online) {
  linkBadge.textContent = online ? 'live' : 'offline';
  linkBadge.classList.toggle('offline', !online);
  document.body.classList.toggle('offline', !online);
}
function showMessage(text) { view.replaceChildren(el('p', 'hint', text)); built = ''; }
function showError(text) {
  const e = document.getElementById('error');
  if (e) { e.textContent = text; setTimeout(() => { if (e.textContent === text) e.textContent = ''; }, 3000); }
}

// ---- what is shown
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function shownMix() {
  if (!state || !scope) return null;
  const wanted = scope.level === 'mix' ? scope.mix : fragment().mix;
  return state.mixes.find((m) => m.name === wanted) || null;
}

function setState(s) {
  state = s;
  const mix = shownMix();
  if (!mix) return buildOverview();
  const key = 'mix:' + mix.name + ':' + mix.sends.map((x) => x.source).join('\u0000');
  if (key !== built) buildMix(mix, key);
  updateMix(mix);
}

function buildOverview() {
  const key = 'overview:' + state.mixes.map((m) => m.name).join('\u0000');
  if (key === built) return;
  built = key;
  const { token } = fragment();
  const list = el('div', 'mixes');
  list.append(el('p', 'hint', scope.level === 'mix' ? 'Your mix "' + scope.mix + '" is not there.' : 'Every mix:'));
  for (const m of state.mixes) {
    const a = el('a', null, m.name);
    a.href = '#mix=' + encodeURIComponent(m.name) + '&k=' + encodeURIComponent(token);
    list.append(a);
  }
  view.replaceChildren(list);
}

function makeFader(onMove) {
  const f = el('div', 'fader');
  const fill = el('div', 'fill');
  const knob = el('div', 'knob');
  f.append(fill, knob);
  const at = (e) => {
    const r = f.getBoundingClientRect();
    return Math.max(0, Math.min(1, (e.clientX - r.left) / r.width));
  };
  f.addEventListener('pointerdown', (e) => {
    f.setPointerCapture(e.pointerId);
    dragging.add(f);
    onMove(at(e));
  });
  f.addEventListener('pointermove', (e) => { if (dragging.has(f)) onMove(at(e)); });
  const stop = () => dragging.delete(f);
  f.addEventListener('pointerup', stop);
  f.addEventListener('pointercancel', stop);
  f.show = (pos) => { fill.style.width = (pos * 100) + '%'; knob.style.left = (pos * 100) + '%'; };
  return f;
}

// Sends `request` for control `key` at once, then at most once per 16 ms while a finger moves: the
// latest value wins, and the first one is not held back.
function sendSoon(key, request) {
  const waiting = pendingSends.get(key);
  if (waiting) { waiting.request = request; return; }
  send(request);
  const entry = { request: null };
  pendingSends.set(key, entry);
  setTimeout(() => {
    pendingSends.delete(key);
    if (entry.request) sendSoon(key, entry.request);
  }, 16);
}

function buildMix(mix, key) {
  built = key;
  const readOnly = scope.level === 'view';
  const strips = [];
  const master = el('div', 'strip master');
  master.dataset.kind = 'master';
  const mrow = el('div', 'row');
  mrow.append(el('span', 'name', mix.name), el('span', 'db'));
  const mfader = makeFader((pos) => {
    const db = Math.round(positionToDb(pos) * 10) / 10;
    showFader(master, db);
    sendSoon('master', { op: 'master', mix: mix.name, level_db: db });
  });
  const mmeter = el('div', 'meter');
  mmeter.append(el('div'));
  const mctl = el('div', 'controls');
  const mmute = el('button', 'mute', 'Mute');
  mmute.onclick = () => send({ op: 'master', mix: mix.name, mute: !mmute.classList.contains('on') });
  mctl.append(mmute);
  master.append(mrow, mfader, mmeter, mctl);
  strips.push(master);

  const more = el('div', 'moreme');
  const less = el('button', null, '− me');
  const moreB = el('button', null, '+ more me');
  less.onclick = () => send({ op: 'more_me', mix: mix.name, step_db: -2 });
  moreB.onclick = () => send({ op: 'more_me', mix: mix.name, step_db: 2 });
  more.append(less, moreB);
  strips.push(more, el('div', 'error'));
  strips[strips.length - 1].id = 'error';

  for (const s of mix.sends) {
    const strip = el('div', 'strip');
    strip.dataset.source = s.source;
    const row = el('div', 'row');
    const star = el('button', 'star', '★');
    star.title = 'mine';
    star.onclick = () => send({ op: 'own', mix: mix.name, source: s.source, own: !star.classList.contains('on') });
    row.append(star, el('span', 'name', s.source), el('span', 'db'));
    const fader = makeFader((pos) => {
      const db = Math.round(positionToDb(pos) * 10) / 10;
      showFader(strip, db);
      sendSoon('set:' + s.source, { op: 'set', mix: mix.name, source: s.source, level_db: db });
    });
    const meter = el('div', 'meter');
    meter.append(el('div'));
    const ctl = el('div', 'controls');
    const mute = el('button', 'mute', 'M');
    const solo = el('button', 'solo', 'S');
    const pan = el('input', 'pan');
    Object.assign(pan, { type: 'range', min: -1, max: 1, step: 0.05 });
    mute.onclick = () => send({ op: 'set', mix: mix.name, source: s.source, mute: !mute.classList.contains('on') });
    solo.onclick = () => send({ op: 'set', mix: mix.name, source: s.source, solo: !solo.classList.contains('on') });
    pan.oninput = () => sendSoon('pan:' + s.source, { op: 'set', mix: mix.name, source: s.source, pan: +pan.value });
    pan.ondblclick = () => send({ op: 'set', mix: mix.name, source: s.source, pan: 0 });
    ctl.append(mute, solo, pan);
    strip.append(row, fader, meter, ctl);
    strips.push(strip);
  }
  view.replaceChildren(...strips);
  if (readOnly) for (const c of view.querySelectorAll('button, input')) c.disabled = true;
  if (readOnly) for (const f of view.querySelectorAll('.fader')) f.style.pointerEvents = 'none';
}

function showFader(strip, db) {
  strip.querySelector('.db').textContent = dbText(db);
  strip.querySelector('.fader').show(dbToPosition(db));
}

function updateMix(mix) {
  const master = view.querySelector('[data-kind="master"]');
  if (!dragging.has(master.querySelector('.fader'))) showFader(master, mix.master_db);
  master.querySelector('.mute').classList.toggle('on', mix.mute);
  for (const s of mix.sends) {
    const strip = view.querySelector('[data-source="' + CSS.escape(s.source) + '"]');
    if (!strip) continue;
    if (!dragging.has(strip.querySelector('.fader'))) showFader(strip, s.level_db);
    strip.querySelector('.mute').classList.toggle('on', s.mute);
    strip.querySelector('.solo').classList.toggle('on', s.solo);
    strip.querySelector('.star').classList.toggle('on', !!s.own);
    strip.classList.toggle('own', !!s.own);
    const pan = strip.querySelector('.pan');
    if (document.activeElement !== pan) pan.value = s.pan;
  }
}

function meterWidth(peaks) {
  const peak = Math.max(...peaks.map((p) => (Number.isFinite(p) ? p : -120)));
  return (dbToPosition(peak) * 100) + '%';
}

function showMeters(m) {
  const mix = shownMix();
  if (!mix) return;
  for (const s of m.sources || []) {
    const strip = view.querySelector('[data-source="' + CSS.escape(s.name) + '"]');
    if (strip) strip.querySelector('.meter div').style.width = meterWidth(s.peak_db);
  }
  const mm = (m.mixes || []).find((x) => x.name === mix.name);
  const master = view.querySelector('[data-kind="master"]');
  if (mm && master) master.querySelector('.meter div').style.width = meterWidth(mm.peak_db);
}

window.addEventListener('hashchange', () => { built = ''; if (state) setState(state); });
// Back from sleep or a Wi-Fi drop: try at once instead of waiting out the backoff.
const retryNow = () => { if (!socket && reconnectTimer) { backoff = 250; connect(); } };
document.addEventListener('visibilitychange', () => { if (!document.hidden) retryNow(); });
window.addEventListener('online', retryNow);
connect();
