// Contract test: starts the real labourbridge server, calls every endpoint of the API
// (successes and every kind of error), and checks each response's status, body and headers
// against what data/openapi.json declares for that path, method and status. It also checks
// that the document and the server describe the same set of routes, so neither can drift.
//
//   LB_BIN=/path/to/labourbridge node --test   (default: ../../build/bin/labourbridge)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const LB_BIN = resolve(here, process.env.LB_BIN ?? '../../build/bin/labourbridge');
const DOC_FILE = join(repo, 'data/openapi.json');
const doc = JSON.parse(readFileSync(DOC_FILE, 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// HTML pages (and their static files) are for browsers, not API clients: routes outside
// /api/ other than /healthz and /readyz are left out of the document unless it describes them
// (POST /login and /logout answer JSON too, and are documented). Instead, browser.test.mjs
// fails when a page route has no browser scenario visiting it.
const pageRoute = (route) => {
  const path = route.split(' ')[1];
  return !path.startsWith('/api/') && path !== '/healthz' && path !== '/readyz';
};

// --- the OpenAPI document as validators --------------------------------------------------

const DOC_ID = 'urn:labourbridge:openapi';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, DOC_ID);
const validators = new Map();

const escapePointer = (s) => String(s).replaceAll('~', '~0').replaceAll('/', '~1');

// Follows a local $ref ("#/components/...") inside the document; returns the object and its pointer.
function deref(node, pointer) {
  while (node && typeof node.$ref === 'string') {
    assert.ok(node.$ref.startsWith('#/'), `only local $refs are supported: ${node.$ref}`);
    pointer = node.$ref.slice(1);
    node = pointer.split('/').slice(1)
      .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce((o, k) => o?.[k], doc);
    assert.ok(node !== undefined, `dangling $ref at ${pointer}`);
  }
  return { node, pointer };
}

// Validates a value against the schema found at a JSON pointer in the document.
function validateAt(pointer, value, what) {
  let validate = validators.get(pointer);
  if (!validate) {
    validate = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
    validators.set(pointer, validate);
  }
  if (!validate(value)) {
    const errors = validate.errors.map((e) => `  ${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');
    assert.fail(`${what} does not match ${pointer}:\n${errors}\n` +
      `value: ${JSON.stringify(value, null, 2).slice(0, 2000)}`);
  }
}

function operation(method, template) {
  const op = doc.paths[template]?.[method.toLowerCase()];
  assert.ok(op, `${method} ${template} is not in the OpenAPI document`);
  return op;
}

// --- the server --------------------------------------------------------------------------

let server;            // the child process
let serverExit;        // Promise<{code, signal}>
let serverLog = '';    // stdout + stderr, shown when something fails
let base;              // http://127.0.0.1:PORT
let token;
let dbUrl;   // the server's database, for CLI calls made while it runs
let workDir;

before(async () => {
  assert.ok(existsSync(LB_BIN), `${LB_BIN} is missing: build it first (make build), or set LB_BIN`);
  workDir = mkdtempSync(join(tmpdir(), 'lb-e2e-'));
  const db = `sqlite:${join(workDir, 'e2e.db')}`;
  dbUrl = db;
  execFileSync(LB_BIN, ['user', 'add', 'e2e-admin', '--role', 'admin', '--country', 'VN', '--password-stdin', '--db', db], {
    encoding: 'utf8', input: 'E2e-Contract-Check-2026\n', stdio: ['pipe', 'pipe', 'pipe'],
  });
  token = execFileSync(LB_BIN, ['token', 'create', '--user', 'e2e-admin', '--name', 'e2e', '--db', db], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
  assert.match(token, /^\S{20,}$/, 'token create prints the token on stdout');

  server = spawn(LB_BIN, ['serve', '--db', db, '--node-key', join(workDir, 'node.key'), '--listen', '127.0.0.1:0', '--threads', '2'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serverExit = new Promise((res) => server.on('exit', (code, signal) => res({ code, signal })));
  server.stderr.on('data', (d) => { serverLog += d; });
  base = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not report its port in 15 s:\n${serverLog}`)), 15000);
    let out = '';
    server.stdout.on('data', (d) => {
      serverLog += d;
      out += d;
      const m = out.match(/listening on http:\/\/([\w.-]+):(\d+)/);
      if (m) {
        clearTimeout(timer);
        res(`http://${m[1]}:${m[2]}`);
      }
    });
    serverExit.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`server exited early (code ${code}, signal ${signal}):\n${serverLog}`));
    });
  });
});

after(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await serverExit;
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// --- calling the API and checking the answer against the document ------------------------

const exercised = new Set();        // "METHOD /template" of each documented operation called
const statusesSeen = new Map();     // "METHOD /template" -> Set of statuses

function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (_, k) => {
    assert.ok(k in params, `missing path parameter ${k}`);
    return encodeURIComponent(params[k]);
  });
}

/**
 * Calls `method template` and checks the answer against the document.
 * opts: params (path), query (object or raw string), json (a value to send as JSON),
 * body (raw string/Buffer), headers, auth (false: no token; a string: that token),
 * validRequest (the JSON body must match the documented request schema).
 */
async function call(method, template, opts = {}) {
  const { params = {}, query, headers = {}, auth = true, validRequest = false } = opts;
  let url = base + fill(template, params);
  if (typeof query === 'string') url += `?${query}`;
  else if (query) url += `?${new URLSearchParams(query)}`;
  const h = { ...headers };
  if (auth === true) h.authorization = `Bearer ${token}`;
  else if (typeof auth === 'string') h.authorization = auth;
  let body = opts.body;
  if (opts.oversized) {
    const res = await sendOversized(method, url, h, {
      eager: opts.oversized === 'eager', bytes: opts.oversized.bytes, declared: opts.declaredLength,
    });
    try {
      checkResponse(method, template, res);
    } catch (e) {
      throw new assert.AssertionError({ message: `${method} ${url} (body over the limit) -> ${res.status} ${res.text.slice(0, 500)}\n${e.message}` });
    }
    return res;
  }
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    h['content-type'] ??= 'application/json';
    if (validRequest) {
      const op = operation(method, template);
      const { node: rb, pointer } = deref(op.requestBody, `/paths/${escapePointer(template)}/${method.toLowerCase()}/requestBody`);
      const media = rb.content[h['content-type']] ? h['content-type'] : 'application/json';
      assert.ok(rb.content[media], `${method} ${template} documents no ${media} request body`);
      validateAt(`${pointer}/content/${escapePointer(media)}/schema`, opts.json, `request body of ${method} ${template}`);
    }
  }
  const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
  const text = await res.text();
  const result = { status: res.status, headers: res.headers, text, body: undefined };
  try {
    checkResponse(method, template, result);
  } catch (e) {
    throw new assert.AssertionError({ message: `${method} ${url} -> ${res.status} ${text.slice(0, 500)}\n${e.message}` });
  }
  return result;
}

