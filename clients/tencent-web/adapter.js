#!/usr/bin/env node
'use strict';
// statussim sdk-mode client (spec/PROTOCOL.md v1) that puts the real, unmodified official Web SDK
// @tencentcloud/chat under the harness. The SDK's code is neither edited nor patched: the adapter
// drives it through its public API only, and replaces its environment:
//   - globalThis.WebSocket: a fake socket that turns the SDK's frames into backend requests and
//     the backend's replies and pushes into frames (lib/frames.js has the wire format);
//   - global timers and Date: @sinonjs/fake-timers, installed before the SDK loads, so the SDK
//     runs on the scenario's virtual clock;
//   - console: redirected to stderr (stdout is the protocol only);
//   - window/navigator: a minimal browser shim with one network per device, so a `reconnect`
//     step is the browser's own offline/online events on that device.
//
//   statussim run scenarios --client tencent=exec:'node clients/tencent-web/adapter.js'
//
// Set STATUSSIM_CLIENT_DEBUG=1 (or pass --log-level debug) to log the protocol traffic and the
// SDK frames to stderr; STATUSSIM_SDK_LOG_LEVEL (0..4, default 4 = none) sets the SDK's own log.

const util = require('node:util');

// ---------------------------------------------------------------- stdout is the protocol only
const realStdoutWrite = process.stdout.write.bind(process.stdout);
const stderrConsole = new console.Console({ stdout: process.stderr, stderr: process.stderr });
globalThis.console = stderrConsole;
// Anything else that writes to process.stdout goes to stderr too; protocol lines use realStdoutWrite.
process.stdout.write = (chunk, encoding, callback) => process.stderr.write(chunk, encoding, callback);

const argv = process.argv.slice(2);
const DEBUG =
  process.env.STATUSSIM_CLIENT_DEBUG === '1' ||
  argv.includes('--debug') ||
  (argv.indexOf('--log-level') >= 0 && argv[argv.indexOf('--log-level') + 1] === 'debug');
const SDK_LOG_LEVEL = /^[0-4]$/.test(process.env.STATUSSIM_SDK_LOG_LEVEL || '') ? Number(process.env.STATUSSIM_SDK_LOG_LEVEL) : 4;

function log(...args) {
  process.stderr.write('tencent-web: ' + util.format(...args) + '\n');
}
function debug(...args) {
  if (DEBUG) log(...args);
}

// ---------------------------------------------------------------- the virtual clock
// Real timers, kept before fake-timers replaces them: the adapter's own plumbing uses these.
const realSetImmediate = globalThis.setImmediate;

const FakeTimers = require('@sinonjs/fake-timers');
// The scenario's time 0 is EPOCH in the first scenario; with --client-reuse each `init` starts
// at the clock's current instant (the clock never goes back, SDK instances are all new).
const EPOCH = Date.UTC(2025, 0, 1, 0, 0, 0);
const clock = FakeTimers.install({
  now: EPOCH,
  toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'Date'],
  loopLimit: 1e9,
});

function realYield() {
  return new Promise((resolve) => realSetImmediate(resolve));
}

// Waits with tickAsync up to this gap; longer waits jump (each overdue SDK timer fires once, as
// after a sleep) to LONG_TAIL_MS before the target, then tick the rest.
const LONG_GAP_MS = 15 * 60 * 1000;
const LONG_TAIL_MS = 60 * 1000;

// ---------------------------------------------------------------- the browser shim
// One network per device: the SDK's NetMonitor adds its online/offline listeners during
// chat.login() (synchronously), so listeners are filed under the device whose login runs.
let currentDevice = null;
const windowListeners = []; // {type, fn, device}
const windowShim = {
  addEventListener(type, fn) {
    windowListeners.push({ type, fn, device: currentDevice });
    if (!currentDevice) log('warning: window.addEventListener(%s) outside a device context', type);
  },
  removeEventListener(type, fn) {
    const i = windowListeners.findIndex((l) => l.type === type && l.fn === fn);
    if (i >= 0) windowListeners.splice(i, 1);
  },
  dispatchTo(device, type) {
    for (const l of windowListeners.slice()) {
      if (l.device === device && l.type === type) l.fn.call(windowShim, { type });
    }
  },
  location: { href: 'https://statussim.invalid/', protocol: 'https:', host: 'statussim.invalid', hostname: 'statussim.invalid' },
  navigator: { userAgent: 'statussim-tencent-web', cookieEnabled: false },
  performance: globalThis.performance,
  URL: globalThis.URL,
  console: stderrConsole,
};
globalThis.window = windowShim;
if (typeof globalThis.navigator === 'undefined') globalThis.navigator = windowShim.navigator;

