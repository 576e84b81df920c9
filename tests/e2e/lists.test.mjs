// Lists an officer can work with (issue #17): Debian's Chromium, driven by Playwright, against
// the real server with the demo data, at 1280 px and on a 375 px phone, in English, Vietnamese
// and Lao. Each list says how many records its filters match ("Showing 1–25 of N"), sorts by a
// column heading (aria-sort tells which), pages forward and back to the same rows, keeps its
// filters and order in the address (a bookmark opens the same page) and in the download links;
// the employer's name leads to its page with its workers; every page passes axe-core.
//
//   LB_BIN=/path/to/labourbridge node --test lists.test.mjs   (default: ../../build/bin/labourbridge)
//   LB_CHROMIUM=/path/to/chromium                             (default: /usr/bin/chromium)

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { launchBrowser, signIn, startServer, stopAll } from './lb_server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const LB_BIN = resolve(here, process.env.LB_BIN ?? '../../build/bin/labourbridge');
const CHROMIUM = process.env.LB_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'E2e-Lists17-Check-2026';
const LANGS = ['en', 'vi', 'lo'];
const WIDTHS = [1280, 375];
const LISTS = ['/persons', '/employers', '/permits'];

let server;
let serverExit;
let base;
let workDir;
let context;

before(async () => {
  assert.ok(existsSync(LB_BIN), `${LB_BIN} is missing: build it first (make build), or set LB_BIN`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: scripts/install-deps installs Debian's chromium`);
  workDir = mkdtempSync(join(tmpdir(), 'lb-lists17-'));
  const db = `sqlite:${join(workDir, 'e2e.db')}`;
  execFileSync(LB_BIN, ['user', 'add', 'officer', '--role', 'admin', '--country', 'VN', '--password-stdin', '--db', db], {
    encoding: 'utf8', input: `${PASSWORD}\n`, stdio: ['pipe', 'pipe', 'pipe'],
  });
  ({ proc: server, exit: serverExit, base } = await startServer(LB_BIN, db, ['--demo', '--demo-persons', '60'],
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
  const button = page.locator(`form.languages button[value=${lang}]`);
  if (await button.count()) await Promise.all([page.waitForNavigation(), button.click()]);
  assert.equal(await page.getAttribute('html', 'lang'), lang);
}

async function axe(page, what) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const problems = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  assert.deepEqual(problems, [], `axe-core on ${what}`);
}

// The ids of the rows shown (each row's first link).
async function rowLinks(page) {
  return page.$$eval('main table tbody tr', (rows) => rows.map((r) => r.querySelector('a')?.getAttribute('href')));
}

// "Showing 1–25 of 73" in any of the three languages: the three numbers.
async function countNumbers(page) {
  const text = await page.locator('main p.count').innerText();
  return (text.match(/\d[\d.,\u00a0 ]*/g) ?? []).map((n) => Number(n.replace(/[^\d]/g, '')));
}

test('every list counts, sorts, pages both ways and passes axe-core, in three languages at 1280 and 375 px', async () => {
  const page = await newPage();
  try {
    for (const lang of LANGS) {
      await useLanguage(page, lang);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width === 375 ? 812 : 900 });
        for (const path of LISTS) {
          await page.goto(`${base}${path}`);
          const [first, last, total] = await countNumbers(page);
          assert.equal(first, 1, `${path} ${lang}: the count starts at 1`);
          assert.ok(total >= last && last >= 1, `${path} ${lang}: ${first}–${last} of ${total}`);
          // The page fits the phone's width: no sideways scrolling of the page itself.
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 1, `${path} ${lang} at ${width}px scrolls sideways by ${overflow}px`);
          await axe(page, `${path} ${lang} ${width}px`);
        }
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  } finally {
    await useLanguage(page, 'en');
    await page.close();
  }
});

test('a column heading sorts the list, and next then previous shows the same rows again', async () => {
  const page = await newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/permits?status=issued`);
    const [, , total] = await countNumbers(page);
    // Sort by the worker: the heading says so, and the address holds filter and order.
    await Promise.all([page.waitForNavigation(), page.locator('main thead a', { hasText: 'Worker' }).click()]);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('sort'), 'worker');
    assert.equal(url.searchParams.get('dir'), 'asc');
    assert.equal(url.searchParams.get('status'), 'issued');
    assert.equal(await page.locator('main th[aria-sort]').getAttribute('aria-sort'), 'ascending');
    assert.equal((await countNumbers(page))[2], total, 'sorting keeps the filter and its total');
    const firstPage = await rowLinks(page);
    // Every status shown is the filtered one, each with its own style and its words.
    const tags = await page.$$eval('main td span.tag', (s) => s.map((x) => x.className));
    assert.ok(tags.length > 0 && tags.every((c) => c === 'tag status-issued'), tags.join());
    if (total > firstPage.length) {
      await Promise.all([page.waitForNavigation(), page.locator('a[rel=next]').click()]);
      const [from] = await countNumbers(page);
      assert.equal(from, firstPage.length + 1);
      const second = await rowLinks(page);
      assert.ok(second.every((h) => !firstPage.includes(h)), 'the next page shows other permits');
      await Promise.all([page.waitForNavigation(), page.locator('a[rel=prev]').click()]);
      assert.deepEqual(await rowLinks(page), firstPage, 'previous returns exactly the first page');
      assert.equal(await page.locator('a[rel=prev]').count(), 0, 'the first page has no previous link');
    }
    // A bookmark of the address opens the same page.
    const bookmark = page.url();
    const again = await newPage();
    await again.goto(bookmark);
    assert.deepEqual(await rowLinks(again), firstPage);
    await again.close();
    // Descending turns the order round.
    await Promise.all([page.waitForNavigation(), page.locator('main thead a', { hasText: 'Worker' }).click()]);
    assert.equal(await page.locator('main th[aria-sort]').getAttribute('aria-sort'), 'descending');
    // The downloads carry the filter.
    const csv = await page.locator('.downloads a').first().getAttribute('href');
    assert.match(csv, /status=issued/);
  } finally {
    await page.close();
  }
});

test('the employer list searches and filters; a name leads to its page with its workers and their permits', async () => {
  const page = await newPage();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${base}/permits`);
    // The permit list names the employer, linked to its page.
    const employerLink = page.locator('main td a[href^="/employers/"]').first();
    const name = (await employerLink.innerText()).trim();
    await Promise.all([page.waitForNavigation(), employerLink.click()]);
    assert.match(page.url(), /\/employers\/[0-9a-f-]{36}$/);
    assert.equal((await page.locator('main h1').innerText()).startsWith(name), true);
    assert.ok(await page.locator('main a[href^="/persons/"]').count() > 0, 'its workers are listed and linked');
    assert.ok(await page.locator('main a[href^="/permits/"]').count() > 0, 'with their permits');
    await axe(page, 'the employer page');
    // The search box finds it by a word of its name.
    const word = name.split(/\s+/).find((w) => w.length > 3) ?? name;
    await page.goto(`${base}/employers?q=${encodeURIComponent(word)}`);
    const names = await page.$$eval('main tbody td:first-child a', (as) => as.map((a) => a.textContent));
    assert.ok(names.some((n) => n.includes(name)), `${word} finds ${name}: ${names.join('; ')}`);
    // The permit page links back to both parties.
    await page.goto(`${base}/permits`);
    await Promise.all([page.waitForNavigation(), page.locator('main td a[href^="/permits/"]').first().click()]);
    assert.ok(await page.locator('main dl.parties a[href^="/persons/"]').count() === 1);
    assert.ok(await page.locator('main dl.parties a[href^="/employers/"]').count() === 1);
  } finally {
    await page.close();
  }
});
