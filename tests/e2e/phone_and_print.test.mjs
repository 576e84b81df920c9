// Phone and paper (issue #17): Debian's Chromium, driven by Playwright, against the real server
// with the demo data. On a 375 × 812 phone the page's heading is in the first screen in every
// language; the Vietnamese menu (the longest) fits one line at 1280 px; the dashboard's charts
// give way to their tables on a phone and an empty chart draws no legend; printed, a page
// shows no header, menu, language switcher or buttons, and keeps the record's names, dates and
// its address (with its id). LB_GUIDE_SHOTS=dir saves the user guide's pictures of the phone
// and the printed page.
//
//   LB_BIN=/path/to/labourbridge node --test phone_and_print.test.mjs   (default: ../../build/bin/labourbridge)
//   LB_CHROMIUM=/path/to/chromium                                (default: /usr/bin/chromium)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { launchBrowser, startServer, stopAll } from './lb_server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const LB_BIN = resolve(here, process.env.LB_BIN ?? '../../build/bin/labourbridge');
const CHROMIUM = process.env.LB_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'E2e-Report17-Check-2026';
const LANGS = ['en', 'vi', 'lo'];

let server;
let serverExit;
let base;
let workDir;
let context;

before(async () => {
  assert.ok(existsSync(LB_BIN), `${LB_BIN} is missing: build it first (make build), or set LB_BIN`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: scripts/install-deps installs Debian's chromium`);
  workDir = mkdtempSync(join(tmpdir(), 'lb-phone-print-'));
  const db = `sqlite:${join(workDir, 'e2e.db')}`;
  execFileSync(LB_BIN, ['user', 'add', 'officer', '--role', 'admin', '--country', 'VN', '--password-stdin', '--db', db], {
    encoding: 'utf8', input: `${PASSWORD}\n`, stdio: ['pipe', 'pipe', 'pipe'],
  });
  ({ proc: server, exit: serverExit, base } = await startServer(LB_BIN, db, ['--demo', '--demo-persons', '40'],
    join(workDir, 'node.key')));
  context = await launchBrowser(chromium, CHROMIUM, join(workDir, 'profile'));
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#name', 'officer');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.click('main button[type=submit]')]);
  await page.close();
});

after(() => stopAll({ context, server, serverExit, workDir }));

async function newPage() {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

// Switches the account's language with the switcher (it is remembered for the account).
async function useLanguage(page, lang) {
  await page.goto(`${base}/`);
  const button = page.locator(`form.languages button[value=${lang}]`);
  if (await button.count()) await Promise.all([page.waitForNavigation(), button.click()]);
  assert.equal(await page.getAttribute('html', 'lang'), lang);
}

const PHONE_PAGES = ['/', '/persons', '/permits', '/employers', '/cooperation', '/cooperation/report'];

test('on a 375 × 812 phone the page heading is in the first screen, in every language', async () => {
  const page = await newPage();
  const problems = [];
  try {
    for (const lang of LANGS) {
      await useLanguage(page, lang);
      await page.setViewportSize({ width: 375, height: 812 });
      for (const path of PHONE_PAGES) {
        await page.goto(`${base}${path}`);
        const h1 = await page.locator('main h1').first().boundingBox();
        const header = await page.locator('header.site-header').boundingBox();
        assert.ok(h1 && header, `${path} in ${lang} has a heading and a header`);
        // The heading starts in the top quarter of the screen and is whole in the first screen;
        // the header (brand, languages, menu, sign out) keeps to under a fifth of it.
        if (process.env.LB_GUIDE_SHOTS && lang === 'vi' && path === '/cooperation/report') {
          await page.screenshot({ path: join(process.env.LB_GUIDE_SHOTS, 'phone-report-vi.png') });
        }
        if (h1.y > 812 / 4 || h1.y + h1.height > 812 || header.height > 812 / 5) {
          problems.push(`${path} ${lang}: header ${Math.round(header.height)} px, heading at ${Math.round(h1.y)}–${Math.round(h1.y + h1.height)} px`);
        }
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  } finally {
    await useLanguage(page, 'en');
    await page.close();
  }
  assert.deepEqual(problems, []);
});

test('the Vietnamese menu fits one line at 1280 px, and the menu stays in the header', async () => {
  const page = await newPage();
  try {
    await useLanguage(page, 'vi');
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const path of ['/', '/cooperation']) {
      await page.goto(`${base}${path}`);
      const tops = await page.$$eval('nav.nav ul > li', (lis) => lis.map((li) => Math.round(li.getBoundingClientRect().top)));
      assert.ok(tops.length >= 5, `the administrator's menu has its items (${tops.length})`);
      assert.equal(new Set(tops).size, 1, `${path}: menu items on one line, tops ${tops.join(', ')}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 1280, `${path}: no sideways scrolling at 1280 px (${width})`);
    }
  } finally {
    await useLanguage(page, 'en');
    await page.close();
  }
});

test('dashboard charts on a phone: the table stands in for a chart whose labels would be under 12 px; an empty chart has no legend', async () => {
  const page = await newPage();
  try {
    await page.goto(`${base}/cooperation`);
    // At 1280 px the commitments chart is drawn; the demo has no activity this year: no chart.
    await page.setViewportSize({ width: 1280, height: 900 });
    const blocks = page.locator('section.chart-block');
    assert.equal(await blocks.count(), 2);
    const svgs = await page.$$eval('section.chart-block', (ss) => ss.map((s) => s.querySelectorAll('svg').length));
    // An empty chart's block has no table, only the sentence that there is nothing to show.
    const empty = await page.$$eval('section.chart-block', (ss) => ss.map((s) => s.querySelector('table') === null));
    assert.ok(empty.includes(false), 'the demo has commitments to chart');
    for (let i = 0; i < svgs.length; i++) {
      if (empty[i]) assert.equal(svgs[i], 0, 'an empty chart draws nothing, legend included');
      else assert.equal(svgs[i], 1, 'a chart with numbers is drawn');
    }
    // Any chart text that shows at phone width is at least 12 px; a hidden chart leaves its table.
    await page.setViewportSize({ width: 375, height: 812 });
    const small = await page.$$eval('section.chart-block', (ss) => ss.flatMap((s) => {
      const out = [];
      const svg = s.querySelector('svg');
      const table = s.querySelector('table');
      const said = [...s.querySelectorAll('p')].some((p) => p.getBoundingClientRect().height > 0 && p.textContent.trim());
      if (table ? table.getBoundingClientRect().height === 0 : !said) out.push('a chart without a visible table or sentence');
      if (svg && svg.getBoundingClientRect().width > 0) {
        for (const t of svg.querySelectorAll('text')) {
          const h = t.getBoundingClientRect().height;
          if (h > 0 && parseFloat(getComputedStyle(t).fontSize) * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width) < 12) {
            out.push(`"${t.textContent}" below 12 px`);
          }
        }
      }
      return out;
    }));
    assert.deepEqual(small, []);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.close();
  }
});

test('printed, a record shows no header, menu, language switcher or buttons, and keeps its names, dates and id', async () => {
  const page = await newPage();
  try {
    await page.goto(`${base}/persons`);
    const href = await page.$$eval('main a[href^="/persons/"]',
      (as) => as.map((a) => a.getAttribute('href')).find((h) => /^\/persons\/[0-9a-f-]{36}$/.test(h)));
    assert.ok(href && /^\/persons\/[0-9a-f-]{36}$/.test(href), `a worker's page (${href})`);
    await page.goto(`${base}${href}`);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['header.site-header', 'form.languages', 'nav.nav', '.skip-link']) {
      assert.equal(await page.locator(selector).first().isVisible(), false, `${selector} is not printed`);
    }
    const visibleButtons = await page.$$eval('button, .button', (bs) => bs.filter((b) => b.getClientRects().length > 0).map((b) => b.textContent.trim()));
    assert.deepEqual(visibleButtons, [], 'no button is printed');
    assert.equal(await page.locator('main h1').isVisible(), true, "the worker's name is printed");
    const main = await page.locator('main').innerText();
    assert.match(main, /\d{4}|\d{2}\/\d{2}\/\d{4}/, 'dates are printed');
    if (process.env.LB_GUIDE_SHOTS) {
      await page.setViewportSize({ width: 800, height: 1000 });
      await page.screenshot({ path: join(process.env.LB_GUIDE_SHOTS, 'print-person-en.png'), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });
    }
    const meta = page.locator('.print-meta');
    assert.equal(await meta.isVisible(), true, "the page's address is printed");
    assert.ok((await meta.innerText()).includes(href.split('/').pop()), "the record's id is printed");
    // On screen the same line is hidden and the header is back.
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await meta.isVisible(), false);
    assert.equal(await page.locator('header.site-header').isVisible(), true);
  } finally {
    await page.close();
  }
});
