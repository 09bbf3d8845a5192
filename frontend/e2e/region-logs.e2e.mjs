// Whole-system region tracking and log capture in headless Chromium: the real frontend
// (wails dev's browser mode, bindings over its websocket to the real Go services: region
// tracker, log writer) + the unmodified amazon-connect-streams + ccpsim (in-process sandbox,
// two regions). No fake connect object anywhere.
//
// Needs `wails dev` serving http://localhost:34115 with CCPDESK_SANDBOX_HOST=localhost;
// e2e/run.sh starts it. Every wait is a bounded poll (loaded 2-core machines): no fixed sleeps.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import { ART, REGIONS, URL, helpers, launch } from './lib.mjs';

const T = 45_000;
// The caller of the failback test's call: no file the app writes may hold it, in any form.
const CANARY = '+15555550142';
const CANARY_FORMS = [CANARY, CANARY.slice(1), CANARY.slice(2)]; // E.164, digits only, national digits
// Streams redacts the call's snapshots itself (phoneNumber: "[redacted]"), so the canary is also
// logged where only ccpdesk's redaction stands between it and the disk: in the text and objects of
// an entry through Streams' own logger (captured as streams-crm) and of a direct frontend batch,
// in forms docs/logs.md lists (E.164; digits after "caller id"/"phone number"; tel:; key phone).
const MARK = 'e2e redaction canary: caller';
const BURST = 60; // × 20 KB: over one 1 MiB shipper batch
// The region active when the suite starts (another suite may have left the sandbox failed over)
// and the other one: failover goes A → B, failback B → A.
let A = REGIONS[0];
let B = REGIONS[1];

let browser;
let page;
const { signIn, openSimulator, recordBanner, setState, clearAll, failoverTo, activeRegion, bannerPhase, bannerMark, bannerShown, marker } = helpers(
  () => page,
  T,
);

before(async () => {
  ({ browser, page } = await launch());
  await page.goto(URL);
  await signIn();
  await openSimulator();
  await setState('Available');
  await page.waitForFunction(() => document.querySelector('[data-testid="region"]')?.getAttribute('data-active'), null, { timeout: T });
  A = await page.getAttribute('[data-testid="region"]', 'data-active');
  B = REGIONS.find((r) => r !== A);
  await recordBanner();
});

after(async () => {
  await page?.screenshot({ path: `${ART}/region-logs-last.png` }).catch(() => {});
  await browser?.close();
});

const navigations = () => page.evaluate(() => performance.getEntriesByType('navigation').length);

test("badge: the active region and both instances' health", async () => {
  await activeRegion(A);
  // Both CCPs answer keepalives; the inactive one's ACKs are its only sign of life.
  await page.waitForFunction(
    (rs) => rs.every((r) => document.querySelector(`[data-testid="region-health-${r}"]`)?.getAttribute('data-status') === 'healthy'),
    REGIONS,
    { timeout: T },
  );
  await page.screenshot({ path: `${ART}/region-badge.png` });
});

test('failover with no contact: immediate; the badge switches; no reload', async () => {
  const m = await marker();
  const b = await bannerMark();
  await failoverTo(B);
  await activeRegion(B);
  await bannerShown('completed', b);
  const phases = await page.evaluate((x) => window.__bannerPhases.slice(x), b);
  assert.ok(!phases.includes('pending'), `no pending without a contact: ${phases}`);
  assert.equal(await marker(), m, 'the page was not reloaded');
  // The agent keeps working in the new region.
  await setState('Break');
  await setState('Available');
});

