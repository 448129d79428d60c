// Orchestration instances, DfMon-like: filters, paging by continuation token, auto-refresh.
import { listInstances, MANAGEMENT, request } from '../api.js';
import { ago, clear, confirmDialog, field, h, okBox, instanceLink, maybeJson, pick, problemBox, runtimeStatusName, setHashQuery, statusBadge, table, text, time } from '../dom.js';

export const STATUSES = ['Running', 'Pending', 'Suspended', 'Completed', 'Failed', 'Terminated', 'ContinuedAsNew', 'Canceled'];
const REFRESH_MS = 5000;

/** datetime-local value (treated as UTC) → ISO string. */
function toIso(local) {
  if (!local) return undefined;
  const date = new Date(local + (local.length === 16 ? ':00Z' : 'Z'));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function shortStatus(value) {
  const parsed = maybeJson(value);
  if (parsed === undefined || parsed === null || parsed === '') return '';
  const stage = typeof parsed === 'object' ? pick(parsed, 'stage') : undefined;
  const s = stage ? `${stage}${pick(parsed, 'detail') ? ': ' + pick(parsed, 'detail') : ''}` : typeof parsed === 'string' ? parsed : JSON.stringify(parsed);
  return s.length > 80 ? s.slice(0, 77) + '…' : s;
}

export async function render(container, { params }) {
  const state = {
    statuses: (params.get('status') ?? '').split(',').filter(Boolean),
    name: params.get('name') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    prefix: params.get('prefix') ?? '',
    top: Number(params.get('top') ?? 25) || 25,
    tokens: [null],
    page: 0,
    next: null,
    auto: params.get('auto') === '1',
  };
  let timer = null;
  let busy = false;

  const statusBoxes = STATUSES.map((s) => h('label', null,
    h('input', { type: 'checkbox', name: 'status', value: s, checked: state.statuses.includes(s) }), s));
  const nameInput = h('input', { type: 'text', name: 'name', value: state.name, placeholder: 'e.g. FulfilOrder', size: 18 });
  const fromInput = h('input', { type: 'datetime-local', name: 'from', value: state.from });
  const toInput = h('input', { type: 'datetime-local', name: 'to', value: state.to });
  const prefixInput = h('input', { type: 'text', name: 'prefix', value: state.prefix, placeholder: 'order:shopify:', size: 20 });
  const sizes = [...new Set([10, 25, 50, 100, state.top])].sort((a, b) => a - b);
  const topSelect = h('select', { name: 'top' }, sizes.map((n) => h('option', { value: n, selected: n === state.top }, String(n))));
  const autoToggle = h('input', { type: 'checkbox', id: 'auto-refresh', checked: state.auto });

  const form = h('form', { class: 'panel filters', 'aria-label': 'Instance filters' },
    h('fieldset', null, h('legend', null, 'Runtime status'), h('div', { class: 'checks' }, statusBoxes)),
    field('Orchestrator name', nameInput),
    field('Created from (UTC)', fromInput),
    field('Created to (UTC)', toInput),
    field('Instance id prefix', prefixInput),
    field('Page size', topSelect),
    h('div', { class: 'toolbar' },
      h('button', { type: 'submit', class: 'btn primary' }, 'Apply'),
      h('button', { type: 'button', class: 'btn', onclick: reset }, 'Clear'),
      h('button', { type: 'button', class: 'btn danger', onclick: purgeMatching }, 'Purge matching…')));

  const results = h('div', { class: 'panel' });
  const purgeResult = h('div');
  const stamp = h('span', { class: 'muted', role: 'status' });
  const prevButton = h('button', { type: 'button', class: 'btn', onclick: () => go(state.page - 1) }, '← Previous');
  const nextButton = h('button', { type: 'button', class: 'btn', onclick: () => go(state.page + 1) }, 'Next →');
  const pageLabel = h('span', { class: 'muted' });

  container.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Instances'), h('span', { class: 'spacer' }), stamp,
      h('label', { class: 'checks', for: 'auto-refresh' }, autoToggle, `Auto-refresh (${REFRESH_MS / 1000} s)`),
      h('button', { type: 'button', class: 'btn', onclick: () => load() }, 'Refresh')),
    form,
    purgeResult,
    results,
    h('div', { class: 'pager' }, pageLabel, prevButton, nextButton));

  function readForm() {
    state.statuses = statusBoxes.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    state.name = nameInput.value.trim();
    state.from = fromInput.value;
    state.to = toInput.value;
    state.prefix = prefixInput.value.trim();
    state.top = Number(topSelect.value);
    state.tokens = [null];
    state.page = 0;
    remember();
  }

  function remember() {
    setHashQuery('/instances', {
      status: state.statuses.join(','), name: state.name, from: state.from, to: state.to,
      prefix: state.prefix, top: state.top === 25 ? '' : state.top, auto: state.auto ? '1' : '',
    });
  }

  function reset() {
    for (const l of statusBoxes) l.querySelector('input').checked = false;
    nameInput.value = fromInput.value = toInput.value = prefixInput.value = '';
    topSelect.value = '25';
    readForm();
    load();
  }

  /** DELETE /instances with the form's status and time filters (the history purge DfMon offers). */
  async function purgeMatching() {
    readForm();
    clear(purgeResult);
    const terminal = state.statuses.filter((s) => ['Completed', 'Failed', 'Terminated', 'Canceled'].includes(s));
    if (!terminal.length || terminal.length !== state.statuses.length) {
      purgeResult.appendChild(problemBox({ message: 'Choose only finished statuses (Completed, Failed, Terminated, Canceled) to purge.' }));
      return;
    }
    const scope = [`status ${terminal.join(', ')}`, state.from && `created from ${state.from}`, state.to && `created to ${state.to}`, state.prefix && `id prefix ${state.prefix}`]
      .filter(Boolean).join('; ');
    const ok = await confirmDialog({
      title: 'Purge instances', danger: true, confirmLabel: 'Purge',
      message: `Delete every instance matching ${scope}, with its history? This cannot be undone.`,
    });
    if (!ok) return;
    try {
      const answer = await request('DELETE', `${MANAGEMENT}/instances`, {
        query: { runtimeStatus: terminal, createdTimeFrom: toIso(state.from), createdTimeTo: toIso(state.to), instanceIdPrefix: state.prefix || undefined },
        accept: [404],
      });
      purgeResult.appendChild(okBox(answer.status === 404 ? 'Nothing matched; nothing was purged.' : `Purged ${pick(answer.data ?? {}, 'instancesDeleted') ?? 0} instance(s).`));
    } catch (error) {
      purgeResult.appendChild(problemBox(error));
    }
    await load();
  }

  function go(page) {
    if (page < 0 || page >= state.tokens.length) return;
    state.page = page;
    load();
  }

  async function load() {
    if (busy) return;
    busy = true;
    try {
      const page = await listInstances({
        statuses: state.statuses, from: toIso(state.from), to: toIso(state.to), prefix: state.prefix || undefined, top: state.top,
      }, state.tokens[state.page]);
      state.next = page.continuation;
      state.tokens.length = state.page + 1;
      if (page.continuation) state.tokens.push(page.continuation);
      const needle = state.name.toLowerCase();
      const rows = needle ? page.items.filter((i) => String(pick(i, 'name') ?? '').toLowerCase().includes(needle)) : page.items;
      clear(results).appendChild(h('div', { class: 'table-wrap' }, table([
        { label: 'Instance id', value: (i) => instanceLink(pick(i, 'instanceId')) },
        { label: 'Orchestrator', value: (i) => pick(i, 'name') },
        { label: 'Status', value: (i) => statusBadge(pick(i, 'runtimeStatus')) },
        { label: 'Created', value: (i) => h('span', { class: 'nowrap', title: time(pick(i, 'createdTime')) }, time(pick(i, 'createdTime'))) },
        { label: 'Last updated', value: (i) => h('span', { class: 'nowrap', title: time(pick(i, 'lastUpdatedTime')) }, ago(pick(i, 'lastUpdatedTime'))) },
        { label: 'Custom status', value: (i) => h('span', { class: 'mono' }, text(shortStatus(pick(i, 'customStatus')))) },
      ], rows, {
        label: 'Orchestration instances',
        empty: needle && page.items.length ? `No instance on this page is named like “${state.name}”.` : 'No instances match these filters.',
        rowClass: (i) => runtimeStatusName(pick(i, 'runtimeStatus')) === 'Failed' ? 'row-failed' : undefined,
      })));
      if (needle) results.appendChild(h('p', { class: 'muted' }, 'The orchestrator name is matched within each page (the management API filters by status, time and id prefix).'));
      pageLabel.textContent = `Page ${state.page + 1}`;
      prevButton.disabled = state.page === 0;
      nextButton.disabled = !state.next;
      stamp.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      clear(results).appendChild(problemBox(error));
    } finally {
      busy = false;
    }
  }

  function setAuto(on) {
    state.auto = on;
    if (timer) clearInterval(timer);
    timer = on ? setInterval(load, REFRESH_MS) : null;
    remember();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    readForm();
    load();
  });
  autoToggle.addEventListener('change', () => setAuto(autoToggle.checked));

  await load();
  if (state.auto) setAuto(true);
  return () => {
    if (timer) clearInterval(timer);
  };
}