// ---------------------------------------------------------------- the fake WebSocket
const frames = require('./lib/frames');

let devicesBySdkAppId = new Map(); // SDKAppID (string) -> Device

class FakeWebSocket {
  constructor(url) {
    this.url = String(url);
    this.readyState = 0;
    this.binaryType = 'blob';
    this.extensions = '';
    this.protocol = '';
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
    const m = /[?&]sdkappid=(\d+)/.exec(this.url);
    this.device = m ? devicesBySdkAppId.get(m[1]) : undefined;
    if (!this.device) {
      log('warning: socket for an unknown SDKAppID: %s', this.url);
      return;
    }
    this.device.attachSocket(this);
    queueMicrotask(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      if (this.onopen) this.onopen({ type: 'open' });
    });
  }

  send(data) {
    if (this.readyState !== 1) {
      log('warning: send on a socket that is not open (%d)', this.readyState);
      return;
    }
    let frame;
    try {
      frame = frames.decodeFrame(data);
    } catch (e) {
      log('warning: undecodable frame from the SDK: %s', e.message);
      return;
    }
    this.device.onFrame(this, frame);
  }

  close(code) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    if (this.device) this.device.detachSocket(this, code);
  }

  // Delivers one frame to the SDK, as the browser does with a received message.
  deliver(frame) {
    if (this.readyState !== 1 || !this.onmessage) {
      log('warning: frame %s dropped: socket not open', frame.head.servcmd);
      return;
    }
    debug('%s <= %s', this.device.name, JSON.stringify(frame).slice(0, 500));
    this.onmessage({ data: frames.encodeFrame(frame) });
  }
}
FakeWebSocket.CONNECTING = 0;
FakeWebSocket.OPEN = 1;
FakeWebSocket.CLOSING = 2;
FakeWebSocket.CLOSED = 3;
globalThis.WebSocket = FakeWebSocket;

// ---------------------------------------------------------------- the SDK
const TencentCloudChat = require('@tencentcloud/chat');
const SDK_VERSION = TencentCloudChat.VERSION;

process.on('unhandledRejection', (reason) => {
  // The SDK's internal re-login has no catch; nothing the adapter answers should make it reject.
  log('unhandled rejection inside the SDK: %s', reason && reason.stack ? reason.stack : util.inspect(reason));
});

// ---------------------------------------------------------------- protocol output
let outputClosed = false;
let scenarioOpen = false; // events are written only between init and end

function write(message) {
  if (outputClosed) return;
  const line = JSON.stringify(message);
  debug('-> %s', line.slice(0, 1000));
  try {
    realStdoutWrite(line + '\n');
  } catch (e) {
    outputClosed = true;
    log('stdout closed: %s', e.message);
  }
}
process.stdout.on('error', (e) => {
  outputClosed = true;
  if (e.code !== 'EPIPE') log('stdout error: %s', e.message);
});

function emit(device, name, data) {
  if (!scenarioOpen) {
    log('event %s on %s after the scenario ended: not written (%s)', name, device, JSON.stringify(data));
    return;
  }
  write({ type: 'event', device, name, data });
}

// ---------------------------------------------------------------- backend requests
let nextRequestId = 1;
const pendingRequests = new Map(); // id -> {resolve, device, op}
let replyWaiters = [];

function backendRequest(device, op, body) {
  const id = 'r' + nextRequestId++;
  write({ type: 'request', id, device, op, body });
  return new Promise((resolve) => pendingRequests.set(id, { resolve, device, op }));
}

function onReply(message) {
  const pending = pendingRequests.get(message.id);
  if (!pending) {
    log('reply to no open request: %s', JSON.stringify(message).slice(0, 200));
    return;
  }
  pendingRequests.delete(message.id);
  const code = Number.isInteger(message.code) ? message.code : 0;
  pending.resolve({ code, data: message.data || {}, message: message.message });
  const waiters = replyWaiters;
  replyWaiters = [];
  for (const w of waiters) w();
}