// Sends a body over the server's 1 MiB limit over a plain socket. A careful client sends
// `Expect: 100-continue` and the body only when the server asks for it; the server rejects
// the request from its Content-Length right away. With eager: true the whole body is sent
// at once, as most clients do.
// With declared: N, the request announces N bytes (for routes with a larger limit, such as
// uploads) and the server must refuse it from the headers alone; bytes: N sends a real body of
// about N bytes (for a route whose limit is above the default).
function sendOversized(method, url, headers, { eager = false, bytes = 1100 * 1024, declared } = {}) {
  const { hostname, port, pathname, search } = new URL(url);
  const body = Buffer.from(JSON.stringify({ family_name: 'x'.repeat(bytes) })); // > 1 MiB by default
  const head = [`${method} ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Content-Type: application/json',
    `Content-Length: ${declared ?? body.length}`, ...(eager ? [] : ['Expect: 100-continue']),
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let buf = Buffer.alloc(0);
    let sentBody = false;
    const sendBody = () => {
      if (!sentBody) { sentBody = true; socket.end(body); }
    };
    // No answer after the headers: send the body (a server may want to read it first).
    const timer = setTimeout(sendBody, 2000);
    const finish = (result, error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error); else resolve(result);
    };
    socket.on('error', () => {}); // the server may close while the body is still going out
    socket.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [statusLine, ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
        const status = Number(statusLine.split(' ')[1]);
        const h = new Headers();
        for (const line of lines) {
          const colon = line.indexOf(':');
          h.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
        }
        if (status === 100) {
          buf = buf.subarray(end + 4);
          sendBody();
          continue;
        }
        const length = Number(h.get('content-length') ?? 0);
        if (buf.length < end + 4 + length) return;
        return finish({ status, headers: h, text: buf.subarray(end + 4, end + 4 + length).toString('utf8') });
      }
    });
    socket.on('close', () => finish(null, new Error(`${method} ${url}: the connection closed without a complete response ` +
      `(received ${buf.length} bytes)`)));
    socket.write(head);
    if (eager) sendBody();
  });
}

function checkResponse(method, template, res) {
  const key = `${method} ${template}`;
  const op = operation(method, template);
  exercised.add(key);
  if (!statusesSeen.has(key)) statusesSeen.set(key, new Set());
  statusesSeen.get(key).add(res.status);
  const opPointer = `/paths/${escapePointer(template)}/${method.toLowerCase()}`;
  assert.ok(op.responses[res.status], `${key} answered ${res.status}, which the document does not declare ` +
    `(declared: ${Object.keys(op.responses).join(', ')})`);
  const { node: response, pointer } = deref(op.responses[res.status], `${opPointer}/responses/${res.status}`);
  checkBodyAndHeaders(res, response, pointer, key);
}

function checkBodyAndHeaders(res, response, pointer, what) {
  if (response.content) {
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    assert.ok(response.content[mediaType],
      `${what} ${res.status}: content-type ${mediaType} is not one of ${Object.keys(response.content).join(', ')}`);
    res.body = mediaType.endsWith('json') ? JSON.parse(res.text) : res.text;
    validateAt(`${pointer}/content/${escapePointer(mediaType)}/schema`, res.body, `${what} ${res.status} body`);
  } else {
    assert.equal(res.text, '', `${what} ${res.status} should have no body`);
  }
  for (const [name, h] of Object.entries(response.headers ?? {})) {
    const { node: header, pointer: hp } = deref(h, `${pointer}/headers/${escapePointer(name)}`);
    const value = res.headers.get(name);
    if (value === null) {
      assert.ok(!header.required, `${what} ${res.status}: required header ${name} is missing`);
      continue;
    }
    validateAt(`${hp}/schema`, value, `${what} ${res.status} header ${name}`);
  }
  // Cross-checks the document promises in prose.
  if (res.body && typeof res.body.version === 'number' && res.headers.get('etag')) {
    assert.equal(res.headers.get('etag'), `"${res.body.version}"`, 'ETag is the version in quotes');
  }
  if (res.body && res.headers.get('location')) {
    assert.ok(res.headers.get('location').endsWith(`/${res.body.id}`), 'Location names the created record');
  }
  if (res.body && typeof res.body.status === 'number') {
    assert.equal(res.body.status, res.status, 'problem status equals the HTTP status');
  }
}

// Checks a response that no operation declares (405, unknown path) against a named schema.
function checkProblem(res, expectedType) {
  assert.equal((res.headers.get('content-type') ?? '').split(';')[0], 'application/problem+json');
  res.body = JSON.parse(res.text);
  validateAt('/components/schemas/Problem', res.body, `${res.status} problem`);
  assert.equal(res.body.type, `urn:labourbridge:problem:${expectedType}`);
  assert.equal(res.body.status, res.status);
}

const fieldsOf = (res) => res.body.errors.map((e) => e.field).sort();
const codeOf = (res, field) => res.body.errors.find((e) => e.field === field)?.code;

// --- shared records ----------------------------------------------------------------------

const ids = {};
const etags = {};

// --- operations endpoints ----------------------------------------------------------------

test('health, readiness and the served OpenAPI document', async () => {
  let r = await call('GET', '/healthz', { auth: false });
  assert.equal(r.status, 200);
  r = await call('GET', '/readyz', { auth: false });
  assert.equal(r.status, 200);
  r = await call('GET', '/api/v1/openapi.json', { auth: false });
  assert.equal(r.status, 200);
  assert.ok(isDeepStrictEqual(r.body, doc), `the server does not serve data/openapi.json as it is in the tree: rebuild ${LB_BIN}`);
  r = await call('GET', '/api/v1/openapi.json', { auth: 'Bearer not-a-token' });
  assert.equal(r.status, 200, 'the document needs no token, and a bad one does not matter');
  for (const path of ['/healthz', '/readyz', '/api/v1/openapi.json']) {
    r = await call('GET', path, { auth: false, query: 'x=%ZZ' });
    assert.equal(r.status, 400, `${path} with bad percent-encoding`);
  }
});

// --- persons -----------------------------------------------------------------------------

const laoWorker = {
  family_name: 'Phommavong',
  given_names: 'Khamla',
  native_name: 'ຄຳຫຼ້າ ພົມມະວົງ',
  sex: 'F',
  birth_date: '1994-03',
  nationality: 'LA',
  home_province: 'LA-SV',
  documents: [{ kind: 'passport', number: 'P1234567', issuing_country: 'LA', expires: '2031-02-28' }],
  phone: '+856 20 5555 1234',
};

test('persons: create, idempotent replay, and create errors', async () => {
  let r = await call('POST', '/api/v1/persons', { json: laoWorker, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', '/api/v1/persons', { json: laoWorker, auth: 'Bearer lb_not_a_real_token' });
  assert.equal(r.status, 401);

  r = await call('POST', '/api/v1/persons', { json: laoWorker, headers: { 'idempotency-key': 'e2e-person-1' }, validRequest: true });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('idempotent-replayed'), null);
  assert.equal(r.body.native_name, laoWorker.native_name);
  assert.equal(r.body.version, 1);
  ids.lao = r.body.id;

  r = await call('POST', '/api/v1/persons', { json: laoWorker, headers: { 'idempotency-key': 'e2e-person-1' } });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('idempotent-replayed'), 'true');
  assert.equal(r.body.id, ids.lao, 'a replay returns the first response');

  r = await call('POST', '/api/v1/persons', { json: { ...laoWorker, phone: '+856 20 5555 9999' }, headers: { 'idempotency-key': 'e2e-person-1' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'Idempotency-Key'), 'reused');

  // Vietnamese name sent decomposed (NFD) comes back composed (NFC); passport number normalised.
  const vietWorker = {
    family_name: 'Nguyễn'.normalize('NFD'), given_names: 'Văn An', native_name: 'Nguyễn Văn An'.normalize('NFD'),
    sex: 'M', birth_date: '1988', nationality: 'VN', home_province: 'VN-29',
    documents: [{ kind: 'passport', number: 'c 1234567', issuing_country: 'VN' }, { kind: 'national_id', number: '001088012345', issuing_country: 'VN', expires: null }],
  };
  r = await call('POST', '/api/v1/persons', { json: vietWorker, validRequest: true });
  assert.equal(r.status, 201);
  assert.equal(r.body.native_name, 'Nguyễn Văn An'.normalize('NFC'));
  assert.equal(r.body.documents[0].number, 'C1234567');
  ids.viet = r.body.id;

  r = await call('POST', '/api/v1/persons', { json: { given_names: 'Bounmy', sex: 'X', nationality: 'LA' }, validRequest: true });
  assert.equal(r.status, 201);
  assert.equal(r.body.family_name, '');
  ids.third = r.body.id;

  r = await call('POST', '/api/v1/persons', { body: '{"given_names": "Khamla",', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await call('POST', '/api/v1/persons', { body: Buffer.from('{"given_names":"\xff"}', 'latin1'), headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400, 'invalid UTF-8');
  r = await call('POST', '/api/v1/persons', { json: { given_names: 'ຄຳຫຼ້າ', sex: 'female', nationality: 'Laos', birth_date: '1994-13', documents: [{ kind: 'visa', number: '?', issuing_country: 'LA' }] } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['birth_date', 'documents[0].kind', 'documents[0].number', 'given_names', 'nationality', 'sex']);
  assert.equal(codeOf(r, 'given_names'), 'not_latin');
  r = await call('POST', '/api/v1/persons', { json: { ...laoWorker, shoe_size: 38, sex: 1 } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['sex', 'shoe_size']);
  assert.equal(codeOf(r, 'shoe_size'), 'unknown_field');
  assert.equal(codeOf(r, 'sex'), 'type');
  r = await call('POST', '/api/v1/persons', { json: ['not', 'an', 'object'] });
  assert.equal(r.status, 422);
  r = await call('POST', '/api/v1/persons', { json: laoWorker, headers: { 'idempotency-key': 'bad key with spaces' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'Idempotency-Key'), 'invalid');

  // The same passport under another name: first the duplicate warning, then, confirmed, the
  // document's uniqueness still refuses it.
  r = await call('POST', '/api/v1/persons', { json: { ...laoWorker, given_names: 'Other' } });
  assert.equal(r.status, 409, 'a probable duplicate is not created');
  checkProblem(r, 'possible-duplicate');
  assert.equal(r.body.candidates[0].person.id, ids.lao);
  assert.ok(r.body.candidates[0].reasons.includes('document'));
  r = await call('POST', '/api/v1/persons', { json: { ...laoWorker, given_names: 'Other', confirm_new: true }, validRequest: true });
  assert.equal(r.status, 409, 'the same passport cannot belong to two persons');
  assert.equal(codeOf(r, 'documents'), 'duplicate');

  r = await call('POST', '/api/v1/persons', { oversized: true });
  assert.equal(r.status, 413);
});

// A client that sends the whole oversized body without waiting (no Expect: 100-continue)
// must still get the 413: the server drains the rest of the body before it closes
// (lingering close); closing at once would reset the connection and lose the answer.
test('413 also reaches a client that sends the whole oversized body at once', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await call('POST', '/api/v1/persons', { oversized: 'eager' });
    assert.equal(r.status, 413);
  }
});

test('persons: list, filters and pagination', async () => {
  let r = await call('GET', '/api/v1/persons', { query: { limit: 2 } });
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 2);
  assert.notEqual(r.body.next_cursor, null);
  const first = r.body.items.map((p) => p.id);
  r = await call('GET', '/api/v1/persons', { query: { limit: 2, cursor: r.body.next_cursor } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((p) => p.id), [ids.third]);
  assert.equal(r.body.next_cursor, null);
  assert.deepEqual(first, [ids.lao, ids.viet]);

  r = await call('GET', '/api/v1/persons', { query: { nationality: 'LA', province: 'LA-SV', status: 'active' } });
  assert.deepEqual(r.body.items.map((p) => p.id), [ids.lao]);

  r = await call('GET', '/api/v1/persons', { auth: false });
  assert.equal(r.status, 401);
  r = await call('GET', '/api/v1/persons', { query: { limit: 'ten', colour: 'blue' } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['colour', 'limit']);
  r = await call('GET', '/api/v1/persons', { query: { limit: 501 } });
  assert.equal(r.status, 422);
  r = await call('GET', '/api/v1/persons', { query: { cursor: 'not-a-cursor' } });
  assert.equal(r.status, 422);
  r = await call('GET', '/api/v1/persons', { query: 'nationality=%ZZ' });
  assert.equal(r.status, 400);
});

test('persons: read, change with If-Match, archive', async () => {
  const item = '/api/v1/persons/{id}';
  let r = await call('GET', item, { params: { id: ids.lao } });
  assert.equal(r.status, 200);
  etags.lao = r.headers.get('etag');
  assert.equal(etags.lao, '"1"');
  r = await call('GET', item, { params: { id: '01a21703-0000-7000-8000-000000000000' } });
  assert.equal(r.status, 404);
  r = await call('GET', item, { params: { id: 'not-a-uuid' } });
  assert.equal(r.status, 404);
  r = await call('GET', item, { params: { id: ids.lao }, auth: false });
  assert.equal(r.status, 401);
  r = await call('GET', item, { params: { id: ids.lao }, query: 'a=%ZZ' });
  assert.equal(r.status, 400);

  const patch = { phone: '+856 20 7777 1234', home_province: null };
  r = await call('PATCH', item, { params: { id: ids.lao }, json: patch });
  assert.equal(r.status, 428);
  r = await call('PATCH', item, { params: { id: ids.lao }, json: patch, headers: { 'if-match': '"7"' } });
  assert.equal(r.status, 412);
  r = await call('PATCH', item, { params: { id: ids.lao }, json: patch, headers: { 'if-match': etags.lao, 'content-type': 'application/merge-patch+json' }, validRequest: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.phone, patch.phone);
  assert.equal(r.body.home_province, null);
  assert.equal(r.body.native_name, laoWorker.native_name, 'fields left out keep their value');
  assert.equal(r.headers.get('etag'), '"2"');
  etags.lao = r.headers.get('etag');
  r = await call('PATCH', item, { params: { id: ids.lao }, json: patch, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 412, 'the old ETag is stale now');

  r = await call('PATCH', item, { params: { id: ids.lao }, json: { version: 9, sex: 'Q', eye_colour: 'brown' }, headers: { 'if-match': etags.lao } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'version'), 'read_only');
  assert.equal(codeOf(r, 'eye_colour'), 'unknown_field');
  r = await call('PATCH', item, { params: { id: ids.lao }, json: { given_names: null }, headers: { 'if-match': etags.lao } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'given_names'), 'required');
  r = await call('PATCH', item, { params: { id: ids.viet }, json: { documents: laoWorker.documents }, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 409, 'another person has this passport');
  r = await call('PATCH', item, { params: { id: ids.lao }, body: '{"phone":', headers: { 'if-match': etags.lao } });
  assert.equal(r.status, 400);
  r = await call('PATCH', item, { params: { id: '01a21703-0000-7000-8000-000000000000' }, json: patch, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 404);
  r = await call('PATCH', item, { params: { id: ids.lao }, json: patch, auth: false });
  assert.equal(r.status, 401);
  r = await call('PATCH', item, { params: { id: ids.lao }, oversized: true, headers: { 'if-match': etags.lao } });
  assert.equal(r.status, 413);

  const archive = '/api/v1/persons/{id}/archive';
  r = await call('POST', archive, { params: { id: ids.third } });
  assert.equal(r.status, 428);
  r = await call('POST', archive, { params: { id: ids.third }, headers: { 'if-match': '"5"' } });
  assert.equal(r.status, 412);
  r = await call('POST', archive, { params: { id: ids.third }, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'archived');
  assert.equal(r.body.version, 2);
  r = await call('POST', archive, { params: { id: ids.third }, headers: { 'if-match': '"2"' } });
  assert.equal(r.status, 409, 'already archived');
  r = await call('PATCH', item, { params: { id: ids.third }, json: { phone: '021 123 456' }, headers: { 'if-match': '"2"' } });
  assert.equal(r.status, 409, 'an archived person cannot be edited');
  r = await call('POST', archive, { params: { id: '01a21703-0000-7000-8000-000000000000' }, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 404);
  r = await call('POST', archive, { params: { id: ids.third }, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', archive, { params: { id: ids.third }, query: 'x=%ZZ' });
  assert.equal(r.status, 400);
  r = await call('POST', archive, { params: { id: ids.third }, oversized: true });
  assert.equal(r.status, 413);
  r = await call('GET', '/api/v1/persons', { query: { status: 'archived' } });
  assert.deepEqual(r.body.items.map((p) => p.id), [ids.third]);
});

// --- employers ---------------------------------------------------------------------------

const laoEmployer = {
  name: 'Công ty TNHH Xây dựng Sông Đà Lào', native_name: 'ບໍລິສັດ ຊົ່ງດ່າ ລາວ', registration_number: '0101234567',
  country: 'LA', province: 'LA-VT', sector: 'F', address: 'Ban Phonxay, Xaysetha, Vientiane',
};
const vietEmployer = { name: 'Savan Logistics Co., Ltd.', registration_number: '0312345678', country: 'VN', province: 'VN-N01', sector: 'H' };

test('employers: create, list, read, change, archive', async () => {
  let r = await call('POST', '/api/v1/employers', { json: laoEmployer, headers: { 'idempotency-key': 'e2e-employer-1' }, validRequest: true });
  assert.equal(r.status, 201);
  ids.laoEmployer = r.body.id;
  r = await call('POST', '/api/v1/employers', { json: laoEmployer, headers: { 'idempotency-key': 'e2e-employer-1' } });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('idempotent-replayed'), 'true');
  r = await call('POST', '/api/v1/employers', { json: vietEmployer, validRequest: true });
  assert.equal(r.status, 201);
  ids.vietEmployer = r.body.id;
  r = await call('POST', '/api/v1/employers', { json: { name: 'Shell Co', registration_number: 'X-1', country: 'LA' }, validRequest: true });
  assert.equal(r.status, 201);
  ids.closedEmployer = r.body.id;

  r = await call('POST', '/api/v1/employers', { json: { ...laoEmployer, name: 'Copy' } });
  assert.equal(r.status, 409);
  assert.equal(codeOf(r, 'registration_number'), 'duplicate');
  r = await call('POST', '/api/v1/employers', { json: { name: '', registration_number: 'R-1', country: 'LA', province: 'VN-N01', sector: 'Z' } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['name', 'province', 'sector']);
  r = await call('POST', '/api/v1/employers', { json: { name: 'X', country: 'LA', ceo: 'x' } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['ceo', 'registration_number']);
  r = await call('POST', '/api/v1/employers', { body: 'not json', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await call('POST', '/api/v1/employers', { json: vietEmployer, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', '/api/v1/employers', { oversized: true });
  assert.equal(r.status, 413);

  r = await call('GET', '/api/v1/employers', { query: { country: 'LA', province: 'LA-VT', status: 'active', limit: 10 } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((e) => e.id), [ids.laoEmployer]);
  r = await call('GET', '/api/v1/employers', { query: { limit: 1 } });
  assert.equal(r.body.items.length, 1);
  assert.notEqual(r.body.next_cursor, null);
  r = await call('GET', '/api/v1/employers', { query: { sector: 'F' } });
  assert.equal(r.status, 422);
  r = await call('GET', '/api/v1/employers', { auth: false });
  assert.equal(r.status, 401);
  r = await call('GET', '/api/v1/employers', { query: 'country=%G1' });
  assert.equal(r.status, 400);

  const item = '/api/v1/employers/{id}';
  r = await call('GET', item, { params: { id: ids.laoEmployer } });
  assert.equal(r.status, 200);
  r = await call('GET', item, { params: { id: '01a21703-0000-7000-8000-000000000001' } });
  assert.equal(r.status, 404);
  r = await call('GET', item, { params: { id: ids.laoEmployer }, auth: false });
  assert.equal(r.status, 401);
  r = await call('GET', item, { params: { id: ids.laoEmployer }, query: 'x=%ZZ' });
  assert.equal(r.status, 400);

  const patch = { address: 'Km 3, Thadeua Road, Vientiane', native_name: null };
  r = await call('PATCH', item, { params: { id: ids.laoEmployer }, json: patch });
  assert.equal(r.status, 428);
  r = await call('PATCH', item, { params: { id: ids.laoEmployer }, json: patch, headers: { 'if-match': '"3"' } });
  assert.equal(r.status, 412);
  r = await call('PATCH', item, { params: { id: ids.laoEmployer }, json: patch, headers: { 'if-match': 'W/"1"' }, validRequest: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.native_name, null);
  assert.equal(r.body.version, 2);
  r = await call('PATCH', item, { params: { id: ids.laoEmployer }, json: { country: 'VN' }, headers: { 'if-match': '"2"' } });
  assert.equal(r.status, 422, 'the province is no longer in the country');
  assert.equal(codeOf(r, 'province'), 'province_not_in_country');
  r = await call('PATCH', item, { params: { id: ids.closedEmployer }, json: { registration_number: '0101234567' }, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 409, 'registration number taken in this country');
  r = await call('PATCH', item, { params: { id: ids.laoEmployer }, body: '[1,', headers: { 'if-match': '"2"' } });
  assert.equal(r.status, 400);
  r = await call('PATCH', item, { params: { id: '01a21703-0000-7000-8000-000000000001' }, json: patch, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 404);
  r = await call('PATCH', item, { params: { id: ids.laoEmployer }, json: patch, auth: false });
  assert.equal(r.status, 401);
  r = await call('PATCH', item, { params: { id: ids.laoEmployer }, oversized: true, headers: { 'if-match': '"2"' } });
  assert.equal(r.status, 413);

  const archive = '/api/v1/employers/{id}/archive';
  r = await call('POST', archive, { params: { id: ids.closedEmployer } });
  assert.equal(r.status, 428);
  r = await call('POST', archive, { params: { id: ids.closedEmployer }, headers: { 'if-match': '"9"' } });
  assert.equal(r.status, 412);
  r = await call('POST', archive, { params: { id: ids.closedEmployer }, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'archived');
  r = await call('POST', archive, { params: { id: ids.closedEmployer }, headers: { 'if-match': '"2"' } });
  assert.equal(r.status, 409);
  r = await call('POST', archive, { params: { id: '01a21703-0000-7000-8000-000000000001' }, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 404);
  r = await call('POST', archive, { params: { id: ids.closedEmployer }, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', archive, { params: { id: ids.closedEmployer }, query: 'x=%ZZ' });
  assert.equal(r.status, 400);
  r = await call('POST', archive, { params: { id: ids.closedEmployer }, oversized: true });
  assert.equal(r.status, 413);
});

// --- work permits ------------------------------------------------------------------------

test('permits: create and create errors', async () => {
  const inLaos = {
    person_id: ids.viet, employer_id: ids.laoEmployer, host_country: 'LA', host_province: 'LA-VT', occupation: '7112',
    permit_number: 'la-2025/ 001', valid_from: '2027-01-01', valid_until: '2027-12-31',
  };
  let r = await call('POST', '/api/v1/permits', { json: inLaos, headers: { 'idempotency-key': 'e2e-permit-1' }, validRequest: true });
  assert.equal(r.status, 201);
  assert.equal(r.body.status, 'applied');
  assert.equal(r.body.permit_number, 'LA-2025/001');
  assert.equal(r.body.transitions.length, 1);
  ids.laPermit = r.body.id;
  r = await call('POST', '/api/v1/permits', { json: inLaos, headers: { 'idempotency-key': 'e2e-permit-1' } });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('idempotent-replayed'), 'true');
  assert.equal(r.body.id, ids.laPermit);

  const inVietnam = {
    person_id: ids.lao, employer_id: ids.vietEmployer, host_country: 'VN', host_province: 'VN-N01', occupation: '8322',
    permit_number: 'HN-2025/00123', issued: '2025-08-15', valid_from: '2025-09-01', valid_until: '2027-08-31', status: 'issued',
  };
  r = await call('POST', '/api/v1/permits', { json: inVietnam, validRequest: true });
  assert.equal(r.status, 201);
  assert.equal(r.body.status, 'issued');
  ids.vnPermit = r.body.id;
  r = await call('POST', '/api/v1/permits', { json: { ...inLaos, permit_number: 'LA-2025/002' }, validRequest: true });
  assert.equal(r.status, 201);
  ids.laPermit2 = r.body.id;

  r = await call('POST', '/api/v1/permits', { json: { ...inLaos, valid_from: '2025-03-01', valid_until: '2025-03-01' } });
  assert.equal(r.status, 409, 'duplicate permit number in the host country');
  assert.equal(codeOf(r, 'permit_number'), 'duplicate');
  r = await call('POST', '/api/v1/permits', { json: { ...inLaos, permit_number: 'LA-2025/003', valid_until: '2026-12-31' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'valid_until'), 'before_valid_from');
  r = await call('POST', '/api/v1/permits', { json: { ...inLaos, permit_number: 'LA-2025/003', valid_until: '2028-01-01' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'valid_until'), 'too_long', 'Laos allows at most 12 months');
  r = await call('POST', '/api/v1/permits', { json: { ...inVietnam, permit_number: 'HN-2025/9', host_province: 'VN-HN' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'host_province'), 'province_not_valid_on_date');
  r = await call('POST', '/api/v1/permits', { json: { ...inLaos, permit_number: 'LA-2025/004', person_id: ids.third, employer_id: ids.closedEmployer } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'person_id'), 'archived');
  assert.equal(codeOf(r, 'employer_id'), 'archived');
  r = await call('POST', '/api/v1/permits', { json: { ...inLaos, person_id: 'nope', host_country: 'TH', occupation: '9999', permit_number: 'X-1', status: 'expired', valid_from: '2025-02-30' } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['host_country', 'occupation', 'person_id', 'status', 'valid_from']);
  r = await call('POST', '/api/v1/permits', { json: { host_country: 'LA', extra: true } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['employer_id', 'extra', 'host_province', 'occupation', 'permit_number', 'person_id', 'valid_from', 'valid_until']);
  r = await call('POST', '/api/v1/permits', { body: '{', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await call('POST', '/api/v1/permits', { json: inLaos, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', '/api/v1/permits', { oversized: true });
  assert.equal(r.status, 413);
});

test('permits: list, read and change', async () => {
  let r = await call('GET', '/api/v1/permits', { query: { host_country: 'LA', status: 'applied', person: ids.viet, employer: ids.laoEmployer, province: 'LA-VT', expiring_before: '2028-01-01' } });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.items.map((p) => p.id), [ids.laPermit, ids.laPermit2]);
  assert.ok(r.body.items.every((p) => !('transitions' in p)), 'list items leave out the history');
  r = await call('GET', '/api/v1/permits', { query: { limit: 2 } });
  r = await call('GET', '/api/v1/permits', { query: { limit: 2, cursor: r.body.next_cursor } });
  assert.equal(r.body.items.length, 1);
  assert.equal(r.body.next_cursor, null);
  r = await call('GET', '/api/v1/permits', { query: { status: 'lost', expiring_before: 'soon' } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['expiring_before', 'status']);
  r = await call('GET', '/api/v1/permits', { auth: false });
  assert.equal(r.status, 401);
  r = await call('GET', '/api/v1/permits', { query: 'status=%' });
  assert.equal(r.status, 400);

  const item = '/api/v1/permits/{id}';
  r = await call('GET', item, { params: { id: ids.vnPermit } });
  assert.equal(r.status, 200);
  assert.equal(r.body.transitions[0].from, null);
  assert.equal(r.body.transitions[0].to, 'issued');
  assert.equal(r.body.transitions[0].actor, 'e2e-admin');
  r = await call('GET', item, { params: { id: '01a21703-0000-7000-8000-000000000002' } });
  assert.equal(r.status, 404);
  r = await call('GET', item, { params: { id: ids.vnPermit }, auth: false });
  assert.equal(r.status, 401);
  r = await call('GET', item, { params: { id: ids.vnPermit }, query: 'x=%ZZ' });
  assert.equal(r.status, 400);

  r = await call('PATCH', item, { params: { id: ids.laPermit }, json: { occupation: '7115' } });
  assert.equal(r.status, 428);
  r = await call('PATCH', item, { params: { id: ids.laPermit }, json: { occupation: '7115' }, headers: { 'if-match': '"4"' } });
  assert.equal(r.status, 412);
  r = await call('PATCH', item, { params: { id: ids.laPermit }, json: { occupation: '7115', issued: '2026-11-20' }, headers: { 'if-match': '"1"' }, validRequest: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.occupation, '7115');
  assert.equal(r.body.version, 2);
  assert.equal(r.body.transitions.length, 1);
  r = await call('PATCH', item, { params: { id: ids.laPermit }, json: { status: 'issued', host_country: 'VN', occupation: '12' }, headers: { 'if-match': '"2"' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'status'), 'read_only');
  assert.equal(codeOf(r, 'host_country'), 'read_only');
  r = await call('PATCH', item, { params: { id: ids.laPermit2 }, json: { permit_number: 'LA-2025/001' }, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 409);
  r = await call('PATCH', item, { params: { id: ids.laPermit }, body: '{"occupation"', headers: { 'if-match': '"2"' } });
  assert.equal(r.status, 400);
  r = await call('PATCH', item, { params: { id: '01a21703-0000-7000-8000-000000000002' }, json: { occupation: '7115' }, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 404);
  r = await call('PATCH', item, { params: { id: ids.laPermit }, json: { occupation: '7115' }, auth: false });
  assert.equal(r.status, 401);
  r = await call('PATCH', item, { params: { id: ids.laPermit }, oversized: true, headers: { 'if-match': '"2"' } });
  assert.equal(r.status, 413);
});

test('permits: lawful transitions only', async () => {
  // The Lao permit runs through 2027 so that it is in force when the suite runs: a permit whose
  // end date has passed reads as expired (docs/api.md) and can no longer be extended.
  const tr = '/api/v1/permits/{id}/transitions';
  // Laos: applied -> issued -> extended (12 months each, no limit on extensions).
  // A transition is dated between the permit's last change and today (docs/security.md).
  const today = new Date().toISOString().slice(0, 10);
  let r = await call('POST', tr, { params: { id: ids.laPermit }, json: { to: 'issued', date: today }, headers: { 'if-match': '"2"' }, validRequest: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'issued');
  r = await call('POST', tr, { params: { id: ids.laPermit }, json: { to: 'extended', date: today, valid_until: '2028-12-31', reason: 'Contract renewed' }, validRequest: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.extensions, 1);
  r = await call('POST', tr, { params: { id: ids.laPermit }, json: { to: 'extended', date: today, valid_until: '2029-12-31' }, validRequest: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.extensions, 2);
  assert.equal(r.body.valid_until, '2029-12-31');
  assert.deepEqual(r.body.transitions.map((t) => t.to), ['applied', 'issued', 'extended', 'extended']);
  r = await call('POST', tr, { params: { id: ids.laPermit }, json: { to: 'extended', date: today, valid_until: '2031-12-31' } });
  assert.equal(r.status, 422, 'an extension in Laos is at most 12 months');
  assert.equal(codeOf(r, 'valid_until'), 'too_long');
  r = await call('POST', tr, { params: { id: ids.laPermit }, json: { to: 'withdrawn', date: today } });
  assert.equal(r.status, 409);
  assert.equal(codeOf(r, 'to'), 'unlawful_transition');

  // Vietnam: one extension of at most 2 years, then revocation with a reason.
  r = await call('POST', tr, { params: { id: ids.vnPermit }, json: { to: 'extended', date: today, valid_until: '2029-08-31' }, headers: { 'if-match': '"1"' }, validRequest: true });
  assert.equal(r.status, 200);
  r = await call('POST', tr, { params: { id: ids.vnPermit }, json: { to: 'extended', date: today, valid_until: '2030-08-31' } });
  assert.equal(r.status, 409);
  assert.equal(codeOf(r, 'to'), 'extension_limit');
  r = await call('POST', tr, { params: { id: ids.vnPermit }, json: { to: 'revoked', date: today } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'reason'), 'required');
  r = await call('POST', tr, { params: { id: ids.vnPermit }, json: { to: 'revoked', date: today, reason: 'Left the employer', valid_until: '2029-01-01' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'valid_until'), 'not_allowed');
  r = await call('POST', tr, { params: { id: ids.vnPermit }, json: { to: 'revoked', date: today, reason: 'Left the employer', by: 'me' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'by'), 'unknown_field');
  r = await call('POST', tr, { params: { id: ids.vnPermit }, json: { to: 'revoked', date: today, reason: 'Left the employer' }, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 412);
  r = await call('POST', tr, { params: { id: ids.vnPermit }, json: { to: 'revoked', date: today, reason: 'Left the employer' }, headers: { 'if-match': '"2"' }, validRequest: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.status, 'revoked');
  assert.equal(r.body.transitions.at(-1).reason, 'Left the employer');
  r = await call('PATCH', '/api/v1/permits/{id}', { params: { id: ids.vnPermit }, json: { occupation: '7115' }, headers: { 'if-match': '"3"' } });
  assert.equal(r.status, 409, 'a revoked permit can no longer be edited');

  r = await call('POST', tr, { params: { id: ids.laPermit2 }, json: { to: 'refused', date: today, reason: 'Quota reached' }, validRequest: true });
  assert.equal(r.status, 200);
  r = await call('POST', tr, { params: { id: ids.laPermit2 }, json: { to: 'issued', date: today } });
  assert.equal(r.status, 409, 'refused is final');

  r = await call('POST', tr, { params: { id: '01a21703-0000-7000-8000-000000000002' }, json: { to: 'issued', date: today } });
  assert.equal(r.status, 404);
  r = await call('POST', tr, { params: { id: ids.laPermit }, body: '{"to":"issued"', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await call('POST', tr, { params: { id: ids.laPermit }, json: { to: 'issued', date: today }, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', tr, { params: { id: ids.laPermit }, oversized: true });
  assert.equal(r.status, 413);
});

// --- document <-> server coverage ---------------------------------------------------------

// A concrete path for each documented template.
const samplePath = (template) => template.replace('{id}', ids.laPermit ?? '01a21703-0000-7000-8000-000000000002');

test('a method a path does not support gets 405 with Allow listing exactly the documented methods', async () => {
  for (const [template, item] of Object.entries(doc.paths)) {
    const documented = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase()).sort();
    const res = await fetch(base + samplePath(template), { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: '{}' });
    const r = { status: res.status, headers: res.headers, text: await res.text() };
    assert.equal(r.status, 405, `PUT ${template}`);
    checkProblem(r, 'method-not-allowed');
    const allow = r.headers.get('allow').split(',').map((s) => s.trim())
      .filter((m) => documented.includes(m) || !pageRoute(`${m} ${template}`)).sort();
    assert.deepEqual(allow, documented, `${template}: methods the server allows vs the document`);
  }
  const res = await fetch(`${base}/api/v1/nothing-here`, { headers: { authorization: `Bearer ${token}` } });
  const r = { status: res.status, headers: res.headers, text: await res.text() };
  assert.equal(r.status, 404);
  checkProblem(r, 'not-found');
});

// The server's route table, as `labourbridge routes --json` prints it: the router the server
// runs, not a reading of the sources.
function routesOfServer() {
  const table = JSON.parse(execFileSync(LB_BIN, ['routes', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  return new Set(table.map((r) => `${r.method} ${r.path}`));
}

// Users and tokens made through the CLI while the server runs (SQLite in WAL mode allows it).
function tokenFor(name, role) {
  execFileSync(LB_BIN, ['user', 'add', name, '--role', role, '--country', 'VN', '--password-stdin', '--db', dbUrl], {
    encoding: 'utf8', input: 'E2e-Contract-Check-2026\n', stdio: ['pipe', 'pipe', 'pipe'],
  });
  return 'Bearer ' + execFileSync(LB_BIN, ['token', 'create', '--user', name, '--db', dbUrl], {
    encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

test('a role without rights gets 403 on every operation, before any validation', async () => {
  const coop = tokenFor('e2e-coop', 'cooperation_officer');
  const someId = '01a21703-0000-7000-8000-0000000000ff';
  for (const [template, item] of Object.entries(doc.paths)) {
    if (!template.startsWith('/api/v1/') || template === '/api/v1/openapi.json' || template === '/api/v1/session') continue;
    if (template.startsWith('/api/v1/cooperation/')) continue; // the cooperation officer's own area (tested below)
    if (template.startsWith('/api/v1/reference/')) continue; // reference reads: any signed-in role (200)
    for (const m of METHODS) {
      if (!item[m]) continue;
      const method = m.toUpperCase();
      const opts = { params: { id: someId, kind: 'persons' }, auth: coop, headers: { 'if-match': '"1"' } };
      if (method !== 'GET') opts.json = {};
      const r = await call(method, template, opts);
      assert.equal(r.status, 403, `${method} ${template} as cooperation_officer`);
      assert.match(r.body.detail, /role|auditor/i);
    }
  }
});

test('audit log: auditors read it, newest first, narrowed by entity', async () => {
  const auditor = tokenFor('e2e-auditor', 'auditor');
  let r = await call('GET', '/api/v1/audit', { auth: auditor, query: { limit: 5 } });
  assert.equal(r.status, 200);
  assert.ok(r.body.items.length > 0);
  const seqs = r.body.items.map((e) => e.seq);
  assert.deepEqual([...seqs].sort((a, b) => b - a), seqs, 'newest first');
  r = await call('GET', '/api/v1/audit', { auth: auditor, query: { entity: `person:${ids.lao}` } });
  assert.equal(r.status, 200);
  const actions = r.body.items.map((e) => e.action);
  assert.ok(actions.includes('person.create'), actions.join(','));
  assert.ok(actions.includes('person.read'), 'reads of a person are audited: ' + actions.join(','));
  assert.ok(r.body.items.every((e) => e.entity_type === 'person' && e.entity_id === ids.lao));
  // A record the auditor cannot see (here: none such) is 404, exactly as in the registry.
  r = await call('GET', '/api/v1/audit', { auth: auditor, query: { entity: 'person:01900000-0000-7000-8000-000000000000' } });
  assert.equal(r.status, 404);
  r = await call('GET', '/api/v1/audit', { auth: auditor, query: { limit: 0 } });
  assert.equal(r.status, 422);
  r = await call('GET', '/api/v1/audit', { auth: auditor, query: 'entity=%FF' });
  assert.equal(r.status, 400);
  r = await call('GET', '/api/v1/audit', { auth: false });
  assert.equal(r.status, 401);
});

// The HTML pages themselves are not API operations and are not in the OpenAPI document
// (see pageRoute below); they are fetched plainly here, and browser.test.mjs covers them all.
async function page(path, headers = {}) {
  const res = await fetch(base + path, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

test('browser sign-in: the page, a form post, the home page, sign out', async () => {
  tokenFor('e2e-browser', 'registry_officer');
  const form = (fields) => new URLSearchParams(fields).toString();
  // A browser posts the login form with its Origin (login CSRF: a form with neither Origin nor
  // Referer needs the login page's pre-login token).
  const html = { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: base };
  let r = await page('/login');
  assert.equal(r.status, 200);
  assert.match(r.text, /<html lang="en">/);
  assert.match(r.text, /<form method="post" action="\/login">/);
  assert.match(r.text, /<label for="password">/);
  assert.doesNotMatch(r.text, /<script(?![^>]*\bsrc=)/, 'no inline script: the CSP forbids it');
  r = await page('/static/app.css');
  assert.equal(r.status, 200);
  for (const p of ['/login', '/', '/static/app.css']) {
    r = await page(`${p}?x=%zz`);
    assert.equal(r.status, 400, `${p} with bad percent-encoding`);
  }
  r = await page('/');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login');

  r = await call('POST', '/login', { auth: false, headers: html, body: form({ name: 'e2e-browser"><b>x', password: 'nope-nope-nope' }) });
  assert.equal(r.status, 401);
  assert.match(r.text, /role="alert"/);
  assert.match(r.text, /Unknown user name or wrong password\./);
  assert.match(r.text, /value="e2e-browser&quot;&gt;&lt;b&gt;x"/, 'the name typed is kept, escaped');

  r = await call('POST', '/login', { auth: false, headers: html, body: form({ name: 'e2e-browser', password: 'E2e-Contract-Check-2026' }) });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/');
  const cookie = r.headers.get('set-cookie').split(';')[0];
  r = await page('/', { cookie });
  assert.equal(r.status, 200);
  assert.match(r.text, /<span class="who">e2e-browser<\/span>/);
  const csrf = r.text.match(/name="csrf_token" value="([^"]+)"/)[1];
  r = await call('POST', '/logout', { auth: false, headers: { ...html, cookie }, body: form({ csrf_token: csrf }) });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login');
  r = await page('/', { cookie });
  assert.equal(r.status, 303, 'signed out');
});

test('web sessions: login, the session, CSRF on logout, no reuse after logout, throttling', async () => {
  tokenFor('e2e-web', 'viewer');  // password E2e-Contract-Check-2026
  let r = await call('POST', '/login', { auth: false, json: { name: 'e2e-web', password: 'wrong-password-123' } });
  assert.equal(r.status, 401);
  assert.equal(r.body.detail, 'Unknown user name or wrong password.');
  r = await call('POST', '/login', { auth: false, json: { name: 'nobody-at-all', password: 'wrong-password-123' } });
  assert.equal(r.status, 401);
  assert.equal(r.body.detail, 'Unknown user name or wrong password.', 'unknown user and wrong password answer alike');
  r = await call('POST', '/login', { auth: false, json: { name: 'e2e-web', password: 'x'.repeat(2000) } });
  assert.equal(r.status, 422);
  r = await call('POST', '/login', { auth: false, body: '{"name":', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await call('POST', '/login', { auth: false, validRequest: true, json: { name: 'e2e-web', password: 'E2e-Contract-Check-2026' } });
  assert.equal(r.status, 200);
  const setCookie = r.headers.get('set-cookie');
  // A browser-session cookie: no Max-Age unless "remember" (keep me signed in) is sent.
  assert.match(setCookie, /^lb_session=[\w-]{20,}; Path=\/; HttpOnly; SameSite=Lax$/);
  const cookie = setCookie.split(';')[0];
  const csrf = r.body.csrf_token;
  assert.equal(r.body.role, 'viewer');

  r = await call('GET', '/api/v1/session', { auth: false, headers: { cookie } });
  assert.equal(r.status, 200);
  assert.equal(r.body.user, 'e2e-web');
  r = await call('GET', '/api/v1/session', { auth: false });
  assert.equal(r.status, 401);
  // The session cookie works on the API like a token, within the user's role.
  r = await call('GET', '/api/v1/persons', { auth: false, headers: { cookie }, query: { limit: 1 } });
  assert.equal(r.status, 200);

  r = await call('POST', '/logout', { auth: false, headers: { cookie } });
  assert.equal(r.status, 403, 'logout needs the CSRF token');
  r = await call('POST', '/logout', { auth: false, headers: { cookie, 'x-csrf-token': 'forged' } });
  assert.equal(r.status, 403);
  r = await call('POST', '/logout', { auth: false, headers: { cookie, 'x-csrf-token': csrf } });
  assert.equal(r.status, 204);
  r = await call('GET', '/api/v1/session', { auth: false, headers: { cookie } });
  assert.equal(r.status, 401, 'an ended session id is not accepted again');
  r = await call('POST', '/logout', { auth: false, headers: { cookie, 'x-csrf-token': csrf } });
  assert.equal(r.status, 401);

  // Repeated failures from one address: the next attempts wait (last, as it blocks this address).
  let throttled;
  for (let i = 0; i < 8 && !throttled; i++) {
    r = await call('POST', '/login', { auth: false, json: { name: 'e2e-web', password: `wrong-${i}-password` } });
    if (r.status === 429) throttled = r;
  }
  assert.ok(throttled, 'failed logins from one address are throttled');
  assert.match(throttled.headers.get('retry-after'), /^\d+$/);
});

test("a person's history lists the changes to the record, newest first", async () => {
  const hist = '/api/v1/persons/{id}/history';
  let r = await call('GET', hist, { params: { id: ids.lao } });
  assert.equal(r.status, 200);
  const actions = r.body.items.map((e) => e.action);
  assert.equal(actions[actions.length - 1], 'person.create', actions.join(','));
  assert.ok(!actions.includes('person.read'), 'reads are not part of the history');
  const seqs = r.body.items.map((e) => e.seq);
  assert.deepEqual([...seqs].sort((a, b) => b - a), seqs);
  r = await call('GET', hist, { params: { id: '01a21703-0000-7000-8000-000000000000' } });
  assert.equal(r.status, 404);
  r = await call('GET', hist, { params: { id: ids.lao }, auth: false });
  assert.equal(r.status, 401);
});

// --- cooperation governance ---------------------------------------------------------------

const COOP = '/api/v1/cooperation';
const tinyPdf = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
const noSuchCoopId = '01a21703-0000-7000-8000-00000000c00f';

// Creates a record of one kind and provokes every documented answer of its list, create,
// read and change operations; returns the created record.
async function exerciseCoopKind(plural, valid, invalid, change, viewer) {
  const coll = `${COOP}/${plural}`;
  const item = `${coll}/{id}`;
  let r = await call('POST', coll, { json: valid, validRequest: true, headers: { 'idempotency-key': `e2e-${plural}-1` } });
  assert.equal(r.status, 201, `create ${plural}: ${r.text}`);
  const created = r.body;
  r = await call('POST', coll, { json: valid, headers: { 'idempotency-key': `e2e-${plural}-1` } });
  assert.equal(r.status, 201);
  assert.equal(r.headers.get('idempotent-replayed'), 'true');
  assert.equal(r.body.id, created.id);
  r = await call('POST', coll, { body: '{"x":', headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await call('POST', coll, { json: valid, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', coll, { json: valid, auth: viewer });
  assert.equal(r.status, 403);
  r = await call('POST', coll, { oversized: true });
  assert.equal(r.status, 413);
  r = await call('POST', coll, { json: invalid });
  assert.equal(r.status, 422, `${plural} invalid: ${r.text}`);

  r = await call('GET', coll, { query: { limit: 10 }, auth: viewer });
  assert.equal(r.status, 200);
  assert.ok(r.body.items.some((x) => x.id === created.id));
  r = await call('GET', coll, { auth: false });
  assert.equal(r.status, 401);
  r = await call('GET', coll, { query: { limit: 0 } });
  assert.equal(r.status, 422);

  r = await call('GET', item, { params: { id: created.id } });
  assert.equal(r.status, 200);
  r = await call('GET', item, { params: { id: noSuchCoopId } });
  assert.equal(r.status, 404);
  r = await call('GET', item, { params: { id: created.id }, auth: false });
  assert.equal(r.status, 401);

  const etag = `"${created.version}"`;
  r = await call('PATCH', item, { params: { id: created.id }, json: change });
  assert.equal(r.status, 428);
  r = await call('PATCH', item, { params: { id: created.id }, json: change, headers: { 'if-match': '"99"' } });
  assert.equal(r.status, 412);
  r = await call('PATCH', item, { params: { id: created.id }, body: '{', headers: { 'if-match': etag, 'content-type': 'application/json' } });
  assert.equal(r.status, 400);
  r = await call('PATCH', item, { params: { id: created.id }, json: { no_such_member: 1 }, headers: { 'if-match': etag } });
  assert.equal(r.status, 422);
  r = await call('PATCH', item, { params: { id: created.id }, json: change, auth: false, headers: { 'if-match': etag } });
  assert.equal(r.status, 401);
  r = await call('PATCH', item, { params: { id: created.id }, json: change, auth: viewer, headers: { 'if-match': etag } });
  assert.equal(r.status, 403);
  r = await call('PATCH', item, { params: { id: noSuchCoopId }, json: change, headers: { 'if-match': etag } });
  assert.equal(r.status, 404);
  r = await call('PATCH', item, { params: { id: created.id }, oversized: true });
  assert.equal(r.status, 413);
  r = await call('PATCH', item, { params: { id: created.id }, json: change, headers: { 'if-match': etag } });
  assert.equal(r.status, 200, `patch ${plural}: ${r.text}`);
  assert.equal(r.body.version, created.version + 1);
  return r.body;
}

test('cooperation: organisations, conferences, agreements, commitments, activities, twinning', async () => {
  const viewer = tokenFor('e2e-coop-viewer', 'viewer');
  const officer = tokenFor('e2e-coop-officer', 'cooperation_officer');
  const org = (code, country, en, vi) => ({ code, country, kind: 'ministry', name: { en, vi } });
  const molisa = await exerciseCoopKind('organisations',
    org('VN-MOLISA', 'VN', 'Ministry of Labour, Invalids and Social Affairs', 'Bộ Lao động – Thương binh và Xã hội'),
    { code: 'bad code', country: 'TH', kind: 'ministry', name: {} }, { abbreviation: 'MoLISA' }, viewer);
  let r = await call('POST', `${COOP}/organisations`, { json: org('VN-MOHA', 'VN', 'Ministry of Home Affairs', 'Bộ Nội vụ'), auth: officer });
  assert.equal(r.status, 201);
  const moha = r.body;
  r = await call('POST', `${COOP}/organisations`, { json: { code: 'LA-MOLSW', country: 'LA', kind: 'ministry', name: { lo: 'ກະຊວງແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ', en: 'Ministry of Labour and Social Welfare' } } });
  const molsw = r.body;

  const succ = `${COOP}/organisations/{id}/succession`;
  r = await call('POST', succ, { params: { id: molisa.id }, json: { successor_id: moha.id, effective_on: '2025-03-01' }, validRequest: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.successor_id, moha.id);
  r = await call('POST', succ, { params: { id: molisa.id }, json: { successor_id: molsw.id, effective_on: '2025-03-01' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'effective_on'), 'already_succeeded');
  r = await call('POST', succ, { params: { id: noSuchCoopId }, json: { successor_id: moha.id, effective_on: '2025-03-01' } });
  assert.equal(r.status, 404);
  r = await call('POST', succ, { params: { id: molisa.id }, json: { successor_id: moha.id, effective_on: '2025-03-01' }, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', succ, { params: { id: molisa.id }, json: { successor_id: moha.id, effective_on: '2025-03-01' }, auth: viewer });
  assert.equal(r.status, 403);
  r = await call('GET', `${COOP}/organisations`, { query: { q: 'thuong binh' } });
  assert.deepEqual(r.body.items.map((o) => o.code).sort(), ['VN-MOHA', 'VN-MOLISA'], 'the old name finds the successor');
  // A search is paged like any list: one at a time, the cursor leads to the successor.
  r = await call('GET', `${COOP}/organisations`, { query: { q: 'thuong binh', limit: 1 } });
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 1);
  assert.ok(r.body.next_cursor, 'a search with more matches than the limit has a next page');
  const firstCode = r.body.items[0].code;
  r = await call('GET', `${COOP}/organisations`, { query: { q: 'thuong binh', limit: 1, cursor: r.body.next_cursor } });
  assert.equal(r.status, 200);
  assert.deepEqual([firstCode, ...r.body.items.map((o) => o.code)].sort(), ['VN-MOHA', 'VN-MOLISA']);

  const c9 = await exerciseCoopKind('conferences',
    { kind: 'ministerial', number: 9, held_on: '2025-11-12', host_country: 'VN', place: { vi: 'Ninh Bình', en: 'Ninh Bình' },
      delegations: [{ country: 'VN', head: 'Đỗ Thanh Bình', organisation_id: moha.id }, { country: 'LA', head: 'Phoxay Sayasone', organisation_id: molsw.id }],
      reviews_from: '2024-01-01', reviews_until: '2025-12-31', orients_from: '2026-01-01', orients_until: '2027-12-31' },
    { kind: 'ministerial', number: 9, held_on: '2025-11-12', host_country: 'VN' }, // the number exists already
    { note: 'Senior officials met on 11 November.' }, viewer);
  r = await call('POST', `${COOP}/conferences`, { json: { kind: 'ministerial', number: 10, held_on: '2027-12-31', host_country: 'LA', status: 'planned' } });
  const c10 = r.body;

  const mou = await exerciseCoopKind('agreements',
    { kind: 'mou', title: { en: 'MoU on cooperation in labour and meritorious people', lo: 'ບົດບັນທຶກຄວາມເຂົ້າໃຈ' }, party_ids: [moha.id, molsw.id],
      signed_on: '2025-11-12', signed_place: 'Ninh Bình', conference_id: c9.id, fields: ['employment', 'meritorious_people'] },
    { kind: 'treaty', title: { en: 'x' }, fields: ['football'] },
    { in_force_from: '2025-11-12' }, viewer);
  r = await call('PATCH', `${COOP}/agreements/{id}`, { params: { id: mou.id }, json: { amends_id: mou.id }, headers: { 'if-match': '*' } });
  assert.equal(codeOf(r, 'amends_id'), 'amends_itself');

  const att = `${COOP}/agreements/{id}/attachments`;
  const pdfHeaders = { 'content-type': 'application/pdf' };
  r = await call('POST', att, { params: { id: mou.id }, query: { file_name: 'mou-signed.pdf' }, body: tinyPdf, headers: pdfHeaders });
  assert.equal(r.status, 201, r.text);
  const attachment = r.body;
  r = await call('POST', att, { params: { id: mou.id }, query: { file_name: 'fake.pdf' }, body: '<html>no</html>', headers: pdfHeaders });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'file'), 'not_pdf');
  r = await call('POST', att, { params: { id: noSuchCoopId }, query: { file_name: 'a.pdf' }, body: tinyPdf, headers: pdfHeaders });
  assert.equal(r.status, 404);
  r = await call('POST', att, { params: { id: mou.id }, body: tinyPdf, headers: pdfHeaders, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', att, { params: { id: mou.id }, body: tinyPdf, headers: pdfHeaders, auth: viewer });
  assert.equal(r.status, 403);
  // The route takes a body a little above the 20 MB file limit (the server's default is 1 MiB):
  // a 2 MB signed PDF is stored, a 21 MB body is refused by the server before it is read.
  const bigPdf = tinyPdf.replace('trailer', `%${'x'.repeat(2 * 1024 * 1024)}\ntrailer`);
  r = await call('POST', att, { params: { id: mou.id }, query: { file_name: 'mou-scan.pdf' }, body: bigPdf, headers: pdfHeaders });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.size, bigPdf.length);
  r = await call('POST', att, { params: { id: mou.id }, oversized: { bytes: 21 * 1024 * 1024 } });
  assert.equal(r.status, 413);
  r = await call('GET', `${COOP}/attachments/{id}`, { params: { id: attachment.id } });
  assert.equal(r.status, 200);
  assert.equal(r.text, tinyPdf);
  r = await call('GET', `${COOP}/attachments/{id}`, { params: { id: noSuchCoopId } });
  assert.equal(r.status, 404);
  r = await call('GET', `${COOP}/attachments/{id}`, { params: { id: attachment.id }, auth: false });
  assert.equal(r.status, 401);

  const commitment = await exerciseCoopKind('commitments',
    { text: { en: 'Exchange information on Vietnamese workers in Laos and Lao workers in Viet Nam.' }, field: 'migrant_workers',
      conference_id: c9.id, agreement_id: mou.id, vn_org_ids: [moha.id], la_org_ids: [molsw.id], due_from: '2026-01-01', due_until: '2027-12-31' },
    { text: { en: 'Due before its conference.' }, field: 'migrant_workers', conference_id: c9.id, due_on: '2025-01-01' },
    { status: 'in_progress' }, viewer);
  r = await call('GET', `${COOP}/commitments`, { query: { org: molisa.id } });
  assert.equal(r.status, 200);
  const prog = `${COOP}/commitments/{id}/progress`;
  r = await call('POST', prog, { params: { id: commitment.id }, json: { date: '2026-01-10', status: 'in_progress', evidence: 'Decision 12/QĐ-BNV' }, validRequest: true });
  assert.equal(r.status, 200, r.text);
  r = await call('POST', prog, { params: { id: commitment.id }, json: { date: '2026-01-11', status: 'done' }, headers: { 'if-match': '"1"' } });
  assert.equal(r.status, 412);
  r = await call('POST', prog, { params: { id: commitment.id }, json: { date: '2026-01-11', status: 'carried_over' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'carried_to_conference_id'), 'required');
  r = await call('POST', prog, { params: { id: commitment.id }, json: { date: '2026-01-11', status: 'carried_over', carried_to_conference_id: c10.id } });
  assert.equal(r.status, 200);
  r = await call('POST', prog, { params: { id: noSuchCoopId }, json: { date: '2026-01-11', status: 'done' } });
  assert.equal(r.status, 404);
  r = await call('POST', prog, { params: { id: commitment.id }, json: { date: '2026-01-11', status: 'done' }, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', prog, { params: { id: commitment.id }, json: { date: '2026-01-11', status: 'done' }, auth: viewer });
  assert.equal(r.status, 403);

  await exerciseCoopKind('activities',
    { kind: 'delegation_exchange', title: { en: 'Study visit on labour inspection', vi: 'Đoàn khảo sát thanh tra lao động' }, field: 'delegation_exchange',
      start_on: '2026-03-02', end_on: '2026-03-06', host_country: 'LA', org_ids: [moha.id, molsw.id], participants_vn: 8,
      cost: 250000000, currency: 'VND', funding_source: 'Vietnamese ODA', commitment_ids: [commitment.id] },
    { kind: 'delegation_exchange', title: { en: 'x' }, field: 'delegation_exchange', start_on: '2026-03-02', end_on: '2026-03-01' },
    { participants_la: 6 }, viewer);
  r = await call('GET', `${COOP}/rotation`);
  assert.equal(r.status, 200);
  assert.equal(r.body.next_host, 'VN');
  r = await call('GET', `${COOP}/rotation`, { auth: false });
  assert.equal(r.status, 401);

  await exerciseCoopKind('twinnings', { vn_province: 'VN-22', la_province: 'LA-HO', since: '2010-01-01' },
    { vn_province: 'LA-HO', la_province: 'VN-22' }, { note: 'Border provinces.' }, viewer);
  r = await call('POST', `${COOP}/twinnings`, { json: { vn_province: 'VN-22', la_province: 'LA-HO' } });
  assert.equal(r.status, 409);

  r = await call('GET', `${COOP}/dashboard`, { query: { lang: 'lo' }, auth: viewer });
  assert.equal(r.status, 200);
  assert.match(r.body.commitments_by_field.svg, /^<svg [^>]*role="img"/);
  assert.match(r.body.commitments_by_field.svg, /<title id="chart-commitments-title">ຂໍ້ຕົກລົງຕາມຂົງເຂດ ແລະ ສະຖານະ<\/title>/);
  r = await call('GET', `${COOP}/dashboard`, { query: { lang: 'fr' } });
  assert.equal(r.status, 422);
  r = await call('GET', `${COOP}/dashboard`, { auth: false });
  assert.equal(r.status, 401);

  const report = `${COOP}/reports/evaluation`;
  r = await call('GET', report, { query: { from: '2024-01-01', to: '2027-12-31', lang: 'vi', format: 'pdf' } });
  assert.equal(r.status, 200);
  assert.ok(r.text.startsWith('%PDF-'));
  r = await call('GET', report, { query: { from: '2025-12-31', to: '2024-01-01', lang: 'vi', format: 'pdf' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'to'), 'before_from');
  r = await call('GET', report, { query: { from: '2024-01-01', to: '2025-12-31' }, auth: false });
  assert.equal(r.status, 401);
});

test('occupations: ISCO-08 by code or title, limited, bad parameters named, signed-in only', async () => {
  const isco = '/api/v1/reference/isco';
  let r = await call('GET', isco, { query: { q: 'brick' } });
  assert.equal(r.status, 200);
  assert.equal(r.body.items[0].code, '7112');
  r = await call('GET', isco, { query: { q: 'a', limit: '3' } });
  assert.equal(r.body.items.length, 3);
  assert.equal(r.body.more, true);
  r = await call('GET', isco, { query: { q: 'a', limit: '51' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'limit'), 'out_of_range');
  r = await call('GET', isco, { query: { q: 'brick' }, auth: false });
  assert.equal(r.status, 401);
});

test('search: any spelling or script finds the person; bad parameters are named', async () => {
  const s = '/api/v1/search';
  let r = await call('POST', '/api/v1/persons', {
    json: { family_name: 'Vorachith', given_names: 'Bounnhang', native_name: 'ບຸນຍັງ ວໍລະຈິດ', sex: 'M', birth_date: '1937-08-15', nationality: 'LA', confirm_new: true },
    validRequest: true,
  });
  assert.equal(r.status, 201);
  const id = r.body.id;
  for (const q of ['Bun-nhăng', 'bounnhang', 'ບຸນຍັງ', 'Vorachith', 'Bun-nhăng Vo-la-chít']) {
    r = await call('GET', s, { query: { q } });
    assert.equal(r.status, 200);
    assert.equal(r.body.items[0]?.person.id, id, q);
  }
  r = await call('GET', s, { query: { q: 'ບຸນຍັງ', kind: 'person', limit: '3' } });
  assert.equal(r.body.items[0].matched_form, 'ບຸນຍັງ ວໍລະຈິດ');
  assert.ok(r.body.items.length <= 3);
  // Registering him again with another spelling: the warning, with him as the candidate.
  r = await call('POST', '/api/v1/persons', { json: { family_name: 'Vorachit', given_names: 'Bounnhang', sex: 'M', birth_date: '1937-08-15', nationality: 'LA' } });
  assert.equal(r.status, 409);
  checkProblem(r, 'possible-duplicate');
  assert.equal(r.body.candidates[0].person.id, id);

  r = await call('GET', s, { query: { q: 'x', kind: 'employer' } });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'kind'), 'unsupported');
  r = await call('GET', s, {});
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'q'), 'required');
  r = await call('GET', s, { query: 'q=%FF' });
  assert.equal(r.status, 400);
  r = await call('GET', s, { query: { q: 'x' }, auth: false });
  assert.equal(r.status, 401);
});

// --- bulk exchange -----------------------------------------------------------------------

// Follows an import job until it has finished.
async function finishedJob(id) {
  for (let i = 0; i < 200; i++) {
    const r = await call('GET', '/api/v1/imports/{id}', { params: { id } });
    assert.equal(r.status, 200);
    if (r.body.state === 'succeeded' || r.body.state === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  assert.fail(`import ${id} did not finish`);
}

test('exchange: upload a file, follow the job, read its issues, download the registry', async () => {
  const employers = 'name,native_name,registration_number,country,province\r\n' +
    'Mekong Exchange Co,Công ty Trao đổi Mê Kông,XCH-E2E-0001,VN,VN-HN\r\n' +
    'Savan Exchange,ສະຫວັນ ແລກປ່ຽນ,XCH-E2E-0002,LA,LA-SV\r\n';
  let r = await call('POST', '/api/v1/imports', { query: { kind: 'employers' }, body: employers, headers: { 'content-type': 'text/csv', 'idempotency-key': 'e2e-import-1' } });
  assert.equal(r.status, 202);
  assert.match(r.body.state, /^(queued|running|succeeded)$/);
  const first = r.body.id;
  r = await call('POST', '/api/v1/imports', { query: { kind: 'employers' }, body: employers, headers: { 'content-type': 'text/csv', 'idempotency-key': 'e2e-import-1' } });
  assert.equal(r.status, 202);
  assert.equal(r.headers.get('idempotent-replayed'), 'true');
  assert.equal(r.body.id, first);
  let job = await finishedJob(first);
  assert.equal(job.state, 'succeeded', JSON.stringify(job));
  assert.ok(job.created > 0);
  assert.equal(job.created, 2);
  assert.equal(job.rows_read, 2);

  // A file with a bad cell: rejected as a whole, the row and column named.
  const bad = 'name,registration_number,country\r\nGood Co,REG-E2E-1,VN\r\nBad Co,REG-E2E-2,Vietnam\r\n';
  r = await call('POST', '/api/v1/imports', { query: { kind: 'employers', mode: 'all-or-nothing' }, body: bad, headers: { 'content-type': 'text/csv; charset=utf-8' } });
  assert.equal(r.status, 202);
  job = await finishedJob(r.body.id);
  assert.equal(job.state, 'failed');
  assert.equal(job.error.code, 'invalid_rows');
  assert.equal(job.issues[0].row, 3);
  assert.equal(job.issues[0].column, 'country');
  r = await call('GET', '/api/v1/imports/{id}/issues.csv', { params: { id: job.id } });
  assert.equal(r.status, 200);
  assert.match(r.text, /^row,column,value,code,message\r\n3,country,Vietnam,/);

  r = await call('POST', '/api/v1/imports', { query: { kind: 'workers', mode: 'sometimes' }, body: bad });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['kind', 'mode']);
  r = await call('POST', '/api/v1/imports', { query: { kind: 'persons' }, body: '' });
  assert.equal(r.status, 422);
  assert.equal(codeOf(r, 'body'), 'empty_file');
  r = await call('POST', '/api/v1/imports', { query: 'kind=%FF', body: bad });
  assert.equal(r.status, 400);
  r = await call('POST', '/api/v1/imports', { query: { kind: 'persons' }, body: bad, auth: false });
  assert.equal(r.status, 401);
  r = await call('POST', '/api/v1/imports', { query: { kind: 'persons' }, oversized: true, declaredLength: 200 * 1024 * 1024 });
  assert.equal(r.status, 413);

  const viewer = tokenFor('e2e-exchange-viewer', 'viewer');
  r = await call('POST', '/api/v1/imports', { query: { kind: 'persons' }, body: bad, auth: viewer });
  assert.equal(r.status, 403);
  const clerk = tokenFor('e2e-exchange-clerk', 'registry_officer');
  r = await call('GET', '/api/v1/imports/{id}', { params: { id: first }, auth: clerk });
  assert.equal(r.status, 404, "someone else's job");
  r = await call('GET', '/api/v1/imports/{id}/issues.csv', { params: { id: first }, auth: clerk });
  assert.equal(r.status, 404);
  r = await call('GET', '/api/v1/imports/{id}', { params: { id: first }, auth: false });
  assert.equal(r.status, 401);
  r = await call('GET', '/api/v1/imports/{id}/issues.csv', { params: { id: first }, auth: false });
  assert.equal(r.status, 401);

  // Downloads.
  r = await call('GET', '/api/v1/exports/{kind}', { params: { kind: 'employers' }, query: { format: 'csv', bom: 'true', lang: 'vi', country: 'VN' } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="employers-\d{4}-\d{2}-\d{2}\.csv"$/);
  // (fetch's text() drops the byte-order mark; lb_tests checks it.)
  assert.match(r.text, /XCH-E2E-0001/);
  assert.doesNotMatch(r.text, /XCH-E2E-0002/, 'the filter');
  r = await call('GET', '/api/v1/exports/{kind}', { params: { kind: 'persons' }, query: { format: 'xlsx' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  r = await call('GET', '/api/v1/exports/{kind}', { params: { kind: 'permits' }, query: { format: 'ods', country: 'VN' } });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['country']);
  r = await call('GET', '/api/v1/exports/{kind}', { params: { kind: 'permits' }, query: 'status=%FF' });
  assert.equal(r.status, 400);
  r = await call('GET', '/api/v1/exports/{kind}', { params: { kind: 'persons' }, auth: false });
  assert.equal(r.status, 401);
  r = await call('GET', '/api/v1/exports/{kind}', { params: { kind: 'persons' }, auth: tokenFor('e2e-exchange-coop', 'cooperation_officer') });
  assert.equal(r.status, 403);
});

// Starts a large upload (declared over the default body limit, so it takes one of its user's
// upload places) and holds it: the server answers 100 Continue and then waits for a body that
// does not come until release() is called.
function holdLargeUpload(url, headers, declared) {
  const { hostname, port, pathname, search } = new URL(url);
  const head = [`POST ${pathname}${search} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Content-Type: text/csv',
    `Content-Length: ${declared}`, 'Expect: 100-continue', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let buf = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('no 100 Continue for the held upload')); }, 10000);
    socket.on('error', () => {});
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      if (!buf.includes('\r\n\r\n')) return;
      clearTimeout(timer);
      if (!buf.startsWith('HTTP/1.1 100')) { socket.destroy(); reject(new Error(`held upload answered ${buf.slice(0, 200)}`)); return; }
      socket.write('family_name,given_names\r\n'); // a first part of the body, then nothing
      resolve({ release: () => socket.destroy() });
    });
    socket.write(head);
  });
}

