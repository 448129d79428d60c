// One order: lines, mapping, routing decision with per-location reasons, shipments and tracking, audit trail.
import { ops } from '../api.js';
import { facts, h, instanceLink, jsonBlock, loading, money, pick, problemBox, section, statusBadge, table, tag, text, time, clear } from '../dom.js';
import { orderTone } from './orders.js';

function trackingLinks(pkg) {
  const numbers = pick(pkg, 'trackingNumbers') ?? (pick(pkg, 'trackingNumber') ? [pick(pkg, 'trackingNumber')] : []);
  const url = pkg.url;
  if (!numbers.length) return url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, 'tracking') : undefined;
  return numbers.map((n, i) => [i ? ', ' : '',
    url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', class: 'mono' }, n) : h('span', { class: 'mono' }, n)]);
}

function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : undefined;
}

function shipmentLines(lines) {
  if (!Array.isArray(lines) || !lines.length) return undefined;
  return h('ul', { class: 'plain' }, lines.map((l) => h('li', { class: 'mono' },
    `${text(pick(l, 'quantity'))} × ${text(pick(l, 'sku'))}${pick(l, 'orderLineId') ? ' (line ' + pick(l, 'orderLineId') + ')' : ''}`)));
}

export async function render(container, { id, isCurrent }) {
  container.append(h('div', { class: 'page-head' }, h('h1', null, 'Order'), h('span', { class: 'mono' }, id),
    h('span', { class: 'spacer' }), h('a', { href: '#/orders' }, '← All orders')));
  const body = h('div', { class: 'stack' }, loading());
  container.appendChild(body);
  let data;
  try {
    data = await ops(`/orders/${encodeURIComponent(id)}`);
  } catch (error) {
    clear(body).appendChild(problemBox(error));
    return;
  }
  if (!isCurrent()) return;
  const order = pick(data, 'order') ?? {};
  const mapping = pick(data, 'mapping') ?? {};
  const routing = pick(data, 'routing') ?? {};
  const shipments = pick(data, 'shipments') ?? [];
  const audit = pick(data, 'audit') ?? [];
  const inst = pick(data, 'instance') ?? {};
  const orderId = pick(order, 'id') ?? id;
  const totals = pick(order, 'totals');
  const fulfilment = pick(order, 'fulfilment');
  const unmapped = pick(mapping, 'unmapped') ?? [];

  const summary = section('Summary', facts([
    ['Status', tag(pick(order, 'status'), orderTone(pick(order, 'status')))],
    ['Channel', pick(order, 'channel')],
    ['Channel order id', h('span', { class: 'mono' }, text(pick(order, 'channelOrderId')))],
    ['Placed', time(pick(order, 'placedAt'))],
    ['Fulfilment', fulfilment ? `${text(pick(fulfilment, 'method') ?? fulfilment)}${pick(fulfilment, 'storeLocationId') ? ' @ ' + pick(fulfilment, 'storeLocationId') : ''}` : undefined],
    ['Total', money(pick(totals ?? {}, 'total') ?? pick(order, 'total'))],
    ['Orchestration', [instanceLink(orderId, 'Open instance'), ' ', pick(inst, 'runtimeStatus') ? statusBadge(pick(inst, 'runtimeStatus')) : '']],
    ['Custom status', pick(inst, 'customStatus') !== undefined ? jsonBlock(pick(inst, 'customStatus'), 'Custom status') : undefined],
  ]));

  const lines = section('Lines', table([
    { label: 'Line', value: (l) => h('span', { class: 'mono' }, text(pick(l, 'lineId'))) },
    { label: 'Channel SKU', value: (l) => h('span', { class: 'mono' }, text(pick(l, 'channelSku'))) },
    { label: 'Title', value: (l) => pick(l, 'title') },
    { label: 'Qty', class: 'num', value: (l) => pick(l, 'quantity') },
    { label: 'Unit price', class: 'num', value: (l) => money(pick(l, 'unitPrice')) },
    { label: 'Line total', class: 'num', value: (l) => money(pick(l, 'lineTotal') ?? lineTotal(l)) },
  ], pick(order, 'lines') ?? [], { label: 'Order lines' }));

  const exploded = explode(pick(mapping, 'lines') ?? []);
  const mapped = section('Mapping',
    table([
      { label: 'Line', value: (m) => h('span', { class: 'mono' }, text(m.lineId)) },
      { label: 'Channel SKU', value: (m) => h('span', { class: 'mono' }, text(m.channelSku)) },
      { label: 'Catalog SKU', value: (m) => m.sku ? h('span', { class: 'mono' }, m.sku) : tag('unmapped', 'warn') },
      { label: 'Qty', class: 'num', value: (m) => m.quantity },
      { label: 'Mapping', value: (m) => m.kind },
      { label: 'Ships with', value: (m) => m.group },
    ], exploded, { label: 'Mapped lines (exploded SKUs)', empty: 'Not mapped yet.' }),
    unmapped.length ? h('div', { class: 'alert error' },
      h('strong', null, `${unmapped.length} unmapped: `),
      unmapped.map((u, i) => [i ? ', ' : '', h('span', { class: 'mono' }, typeof u === 'string' ? u : `${text(pick(u, 'channelSku'))} (line ${text(pick(u, 'orderLineId', 'lineId'))})`)]),
      ' — ', h('a', { href: '#/exceptions?kind=unmapped-sku' }, 'resolve in Exceptions')) : null);

  const locations = pick(routing, 'locations') ?? [];
  const planned = pick(routing, 'shipments') ?? [];
  const decisions = pick(routing, 'decisions') ?? [];
  const routed = section('Routing decision',
    decisions.length && !locations.length ? decisionList(decisions) : table([
      { label: 'Location', value: (l) => h('span', { class: 'mono' }, text(pick(l, 'locationId'))) },
      { label: 'Verdict', value: (l) => verdict(l) },
      { label: 'Distance', class: 'num', value: (l) => pick(l, 'distanceKm') !== undefined ? `${Number(pick(l, 'distanceKm')).toFixed(1)} km` : undefined },
      { label: 'Score', class: 'num', value: (l) => pick(l, 'score') },
      { label: 'Reasons', value: (l) => { const r = pick(l, 'reasons') ?? []; return r.length ? h('ul', { class: 'reasons' }, r.map((x) => h('li', null, text(x)))) : undefined; } },
    ], locations, { label: 'Locations considered', empty: 'Not routed yet.' }),
    planned.length ? [h('h3', null, 'Planned shipments'), table([
      { label: 'Location', value: (s) => h('span', { class: 'mono' }, text(pick(s, 'locationId'))) },
      { label: 'Method', value: (s) => pick(s, 'method') },
      { label: 'Lines', value: (s) => shipmentLines(pick(s, 'lines')) },
    ], planned, { label: 'Planned shipments' })] : null);

  const shipped = section('Shipments', table([
    { label: 'Shipment', value: (s) => h('span', { class: 'mono' }, text(pick(s, 'shipmentId'))) },
    { label: 'Location', value: (s) => h('span', { class: 'mono' }, text(pick(s, 'locationId'))) },
    { label: 'Status', value: (s) => tag(pick(s, 'status'), ['Shipped', 'Delivered'].includes(pick(s, 'status')) ? 'ok' : pick(s, 'status') === 'Rejected' ? 'bad' : 'info') },
    { label: 'Method', value: (s) => pick(s, 'method') },
    { label: 'Deadline', value: (s) => h('span', { class: 'nowrap' }, time(pick(s, 'deadline'))) },
    { label: 'Lines', value: (s) => shipmentLines(pick(s, 'lines')) },
    { label: 'Packages / tracking', value: (s) => packages(pick(s, 'packages') ?? []) },
  ], shipments, { label: 'Shipments', empty: 'No shipments yet.' }));

  const trail = section('Audit trail', table([
    { label: 'At (UTC)', value: (a) => h('span', { class: 'nowrap' }, time(pick(a, 'at'))) },
    { label: 'Action', value: (a) => pick(a, 'action') },
    { label: 'Detail', value: (a) => { const d = pick(a, 'detail'); return d && typeof d === 'object' ? jsonBlock(d) : text(d); } },
  ], audit, { label: 'Audit trail', empty: 'No audit records.' }));

  clear(body).append(summary, lines, mapped, routed, shipped, trail);
}

