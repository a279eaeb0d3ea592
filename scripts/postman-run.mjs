#!/usr/bin/env node
// Runs a Postman (v2.1) collection top to bottom against a server, like `newman run`, with the subset of the
// Postman sandbox the zviewer collection uses: pm.test, pm.expect (chai-style), pm.response, pm.collectionVariables,
// pm.environment, pm.variables, pm.setNextRequest (repeat the current request) and CryptoJS.HmacSHA1/enc.Hex. Scripts run as JavaScript, unchanged.
// Bodies: raw, and formdata with text fields and files (`src` relative to the repository root).
//   node scripts/postman-run.mjs COLLECTION.json [ENVIRONMENT.json] [BASE_URL]
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
import { createHmac } from 'node:crypto';

const [collectionPath, environmentPath, baseUrl] = process.argv.slice(2);
if (!collectionPath) { console.error('usage: postman-run.mjs COLLECTION [ENVIRONMENT] [BASE_URL]'); process.exit(2); }
const collection = JSON.parse(readFileSync(collectionPath, 'utf8'));
const environment = new Map();
if (environmentPath) for (const v of JSON.parse(readFileSync(environmentPath, 'utf8')).values ?? []) if (v.enabled !== false) environment.set(v.key, v.value);
if (baseUrl) environment.set('baseUrl', baseUrl);
const collectionVars = new Map((collection.variable ?? []).map((v) => [v.key, v.value]));

const lookup = (key) => environment.has(key) ? environment.get(key) : collectionVars.get(key);
const resolve = (text) => String(text ?? '').replace(/\{\{([^}]+)\}\}/g, (whole, key) => {
  if (key === '$guid') return crypto.randomUUID();
  if (key === '$timestamp') return String(Math.floor(Date.now() / 1000));
  const value = lookup(key);
  return value === undefined ? whole : String(value);
});

// CryptoJS subset: WordArrays as hex strings.
const wordArray = (hex) => ({ hex, toString() { return hex; } });
const CryptoJS = {
  enc: { Hex: { parse: (hex) => wordArray(hex), stringify: (w) => w.hex } },
  HmacSHA1: (message, key) => wordArray(createHmac('sha1', Buffer.from(key.hex, 'hex')).update(Buffer.from(message.hex, 'hex')).digest('hex')),
};

class AssertionError extends Error {}
function expect(actual) {
  const fail = (message) => { throw new AssertionError(message); };
  const chain = {
    eql: (expected) => JSON.stringify(actual) === JSON.stringify(expected) || fail(`expected ${JSON.stringify(actual)} to deeply equal ${JSON.stringify(expected)}`),
    equal: (expected) => actual === expected || fail(`expected ${JSON.stringify(actual)} to equal ${JSON.stringify(expected)}`),
    a: (type) => (Array.isArray(actual) ? 'array' : typeof actual) === type || fail(`expected ${JSON.stringify(actual)} to be a ${type}`),
    property: (name) => (actual != null && Object.prototype.hasOwnProperty.call(actual, name)) || fail(`expected object to have property ${name}`),
    include: (part) => (actual != null && actual.includes(part)) || fail(`expected ${JSON.stringify(actual)} to include ${JSON.stringify(part)}`),
    above: (n) => actual > n || fail(`expected ${actual} to be above ${n}`),
    lengthOf: (n) => actual?.length === n || fail(`expected length ${actual?.length} to be ${n}`),
  };
  chain.an = chain.a;
  const words = { to: null, be: null, been: null, have: null, that: null, and: null, is: null, deep: null };
  const target = new Proxy(chain, { get: (t, p) => (p in words ? target : t[p]) });
  Object.defineProperty(chain, 'ok', { get: () => (actual ? true : fail(`expected ${JSON.stringify(actual)} to be truthy`)) });
  return target;
}

function makeResponse(res, bodyText) {
  const response = {
    code: res.status,
    status: res.statusText,
    headers: { get: (name) => res.headers.get(name) ?? undefined },
    text: () => bodyText,
    json: () => JSON.parse(bodyText),
    responseTime: 0,
  };
  response.to = { have: { status: (code) => { if (res.status !== code) throw new AssertionError(`expected status ${code} but got ${res.status}: ${bodyText.slice(0, 300)}`); } } };
  return response;
}

let passed = 0;
let failed = 0;
let repeatRequested = false;
function runScript(listen, item, response, results) {
  for (const owner of [collection, item]) {
    for (const event of owner.event ?? []) {
      if (event.listen !== listen) continue;
      const code = [].concat(event.script?.exec ?? []).join('\n');
      const pm = {
        test: (name, fn) => { try { fn(); results.push([true, name]); } catch (e) { results.push([false, `${name}: ${e.message}`]); } },
        expect,
        response,
        collectionVariables: { get: (k) => collectionVars.get(k), set: (k, v) => collectionVars.set(k, v), unset: (k) => collectionVars.delete(k) },
        environment: { get: (k) => environment.get(k), set: (k, v) => environment.set(k, v), unset: (k) => environment.delete(k) },
        variables: { get: lookup, set: (k, v) => collectionVars.set(k, v), replaceIn: resolve },
        info: { requestName: item.name },
        // Only "run this request again" is supported (polling); the runner waits 500 ms between attempts.
        setNextRequest: (next) => {
          if (next !== item.name) throw new Error(`setNextRequest supports only the current request (${item.name}), got ${next}`);
          repeatRequested = true;
        },
      };
      new Function('pm', 'CryptoJS', 'console', code)(pm, CryptoJS, console);
    }
  }
}

async function runItem(item, trail) {
  if (item.item) { for (const child of item.item) await runItem(child, [...trail, item.name]); return; }
  const name = [...trail, item.name].join(' / ');
  let results = [];
  for (let attempt = 1; ; attempt++) {
    repeatRequested = false;
    results = [];
    await runOnce(item, results);
    if (!repeatRequested) break;
    if (attempt >= 240) { results.push([false, 'still repeating after 240 attempts']); break; }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (results.length === 0) results.push([false, 'no test ran for this request']);
  for (const [ok, message] of results) {
    if (ok) passed++; else failed++;
    console.log(`${ok ? '  ok  ' : ' FAIL '} ${name} — ${message}`);
  }
}

async function runOnce(item, results) {
  try {
    runScript('prerequest', item, undefined, results);
    const request = item.request;
    const url = resolve(typeof request.url === 'string' ? request.url : request.url.raw);
    const headers = {};
    for (const h of request.header ?? []) if (!h.disabled) headers[resolve(h.key)] = resolve(h.value);
    const auth = request.auth ?? collection.auth;
    if (auth?.type === 'bearer') {
      const token = resolve((auth.bearer ?? []).find((b) => b.key === 'token')?.value ?? '');
      if (token && !token.startsWith('{{')) headers.Authorization = `Bearer ${token}`;
    }
    let body;
    if (request.body?.mode === 'raw') body = resolve(request.body.raw);
    if (request.body?.mode === 'formdata') {
      body = new FormData();
      for (const part of request.body.formdata ?? []) {
        if (part.disabled) continue;
        if (part.type === 'file') {
          const src = resolve(part.src);
          body.append(part.key, new Blob([readFileSync(join(repositoryRoot, src))]), basename(src));
        } else {
          body.append(part.key, resolve(part.value));
        }
      }
    }
    const res = await fetch(url, { method: request.method, headers, body });
    const text = await res.text();
    runScript('test', item, makeResponse(res, text), results);
  } catch (error) {
    results.push([false, `request failed: ${error.message}`]);
  }
}

for (const item of collection.item) await runItem(item, []);
console.log(`postman: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
