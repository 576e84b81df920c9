// What an officer's day still missed (issue #17), in Debian's Chromium driven by Playwright,
// against the real server with the demo data: dates read day first (dd/mm/yyyy) on a permit's
// page and list in English, Vietnamese and Lao, and date inputs say the order; the occupation
// input offers ISCO-08 titles as the officer types and fills in the code; the upload page gives
// a template per kind, and a clean check offers "Import now", which imports the same file.
//
//   LB_BIN=/path/to/labourbridge node --test officer_day.test.mjs   (default: ../../build/bin/labourbridge)
//   LB_CHROMIUM=/path/to/chromium                                  (default: /usr/bin/chromium)
//   LB_GUIDE_SHOTS=docs/images                                     also saves the user guide's pictures

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { launchBrowser, signIn, startServer, stopAll } from './lb_server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const LB_BIN = resolve(here, process.env.LB_BIN ?? '../../build/bin/labourbridge');
const CHROMIUM = process.env.LB_CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'E2e-Mekong-Ferry-Day-2026';
const SHOTS = process.env.LB_GUIDE_SHOTS ? resolve(process.cwd(), process.env.LB_GUIDE_SHOTS) : '';

let server;
let serverExit;
let base;
let workDir;
let context;

before(async () => {
  assert.ok(existsSync(LB_BIN), `${LB_BIN} is missing: build it first (make build), or set LB_BIN`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: scripts/install-deps installs Debian's chromium`);
  workDir = mkdtempSync(join(tmpdir(), 'lb-officer-day-'));
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

async function expectAccessible(page, what) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const problems = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  assert.deepEqual(problems, [], `axe-core on ${what}`);
}

// A picture for docs/user-guide.md (only with LB_GUIDE_SHOTS), of the viewport or of `locator`.
async function guide(page, name, { width = 1100, height = 760, locator } = {}) {
  if (!SHOTS) return;
  await page.setViewportSize({ width, height });
  const path = join(SHOTS, `${name}.png`);
  if (locator) await page.locator(locator).screenshot({ path });
  else await page.screenshot({ path });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const ISO = /\b\d{4}-\d{2}-\d{2}\b/;
const DAY_FIRST = /\b\d{2}\/\d{2}\/\d{4}\b/;

test('a permit\'s dates read dd/mm/yyyy on its page and in the list, in every language', async () => {
  const page = await newPage();
  for (const lang of ['en', 'vi', 'lo']) {
    await useLanguage(page, lang);
    await page.goto(`${base}/permits`);
    const until = (await page.locator('table tbody tr td').last().textContent()).trim();
    assert.match(until, /^\d{2}\/\d{2}\/\d{4}$/, `${lang}: the list's end date`);
    await Promise.all([page.waitForNavigation(), page.locator('table tbody tr a').first().click()]);
    const details = await page.locator('main dl.summary').nth(1).innerText();
    assert.match(details, DAY_FIRST, `${lang}: the permit's dates`);
    assert.doesNotMatch(details, ISO, `${lang}: no ISO date on the page`);
    // The status form's date input names the order and gives an example that cannot be misread.
    const input = page.locator('#f-effective_on');
    if (await input.count()) {
      assert.ok((await input.getAttribute('placeholder')).length > 0, `${lang}: a placeholder`);
      assert.match(await page.locator('#f-effective_on-hint').textContent(), /31\/12\/2026/);
    }
    await expectAccessible(page, `permit page (${lang})`);
  }
  await useLanguage(page, 'en');
  await page.close();
});

test('the occupation input offers ISCO-08 titles as the officer types and fills in the code', async () => {
  const page = await newPage();
  await page.goto(`${base}/permits`);
  await Promise.all([page.waitForNavigation(), page.locator('table tbody tr a').first().click()]);
  const id = page.url().split('/').pop();
  await page.goto(`${base}/permits/${id}/edit`);
  const input = page.locator('#f-occupation');
  assert.equal(await input.getAttribute('data-suggest'), '/api/v1/reference/isco');
  await input.fill('');
  await input.pressSequentially('bricklay', { delay: 20 });
  const first = page.locator('#f-occupation-suggestions button').first();
  await first.waitFor();
  assert.match(await first.textContent(), /^7112 – Bricklayers/);
  await guide(page, 'permit-occupation-en', { locator: '.field:has(#f-occupation)' });
  await first.click();
  assert.equal(await input.inputValue(), '7112');
  assert.equal(await page.locator('#f-occupation-suggestions').isHidden(), true);
  await expectAccessible(page, 'permit form with the occupation picker');
  await page.close();
});

test('the upload page gives templates, and a clean check imports the same file with "Import now"', async () => {
  const page = await newPage();
  await page.goto(`${base}/import`);
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.click('a[href="/import/template?kind=persons&lang=en&format=xlsx"]')]);
  assert.equal(download.suggestedFilename(), 'persons-template-en.xlsx');
  await guide(page, 'import-templates-en', { locator: 'main' });
  await Promise.all([page.waitForNavigation(), page.click('a[href="/import?template_lang=vi"]')]);
  assert.equal(await page.locator('a[href="/import/template?kind=permits&lang=vi&format=csv"]').count(), 1);

  const header = 'family_name,given_names,native_name,sex,birth_date,nationality,home_province,phone,document_kind,'
    + 'document_number,document_country,document_expires';
  const file = `${header}\r\nINTHAVONG,Souksavanh,,F,21/05/1990,LA,LA-VT,,passport,PN0000417,LA,31/12/2030\r\n`;
  await page.goto(`${base}/import`);
  await page.check('#mode-dry-run');
  await page.setInputFiles('#file', { name: 'worker.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await Promise.all([page.waitForNavigation(), page.click('main form[action="/import"] button[type=submit]')]);
  await page.locator('.import-outcome').waitFor({ timeout: 30000 });
  assert.match(await page.textContent('.import-outcome'), /only a check: nothing was written/);
  const button = page.locator('form.import-now button[type=submit]');
  assert.equal(await button.count(), 1);
  await expectAccessible(page, 'a clean check with "Import now"');
  await guide(page, 'import-now-en', { locator: 'main' });
  const checked = page.url();
  await Promise.all([page.waitForNavigation(), button.click()]);
  assert.notEqual(page.url(), checked, 'a new job');
  await page.locator('.import-outcome').waitFor({ timeout: 30000 });
  assert.match(await page.textContent('.import-outcome'), /The import is finished\./);
  assert.equal((await page.textContent('.count-created dd')).trim(), '1');
  // The checked file was used: the check's page offers it no more.
  await page.goto(checked);
  assert.equal(await page.locator('form.import-now').count(), 0);
  await page.close();
});

test('the officer\'s day in pictures (dashboard, worklist, sorted list, employer)', async () => {
  const page = await newPage();
  await page.goto(`${base}/`);
  const counts = page.locator('main a[href^="/permits?"]');
  assert.ok(await counts.count() > 0, 'the dashboard\'s numbers link to lists');
  await guide(page, 'officer-dashboard-en');
  await page.goto(`${base}/permits/expiring?within=90`);
  await guide(page, 'officer-worklist-en');
  await page.goto(`${base}/permits?sort=valid_until&dir=asc`);
  assert.match(await page.textContent('main .count'), /Showing 1–\d+ of \d+/);
  await guide(page, 'officer-permits-sorted-en');
  await page.goto(`${base}/employers`);
  await Promise.all([page.waitForNavigation(), page.locator('table tbody tr a').first().click()]);
  assert.match(page.url(), /\/employers\/[0-9a-f-]{36}$/);
  await guide(page, 'officer-employer-en', { height: 900 });
  await page.close();
});