function nextReply() {
  return new Promise((resolve) => replyWaiters.push(resolve));
}

// ---------------------------------------------------------------- app (tier and parameters)
let app = { premium: false, console: {}, params: {} };
let configVersion = 1;
const CONFIG_EXPIRED_S = 86400;
const HELLO_INTERVAL_S = 30;

// ---------------------------------------------------------------- devices
let nextSdkAppId = 1400000001;
let nextTinyId = 1;
let devices = new Map(); // name -> Device

class Device {
  constructor(name) {
    this.name = name;
    this.sdkAppId = String(nextSdkAppId++);
    this.socket = null;
    this.user = '';
    this.platform = 'web';
    this.lost = false; // harness `disconnect` until `reconnect` or `logout`
    this.kicked = false; // a kick was delivered: the SDK's own wslogout is answered locally
    this.context = null; // the step being performed: 'login' | 'logout' | 'reconnect' | null
    this.reconnectDone = null; // resolved when the re-login reply was delivered
    this.heldKick = null; // a kick pushed while the re-login waits for its reply
    this.cachedStatus = ''; // what the SDK caches as its own custom status (for the re-login reply)
    this.destroyed = false;
    devicesBySdkAppId.set(this.sdkAppId, this);
    currentDevice = this;
    try {
      this.chat = TencentCloudChat.create({ SDKAppID: Number(this.sdkAppId) });
      this.chat.setLogLevel(SDK_LOG_LEVEL);
    } finally {
      currentDevice = null;
    }
    const E = TencentCloudChat.EVENT;
    // Event data are written as the SDK emits them.
    this.chat.on(E.USER_STATUS_UPDATED, (event) => {
      for (const i of event.data || []) if (i && i.userID === this.user) this.cachedStatus = i.customStatus;
      emit(this.name, 'onUserStatusUpdated', event.data);
    });
    this.chat.on(E.KICKED_OUT, (event) => emit(this.name, 'kickedOut', event.data));
    this.chat.on(E.ERROR, (event) => {
      const d = event.data || {};
      emit(this.name, 'error', { code: d.code, message: String(d.message === undefined ? '' : d.message) });
    });
    this.chat.on(E.SDK_READY, () => debug('%s: SDK_READY', this.name));
    this.chat.on(E.SDK_NOT_READY, () => debug('%s: SDK_NOT_READY', this.name));
    this.chat.on(E.NET_STATE_CHANGE, (event) => debug('%s: NET_STATE_CHANGE %j', this.name, event.data));
  }

  attachSocket(socket) {
    if (this.socket && this.socket !== socket && this.socket.readyState === 1) {
      debug('%s: a second socket opens while one is open', this.name);
    }
    this.socket = socket;
    debug('%s: socket %s', this.name, socket.url);
  }

  detachSocket(socket, code) {
    debug('%s: socket closed by the SDK (%s)', this.name, code);
    if (this.socket === socket) this.socket = null;
  }

  loggedIn() {
    return this.chat.getLoginUser() !== '';
  }

  // Runs fn with this device as the browser context (see windowShim).
  within(fn) {
    const previous = currentDevice;
    currentDevice = this;
    try {
      return fn();
    } finally {
      currentDevice = previous;
    }
  }

  replyLocally(socket, head, body) {
    queueMicrotask(() => socket.deliver(frames.replyFrame(head, body)));
  }

