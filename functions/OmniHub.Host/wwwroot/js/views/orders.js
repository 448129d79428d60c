// Orders list with status/channel filters and continuation paging.
import { ops } from '../api.js';
import { ago, clear, field, h, money, orderLink, pick, problemBox, setHashQuery, table, tag, text, time } from '../dom.js';

export const ORDER_STATUSES = ['Received', 'AwaitingMapping', 'Mapped', 'Routed', 'Backordered', 'Reserved', 'FulfilmentRequested',
  'Accepted', 'PartiallyShipped', 'Shipped', 'ReadyForPickup', 'PickedUp', 'Completed', 'Cancelled', 'PartiallyReturned', 'Returned'];
export const CHANNELS = ['shopify', 'amazon', 'ebay', 'woocommerce', 'bol', 'store'];

/** Colour of an order status: waiting on an operator = warn, done = ok, cancelled/returned = neutral. */
export function orderTone(status) {
  const s = String(status ?? '');
  if (['AwaitingMapping', 'Backordered'].includes(s)) return 'warn';
  if (['Completed', 'PickedUp', 'Shipped'].includes(s)) return 'ok';
  if (['Cancelled', 'Returned', 'PartiallyReturned'].includes(s)) return undefined;
  return 'info';
}

function fulfilmentText(value) {
  if (!value) return undefined;
  if (typeof value === 'string') return value;
  const method = pick(value, 'method');
  const store = pick(value, 'storeLocationId');
  return store ? `${text(method)} @ ${store}` : method;
}

export async function render(container, { params }) {
  const state = { status: params.get('status') ?? '', channel: params.get('channel') ?? '', q: params.get('q') ?? '', tokens: [null], page: 0 };
  const statusSelect = h('select', { name: 'status' }, h('option', { value: '' }, 'Any'),
    ORDER_STATUSES.map((s) => h('option', { value: s, selected: s === state.status }, s)));
  const channelSelect = h('select', { name: 'channel' }, h('option', { value: '' }, 'Any'),
    CHANNELS.map((c) => h('option', { value: c, selected: c === state.channel }, c)));
  const qInput = h('input', { type: 'search', name: 'q', value: state.q, placeholder: 'order id contains', size: 22 });
  const form = h('form', { class: 'panel filters', 'aria-label': 'Order filters' },
    field('Status', statusSelect), field('Channel', channelSelect), field('Order id', qInput),
    h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'btn primary' }, 'Apply')));
  const results = h('div', { class: 'panel' });
  const prev = h('button', { type: 'button', class: 'btn', onclick: () => go(state.page - 1) }, '← Previous');
  const next = h('button', { type: 'button', class: 'btn', onclick: () => go(state.page + 1) }, 'Next →');
  container.append(h('div', { class: 'page-head' }, h('h1', null, 'Orders')), form, results, h('div', { class: 'pager' }, prev, next));

  function go(page) {
    if (page < 0 || page >= state.tokens.length) return;
    state.page = page;
    load();
  }

  async function load() {
    try {
      const data = await ops('/orders', { query: { status: state.status, channel: state.channel, q: state.q, top: 50, continuation: state.tokens[state.page] } });
      const items = Array.isArray(data) ? data : pick(data, 'items') ?? [];
      const continuation = Array.isArray(data) ? null : pick(data, 'continuation');
      state.tokens.length = state.page + 1;
      if (continuation) state.tokens.push(continuation);
      clear(results).appendChild(h('div', { class: 'table-wrap' }, table([
        { label: 'Order', value: (o) => orderLink(pick(o, 'id')) },
        { label: 'Channel', value: (o) => pick(o, 'channel') },
        { label: 'Channel order id', value: (o) => h('span', { class: 'mono' }, text(pick(o, 'channelOrderId'))) },
        { label: 'Status', value: (o) => tag(pick(o, 'status'), orderTone(pick(o, 'status'))) },
        { label: 'Placed', value: (o) => h('span', { class: 'nowrap' }, time(pick(o, 'placedAt'))) },
        { label: 'Updated', value: (o) => ago(pick(o, 'updatedAt')) },
        { label: 'Total', class: 'num', value: (o) => money(pick(o, 'total')) },
        { label: 'Fulfilment', value: (o) => fulfilmentText(pick(o, 'fulfilment')) },
      ], items, { label: 'Orders', empty: 'No orders match these filters.' })));
      prev.disabled = state.page === 0;
      next.disabled = !continuation;
    } catch (error) {
      clear(results).appendChild(problemBox(error));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    state.status = statusSelect.value;
    state.channel = channelSelect.value;
    state.q = qInput.value.trim();
    state.tokens = [null];
    state.page = 0;
    setHashQuery('/orders', { status: state.status, channel: state.channel, q: state.q });
    load();
  });

  await load();
}
