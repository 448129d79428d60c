// History normalisation and an SVG Gantt of an orchestration's history.
import { duration, h, maybeJson, parseTime, pick, svg } from './dom.js';

/** Brings a history event from the Durable Functions shape (PascalCase, compacted) or the engine shape to one form. */
export function normaliseEvent(raw, index) {
  const type = String(pick(raw, 'eventType', 'EventType') ?? 'Unknown');
  const failure = pick(raw, 'failure', 'Failure', 'failureDetails', 'FailureDetails');
  return {
    index,
    raw,
    type: typeof type === 'number' ? String(type) : type,
    timestamp: parseTime(pick(raw, 'timestamp', 'Timestamp')),
    scheduled: parseTime(pick(raw, 'scheduledTime', 'ScheduledTime')),
    name: pick(raw, 'name', 'Name', 'functionName', 'FunctionName'),
    eventId: pick(raw, 'eventId', 'EventId'),
    taskId: pick(raw, 'taskScheduledId', 'TaskScheduledId', 'timerId', 'TimerId', 'taskId', 'TaskId'),
    instanceId: pick(raw, 'instanceId', 'InstanceId', 'subOrchestrationInstanceId'),
    fireAt: parseTime(pick(raw, 'fireAt', 'FireAt')),
    input: maybeJson(pick(raw, 'input', 'Input')),
    result: maybeJson(pick(raw, 'result', 'Result', 'output', 'Output')),
    reason: pick(raw, 'reason', 'Reason', 'details', 'Details')
      ?? (failure ? pick(failure, 'errorMessage', 'ErrorMessage', 'message') : undefined),
    status: pick(raw, 'orchestrationStatus', 'OrchestrationStatus'),
  };
}

const KIND_COLOURS = {
  activity: '#4f7fe0',
  failed: '#d9534f',
  sub: '#8a63d2',
  timer: '#c98a1b',
  open: '#9aa6b5',
};

/**
 * Spans: activities (scheduled → completed/failed), sub-orchestrations (created → completed/failed) and timers
 * (created → fired), from events already paired by linkScheduled. Scheduling events without a completion run to
 * `end` and are drawn hatched.
 */
export function buildSpans(events, end) {
  const spans = [];
  for (const e of events) {
    const kind = kindOf(e.type);
    if (!kind) continue;
    if (SCHEDULING.test(e.type)) {
      if (!e.completed) {
        const until = kind === 'timer' && e.fireAt && e.fireAt < end ? e.fireAt : end;
        spans.push({ label: kind === 'timer' ? 'timer' : e.name ?? kind, start: e.timestamp, end: until, kind: kind === 'task' ? 'activity' : kind, instanceId: e.instanceId, unfinished: true });
      }
      continue;
    }
    spans.push({
      label: kind === 'timer' ? 'timer' : e.name ?? (kind === 'sub' ? 'sub-orchestration' : 'activity'),
      start: e.scheduled ?? e.timestamp,
      end: e.timestamp,
      kind: /Failed$/.test(e.type) ? 'failed' : kind === 'task' ? 'activity' : kind,
      instanceId: e.instanceId,
    });
  }
  return spans.filter((x) => x.start && x.end).sort((a, b) => a.start - b.start);
}

/** Point markers: start, raised events, completion, termination, suspension, rewind. */
function markers(events) {
  const wanted = /^(ExecutionStarted|EventRaised|ExecutionCompleted|ExecutionFailed|ExecutionTerminated|ExecutionSuspended|ExecutionResumed|ExecutionRewound|ContinueAsNew)$/;
  return events.filter((e) => wanted.test(e.type) && e.timestamp).map((e) => ({ at: e.timestamp, type: e.type, name: e.name }));
}

