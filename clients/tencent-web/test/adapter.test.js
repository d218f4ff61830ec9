'use strict';
// End-to-end tests of adapter.js with the real SDK inside: a hand-played harness (test/harness.js)
// checks what the SDK sends to the backend, and what it makes of the replies and pushes.
const test = require('node:test');
const assert = require('node:assert/strict');
const { Harness, makeApp } = require('./harness');

async function start(appOptions) {
  const h = new Harness();
  const hello = await h.expect('hello');
  assert.equal(hello.protocol, 1);
  assert.equal(hello.mode, 'sdk');
  assert.equal(hello.version, require('@tencentcloud/chat/package.json').version);
  h.send({ type: 'init', scenario: 'test', app: makeApp(appOptions), accounts: ['alice', 'bob', 'carol'], friends: [] });
  return h;
}

async function finish(h) {
  h.send({ type: 'end' });
  const { code, signal } = await h.close();
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.equal(h.lines.length, 0, 'nothing after end: ' + JSON.stringify(h.lines));
  for (const line of h.stdoutRaw.split('\n').filter(Boolean)) JSON.parse(line); // stdout is the protocol only
}

test('login, set, push: the request bodies, the event and the result', async () => {
  const h = await start();
  await h.login('a1', 'alice');
  await h.login('b1', 'bob', { platform: 'android' });
  assert.deepEqual(await h.sync(), []);
  const item = { userID: 'alice', statusType: 1, customStatus: '开会中 😀' };
  const r = await h.step({ device: 'a1', action: 'call', api: 'setSelfStatus', args: { customStatus: item.customStatus } }, (req) => {
    assert.equal(req.op, 'set_self_status');
    assert.deepEqual(req.body, { customStatus: item.customStatus });
    return { code: 0, pushes: [{ device: 'a1', op: 'status', list: [item] }, { device: 'b1', op: 'status', list: [item] }] };
  });
  assert.deepEqual(r.result.ok, item);
  assert.deepEqual(
    r.events.map((e) => [e.device, e.name, e.data]),
    [
      ['a1', 'onUserStatusUpdated', [item]],
      ['b1', 'onUserStatusUpdated', [item]],
    ],
  );
  assert.deepEqual(await h.sync(), []);
  await finish(h);
});

test('a backend code reaches the app as the rejection code; a thrown parameter error is a throw', async () => {
  const h = await start();
  await h.login('a1', 'alice');
  const r = await h.step({ device: 'a1', action: 'call', api: 'setSelfStatus', args: { customStatus: 'x'.repeat(101) } }, () => ({ code: 70402 }));
  assert.equal(r.result.error.code, 70402);
  assert.deepEqual(r.events, []);
  const t = await h.step({ device: 'a1', action: 'call', api: 'setSelfStatus', args: { customStatus: 5 } });
  assert.equal(t.result.throws, 'Params validate failed.');
  assert.deepEqual(t.requests, []);
  await finish(h);
});

test('getUserStatus: self from the login cache without a request; others decoded from the reply', async () => {
  const h = await start();
  await h.login('a1', 'alice', { customStatus: 'away' });
  const self = await h.step({ device: 'a1', action: 'call', api: 'getUserStatus', args: { userIDList: ['alice'] } });
  assert.deepEqual(self.requests, []);
  assert.deepEqual(self.result.ok, { successUserList: [{ userID: 'alice', statusType: 1, customStatus: 'away' }], failureUserList: [] });
  const r = await h.step({ device: 'a1', action: 'call', api: 'getUserStatus', args: { userIDList: ['alice', 'bob', 'ghost'] } }, (req) => {
    assert.equal(req.op, 'get_user_status');
    assert.deepEqual(req.body, { userIDList: ['bob', 'ghost'] });
    return {
      code: 0,
      data: {
        successUserList: [{ userID: 'bob', statusType: 3, customStatus: '午休' }],
        failureUserList: [{ userID: 'ghost', code: 70107, message: 'no such user' }],
      },
    };
  });
  assert.deepEqual(r.result.ok, {
    successUserList: [
      { userID: 'alice', statusType: 1, customStatus: 'away' },
      { userID: 'bob', statusType: 3, customStatus: '午休' },
    ],
    failureUserList: [{ userID: 'ghost', code: 70107, message: 'no such user' }],
  });
  await finish(h);
});