test('failback with an active call: pending until after-contact work is cleared, then completed', async () => {
  const m = await marker();
  await page.click('[data-testid="simulator"] button:has-text("Call")');
  await page.fill('[data-testid="simulator"] input >> nth=0', '+15555550142');
  await page.click('[data-testid="sim-make-contact"]');
  await page.waitForSelector('[data-testid="accept"]', { timeout: T });
  await page.click('[data-testid="accept"]');
  await page.waitForSelector('[data-testid="active-contact"]', { timeout: T });

  await failoverTo(A);
  await bannerPhase('pending');
  const pending = await page.textContent('[data-testid="failover-banner"]');
  assert.ok(pending.includes(`Moving to ${A} after this contact`), pending);
  assert.equal(await page.getAttribute('[data-testid="region"]', 'data-active'), B, 'still in the old region while the call lasts');

  await page.click('[data-testid="end"]');
  await page.waitForSelector('[data-testid="acw-timer"]', { timeout: T });
  // After-contact work still holds the failover.
  await page.waitForFunction(() => /after-contact work/.test(document.querySelector('[data-testid="failover-banner"]')?.textContent ?? ''), null, { timeout: T });
  assert.equal(await page.getAttribute('[data-testid="failover-banner"]', 'data-phase'), 'pending');
  assert.equal(await page.getAttribute('[data-testid="region"]', 'data-active'), B);

  const b = await bannerMark();
  await clearAll();
  await activeRegion(A);
  await bannerShown('completed', b);
  assert.equal(await marker(), m, 'the page was not reloaded');
  await page.screenshot({ path: `${ART}/failback-completed.png` });
});

test('no page reload happened during the failovers', async () => {
  assert.match(String(await marker()), /^marker-/);
  assert.equal(await navigations(), 1);
});

async function diagnostics() {
  return page.evaluate(() => window.go.bridge.Logs.Diagnostics());
}

/** Every file under dir (recursively). */
function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Which canary forms appear in which of these files ([] when none). */
function canaryLeaks(files) {
  return files.flatMap((f) => {
    const text = readFileSync(f).toString('latin1');
    return CANARY_FORMS.filter((c) => text.includes(c)).map((c) => `${c} in ${f}`);
  });
}

function segmentsText(dir) {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.ccplog'))
    .map((n) => readFileSync(join(dir, n)).toString('latin1'))
    .join('\n');
}

test('the Logs view shows the timeline of this session: API calls and agent states', async () => {
  await page.evaluate(
    ([c, mark]) => {
      const text = `${mark} ${c}, caller id ${c.slice(1)}`;
      const objects = { phone: c, dialed: `tel:${c}`, note: `phone number ${c.slice(1)}` };
      window.connect.getLog().info(text).withObject(objects); // objects added after Streams stored the entry
      return window.go.bridge.Logs.Ingest(JSON.stringify({ source: 'frontend', region: '', entries: [{ component: 'e2e', level: 'INFO', text, time: new Date().toISOString(), objects: [objects] }] }));
    },
    [CANARY, MARK],
  );
  await page.click('[data-testid="open-logs"]'); // flushes the capture first
  await page.waitForSelector('[data-testid="logs-view"]', { timeout: T });
  const ok = () =>
    page.evaluate(() => {
      const api = document.querySelector('[data-testid="logs-api"]')?.textContent ?? '';
      const states = document.querySelector('[data-testid="logs-agent-states"]')?.textContent ?? '';
      return /putAgentState|getAgentSnapshot|acceptContact/.test(api) && /Available/.test(states);
    });
  const deadline = Date.now() + T;
  while (!(await ok())) {
    assert.ok(Date.now() < deadline, 'the timeline shows the session: ' + ((await page.textContent('[data-testid="logs-view"]')) ?? '').slice(0, 2000));
    await page.click('[data-testid="logs-today"]'); // reload the timeline (flushes the capture first)
    await page.waitForSelector('[data-testid="logs-today"]:not([disabled])', { timeout: T });
  }
  const api = await page.textContent('[data-testid="logs-api"]');
  assert.match(api, /\d+ ms/, 'latencies shown');
  await page.waitForSelector('[data-testid^="chart-"] img', { timeout: T });
  const d = await diagnostics();
  assert.ok(d.keySource.length > 0, 'the redaction key source is reported');
  const text = segmentsText(d.dir);
  for (const src of ['"source":"streams-ccp"', '"source":"streams-crm"', '"source":"frontend"', '"source":"go"']) assert.ok(text.includes(src), `records from ${src}`);
  for (const r of REGIONS) assert.ok(text.includes(`"region":"${r}"`), `records of ${r}`);
  // Redaction on disk: the failback test's call (from CANARY) is in the logs, its number is not.
  // (The files are plaintext unless encryption at rest is on; then this grep would prove nothing.)
  assert.match(d.encryption, /^off/, 'the sandbox writes plaintext segments');
  assert.ok(text.includes('acceptContact'), "the call's records are on disk");
  const marked = text.split(`${MARK} [phone:`).length - 1;
  assert.ok(marked >= 2, `the canary entries (streams-crm, frontend) are on disk with the number replaced: ${marked}`);
  const objs = text.split('"dialed":"tel:[phone:').length - 1;
  assert.ok(objs >= 2, `their objects too (Streams' logger: added by withObject after the entry was stored): ${objs}`);
  assert.deepEqual(canaryLeaks(filesUnder(d.dir)), [], 'the caller number appears in no file under the log directory');
  await page.screenshot({ path: `${ART}/logs-view.png` });
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.waitForSelector('[data-testid="logs-view"]', { state: 'hidden', timeout: T });
});