export function timeline(events, { end = new Date() } = {}) {
  const spans = buildSpans(events, end);
  const points = markers(events);
  const times = [...spans.flatMap((s) => [s.start, s.end]), ...points.map((p) => p.at)].map((d) => d.getTime());
  if (times.length === 0) return h('p', { class: 'muted' }, 'No timed history events.');
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const labelWidth = 200;
  const width = 1100;
  const plot = width - labelWidth - 20;
  const row = 20;
  const top = 26;
  const height = top + (spans.length + 1) * row + 10;
  const x = (d) => labelWidth + ((d.getTime() - t0) / (t1 - t0)) * plot;

  const nodes = [];
  nodes.push(svg('defs', null, svg('pattern', { id: 'hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
    svg('rect', { width: 6, height: 6, fill: '#c8ced8' }), svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#9aa6b5', 'stroke-width': 3 }))));
  for (let i = 0; i <= 5; i += 1) {
    const tx = labelWidth + (plot * i) / 5;
    nodes.push(svg('line', { x1: tx, x2: tx, y1: top - 6, y2: height - 6, class: 'tick' }));
    nodes.push(svg('text', { x: tx, y: 14, 'text-anchor': i === 0 ? 'start' : i === 5 ? 'end' : 'middle', class: 'axis' }, '+' + duration(((t1 - t0) * i) / 5)));
  }
  nodes.push(svg('text', { x: 4, y: top + row * 0.7, class: 'lane-label' }, 'orchestration'));
  for (const p of points) {
    const colour = /Failed|Terminated/.test(p.type) ? KIND_COLOURS.failed : p.type === 'EventRaised' ? '#1a7f37' : '#4d5562';
    const px = x(p.at);
    nodes.push(svg('g', null,
      svg('title', null, `${p.type}${p.name ? ' ' + p.name : ''} at ${p.at.toISOString()}`),
      svg('path', { d: `M${px} ${top + 3} l5 6 l-5 6 l-5 -6 z`, fill: colour })));
  }
  spans.forEach((s, i) => {
    const y = top + (i + 1) * row;
    const sx = x(s.start);
    const w = Math.max(2, x(s.end) - sx);
    const label = s.label.length > 28 ? s.label.slice(0, 27) + '…' : s.label;
    const text = svg('text', { x: 4, y: y + row * 0.7, class: 'lane-label' }, label);
    const bar = svg('rect', {
      x: sx, y: y + 3, width: w, height: row - 7, rx: 2,
      fill: s.unfinished ? 'url(#hatch)' : KIND_COLOURS[s.kind],
    });
    const title = svg('title', null, `${s.label}: ${duration(s.end - s.start)}${s.unfinished ? ' (not finished)' : ''}`);
    if (s.instanceId) {
      const a = svg('a', { href: '#/instances/' + encodeURIComponent(s.instanceId) }, title, text, bar);
      nodes.push(a);
    } else {
      nodes.push(svg('g', null, title, text, bar));
    }
  });
  const chart = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Timeline of ${spans.length} spans over ${duration(t1 - t0)}` }, nodes);
  const legend = h('div', { class: 'legend', 'aria-hidden': 'true' },
    h('span', null, h('i', { style: `background:${KIND_COLOURS.activity}` }), 'activity'),
    h('span', null, h('i', { style: `background:${KIND_COLOURS.sub}` }), 'sub-orchestration'),
    h('span', null, h('i', { style: `background:${KIND_COLOURS.timer}` }), 'timer'),
    h('span', null, h('i', { style: `background:${KIND_COLOURS.failed}` }), 'failed'),
    h('span', null, h('i', { style: 'background:#9aa6b5' }), 'not finished'),
    h('span', null, '◆ start, events, end'));
  return h('div', { class: 'timeline' }, chart, legend);
}

const SCHEDULING = /^(TaskScheduled|SubOrchestrationInstanceCreated|TimerCreated)$/;

function kindOf(type) {
  if (/^Task(Scheduled|Completed|Failed)$/.test(type)) return 'task';
  if (/^SubOrchestrationInstance(Created|Completed|Failed)$/.test(type)) return 'sub';
  if (/^Timer(Created|Fired)$/.test(type)) return 'timer';
  return null;
}

/**
 * Pairs completions (task, sub-orchestration, timer) with their scheduling events: a completion's TaskScheduledId is
 * the scheduling event's task id when scheduling events carry one (the embedded engine), else its EventId (Durable
 * Task Framework). Completions get the scheduling time, name and
 * sub-instance id when missing; scheduling events learn they completed.
 */
export function linkScheduled(events) {
  const byEvent = new Map();
  const byTask = new Map();
  for (const e of events) {
    const kind = kindOf(e.type);
    if (kind && SCHEDULING.test(e.type)) {
      if (e.eventId !== undefined) byEvent.set(`${kind}:${e.eventId}`, e);
      if (e.taskId !== undefined) byTask.set(`${kind}:${e.taskId}`, e);
    }
  }
  for (const e of events) {
    const kind = kindOf(e.type);
    if (!kind || SCHEDULING.test(e.type) || e.taskId === undefined) continue;
    const origin = byTask.get(`${kind}:${e.taskId}`) ?? byEvent.get(`${kind}:${e.taskId}`);
    if (!origin || origin.completed) continue;
    origin.completed = true;
    e.scheduled = e.scheduled ?? origin.timestamp;
    e.name = e.name ?? origin.name;
    e.instanceId = e.instanceId ?? origin.instanceId;
  }
  return events;
}
