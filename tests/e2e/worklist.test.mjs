// The expiring-permits worklist (issue #17) in Debian's Chromium, driven by Playwright, against
// the real server with the demo data: in English, Vietnamese and Lao, at 1280 and 375 px, the
// worklist and the dashboard pass axe-core, show no English in vi/lo and do not scroll
// sideways on a phone; each dashboard count links to a list with that total; ticking a
// permit and recording its expiry takes it off the list with a notice.
//
//   LB_BIN=/path/to/labourbridge node --test worklist.test.mjs   (default: ../../build/bin/labourbridge)
//   LB_CHROMIUM=/path/to/chromium                               (default: /usr/bin/chromium)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { launchBrowser, signIn, startServer, stopAll } from './lb_server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const LB_BIN = resolve(here, process.env.LB_BIN ?? '../../build/bin/labourbridge');
const CHROMIUM = process.env.LB_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'E2e-Worklist-Check-2026';

let server;
let serverExit;
let base;
let workDir;
let context;

before(async () => {
  assert.ok(existsSync(LB_BIN), `${LB_BIN} is missing: build it first (make build), or set LB_BIN`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: scripts/install-deps installs Debian's chromium`);
  workDir = mkdtempSync(join(tmpdir(), 'lb-worklist-'));
  const db = `sqlite:${join(workDir, 'e2e.db')}`;
  execFileSync(LB_BIN, ['user', 'add', 'officer', '--role', 'registry_officer', '--country', 'VN', '--password-stdin',
    '--db', db], { encoding: 'utf8', input: `${PASSWORD}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
  ({ proc: server, exit: serverExit, base } = await startServer(LB_BIN, db, ['--demo', '--demo-persons', '120'],
    join(workDir, 'node.key')));
  context = await launchBrowser(chromium, CHROMIUM, join(workDir, 'profile'));
  await signIn(context, base, 'officer', PASSWORD);
});

after(() => stopAll({ context, server, serverExit, workDir }));

async function newPage() {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

async function useLanguage(page, lang) {
  await page.goto(`${base}/`);
  if ((await page.getAttribute('html', 'lang')) !== lang) {
    await Promise.all([page.waitForNavigation(), page.click(`form.languages button[value="${lang}"]`)]);
  }
  assert.equal(await page.getAttribute('html', 'lang'), lang);
}

// The worklist's own messages (its template and page code): none may show in English on a
// Vietnamese or Lao page.
function ownMessages() {
  const ids = new Set();
  for (const file of ['src/features/registry/templates/permits_expiring.mustache',
    'src/features/registry/templates/expiring_widget.mustache']) {
    for (const m of readFileSync(join(repo, file), 'utf8').matchAll(/\{\{#t\}\}(.*?)\{\{\/t\}\}/gs)) ids.add(m[1]);
  }
  const code = readFileSync(join(repo, 'src/features/registry/worklist_pages.cpp'), 'utf8');
  for (const m of code.matchAll(/\b(?:T|N_)\("((?:[^"\\]|\\.)*)"/g)) ids.add(m[1]);
  return [...ids].filter((id) => !id.includes('{1}'));
}
const messages = ownMessages();

async function expectTranslated(page, lang, what) {
  if (lang === 'en') return;
  const text = (await page.innerText('body')).replace(/\s+/g, ' ');
  const english = messages.filter((id) => id.length > 4 && text.includes(id));
  assert.deepEqual(english, [], `${what} in ${lang} shows English text`);
}

async function expectAccessible(page, what) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const problems = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  assert.deepEqual(problems, [], `axe-core on ${what}`);
}

async function expectNoSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what} scrolls sideways by ${overflow}px`);
}

test('the worklist and the dashboard in English, Vietnamese and Lao at 1280 and 375 px', async () => {
  const page = await newPage();
  try {
    for (const lang of ['en', 'vi', 'lo']) {
      await useLanguage(page, lang);
      for (const width of [1280, 375]) {
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        for (const [name, path] of [['dashboard', '/'], ['worklist-90', '/permits/expiring?within=90'],
          ['worklist-lapsed', '/permits/expiring?within=lapsed']]) {
          await page.goto(base + path);
          const what = `${name} in ${lang} at ${width} px`;
          assert.equal(await page.getAttribute('html', 'lang'), lang, what);
          await expectTranslated(page, lang, what);
          await expectAccessible(page, what);
          await expectNoSidewaysScroll(page, what);
        }
      }
    }
    // The form, with its errors, is accessible too: nothing ticked, no action chosen.
    await page.setViewportSize({ width: 1280, height: 900 });
    await useLanguage(page, 'en');
    await page.goto(`${base}/permits/expiring?within=90`);
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    const links = await page.$$eval('.error-summary a', (as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(links.sort(), ['#action', '#worklist']);
    await expectAccessible(page, 'worklist with errors');
  } finally {
    await page.close();
  }
});

test('each dashboard count links to a list with that total', async () => {
  const page = await newPage();
  try {
    await useLanguage(page, 'en');
    const counts = await page.$$eval('a.count-link', (as) => as.map((a) => [a.getAttribute('href'), Number(a.dataset.count)]));
    assert.equal(counts.length, 5);
    assert.ok(counts.some(([, n]) => n > 0), 'the demo has permits to act on');
    for (const [href, n] of counts) {
      await page.goto(base + href);
      if (href.startsWith('/permits/expiring')) {
        assert.equal(Number(await page.getAttribute('[data-total]', 'data-total')), n, href);
      } else {
        // The permit list as an officer pages through it.
        let total = 0;
        for (;;) {
          total += await page.locator('main tbody tr').count();
          const next = page.locator('a[rel=next]');
          if (!(await next.count())) break;
          await Promise.all([page.waitForNavigation(), next.click()]);
        }
        assert.equal(total, n, href);
      }
    }
  } finally {
    await page.close();
  }
});

test('ticking a permit and recording its early expiry, with a reason, takes it off the list with a notice', async () => {
  const page = await newPage();
  try {
    await useLanguage(page, 'en');
    await page.goto(`${base}/permits/expiring?within=90`);
    const before = Number(await page.getAttribute('[data-total]', 'data-total'));
    assert.ok(before > 0, 'the demo has permits ending within 90 days');
    const first = page.locator('input[type=checkbox][name^="pick_"]').first();
    const name = await first.getAttribute('name');
    await first.check();
    await page.check('#action-expire');
    // The permit is still in force: an expiry before its end date needs a reason.
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    assert.match(await page.textContent('.error-summary'), /needs a reason/);
    assert.equal(await page.locator(`input[name="${name}"]`).isChecked(), true);
    await page.check('#action-expire');
    await page.fill('#reason', 'The worker went home');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    assert.match(page.url(), /\/permits\/expiring\?within=90&done=1$/);
    assert.match(await page.textContent('.panel'), /1 work permit was updated\./);
    assert.equal(Number(await page.getAttribute('[data-total]', 'data-total')), before - 1);
    assert.equal(await page.locator(`input[name="${name}"]`).count(), 0);
  } finally {
    await page.close();
  }
});
