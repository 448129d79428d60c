// Channel accounts: last poll, cursor lag, rate-limit state, recent errors, webhook counts.
import { ops } from '../api.js';
import { ago, clear, duration, h, pick, problemBox, table, tag, text, time } from '../dom.js';

const REFRESH_MS = 10000;
const LAG_WARN_S = 300;

function lag(seconds) {
  if (seconds === undefined || seconds === null) return undefined;
  const s = Number(seconds);
  return tag(duration(s * 1000), s > LAG_WARN_S * 4 ? 'bad' : s > LAG_WARN_S ? 'warn' : 'ok');
}

function round(value, digits) {
  const n = Number(value);
  return value === undefined || value === null || !Number.isFinite(n) ? text(value) : String(Number(n.toFixed(digits)));
}

function rateLimit(value) {
  if (!value) return undefined;
  const paused = pick(value, 'pausedUntil');
  const pausedNow = paused && new Date(paused) > new Date();
  return h('div', null,
    h('div', null, `${round(pick(value, 'ratePerSecond'), 3)}/s · ${round(pick(value, 'available'), 1)} tokens`),
    pausedNow ? tag(`paused until ${time(paused)}`, 'warn') : h('span', { class: 'muted' }, 'not paused'));
}

function errors(list) {
  if (!Array.isArray(list) || !list.length) return h('span', { class: 'muted' }, 'none');
  const latest = list[0];
  return h('details', null,
    h('summary', null, tag(`${list.length}`, 'bad'), ' ', `${text(pick(latest, 'message'))} (${ago(pick(latest, 'at'))})`),
    h('ul', { class: 'reasons' }, list.map((e) => h('li', null, `${time(pick(e, 'at'))} — ${text(pick(e, 'message'))}`))));
}

function webhooks(value) {
  if (!value) return undefined;
  const rejected = pick(value, 'rejected') ?? {};
  const reasons = Object.entries(rejected);
  const ignored = Object.entries(pick(value, 'ignored') ?? {});
  const total = reasons.reduce((sum, [, n]) => sum + Number(n || 0), 0);
  return h('div', null,
    h('div', null, `${text(pick(value, 'accepted') ?? 0)} accepted · ${text(pick(value, 'duplicates') ?? 0)} duplicates · `,
      total ? tag(`${total} rejected`, 'warn') : '0 rejected'),
    reasons.length ? h('ul', { class: 'reasons muted' }, reasons.map(([reason, n]) => h('li', null, `${reason}: ${n}`))) : null,
    ignored.length ? h('div', { class: 'muted' }, 'ignored: ', ignored.map(([topic, n]) => `${topic} ${n}`).join(', ')) : null);
}

export async function render(container) {
  const results = h('div', { class: 'panel' });
  const stamp = h('span', { class: 'muted', role: 'status' });
  container.append(h('div', { class: 'page-head' }, h('h1', null, 'Connectors'), h('span', { class: 'spacer' }), stamp,
    h('button', { type: 'button', class: 'btn', onclick: () => load() }, 'Refresh')), results);

  async function load() {
    try {
      const data = await ops('/connectors');
      const items = Array.isArray(data) ? data : pick(data, 'items') ?? [];
      clear(results).appendChild(h('div', { class: 'table-wrap' }, table([
        { label: 'Account', value: (c) => h('strong', { class: 'mono' }, text(pick(c, 'account'))) },
        { label: 'Channel', value: (c) => pick(c, 'channel') },
        { label: 'Last poll', value: (c) => h('span', { title: time(pick(c, 'lastPollAt')) }, ago(pick(c, 'lastPollAt'))) },
        { label: 'Cursor', value: (c) => h('span', { class: 'mono' }, text(pick(c, 'cursor'))) },
        { label: 'Cursor lag', value: (c) => lag(pick(c, 'cursorLagSeconds')) },
        { label: 'Rate limit', value: (c) => rateLimit(pick(c, 'rateLimit')) },
        { label: 'Errors', value: (c) => errors(pick(c, 'errors')) },
        { label: 'Webhooks', value: (c) => webhooks(pick(c, 'webhooks')) },
      ], items, { label: 'Channel accounts', empty: 'No channel accounts configured.' })));
      stamp.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      clear(results).appendChild(problemBox(error));
    }
  }

  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => clearInterval(timer);
}
