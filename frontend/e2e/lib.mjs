// What the whole-system suites share: the browser, the sandbox sign-in, and the panel and
// region helpers. Every wait is a bounded poll. The helpers take a page getter, since the page
// only exists once a suite's `before` has run.
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const URL = process.env.CCPDESK_DEV_URL ?? 'http://localhost:34115/';
export const ART = process.env.CCPDESK_ARTIFACTS ?? '/tmp/ccpdesk-e2e';
mkdirSync(ART, { recursive: true });
export const REGIONS = ['us-east-1', 'us-west-2'];

/** Debian's Chromium, headless, with a desk-sized page. */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  return { browser, page };
}

/** Helpers bound to page() with T as the default timeout. */
export function helpers(page, T) {
  return {
    /** The sandbox signs a fresh tab in (top-level round trip to ccpsim); if the app already signed
     *  another tab in during this run, the panel offers "Sign in" instead. */
    async signIn() {
      const first = await page().waitForSelector('[data-testid="agent-state"], button:has-text("Sign in")', { timeout: 90_000 });
      if ((await first.getAttribute('data-testid')) !== 'agent-state') {
        await page().click('button:has-text("Sign in")');
        await page().waitForSelector('[data-testid="agent-state"]', { timeout: 90_000 });
      }
    },
    async openSimulator() {
      if (await page().$('[data-testid="simulator"]')) return;
      await page().click('button[aria-label="Open the simulator"]');
      await page().waitForSelector('[data-testid="simulator"]', { timeout: T });
    },
    async setState(name) {
      const cur = await page().textContent('[data-testid="agent-state"]');
      if (cur?.startsWith(name)) return;
      await page().click('[data-testid="state-select"] button');
      await page().click(`[data-testid="state-select"] [data-value="${name}"], [role="option"]:has-text("${name}")`);
      await page().waitForFunction((n) => document.querySelector('[data-testid="agent-state"]')?.textContent?.startsWith(n), name, { timeout: T });
    },
    async clearAll() {
      for (let i = 0; i < 5 && (await page().$('[data-testid="clear"]')); i++) {
        await page().click('[data-testid="clear"]').catch(() => {});
        await page().waitForSelector('[data-testid="clear"]', { state: 'detached', timeout: 5000 }).catch(() => {});
      }
      await page().waitForSelector('[data-testid="no-contact"]', { timeout: T });
    },
    async failoverTo(region) {
      await page().waitForSelector(`[data-testid="sim-failover"]:has-text("${region}")`, { timeout: T });
      await page().click('[data-testid="sim-failover"]');
    },
    /** A no-reload marker and a recorder of every banner phase shown (the completed banner decays
     *  after 10 s: on a loaded machine a poll could miss it). Both last until the page reloads. */
    recordBanner: () =>
      page().evaluate(() => {
        window.__ccpdeskNoReload = 'marker-' + Math.random();
        window.__bannerPhases = [];
        setInterval(() => {
          const p = document.querySelector('[data-testid="failover-banner"]')?.getAttribute('data-phase') ?? 'none';
          if (window.__bannerPhases.at(-1) !== p) window.__bannerPhases.push(p);
        }, 50);
      }),
    activeRegion: (r, timeout = T) =>
      page().waitForFunction((x) => document.querySelector('[data-testid="region"]')?.getAttribute('data-active') === x, r, { timeout }),
    bannerPhase: (p, timeout = T) =>
      page().waitForFunction((x) => document.querySelector('[data-testid="failover-banner"]')?.getAttribute('data-phase') === x, p, { timeout }),
    /** Marks the banner history; bannerShown(p, mark) waits until phase p was shown after the mark. */
    bannerMark: () => page().evaluate(() => window.__bannerPhases.length),
    bannerShown: (p, mark, timeout = T) =>
      page().waitForFunction(([x, m]) => window.__bannerPhases.slice(Math.max(0, m - 1)).includes(x), [p, mark], { timeout }),
    marker: () => page().evaluate(() => window.__ccpdeskNoReload),
  };
}
