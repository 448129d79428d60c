// Exception queues: unmapped SKUs (create the mapping and resume), routing failures and backorders (pick a
// location or retry), dead letters (inspect and resubmit).
import { ops, OPS, post } from '../api.js';
import { ago, clear, confirmDialog, field, h, instanceLink, jsonBlock, loading, maybeJson, okBox, orderLink, pick, problemBox, table, tag, text, time } from '../dom.js';

const KINDS = [
  { kind: 'unmapped-sku', label: 'Unmapped SKU' },
  { kind: 'routing-failure', label: 'Routing failure' },
  { kind: 'backorder', label: 'Backorder' },
  { kind: 'dead-letter', label: 'Dead letters' },
  { kind: 'other', label: 'Other' },
];
const MAIN_KINDS = ['unmapped-sku', 'routing-failure', 'backorder', 'dead-letter'];
const kindOf = (e) => (MAIN_KINDS.includes(pick(e, 'kind')) ? pick(e, 'kind') : 'other');
const MAPPING_KINDS = ['Single', 'Multipack', 'Bundle', 'Kit'];
const KEY_KINDS = ['Sku', 'Asin', 'ListingId', 'VariantId'];

function channelOf(item) {
  const fromData = pick(pick(item, 'data') ?? {}, 'channel');
  if (fromData) return fromData;
  const orderId = String(pick(item, 'orderId') ?? '');
  const parts = orderId.split(':');
  return parts.length >= 3 && parts[0] === 'order' ? parts[1] : '';
}

/**
 * Channel keys an unmapped-SKU exception is about: data.channelSku / channelKey / unmapped[], else the workflow's
 * message "no SKU mapping for A, B".
 */
function unmappedKeys(item) {
  const data = maybeJson(pick(item, 'data')) ?? {};
  const keys = [];
  const add = (k) => { if (k && !keys.includes(String(k))) keys.push(String(k)); };
  add(pick(data, 'channelSku', 'channelKey', 'sku'));
  for (const u of pick(data, 'unmapped', 'lines') ?? []) add(typeof u === 'string' ? u : pick(u, 'channelSku', 'channelKey'));
  if (!keys.length) {
    const message = String(pick(data, 'message') ?? pick(item, 'detail') ?? '');
    const match = /no SKU mapping for (.+)$/i.exec(message);
    if (match) match[1].split(',').map((k) => k.trim()).forEach(add);
  }
  return keys;
}

/** Unmapped channel keys from the order view, when the exception itself does not name them. */
async function unmappedFromOrder(orderId) {
  if (!orderId) return [];
  try {
    const view = await ops(`/orders/${encodeURIComponent(orderId)}`);
    return (pick(pick(view, 'mapping') ?? {}, 'unmapped') ?? []).map((u) => (typeof u === 'string' ? u : pick(u, 'channelSku'))).filter(Boolean);
  } catch {
    return [];
  }
}

/** Validation mirroring the domain's SkuMapping rules, so the operator sees problems before sending. */
export function mappingProblems(kind, components) {
  const problems = [];
  if (!components.length) problems.push('At least one component is required.');
  components.forEach((c, i) => {
    if (!c.sku) problems.push(`Component ${i + 1}: SKU is required.`);
    if (!(c.quantity > 0)) problems.push(`Component ${i + 1}: quantity must be positive.`);
  });
  if (new Set(components.map((c) => c.sku)).size !== components.length) problems.push('A SKU may appear only once; add its quantity instead.');
  if (kind === 'Single' && !(components.length === 1 && components[0].quantity === 1)) problems.push('A single maps to exactly one SKU with quantity 1.');
  if (kind === 'Multipack' && !(components.length === 1 && components[0].quantity >= 2)) problems.push('A multipack maps to exactly one SKU with a pack size of at least 2.');
  if ((kind === 'Bundle' || kind === 'Kit') && !(components.length >= 2 || (components.length === 1 && components[0].quantity >= 2))) {
    problems.push(`A ${kind.toLowerCase()} needs at least two units of components.`);
  }
  return problems;
}

