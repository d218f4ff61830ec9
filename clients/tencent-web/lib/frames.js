'use strict';
// The wire format of @tencentcloud/chat 3.6.6 (observed in the published package, verified by
// running it): binary WebSocket frames of UTF-8 JSON {head, body}; a reply echoes the request's
// head (servcmd + seq correlate it); an inbound frame that matches no request is a push.
//
// This module is pure: it decodes the SDK's frames into statussim backend requests
// (spec/PROTOCOL.md, sdk mode) and builds the frames the SDK expects from the backend's replies
// and pushes. adapter.js owns the sockets, the devices and the protocol loop.

// Services and commands (servcmd = "<service>.<command>").
const CMD = Object.freeze({
  LOGIN: 'im_open_status.wslogin',
  LOGOUT: 'im_open_status.wslogout',
  HELLO: 'im_open_status.wshello',
  SET: 'im_open_status.ws_set_custom_status',
  GET: 'im_open_status.ws_get_user_status',
  SUB: 'im_open_status.ws_status_subscribe',
  UNSUB: 'im_open_status.ws_status_unsubscribe',
  KICK_PUSH: 'im_open_status.stat_forceoffline',
  STATUS_PUSH: 'im_open_push.msg_push',
  PING: 'heartbeat.alive',
  FETCH_PURCHASE_BITS: 'im_sdk_config_mgr.fetch_imsdk_purchase_bitsv2',
  PUSH_PURCHASE_BITS: 'im_sdk_config_mgr.push_imsdk_purchase_bitsv2',
  FETCH_CONFIG: 'im_sdk_config_mgr.fetch_config',
  PUSH_CONFIG: 'im_sdk_config_mgr.push_configv2',
});

// The four status commands, by servcmd, with the statussim backend op each becomes.
const STATUS_OPS = Object.freeze({
  [CMD.SET]: 'set_self_status',
  [CMD.GET]: 'get_user_status',
  [CMD.SUB]: 'subscribe',
  [CMD.UNSUB]: 'unsubscribe',
});

// The SDK's rate-limited commands (its cmd_frequency_limit names them without the service).
const RATE_LIMITED_CMDS = Object.freeze(['ws_get_user_status', 'ws_status_subscribe', 'ws_status_unsubscribe']);

// Purchase bits: the user-status feature is bit 7 counted from the right (the SDK's
// USER_STATUS feature key is 2^7). "10000000" = premium, "0" = not.
const PURCHASE_BITS_PREMIUM = '10000000';
const PURCHASE_BITS_NONE = '0';

// KickType in a stat_forceoffline KickoutMsgNotify (and in a wshello answer).
const KICK_TYPES = Object.freeze({ multipleAccount: 1, multipleDevice: 2 });

// An Event number for EventArray items: the SDK routes an item by its data key
// (UserStatusList, C2cNotifyMsgArray), except for the events 14, 16, 24, 26 and 100, which it
// treats specially. The real server's number is not known; any ordinary one works.
const PUSH_EVENT = 3;

// ------------------------------------------------------------------ bytes and base64

function utf8Encode(text) {
  return Buffer.from(text, 'utf8');
}

function utf8Decode(bytes) {
  return Buffer.from(bytes.buffer ? bytes.buffer : bytes, bytes.byteOffset || 0, bytes.byteLength).toString('utf8');
}

// Incoming customStatus is decoded by the SDK as base64 of UTF-8 (outgoing it is plain text).
function b64(text) {
  return Buffer.from(String(text), 'utf8').toString('base64');
}

function unb64(text) {
  return Buffer.from(String(text), 'base64').toString('utf8');
}

function purchaseBits(premium) {
  return premium ? PURCHASE_BITS_PREMIUM : PURCHASE_BITS_NONE;
}

function isPremiumBits(bits) {
  return typeof bits === 'string' && bits.length >= 8 && bits[bits.length - 8] === '1';
}

// ------------------------------------------------------------------ frames