test('an oversized ingest batch gets a clear error and stores nothing; a burst through the capture loses nothing', { timeout: 300_000 }, async () => {
  const d0 = await diagnostics();
  const res = await page.evaluate(async () => {
    const entries = Array.from({ length: 300 }, (_, i) => ({ component: 'e2e', level: 'INFO', text: `oversized-canary-${i} ` + 'x'.repeat(20_000), time: new Date().toISOString() }));
    try {
      await window.go.bridge.Logs.Ingest(JSON.stringify({ source: 'frontend', region: '', entries }));
      return { ok: true };
    } catch (e) {
      // Go's {code, message} travels as JSON text in the Error's message (internal/bridge/errors_wire.go).
      try {
        return { ok: false, ...JSON.parse(e?.message ?? String(e)) };
      } catch {
        return { ok: false, code: e?.code, message: e?.message ?? String(e) };
      }
    }
  });
  assert.equal(res.ok, false);
  assert.equal(res.code, 'logs_batch_too_large', JSON.stringify(res));
  assert.match(res.message, /split/);
  assert.ok(!segmentsText(d0.dir).includes('oversized-canary-'), 'nothing of the refused batch was stored');

  // A burst through Streams' own logger, more than one shipper batch (1 MiB): batched, bounded,
  // and all of it arrives. (Streams itself needs ~1 s per 20 KB entry here — its redaction and
  // CRM broadcast — so the burst is kept just over one batch.)
  await page.evaluate((n) => {
    for (let i = 0; i < n; i++) window.connect.getLog().info(`burst-canary-${i}# ` + 'y'.repeat(20_000));
  }, BURST);
  const deadline = Date.now() + T;
  let missing = [];
  for (;;) {
    const text = segmentsText(d0.dir);
    missing = Array.from({ length: BURST }, (_, i) => i).filter((i) => !text.includes(`burst-canary-${i}#`));
    if (missing.length === 0 || Date.now() > deadline) break;
    await page.waitForTimeout(250); // poll the files (bounded by the deadline)
  }
  assert.deepEqual(missing, [], 'every captured entry reached the log');
});

/** The members of a zip file (name → contents); stored and deflated members, as logs.Export writes them. */
function readZip(path) {
  const buf = readFileSync(path);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, `${path} is a zip`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16); // central directory
  const out = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const [csize, size] = [buf.readUInt32LE(p + 20), buf.readUInt32LE(p + 24)];
    const [n, m, k] = [buf.readUInt16LE(p + 28), buf.readUInt16LE(p + 30), buf.readUInt16LE(p + 32)];
    const name = buf.toString('utf8', p + 46, p + 46 + n);
    const local = buf.readUInt32LE(p + 42);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + csize);
    assert.ok(method === 0 || method === 8, `${name}: method ${method}`);
    const body = method === 0 ? data : inflateRawSync(data);
    assert.equal(body.length, size, `${name}: size`);
    out.set(name, body);
    p += 46 + n + m + k;
  }
  return out;
}