  // A frame sent by the SDK.
  onFrame(socket, frame) {
    const { head, body } = frame;
    const cmd = head.servcmd;
    debug('%s => %s', this.name, JSON.stringify(frame).slice(0, 500));
    if (this.destroyed) {
      this.replyLocally(socket, head, frames.okBody({}));
      return;
    }
    const status = frames.statusRequest(frame);
    if (status) {
      backendRequest(this.name, status.op, status.body).then((reply) => {
        if (reply.code === 0 && status.op === 'set_self_status') this.cachedStatus = status.body.customStatus;
        socket.deliver(frames.replyFrame(head, frames.statusReplyBody(status.op, reply.code, reply.data, reply.message)));
      });
      return;
    }
    switch (cmd) {
      case frames.CMD.LOGIN:
        this.onLoginFrame(socket, head, body);
        return;
      case frames.CMD.LOGOUT:
        if (this.context === 'logout' && !this.kicked) {
          backendRequest(this.name, 'logout', {}).then((reply) => {
            socket.deliver(frames.replyFrame(head, reply.code === 0 ? frames.okBody({}) : frames.errorBody(reply.code, reply.message)));
          });
        } else {
          if (!this.kicked) log('%s: wslogout outside a logout step, answered locally', this.name);
          this.replyLocally(socket, head, frames.okBody({}));
        }
        return;
      case frames.CMD.PING:
      case frames.CMD.HELLO:
        this.replyLocally(socket, head, frames.okBody({}));
        return;
      case frames.CMD.FETCH_PURCHASE_BITS:
        this.replyLocally(socket, head, frames.purchaseBitsBody(!!app.premium, CONFIG_EXPIRED_S));
        return;
      case frames.CMD.FETCH_CONFIG:
        this.replyLocally(socket, head, frames.cloudConfigBody(app.params, configVersion, CONFIG_EXPIRED_S));
        return;
      default:
        if (frames.SIDE_CMDS.has(cmd)) debug('%s: side command %s answered locally', this.name, cmd);
        else log('%s: a command this adapter does not know, answered with an empty success: %s', this.name, cmd);
        this.replyLocally(socket, head, frames.sideReplyBody(cmd));
    }
  }

  onLoginFrame(socket, head) {
    const loginReply = (customStatus, premium) =>
      frames.loginReplyBody({
        customStatus,
        premium,
        tinyId: this.tinyId || (this.tinyId = String(144115200000000000n + BigInt(nextTinyId++))),
        instanceId: 1,
        nowMs: Date.now(),
        helloIntervalS: HELLO_INTERVAL_S,
      });
    if (this.context === 'login') {
      backendRequest(this.name, 'login', { user: this.user, platform: this.platform }).then((reply) => {
        if (reply.code !== 0) {
          socket.deliver(frames.replyFrame(head, frames.errorBody(reply.code, reply.message)));
          return;
        }
        this.cachedStatus = reply.data.customStatus || '';
        socket.deliver(frames.replyFrame(head, loginReply(this.cachedStatus, !!reply.data.premium)));
      });
      return;
    }
    if (this.context === 'reconnect') {
      backendRequest(this.name, 'reconnect', {}).then((reply) => {
        if (reply.code === 0) {
          socket.deliver(frames.replyFrame(head, loginReply(reply.data.customStatus || '', !!app.premium)));
        } else {
          // Kicked while lost: the backend pushed the kick before this reply. The SDK's
          // re-login has no error path, so it is answered as it was (its cached status, no
          // change), and the kick follows on the new connection.
          socket.deliver(frames.replyFrame(head, loginReply(this.cachedStatus, !!app.premium)));
          const kick = this.heldKick || { type: reply.code === 3002 ? 'multipleDevice' : 'multipleAccount' };
          this.heldKick = null;
          queueMicrotask(() => this.deliverKick(kick.type));
        }
        if (this.reconnectDone) this.reconnectDone();
      });
      return;
    }
    // The SDK re-logs in on its own (a reconnect the harness did not ask for): answer it as the
    // backend would, without a request, and say so.
    log('%s: wslogin outside a login or reconnect step, answered locally', this.name);
    this.replyLocally(socket, head, loginReply(this.cachedStatus, !!app.premium));
  }

  // ------------------------------------------------------------ pushes
  onPush(message) {
    if (message.op === 'status') {
      if (!this.socket) {
        log('%s: status push with no connection: dropped', this.name);
        return;
      }
      this.socket.deliver(frames.pushFrame(frames.CMD.STATUS_PUSH, nextPushSeq++, frames.statusPushBody(message.list || [])));
      return;
    }
    if (message.op === 'kicked') {
      const type = message.data && message.data.type;
      if (this.context === 'reconnect' && this.reconnectDone) {
        this.heldKick = { type }; // delivered after the re-login reply (see onLoginFrame)
        return;
      }
      this.deliverKick(type);
      return;
    }
    log('%s: unknown push op %j', this.name, message.op);
  }

  deliverKick(type) {
    if (!this.socket) {
      log('%s: kick push with no connection: dropped', this.name);
      return;
    }
    this.kicked = true;
    this.socket.deliver(frames.pushFrame(frames.CMD.KICK_PUSH, nextPushSeq++, frames.kickPushBody(type)));
  }

