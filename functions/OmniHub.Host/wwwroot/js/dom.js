// DOM and formatting helpers. Data from the hub is always inserted as text, never as markup.

const DASH = '—';

/** Creates an element: h('a', { href: '#/x', class: 'link' }, 'text', childNode, [more]). */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      node.className = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Svg element with attributes. */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  }
  append(node, children);
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** Reads a field tolerating PascalCase/camelCase and alternative names: pick(obj, 'eventType', 'EventType'). */
export function pick(obj, ...names) {
  if (obj === null || typeof obj !== 'object') return undefined;
  for (const name of names) {
    if (obj[name] !== undefined && obj[name] !== null) return obj[name];
  }
  const lower = new Map(Object.keys(obj).map((k) => [k.toLowerCase(), k]));
  for (const name of names) {
    const key = lower.get(name.toLowerCase());
    if (key !== undefined && obj[key] !== undefined && obj[key] !== null) return obj[key];
  }
  return undefined;
}

/** Text or a dash for missing values. */
export function text(value) {
  if (value === undefined || value === null || value === '') return DASH;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function parseTime(value) {
  if (value === undefined || value === null || value === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** yyyy-mm-dd hh:mm:ss in UTC, or a dash. */
export function time(value) {
  const date = parseTime(value);
  if (!date || date.getUTCFullYear() < 1971) return DASH;
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC');
}

/** "12 s ago", "3 min ago" …, or a dash. */
export function ago(value, now = Date.now()) {
  const date = parseTime(value);
  if (!date) return DASH;
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < 0) return 'in ' + duration(-seconds * 1000);
  return duration(seconds * 1000) + ' ago';
}

/** 850 ms, 12.3 s, 4 min 5 s, 2 h 3 min. */
export function duration(ms) {
  if (ms === undefined || ms === null || Number.isNaN(Number(ms))) return DASH;
  const value = Number(ms);
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(value / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((value % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function money(value) {
  if (value === undefined || value === null) return DASH;
  if (typeof value !== 'object') return String(value);
  const amount = pick(value, 'amount', 'value');
  const currency = pick(value, 'currency', 'currencyCode') ?? '';
  if (amount === undefined) return DASH;
  const number = Number(amount);
  const shown = Number.isFinite(number) ? number.toFixed(2) : String(amount);
  return `${shown} ${currency}`.trim();
}

/** Parses a JSON string if it is one; otherwise returns the value as it is. */
export function maybeJson(value) {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!trimmed || !'{["'.includes(trimmed[0])) return value;
  try {
    return JSON.parse(trimmed);
  } catch {
    return value;
  }
}

/** A <pre> with indented JSON (strings holding JSON are expanded). */
export function jsonBlock(value, label) {
  const parsed = maybeJson(value);
  const body = parsed === undefined || parsed === null
    ? DASH
    : typeof parsed === 'string' ? parsed : JSON.stringify(parsed, null, 2);
  return h('pre', { class: 'json', tabindex: '0', 'aria-label': label ?? 'JSON' }, body);
}

/**
 * A table: columns = [{ label, value: row => node|string, class }]. Empty rows show one line saying so.
 */
export function table(columns, rows, { caption, empty = 'Nothing to show.', rowClass, label } = {}) {
  const head = h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label))));
  const body = h('tbody');
  if (!rows || rows.length === 0) {
    body.appendChild(h('tr', { class: 'empty' }, h('td', { colspan: columns.length }, empty)));
  } else {
    for (const row of rows) {
      body.appendChild(h('tr', { class: rowClass?.(row) }, columns.map((c) => {
        const value = c.value(row);
        return h('td', { class: c.class }, value instanceof Node || Array.isArray(value) ? value : text(value));
      })));
    }
  }
  return h('table', { class: 'grid', 'aria-label': label }, caption ? h('caption', null, caption) : null, head, body);
}

const STATUS_CLASSES = {
  running: 'st-running', pending: 'st-pending', completed: 'st-completed', failed: 'st-failed',
  terminated: 'st-terminated', suspended: 'st-suspended', continuedasnew: 'st-continued', canceled: 'st-canceled',
};

/** Runtime-status badge; numeric statuses (the enum's values) are named too. */
export function statusBadge(status) {
  const name = runtimeStatusName(status);
  const cls = STATUS_CLASSES[String(name).toLowerCase()] ?? 'st-other';
  return h('span', { class: `badge ${cls}` }, text(name));
}

const STATUS_BY_NUMBER = ['Running', 'Completed', 'ContinuedAsNew', 'Failed', 'Canceled', 'Terminated', 'Pending', 'Suspended'];

export function runtimeStatusName(status) {
  if (typeof status === 'number') return STATUS_BY_NUMBER[status] ?? String(status);
  return status ?? '';
}

/** Neutral badge for business statuses (orders, shipments). */
export function tag(value, tone) {
  return h('span', { class: `badge ${tone ? 'tone-' + tone : 'st-other'}` }, text(value));
}

export function section(title, ...content) {
  const id = 'sec-' + title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  return h('section', { class: 'panel', 'aria-labelledby': id }, h('h2', { id }, title), content);
}

/** Definition list from [label, value] pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.map(([label, value]) => [
    h('dt', null, label),
    h('dd', null, value instanceof Node || Array.isArray(value) ? value : text(value)),
  ]));
}

export function link(href, label) {
  return h('a', { href }, text(label));
}

/** A link to an instance's detail view. */
export function instanceLink(instanceId, label) {
  if (!instanceId) return DASH;
  return h('a', { href: '#/instances/' + encodeURIComponent(instanceId), class: 'mono' }, label ?? instanceId);
}

export function orderLink(orderId, label) {
  if (!orderId) return DASH;
  return h('a', { href: '#/orders/' + encodeURIComponent(orderId), class: 'mono' }, label ?? orderId);
}

/** Shows a problem+json (or any error) as a readable alert. */
export function problemBox(error) {
  const problem = error?.problem;
  if (!problem || typeof problem !== 'object') {
    return h('div', { class: 'alert error', role: 'alert' }, error?.message ?? String(error));
  }
  const extra = Object.entries(problem).filter(([k]) => !['type', 'title', 'status', 'detail', 'instance'].includes(k));
  return h('div', { class: 'alert error', role: 'alert' },
    h('strong', null, `${problem.status ?? error.status ?? ''} ${problem.title ?? 'Request failed'}`.trim()),
    problem.detail ? h('p', null, problem.detail) : null,
    extra.length ? jsonBlock(Object.fromEntries(extra), 'Problem details') : null);
}

export function okBox(message, payload) {
  return h('div', { class: 'alert ok', role: 'status' }, h('strong', null, message),
    payload !== undefined && payload !== null && payload !== '' ? jsonBlock(payload, 'Response') : null);
}

export function loading() {
  return h('p', { class: 'muted', role: 'status' }, 'Loading…');
}

/**
 * Asks for confirmation in a modal dialog. `fields` are extra form controls (nodes) shown in the dialog;
 * resolves to the form's FormData when confirmed, null when cancelled.
 */
export function confirmDialog({ title, message, confirmLabel = 'Confirm', danger = false, fields = [] }) {
  return new Promise((resolve) => {
    const form = h('form', { method: 'dialog', class: 'dialog-form' },
      h('h2', { id: 'dlg-title' }, title),
      message ? h('p', null, message) : null,
      fields,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn', value: 'cancel', onclick: () => dialog.close('cancel') }, 'Cancel'),
        h('button', { type: 'submit', class: danger ? 'btn danger' : 'btn primary', value: 'confirm' }, confirmLabel)));
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'dlg-title' }, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      dialog.close('confirm');
    });
    dialog.addEventListener('close', () => {
      const data = dialog.returnValue === 'confirm' ? new FormData(form) : null;
      dialog.remove();
      resolve(data);
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

/** A labelled form control. */
export function field(label, control, hint) {
  if (!control.id) control.id = 'f-' + Math.random().toString(36).slice(2, 9);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control,
    hint ? h('small', { class: 'muted' }, hint) : null);
}

/** Shallow copy of location.hash query: #/path?x=1 → { path: '/path', params: URLSearchParams }. */
export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '') || '/dashboard';
  const [path, query] = raw.split('?');
  return { path, params: new URLSearchParams(query ?? '') };
}

export function setHashQuery(path, values) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, value);
  }
  const query = params.toString();
  const next = '#' + path + (query ? '?' + query : '');
  if (location.hash !== next) history.replaceState(null, '', next);
}
