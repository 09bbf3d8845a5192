import type { Store } from '../../state/store';
import type { Actions } from '../ccp/actions';
import type { CCPState } from '../ccp/model';
import type { ContactView } from '../../connect/types';

export interface SelfTestApi {
  step(name: string, panel: Record<string, unknown>): Promise<string>;
  finish(failure: string): Promise<void>;
}

export interface DriverOptions {
  stepTimeoutMs?: number;
  pauseMs?: number; // time each state stays on screen (for screenshots)
  doc?: Document;
  full?: boolean; // hold/resume/transfer/conference too (default true)
  scenario?: string; // inbound (default) | multi
}

/**
 * The self-test driver (--selftest): it plays the agent through the real panel — it
 * waits for what the panel shows and clicks the panel's own buttons — and reports each
 * observation to Go, which writes the report file. Scenario: set Available → a call
 * arrives (made by Go through ccpsim) → accept → hold → resume → transfer (consult a
 * quick connect) → join (conference) → leave (end) → after-contact work → clear.
 */
export async function runSelfTest(store: Store<CCPState>, actions: Actions, api: SelfTestApi, o: DriverOptions = {}): Promise<void> {
  const doc = o.doc ?? document;
  const stepTimeout = o.stepTimeoutMs ?? 45000;
  const pause = o.pauseMs ?? 1500;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const waitFor = <T>(what: string, pick: (s: CCPState) => T | null | undefined | false): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const v = pick(store.get());
        if (v) {
          clearTimeout(timer);
          off();
          resolve(v);
        }
      };
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out waiting for ${what}`));
      }, stepTimeout);
      const off = store.subscribe(check);
      check();
    });
  const panelText = (testId: string) => (doc.querySelector(`[data-testid="${testId}"]`) as HTMLElement | null)?.innerText ?? '';
  const click = async (testId: string) => {
    const el = await waitForElement(doc, `[data-testid="${testId}"]`, stepTimeout);
    el.click();
  };
  const clickLabel = async (label: string) => {
    const el = await waitForElement(doc, `[aria-label="${label}"]`, stepTimeout);
    el.click();
  };
  const describe = (c: ContactView) => ({ contactId: c.contactId, channel: c.channel, phase: c.phase, caller: c.caller, queue: c.queueName, attributes: c.attributes });

  const findButton = (root: string, text: string) =>
    new Promise<HTMLElement>((resolve, reject) => {
      const start = Date.now();
      const tick = () => {
        const b = [...doc.querySelectorAll(`${root} button`)].find((x) => x.textContent?.trim() === text) as HTMLElement | undefined;
        if (b) return resolve(b);
        if (Date.now() - start > stepTimeout) return reject(new Error(`no "${text}" button in ${root}`));
        setTimeout(tick, 100);
      };
      tick();
    });
  const shortcut = (code: string) =>
    window.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, code, key: code.replace(/^Key/, '').toLowerCase(), bubbles: true }));

  try {
    const agent = await waitFor('the agent', (s) => s.phase === 'ready' && s.agent);
    if (agent.state.type !== 'routable') {
      const available = agent.states.find((x) => x.type === 'routable');
      if (!available) throw new Error('no routable agent state');
      await actions.setState(available.name);
      await waitFor('agent Available', (s) => s.agent?.state.type === 'routable');
    }
    await api.step('agent_ready', { agentState: store.get().agent?.state.name, agentText: panelText('agent-state'), origin: `${location.protocol}//${location.host}` });

    if (o.scenario === 'outbound-missed') {
      // Outbound: type a number in the panel's dialer and press Call.
      const input = doc.querySelector('input[aria-label="Number to call"]') as HTMLInputElement | null;
      if (!input) throw new Error('no dialer (outboundCall permission?)');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setter.call(input, '+15555550177');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await sleep(200);
      await (await findButton('[data-testid="agent-status"]', 'Call')).click();
      const dialing = await waitFor('the outbound call dialing', (s) => s.contacts.find((c) => c.phase === 'dialing' || (!c.inbound && c.phase === 'active')));
      await sleep(100);
      await api.step('dialing', { ...describe(dialing), text: panelText('active-contact') });
      await waitFor('the callee to answer', (s) => s.contacts.find((c) => c.contactId === dialing.contactId && c.phase === 'active' && c.connections.some((x) => x.state === 'connected')));
      await sleep(200);
      await api.step('outbound_connected', { text: panelText('active-contact') });
      await sleep(pause);
      await click('end');
      await waitFor('ACW', (s) => s.contacts.find((c) => c.contactId === dialing.contactId && c.phase === 'acw'));
      await click('clear');
      await waitFor('the outbound call cleared', (s) => s.contacts.length === 0);
      await api.step('outbound_cleared', { agent: panelText('agent-state') });

      // Missed: a call arrives (from the Simulator drawer) and nobody answers.
      await clickLabel('Open the simulator');
      await sleep(300);
      await click('sim-make-contact');
      const ring = await waitFor('a ringing call', (s) => s.contacts.find((c) => c.phase === 'ringing'));
      await api.step('missed_ringing', { ...describe(ring) });
      const missedWait = 60000;
      const missed = await new Promise<CCPState>((resolve, reject) => {
        const t = setTimeout(() => { off(); reject(new Error('the call never timed out')); }, missedWait);
        const off = store.subscribe(() => {
          const s = store.get();
          const c = s.contacts.find((x) => x.contactId === ring.contactId);
          if ((c && c.phase === 'missed') || (!c && s.agent?.state.type === 'error')) { clearTimeout(t); off(); resolve(s); }
        });
      });
      await sleep(300);
      await api.step('missed', { agent: missed.agent?.state.name, agentType: missed.agent?.state.type, text: panelText('contact-panel'), agentText: panelText('agent-state') });
      if (store.get().contacts.some((c) => c.phase === 'missed')) await click('clear').catch(() => undefined);
      await actions.setState('Available');
      await waitFor('Available again', (s) => s.agent?.state.type === 'routable');
      await api.step('recovered', { agent: panelText('agent-state') });
      await api.finish('');
      return;
    }

    if (o.scenario === 'multi') {
      // The Simulator drawer plays the customers: a chat, then a call, at once.
      await clickLabel('Open the simulator');
      await (await findButton('[data-testid="simulator"]', 'Chat')).click();
      await sleep(200);
      await click('sim-make-contact');
      const chat = await waitFor('an incoming chat', (s) => s.contacts.find((c) => c.channel === 'CHAT' && c.phase === 'ringing'));
      await sleep(200);
      await api.step('chat_incoming', { ...describe(chat), text: panelText('incoming-contact') });
      shortcut('KeyA'); // accept with the keyboard
      await waitFor('the chat connected', (s) => s.contacts.find((c) => c.contactId === chat.contactId && c.phase === 'active'));
      await sleep(200);
      await api.step('chat_active', { text: panelText('active-contact') });

      await (await findButton('[data-testid="simulator"]', 'Call')).click();
      await sleep(200);
      await click('sim-make-contact');
      const call = await waitFor('an incoming call', (s) => s.contacts.find((c) => c.channel === 'VOICE' && c.phase === 'ringing'));
      await sleep(300);
      await api.step('two_contacts', { contacts: store.get().contacts.map(describe), switcher: panelText('contact-switcher'), text: panelText('incoming-contact') });
      await click('accept');
      await waitFor('the call connected', (s) => s.contacts.find((c) => c.contactId === call.contactId && c.phase === 'active'));
      await sleep(200);
      await api.step('call_active', { switcher: panelText('contact-switcher'), text: panelText('active-contact') });
      await sleep(pause);

      const from = store.get().region?.active;
      await click('sim-failover');
      await waitFor('the failover to be pending', (s) => s.region?.failoverPending);
      await sleep(200);
      await api.step('failover_pending', { region: store.get().region, text: `${panelText('region')}\n${panelText('failover-banner')}` });
      await sleep(pause);

      for (const id of [call.contactId, chat.contactId]) {
        await click(`sim-hangup-${id}`);
        await waitFor(`contact ${id} ended`, (s) => !s.contacts.some((c) => c.contactId === id && (c.phase === 'active' || c.phase === 'ringing')));
      }
      for (let i = 0; i < 2 && store.get().contacts.length > 0; i++) {
        await sleep(300);
        await click('clear');
        await waitFor('one contact cleared', (s) => s.contacts.length <= 1 - i);
      }
      await api.step('cleared', { text: panelText('contact-panel') });
      await waitFor('the failover to complete', (s) => s.region?.active && s.region.active !== from && !s.region.failoverPending);
      await sleep(500);
      await api.step('failed_over', { from, region: store.get().region, text: `${panelText('region')}\n${panelText('failover-banner')}`, agent: panelText('agent-state') });
      await api.finish('');
      return;
    }

    const ringing = await waitFor('an incoming contact', (s) => s.contacts.find((c) => c.phase === 'ringing'));
    await sleep(200); // let React paint the panel
    await api.step('incoming', { ...describe(ringing), text: panelText('incoming-contact') });
    await sleep(pause);
    await click('accept');

    const connected = await waitFor('the contact connected', (s) => s.contacts.find((c) => c.contactId === ringing.contactId && c.phase === 'active'));
    await sleep(200);
    await api.step('connected', { ...describe(connected), text: panelText('active-contact') });
    await sleep(pause);

    if (o.full !== false) {
      const cust = connected.connections.find((x) => x.initial)!;
      const conn = (id: string) => store.get().contacts.find((c) => c.contactId === id)?.connections.find((x) => x.connectionId === cust.connectionId);
      await click(`hold-${cust.connectionId}`);
      await waitFor('the customer on hold', () => conn(ringing.contactId)?.onHold);
      await sleep(200);
      await api.step('held', { text: panelText('active-contact') });
      await click(`hold-${cust.connectionId}`);
      await waitFor('the customer resumed', () => conn(ringing.contactId) && !conn(ringing.contactId)!.onHold);
      await sleep(200);
      await api.step('resumed', { text: panelText('active-contact') });

      await click('transfer');
      await waitFor('quick connects', (s) => s.quickConnects.length > 0 && !s.quickConnectsLoading);
      await sleep(pause);
      await clickLabel('Transfer to Escalations desk');
      const consulting = await waitFor('the third party connected', (s) =>
        s.contacts.find((c) => c.contactId === ringing.contactId && c.connections.some((x) => !x.initial && x.state === 'connected')),
      );
      await sleep(200);
      await api.step('consulting', { ...describe(consulting), text: panelText('active-contact') });
      await sleep(pause);
      await click('join');
      const conf = await waitFor('the conference', (s) =>
        s.contacts.find((c) => c.contactId === ringing.contactId && c.connections.filter((x) => x.state === 'connected').length >= 2),
      );
      await sleep(200);
      await api.step('conference', { ...describe(conf), text: panelText('active-contact') });
      await sleep(pause);
    }
    await click('end');

    const acw = await waitFor('after-contact work', (s) => s.contacts.find((c) => c.contactId === ringing.contactId && c.phase === 'acw'));
    await sleep(200);
    await api.step('after_call_work', { ...describe(acw), text: panelText('acw-contact') });
    await sleep(pause);
    await click('clear');

    await waitFor('the contact cleared', (s) => !s.contacts.some((c) => c.contactId === ringing.contactId));
    await sleep(200);
    await api.step('cleared', { agentState: store.get().agent?.state.name, text: panelText('contact-panel') });
    await api.finish('');
  } catch (e) {
    await api.finish((e as Error).message || String(e));
  }
}

function waitForElement(doc: Document, selector: string, timeoutMs: number): Promise<HTMLElement> {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      const el = doc.querySelector(selector) as HTMLElement | null;
      if (el && !(el as HTMLButtonElement).disabled) return resolve(el);
      if (Date.now() - start > timeoutMs) return reject(new Error(`no enabled ${selector} button`));
      setTimeout(tick, 100);
    };
    tick();
  });
}