  configure() {
    if (!this.socket || !this.loggedIn()) return;
    this.socket.deliver(frames.pushFrame(frames.CMD.PUSH_PURCHASE_BITS, nextPushSeq++, frames.purchaseBitsBody(!!app.premium, CONFIG_EXPIRED_S)));
    this.socket.deliver(frames.pushFrame(frames.CMD.PUSH_CONFIG, nextPushSeq++, frames.cloudConfigBody(app.params, configVersion, CONFIG_EXPIRED_S)));
  }

  async destroy() {
    this.destroyed = true;
    try {
      await this.chat.destroy();
    } catch (e) {
      // destroy() logs out first: an instance that is not logged in rejects 2024, and is destroyed all the same
      if (!e || e.code !== 2024) log('%s: destroy: %s', this.name, e && (e.code || e.message));
    }
    devicesBySdkAppId.delete(this.sdkAppId);
    for (let i = windowListeners.length - 1; i >= 0; i--) if (windowListeners[i].device === this) windowListeners.splice(i, 1);
  }
}
let nextPushSeq = 1;

function device(name) {
  let d = devices.get(name);
  if (!d) {
    d = new Device(name);
    devices.set(name, d);
  }
  return d;
}

// ---------------------------------------------------------------- running the SDK
// Runs every SDK timer due now and every microtask, until nothing is left but waiting for the
// backend or for time to move.
async function settle() {
  for (let round = 0; round < 100000; round++) {
    await realYield();
    if (pendingRequests.size > 0) return;
    const due = nextTimerAt();
    if (due === null || due > clock.now) return;
    await tickAsync(0);
  }
  log('warning: settle gave up after 100000 rounds');
}

function nextTimerAt() {
  let first = null;
  if (!clock.timers) return null;
  for (const t of clock.timers.values()) if (first === null || t.callAt < first) first = t.callAt;
  return first;
}

async function tickAsync(ms) {
  try {
    await clock.tickAsync(ms);
  } catch (e) {
    log('an SDK timer threw: %s', e && e.stack ? e.stack : e);
  }
}

function tickSync(fn) {
  try {
    fn();
  } catch (e) {
    log('an SDK timer threw: %s', e && e.stack ? e.stack : e);
  }
}

// Waits until `done()` holds, answering the SDK's timers due now; when the SDK waits only for
// time (a timer in the future, no backend request open), the time is borrowed: the clock moves
// to that timer and is set back at the end of the step (setSystemTime keeps the timers' relative
// deadlines), so the step stays atomic at its virtual instant. Up to MAX_BORROW_MS.
const MAX_BORROW_MS = 50;
async function until(done, what) {
  const start = clock.now;
  for (;;) {
    await settle();
    if (done()) break;
    if (pendingRequests.size > 0) {
      await nextReply();
      continue;
    }
    const due = nextTimerAt();
    if (due !== null && due - start <= MAX_BORROW_MS) {
      debug('borrowing %d ms for %s', due - clock.now, what);
      await tickAsync(due - clock.now);
      continue;
    }
    throw new Error('the SDK does not finish ' + what + ' (no request open, no timer due within ' + MAX_BORROW_MS + ' ms)');
  }
  if (clock.now !== start) {
    debug('returning %d borrowed ms after %s', clock.now - start, what);
    clock.setSystemTime(start);
  }
}

// Awaits an SDK promise, running the SDK meanwhile. Returns {ok: value} or {err: reason}.
async function awaitSdk(promise, what) {
  let outcome = null;
  Promise.resolve(promise).then(
    (value) => (outcome = { ok: value }),
    (err) => (outcome = { err }),
  );
  await until(() => outcome !== null, what);
  return outcome;
}

function resultFromOutcome(id, outcome, okData) {
  if (outcome.ok !== undefined || !outcome.err) {
    return { type: 'result', id, ok: okData !== undefined ? okData : okOf(outcome.ok) };
  }
  const err = outcome.err;
  if (err && Number.isInteger(err.code)) {
    return { type: 'result', id, error: { code: err.code, message: String(err.message === undefined ? '' : err.message) } };
  }
  // A rejection without a code (not seen in 3.6.6) is reported as a thrown error, with a note.
  log('a rejection without a code: %s', err && err.message ? err.message : util.inspect(err));
  return { type: 'result', id, throws: 'rejected without a code: ' + (err && err.message ? err.message : String(err)) };
}

