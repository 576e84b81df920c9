// The administrator's and the officer's tools of issue #17 in Debian's Chromium (Playwright):
// a record's history with old and new values, the conflict page naming who saved first, the
// audit log view with its filters and pages, user management (re-enable, role and province,
// temporary password) and "keep me signed in" — each at 1280 and 375 px in English,
// Vietnamese and Lao, checked with axe-core.
//
//   LB_BIN=/path/to/labourbridge node --test admin.test.mjs   (default: ../../build/bin/labourbridge)
//   LB_CHROMIUM=/path/to/chromium                             (default: /usr/bin/chromium)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { startServer } from './lb_server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const LB_BIN = resolve(here, process.env.LB_BIN ?? '../../build/bin/labourbridge');
const CHROMIUM = process.env.LB_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'E2e-Admin-Check-2026';
const CLERK_PASSWORD = 'Vientiane-Clerk-Check-77';
const TEMPORARY = 'Luang-Prabang-Temp-4321';
const LANGS = ['en', 'vi', 'lo'];
const WIDTHS = [1280, 375];

let server;
let serverExit;
let base;
let workDir;
let browser;

function cli(args, input) {
  return execFileSync(LB_BIN, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] });
}

before(async () => {
  assert.ok(existsSync(LB_BIN), `${LB_BIN} is missing: build it first (make build), or set LB_BIN`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: scripts/install-deps installs Debian's chromium`);
  workDir = mkdtempSync(join(tmpdir(), 'lb-admin-'));
  const db = `sqlite:${join(workDir, 'e2e.db')}`;
  cli(['user', 'add', 'chief', '--role', 'admin', '--country', 'VN', '--password-stdin', '--db', db], `${PASSWORD}\n`);
  cli(['user', 'add', 'clerk.hanoi', '--role', 'registry_officer', '--country', 'VN', '--password-stdin', '--db', db],
    `${CLERK_PASSWORD}\n`);
  // Disabled on the console before the server starts (long ago, as far as the server knows).
  cli(['user', 'add', 'clerk.old', '--role', 'viewer', '--country', 'VN', '--password-stdin', '--db', db],
    `${CLERK_PASSWORD}\n`);
  cli(['user', 'disable', 'clerk.old', '--db', db]);
  ({ proc: server, exit: serverExit, base } = await startServer(LB_BIN, db, ['--demo', '--demo-persons', '30'],
    join(workDir, 'node.key')));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await serverExit;
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

// A fresh browser (its own cookies), signed in as `name`.
async function signedIn(name, password, { remember = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  context.on('page', (p) => p.on('dialog', (d) => d.accept()));
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await page.goto(`${base}/login`);
  await page.fill('#name', name);
  await page.fill('#password', password);
  if (remember) await page.check('#remember');
  await Promise.all([page.waitForURL(`${base}/`), page.click('main button[type=submit]')]);
  return { context, page };
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function useLanguage(page, lang) {
  await page.goto(`${base}/`);
  if ((await page.getAttribute('html', 'lang')) !== lang) {
    await Promise.all([page.waitForNavigation(), page.click(`.languages button[value="${lang}"]`)]);
  }
  assert.equal(await page.getAttribute('html', 'lang'), lang);
}

async function expectAccessible(page, what) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const problems = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  assert.deepEqual(problems, [], `axe-core on ${what}`);
}

async function expectNoSidewaysScroll(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const viewport = page.viewportSize().width;
  assert.ok(width <= viewport, `${what}: no sideways scrolling (${width} > ${viewport})`);
}

// Each page in each language at each width: lang attribute, axe-core, no sideways scroll.
async function checkEverywhere(page, paths) {
  for (const lang of LANGS) {
    await useLanguage(page, lang);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
      for (const [name, path] of paths) {
        await page.goto(base + path);
        assert.equal(await page.getAttribute('html', 'lang'), lang, `${name} in ${lang}`);
        await expectAccessible(page, `${name} in ${lang} at ${width} px`);
        await expectNoSidewaysScroll(page, `${name} in ${lang} at ${width} px`);
      }
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await useLanguage(page, 'en');
}

let personPath;

test('a worker\'s history shows the old and the new value; the conflict page names who saved first', async () => {
  const { context, page } = await signedIn('chief', PASSWORD);
  try {
    await page.goto(`${base}/persons`);
    personPath = await page.locator('main table a[href^="/persons/"]').first().getAttribute('href');
    await page.goto(`${base}${personPath}/edit`);
    const oldPhone = await page.inputValue('#f-phone');
    await page.fill('#f-phone', '+856 20 7777 0001');
    // Day first, as officers write it.
    await page.fill('#f-birth_date', '21/03/1990');
    await submit(page, 'main form button[type=submit]');
    assert.equal(new URL(page.url()).pathname, personPath);
    const latest = page.locator('ol.history > li').first();
    assert.match(await latest.textContent(), /Details changed/);
    const phoneRow = latest.locator('tr', { hasText: 'Phone number' });
    assert.equal(await phoneRow.locator('td').nth(1).textContent(), '+856 20 7777 0001');
    assert.equal(await phoneRow.locator('td').nth(0).textContent(), oldPhone || '–');
    assert.match(await latest.locator('tr', { hasText: 'Date of birth' }).textContent(), /1990/);

    // Two officers edit at once: the second is told who saved first, and when.
    const clerk = await signedIn('clerk.hanoi', CLERK_PASSWORD);
    try {
      await clerk.page.goto(`${base}${personPath}/edit`);
      await page.goto(`${base}${personPath}/edit`);
      await page.fill('#f-phone', '+856 20 7777 0002');
      await submit(page, 'main form button[type=submit]');
      await clerk.page.fill('#f-phone', '+856 20 7777 0003');
      await submit(clerk.page, 'main form button[type=submit]');
      assert.equal(await clerk.page.locator('table.compare').count(), 1);
      assert.match(await clerk.page.locator('.saved-by').textContent(), /^chief saved this record on .+/);
      await expectAccessible(clerk.page, 'the conflict page');
    } finally {
      await clerk.context.close();
    }
    await checkEverywhere(page, [['person', personPath]]);
  } finally {
    await context.close();
  }
});

test('the audit log view: filters, pages both ways, links to records; officers are refused', async () => {
  const { context, page } = await signedIn('chief', PASSWORD);
  try {
    await page.goto(`${base}/admin/users`);
    await page.click('nav.subnav a[href="/admin/audit"]');
    await page.waitForURL(`${base}/admin/audit`);
    assert.ok(await page.locator('main tbody tr').count() === 50, 'a full first page');
    // Older, then newer again: the same first page.
    const firstRow = await page.locator('main tbody tr').first().textContent();
    await submit(page, 'a[rel=next]');
    assert.ok(new URL(page.url()).searchParams.get('before'));
    await submit(page, 'a[rel=prev]');
    assert.equal(await page.locator('main tbody tr').first().textContent(), firstRow);
    // Filter by user and action with the form; the filter stays in the URL.
    await page.goto(`${base}/admin/audit`);
    await page.fill('#f-user', 'chief');
    await page.fill('#f-action', 'person.update');
    await submit(page, 'main .filters button[type=submit]');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('user'), 'chief');
    const actions = await page.locator('main tbody td code').allTextContents();
    assert.ok(actions.includes('person.update'), actions.join(', '));
    // The record's link leads to the worker.
    await submit(page, 'main tbody a:has-text("Open the record")');
    assert.match(new URL(page.url()).pathname, /^\/persons\//);
    // A bad date is named.
    await page.goto(`${base}/admin/audit?from=31/02/2026`);
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href'))), ['#f-from']);
    await checkEverywhere(page, [['audit', '/admin/audit'], ['audit-filtered', '/admin/audit?kind=person&action=person.update']]);
  } finally {
    await context.close();
  }
  const clerk = await signedIn('clerk.hanoi', CLERK_PASSWORD);
  try {
    const r = await clerk.page.goto(`${base}/admin/audit`);
    assert.equal(r.status(), 403);
  } finally {
    await clerk.context.close();
  }
});

test('user management: re-enable, role and province, temporary password', async () => {
  const { context, page } = await signedIn('chief', PASSWORD);
  try {
    await page.goto(`${base}/admin/users`);
    await submit(page, 'main a[href="/admin/users/clerk.old"]');
    await submit(page, 'form[action="/admin/users/clerk.old/enable"] button');
    assert.match(await page.locator('dl.summary').textContent(), /Active/);
    // Role and province.
    await page.selectOption('#f-role', 'viewer');
    await page.selectOption('#f-province', 'VN-N01');
    await submit(page, 'form[action="/admin/users/clerk.old/access"] button[type=submit]');
    assert.match(await page.locator('dl.summary').textContent(), /Viewer/);
    // A weak temporary password is refused, a strong one set.
    await page.fill('#f-password', 'short');
    await submit(page, 'form[action="/admin/users/clerk.old/password"] button[type=submit]');
    assert.deepEqual(await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href'))), ['#f-password']);
    await page.fill('#f-password', TEMPORARY);
    await submit(page, 'form[action="/admin/users/clerk.old/password"] button[type=submit]');
    assert.equal(new URL(page.url()).pathname, '/admin/users/clerk.old');
    // Each change is in the audit log with the admin as actor.
    await page.goto(`${base}/admin/audit?user=chief&kind=user`);
    const actions = await page.locator('main tbody td code').allTextContents();
    for (const a of ['user.enable', 'user.change_access', 'user.set_password']) assert.ok(actions.includes(a), `${a} in ${actions}`);
    await checkEverywhere(page, [['user', '/admin/users/clerk.old'], ['user-self', '/admin/users/chief'], ['users', '/admin/users']]);
  } finally {
    await context.close();
  }
  const old = await signedIn('clerk.old', TEMPORARY);
  await old.context.close();
});

test('keep me signed in: a browser-session cookie unless ticked', async () => {
  const plain = await signedIn('clerk.hanoi', CLERK_PASSWORD);
  const kept = await signedIn('clerk.hanoi', CLERK_PASSWORD, { remember: true });
  try {
    const plainCookie = (await plain.context.cookies()).find((c) => c.name === 'lb_session');
    const keptCookie = (await kept.context.cookies()).find((c) => c.name === 'lb_session');
    assert.equal(plainCookie.expires, -1, 'a session cookie: gone when the browser closes');
    const hours = (keptCookie.expires - Date.now() / 1000) / 3600;
    assert.ok(hours > 11.9 && hours <= 12, `kept for the session's 12 hours (${hours})`);
    assert.ok(plainCookie.httpOnly && keptCookie.httpOnly);
    await plain.page.goto(`${base}/login`);  // signed in already: on to the dashboard
    assert.equal(new URL(plain.page.url()).pathname, '/');
  } finally {
    await plain.context.close();
    await kept.context.close();
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  try {
    const page = await context.newPage();
    for (const lang of LANGS) {
      await page.goto(`${base}/login`);
      if ((await page.getAttribute('html', 'lang')) !== lang) {
        await Promise.all([page.waitForNavigation(), page.click(`.languages button[value="${lang}"]`)]);
      }
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        assert.equal(await page.isChecked('#remember'), false);
        await expectAccessible(page, `login in ${lang} at ${width} px`);
        await expectNoSidewaysScroll(page, `login in ${lang} at ${width} px`);
      }
    }
  } finally {
    await context.close();
  }
});