// What the SDK hands to WebSocket.send: a Uint8Array of UTF-8 JSON (binary frames), or a string.
function decodeFrame(data) {
  let text;
  if (typeof data === 'string') text = data;
  else if (data instanceof ArrayBuffer) text = Buffer.from(data).toString('utf8');
  else if (ArrayBuffer.isView(data)) text = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  else throw new Error('unexpected frame type: ' + Object.prototype.toString.call(data));
  const frame = JSON.parse(text);
  if (!frame || typeof frame !== 'object' || !frame.head || typeof frame.head.servcmd !== 'string') {
    throw new Error('frame without head.servcmd: ' + text.slice(0, 200));
  }
  return frame;
}

// What the fake socket hands to onmessage: an ArrayBuffer (binaryType "arraybuffer") of UTF-8
// JSON. Never compressed: the SDK inflates only frames that start with "COMP".
function encodeFrame(frame) {
  const bytes = utf8Encode(JSON.stringify(frame));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

// The head of a reply: the request's own head (servcmd and seq correlate it).
function replyFrame(requestHead, body) {
  return { head: { ...requestHead }, body };
}

function pushFrame(servcmd, seq, body) {
  return { head: { servcmd, seq, reqtime: 0 }, body };
}

// ------------------------------------------------------------------ SDK → backend

// Reads a key of an outgoing body under either of its spellings (the SDK renames request keys
// through per-command and global key maps: userIDList → To_Account, customStatus → CustomStatus).
function pick(body, ...names) {
  for (const name of names) if (body && Object.prototype.hasOwnProperty.call(body, name)) return body[name];
  return undefined;
}

// The statussim backend request for one of the four status commands, or null for any other
// servcmd. `{op, body}`.
function statusRequest(frame) {
  const op = STATUS_OPS[frame.head.servcmd];
  if (!op) return null;
  const body = frame.body || {};
  if (op === 'set_self_status') {
    return { op, body: { customStatus: pick(body, 'CustomStatus', 'customStatus') } };
  }
  const ids = pick(body, 'To_Account', 'userIDList');
  if (op === 'unsubscribe') {
    const all = pick(body, 'UnsubscribeAll', 'unsubscribeAll');
    if (all === 1 || all === true || ids === undefined) return { op, body: { all: true } };
  }
  return { op, body: { userIDList: ids === undefined ? [] : ids } };
}

// ------------------------------------------------------------------ backend → SDK

function errorBody(code, message) {
  return { ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: message || '' };
}

function okBody(extra) {
  return { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...extra };
}

function userStatusEntry(item) {
  return {
    To_Account: item.userID,
    Status: item.statusType,
    CustomStatus: b64(item.customStatus === undefined || item.customStatus === null ? '' : item.customStatus),
  };
}

function failureEntry(item) {
  return { To_Account: item.userID, ErrorCode: item.code, ErrorInfo: item.message || '' };
}

// The reply body for a status command from the backend's reply {code, data, message}.
function statusReplyBody(op, code, data, message) {
  if (code !== 0) return errorBody(code, message);
  data = data || {};
  if (op === 'set_self_status') return okBody({});
  const failures = (data.failureUserList || []).map(failureEntry);
  if (op === 'get_user_status') {
    return okBody({ UserStatusList: (data.successUserList || []).map(userStatusEntry), ErrorList: failures });
  }
  return okBody({ ErrorList: failures });
}

// The wslogin reply the SDK accepts (a new login, or the re-login after a reconnect).
// A2Key and TinyId must be non-empty; CustomStatus is base64; PurchaseBits carry the tier.
function loginReplyBody({ customStatus, premium, tinyId, instanceId, nowMs, helloIntervalS }) {
  return okBody({
    A2Key: 'statussim-a2-' + tinyId,
    TinyId: String(tinyId),
    HelloInterval: helloIntervalS,
    InstId: instanceId,
    TimeStamp: Math.floor(nowMs / 1000),
    CustomStatus: b64(customStatus || ''),
    PurchaseBits: purchaseBits(premium),
  });
}

function statusPushBody(list) {
  return { EventArray: [{ Event: PUSH_EVENT, UserStatusList: list.map(userStatusEntry) }] };
}

function kickPushBody(type) {
  const kickType = KICK_TYPES[type];
  if (!kickType) throw new Error('unknown kick type: ' + type);
  return {
    EventArray: [{ Event: PUSH_EVENT, C2cNotifyMsgArray: [{ KickoutMsgNotify: { KickType: kickType, NewInstInfo: {} } }] }],
  };
}

// Purchase bits, fetched (reply) or pushed: {int32_error_code, str_purchase_bits, uint32_expired_time}.
function purchaseBitsBody(premium, expiredS) {
  return { int32_error_code: 0, str_error_message: '', str_purchase_bits: purchaseBits(premium), uint32_expired_time: expiredS };
}

// The cloud configuration that carries the PAR-2 parameters the SDK reads itself:
// status_query_count (get_max_users), status_sub_count and status_unsub_count
// (subscribe_max_users; the SDK applies them only when status_query_count is present), and
// cmd_frequency_limit (rate_count per rate_window, in seconds: the SDK compares
// Date.now() - start > 1000 * interval, so a fraction of a second is exact).
function cloudConfig(params) {
  const p = params || {};
  const config = {};
  if (p.get_max_users !== undefined) config.status_query_count = String(p.get_max_users);
  if (p.subscribe_max_users !== undefined) {
    config.status_sub_count = String(p.subscribe_max_users);
    config.status_unsub_count = String(p.subscribe_max_users);
  }
  if (p.rate_count !== undefined && p.rate_window !== undefined) {
    config.cmd_frequency_limit = JSON.stringify(
      RATE_LIMITED_CMDS.map((cmd) => ({ cmd, interval: p.rate_window / 1000, count: p.rate_count })),
    );
  }
  return config;
}

function cloudConfigBody(params, version, expiredS) {
  return {
    int32_error_code: 0,
    str_error_message: '',
    str_json_config: JSON.stringify(cloudConfig(params)),
    uint32_expired_time: expiredS,
    uint64_version: version,
  };
}

// The side commands 3.6.6 sends (seen over the whole suite). Another version may send others:
// the adapter answers any command the same way, and logs the ones not listed here.
const SIDE_CMDS = new Set([
  'profile.portrait_get_all',
  'sns.black_list_get',
  'sns.friend_get',
  'sns.group_get',
  'sns.pendency_get',
  'recentcontact.page_get',
  'recentcontact.get_contact_group',
  'group_open_http_svc.get_joined_group_list',
  'million_group_open_http_svc.get_joined_group_list',
  'openim.getmsg',
  'imopenstat.tim_web_report_v2',
]);

// Replies to the side traffic the SDK sends after a login (profile, contacts, groups, friends,
// messages, telemetry): none of it concerns user status, none reaches the harness. Some of it
// pages until told it is complete.
function sideReplyBody(servcmd) {
  const extra = {};
  if (servcmd === 'sns.black_list_get') Object.assign(extra, { StartIndex: 0, CurruentSequence: 0 });
  if (servcmd === 'recentcontact.page_get' || servcmd === 'sns.friend_get') extra.CompleteFlag = 1;
  if (servcmd === 'openim.getmsg') Object.assign(extra, { Cookie: '', SyncFlag: 2, MsgList: [] }); // no cookie: the sync stops
  return okBody(extra);
}

module.exports = {
  CMD,
  STATUS_OPS,
  RATE_LIMITED_CMDS,
  SIDE_CMDS,
  PURCHASE_BITS_PREMIUM,
  PURCHASE_BITS_NONE,
  KICK_TYPES,
  PUSH_EVENT,
  b64,
  unb64,
  utf8Decode,
  purchaseBits,
  isPremiumBits,
  decodeFrame,
  encodeFrame,
  replyFrame,
  pushFrame,
  statusRequest,
  statusReplyBody,
  errorBody,
  okBody,
  loginReplyBody,
  statusPushBody,
  kickPushBody,
  purchaseBitsBody,
  cloudConfig,
  cloudConfigBody,
  sideReplyBody,
};