// Fires rounds of concurrent requests of one user until one is answered 429 (a user runs at
// most 2 reports or exports at once); every answer is checked against the document.
async function provokeHeavyShare(template, opts) {
  for (let round = 0; round < 30; round++) {
    const answers = await Promise.all(Array.from({ length: 12 }, () => call('GET', template, opts)));
    for (const r of answers) assert.ok([200, 429].includes(r.status), `${template} answered ${r.status}`);
    const refused = answers.find((r) => r.status === 429);
    if (refused) return refused;
  }
  assert.fail(`${template}: 30 rounds of 12 concurrent requests and no 429`);
}

test('429: a user\'s share of uploads, exports and reports is used up', async () => {
  // A second large upload while the user's one upload place is held.
  const uploader = tokenFor('e2e-share-uploader', 'admin');
  const held = await holdLargeUpload(`${base}/api/v1/imports?kind=persons`, { authorization: uploader }, 5 * 1024 * 1024);
  try {
    const r = await call('POST', '/api/v1/imports', { query: { kind: 'persons' }, oversized: true, declaredLength: 5 * 1024 * 1024, auth: uploader });
    assert.equal(r.status, 429, r.text);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    assert.equal(r.body?.type ?? JSON.parse(r.text).type, 'urn:labourbridge:problem:too-many-requests');
  } finally {
    held.release();
  }
  // A third export or report while two of the same user's are running.
  let r = await provokeHeavyShare('/api/v1/exports/{kind}', { params: { kind: 'persons' }, query: { format: 'xlsx' } });
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  r = await provokeHeavyShare('/api/v1/cooperation/reports/evaluation', { query: { from: '2024-01-01', to: '2027-12-31', lang: 'vi', format: 'pdf' } });
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  assert.match(JSON.parse(r.text).detail ?? JSON.parse(r.text).title, /reports or exports|report|export/i);
});