/** The X display (DISPLAY, XAUTHORITY) of the app under test: run.sh starts it under xvfb-run with a private XDG_DATA_HOME. */
function appDisplay() {
  const home = process.env.CCPDESK_E2E_DATA_HOME;
  if (!home) return null;
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let env;
    try {
      env = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
    } catch {
      continue; // gone, or not ours
    }
    if (!env.includes(`XDG_DATA_HOME=${home}`)) continue;
    const get = (k) => env.find((e) => e.startsWith(`${k}=`))?.slice(k.length + 1);
    if (get('DISPLAY')) return { DISPLAY: get('DISPLAY'), XAUTHORITY: get('XAUTHORITY') ?? '' };
  }
  return null;
}

const xdotool = (x, ...args) => execFileSync('xdotool', args, { env: { ...process.env, ...x }, timeout: T, encoding: 'utf8' }).trim();

function hasXdotool() {
  try {
    execFileSync('xdotool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('export for support: the bundle of the last 24 hours has per-region agent logs and no caller number', { timeout: 180_000 }, async () => {
  // The binding opens the native save dialog (GTK, in the app's Xvfb display): xdotool answers it.
  const x = appDisplay();
  // Never a skip: make setup installs xdotool and run.sh gives the app an Xvfb display.
  assert.ok(x, "the app's X display was not found (run through frontend/e2e/run.sh)");
  assert.ok(hasXdotool(), 'xdotool is missing: run `make setup` (scripts/setup.sh installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'ccpdesk-export-'));
  const out = join(dir, 'bundle.zip');
  let win = '';
  let saved = false;
  try {
    await page.click('[data-testid="open-logs"]');
    await page.waitForSelector('[data-testid="logs-view"]', { timeout: T });
    assert.match(await page.textContent('[data-testid="logs-range-text"]'), /^From \d{4}-\d{2}-\d{2} \d{2}:\d{2} to now\./, 'the default range: the last 24 hours');
    await page.waitForSelector('[data-testid="logs-export"]:not([disabled])', { timeout: T });
    await page.click('[data-testid="logs-export"]');
    // --sync waits for the dialog; no window manager runs, so focus it by hand.
    win = execFileSync('timeout', ['30', 'xdotool', 'search', '--sync', '--onlyvisible', '--name', 'Save the support bundle'], {
      env: { ...process.env, ...x },
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .at(-1);
    xdotool(x, 'windowfocus', '--sync', win);
    xdotool(x, 'key', '--clearmodifiers', 'ctrl+a');
    xdotool(x, 'type', '--delay', '20', out);
    xdotool(x, 'key', 'Return');
    await page.waitForFunction((p) => document.querySelector('[data-testid="logs-exported"]')?.textContent === p, out, { timeout: T });
    saved = true;

    assert.equal(statSync(out).mode & 0o777, 0o600, 'the bundle is 0600');
    const zip = readZip(out);
    const names = [...zip.keys()];
    for (const r of REGIONS) assert.ok(names.includes(`ccp-${r}-agent-log.txt`), `per-region agent log of ${r}: ${names}`);
    for (const n of ['crm-agent-log.txt', 'ccpdesk-log.jsonl', 'manifest.json', 'extra/effective-config.json', 'extra/system-info.json']) assert.ok(names.includes(n), `${n} in ${names}`);
    // Each region's agent log holds that region's Streams entries (a JSON array of LogEntry).
    for (const r of REGIONS) {
      const entries = JSON.parse(zip.get(`ccp-${r}-agent-log.txt`).toString('utf8'));
      assert.ok(Array.isArray(entries) && entries.length > 0, `entries for ${r}`);
    }
    const crm = zip.get('crm-agent-log.txt').toString('utf8');
    assert.ok(crm.includes(`${MARK} [phone:`), "the canary entry of Streams' logger is in the bundle, redacted");
    // No caller number anywhere in the bundle (each member, uncompressed).
    const leaks = names.filter((n) => {
      const text = zip.get(n).toString('latin1');
      return CANARY_FORMS.some((c) => text.includes(c));
    });
    assert.deepEqual(leaks, [], 'the caller number appears in no file of the bundle');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.waitForSelector('[data-testid="logs-view"]', { state: 'hidden', timeout: T });
  } finally {
    if (win && !saved) {
      // Do not leave the dialog open (and the binding waiting) for the next suite.
      try {
        xdotool(x, 'windowfocus', win);
        xdotool(x, 'key', 'Escape');
      } catch {
        /* already gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
