'use strict';
// Unit tests of the frame translation (lib/frames.js): no SDK, no process.
const test = require('node:test');
const assert = require('node:assert/strict');
const f = require('../lib/frames');

const head = { servcmd: 'im_open_status.ws_get_user_status', seq: 42, a2: 'k', tinyid: '1' };

test('decodeFrame reads the SDK binary frame (Uint8Array of UTF-8 JSON), strings and ArrayBuffers', () => {
  const frame = { head, body: { To_Account: ['alice', '张三'] } };
  const bytes = new Uint8Array(Buffer.from(JSON.stringify(frame), 'utf8'));
  assert.deepEqual(f.decodeFrame(bytes), frame);
  assert.deepEqual(f.decodeFrame(JSON.stringify(frame)), frame);
  assert.deepEqual(f.decodeFrame(bytes.buffer.slice(0)), frame);
});

test('decodeFrame rejects a frame without head.servcmd', () => {
  assert.throws(() => f.decodeFrame('{"body":{}}'), /servcmd/);
  assert.throws(() => f.decodeFrame('not json'));
});

test('encodeFrame gives an uncompressed ArrayBuffer that decodes back', () => {
  const frame = f.pushFrame(f.CMD.STATUS_PUSH, 7, f.statusPushBody([{ userID: 'bob', statusType: 1, customStatus: '😀' }]));
  const buffer = f.encodeFrame(frame);
  assert.ok(buffer instanceof ArrayBuffer);
  const bytes = new Uint8Array(buffer);
  assert.notEqual(String.fromCharCode(...bytes.slice(0, 4)), 'COMP'); // the SDK inflates only COMP frames
  assert.deepEqual(f.decodeFrame(bytes), frame);
});

test('replyFrame echoes the request head (servcmd + seq correlate the reply)', () => {
  const reply = f.replyFrame(head, { ErrorCode: 0 });
  assert.equal(reply.head.servcmd, head.servcmd);
  assert.equal(reply.head.seq, 42);
  assert.notEqual(reply.head, head);
});

test('custom status is base64 of UTF-8 towards the SDK, both ways exact', () => {
  for (const text of ['', 'busy', '张三在开会', '😀 emoji', 'a'.repeat(101), 'x=y&z']) {
    assert.equal(f.unb64(f.b64(text)), text);
  }
  assert.equal(f.b64('busy'), 'YnVzeQ==');
  assert.equal(f.b64('张'), Buffer.from('张').toString('base64'));
});

test('purchase bits: the user-status feature is bit 7 from the right', () => {
  assert.equal(f.purchaseBits(true), '10000000');
  assert.equal(f.purchaseBits(false), '0');
  assert.ok(f.isPremiumBits('10000000'));
  assert.ok(f.isPremiumBits('110000000'));
  assert.ok(!f.isPremiumBits('01111111'));
  assert.ok(!f.isPremiumBits('0'));
  // The SDK reads the string from its last character: bit i is 2^i; USER_STATUS is 2^7.
  const bits = f.purchaseBits(true);
  assert.equal(parseInt(bits, 2), 1 << 7);
  const body = f.purchaseBitsBody(true, 86400);
  assert.deepEqual(body, { int32_error_code: 0, str_error_message: '', str_purchase_bits: '10000000', uint32_expired_time: 86400 });
});

test('statusRequest maps the four commands and their renamed keys to backend ops', () => {
  const frame = (servcmd, body) => ({ head: { servcmd, seq: 1 }, body });
  assert.deepEqual(f.statusRequest(frame(f.CMD.SET, { CustomStatus: 'busy' })), { op: 'set_self_status', body: { customStatus: 'busy' } });
  assert.deepEqual(f.statusRequest(frame(f.CMD.GET, { To_Account: ['a', 'b'] })), { op: 'get_user_status', body: { userIDList: ['a', 'b'] } });
  assert.deepEqual(f.statusRequest(frame(f.CMD.SUB, { To_Account: ['a'] })), { op: 'subscribe', body: { userIDList: ['a'] } });
  assert.deepEqual(f.statusRequest(frame(f.CMD.UNSUB, { To_Account: ['a'] })), { op: 'unsubscribe', body: { userIDList: ['a'] } });
  assert.deepEqual(f.statusRequest(frame(f.CMD.UNSUB, { UnsubscribeAll: 1 })), { op: 'unsubscribe', body: { all: true } });
  // non-string IDs pass through as they were sent (the backend names them in failureUserList)
  assert.deepEqual(f.statusRequest(frame(f.CMD.GET, { To_Account: [5, null] })).body, { userIDList: [5, null] });
  assert.equal(f.statusRequest(frame(f.CMD.LOGIN, {})), null);
  assert.equal(f.statusRequest(frame('sns.friend_get', {})), null);
});