function okOf(response) {
  const data = response && typeof response === 'object' && 'data' in response ? response.data : {};
  return data && typeof data === 'object' && !Array.isArray(data) ? data : {};
}

function thrownText(e) {
  return e && e.message ? String(e.message) : String(e);
}

// ---------------------------------------------------------------- steps
async function doLogin(dev, message) {
  if (dev.loggedIn()) {
    // SES-9 as the SDK does it: chat.login on a logged-in instance resolves {repeatLogin: true}
    // and sends nothing.
    let outcome;
    try {
      outcome = await awaitSdk(dev.chat.login({ userID: message.user, userSig: 'statussim' }), 'a repeated login');
    } catch (e) {
      return { type: 'result', id: message.id, throws: thrownText(e) };
    }
    return resultFromOutcome(message.id, outcome, outcome.ok ? {} : undefined);
  }
  dev.user = message.user;
  dev.platform = message.platform;
  dev.kicked = false;
  dev.lost = false;
  dev.context = 'login';
  try {
    let promise;
    try {
      promise = dev.within(() => dev.chat.login({ userID: message.user, userSig: 'statussim' }));
    } catch (e) {
      return { type: 'result', id: message.id, throws: thrownText(e) };
    }
    const outcome = await awaitSdk(promise, 'login');
    if (outcome.err) return resultFromOutcome(message.id, outcome);
    // SDK_READY follows the login reply by a 1 ms timer; calls before it reject. The step is
    // atomic: wait for it (borrowing that millisecond).
    await until(() => dev.chat.isReady(), 'SDK_READY after login');
    return { type: 'result', id: message.id, ok: {} };
  } finally {
    dev.context = null;
  }
}

async function doLogout(dev, message) {
  dev.context = 'logout';
  try {
    let promise;
    try {
      promise = dev.chat.logout();
    } catch (e) {
      return { type: 'result', id: message.id, throws: thrownText(e) };
    }
    const outcome = await awaitSdk(promise, 'logout');
    if (!dev.loggedIn()) dev.lost = false;
    return resultFromOutcome(message.id, outcome, outcome.ok ? {} : undefined);
  } finally {
    dev.context = null;
  }
}

function doDisconnect(dev, message) {
  // The harness applies the loss to its backend itself. The SDK is not told: its socket stays
  // up, so the backend's answers to calls made while lost (2801, 2996) reach it as server codes,
  // and its heartbeats are answered by the adapter, as a silent loss looks before it is noticed.
  if (dev.loggedIn() && !dev.lost) dev.lost = true;
  return { type: 'result', id: message.id, ok: {} };
}

async function doReconnect(dev, message) {
  if (!dev.lost || !dev.loggedIn()) {
    dev.lost = false;
    return { type: 'result', id: message.id, ok: {} };
  }
  dev.lost = false;
  dev.context = 'reconnect';
  let done = false;
  dev.reconnectDone = () => (done = true);
  try {
    // The browser's network goes away and comes back on this device: the SDK reconnects at
    // once (a new socket) and logs in again by itself.
    dev.within(() => {
      windowShim.dispatchTo(dev, 'offline');
      windowShim.dispatchTo(dev, 'online');
    });
    await until(() => done, 'the re-login after reconnect');
    return { type: 'result', id: message.id, ok: {} };
  } finally {
    dev.context = null;
    dev.reconnectDone = null;
  }
}

const APIS = new Set(['setSelfStatus', 'getUserStatus', 'subscribeUserStatus', 'unsubscribeUserStatus']);

async function doCall(dev, message) {
  const api = message.api;
  if (!APIS.has(api)) return { type: 'result', id: message.id, throws: 'unknown api: ' + api };
  let promise;
  try {
    // `args` absent = no argument (undefined); `args: null` is a present null.
    promise = dev.within(() => ('args' in message ? dev.chat[api](message.args) : dev.chat[api]()));
  } catch (e) {
    return { type: 'result', id: message.id, throws: thrownText(e) };
  }
  const outcome = await awaitSdk(promise, api);
  return resultFromOutcome(message.id, outcome);
}

