// Dashboard: orders per minute per channel (stacked), ingest-to-dispatch latency percentiles, open exceptions,
// instances by status. Charts by the vendored Chart.js (lib/chart.js).
import { ops } from '../api.js';
import { clear, duration, field, h, pick, problemBox, text } from '../dom.js';

const REFRESH_MS = 10000;
const CHANNEL_COLOURS = ['#4f7fe0', '#e0894f', '#4fae7f', '#a070d0', '#d0b040', '#5bb6c8', '#c8607a'];
const STATUS_COLOURS = {
  Running: '#4f7fe0', Pending: '#9aa6b5', Suspended: '#d99a2b', Completed: '#3a9a5b', Failed: '#d9534f',
  Terminated: '#7b5bb8', ContinuedAsNew: '#3aa6a6', Canceled: '#b5bcc6',
};

export async function render(container) {
  const minutes = h('select', { name: 'minutes' }, [15, 60, 240, 1440].map((m) => h('option', { value: m, selected: m === 60 }, m < 60 ? `${m} min` : `${m / 60} h`)));
  const stamp = h('span', { class: 'muted', role: 'status' });
  const error = h('div');
  const boxes = {
    orders: chartPanel('Orders per minute by channel', 'orders'),
    latency: chartPanel('Ingest to dispatch latency', 'latency'),
    exceptions: chartPanel('Open exceptions by kind', 'exceptions'),
    instances: chartPanel('Instances by status', 'instances'),
  };
  container.append(
    h('div', { class: 'page-head' }, h('h1', null, 'Dashboard'), h('span', { class: 'spacer' }), stamp, field('Window', minutes)),
    error,
    h('div', { class: 'charts' }, Object.values(boxes).map((b) => b.panel)));
  const charts = {};

  function chartPanel(title, key) {
    const id = `chart-${key}`;
    const canvas = h('canvas', { id, role: 'img', 'aria-label': title });
    const summary = h('div', { class: 'stat-row' });
    const panel = h('section', { class: 'panel', 'aria-labelledby': id + '-title' }, h('h2', { id: id + '-title' }, title), summary, h('div', { class: 'chart-box' }, canvas));
    return { panel, canvas, summary };
  }

  function stat(label, value) {
    return h('div', { class: 'stat', dataset: { stat: label } }, h('span', { class: 'value' }, value), h('span', { class: 'label' }, label));
  }

  function draw(key, config) {
    if (!window.Chart) return;
    if (charts[key]) {
      charts[key].data = config.data;
      charts[key].update('none');
      return;
    }
    charts[key] = new window.Chart(boxes[key].canvas, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } }, ...config.options },
    });
  }

  /** Every minute of the window (UTC, yyyy-mm-ddThh:mm), so quiet minutes show as gaps rather than vanish. */
  function windowMinutes(points) {
    const now = Math.floor(Date.now() / 60000) * 60000;
    const seen = points.map((p) => minuteKey(pick(p, 'minute'))).filter(Boolean).sort();
    let start = now - (Number(minutes.value) - 1) * 60000;
    if (seen.length && Date.parse(seen[0] + ':00Z') < start) start = Date.parse(seen[0] + ':00Z');
    const keys = [];
    for (let t = start; t <= Math.max(now, seen.length ? Date.parse(seen[seen.length - 1] + ':00Z') : now) && keys.length < 1440; t += 60000) {
      keys.push(new Date(t).toISOString().slice(0, 16));
    }
    return keys;
  }

  function minuteKey(value) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 16);
  }

  function ordersChart(points) {
    const minutesSeen = windowMinutes(points);
    const channels = [...new Set(points.map((p) => pick(p, 'channel')))].sort();
    const counts = new Map();
    for (const p of points) {
      const k = `${minuteKey(pick(p, 'minute'))}|${pick(p, 'channel')}`;
      counts.set(k, (counts.get(k) ?? 0) + Number(pick(p, 'count') ?? 0));
    }
    const total = points.reduce((s, p) => s + Number(pick(p, 'count') ?? 0), 0);
    clear(boxes.orders.summary).append(stat('orders in window', String(total)), stat('channels', String(channels.length)));
    draw('orders', {
      type: 'bar',
      data: {
        labels: minutesSeen.map((m) => m.slice(11, 16)),
        datasets: channels.map((c, i) => ({ label: c, data: minutesSeen.map((m) => counts.get(`${m}|${c}`) ?? 0), backgroundColor: CHANNEL_COLOURS[i % CHANNEL_COLOURS.length] })),
      },
      options: { scales: { x: { stacked: true, ticks: { maxTicksLimit: 12 } }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function latencyChart(value) {
    const p = value ?? {};
    clear(boxes.latency.summary).append(
      stat('p50', duration(pick(p, 'p50'))), stat('p90', duration(pick(p, 'p90'))), stat('p99', duration(pick(p, 'p99'))),
      stat('orders measured', text(pick(p, 'count'))));
    draw('latency', {
      type: 'bar',
      data: { labels: ['p50', 'p90', 'p99'], datasets: [{ label: 'milliseconds', data: [pick(p, 'p50'), pick(p, 'p90'), pick(p, 'p99')].map((v) => Number(v ?? 0)), backgroundColor: ['#8fb0ef', '#4f7fe0', '#2a4fa8'] }] },
      options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, title: { display: true, text: 'ms' } } } },
    });
  }

  function countsChart(key, value, colours, linkBase) {
    const entries = Object.entries(value ?? {}).filter(([, n]) => Number(n) > 0);
    const total = entries.reduce((s, [, n]) => s + Number(n), 0);
    clear(boxes[key].summary).append(stat('total', String(total)),
      ...entries.map(([k, n]) => h('a', { class: 'stat', href: linkBase(k) }, h('span', { class: 'value' }, String(n)), h('span', { class: 'label' }, k))));
    if (total === 0) boxes[key].summary.appendChild(h('p', { class: 'muted' }, 'None at the moment.'));
    draw(key, {
      type: 'doughnut',
      data: { labels: entries.map(([k]) => k), datasets: [{ data: entries.map(([, n]) => Number(n)), backgroundColor: entries.map(([k], i) => colours[k] ?? CHANNEL_COLOURS[i % CHANNEL_COLOURS.length]) }] },
      options: { plugins: { legend: { position: 'right' } } },
    });
  }

  async function load() {
    try {
      const data = await ops('/dashboard', { query: { minutes: minutes.value } });
      clear(error);
      ordersChart(pick(data, 'ordersPerMinute') ?? []);
      latencyChart(pick(data, 'ingestToDispatchMs'));
      countsChart('exceptions', pick(data, 'openExceptions'), {}, (k) => `#/exceptions?kind=${encodeURIComponent(k)}`);
      countsChart('instances', pick(data, 'instances'), STATUS_COLOURS, (k) => `#/instances?status=${encodeURIComponent(k)}`);
      stamp.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (failure) {
      clear(error).appendChild(problemBox(failure));
    }
  }

  minutes.addEventListener('change', load);
  await load();
  const timer = setInterval(load, REFRESH_MS);
  return () => {
    clearInterval(timer);
    for (const chart of Object.values(charts)) chart.destroy();
  };
}
