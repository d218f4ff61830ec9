'use strict';
// A tiny stand-in for statussim in the tests: starts adapter.js, writes protocol lines to it and
// reads its lines back, playing the backend by hand (request → reply, push).
const { spawn } = require('node:child_process');
const path = require('node:path');
const assert = require('node:assert/strict');

const ADAPTER = path.join(__dirname, '..', 'adapter.js');

const DEFAULT_PARAMS = {
  web_heartbeat_timeout: 60000,
  native_heartbeat_timeout: 400000,
  offline_expiry: 604800000,
  custom_status_max_bytes: 100,
  get_max_users: 500,
  subscribe_max_users: 100,
  subscription_cap: 1000,
  rate_count: 20,
  rate_window: 5000,
  custom_status_clear_delay: 30000,
  subscription_clear_delay: 30000,
};

function makeApp({ premium = true, params = {}, console: consoleSettings = {} } = {}) {
  return {
    premium,
    console: { status_query_and_notify: true, friend_status_notify: false, web_max_instances: 1, ...consoleSettings },
    params: { ...DEFAULT_PARAMS, ...params },
  };
}

class Harness {
  constructor() {
    this.child = spawn(process.execPath, [ADAPTER], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.lines = [];
    this.waiters = [];
    this.stdoutRaw = '';
    this.stderr = '';
    this.nextId = 1;
    this.exit = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d) => (this.stderr += d));
    this.child.stdout.setEncoding('utf8');
    let buffered = '';
    this.child.stdout.on('data', (chunk) => {
      this.stdoutRaw += chunk;
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        let message;
        try {
          message = JSON.parse(line);
        } catch (e) {
          message = { type: '__not_json__', line };
        }
        this.lines.push(message);
        this.flushWaiters();
      }
    });
  }

  flushWaiters() {
    while (this.waiters.length && this.lines.length) this.waiters.shift()(this.lines.shift());
  }

  // The next line from the adapter (within `ms` of wall time).
  next(ms = 10000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timeout waiting for a line; stderr tail:\n' + this.stderr.slice(-3000))), ms);
      this.waiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.flushWaiters();
    });
  }

  async expect(type) {
    const m = await this.next();
    assert.equal(m.type, type, 'expected a ' + type + ' line, got ' + JSON.stringify(m));
    return m;
  }

  send(message) {
    this.child.stdin.write(JSON.stringify(message) + '\n');
  }

  // Sends a `do` and plays the backend with `backend(request) -> {code, data}` (or an array of
  // messages to send before the reply: pushes). Returns {result, events, requests}.
  async step(doMessage, backend = () => ({ code: 0, data: {} })) {
    const id = this.nextId++;
    this.send({ type: 'do', id, ...doMessage });
    const events = [];
    const requests = [];
    for (;;) {
      const m = await this.next();
      if (m.type === 'event') events.push(m);
      else if (m.type === 'request') {
        requests.push(m);
        const answer = backend(m) || { code: 0, data: {} };
        for (const push of answer.pushes || []) this.send({ type: 'push', ...push });
        this.send({ type: 'reply', id: m.id, device: m.device, code: answer.code || 0, data: answer.data || {} });
      } else if (m.type === 'result') {
        assert.equal(m.id, id);
        return { result: m, events, requests };
      } else assert.fail('unexpected line ' + JSON.stringify(m));
    }
  }

  // sync: returns the events written before `synced`.
  async sync() {
    const id = this.nextId++;
    this.send({ type: 'sync', id });
    const events = [];
    for (;;) {
      const m = await this.next();
      if (m.type === 'event') events.push(m);
      else if (m.type === 'synced') {
        assert.equal(m.id, id);
        return events;
      } else assert.fail('unexpected line before synced: ' + JSON.stringify(m));
    }
  }

  async login(device, user, { platform = 'web', customStatus = '', premium = true } = {}) {
    const r = await this.step({ device, action: 'login', user, platform }, (req) => {
      assert.equal(req.op, 'login');
      assert.deepEqual(req.body, { user, platform });
      return { code: 0, data: { premium, customStatus } };
    });
    assert.deepEqual(r.result.ok, {});
    return r;
  }

  async close() {
    this.child.stdin.end();
    return this.exit;
  }
}

module.exports = { Harness, makeApp, DEFAULT_PARAMS };