/**
 * Mapping rows, one per catalog SKU. Accepts exploded lines ({ orderLineId, sku, quantity, sourceKind }) and order
 * lines with their mapping ({ lineId, channelSku, quantity, mapping: { kind, components } }), which are exploded here.
 */
function explode(lines) {
  const rows = [];
  for (const line of lines) {
    const lineId = pick(line, 'orderLineId', 'lineId');
    const sku = pick(line, 'sku');
    if (sku) {
      rows.push({ lineId, channelSku: pick(line, 'channelSku'), sku, quantity: pick(line, 'quantity'), kind: pick(line, 'sourceKind', 'kind'), group: pick(line, 'shipTogetherGroup') });
      continue;
    }
    const map = pick(line, 'mapping');
    const components = map ? pick(map, 'components') ?? [] : [];
    if (!components.length) {
      rows.push({ lineId, channelSku: pick(line, 'channelSku'), quantity: pick(line, 'quantity') });
      continue;
    }
    const kind = pick(map, 'kind');
    for (const c of components) {
      const units = Number(pick(c, 'quantity') ?? 1) * Number(pick(line, 'quantity') ?? 1);
      rows.push({ lineId, channelSku: pick(line, 'channelSku'), sku: pick(c, 'sku'), quantity: units, kind, group: kind === 'Kit' ? `kit ${lineId}` : undefined });
    }
  }
  return rows;
}

