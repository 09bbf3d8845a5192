// Debian's Chromium driven by playwright-core (never a downloaded browser), headless, fresh profile per launch.
// Every page's console, page errors and failed requests are captured so a failing test can print them.
import { chromium } from 'playwright-core';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { E2E_DIR } from './static.js';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.join(E2E_DIR, 'artifacts');

// The launch flags that work on the project's machines (shared/reference/platform-notes.md).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Chromium with a fresh user data dir. Resolves with a Browser wrapper. */
export async function launchBrowser() {
  const userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'ccpdesk-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1100, height: 800 },
    timeout: 30_000,
  });
  return new Browser(context, userDataDir);
}

export class Browser {
  constructor(context, userDataDir) {
    this.context = context;
    this.userDataDir = userDataDir;
    this.log = []; // {t, page, kind, text}
    this._pageSeq = 0;
    for (const p of context.pages()) this._watch(p);
    context.on('page', (p) => this._watch(p));
  }

  _watch(page) {
    const id = ++this._pageSeq;
    page.__id = id;
    const push = (kind, text) => {
      this.log.push({ t: new Date().toISOString(), page: id, kind, text });
      if (this.log.length > 5000) this.log.splice(0, this.log.length - 5000);
    };
    page.on('console', (m) => push(`console.${m.type()}`, m.text()));
    page.on('pageerror', (e) => push('pageerror', e && (e.stack || e.message) || String(e)));
    page.on('requestfailed', (r) => push('requestfailed', `${r.method()} ${r.url()} ${r.failure() && r.failure().errorText}`));
    page.on('framenavigated', (f) => push('navigated', `${f === page.mainFrame() ? 'main' : 'frame'} ${f.url()}`));
  }

  /** A new page (tab). The first call reuses the blank tab the persistent context opens with. */
  async newPage() {
    const blank = this.context.pages().find((p) => p.url() === 'about:blank' && !p.__used);
    const page = blank || (await this.context.newPage());
    page.__used = true;
    return page;
  }

  /** The captured log as text (optionally only entries whose text matches re). */
  logText(re) {
    return this.log
      .filter((e) => !re || re.test(e.text))
      .map((e) => `${e.t} [page ${e.page}] ${e.kind}: ${e.text}`)
      .join('\n');
  }

  /** Screenshots every open page into e2e/artifacts/<name>-<n>.png; returns the paths. */
  async screenshots(name) {
    await fsp.mkdir(ARTIFACTS_DIR, { recursive: true });
    const out = [];
    for (const p of this.context.pages()) {
      const file = path.join(ARTIFACTS_DIR, `${name}-page${p.__id || 0}.png`);
      try {
        await p.screenshot({ path: file, fullPage: true, timeout: 5000 });
        out.push(file);
      } catch { /* page gone or hung */ }
    }
    return out;
  }

  async close() {
    try { await this.context.close(); } catch { /* already gone */ }
    await fsp.rm(this.userDataDir, { recursive: true, force: true }).catch(() => {});
  }
}