test('statusReplyBody builds the server keys the SDK maps back (get: UserStatusList/ErrorList, b64 status)', () => {
  const body = f.statusReplyBody('get_user_status', 0, {
    successUserList: [{ userID: 'bob', statusType: 3, customStatus: '开会' }],
    failureUserList: [{ userID: 'ghost', code: 70107, message: 'no such user' }],
  });
  assert.equal(body.ErrorCode, 0);
  assert.deepEqual(body.UserStatusList, [{ To_Account: 'bob', Status: 3, CustomStatus: f.b64('开会') }]);
  assert.deepEqual(body.ErrorList, [{ To_Account: 'ghost', ErrorCode: 70107, ErrorInfo: 'no such user' }]);
  assert.deepEqual(f.statusReplyBody('subscribe', 0, { failureUserList: [] }), f.okBody({ ErrorList: [] }));
  assert.deepEqual(f.statusReplyBody('unsubscribe', 0, {}), f.okBody({ ErrorList: [] }));
  assert.deepEqual(f.statusReplyBody('set_self_status', 0, {}), f.okBody({}));
});

test('a non-zero backend code becomes ErrorCode (the SDK rejects with it as is)', () => {
  for (const code of [2801, 2996, 3122, 70402, 72001]) {
    const body = f.statusReplyBody('set_self_status', code, {}, 'why');
    assert.equal(body.ErrorCode, code);
    assert.equal(body.ErrorInfo, 'why');
  }
});

test('loginReplyBody carries what the SDK requires: A2Key, TinyId, b64 CustomStatus, PurchaseBits', () => {
  const body = f.loginReplyBody({ customStatus: 'away', premium: true, tinyId: '144115200000000001', instanceId: 1, nowMs: 1735689600123, helloIntervalS: 30 });
  assert.equal(body.ErrorCode, 0);
  assert.ok(body.A2Key.length > 0);
  assert.equal(body.TinyId, '144115200000000001');
  assert.equal(body.CustomStatus, f.b64('away'));
  assert.equal(body.PurchaseBits, '10000000');
  assert.equal(body.TimeStamp, 1735689600);
  assert.equal(body.HelloInterval, 30);
  assert.equal(f.loginReplyBody({ customStatus: '', premium: false, tinyId: '1', instanceId: 1, nowMs: 0, helloIntervalS: 30 }).PurchaseBits, '0');
});

test('the status push body: one EventArray item with UserStatusList (Status → statusType in msg_push)', () => {
  const body = f.statusPushBody([
    { userID: 'alice', statusType: 1, customStatus: 'busy' },
    { userID: 'bob', statusType: 2, customStatus: '' },
  ]);
  assert.equal(body.EventArray.length, 1);
  const item = body.EventArray[0];
  assert.ok(![14, 16, 24, 26, 100].includes(item.Event)); // events the SDK routes specially
  assert.deepEqual(item.UserStatusList, [
    { To_Account: 'alice', Status: 1, CustomStatus: 'YnVzeQ==' },
    { To_Account: 'bob', Status: 2, CustomStatus: '' },
  ]);
});

test('the kick push body: KickoutMsgNotify with KickType 1 (multipleAccount) or 2 (multipleDevice)', () => {
  const kick = (type) => f.kickPushBody(type).EventArray[0].C2cNotifyMsgArray[0].KickoutMsgNotify.KickType;
  assert.equal(kick('multipleAccount'), 1);
  assert.equal(kick('multipleDevice'), 2);
  assert.throws(() => f.kickPushBody('userSigExpired'), /unknown kick type/);
});

test('the cloud configuration carries get_max_users, subscribe_max_users and the rate limit', () => {
  const config = f.cloudConfig({ get_max_users: 3, subscribe_max_users: 2, rate_count: 4, rate_window: 2500, offline_expiry: 1 });
  assert.equal(config.status_query_count, '3');
  assert.equal(config.status_sub_count, '2');
  assert.equal(config.status_unsub_count, '2');
  assert.deepEqual(JSON.parse(config.cmd_frequency_limit), [
    { cmd: 'ws_get_user_status', interval: 2.5, count: 4 },
    { cmd: 'ws_status_subscribe', interval: 2.5, count: 4 },
    { cmd: 'ws_status_unsubscribe', interval: 2.5, count: 4 },
  ]);
  assert.deepEqual(Object.keys(config).sort(), ['cmd_frequency_limit', 'status_query_count', 'status_sub_count', 'status_unsub_count']);
  const body = f.cloudConfigBody({ get_max_users: 500 }, 9, 86400);
  assert.equal(body.int32_error_code, 0);
  assert.equal(body.uint64_version, 9);
  assert.deepEqual(JSON.parse(body.str_json_config), { status_query_count: '500' });
});

test('side traffic replies end the paging the SDK does after login', () => {
  assert.equal(f.sideReplyBody('sns.black_list_get').StartIndex, 0);
  assert.equal(f.sideReplyBody('recentcontact.page_get').CompleteFlag, 1);
  assert.equal(f.sideReplyBody('sns.friend_get').CompleteFlag, 1);
  assert.equal(f.sideReplyBody('profile.portrait_get_all').ErrorCode, 0);
});