test('subscribe and unsubscribe map to their ops; no list unsubscribes all', async () => {
  const h = await start();
  await h.login('a1', 'alice');
  const s = await h.step({ device: 'a1', action: 'call', api: 'subscribeUserStatus', args: { userIDList: ['bob', 'ghost'] } }, (req) => {
    assert.deepEqual([req.op, req.body], ['subscribe', { userIDList: ['bob', 'ghost'] }]);
    return { code: 0, data: { failureUserList: [{ userID: 'ghost', code: 70107, message: 'x' }] } };
  });
  assert.deepEqual(s.result.ok, { failureUserList: [{ userID: 'ghost', code: 70107, message: 'x' }] });
  const u = await h.step({ device: 'a1', action: 'call', api: 'unsubscribeUserStatus', args: { userIDList: ['bob'] } }, (req) => {
    assert.deepEqual([req.op, req.body], ['unsubscribe', { userIDList: ['bob'] }]);
    return { code: 0, data: { failureUserList: [] } };
  });
  assert.deepEqual(u.result.ok, { failureUserList: [] });
  const all = await h.step({ device: 'a1', action: 'call', api: 'unsubscribeUserStatus' }, (req) => {
    assert.deepEqual([req.op, req.body], ['unsubscribe', { all: true }]);
    return { code: 0, data: { failureUserList: [] } };
  });
  assert.deepEqual(all.result.ok, { failureUserList: [] });
  await finish(h);
});

test('the tier travels as purchase bits: login without it rejects 3122 locally; configure turns it on', async () => {
  const h = await start({ premium: false });
  await h.login('a1', 'alice', { premium: false });
  const r = await h.step({ device: 'a1', action: 'call', api: 'getUserStatus', args: { userIDList: ['bob'] } });
  assert.equal(r.result.error.code, 3122);
  assert.deepEqual(r.requests, []);
  h.send({ type: 'configure', app: makeApp({ premium: true }) });
  assert.deepEqual(await h.sync(), []);
  const ok = await h.step({ device: 'a1', action: 'call', api: 'getUserStatus', args: { userIDList: ['bob'] } }, () => ({
    code: 0,
    data: { successUserList: [{ userID: 'bob', statusType: 3, customStatus: '' }], failureUserList: [] },
  }));
  assert.equal(ok.requests.length, 1);
  assert.deepEqual(ok.result.ok.successUserList, [{ userID: 'bob', statusType: 3, customStatus: '' }]);
  await finish(h);
});

test('the cloud configuration carries get_max_users, subscribe_max_users and the rate limit', async () => {
  const h = await start({ params: { get_max_users: 2, subscribe_max_users: 1, rate_count: 2, rate_window: 1500 } });
  await h.login('a1', 'alice');
  const g = await h.step({ device: 'a1', action: 'call', api: 'getUserStatus', args: { userIDList: ['bob', 'carol', 'dave'] } }, (req) => {
    assert.deepEqual(req.body, { userIDList: ['bob', 'carol'] });
    return { code: 0, data: { successUserList: [], failureUserList: [] } };
  });
  assert.ok(g.result.ok);
  const s = await h.step({ device: 'a1', action: 'call', api: 'subscribeUserStatus', args: { userIDList: ['bob', 'carol'] } }, (req) => {
    assert.deepEqual(req.body, { userIDList: ['bob'] });
    return { code: 0, data: { failureUserList: [] } };
  });
  assert.ok(s.result.ok);
  // rate_count 2: the third get in the window is refused by the SDK itself, without a request
  const backend = () => ({ code: 0, data: { successUserList: [], failureUserList: [] } });
  assert.ok((await h.step({ device: 'a1', action: 'call', api: 'getUserStatus', args: { userIDList: ['bob'] } }, backend)).result.ok);
  const limited = await h.step({ device: 'a1', action: 'call', api: 'getUserStatus', args: { userIDList: ['bob'] } }, backend);
  assert.equal(limited.result.error.code, 2996);
  assert.deepEqual(limited.requests, []);
  // the window is 1.5 s, strictly: at +1500 ms still limited, at +1501 ms a new window
  h.send({ type: 'time', now: 1500 });
  await h.sync();
  assert.equal((await h.step({ device: 'a1', action: 'call', api: 'getUserStatus', args: { userIDList: ['bob'] } }, backend)).result.error.code, 2996);
  h.send({ type: 'time', now: 1501 });
  await h.sync();
  const fresh = await h.step({ device: 'a1', action: 'call', api: 'getUserStatus', args: { userIDList: ['bob'] } }, backend);
  assert.ok(fresh.result.ok);
  assert.equal(fresh.requests.length, 1);
  await finish(h);
});

