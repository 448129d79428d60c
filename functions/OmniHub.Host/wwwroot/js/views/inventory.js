// Inventory: SKU × location grid (on hand, reserved, safety stock, available) and ATP per channel.
import { ops } from '../api.js';
import { clear, field, h, pick, problemBox, setHashQuery, table, text } from '../dom.js';

const MEASURES = [
  { value: 'all', label: 'All figures' },
  { value: 'available', label: 'Available' },
  { value: 'onHand', label: 'On hand' },
  { value: 'reserved', label: 'Reserved' },
  { value: 'safetyStock', label: 'Safety stock' },
];

export async function render(container, { params }) {
  const skuInput = h('input', { type: 'search', name: 'sku', value: params.get('sku') ?? '', placeholder: 'SKU, SKU…', size: 22 });
  const locationInput = h('input', { type: 'search', name: 'locationId', value: params.get('location') ?? '', placeholder: 'location id', size: 14 });
  const measure = h('select', { name: 'measure' }, MEASURES.map((m) => h('option', { value: m.value }, m.label)));
  const form = h('form', { class: 'panel filters', 'aria-label': 'Inventory filters' },
    field('SKUs', skuInput), field('Location', locationInput), field('Show', measure),
    h('div', { class: 'toolbar' }, h('button', { type: 'submit', class: 'btn primary' }, 'Apply')));
  const grid = h('div', { class: 'panel' });
  const atp = h('div', { class: 'panel' });
  container.append(h('div', { class: 'page-head' }, h('h1', null, 'Inventory')), form, grid, atp);
  let rows = [];

  function draw() {
    const skus = [...new Set(rows.map((r) => pick(r, 'sku')))].sort();
    const locations = [...new Set(rows.map((r) => pick(r, 'locationId')))].sort();
    const cell = new Map(rows.map((r) => [`${pick(r, 'sku')}\u0000${pick(r, 'locationId')}`, r]));
    const show = measure.value;
    const columns = [{ label: 'SKU', value: (sku) => h('span', { class: 'mono' }, sku) },
      ...locations.map((loc) => ({
        label: loc,
        class: 'num',
        value: (sku) => {
          const r = cell.get(`${sku}\u0000${loc}`);
          if (!r) return h('span', { class: 'muted' }, '—');
          const available = Number(pick(r, 'available') ?? 0);
          const summary = `on hand ${text(pick(r, 'onHand'))}, reserved ${text(pick(r, 'reserved'))}, safety ${text(pick(r, 'safetyStock'))}, available ${text(pick(r, 'available'))}`;
          if (show !== 'all') return h('span', { class: 'main', title: summary }, text(pick(r, show)));
          return h('div', { title: summary, class: available <= 0 ? 'low' : undefined },
            h('div', { class: 'main' }, `${text(pick(r, 'available'))} avail`),
            h('div', { class: 'sub' }, `${text(pick(r, 'onHand'))} on hand · ${text(pick(r, 'reserved'))} res · ${text(pick(r, 'safetyStock'))} safety`));
        },
      }))];
    const empty = skuInput.value.trim() ? 'No inventory positions match.' : 'No positions listed. Enter one or more SKUs (comma-separated) to look them up.';
    const t = table(columns, skus, { label: 'Stock by SKU and location', empty });
    t.classList.add('inventory');
    clear(grid).append(h('h2', null, 'Stock by location'), h('div', { class: 'table-wrap' }, t));

    const channels = [...new Set(rows.flatMap((r) => Object.keys(pick(r, 'atp') ?? {})))].sort();
    const sums = skus.map((sku) => {
      const sum = Object.fromEntries(channels.map((c) => [c, 0]));
      for (const r of rows.filter((x) => pick(x, 'sku') === sku)) {
        for (const [c, n] of Object.entries(pick(r, 'atp') ?? {})) sum[c] += Number(n || 0);
      }
      return { sku, sum };
    });
    clear(atp).append(h('h2', null, 'Available to promise per channel'),
      h('p', { class: 'muted' }, 'Summed over the locations shown; each channel’s buffers are already applied by the hub.'),
      h('div', { class: 'table-wrap' }, table([
        { label: 'SKU', value: (r) => h('span', { class: 'mono' }, r.sku) },
        ...channels.map((c) => ({ label: c, class: 'num', value: (r) => String(r.sum[c]) })),
      ], channels.length ? sums : [], { label: 'ATP per channel', empty: 'No ATP figures returned.' })));
  }

  async function load() {
    try {
      const data = await ops('/inventory', { query: { sku: skuInput.value.trim(), locationId: locationInput.value.trim() } });
      rows = Array.isArray(data) ? data : pick(data, 'items') ?? [];
      draw();
    } catch (error) {
      clear(grid).appendChild(problemBox(error));
      clear(atp);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setHashQuery('/inventory', { sku: skuInput.value.trim(), location: locationInput.value.trim() });
    load();
  });
  measure.addEventListener('change', draw);
  await load();
}