test('every route in the server is documented, and every documented operation was exercised', (t) => {
  const documented = new Set();
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const m of METHODS) if (item[m]) documented.add(`${m.toUpperCase()} ${template}`);
  }
  const registered = routesOfServer();
  assert.ok(registered.size > 0, 'labourbridge routes printed no routes');
  assert.deepEqual([...registered].filter((r) => !documented.has(r) && !pageRoute(r)).sort(), [], 'routes the server has but the document lacks');
  assert.deepEqual([...documented].filter((r) => !registered.has(r)).sort(), [], 'operations the document has but the server lacks');
  assert.deepEqual([...documented].filter((op) => !exercised.has(op)).sort(), [], 'documented operations no test called');
  // Statuses that only a failing server produces (500, 503) are not provoked here, nor 507
  // (a full disk): tests/reliability/disk_full.py provokes it on a real full filesystem.
  const untested = [];
  for (const op of documented) {
    const [method, template] = op.split(' ');
    for (const status of Object.keys(doc.paths[template][method.toLowerCase()].responses)) {
      if (!statusesSeen.get(op)?.has(Number(status)) && !['500', '503', '507'].includes(status)) untested.push(`${op} ${status}`);
    }
  }
  assert.deepEqual(untested, [], 'documented responses no test provoked');
});

test('the server stops cleanly on SIGTERM', async () => {
  server.kill('SIGTERM');
  let timer;
  const timeout = new Promise((res) => { timer = setTimeout(() => res('timeout'), 15000); });
  const result = await Promise.race([serverExit, timeout]);
  clearTimeout(timer);
  assert.notEqual(result, 'timeout', 'server did not exit within 15 s of SIGTERM');
  assert.deepEqual(result, { code: 0, signal: null }, `server exit; log:\n${serverLog.slice(-2000)}`);
});