test('a kick push: kickedOut, then not ready (3003 with an error event), no logout request', async () => {
  const h = await start();
  await h.login('w1', 'alice');
  await h.login('w2', 'alice');
  h.send({ type: 'push', device: 'w1', op: 'kicked', data: { type: 'multipleAccount' } });
  const events = await h.sync();
  assert.deepEqual(events.map((e) => [e.device, e.name, e.data]), [['w1', 'kickedOut', { type: 'multipleAccount' }]]);
  const r = await h.step({ device: 'w1', action: 'call', api: 'setSelfStatus', args: { customStatus: 'x' } });
  assert.equal(r.result.error.code, 3003);
  assert.deepEqual(r.requests, []);
  assert.deepEqual(r.events.map((e) => [e.name, e.data.code]), [['error', 3003]]);
  await finish(h);
});

test('disconnect sends nothing; calls while lost still reach the backend; reconnect re-logs in', async () => {
  const h = await start();
  await h.login('w1', 'alice', { customStatus: 'old' });
  const d = await h.step({ device: 'w1', action: 'disconnect', how: 'silent' });
  assert.deepEqual(d.result.ok, {});
  assert.deepEqual(d.requests, []);
  const lost = await h.step({ device: 'w1', action: 'call', api: 'setSelfStatus', args: { customStatus: 'x' } }, () => ({ code: 2801 }));
  assert.equal(lost.result.error.code, 2801);
  assert.deepEqual(lost.events, []);
  // the SDK's own re-login: the custom status changed while lost → one self item (SES-7)
  const r = await h.step({ device: 'w1', action: 'reconnect' }, (req) => {
    assert.deepEqual([req.op, req.body], ['reconnect', {}]);
    return { code: 0, data: { customStatus: 'new' } };
  });
  assert.deepEqual(r.result.ok, {});
  assert.deepEqual(r.events.map((e) => [e.name, e.data]), [['onUserStatusUpdated', [{ userID: 'alice', statusType: 1, customStatus: 'new' }]]]);
  // reconnect of a connected device: nothing
  const again = await h.step({ device: 'w1', action: 'reconnect' });
  assert.deepEqual([again.requests, again.events], [[], []]);
  await finish(h);
});

test('kicked while lost: the kick arrives with the reconnect, the step still succeeds', async () => {
  const h = await start();
  await h.login('w1', 'alice');
  await h.step({ device: 'w1', action: 'disconnect', how: 'close' });
  const r = await h.step({ device: 'w1', action: 'reconnect' }, (req) => {
    assert.equal(req.op, 'reconnect');
    return { code: 3003, pushes: [{ device: 'w1', op: 'kicked', data: { type: 'multipleAccount' } }] };
  });
  assert.deepEqual(r.result.ok, {});
  const events = r.events.concat(await h.sync());
  assert.deepEqual(events.map((e) => [e.name, e.data]), [['kickedOut', { type: 'multipleAccount' }]]);
  const call = await h.step({ device: 'w1', action: 'call', api: 'getUserStatus', args: { userIDList: ['bob'] } });
  assert.equal(call.result.error.code, 3003);
  await finish(h);
});

test('a week of virtual time passes in a moment and the SDK still answers', async () => {
  const h = await start();
  await h.login('a1', 'alice');
  const t0 = Date.now();
  h.send({ type: 'time', now: 7 * 24 * 3600 * 1000 + 1 });
  assert.deepEqual(await h.sync(), []);
  assert.ok(Date.now() - t0 < 5000, 'a 7-day wait took ' + (Date.now() - t0) + ' ms');
  const r = await h.step({ device: 'a1', action: 'call', api: 'setSelfStatus', args: { customStatus: 'still here' } }, () => ({ code: 0 }));
  assert.equal(r.result.ok.customStatus, 'still here');
  await finish(h);
});

test('--client-reuse: end, sync, and the next init is a new world (every device new)', async () => {
  const h = await start();
  await h.login('a1', 'alice');
  h.send({ type: 'end' });
  assert.deepEqual(await h.sync(), []);
  h.send({ type: 'init', scenario: 'second', app: makeApp(), accounts: ['alice'], friends: [] });
  const r = await h.step({ device: 'a1', action: 'call', api: 'setSelfStatus', args: { customStatus: 'x' } });
  assert.equal(r.result.error.code, 2024);
  assert.deepEqual(r.events.map((e) => [e.name, e.data.code]), [['error', 2024]]);
  await h.login('a1', 'alice');
  await finish(h);
});