export async function render(container, { params, isCurrent }) {
  const current = params.get('kind') ?? 'unmapped-sku';
  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Exception queues' });
  const body = h('div', null, loading());
  const result = h('div', { id: 'resolve-result' });
  container.append(h('div', { class: 'page-head' }, h('h1', null, 'Exceptions'), h('span', { class: 'spacer' }),
    h('button', { type: 'button', class: 'btn', onclick: () => load() }, 'Refresh')), tabs, result, body);

  let catalog = null;
  async function hints() {
    if (catalog) return catalog;
    try {
      const rows = await ops('/inventory');
      const list = Array.isArray(rows) ? rows : [];
      catalog = { skus: [...new Set(list.map((r) => pick(r, 'sku')).filter(Boolean))].sort(), locations: [...new Set(list.map((r) => pick(r, 'locationId')).filter(Boolean))].sort() };
    } catch {
      catalog = { skus: [], locations: [] };
    }
    return catalog;
  }

  async function load() {
    let open = [];
    let deadLetters = null;
    let failure = null;
    try {
      const data = await ops('/exceptions', { query: { open: true } });
      open = Array.isArray(data) ? data : pick(data, 'items') ?? [];
    } catch (error) {
      failure = error;
    }
    try {
      const data = await ops('/dead-letters');
      deadLetters = Array.isArray(data) ? data : pick(data, 'items') ?? [];
    } catch (error) {
      if (current === 'dead-letter') failure = error;
    }
    if (!isCurrent()) return open;
    clear(tabs).append(...KINDS.map((k) => {
      const count = k.kind === 'dead-letter' && deadLetters ? deadLetters.length : open.filter((e) => kindOf(e) === k.kind).length;
      return h('a', { href: `#/exceptions?kind=${k.kind}`, 'aria-current': k.kind === current ? 'page' : undefined, dataset: { kind: k.kind } },
        k.label, h('span', { class: 'count' }, String(count)));
    }));
    clear(body);
    if (failure) body.appendChild(problemBox(failure));
    if (current === 'dead-letter') {
      body.appendChild(deadLetterList(deadLetters ?? open.filter((e) => pick(e, 'kind') === 'dead-letter')));
      return open;
    }
    const items = open.filter((e) => kindOf(e) === current);
    if (!items.length) {
      body.appendChild(h('p', { class: 'panel muted' }, 'No open exceptions in this queue.'));
      return open;
    }
    const { skus, locations } = await hints();
    if (!isCurrent()) return open;
    body.appendChild(h('div', { class: 'card-list' }, items.map((item) => card(item, skus, locations))));
    return open;
  }

  /** Resolving answers 202 and the orchestration applies it asynchronously: re-read until the exception is gone (~10 s). */
  async function loadUntilGone(id) {
    for (let attempt = 0; attempt < 14; attempt += 1) {
      const open = await load();
      if (!isCurrent() || !open.some((e) => pick(e, 'id') === id)) return;
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
  }

  function card(item, skus, locations) {
    const id = pick(item, 'id');
    const overdue = pick(item, 'overdue');
    const head = h('header', null,
      h('strong', { class: 'mono' }, text(id)),
      overdue ? h('span', { class: 'overdue' }, 'overdue') : null,
      h('span', { class: 'muted', title: time(pick(item, 'createdAt')) }, 'opened ' + ago(pick(item, 'createdAt'))),
      h('span', { class: 'spacer' }),
      'order ', orderLink(pick(item, 'orderId')), ' · instance ', instanceLink(pick(item, 'instanceId')));
    const detail = pick(item, 'detail');
    const data = pick(item, 'data');
    const parts = [head, detail ? h('p', null, text(detail)) : null];
    if (data !== undefined) parts.push(h('details', null, h('summary', null, 'Data'), jsonBlock(data, 'Exception data')));
    const kind = pick(item, 'kind');
    const resolveWith = pick(maybeJson(data) ?? {}, 'resolveWith');
    if (current === 'other') parts.unshift(h('p', null, tag(kind, 'warn')));
    if (kind === 'unmapped-sku') parts.push(mappingForm(item, skus));
    else if (kind === 'routing-failure' || kind === 'backorder' || resolveWith === 'RetryRouting') parts.push(locationForm(item, locations));
    else parts.push(h('p', { class: 'muted' }, 'No resolution from this queue: open the instance to raise an event, or the order for its history.'));
    return h('article', { class: 'card', 'aria-label': `Exception ${id}`, dataset: { exceptionId: id } }, parts);
  }

  async function resolve(item, body) {
    clear(result);
    const id = pick(item, 'id');
    try {
      const answer = await post(`${OPS}/exceptions/${encodeURIComponent(id)}/resolve`, { body });
      result.appendChild(okBox(`Resolved ${id}: ${answer.status} ${answer.status === 202 ? 'Accepted' : 'OK'} — the orchestration resumes.`));
      if (pick(item, 'orderId')) result.appendChild(h('p', null, 'Follow it: ', orderLink(pick(item, 'orderId'), 'open the order')));
      await loadUntilGone(id);
    } catch (error) {
      result.appendChild(problemBox(error));
    }
  }

  function mappingForm(item, skus) {
    const keys = unmappedKeys(item);
    const listId = 'skus-' + Math.random().toString(36).slice(2, 8);
    const keyListId = listId + '-keys';
    const channel = h('input', { type: 'text', name: 'channel', value: channelOf(item), required: true, size: 12 });
    const key = h('input', { type: 'text', name: 'channelKey', value: keys[0] ?? '', required: true, size: 22, list: keyListId });
    const keyList = h('datalist', { id: keyListId }, keys.map((k) => h('option', { value: k })));
    if (!keys.length) {
      unmappedFromOrder(pick(item, 'orderId')).then((found) => {
        found.forEach((k) => keyList.appendChild(h('option', { value: k })));
        if (!key.value && found.length) key.value = found[0];
      });
    }
    const keyKind = h('select', { name: 'keyKind' }, KEY_KINDS.map((k) => h('option', { value: k }, k)));
    const kind = h('select', { name: 'kind' }, MAPPING_KINDS.map((k) => h('option', { value: k }, k)));
    const rows = h('div', { class: 'components' });
    const problems = h('div', { role: 'alert' });
    const datalist = h('datalist', { id: listId }, skus.map((s) => h('option', { value: s })));

    function addRow(sku = '', quantity = 1) {
      const n = rows.children.length + 1;
      const skuInput = h('input', { type: 'text', name: 'componentSku', value: sku, list: listId, required: true, 'aria-label': `Component ${n} SKU` });
      const qty = h('input', { type: 'number', name: 'componentQuantity', value: quantity, min: 1, step: 1, required: true, style: 'width:80px', 'aria-label': `Component ${n} quantity` });
      const row = h('div', { class: 'component-row' },
        field(`Component ${n} SKU`, skuInput), field('Quantity', qty),
        h('button', { type: 'button', class: 'btn small', 'aria-label': `Remove component ${n}`, onclick: () => { row.remove(); } }, 'Remove'));
      rows.appendChild(row);
    }
    addRow();

    const form = h('form', { class: 'mapping-form', 'aria-label': 'Create mapping' },
      h('h3', null, 'Create mapping and resume'),
      h('div', { class: 'form-row' }, field('Channel', channel), field('Channel key', key, keys.length > 1 ? `${keys.length} unmapped keys: resolve one at a time` : undefined), keyList,
        field('Key kind', keyKind), field('Mapping kind', kind)),
      h('fieldset', { style: 'margin-top:10px' }, h('legend', null, 'Catalog components'), rows, datalist,
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn small', onclick: () => addRow() }, '+ Add component'))),
      problems,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn primary' }, 'Create mapping and resume')));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clear(problems);
      const components = [...rows.querySelectorAll('.component-row')].map((r) => ({
        sku: r.querySelector('[name=componentSku]').value.trim(),
        quantity: Number(r.querySelector('[name=componentQuantity]').value),
      }));
      const issues = mappingProblems(kind.value, components);
      if (issues.length) {
        problems.appendChild(h('div', { class: 'alert error' }, h('ul', { class: 'reasons' }, issues.map((p) => h('li', null, p)))));
        return;
      }
      const mapping = { channel: channel.value.trim(), channelKey: key.value.trim(), keyKind: keyKind.value, kind: kind.value, components };
      const submit = form.querySelector('button[type=submit]');
      submit.disabled = true;
      await resolve(item, { mapping });
      submit.disabled = false;
    });
    return form;
  }

  function locationForm(item, locations) {
    const data = maybeJson(pick(item, 'data')) ?? {};
    const listId = 'locs-' + Math.random().toString(36).slice(2, 8);
    const known = new Set([
      ...(pick(data, 'locations', 'candidates') ?? []).map((l) => (typeof l === 'string' ? l : pick(l, 'locationId'))),
      ...locations,
    ].filter(Boolean));
    const datalist = h('datalist', { id: listId }, [...known].map((l) => h('option', { value: l })));
    const input = h('input', { type: 'text', name: 'locationId', required: true, list: listId, size: 22, autocomplete: 'off', placeholder: 'location id' });
    const stock = h('div', { class: 'muted', 'aria-live': 'polite' });
    const form = h('form', { class: 'form-row', 'aria-label': 'Resolve with a location' },
      field('Fulfil from location', input), datalist,
      h('button', { type: 'submit', class: 'btn primary' }, 'Use location and resume'),
      h('button', { type: 'button', class: 'btn', onclick: retry }, 'Retry routing'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const locationId = input.value.trim();
      if (!locationId) return;
      const ok = await confirmDialog({ title: 'Resume with location', message: `Send ${text(pick(item, 'orderId'))} to ${locationId}?`, confirmLabel: 'Resume' });
      if (ok) await resolve(item, { locationId });
    });
    async function retry() {
      const ok = await confirmDialog({ title: 'Retry routing', message: `Route ${text(pick(item, 'orderId'))} again with current stock?`, confirmLabel: 'Retry' });
      if (ok) await resolve(item, { action: 'retry' });
    }
    stockFor(pick(item, 'orderId')).then((rows) => {
      const usable = rows.filter((r) => Number(pick(r, 'available') ?? 0) > 0);
      for (const r of usable) {
        if (!known.has(pick(r, 'locationId'))) {
          known.add(pick(r, 'locationId'));
          datalist.appendChild(h('option', { value: pick(r, 'locationId') }));
        }
      }
      if (rows.length) {
        stock.append('Stock of this order’s SKUs: ', usable.length
          ? usable.map((r) => `${pick(r, 'locationId')} — ${pick(r, 'sku')} ${pick(r, 'available')} available`).join('; ')
          : 'none available anywhere');
      }
    });
    return h('div', null, form, stock);
  }

  /** Inventory rows for the catalog SKUs of an order (from its mapping), to help choose a location. */
  async function stockFor(orderId) {
    if (!orderId) return [];
    try {
      const view = await ops(`/orders/${encodeURIComponent(orderId)}`);
      const skus = new Set();
      for (const line of pick(pick(view, 'mapping') ?? {}, 'lines') ?? []) {
        if (pick(line, 'sku')) skus.add(pick(line, 'sku'));
        for (const c of pick(pick(line, 'mapping') ?? {}, 'components') ?? []) skus.add(pick(c, 'sku'));
      }
      if (!skus.size) return [];
      const rows = await ops('/inventory', { query: { sku: [...skus].join(',') } });
      return Array.isArray(rows) ? rows : [];
    } catch {
      return [];
    }
  }

  function deadLetterList(items) {
    return h('div', { class: 'panel' }, table([
      { label: 'Queue', value: (d) => h('span', { class: 'mono' }, text(pick(d, 'queue'))) },
      { label: 'Message', value: (d) => h('span', { class: 'mono' }, text(pick(d, 'messageId', 'id'))) },
      { label: 'Correlation', value: (d) => h('span', { class: 'mono' }, text(pick(d, 'correlationId', 'orderId'))) },
      { label: 'Enqueued', value: (d) => h('span', { class: 'nowrap' }, time(pick(d, 'enqueuedAt', 'createdAt'))) },
      { label: 'Deliveries', class: 'num', value: (d) => pick(d, 'deliveryCount') },
      { label: 'Reason', value: (d) => [h('strong', null, text(pick(d, 'reason', 'detail'))), pick(d, 'description') ? h('div', { class: 'muted' }, pick(d, 'description')) : null] },
      { label: 'Body', value: (d) => h('details', null, h('summary', null, 'Inspect'), jsonBlock(pick(d, 'body', 'data'), 'Message body')) },
      { label: '', value: (d) => h('button', { type: 'button', class: 'btn small', onclick: () => resubmit(d) }, 'Resubmit…') },
    ], items, { label: 'Dead-lettered messages', empty: 'No dead-lettered messages.' }));
  }

  async function resubmit(d) {
    const queue = pick(d, 'queue');
    const messageId = pick(d, 'messageId');
    const ok = await confirmDialog({ title: 'Resubmit message', message: `Put message ${text(messageId ?? pick(d, 'id'))} back on ${text(queue ?? 'its queue')}?`, confirmLabel: 'Resubmit' });
    if (!ok) return;
    clear(result);
    try {
      const answer = queue && messageId
        ? await post(`${OPS}/dead-letters/${encodeURIComponent(queue)}/${encodeURIComponent(messageId)}/resubmit`)
        : await post(`${OPS}/exceptions/${encodeURIComponent(pick(d, 'id'))}/resolve`, { body: { action: 'resubmit' } });
      result.appendChild(okBox(`Resubmitted: ${answer.status}`));
      await load();
    } catch (error) {
      result.appendChild(problemBox(error));
    }
  }

  await load();
}
