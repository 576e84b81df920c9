// Starts the labourbridge server for the browser tests: `serve` on a free port of 127.0.0.1 with
// the given database and node key, answering once the server reports the address it listens on;
// and the browser the tests drive, and the end of both.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

export async function startServer(bin, db, extraArgs, keyFile, onLog) {
  const proc = spawn(bin, ['serve', '--db', db, ...extraArgs, '--node-key', keyFile,
    '--listen', '127.0.0.1:0', '--threads', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  let log = '';
  proc.stderr.on('data', (d) => { log += d; onLog?.(d); });
  const url = await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not report its port in 30 s:\n${log}`)), 30000);
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/([\w.-]+):(\d+)/);
      if (m) {
        clearTimeout(timer);
        res(`http://${m[1]}:${m[2]}`);
      }
    });
    exit.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`server exited early (code ${code}, signal ${signal}):\n${log}`));
    });
  });
  return { proc, exit, base: url };
}

// Debian's Chromium (`executablePath`), headless, with its profile in `dir`: 1280 × 900, British English.
export function launchBrowser(chromium, executablePath, dir) {
  return chromium.launchPersistentContext(dir, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
  });
}

// Closes the browser, kills the server if it still runs and removes the work directory.
export async function stopAll({ context, server, serverExit, workDir }) {
  await context?.close();
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await serverExit;
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}

// Signs `name` in through the login page; the session cookie stays in the browser context.
export async function signIn(context, base, name, password) {
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.fill('#name', name);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${base}/`), page.click('main button[type=submit]')]);
  await page.close();
}