/**
 * Routing decisions as the workflow recorded them ("key=value, key=value" details): each decision with its reason and
 * the per-location verdicts (the "decision" value, one clause per location separated by "; ").
 */
function decisionList(decisions) {
  return h('ol', { class: 'decisions', 'aria-label': 'Routing decisions' }, decisions.map((d) => {
    const fields = parseDetail(pick(d, 'detail'));
    const verdicts = String(fields.decision ?? '').split(/;\s*/).filter(Boolean);
    return h('li', null,
      h('div', null, h('strong', null, text(pick(d, 'action'))), ' ', h('span', { class: 'muted' }, time(pick(d, 'at'))),
        fields.reason ? ` — ${fields.reason}` : ''),
      fields.summary ? h('div', null, fields.summary) : null,
      verdicts.length ? h('ul', { class: 'reasons' }, verdicts.map((v) => h('li', { class: /refused|rejected|excluded|short/i.test(v) ? 'refused' : undefined }, v))) : null,
      Object.keys(fields).length === 0 ? h('div', null, text(pick(d, 'detail'))) : null);
  }));
}

/** "a=1, b=two, c=x: y, z" → { a: '1', b: 'two', c: 'x: y, z' } (a value runs until the next ", key="). */
function parseDetail(detail) {
  const result = {};
  if (typeof detail !== 'string') return result;
  const pattern = /(?:^|,\s)([A-Za-z][\w-]*)=/g;
  const marks = [];
  for (let m = pattern.exec(detail); m; m = pattern.exec(detail)) marks.push({ key: m[1], start: m.index, valueStart: pattern.lastIndex });
  marks.forEach((mark, i) => {
    result[mark.key] = detail.slice(mark.valueStart, i + 1 < marks.length ? marks[i + 1].start : undefined).trim();
  });
  return result;
}

function lineTotal(line) {
  const price = pick(line, 'unitPrice');
  const amount = Number(pick(price ?? {}, 'amount'));
  const quantity = Number(pick(line, 'quantity'));
  if (!Number.isFinite(amount) || !Number.isFinite(quantity)) return undefined;
  return { amount: amount * quantity, currency: pick(price, 'currency') };
}

function verdict(location) {
  const accepted = pick(location, 'accepted');
  const v = pick(location, 'verdict');
  if (accepted === true) return tag(v ?? 'accepted', 'ok');
  if (accepted === false) return tag(v ?? 'refused', 'bad');
  return v ? tag(v) : undefined;
}

function packages(list) {
  if (!list.length) return undefined;
  return h('ul', { class: 'plain' }, list.map((p) => {
    const pkg = { ...p, url: safeUrl(pick(p, 'url', 'trackingUrl')) };
    return h('li', null, h('span', { class: 'mono' }, text(pick(p, 'packageId'))), ' · ',
      text(pick(p, 'carrierCode', 'carrier')), pick(p, 'service') ? ` (${pick(p, 'service')})` : '', ' · ', trackingLinks(pkg) ?? '—');
  }));
}
