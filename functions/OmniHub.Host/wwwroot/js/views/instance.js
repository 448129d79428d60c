// One orchestration instance: status, input/output/custom status, history table, timeline, actions.
import { getInstance, instancePath, request } from '../api.js';
import { ago, clear, confirmDialog, duration, facts, field, h, instanceLink, jsonBlock, loading, okBox, orderLink, pick, problemBox, runtimeStatusName, section, statusBadge, table, text, time } from '../dom.js';
import { linkScheduled, normaliseEvent, timeline } from '../timeline.js';

const TERMINAL = ['Completed', 'Failed', 'Terminated', 'Canceled'];

export async function render(container, { id, isCurrent }) {
  const head = h('div', { class: 'page-head' },
    h('h1', null, 'Instance'), h('span', { class: 'mono' }, id), h('span', { class: 'spacer' }),
    h('a', { href: '#/instances' }, '← All instances'));
  const result = h('div', { id: 'action-result' });
  const autoToggle = h('input', { type: 'checkbox', id: 'detail-auto-refresh' });
  head.insertBefore(h('label', { class: 'checks', for: 'detail-auto-refresh' }, autoToggle, 'Auto-refresh (5 s)'), head.lastChild);
  let timer = null;
  autoToggle.addEventListener('change', () => {
    if (timer) clearInterval(timer);
    timer = autoToggle.checked ? setInterval(() => { if (!document.querySelector('dialog[open]')) refresh(); }, 5000) : null;
  });
  const body = h('div', null, loading());
  container.append(head, result, body);

  let shown = null;

  async function refresh() {
    let data;
    try {
      data = await getInstance(id);
    } catch (error) {
      if (!isCurrent()) return null;
      clear(body).appendChild(problemBox(error));
      return null;
    }
    if (!isCurrent()) return null;
    shown = data;
    clear(body).append(...content(data));
    return data;
  }

  /**
   * Management actions answer 202 and apply asynchronously: re-read until the runtime status changes, for up to
   * ~10 s (a raised event may legitimately leave the status as it is).
   */
  async function refreshUntilChanged() {
    const before = shown ? runtimeStatusName(pick(shown, 'runtimeStatus')) : null;
    for (let attempt = 0; attempt < 14; attempt += 1) {
      const data = await refresh();
      if (!data || !isCurrent()) return;
      if (runtimeStatusName(pick(data, 'runtimeStatus')) !== before) return;
      await new Promise((resolve) => setTimeout(resolve, 700));
    }
  }

  function content(data) {
    const status = runtimeStatusName(pick(data, 'runtimeStatus'));
    const events = linkScheduled((pick(data, 'historyEvents') ?? []).map(normaliseEvent));
    const created = pick(data, 'createdTime');
    const updated = pick(data, 'lastUpdatedTime');
    const end = TERMINAL.includes(status) && updated ? new Date(updated) : new Date();
    const subs = [...new Set(events.filter((e) => e.type.startsWith('SubOrchestration') && e.instanceId).map((e) => e.instanceId))];
    const orderId = String(id).startsWith('order:') ? id : undefined;

    const summary = section('Status',
      facts([
        ['Runtime status', h('span', { id: 'runtime-status' }, statusBadge(status))],
        ['Orchestrator', pick(data, 'name')],
        ['Instance id', h('span', { class: 'mono' }, text(pick(data, 'instanceId') ?? id))],
        ['Created', time(created)],
        ['Last updated', `${time(updated)} (${ago(updated)})`],
        ['Running for', created && updated ? duration(new Date(updated) - new Date(created)) : undefined],
        ['Order', orderId ? orderLink(orderId, 'Open order view') : undefined],
        ['Sub-orchestrations', subs.length ? h('ul', { class: 'plain' }, subs.map((s) => h('li', null, instanceLink(s)))) : undefined],
      ]),
      actions(status));

    const payloads = h('div', { class: 'cols' },
      section('Input', jsonBlock(pick(data, 'input'), 'Input')),
      section('Custom status', jsonBlock(pick(data, 'customStatus'), 'Custom status')),
      section('Output', jsonBlock(pick(data, 'output'), 'Output')));

    const history = section('History', h('div', { class: 'table-wrap' },
      table([
        { label: '#', class: 'num', value: (e) => String(e.eventId ?? e.index) },
        { label: 'Time (UTC)', value: (e) => h('span', { class: 'nowrap mono' }, e.timestamp ? e.timestamp.toISOString().slice(11, 23) : '—') },
        { label: 'Event', value: (e) => e.type },
        { label: 'Name', value: (e) => e.name },
        { label: 'Scheduled', value: (e) => e.scheduled ? e.scheduled.toISOString().slice(11, 23) : undefined },
        { label: 'Duration', class: 'num', value: (e) => e.scheduled && e.timestamp ? duration(e.timestamp - e.scheduled) : undefined },
        { label: 'Sub-instance', value: (e) => e.instanceId ? instanceLink(e.instanceId) : undefined },
        { label: 'Detail', class: 'detail', value: (e) => detail(e) },
      ], events, { label: 'History events', empty: 'No history returned.' })));

    return [
      summary,
      section('Timeline', events.length ? timeline(events, { end }) : h('p', { class: 'muted' }, 'No history returned.')),
      payloads,
      history,
    ];
  }

  function detail(e) {
    const value = e.result ?? e.input ?? e.reason ?? (e.fireAt ? 'fires at ' + e.fireAt.toISOString() : undefined) ?? e.status;
    if (value === undefined || value === null || value === '') return undefined;
    const s = typeof value === 'string' ? value : JSON.stringify(value);
    if (s.length <= 90) return h('span', { class: 'mono' }, s);
    return h('details', null, h('summary', { class: 'mono' }, s.slice(0, 80) + '…'), jsonBlock(value));
  }

  function actions(status) {
    const running = ['Running', 'Pending'].includes(status);
    const terminal = TERMINAL.includes(status);
    return h('div', { class: 'actions', role: 'group', 'aria-label': 'Instance actions' },
      h('button', { type: 'button', class: 'btn', onclick: raise, disabled: terminal }, 'Raise event…'),
      h('button', { type: 'button', class: 'btn', onclick: () => simple('suspend', 'Suspend'), disabled: !running }, 'Suspend…'),
      h('button', { type: 'button', class: 'btn', onclick: () => simple('resume', 'Resume'), disabled: status !== 'Suspended' }, 'Resume…'),
      h('button', { type: 'button', class: 'btn', onclick: () => simple('rewind', 'Rewind'), disabled: status !== 'Failed' }, 'Rewind…'),
      h('button', { type: 'button', class: 'btn', onclick: restart }, 'Restart…'),
      h('button', { type: 'button', class: 'btn danger', onclick: terminate, disabled: terminal }, 'Terminate…'),
      h('button', { type: 'button', class: 'btn danger', onclick: purge }, 'Purge…'));
  }

  async function act(label, method, path, options) {
    clear(result);
    try {
      const answer = await request(method, path, options);
      result.appendChild(okBox(`${label}: ${answer.status} ${answer.status === 202 ? 'Accepted' : 'OK'}`, answer.data));
      return answer;
    } catch (error) {
      result.appendChild(problemBox(error));
      return null;
    } finally {
      await refreshUntilChanged();
    }
  }

  function reasonField() {
    return field('Reason', h('input', { type: 'text', name: 'reason', placeholder: 'Why (kept in the history)' }));
  }

  async function raise() {
    const payload = h('textarea', { name: 'payload', rows: 6, spellcheck: 'false' }, '{}');
    const form = await confirmDialog({
      title: 'Raise event',
      message: `Sends an external event to ${id}.`,
      confirmLabel: 'Raise event',
      fields: [
        field('Event name', h('input', { type: 'text', name: 'eventName', required: true, autocomplete: 'off' })),
        field('Payload (JSON)', payload, 'Any JSON value; empty means null.'),
      ],
    });
    if (!form) return;
    const text = String(form.get('payload') ?? '').trim() || 'null';
    try {
      JSON.parse(text);
    } catch (error) {
      clear(result).appendChild(problemBox({ message: `The payload is not valid JSON: ${error.message}` }));
      return;
    }
    await act('Raise event', 'POST', `${instancePath(id)}/raiseEvent/${encodeURIComponent(form.get('eventName'))}`, { body: text });
  }

  async function simple(verb, label) {
    const form = await confirmDialog({ title: `${label} instance`, message: `${label} ${id}?`, confirmLabel: label, fields: [reasonField()] });
    if (!form) return;
    await act(label, 'POST', `${instancePath(id)}/${verb}`, { query: { reason: form.get('reason') } });
  }

  async function terminate() {
    const form = await confirmDialog({
      title: 'Terminate instance', danger: true, confirmLabel: 'Terminate',
      message: `Terminate ${id}? The orchestration stops and cannot continue.`,
      fields: [reasonField(), h('label', { class: 'checks' }, h('input', { type: 'checkbox', name: 'recursive', value: 'true' }), 'Also terminate its sub-orchestrations')],
    });
    if (!form) return;
    await act('Terminate', 'POST', `${instancePath(id)}/terminate`, { query: { reason: form.get('reason'), recursive: form.get('recursive') ? 'true' : undefined } });
  }

  async function restart() {
    const form = await confirmDialog({
      title: 'Restart instance', confirmLabel: 'Restart',
      message: `Start ${id} again with its original input?`,
      fields: [h('label', { class: 'checks' }, h('input', { type: 'checkbox', name: 'newId', value: 'true', checked: true }), 'Use a new instance id')],
    });
    if (!form) return;
    const answer = await act('Restart', 'POST', `${instancePath(id)}/restart`, { query: { restartWithNewInstanceId: form.get('newId') ? 'true' : 'false' } });
    const newId = answer?.data && pick(answer.data, 'id', 'instanceId');
    if (newId && newId !== id) result.appendChild(h('p', null, 'New run: ', instanceLink(newId)));
  }

  async function purge() {
    const form = await confirmDialog({
      title: 'Purge instance', danger: true, confirmLabel: 'Purge',
      message: `Delete ${id} and its history from the task hub? This cannot be undone.`,
    });
    if (!form) return;
    clear(result);
    try {
      const answer = await request('DELETE', instancePath(id));
      result.appendChild(okBox(`Purge: ${answer.status}`, answer.data));
      clear(body).appendChild(h('p', null, 'The instance was purged. ', h('a', { href: '#/instances' }, 'Back to instances')));
    } catch (error) {
      result.appendChild(problemBox(error));
    }
  }

  await refresh();
  return () => {
    if (timer) clearInterval(timer);
  };
}