async function onDo(message) {
  const dev = device(message.device);
  let result;
  try {
    switch (message.action) {
      case 'login':
        result = await doLogin(dev, message);
        break;
      case 'logout':
        result = await doLogout(dev, message);
        break;
      case 'disconnect':
        result = doDisconnect(dev, message);
        break;
      case 'reconnect':
        result = await doReconnect(dev, message);
        break;
      case 'call':
        result = await doCall(dev, message);
        break;
      default:
        result = { type: 'result', id: message.id, throws: 'unknown action: ' + message.action };
    }
  } catch (e) {
    log('step %s failed in the adapter: %s', message.id, e && e.stack ? e.stack : e);
    result = { type: 'result', id: message.id, throws: 'adapter: ' + thrownText(e) };
  }
  write(result);
}

async function onTime(message) {
  const target = scenarioBase + Number(message.now);
  await settle();
  let gap = target - clock.now;
  if (gap <= 0) return;
  if (gap > LONG_GAP_MS) {
    tickSync(() => clock.jump(gap - LONG_TAIL_MS));
    await settle();
    gap = target - clock.now;
  }
  if (gap > 0) await tickAsync(gap);
  await settle();
}

async function destroyAll() {
  const all = [...devices.values()];
  devices = new Map();
  for (const d of all) await d.destroy();
  await settle();
}

let scenarioBase = EPOCH;

async function onInit(message) {
  await destroyAll();
  app = message.app || { premium: false, console: {}, params: {} };
  configVersion += 1;
  scenarioBase = clock.now;
  scenarioOpen = true;
  debug('init %j at %d', message.scenario, scenarioBase);
}

async function onConfigure(message) {
  app = message.app || app;
  configVersion += 1;
  for (const d of devices.values()) d.configure();
  await settle();
}

async function onEnd() {
  await settle();
  scenarioOpen = false;
  await destroyAll();
}

// ---------------------------------------------------------------- the input loop
let chain = Promise.resolve();

function enqueue(fn) {
  chain = chain.then(fn).catch((e) => log('adapter error: %s', e && e.stack ? e.stack : e));
}

function handleLine(line) {
  if (!line.trim()) return;
  debug('<- %s', line.slice(0, 1000));
  let message;
  try {
    message = JSON.parse(line);
  } catch (e) {
    log('not JSON from the harness: %s', line.slice(0, 200));
    return;
  }
  if (!message || typeof message !== 'object' || Array.isArray(message)) {
    log('not a JSON object from the harness: %s', line.slice(0, 200));
    return;
  }
  switch (message.type) {
    // Replies and pushes are handled as they arrive: a `do` may be waiting for them.
    case 'reply':
      onReply(message);
      return;
    case 'push': {
      const d = devices.get(message.device);
      if (!d) log('push to an unknown device %s', message.device);
      else d.onPush(message);
      return;
    }
    case 'init':
      enqueue(() => onInit(message));
      return;
    case 'configure':
      enqueue(() => onConfigure(message));
      return;
    case 'do':
      enqueue(() => onDo(message));
      return;
    case 'time':
      enqueue(() => onTime(message));
      return;
    case 'sync':
      enqueue(async () => {
        await settle();
        write({ type: 'synced', id: message.id });
      });
      return;
    case 'end':
      enqueue(onEnd);
      return;
    default:
      log('unknown message type: %j', message.type);
  }
}

function main() {
  write({ type: 'hello', protocol: 1, mode: 'sdk', name: 'tencent-web', version: SDK_VERSION });
  let buffered = '';
  let lines = [];
  // Lines are handled one at a time, each after the microtasks of the previous one have run (a
  // reply's frame reaches the SDK before the next line, as separate socket messages would).
  let pumped = Promise.resolve();
  const drain = async () => {
    while (lines.length > 0) {
      handleLine(lines.shift());
      await realYield();
    }
  };
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffered += chunk;
    let nl;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      lines.push(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
    pumped = pumped.then(drain);
  });
  process.stdin.on('end', () => {
    if (buffered.trim()) lines.push(buffered);
    buffered = '';
    pumped = pumped.then(drain).then(() =>
      enqueue(async () => {
        scenarioOpen = false;
        outputClosed = true;
        process.exit(0);
      }),
    );
  });
}

main();
